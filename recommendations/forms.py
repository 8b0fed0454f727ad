from django import forms
from django.core.exceptions import ValidationError

from recommendations.models import Recommendation
from reviews.forms import GovUKFormMixin


class RecommendationForm(GovUKFormMixin, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["number", "reason", "text", "addressee", "addressee_other", "conclusions"]
        labels = {
            "number": "Number",
            "reason": "Reason",
            "text": "Recommendation",
            "addressee": "Who is it addressed to?",
            "addressee_other": "If another body, which one",
            "conclusions": "Conclusions it follows from",
        }
        help_texts = {
            "reason": "Printed before the recommendation, for example 'The importance of …'",
            "text": "For example, 'That the PFCC review how data is recorded …'",
        }
        widgets = {
            "number": forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
            "reason": forms.Textarea(attrs={"rows": 3}),
            "text": forms.Textarea(attrs={"rows": 4}),
            "addressee": forms.RadioSelect,
            "conclusions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.instance.review = review
        self.fields["conclusions"].queryset = review.conclusions.all()
        if not self.instance.pk and not self.is_bound:
            last = review.recommendations.order_by("-number").values_list("number", flat=True)
            self.initial["number"] = (last.first() or 0) + 1

    def clean_number(self):
        number = self.cleaned_data["number"]
        if number is not None and number < 1:
            raise ValidationError("Recommendation numbers start at 1.", code="min_value")
        taken = self.review.recommendations.filter(number=number).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(
                "Recommendation %(number)s already exists in this review. Choose another "
                "number, or move the recommendations with the Move up and Move down buttons.",
                code="duplicate",
                params={"number": number},
            )
        return number

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("addressee") == Recommendation.Addressee.OTHER
            and not cleaned.get("addressee_other", "").strip()
        ):
            self.add_error("addressee_other", "Say which body the recommendation is addressed to.")
        return cleaned
