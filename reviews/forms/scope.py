"""Forms for a review's scope: the review itself, key lines of enquiry, the
timetable and its variations, the working group."""

from crispy_forms_gds.layout import Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError

from reviews.forms.base import GovUKFormMixin, date_field
from reviews.models import (
    KeyLineOfEnquiry,
    Milestone,
    Review,
    TimetableVariation,
    WorkingGroupMember,
)
from scrutiny.models import PanelMembership, Person, ScrutinyBody
from scrutiny.partial_dates import PARTIAL_DATE_HINT


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
        error_messages = {
            "short_title": {"required": "Enter a short title"},
            "working_group_name": {"required": "Enter the name of the working group"},
            "title": {"required": "Enter the full title, as printed on the cover"},
            "topic": {"required": "Enter the topic of the review"},
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
    """One date per milestone, known to the day, the month or the year; an end only
    for a period ("September 2022 – February 2023")."""

    class Meta:
        model = Milestone
        fields = ["description", "planned_start", "planned_end", "actual_on"]
        labels = {
            "planned_start": "Planned date",
            "planned_end": "Planned end, for a period",
            "actual_on": "Actual date",
        }
        help_texts = {
            "planned_start": PARTIAL_DATE_HINT,
            "planned_end": "Leave blank for a single date. " + PARTIAL_DATE_HINT,
            "actual_on": "When it happened. " + PARTIAL_DATE_HINT,
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and not start.may_precede(end):
            self.add_error("planned_end", "The planned end must be on or after the planned date.")
        return cleaned


class VariationForm(GovUKFormMixin, forms.ModelForm):
    agreed_on = date_field("Date agreed", required=True)

    class Meta:
        model = TimetableVariation
        fields = ["agreed_on", "agreed_at", "description"]
        labels = {"agreed_at": "Which meeting agreed it", "description": "What changed"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class WorkingGroupMemberForm(GovUKFormMixin, forms.ModelForm):
    """A member of the working group: a member of the body's panel, chosen, or, when
    adding, someone new named here (who then joins the panel too)."""

    honorific = forms.CharField(
        label="Title", required=False, initial="Councillor", help_text="For example, Councillor"
    )
    given_name = forms.CharField(label="First name", required=False)
    family_name = forms.CharField(label="Last name", required=False)
    kind = forms.ChoiceField(
        label="Member of the panel as",
        choices=PanelMembership.Kind.choices,
        initial=PanelMembership.Kind.COUNCILLOR,
        required=False,
        widget=forms.RadioSelect,
    )
    NEW_PERSON = ["honorific", "given_name", "family_name", "kind"]

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
        if self.instance.pk:
            for name in self.NEW_PERSON:
                del self.fields[name]
            self.helper.layout = Layout(*self.fields)
            return
        self.fields["person"].required = False
        self.helper.layout = Layout(
            "person",
            Fieldset(*self.NEW_PERSON, legend="Or add someone new to the panel", legend_size="s"),
            "role",
        )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            return cleaned
        person = cleaned.get("person")
        named = cleaned.get("given_name") or cleaned.get("family_name")
        if person and named:
            self.add_error("person", "Choose a member of the panel or add someone new, not both")
        elif not person and not named and "person" not in self.errors:
            self.add_error("person", "Choose a member of the panel, or enter their name below")
        elif not person and named:
            for name in ("given_name", "family_name"):
                if not cleaned.get(name):
                    self.add_error(name, f"Enter the member's {self.fields[name].label.lower()}")
        return cleaned

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
