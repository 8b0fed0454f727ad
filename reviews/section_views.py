"""The officer's pages inside a review: scope, timetable, working group, meetings,
evidence, findings and conclusions, search and history. Thin: scoped lookup →
permission (in `generic.ReviewMixin`) → form or service → redirect with a message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import FormView

from reviews import forms, services
from reviews.generic import (
    ChildCreateView,
    ChildDeleteView,
    ChildMixin,
    ChildMoveView,
    ChildUpdateView,
    ReviewPage,
)
from reviews.history import review_history, with_changes
from reviews.models import (
    CallForEvidence,
    Conclusion,
    DataSet,
    DataTable,
    Document,
    Evidence,
    Finding,
    KeyLineOfEnquiry,
    Meeting,
    Milestone,
    OralEvidence,
    Question,
    QuestionGroup,
    QuestionSet,
    Review,
    TimetableVariation,
    Witness,
    WorkingGroupMember,
)
from reviews.search import search_evidence
from scrutiny.models import Role, ScrutinyBody

PAGE_SIZE = 25

SCOPE = ("Scope and terms of reference", "reviews:scope")
TIMETABLE = ("Timetable", "reviews:timetable")
WORKING_GROUP = ("Working group", "reviews:working_group")
MEETINGS = ("Meetings", "reviews:meetings")
EVIDENCE = ("Evidence", "reviews:evidence")
FINDINGS = ("Findings and conclusions", "reviews:findings")


# --- creating a review --------------------------------------------------------------


@login_required
def review_create(request):
    bodies = ScrutinyBody.objects.for_user(request.user, roles=[Role.Name.OFFICER])
    if not bodies.exists():
        raise PermissionDenied("Only a body's officers can start a review.")
    form = forms.NewReviewForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        review = services.review_create(form=form, body=form.cleaned_data["body"])
        messages.success(request, f"{review.working_group_name} has been created.")
        return redirect(review)
    return render(request, "reviews/review_create.html", {"form": form})


# --- scope --------------------------------------------------------------------------


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


# --- timetable ----------------------------------------------------------------------


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


class VariationDelete(ChildDeleteView):
    model = TimetableVariation
    section = TIMETABLE
    title = "Delete this variation?"


# --- working group ------------------------------------------------------------------


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


class MemberUpdate(ChildUpdateView):
    model = WorkingGroupMember
    form_class = forms.WorkingGroupMemberForm
    form_takes_review = True
    section = WORKING_GROUP
    title = "Change a member's role"


class MemberDelete(ChildDeleteView):
    model = WorkingGroupMember
    section = WORKING_GROUP
    title = "Remove this member from the working group?"


class MemberMove(ChildMoveView):
    model = WorkingGroupMember
    section = WORKING_GROUP


# --- meetings -----------------------------------------------------------------------


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


class AttendanceView(ChildMixin, FormView):
    form_class = forms.AttendanceForm
    section = MEETINGS
    title = "Who attended?"

    def get_meeting(self):
        return get_object_or_404(self.review.meetings, pk=self.kwargs["pk"])

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

    def get_form_kwargs(self):
        return FormView.get_form_kwargs(self)

    def form_valid(self, form):
        witness = services.witness_add(meeting=self.get_meeting(), data=form.cleaned_data)
        messages.success(self.request, f"Witness added: {witness}")
        return HttpResponseRedirect(self.section_url())


class WitnessDelete(MeetingChildMixin, ChildDeleteView):
    model = Witness
    section = MEETINGS
    title = "Remove this witness?"

    def get_queryset(self):
        return Witness.objects.filter(meeting=self.get_meeting())


# --- evidence -----------------------------------------------------------------------

EVIDENCE_FORMS = {
    Evidence.Kind.ORAL: (OralEvidence, forms.OralEvidenceForm),
    Evidence.Kind.QUESTIONS: (QuestionSet, forms.QuestionSetForm),
    Evidence.Kind.CALL: (CallForEvidence, forms.CallForEvidenceForm),
    Evidence.Kind.DOCUMENT: (Document, forms.DocumentForm),
    Evidence.Kind.DATA: (DataSet, forms.DataSetForm),
}


def evidence_queryset(review):
    return review.evidence.select_related(
        "meeting",
        "oralevidence",
        "questionset",
        "callforevidence",
        "document",
        "dataset",
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
            return redirect("reviews:evidence_add_kind", slug=self.review.slug, kind=kind)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kinds"] = Evidence.Kind.choices
        # The form sends `step` so that "Continue" with nothing chosen is an error.
        context["missing"] = "step" in self.request.GET
        return context


class EvidenceCreate(ChildCreateView):
    form_takes_review = True
    section = EVIDENCE

    def dispatch(self, request, *args, **kwargs):
        if kwargs["kind"] not in EVIDENCE_FORMS:
            raise Http404("No such kind of evidence.")
        self.model, self.form_class = EVIDENCE_FORMS[kwargs["kind"]]
        return super().dispatch(request, *args, **kwargs)

    def get_title(self):
        return f"Add evidence: {Evidence.Kind(self.kwargs['kind']).label.lower()}"

    def get_success_url(self):
        return evidence_url(self.object)

    def form_valid(self, form):
        if isinstance(form, forms.DocumentForm):
            self.object = services.document_save(form=form)
            messages.success(self.request, "Document uploaded and its text extracted.")
            return HttpResponseRedirect(self.get_success_url())
        form.instance.position = services.next_position(self.review.evidence.all())
        response = super().form_valid(form)
        self.object.reindex()
        return response


class EvidenceUpdate(ChildUpdateView):
    form_takes_review = True
    section = EVIDENCE

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
            messages.success(self.request, "Your changes have been saved.")
            return HttpResponseRedirect(self.get_success_url())
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

    def save(self, form):
        form.instance.question_set = self.get_evidence()
        form.instance.position = services.next_position(self.get_evidence().groups.all())
        return super().save(form)


class QuestionGroupUpdate(QuestionGroupMixin, ChildUpdateView):
    title = "Edit the group"


class QuestionMixin(EvidencePartMixin):
    model = Question
    evidence_model = QuestionSet
    evidence_lookup = "group__question_set"
    form_class = forms.QuestionForm


class QuestionCreate(QuestionMixin, ChildCreateView):
    title = "Add a question"

    def save(self, form):
        group = get_object_or_404(self.get_evidence().groups, pk=self.kwargs["group_pk"])
        form.instance.group = group
        form.instance.position = services.next_position(group.questions.all())
        return super().save(form)


class QuestionUpdate(QuestionMixin, ChildUpdateView):
    title = "Edit the question or record its answer"


class DataTableMixin(EvidencePartMixin):
    model = DataTable
    evidence_model = DataSet
    evidence_lookup = "dataset"
    form_class = forms.DataTableForm

    def save(self, form):
        services.data_table_save(form=form, dataset=self.get_evidence())
        messages.success(self.request, "Table saved: the rows add up.")
        return HttpResponseRedirect(self.section_url())


class DataTableCreate(DataTableMixin, ChildCreateView):
    title = "Add a table"


class DataTableUpdate(DataTableMixin, ChildUpdateView):
    title = "Edit the table"


# --- findings and conclusions -----------------------------------------------------------


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


class FindingUpdate(ChildUpdateView):
    model = Finding
    form_class = forms.FindingForm
    form_takes_review = True
    section = FINDINGS
    title = "Edit information identified"


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


# --- search and history ---------------------------------------------------------------


@login_required
def search_all(request):
    """Search the evidence of every review the user may see."""
    query = request.GET.get("q", "").strip()
    page = None
    if query:
        evidence = Evidence.objects.filter(review__in=Review.objects.for_user(request.user))
        results = search_evidence(evidence.select_related("review"), query)
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/search.html",
        {"query": query, "query_string": urlencode({"q": query}), "page": page},
    )


class HistoryView(ReviewPage):
    template_name = "reviews/history.html"
    section = ("History of changes", "reviews:history")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(review_history(self.review), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        with_changes(page.object_list)
        context["page"] = page
        return context
