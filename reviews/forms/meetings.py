"""Forms for meetings: the meeting, who attended, the witnesses heard."""

from django import forms

from reviews.forms.base import GovUKFormMixin, date_field, time_field
from reviews.models import Meeting
from scrutiny.models import Organisation


class MeetingForm(GovUKFormMixin, forms.ModelForm):
    date = date_field("Meeting date", required=True)
    starts_at = time_field("Start time (optional)")
    ends_at = time_field("End time (optional)")

    class Meta:
        model = Meeting
        fields = ["kind", "date", "starts_at", "ends_at", "title", "purpose", "notes", "location"]
        labels = {"kind": "Type of meeting", "notes": "Notes"}
        widgets = {
            "kind": forms.RadioSelect,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 6}),
        }

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if ends and not starts and "starts_at" not in self.errors:
            self.add_error("starts_at", "Enter the start time as well as the end time")
        elif starts and ends and ends <= starts:
            self.add_error("ends_at", "The end time must be after the start time")
        return cleaned


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

    @property
    def edit_extra_fields(self):
        """Watched for a save from a stale form (`reviews.concurrency`): everyone's
        attendance, as shown."""
        return [name for name in self.fields if name.startswith("person_")]

    def edit_initial(self, meeting):
        """Each member's attendance at `meeting` as this form shows it."""
        recorded = {a.person_id: a.status for a in meeting.attendance.all()}
        return {
            name: recorded.get(int(name.removeprefix("person_")), self.NOT_RECORDED)
            for name in self.edit_extra_fields
        }

    def statuses(self):
        """{person_id: status or ''} from the cleaned data."""
        return {
            int(name.removeprefix("person_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("person_")
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
