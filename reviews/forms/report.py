"""Forms for the report: authored sections, and the publisher's steps (the Panel's
agreement, presentation to the Commissioner, publication). Input checks only; the
state rules live in the model methods and `reviews.publishing`."""

from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import ValidationError

from reviews.forms.base import GovUKFormMixin, date_field
from reviews.forms.readiness import ConfirmWarningsMixin
from reviews.models import ReportSection
from scrutiny.models import RESPONSE_PERIOD_MAX_MONTHS, RESPONSE_PERIOD_MIN_MONTHS

MARKDOWN_HINT = (
    "Printed exactly as written. Leave a blank line between paragraphs. A paragraph is "
    "numbered only if you type its number at its start, for example “3.1 The working "
    "group met…”; other paragraphs print unnumbered. Start a line with “- ” for a bullet "
    "list, “1. ” for a numbered list, “## ” for a subheading; end a line with two spaces "
    "to keep the line break. *Italic*, **bold**, [link text](https://example.org) and "
    "tables (rows of cells between | bars) also work. Other formatting is removed."
)


class ReportSectionForm(GovUKFormMixin, forms.ModelForm):
    """A section whose title the report fixes: only its text is written here."""

    class Meta:
        model = ReportSection
        fields = ["body"]
        labels = {"body": "Text"}
        help_texts = {"body": MARKDOWN_HINT}
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}


class OtherSectionForm(GovUKFormMixin, forms.ModelForm):
    """Any further section: its title and text. A title that matches one of the
    numbered sections ("Key Lines of Enquiry") adds the text to that section."""

    class Meta:
        model = ReportSection
        fields = ["title", "body"]
        labels = {"title": "Section title", "body": "Text"}
        help_texts = {
            "title": (
                "Printed as a numbered section after the recommendations. To add "
                "paragraphs to one of the standard sections instead, use its title, "
                "for example “Key Lines of Enquiry”."
            ),
            "body": MARKDOWN_HINT,
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError("Enter a title for the section.", code="required")
        return title


class AgreementForm(GovUKFormMixin, forms.Form):
    agreed_on = date_field("Date the Panel agreed the final report", required=True)
    meeting = forms.CharField(
        label="Meeting",
        max_length=255,
        help_text="For example, Police, Fire and Crime Panel, 12 September 2024.",
    )


class PresentationForm(GovUKFormMixin, forms.Form):
    presented_on = date_field("Date the final report was sent to the Commissioner", required=True)
    response_period_months = forms.IntegerField(
        label="Response period in months",
        min_value=RESPONSE_PERIOD_MIN_MONTHS,
        max_value=RESPONSE_PERIOD_MAX_MONTHS,
        required=False,
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        default = review.body.default_response_period_months
        self.fields["response_period_months"].help_text = (
            f"The period the Panel set for the Commissioner's written response. Leave blank "
            f"for the Panel's usual {default} months."
        )


class PublishForm(GovUKFormMixin, ConfirmWarningsMixin, forms.Form):
    correction_reason = forms.CharField(
        label="What has been corrected, and why",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown publicly beside the corrected report.",
    )

    def __init__(self, *args, is_correction, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_correction = is_correction
        if not is_correction:
            del self.fields["correction_reason"]
            # The helper laid out every field before this one was removed.
            self.helper.layout = Layout(*self.fields)

    def clean_correction_reason(self):
        reason = self.cleaned_data.get("correction_reason", "").strip()
        if self.is_correction and not reason:
            raise ValidationError(
                "Say what has been corrected and why: it is published with the report.",
                code="required",
            )
        return reason
