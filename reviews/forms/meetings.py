"""Forms for meetings: the meeting, who attended, the witnesses heard."""

from crispy_forms_gds.layout import Fieldset, Layout
from django import forms

from reviews.forms.base import GovUKFormMixin, date_field, time_field
from reviews.models import Meeting
from scrutiny.models import Organisation, Person


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


class PersonChoiceField(forms.ModelChoiceField):
    """People by name, with the job title they were last recorded with."""

    def label_from_instance(self, obj):
        return f"{obj.full_name}, {obj.job_title}" if obj.job_title else obj.full_name


class WitnessForm(GovUKFormMixin, forms.Form):
    """A witness at a meeting: someone already heard at one of the body's meetings,
    chosen from a list, or someone new, named here. Editing a witness (`witness`)
    changes their name everywhere, and their job title and organisation as at this
    meeting."""

    person = PersonChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Someone already recorded",
        empty_label="Choose a person",
        help_text="Witnesses heard at this body's meetings.",
    )
    honorific = forms.CharField(label="Title", required=False, help_text="For example, Dr or Mrs")
    given_name = forms.CharField(label="First name", required=False)
    family_name = forms.CharField(label="Last name", required=False)
    job_title = forms.CharField(
        label="Job title",
        required=False,
        help_text="As at this meeting. Leave blank to keep the one already recorded.",
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        label="Organisation",
        empty_label="Choose an organisation",
    )
    new_organisation = forms.CharField(
        label="Or add an organisation that is not listed", required=False
    )

    def __init__(self, *args, meeting, witness=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.witness = witness
        if witness:
            del self.fields["person"]
            person = witness.person
            self.initial.update(
                honorific=person.honorific,
                given_name=person.given_name,
                family_name=person.family_name,
                job_title=witness.job_title,
                organisation=witness.organisation_id,
            )
            self.helper.layout = Layout(*self.fields)
            return
        self.fields["person"].queryset = (
            Person.objects.filter(appearances__meeting__review__body=meeting.review.body)
            .exclude(appearances__meeting=meeting)
            .select_related("organisation")
            .distinct()
            .order_by("family_name", "given_name")
        )
        self.helper.layout = Layout(
            "person",
            Fieldset(
                "honorific",
                "given_name",
                "family_name",
                legend="Or add someone new",
                legend_size="s",
            ),
            "job_title",
            "organisation",
            "new_organisation",
        )

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("person")
        named = cleaned.get("given_name") or cleaned.get("family_name")
        if person and named:
            self.add_error("person", "Choose someone listed or add someone new, not both")
        elif not person and not self.witness and not named:
            self.add_error("person", "Choose who gave evidence, or enter their name below")
        elif not person:
            for name in ("given_name", "family_name"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, f"Enter the witness's {self.fields[name].label.lower()}")
        if cleaned.get("organisation") and cleaned.get("new_organisation"):
            self.add_error("new_organisation", "Choose an organisation or add a new one, not both.")
        return cleaned
