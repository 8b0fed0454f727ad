"""The working group of a review: who is in it and in what role.

Thin, like every page here: scoped lookup → permission (in `generic.ReviewMixin`)
→ form or service → redirect with a message."""

from reviews import forms, services
from reviews.models import WorkingGroupMember
from reviews.views.generic import (
    ChildCreateView,
    ChildDeleteView,
    ChildMoveView,
    ChildOrderView,
    ChildUpdateView,
    ReviewPage,
)

WORKING_GROUP = ("Working group", "reviews:working_group")


class WorkingGroupView(ReviewPage):
    template_name = "reviews/working_group.html"
    section = WORKING_GROUP

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = self.review.working_group.select_related("person__organisation")
        return context


class MemberCreate(ChildCreateView):
    model = WorkingGroupMember
    form_class = forms.WorkingGroupMemberForm
    form_takes_review = True
    section = WORKING_GROUP
    title = "Add a member to the working group"
    success_message = "Member added to the working group."

    def form_valid(self, form):
        self.object = services.working_group_member_add(form=form, review=self.review)
        return self.saved(self.object)


class MemberUpdate(ChildUpdateView):
    model = WorkingGroupMember
    form_class = forms.WorkingGroupMemberForm
    form_takes_review = True
    section = WORKING_GROUP
    title = "Change a member's role"
    edit_noun = "member"


class MemberDelete(ChildDeleteView):
    model = WorkingGroupMember
    section = WORKING_GROUP
    title = "Remove this member from the working group?"


class MemberMove(ChildMoveView):
    model = WorkingGroupMember
    section = WORKING_GROUP


class MemberOrder(ChildOrderView):
    model = WorkingGroupMember
    section = WORKING_GROUP
    noun_plural = "members of the working group"
