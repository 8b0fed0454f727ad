"""What every form here shares: GOV.UK Design System rendering, and date fields
with the usual hint."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from django.core.exceptions import ValidationError

DATE_HINT = "For example, 27 2 2023"


class DateField(DateInputField):
    """crispy-forms-gds's day, month and year field, saying what GOV.UK says of a date
    that does not exist ("Date agreed must be a real date", not Python's "day is out of
    range for month"), and for numbers too big to be a date too (no server error)."""

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except (ValidationError, OverflowError):
            raise ValidationError(
                "%(label)s must be a real date", code="invalid_date", params={"label": self.label}
            ) from None


def date_field(label, required=False, help_text=DATE_HINT):
    return DateField(label=label, required=required, help_text=help_text)


class GovUKFormMixin:
    """Render with crispy-forms-gds; the page template supplies <form> and buttons."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.label_size = "s"
        self.helper.legend_size = "s"
