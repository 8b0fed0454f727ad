"""Forms validate input only (STYLE.md). Rules the database enforces are repeated
here as field errors so the officer sees the message beside the field, not a crash."""

from decimal import Decimal, InvalidOperation

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError

from reviews import documents
from reviews.models import (
    CallForEvidence,
    Conclusion,
    DataSet,
    DataTable,
    Document,
    Evidence,
    Finding,
    KeyLineOfEnquiry,
    Meeting,
    Milestone,
    OralEvidence,
    Question,
    QuestionGroup,
    QuestionSet,
    Review,
    TimetableVariation,
    WorkingGroupMember,
)
from scrutiny.models import Organisation, Person, ScrutinyBody

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


class ReviewForm(GovUKFormMixin, forms.ModelForm):
    commissioned_on = date_field("Date the review was commissioned")

    class Meta:
        model = Review
        fields = [
            "short_title",
            "working_group_name",
            "title",
            "topic",
            "purpose",
            "rationale",
            "outcomes",
            "approach",
            "information_required",
            "information_note",
            "resources",
            "timetable_note",
            "commissioned_on",
        ]
        labels = {
            "short_title": "Short title",
            "working_group_name": "Name of the working group",
            "title": "Full title",
            "information_required": "Information required",
            "information_note": "Note on information gathering",
            "timetable_note": "Note on the timetable",
        }
        help_texts = {
            "title": "As printed on the cover of the report.",
            "information_required": "One item on each line.",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in [
                "title",
                "topic",
                "purpose",
                "rationale",
                "outcomes",
                "approach",
                "information_required",
                "information_note",
                "resources",
                "timetable_note",
            ]
        }


class NewReviewForm(ReviewForm):
    """Creating a review: the officer also chooses the body, when they serve more than one."""

    body = forms.ModelChoiceField(
        queryset=ScrutinyBody.objects.none(),
        label="Which body is running this review?",
        widget=forms.RadioSelect,
        empty_label=None,
    )

    class Meta(ReviewForm.Meta):
        fields = ["body", "short_title", "working_group_name", "title", "topic", "commissioned_on"]

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        if len(bodies) == 1:
            self.fields["body"].initial = bodies[0]
            self.fields["body"].widget = forms.HiddenInput()

    def clean(self):
        cleaned = super().clean()
        if "body" in self.errors and isinstance(self.fields["body"].widget, forms.HiddenInput):
            # A hidden field's error would not be seen: say it at the top of the form.
            raise ValidationError(
                "You can only start reviews for a body where you are an officer.",
                code="wrong_body",
            )
        return cleaned


class KeyLineForm(GovUKFormMixin, forms.ModelForm):
    class Meta:
        model = KeyLineOfEnquiry
        fields = ["text"]
        labels = {"text": "Key line of enquiry"}
        help_texts = {"text": "A question the review sets out to answer."}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class MilestoneForm(GovUKFormMixin, forms.ModelForm):
    planned_start = date_field("Planned start (or planned date)")
    planned_end = date_field("Planned end", help_text="Leave blank for a single date.")
    actual_on = date_field("Actual date", help_text="When it happened. " + DATE_HINT)

    class Meta:
        model = Milestone
        fields = ["description", "planned_label", "planned_start", "planned_end", "actual_on"]
        labels = {"planned_label": "Planned, as it should be printed"}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", "The planned end must be on or after the planned start.")
        return cleaned


