"""The report's pages inside a review: what it contains and who wrote what
(`report`), the report as it stands now (`report_online`), the authored sections,
the PDF (rendered in the background, with a status page to poll), and the
publisher's steps: the Panel's agreement, presentation to the Commissioner,
publication. Thin: scoped lookup and permission (`generic.ReviewMixin`), then a
model method or service, then a redirect with a message."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import FormView

from reviews import lifecycle, readiness
from reviews import pdf as report_pdf
from reviews.forms import (
    AgreementForm,
    OtherSectionForm,
    PresentationForm,
    PublishForm,
    ReportSectionForm,
)
from reviews.models import ReportSection, Review
from reviews.publishing import report_publish
from reviews.report import assemble_report, render_report_body
from reviews.report.starting_drafts import STARTING_DRAFTS, starting_draft
from reviews.views.generic import (
    ChildCreateView,
    ChildDeleteView,
    ChildUpdateView,
    ReviewMixin,
    ReviewPage,
)
from scrutiny.exceptions import TransitionNotAllowed

REPORT = ("Report", "reviews:report")

# The authored sections of fixed kinds, in the order the report prints them, with a
# line on what each is for.
AUTHORED_KINDS = [
    (ReportSection.Kind.FOREWORD, "Signed by the chair; opens the report."),
    (ReportSection.Kind.ACKNOWLEDGEMENTS, "After the foreword: everyone who took part."),
    (ReportSection.Kind.CONTEXT, "Section 3."),
    (ReportSection.Kind.PANEL_ROLE, "Section 4."),
    (ReportSection.Kind.METHODOLOGY, "Section 5."),
    (ReportSection.Kind.BACKGROUND, "Section 6."),
    (ReportSection.Kind.CORE_QUESTIONS, "Section 7."),
    (
        ReportSection.Kind.RECOMMENDATIONS_INTRO,
        "Section 9, before the recommendations themselves.",
    ),
]
FIXED_KINDS = {kind.value for kind, _ in AUTHORED_KINDS}


def report_url(review, name="reviews:report", **kwargs):
    return reverse(name, kwargs={"slug": review.slug, **kwargs})


# --- the report's own pages -----------------------------------------------------------


class ReportView(ReviewPage):
    """What the report is made of: the authored sections (written or not), the other
    sections, the PDF and, for the publisher, the steps to publication."""

    template_name = "report/report_overview.html"
    section = REPORT

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sections = list(self.review.sections.all())
        by_kind = {s.kind: s for s in sections if s.kind != ReportSection.Kind.OTHER}
        context["authored"] = [
            {"kind": kind, "label": kind.label, "note": note, "section": by_kind.get(kind)}
            for kind, note in AUTHORED_KINDS
        ]
        context["others"] = [s for s in sections if s.kind == ReportSection.Kind.OTHER]
        context["can_publish"] = self.review.user_can_publish(self.request.user)
        context["publications"] = self.review.publications.select_related("published_by", "version")
        context["is_final_stage"] = self.review.is_agreed
        context["statuses"] = Review.Status
        context["publishable"] = self.review.is_agreed
        return context


class ReportOnlineView(ReviewPage):
    """The report as it stands now, assembled from the review's records: the same
    partials as the PDF, with the report's contents beside it on wide screens."""

    template_name = "report/report_online.html"
    section = REPORT

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = assemble_report(self.review)
        context["report"] = report
        context["body"] = render_report_body(self.review, report=report)
        return context


# --- authored sections ------------------------------------------------------------------


class SectionWriteView(ChildUpdateView):
    """Write (or rewrite) the section of a fixed kind: created on first save."""

    model = ReportSection
    form_class = ReportSectionForm
    section = REPORT
    success_message = "The section has been saved."
    edit_noun = "section"

    def get_object(self, queryset=None):
        kind = self.kwargs["kind"]
        if kind not in FIXED_KINDS:
            raise Http404("No such section.")
        existing = self.get_queryset().filter(kind=kind).first()
        return existing or ReportSection(review=self.review, kind=kind)

    def get_title(self):
        label = ReportSection.Kind(self.kwargs["kind"]).label
        return f"Edit: {label}" if self.object.pk else f"Write: {label}"

    def get_template_names(self):
        return ["report/section_write.html"]

    def get_initial(self):
        """With `?starting-draft`, the box is filled with a draft generated from the
        review's records, for the officer to check, edit and save (or not)."""
        initial = super().get_initial()
        if self.request.method == "GET" and "starting-draft" in self.request.GET:
            draft = starting_draft(self.review, self.kwargs["kind"])
            if draft:
                initial["body"] = draft
            else:
                messages.info(self.request, "The review's records give nothing to start from yet.")
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.kwargs["kind"] in STARTING_DRAFTS:
            context["starting_draft_url"] = f"{self.request.path}?starting-draft"
        return context


class OtherSectionCreate(ChildCreateView):
    model = ReportSection
    form_class = OtherSectionForm
    section = REPORT
    title = "Add a section to the report"
    success_message = "Section added to the report."

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = ReportSection(review=self.review, kind=ReportSection.Kind.OTHER)
        return kwargs


class OtherSectionUpdate(ChildUpdateView):
    model = ReportSection
    form_class = OtherSectionForm
    section = REPORT
    title = "Edit a section of the report"
    edit_noun = "section"

    def get_queryset(self):
        return super().get_queryset().filter(kind=ReportSection.Kind.OTHER)


class OtherSectionDelete(ChildDeleteView):
    model = ReportSection
    section = REPORT
    title = "Delete this section of the report?"

    def get_queryset(self):
        return super().get_queryset().filter(kind=ReportSection.Kind.OTHER)


