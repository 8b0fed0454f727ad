"""Forms for what a review found: information identified, and conclusions, each
linked to the evidence it is drawn from."""

from django import forms

from reviews.forms.base import GovUKFormMixin
from reviews.models import Conclusion, Evidence, Finding


class LinkedToEvidenceMixin(GovUKFormMixin):
    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.review = review
        if "evidence" in self.fields:
            self.fields["evidence"].queryset = Evidence.objects.filter(review=review)
            self.fields["evidence"].help_text = "The evidence this is drawn from."
        if "findings" in self.fields:
            self.fields["findings"].queryset = review.findings.all()


class FindingForm(LinkedToEvidenceMixin, forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["text", "evidence"]
        labels = {"text": "Information identified"}
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.CheckboxSelectMultiple,
        }


class ConclusionForm(LinkedToEvidenceMixin, forms.ModelForm):
    class Meta:
        model = Conclusion
        fields = ["text", "evidence", "findings"]
        labels = {"text": "Conclusion", "findings": "Information identified it rests on"}
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.CheckboxSelectMultiple,
            "findings": forms.CheckboxSelectMultiple,
        }
