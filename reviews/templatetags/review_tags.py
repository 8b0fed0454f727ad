from django import template
from django.urls import reverse

from reviews import navigation
from reviews.report import money

register = template.Library()


@register.simple_tag(takes_context=True)
def review_sections(context, review):
    match = context["request"].resolver_match
    current = match.url_name if match else None
    user = context["request"].user
    return [
        {
            "label": label,
            "url": reverse(name, kwargs={"slug": review.slug}),
            "current": current in names and match.namespace == name.split(":")[0],
        }
        for label, name, names, *rule in navigation.SECTIONS
        if not rule or getattr(review, rule[0])(user)
    ]


@register.filter
def index(container, key):
    """`list|index:0` or `dict|index:"name"` in templates."""
    try:
        return container[key]
    except (IndexError, KeyError, TypeError):
        return ""


register.filter("money", money)


@register.filter
def progress(review):
    """The review's task list (needs a review annotated by `with_progress_counts`)."""
    from reviews.progress import review_tasks

    return review_tasks(review)