# --- the PDF ------------------------------------------------------------------------


class PdfView(ReviewPage):
    """GET: the PDF's page: a download link when the current report is already
    rendered, otherwise a button. POST: start rendering in the background and go to
    the status page, which refreshes itself until the file is ready."""

    template_name = "report/pdf.html"
    section = REPORT

    def current(self):
        html = report_pdf.print_html(self.review)
        return html, report_pdf.html_key(html)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        _, key = self.current()
        context["key"] = key
        context["status"] = report_pdf.render_status(self.review.pk, key)
        context["is_final_stage"] = self.review.is_agreed
        return context

    def post(self, request, *args, **kwargs):
        html, key = self.current()
        report_pdf.start_render(self.review.pk, html)
        return redirect(report_url(self.review, "reviews:report_pdf_status", key=key))


class PdfStatusView(ReviewPage):
    template_name = "report/pdf_status.html"
    section = REPORT

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["status"].state == "rendering":
            # Browsers reload the page after two seconds: polling without script.
            response["Refresh"] = "2"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        key = self.kwargs["key"]
        context["key"] = key
        context["status"] = report_pdf.render_status(self.review.pk, key)
        return context


class PdfDownloadView(ReviewMixin, View):
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        key = self.kwargs["key"]
        if not report_pdf.is_key(key):
            raise Http404("No such PDF.")
        path = report_pdf.cache_path(self.review.pk, key)
        if not default_storage.exists(path):
            raise Http404("This PDF is not ready, or the report has changed since.")
        kind = "final-report" if self.review.is_agreed else "draft-report"
        return FileResponse(
            default_storage.open(path, "rb"),
            as_attachment=True,
            filename=f"{self.review.slug}-{kind}.pdf",
            content_type="application/pdf",
        )


# --- publishing ---------------------------------------------------------------------


class PublisherMixin:
    """After `ReviewMixin` in the bases: only the body's publisher (democratic
    services) gets in."""

    section = REPORT

    def dispatch(self, request, *args, **kwargs):
        if not self.review.user_can_publish(request.user):
            raise PermissionDenied("Only democratic services record agreement and publish.")
        return super().dispatch(request, *args, **kwargs)


class PublisherStepView(ReviewMixin, PublisherMixin, FormView):
    template_name = "report/publish_step.html"
    title = ""
    done_message = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["cancel_url"] = report_url(self.review)
        return context

    def form_valid(self, form):
        try:
            self.act(form.cleaned_data)
        except TransitionNotAllowed as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, self.done_message)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return report_url(self.review)


class AgreeView(PublisherStepView):
    form_class = AgreementForm
    title = "Record the Panel's agreement of the final report"
    done_message = "The Panel's agreement has been recorded. The report is now the final report."

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["needs"] = lifecycle.agreement_needs(self.review)
        return context

    def act(self, data):
        lifecycle.review_agree(
            review=self.review,
            user=self.request.user,
            agreed_on=data["agreed_on"],
            meeting=data["meeting"],
        )


class PresentView(PublisherStepView):
    form_class = PresentationForm
    title = "Record that the final report was sent to the Commissioner"
    done_message = (
        "Recorded. The Commissioner's response is now due and the first follow-up is scheduled."
    )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["review"] = self.review
        return kwargs

    def act(self, data):
        lifecycle.review_present(
            review=self.review,
            user=self.request.user,
            presented_on=data["presented_on"],
            response_period_months=data.get("response_period_months"),
        )


class PublishView(PublisherStepView):
    """The final PDF is prepared on the task queue first (this page shows its progress
    and refreshes itself); the publish button appears once it is ready, so the
    request that publishes only reads the file."""

    form_class = PublishForm
    template_name = "report/publish.html"

    @property
    def title(self):
        if self.review.is_published:
            return "Publish a correction to the final report"
        return "Publish the final report"

    @cached_property
    def final_pdf(self):
        """(key, status) of the final report's PDF as the report now stands; its render
        is queued if nothing has asked for it yet."""
        html = report_pdf.print_html(self.review, final=True)
        key = report_pdf.html_key(html)
        status = report_pdf.render_status(self.review.pk, key)
        if status.state == "unknown" and self.review.is_agreed:
            report_pdf.start_render(self.review.pk, html)
            status = report_pdf.render_status(self.review.pk, key)
        return key, status

    @cached_property
    def checks(self):
        return readiness.before_publishing(self.review)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["is_correction"] = self.review.is_published
        kwargs["warnings"] = self.checks.warnings
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["checks"] = self.checks
        context["publishable"] = self.review.is_agreed
        context["publications"] = self.review.publications.all()
        if self.review.is_agreed:
            context["pdf_key"], context["pdf_status"] = self.final_pdf
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        status = context.get("pdf_status")
        if status is not None and status.state == "rendering":
            response["Refresh"] = "2"
        return response

    def form_valid(self, form):
        self.confirmed_warnings = form.confirmed_warnings
        return super().form_valid(form)

    def act(self, data):
        if self.final_pdf[1].state != "ready":
            raise TransitionNotAllowed(
                "The final PDF is still being prepared (or the report changed since). "
                "Publish once it is ready."
            )
        self.publication = report_publish(
            review=self.review,
            user=self.request.user,
            correction_reason=data.get("correction_reason", ""),
            confirmed_warnings=self.confirmed_warnings,
        )
        self.done_message = (
            f"The final report has been published (SHA-256 {self.publication.sha256[:12]}…)."
        )

    def get_success_url(self):
        return reverse("public:report", kwargs={"slug": self.review.slug})
