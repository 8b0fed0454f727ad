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
    WrittenSubmission,
)
from scrutiny.models import Organisation, Person

SHORT_NUMBER = "govuk-input govuk-input--width-5"


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
    """Either date may be unknown, or known only to the month or the year."""

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
            "responses_received": forms.NumberInput(attrs={"class": SHORT_NUMBER}),
        }

    def clean(self):
        cleaned = super().clean()
        published, closes = cleaned.get("published_on"), cleaned.get("closes_on")
        if published and closes and not published.may_precede(closes):
            self.add_error("closes_on", "The closing date must be on or after the date published.")
        return cleaned


class DocumentForm(EvidenceFormMixin, forms.ModelForm):
    # A file replaced since the form was loaded makes its save stale
    # (`reviews.concurrency`).
    edit_watch_also = ["original_filename"]

    upload = forms.FileField(
        label="Upload the document",
        help_text="A PDF, Word document (.docx) or plain text file.",
        required=True,
    )

    class Meta:
        model = Document
        fields = [
            "title",
            "upload",
            "author",
            "published_on",
            "source_url",
            "received_on",
            "meeting",
            "summary",
        ]
        labels = {"source_url": "Web address it came from", "author": "Published by"}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            # crispy-forms-gds styles text inputs only: a web address or a number
            # needs GOV.UK's class given.
            "source_url": forms.URLInput(attrs={"class": "govuk-input"}),
        }

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


class WrittenSubmissionForm(DocumentForm):
    """Who wrote it (an organisation, a named person, or members of the public and how
    many), when it arrived if known, and what they wrote: as text, a file, or both."""

    class Meta:
        model = WrittenSubmission
        fields = [
            "provider",
            "organisation",
            "person",
            "public_count",
            "received_on",
            "text",
            "upload",
            "source_url",
            "title",
            "meeting",
            "summary",
        ]
        labels = {
            "provider": "Who wrote it",
            "organisation": "Organisation",
            "person": "Person",
            "public_count": "How many members of the public",
            "text": "What they wrote",
            "source_url": "Web address it came from",
        }
        help_texts = {
            "organisation": "If an organisation wrote it.",
            "person": "If a named person wrote it.",
            "text": "Type or paste it, or upload it as a file below, or both.",
        }
        widgets = {
            "provider": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 8}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "public_count": forms.NumberInput(attrs={"class": SHORT_NUMBER}),
            "source_url": forms.URLInput(attrs={"class": "govuk-input"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["organisation"].empty_label = "Choose an organisation"
        self.fields["person"].queryset = Person.objects.select_related("organisation")
        self.fields["person"].empty_label = "Choose a person"
        self.fields["title"].required = False
        self.fields[
            "title"
        ].help_text = "Leave blank for “Written submission from” and who wrote it."
        upload = self.fields["upload"]
        upload.required = False
        upload.label = "Upload the submission"
        if not self.instance.pk:
            upload.help_text = "A PDF, Word document (.docx) or plain text file, if it came as one."

    def clean(self):
        cleaned = super().clean()
        provider = cleaned.get("provider")
        Provider = WrittenSubmission.Provider
        if provider == Provider.ORGANISATION and not cleaned.get("organisation"):
            self.add_error("organisation", "Select the organisation that wrote it")
        if provider == Provider.PERSON and not cleaned.get("person"):
            self.add_error("person", "Select the person who wrote it")
        # Only the choice made counts: a name picked and then left is not kept.
        for field, kind in [("organisation", Provider.ORGANISATION), ("person", Provider.PERSON)]:
            if provider != kind:
                cleaned[field] = None
        if provider != Provider.PUBLIC:
            cleaned["public_count"] = None
        elif cleaned.get("public_count") == 0:
            self.add_error("public_count", "How many members of the public must be 1 or more")
        has_file = cleaned.get("upload") or (self.instance.pk and self.instance.file)
        if not cleaned.get("text", "").strip() and not has_file:
            self.add_error("text", "Enter what they wrote, or upload it as a file")
        return cleaned


class DataSetForm(EvidenceFormMixin, forms.ModelForm):
    class Meta:
        model = DataSet
        fields = ["title", "introduction", "received_on", "meeting", "summary"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
