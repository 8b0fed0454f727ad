"""What every form here shares: GOV.UK Design System rendering, and date fields
with the usual hint."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper

DATE_HINT = "For example, 27 2 2023"


def date_field(label, required=False, help_text=DATE_HINT):
    return DateInputField(label=label, required=required, help_text=help_text)


class GovUKFormMixin:
    """Render with crispy-forms-gds; the page template supplies <form> and buttons."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.label_size = "s"
        self.helper.legend_size = "s"
