"""The evidence of a review, of every kind; the parts inside a piece of evidence
(question groups, questions, data tables); the download of an uploaded document.

Thin, like every page here: scoped lookup → permission (in `generic.ReviewMixin`)
→ form or service → redirect with a message."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode

from reviews import forms, services
from reviews.forms.paste import PasteQuestionsForm
from reviews.models import (
    CallForEvidence,
    DataSet,
    DataTable,
    Document,
    Evidence,
    OralEvidence,
    Question,
    QuestionGroup,
    QuestionSet,
    WrittenSubmission,
)
from reviews.search import search_evidence
from reviews.views.generic import (
    PAGE_SIZE,
    ChildCreateView,
    ChildDeleteView,
    ChildMixin,
    ChildMoveView,
    ChildOrderView,
    ChildUpdateView,
    PasteView,
    ReviewPage,
    get_review_for,
)

EVIDENCE = ("Evidence", "reviews:evidence")


EVIDENCE_FORMS = {
    Evidence.Kind.ORAL: (OralEvidence, forms.OralEvidenceForm),
    Evidence.Kind.QUESTIONS: (QuestionSet, forms.QuestionSetForm),
    Evidence.Kind.CALL: (CallForEvidence, forms.CallForEvidenceForm),
    Evidence.Kind.DOCUMENT: (Document, forms.DocumentForm),
    Evidence.Kind.DATA: (DataSet, forms.DataSetForm),
    Evidence.Kind.WRITTEN: (WrittenSubmission, forms.WrittenSubmissionForm),
}


def evidence_queryset(review):
    return review.evidence.select_related(
        "meeting",
        "oralevidence",
        "questionset",
        "callforevidence",
        "document",
        "dataset",
        "document__writtensubmission__organisation",
        "document__writtensubmission__person",
    )


class EvidenceListView(ReviewPage):
    template_name = "reviews/evidence_list.html"
    section = EVIDENCE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        evidence = evidence_queryset(self.review).defer("search_document")
        if query:
            evidence = search_evidence(evidence_queryset(self.review), query)
        context["query"] = query
        context["query_string"] = urlencode({"q": query}) if query else ""
        context["page"] = Paginator(evidence, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context["kinds"] = Evidence.Kind.choices
        return context


class EvidenceDetailView(ReviewPage):
    template_name = "reviews/evidence_detail.html"
    section = EVIDENCE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evidence = get_object_or_404(
            evidence_queryset(self.review).defer("search_document"), pk=self.kwargs["pk"]
        )
        context["evidence"] = evidence
        context["item"] = evidence.specific
        if evidence.kind == Evidence.Kind.QUESTIONS:
            context["groups"] = evidence.questionset.groups.select_related(
                "partner"
            ).prefetch_related("questions")
        elif evidence.kind == Evidence.Kind.DATA:
            context["tables"] = evidence.dataset.tables.prefetch_related("rows")
        elif evidence.kind == Evidence.Kind.ORAL:
            context["given_by"] = evidence.oralevidence.given_by.all()
        context["conclusions"] = evidence.conclusions.all()
        context["findings"] = evidence.findings.all()
        return context


class EvidenceChooseKindView(ReviewPage):
    """Step one of adding evidence: which kind (radios; no JavaScript needed)."""

    requires_edit = True
    template_name = "reviews/evidence_choose.html"
    section = EVIDENCE

    def get(self, request, *args, **kwargs):
        kind = request.GET.get("kind")
        if kind in EVIDENCE_FORMS:
            url = reverse(
                "reviews:evidence_add_kind", kwargs={"slug": self.review.slug, "kind": kind}
            )
            meeting = chosen_meeting(self.review, request)
            return redirect(f"{url}?{urlencode({'meeting': meeting.pk})}" if meeting else url)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kinds"] = Evidence.Kind.choices
        context["meeting"] = chosen_meeting(self.review, self.request)
        # The form sends `step` so that "Continue" with nothing chosen is an error.
        context["missing"] = "step" in self.request.GET
        return context


def chosen_meeting(review, request):
    """The meeting named by `?meeting=` (adding evidence from a meeting's page), if it
    is one of the review's; otherwise None."""
    pk = request.GET.get("meeting", "")
    return review.meetings.filter(pk=pk).first() if pk.isdigit() else None


class EvidenceCreate(ChildCreateView):
    form_takes_review = True
    section = EVIDENCE
    success_message = "Evidence added."

    def dispatch(self, request, *args, **kwargs):
        if kwargs["kind"] not in EVIDENCE_FORMS:
            raise Http404("No such kind of evidence.")
        self.model, self.form_class = EVIDENCE_FORMS[kwargs["kind"]]
        return super().dispatch(request, *args, **kwargs)

    def get_title(self):
        return f"Add evidence: {Evidence.Kind(self.kwargs['kind']).label.lower()}"

    def get_initial(self):
        """From a meeting's page: that meeting, and for oral evidence its witnesses."""
        initial = super().get_initial()
        meeting = chosen_meeting(self.review, self.request)
        if meeting:
            initial["meeting"] = meeting.pk
            initial["given_by"] = [w.person_id for w in meeting.witnesses.all()]
        return initial

    def get_success_url(self):
        return evidence_url(self.object)

    def siblings(self):
        # Every kind of evidence shares one order.
        return self.review.evidence.all()

    def form_valid(self, form):
        if isinstance(form, forms.DocumentForm):
            uploaded = form.cleaned_data.get("upload")
            self.object = services.document_save(form=form)
            return self.saved(
                self.object,
                "Document uploaded. Its text is being read, for search."
                if uploaded
                else "Written submission added.",
            )
        response = super().form_valid(form)
        self.object.reindex()
        return response


class EvidenceUpdate(ChildUpdateView):
    form_takes_review = True
    section = EVIDENCE
    edit_noun = "evidence"

    def get_object(self, queryset=None):
        evidence = get_object_or_404(self.review.evidence, pk=self.kwargs["pk"])
        self.model, self.form_class = EVIDENCE_FORMS[evidence.kind]
        return evidence.specific

    def get_form_class(self):
        return self.form_class

    def get_title(self):
        return f"Edit: {self.object}"

    def get_success_url(self):
        return evidence_url(self.object)

    def form_valid(self, form):
        if isinstance(form, forms.DocumentForm):
            self.object = services.document_save(form=form)
            return self.saved(self.object, "Your changes have been saved.")
        response = super().form_valid(form)
        self.object.reindex()
        return response


class EvidenceDelete(ChildDeleteView):
    model = Evidence
    section = EVIDENCE
    title = "Delete this evidence?"


class EvidenceMove(ChildMoveView):
    model = Evidence
    section = EVIDENCE


def evidence_url(evidence):
    return reverse(
        "reviews:evidence_detail", kwargs={"slug": evidence.review.slug, "pk": evidence.pk}
    )


class EvidencePartMixin(ChildMixin):
    """Rows inside one piece of evidence (question groups, questions, tables), found
    through `evidence_lookup`, the path from the row to its evidence."""

    evidence_model = None
    evidence_lookup = None

    def get_evidence(self):
        if not hasattr(self, "_evidence"):
            self._evidence = get_object_or_404(
                self.evidence_model.objects.filter(review=self.review),
                pk=self.kwargs["evidence_pk"],
            )
        return self._evidence

    def get_queryset(self):
        return self.model.objects.filter(**{self.evidence_lookup: self.get_evidence()})

    def section_url(self):
        return evidence_url(self.get_evidence())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["section_title"] = self.get_evidence().title
        return context

    def form_valid(self, form):
        response = self.save(form)
        self.get_evidence().reindex()
        return response

    def save(self, form):
        return ChildMixin.form_valid(self, form)


class QuestionGroupMixin(EvidencePartMixin):
    model = QuestionGroup
    evidence_model = QuestionSet
    evidence_lookup = "question_set"
    form_class = forms.QuestionGroupForm


class QuestionGroupCreate(QuestionGroupMixin, ChildCreateView):
    title = "Add a partner or group of questions"
    success_message = "Group added."

    def save(self, form):
        form.instance.question_set = self.get_evidence()
        form.instance.position = services.next_position(self.get_evidence().groups.all())
        return super().save(form)


class QuestionGroupUpdate(QuestionGroupMixin, ChildUpdateView):
    title = "Edit the group"
    edit_noun = "group"


class QuestionMixin(EvidencePartMixin):
    model = Question
    evidence_model = QuestionSet
    evidence_lookup = "group__question_set"
    form_class = forms.QuestionForm


class QuestionCreate(QuestionMixin, ChildCreateView):
    title = "Add a question"
    success_message = "Question added."

    def save(self, form):
        group = get_object_or_404(self.get_evidence().groups, pk=self.kwargs["group_pk"])
        form.instance.group = group
        form.instance.position = services.next_position(group.questions.all())
        return super().save(form)


class QuestionPaste(QuestionMixin, PasteView):
    """A table of questions and answers pasted at once (Appendix G in one go)."""

    form_class = PasteQuestionsForm
    title = "Paste questions and answers"
    preview_headings = ["Who is asked", "Question", "Answer"]
    noun_plural = "questions"
    form_valid = PasteView.form_valid  # the preview step, not `EvidencePartMixin`'s save

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "question_set": self.get_evidence()}

    def preview_rows(self, items):
        return [
            [
                f"{item['heading']} (new group)" if item["new_group"] else item["heading"],
                item["text"],
                item["answer"],
            ]
            for item in items
        ]

    def save_items(self, form):
        services.questions_add(question_set=self.get_evidence(), rows=form.cleaned_data["items"])


class QuestionUpdate(QuestionMixin, ChildUpdateView):
    title = "Edit the question or record its answer"


class DataTableMixin(EvidencePartMixin):
    model = DataTable
    evidence_model = DataSet
    evidence_lookup = "dataset"
    form_class = forms.DataTableForm

    def save(self, form):
        table = services.data_table_save(form=form, dataset=self.get_evidence())
        return self.saved(table, "Table saved: the rows add up.")


class DataTableCreate(DataTableMixin, ChildCreateView):
    title = "Add a table"


class DataTableUpdate(DataTableMixin, ChildUpdateView):
    title = "Edit the table"
    edit_noun = "table"


@login_required
def document_download(request, slug, pk):
    review = get_review_for(request.user, slug)
    document = get_object_or_404(Document, pk=pk, review=review)
    if not document.file:
        raise Http404("This document has no file.")
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_filename or document.file.name.rsplit("/", 1)[-1],
        content_type=document.content_type or "application/octet-stream",
    )


class EvidenceOrder(ChildOrderView):
    model = Evidence
    section = EVIDENCE
    noun_plural = "evidence"
