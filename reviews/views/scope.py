"""The scope and terms of reference of a review, and its key lines of enquiry.

Thin, like every page here: scoped lookup → permission (in `generic.ReviewMixin`)
→ form or service → redirect with a message."""

from reviews import forms, services
from reviews.forms.paste import PasteKeyLinesForm
from reviews.models import KeyLineOfEnquiry, Review
from reviews.views.generic import (
    ChildCreateView,
    ChildDeleteView,
    ChildMoveView,
    ChildOrderView,
    ChildUpdateView,
    PasteView,
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
    edit_noun = "scope"

    def get_queryset(self):
        return Review.objects.filter(pk=self.review.pk)

    def get_object(self, queryset=None):
        # Read afresh (not `self.review`, read before the save's lock): saving the
        # scope writes the whole row, and must not put back an older status.
        return self.get_queryset().get()


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
    edit_noun = "key line of enquiry"


class KeyLineDelete(ChildDeleteView):
    model = KeyLineOfEnquiry
    section = SCOPE
    title = "Delete this key line of enquiry?"


class KeyLineMove(ChildMoveView):
    model = KeyLineOfEnquiry
    section = SCOPE


class KeyLinePaste(PasteView):
    form_class = PasteKeyLinesForm
    section = SCOPE
    title = "Add several key lines of enquiry"
    preview_headings = ["Key line of enquiry"]
    noun_plural = "key lines of enquiry"

    def save_items(self, form):
        services.key_lines_add(review=self.review, texts=form.cleaned_data["items"])


class KeyLineOrder(ChildOrderView):
    model = KeyLineOfEnquiry
    section = SCOPE
    noun_plural = "key lines of enquiry"
