"""The scope and terms of reference of a review, and its key lines of enquiry.

Thin, like every page here: scoped lookup → permission (in `generic.ReviewMixin`)
→ form or service → redirect with a message."""

from reviews import forms
from reviews.models import KeyLineOfEnquiry, Review
from reviews.views.generic import (
    ChildCreateView,
    ChildDeleteView,
    ChildMoveView,
    ChildUpdateView,
    ReviewPage,
)

SCOPE = ("Scope and terms of reference", "reviews:scope")


class ScopeView(ReviewPage):
    template_name = "reviews/scope.html"
    section = SCOPE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["key_lines"] = self.review.key_lines.all()
        return context


class ScopeEditView(ChildUpdateView):
    model = Review
    form_class = forms.ReviewForm
    section = SCOPE
    title = "Edit the scope"
    review_lookup = "pk"

    def get_queryset(self):
        return Review.objects.filter(pk=self.review.pk)

    def get_object(self, queryset=None):
        return self.review


class KeyLineCreate(ChildCreateView):
    model = KeyLineOfEnquiry
    form_class = forms.KeyLineForm
    section = SCOPE
    title = "Add a key line of enquiry"
    success_message = "Key line of enquiry added."


class KeyLineUpdate(ChildUpdateView):
    model = KeyLineOfEnquiry
    form_class = forms.KeyLineForm
    section = SCOPE
    title = "Edit a key line of enquiry"


class KeyLineDelete(ChildDeleteView):
    model = KeyLineOfEnquiry
    section = SCOPE
    title = "Delete this key line of enquiry?"


class KeyLineMove(ChildMoveView):
    model = KeyLineOfEnquiry
    section = SCOPE