class VariationForm(GovUKFormMixin, forms.ModelForm):
    agreed_on = date_field("Date agreed", required=True)

    class Meta:
        model = TimetableVariation
        fields = ["agreed_on", "agreed_at", "description"]
        labels = {"agreed_at": "Which meeting agreed it", "description": "What changed"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class WorkingGroupMemberForm(GovUKFormMixin, forms.ModelForm):
    class Meta:
        model = WorkingGroupMember
        fields = ["person", "role"]
        labels = {"person": "Panel member", "role": "Role in the working group"}
        widgets = {"role": forms.RadioSelect}

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.instance.review = review
        taken = review.working_group.exclude(pk=self.instance.pk).values("person")
        self.fields["person"].queryset = (
            Person.objects.filter(panel_memberships__body=review.body)
            .exclude(pk__in=taken)
            .select_related("organisation")
        )
        self.fields["person"].empty_label = "Choose a member of the panel"
        self.fields["person"].help_text = "Only members of the body are listed."

    def clean_role(self):
        role = self.cleaned_data["role"]
        chairs = self.review.working_group.filter(role=WorkingGroupMember.GroupRole.CHAIR)
        if (
            role == WorkingGroupMember.GroupRole.CHAIR
            and chairs.exclude(pk=self.instance.pk).exists()
        ):
            raise ValidationError(
                "The working group already has a chair. Change the chair's role first.",
                code="one_chair",
            )
        return role


class MeetingForm(GovUKFormMixin, forms.ModelForm):
    date = date_field("Date of the meeting", required=True)

    class Meta:
        model = Meeting
        fields = ["kind", "date", "title", "purpose", "notes", "location"]
        labels = {"kind": "Type of meeting", "notes": "Notes"}
        widgets = {
            "kind": forms.RadioSelect,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 6}),
        }


class AttendanceForm(GovUKFormMixin, forms.Form):
    """One question per working-group member: present, apologies or not recorded."""

    NOT_RECORDED = ""

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        recorded = {a.person_id: a.status for a in meeting.attendance.all()}
        choices = [
            ("present", "Present"),
            ("apologies", "Apologies"),
            (self.NOT_RECORDED, "Not recorded"),
        ]
        members = meeting.review.working_group.select_related("person")
        for member in members:
            self.fields[f"person_{member.person_id}"] = forms.ChoiceField(
                label=f"{member.person} ({member.get_role_display().lower()})",
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=recorded.get(member.person_id, self.NOT_RECORDED),
            )

    def statuses(self):
        """{person_id: status or ''} from the cleaned data."""
        return {
            int(name.removeprefix("person_")): value for name, value in self.cleaned_data.items()
        }


