from django import forms, template

from scrutiny.partial_dates import as_known

register = template.Library()


@register.filter
def error_anchor(bound_field, field_id):
    """The id the error summary should link to for this field.

    crispy-forms-gds numbers radio and checkbox inputs from 1 (`id_x_1`) while its
    error summary links to `id_x`, which does not exist; link to the first input.
    """
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"id_{bound_field.html_name}_1"
    return field_id


# "25 April 2023", "May 2023", "2017": a date printed as known (scrutiny.partial_dates).
register.filter("known_date", as_known)
