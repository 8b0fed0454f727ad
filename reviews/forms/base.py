"""What every form here shares: GOV.UK Design System rendering, date fields with the
usual hint, and error messages in GOV.UK style, derived in one place from each
field's label ("Enter short title", "Select type of meeting", "Meeting date must
be a real date") unless a form says something more specific."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models.fields import BLANK_CHOICE_DASH

DATE_HINT = "For example, 27 2 2023"

# Django's own wording, which says nothing about which field or what to do.
DJANGO_DEFAULTS = {
    "required": str(forms.Field.default_error_messages["required"]),
    "invalid_number": str(forms.IntegerField.default_error_messages["invalid"]),
}
BLANK_LABEL = BLANK_CHOICE_DASH[0][1]


def _lower_first(label):
    """'Short title' → 'short title', but 'PDF file' stays as it is."""
    label = str(label).rstrip("?:. ")
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _is_choice(field):
    return isinstance(field, (forms.ChoiceField, forms.ModelChoiceField, forms.FileField))


class DateField(DateInputField):
    """crispy-forms-gds's day, month and year field, saying what GOV.UK says of a date
    that is missing, incomplete or does not exist ("Date agreed must be a real date",
    not Python's "day is out of range for month"), and for numbers too big to be a
    date too (no server error)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        label = str(self.label)
        real = f"{label} must be a real date"
        self.error_messages["required"] = f"Enter {_lower_first(label)}"
        self.error_messages["incomplete"] = f"{label} must include a day, month and year"
        for part, name in zip(self.fields, ("day", "month", "year"), strict=True):
            part.error_messages["incomplete"] = f"{label} must include a {name}"
            part.validators = [RegexValidator(r"^\s*[0-9]+\s*$", real)]

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except (ValidationError, OverflowError):
            raise ValidationError(
                "%(label)s must be a real date", code="invalid_date", params={"label": self.label}
            ) from None


def date_field(label, required=False, help_text=DATE_HINT):
    return DateField(label=label, required=required, help_text=help_text)


class TimeField(forms.TimeField):
    """A time typed as people write it: 10am, 2:30pm, 14:30 or 14.30."""

    input_formats = ["%H:%M", "%H.%M", "%I%p", "%I:%M%p", "%I.%M%p"]

    def __init__(self, *, label, **kwargs):
        super().__init__(label=label, required=False, **kwargs)
        name = str(label).removesuffix(" (optional)")
        self.error_messages["invalid"] = f"{name} must be a real time, like 10am or 2:30pm"
        self.widget.attrs.setdefault("class", "govuk-input--width-5")

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().lower().replace(" ", "")
            value = {"midday": "12pm", "noon": "12pm", "midnight": "12am"}.get(value, value)
        return super().to_python(value)


def time_field(label, help_text="For example, 10am or 2:30pm"):
    return TimeField(label=label, help_text=help_text)


def govuk_messages(field):
    """Replace Django's generic messages on `field` with ones naming it, and take the
    '---------' choice out of radios (a radio is left unchosen instead)."""
    label = str(field.label or "")
    if not label or isinstance(field, DateInputField):
        return
    messages = field.error_messages
    verb = "Select" if _is_choice(field) else "Enter"
    if messages.get("required") == DJANGO_DEFAULTS["required"]:
        what = "a file" if isinstance(field, forms.FileField) else _lower_first(label)
        messages["required"] = f"{verb} {what}"
    if str(messages.get("invalid_choice", "")).startswith("Select a valid choice"):
        messages["invalid_choice"] = f"Select {_lower_first(label)} from the list"
        if "invalid_pk_value" in messages:
            messages["invalid_pk_value"] = messages["invalid_choice"]
    if (
        isinstance(field, forms.IntegerField)
        and messages.get("invalid") == (DJANGO_DEFAULTS["invalid_number"])
    ):
        messages["invalid"] = f"{label} must be a whole number, like 12"
    if isinstance(field, forms.CharField) and field.max_length:
        messages["max_length"] = f"{label} must be {field.max_length} characters or fewer"
    if isinstance(field.widget, forms.RadioSelect):
        _without_blank_radio(field)


def _without_blank_radio(field):
    if isinstance(field, forms.ModelChoiceField):
        field.empty_label = None
    elif isinstance(field, forms.ChoiceField):
        field.choices = [c for c in field.choices if c[1] != BLANK_LABEL]


class GovUKFormMixin:
    """Render with crispy-forms-gds; the page template supplies <form> and buttons.
    Every field's messages follow GOV.UK style (`govuk_messages`); a field that sets
    its own `error_messages` keeps them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            govuk_messages(field)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.label_size = "s"
        self.helper.legend_size = "s"
