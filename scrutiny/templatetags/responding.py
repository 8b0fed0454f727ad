"""A responding body's due date and period for one review, in templates:
`{{ body|due_for:review }}`, `{{ body|period_for:review }}`."""

from django import template

register = template.Library()


@register.filter
def due_for(responding_body, review):
    return responding_body.response_due_on(review)


@register.filter
def period_for(responding_body, review):
    return responding_body.period_label(review)
