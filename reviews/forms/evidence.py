"""Forms for evidence of every kind, and the question groups and questions put
to partners. The data tables supplied as evidence are in `data_tables`."""

from django import forms

from reviews import documents
from reviews.forms.base import GovUKFormMixin, date_field
from reviews.models import (
    CallForEvidence,
    DataSet,
    Document,
    OralEvidence,
    Question,
    QuestionGroup,
    QuestionSet,
)
from scrutiny.models import Person


class EvidenceFormMixin(GovUKFormMixin):
    """Meetings offered are the review's own."""

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.instance.review = review
        if "meeting" in self.fields:
            self.fields["meeting"].queryset = review.meetings.all()
            self.fields["meeting"].required = False
            self.fields["meeting"].empty_label = "Not taken at a meeting"
        if "received_on" in self.fields:
            self.fields["received_on"] = date_field("Date received")


class OralEvidenceForm(EvidenceFormMixin, forms.ModelForm):
    class Meta:
        model = OralEvidence
        fields = ["title", "meeting", "given_by", "summary"]
        labels = {"summary": "What was said", "given_by": "Given by"}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 8}),
            "given_by": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_by"].queryset = Person.objects.filter(
            appearances__meeting__review=self.review
        ).distinct()
        self.fields["given_by"].help_text = "Witnesses recorded at the review's meetings."


class QuestionSetForm(EvidenceFormMixin, forms.ModelForm):
    sent_on = date_field("Date sent")

    class Meta:
        model = QuestionSet
        fields = ["title", "introduction", "sent_on", "meeting", "summary"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }


class QuestionGroupForm(GovUKFormMixin, forms.ModelForm):
    class Meta:
        model = QuestionGroup
        fields = ["heading", "partner", "how_we_work_together"]
        labels = {"heading": "Who is asked", "partner": "Partner organisation"}
        help_texts = {"heading": "For example, Police, or All partner organisations."}
        widgets = {"how_we_work_together": forms.Textarea(attrs={"rows": 4})}


class QuestionForm(GovUKFormMixin, forms.ModelForm):
    class Meta:
        model = Question
        fields = ["text", "answer"]
        labels = {"text": "Question", "answer": "Answer"}
        help_texts = {"answer": "Leave blank until the answer arrives."}
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "answer": forms.Textarea(attrs={"rows": 5}),
        }


class CallForEvidenceForm(EvidenceFormMixin, forms.ModelForm):
    published_on = date_field("Date published", required=True)
    closes_on = date_field("Closing date", required=True)

    class Meta:
        model = CallForEvidence
        fields = [
            "title",
            "channel",
            "published_on",
            "closes_on",
            "responses_received",
            "text",
            "summary",
        ]
        labels = {
            "channel": "Where it was published",
            "responses_received": "Number of responses received",
            "text": "The call as published",
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "responses_received": forms.NumberInput(attrs={"class": "govuk-input--width-5"}),
        }

    def clean(self):
        cleaned = super().clean()
        published, closes = cleaned.get("published_on"), cleaned.get("closes_on")
        if published and closes and closes < published:
            self.add_error("closes_on", "The closing date must be on or after the date published.")
        return cleaned


class DocumentForm(EvidenceFormMixin, forms.ModelForm):
    upload = forms.FileField(
        label="Upload the document",
        help_text="A PDF, Word document (.docx) or plain text file.",
        required=True,
    )

    class Meta:
        model = Document
        fields = ["title", "upload", "author", "source_url", "received_on", "meeting", "summary"]
        labels = {"source_url": "Web address it came from", "author": "Published by"}
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["upload"].required = False
            self.fields[
                "upload"
            ].help_text = (
                f"Currently {self.instance.original_filename}. Choose a file only to replace it."
            )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            self.checked = documents.check_document(upload)
        return upload


class DataSetForm(EvidenceFormMixin, forms.ModelForm):
    class Meta:
        model = DataSet
        fields = ["title", "introduction", "received_on", "meeting", "summary"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
