"""The timetable of a review: its milestones and the variations agreed to it.

Thin, like every page here: scoped lookup → permission (in `generic.ReviewMixin`)
→ form or service → redirect with a message."""

from reviews import forms
from reviews.models import Milestone, TimetableVariation
from reviews.views.generic import (
    ChildCreateView,
    ChildDeleteView,
    ChildMoveView,
    ChildOrderView,
    ChildUpdateView,
    ReviewPage,
)

TIMETABLE = ("Timetable", "reviews:timetable")


class TimetableView(ReviewPage):
    template_name = "reviews/timetable.html"
    section = TIMETABLE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["milestones"] = self.review.milestones.all()
        context["variations"] = self.review.variations.all()
        return context


class MilestoneCreate(ChildCreateView):
    model = Milestone
    form_class = forms.MilestoneForm
    section = TIMETABLE
    title = "Add a timetable milestone"
    success_message = "Milestone added."


class MilestoneUpdate(ChildUpdateView):
    model = Milestone
    form_class = forms.MilestoneForm
    section = TIMETABLE
    title = "Edit a milestone"


class MilestoneDelete(ChildDeleteView):
    model = Milestone
    section = TIMETABLE
    title = "Delete this milestone?"


class MilestoneMove(ChildMoveView):
    model = Milestone
    section = TIMETABLE


class VariationCreate(ChildCreateView):
    model = TimetableVariation
    form_class = forms.VariationForm
    section = TIMETABLE
    title = "Record an agreed variation"
    success_message = "Variation recorded."


class VariationUpdate(ChildUpdateView):
    model = TimetableVariation
    form_class = forms.VariationForm
    section = TIMETABLE
    title = "Edit a variation"
    edit_noun = "variation"


class VariationDelete(ChildDeleteView):
    model = TimetableVariation
    section = TIMETABLE
    title = "Delete this variation?"


class MilestoneOrder(ChildOrderView):
    model = Milestone
    section = TIMETABLE
    noun_plural = "milestones"
