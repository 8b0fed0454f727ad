"""What a review found: the information identified from the evidence, and its
conclusions.

Thin, like every page here: scoped lookup → permission (in `generic.ReviewMixin`)
→ form or service → redirect with a message."""

from reviews import forms, services
from reviews.forms.paste import PasteFindingsForm
from reviews.models import Conclusion, Finding
from reviews.views.generic import (
    ChildCreateView,
    ChildDeleteView,
    ChildMoveView,
    ChildOrderView,
    ChildUpdateView,
    PasteView,
    ReviewPage,
)

FINDINGS = ("Findings and conclusions", "reviews:findings")


class FindingsView(ReviewPage):
    template_name = "reviews/findings.html"
    section = FINDINGS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["findings"] = self.review.findings.prefetch_related("evidence")
        context["conclusions"] = self.review.conclusions.prefetch_related(
            "evidence", "findings", "recommendations"
        )
        return context


class FindingCreate(ChildCreateView):
    model = Finding
    form_class = forms.FindingForm
    form_takes_review = True
    section = FINDINGS
    title = "Add information identified"
    success_message = "Information identified added."


class FindingPaste(PasteView):
    form_class = PasteFindingsForm
    section = FINDINGS
    title = "Add several pieces of information identified"
    preview_headings = ["Information identified"]
    noun_plural = "pieces of information identified"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "review": self.review}

    def save_items(self, form):
        services.findings_add(
            review=self.review,
            texts=form.cleaned_data["items"],
            evidence=form.cleaned_data["evidence"],
        )


class FindingUpdate(ChildUpdateView):
    model = Finding
    form_class = forms.FindingForm
    form_takes_review = True
    section = FINDINGS
    title = "Edit information identified"
    edit_noun = "information"


class FindingDelete(ChildDeleteView):
    model = Finding
    section = FINDINGS
    title = "Delete this information identified?"


class FindingMove(ChildMoveView):
    model = Finding
    section = FINDINGS


class ConclusionCreate(ChildCreateView):
    model = Conclusion
    form_class = forms.ConclusionForm
    form_takes_review = True
    section = FINDINGS
    title = "Add a conclusion"
    success_message = "Conclusion added."


class ConclusionUpdate(ChildUpdateView):
    model = Conclusion
    form_class = forms.ConclusionForm
    form_takes_review = True
    section = FINDINGS
    title = "Edit a conclusion"


class ConclusionDelete(ChildDeleteView):
    model = Conclusion
    section = FINDINGS
    title = "Delete this conclusion?"


class ConclusionMove(ChildMoveView):
    model = Conclusion
    section = FINDINGS


class FindingOrder(ChildOrderView):
    model = Finding
    section = FINDINGS
    noun_plural = "information identified"


class ConclusionOrder(ChildOrderView):
    model = Conclusion
    section = FINDINGS
    noun_plural = "conclusions"
