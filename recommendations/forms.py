from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import ValidationError

from recommendations.models import FollowUp, FollowUpAssessment, Recommendation, Response
from reviews import documents
from reviews.forms import DATE_HINT, GovUKFormMixin, date_field

PANEL = "panel"


class RecommendationForm(GovUKFormMixin, forms.ModelForm):
    addressed_to = forms.MultipleChoiceField(
        label="Who is it addressed to?",
        help_text="Select all that apply. Each responds separately, within the period "
        "its statutory basis sets.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select who the recommendation is addressed to"},
    )

    class Meta:
        model = Recommendation
        fields = ["number", "reason", "text", "addressed_to", "conclusions"]
        labels = {
            "number": "Number",
            "reason": "Reason",
            "text": "Recommendation",
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
            "conclusions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.instance.review = review
        self.fields["conclusions"].queryset = review.conclusions.all()
        self.responding_bodies = {
            str(b.pk): b for b in review.body.responding_bodies.order_by("name")
        }
        self.fields["addressed_to"].choices = [
            (pk, b.name) for pk, b in self.responding_bodies.items()
        ] + [(PANEL, "The panel itself (no response is needed)")]
        if self.instance.pk:
            self.initial["addressed_to"] = [
                str(pk)
                for pk in self.instance.addressee_links.values_list("responding_body", flat=True)
            ] + ([PANEL] if self.instance.to_panel else [])
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

    def clean_addressed_to(self):
        chosen = self.cleaned_data["addressed_to"]
        self.chosen_bodies = [self.responding_bodies[pk] for pk in chosen if pk != PANEL]
        if self.instance.pk:
            answered = self.instance.responses.exclude(
                responding_body__in=self.chosen_bodies
            ).select_related("responding_body")
            names = [r.responding_body.name for r in answered]
            if names:
                raise ValidationError(
                    "%(names)s already responded to this recommendation, so it stays "
                    "addressed to them",
                    code="responded",
                    params={"names": " and ".join(names)},
                )
        self.instance.to_panel = PANEL in chosen
        return chosen

    def _save_m2m(self):
        super()._save_m2m()
        from recommendations.models import RecommendationAddressee

        recommendation = self.instance
        keep = {b.pk for b in self.chosen_bodies}
        for link in recommendation.addressee_links.exclude(responding_body__in=keep):
            link.delete()  # one by one, so each removal is kept in the history
        have = set(recommendation.addressee_links.values_list("responding_body", flat=True))
        for body in self.chosen_bodies:
            if body.pk not in have:
                RecommendationAddressee.objects.create(
                    recommendation=recommendation, responding_body=body
                )


# --- the Commissioner's response ------------------------------------------------------


class ResponseForm(GovUKFormMixin, forms.ModelForm):
    """The response to one recommendation. Once received, the target date moves only
    through `TargetDateChangeForm` (with a reason), so it is left out here."""

    target_date = date_field("Target date", help_text=f"When the actions will be done. {DATE_HINT}")
    received_on = date_field(
        "Date received",
        help_text=f"When the response reached the panel. Leave blank for today. {DATE_HINT}",
    )
    # Sent or published since the form was loaded: the save is refused
    # (`reviews.concurrency`), as a change to any field the form edits would be.
    edit_watch_also = ["status", "letter_filename"]

    letter_upload = forms.FileField(
        label="The response letter (optional)",
        required=False,
        help_text="A PDF of the Commissioner's letter. Only people signed in who may see "
        "this recommendation can download it.",
    )

    class Meta:
        model = Response
        fields = [
            "decision",
            "reason",
            "response_text",
            "actions",
            "lead_officer",
            "target_date",
            "received_on",
            "letter_upload",
        ]
        error_messages = {"decision": {"required": "Select the Commissioner's decision"}}
        labels = {
            "decision": "Decision",
            "reason": "Reason for not accepting it in full",
            "response_text": "Response",
            "actions": "Actions promised",
            "lead_officer": "Lead officer",
        }
        help_texts = {
            "reason": "Needed if the recommendation is partially accepted or not accepted. "
            "Record 'accepted in principle' as partially accepted, with its reason.",
            "actions": "One action on each line.",
            "lead_officer": "Name and job title of who leads on it.",
        }
        widgets = {
            "decision": forms.RadioSelect,
            "reason": forms.Textarea(attrs={"rows": 3}),
            "response_text": forms.Textarea(attrs={"rows": 5}),
            "actions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, records_receipt, **kwargs):
        """`records_receipt`: the user records when it was received (an officer
        entering a response on the Commissioner's behalf)."""
        super().__init__(*args, **kwargs)
        self.letter = None
        if not records_receipt:
            del self.fields["received_on"]
        if self.instance.pk and not self.instance.is_draft:
            del self.fields["target_date"]
        if self.instance.letter_filename:
            letter = self.fields["letter_upload"]
            letter.help_text = (
                f"Currently {self.instance.letter_filename}. Choose a file only to replace it."
            )
        # The helper laid out every field before some were removed above.
        self.helper.layout = Layout(*self.fields)

    def clean_letter_upload(self):
        upload = self.cleaned_data.get("letter_upload")
        if upload:
            not_a_pdf = ValidationError(
                "The letter must be a PDF. This file's content is not a PDF, whatever "
                "its name says.",
                code="wrong_type",
            )
            try:
                checked = documents.check_document(upload)
            except ValidationError as error:
                raise (not_a_pdf if error.code == "wrong_type" else error) from None
            if checked.content_type != documents.PDF:
                raise not_a_pdf
            self.letter = checked
        return upload

    # The reason rule is the model's (`Response.clean`); the ModelForm reports its
    # error beside the reason field, but only once a decision has been chosen: with
    # none, the person is told to choose one, not to explain a choice not made.
    def _post_clean(self):
        super()._post_clean()
        if "decision" in self._errors:
            self._errors.pop("reason", None)


class TargetDateChangeForm(GovUKFormMixin, forms.Form):
    new_date = date_field("New target date", required=True)
    reason = forms.CharField(
        label="Why the target date has changed",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=True,
        error_messages={"required": "Say why the target date has changed."},
        help_text="This is kept with the old and new dates, and shown beside the response.",
    )

    def __init__(self, *args, response, **kwargs):
        super().__init__(*args, **kwargs)
        self.response = response

    def clean_new_date(self):
        new_date = self.cleaned_data["new_date"]
        if new_date == self.response.target_date:
            raise ValidationError(
                "The new target date is the same as the current one.", code="unchanged"
            )
        return new_date


# --- the follow-up ---------------------------------------------------------------------


class ProgressUpdateForm(GovUKFormMixin, forms.ModelForm):
    class Meta:
        model = FollowUpAssessment
        fields = ["progress_update"]
        labels = {"progress_update": "Progress update"}
        help_texts = {
            "progress_update": "What has been done since the response, and what is still to do."
        }
        widgets = {"progress_update": forms.Textarea(attrs={"rows": 6})}

    def clean_progress_update(self):
        text = self.cleaned_data["progress_update"].strip()
        if not text:
            raise ValidationError("Enter the progress update.", code="required")
        return text


class AssessmentForm(GovUKFormMixin, forms.ModelForm):
    """The panel's assessment. Every field but the comment is required here, though the
    model lets them stay blank until the panel assesses."""

    class Meta:
        model = FollowUpAssessment
        fields = ["progress_update", "implementation", "rag", "comment", "outcome"]
        labels = {
            "progress_update": "The Commissioner's progress update",
            "implementation": "Implementation",
            "rag": "RAG rating",
            "comment": "The panel's comment",
            "outcome": "What happens next",
        }
        help_texts = {
            "progress_update": "As given by the Commissioner's office.",
            "rag": "Green: achieved. Amber: acceptable progress. Red: unacceptable progress.",
        }
        widgets = {
            "progress_update": forms.Textarea(attrs={"rows": 4}),
            "implementation": forms.RadioSelect,
            "rag": forms.RadioSelect,
            "comment": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        messages = {
            "implementation": "Choose how far the recommendation has been implemented.",
            "rag": "Choose a RAG rating.",
            "outcome": "Choose whether to close the recommendation or carry it forward.",
        }
        for name, message in messages.items():
            field = self.fields[name]
            field.required = True
            field.error_messages["required"] = message
            # Radios have no blank option: the model allows blank only until assessed.
            field.choices = [c for c in field.choices if c[0]]


class FollowUpCompleteForm(GovUKFormMixin, forms.ModelForm):
    held_on = date_field("Date of the meeting that considered it", required=True)

    class Meta:
        model = FollowUp
        fields = ["held_on", "meeting", "summary"]
        labels = {"meeting": "Meeting", "summary": "Summary of the follow-up"}
        help_texts = {"meeting": "For example, Police, Fire and Crime Panel, 19 September 2024"}
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}
