"""The meetings of a review: who attended and the witnesses heard.

Thin, like every page here: scoped lookup → permission (in `generic.ReviewMixin`)
→ form or service → redirect with a message."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import FormView

from reviews import forms, services
from reviews.models import Meeting, Witness
from reviews.views.generic import (
    PAGE_SIZE,
    ChildCreateView,
    ChildDeleteView,
    ChildMixin,
    ChildUpdateView,
    EditConflictMixin,
    ReviewPage,
)

MEETINGS = ("Meetings", "reviews:meetings")


class MeetingListView(ReviewPage):
    template_name = "reviews/meeting_list.html"
    section = MEETINGS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meetings = self.review.meetings.annotate(
            present=Count("attendance", distinct=True),
            witness_count=Count("witnesses", distinct=True),
        ).order_by("date", "pk")
        context["page"] = Paginator(meetings, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return context


class MeetingDetailView(ReviewPage):
    template_name = "reviews/meeting_detail.html"
    section = MEETINGS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = get_object_or_404(self.review.meetings, pk=self.kwargs["pk"])
        context["meeting"] = meeting
        context["attendance"] = meeting.attendance.select_related("person")
        context["witnesses"] = meeting.witnesses.select_related("person", "organisation")
        context["evidence"] = meeting.evidence.all()
        return context


class MeetingCreate(ChildCreateView):
    model = Meeting
    form_class = forms.MeetingForm
    section = MEETINGS
    title = "Record a meeting"
    success_message = "Meeting recorded. Now record who attended."

    def get_success_url(self):
        return reverse(
            "reviews:meeting_attendance", kwargs={"slug": self.review.slug, "pk": self.object.pk}
        )


class MeetingUpdate(ChildUpdateView):
    model = Meeting
    form_class = forms.MeetingForm
    section = MEETINGS
    title = "Edit the meeting"

    def get_success_url(self):
        return meeting_url(self.object)


class MeetingDelete(ChildDeleteView):
    model = Meeting
    section = MEETINGS
    title = "Delete this meeting?"


def meeting_url(meeting):
    return reverse("reviews:meeting_detail", kwargs={"slug": meeting.review.slug, "pk": meeting.pk})


class MeetingChildMixin:
    """Pages about one meeting of the review."""

    def get_meeting(self):
        if not hasattr(self, "_meeting"):
            self._meeting = get_object_or_404(self.review.meetings, pk=self.kwargs["meeting_pk"])
        return self._meeting

    def section_url(self):
        return meeting_url(self.get_meeting())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meeting"] = self.get_meeting()
        context["section_title"] = str(self.get_meeting())
        return context


class AttendanceView(EditConflictMixin, ChildMixin, FormView):
    """Everyone's attendance at one meeting, in one form; a save from a form loaded
    before someone else saved the attendance is refused (`EditConflictMixin`)."""

    form_class = forms.AttendanceForm
    section = MEETINGS
    title = "Who attended?"
    edit_noun = "record of attendance"

    def get_meeting(self):
        return get_object_or_404(self.review.meetings, pk=self.kwargs["pk"])

    def get_edit_instance(self):
        return self.get_meeting()

    def section_url(self):
        return meeting_url(self.get_meeting())

    def get_form_kwargs(self):
        kwargs = FormView.get_form_kwargs(self)
        kwargs["meeting"] = self.get_meeting()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.review.working_group.exists():
            context["empty_message"] = (
                "The working group has no members yet. Add them first, then record attendance."
            )
        return context

    def form_valid(self, form):
        services.meeting_record_attendance(meeting=form.meeting, statuses=form.statuses())
        messages.success(self.request, "Attendance saved.")
        return HttpResponseRedirect(self.section_url())


class WitnessCreate(MeetingChildMixin, ChildMixin, FormView):
    form_class = forms.WitnessForm
    section = MEETINGS
    title = "Add a witness"
    add_another = True

    def get_form_kwargs(self):
        return {**FormView.get_form_kwargs(self), "meeting": self.get_meeting()}

    def form_valid(self, form):
        witness = services.witness_add(meeting=self.get_meeting(), data=form.cleaned_data)
        return self.saved(witness, "Witness added.")


class WitnessUpdate(MeetingChildMixin, ChildMixin, FormView):
    form_class = forms.WitnessForm
    section = MEETINGS
    title = "Edit a witness"

    def get_witness(self):
        return get_object_or_404(
            Witness.objects.filter(meeting=self.get_meeting()).select_related("person"),
            pk=self.kwargs["pk"],
        )

    def get_form_kwargs(self):
        return {
            **FormView.get_form_kwargs(self),
            "meeting": self.get_meeting(),
            "witness": self.get_witness(),
        }

    def form_valid(self, form):
        witness = services.witness_update(witness=form.witness, data=form.cleaned_data)
        return self.saved(witness, "Witness saved.")


class WitnessDelete(MeetingChildMixin, ChildDeleteView):
    model = Witness
    section = MEETINGS
    title = "Remove this witness?"

    def get_queryset(self):
        return Witness.objects.filter(meeting=self.get_meeting())