class WitnessForm(GovUKFormMixin, forms.Form):
    honorific = forms.CharField(label="Title", required=False, help_text="For example, Dr or Mrs")
    given_name = forms.CharField(label="First name")
    family_name = forms.CharField(label="Last name")
    job_title = forms.CharField(label="Job title", required=False)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        label="Organisation",
        empty_label="Choose an organisation",
    )
    new_organisation = forms.CharField(
        label="Or add an organisation that is not listed", required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organisation") and cleaned.get("new_organisation"):
            self.add_error("new_organisation", "Choose an organisation or add a new one, not both.")
        return cleaned


# --- evidence ----------------------------------------------------------------------


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
            self.read = documents.read_document(upload)
        return upload


class DataSetForm(EvidenceFormMixin, forms.ModelForm):
    class Meta:
        model = DataSet
        fields = ["title", "introduction", "received_on", "meeting", "summary"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }


class DataTableForm(GovUKFormMixin, forms.ModelForm):
    """A table typed or pasted in (one row per line, cells separated by tabs or
    commas), or imported from a CSV/XLSX file; the printed total is checked."""

    column_spec = forms.CharField(
        label="Columns",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "One column on each line, in order. Add ': money' or ': number' after a "
            "column that holds figures, for example 'Amount: money'."
        ),
    )
    rows_text = forms.CharField(
        label="Rows",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="One row on each line; separate cells with a tab (as pasted from a "
        "spreadsheet) or a comma. Leave blank if you are importing a file.",
    )
    import_file = forms.FileField(
        label="Or import rows from a file",
        required=False,
        help_text="A CSV file or Excel workbook (.xlsx); its first row must be the column names.",
    )
    printed_total = forms.CharField(
        label="Total as printed in the source (optional)",
        required=False,
        help_text="We check that the rows add up to it. For example, 49933.62",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )

    class Meta:
        model = DataTable
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        table = self.instance
        if table.pk:
            self.fields["column_spec"].initial = "\n".join(
                c["name"] if c.get("type", "text") == "text" else f"{c['name']}: {c['type']}"
                for c in table.columns
            )
            self.fields["rows_text"].initial = "\n".join(
                "\t".join(str(cell) for cell in row.cells) for row in table.rows.all()
            )
            if table.printed_totals:
                self.fields["printed_total"].initial = next(iter(table.printed_totals.values()))

    def clean_column_spec(self):
        columns = []
        for line in self.cleaned_data["column_spec"].splitlines():
            if not line.strip():
                continue
            name, _, kind = line.partition(":")
            kind = kind.strip().lower() or DataTable.ColumnType.TEXT
            if kind not in DataTable.ColumnType.values:
                raise ValidationError(
                    "'%(kind)s' is not a column type: use money, number or nothing.",
                    code="bad_type",
                    params={"kind": kind},
                )
            columns.append({"name": name.strip(), "type": kind})
        if not columns:
            raise ValidationError("Enter at least one column.", code="required")
        return columns

    def clean_printed_total(self):
        value = self.cleaned_data["printed_total"].replace("£", "").replace(",", "").strip()
        if not value:
            return None
        try:
            return Decimal(value)
        except InvalidOperation:
            raise ValidationError(
                "Enter the total as a number, like 49933.62", code="invalid"
            ) from None

    def clean(self):
        cleaned = super().clean()
        columns = cleaned.get("column_spec")
        if not columns:
            return cleaned
        upload = cleaned.get("import_file")
        if upload:
            try:
                header, *rows = documents.read_table(upload)
            except ValidationError as error:
                self.add_error("import_file", error)
                return cleaned
            if len(header) != len(columns):
                self.add_error(
                    "import_file",
                    f"The file has {len(header)} columns but you listed {len(columns)}.",
                )
                return cleaned
        else:
            rows = [self._split(line) for line in cleaned.get("rows_text", "").splitlines()]
            rows = [row for row in rows if any(row)]
            if not rows:
                self.add_error("rows_text", "Enter at least one row, or import a file.")
                return cleaned
        width = len(columns)
        for number, row in enumerate(rows, start=1):
            if len(row) > width:
                self.add_error(
                    "import_file" if upload else "rows_text",
                    f"Row {number} has {len(row)} cells but there are {width} columns.",
                )
                return cleaned
        numeric = [i for i, c in enumerate(columns) if c["type"] != "text"]
        cleaned_rows = []
        for number, row in enumerate(rows, start=1):
            row = row + [""] * (width - len(row))
            for i in numeric:
                raw = row[i].replace("£", "").replace(",", "").strip()
                if raw:
                    try:
                        row[i] = str(Decimal(raw))
                    except InvalidOperation:
                        self.add_error(
                            "import_file" if upload else "rows_text",
                            f"Row {number}: '{row[i]}' in {columns[i]['name']} is not a number.",
                        )
                        return cleaned
                else:
                    row[i] = raw
            cleaned_rows.append(row)
        cleaned["rows"] = cleaned_rows
        total = cleaned.get("printed_total")
        if total is not None:
            if not numeric:
                self.add_error("printed_total", "There is no money or number column to total.")
                return cleaned
            column = numeric[-1]
            actual = sum((Decimal(row[column] or "0") for row in cleaned_rows), Decimal("0"))
            if actual != total:
                self.add_error(
                    "printed_total",
                    f"The rows add up to {actual:,.2f}, not {total:,.2f}. "
                    "Check the rows and the total.",
                )
            cleaned["printed_totals"] = {columns[column]["name"]: str(total)}
        else:
            cleaned["printed_totals"] = {}
        return cleaned

    @staticmethod
    def _split(line):
        separator = "\t" if "\t" in line else ","
        return [cell.strip() for cell in line.split(separator)]


# --- conclusions -------------------------------------------------------------------


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
