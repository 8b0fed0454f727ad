"""The follow-up of a review's recommendations, inside the review: scheduled when the
report is presented, the Commissioner's progress update and the panel's assessment
of each recommendation, completed (carrying some forward to the next follow-up),
published, and printed as a follow-up report."""

from collections import Counter
from pathlib import Path

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from recommendations.forms import AssessmentForm, FollowUpCompleteForm, ProgressUpdateForm
from recommendations.models import (
    FollowUp,
    FollowUpAssessment,
    Recommendation,
    Response,
    addressees_prefetch,
)
from recommendations.services import follow_up_record_progress, follow_up_row
from reviews import pdf as report_pdf
from reviews.views.generic import EditConflictMixin, ReviewMixin, ReviewPage
from scrutiny.exceptions import TransitionNotAllowed

SECTION = ("Follow-up", "recommendations:follow_ups")


class FollowUpListView(ReviewPage):
    template_name = "recommendations/follow_up_list.html"
    section = SECTION

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        follow_ups = list(self.review.follow_ups.order_by("sequence"))
        context.update(
            follow_ups=follow_ups,
            first_due_on=self.review.follow_up_due_on,
            can_schedule=FollowUp.user_can_schedule_first(self.request.user, self.review),
            today=timezone.localdate(),
        )
        return context


class FollowUpScheduleView(ReviewMixin, View):
    """Schedule the first follow-up (due the body's interval after presentation), for
    a review presented before presenting scheduled it by itself."""

    requires_run = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if self.review.follow_ups.exists():
            messages.error(request, "The follow-up is already scheduled.")
            return HttpResponseRedirect(reverse(SECTION[1], kwargs={"slug": self.review.slug}))
        try:
            follow_up = FollowUp.schedule_first(review=self.review)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse(SECTION[1], kwargs={"slug": self.review.slug}))
        messages.success(request, f"Follow-up 1 is due on {follow_up.due_on:%-d %B %Y}.")
        return HttpResponseRedirect(follow_up.get_absolute_url())


class FollowUpMixin(ReviewMixin):
    section = SECTION

    def get_follow_up(self):
        if not hasattr(self, "_follow_up"):
            self._follow_up = get_object_or_404(
                self.review.follow_ups.select_related("review__body"), pk=self.kwargs["pk"]
            )
        return self._follow_up

    def rows(self):
        """One row per recommendation under follow-up that the user may see, with its
        received response and this follow-up's update and assessment."""
        follow_up = self.get_follow_up()
        user = self.request.user
        recommendations = (
            Recommendation.objects.for_user(user)
            .filter(pk__in=follow_up.recommendations_to_assess().values("pk"))
            .select_related("review__body")
            .prefetch_related(*addressees_prefetch(timezone.localdate()))
            .order_by("number")
        )
        assessments = {a.recommendation_id: a for a in follow_up.assessments.all()}
        rows = []
        for recommendation in recommendations:
            rows.append(
                {
                    "recommendation": recommendation,
                    "addressees": addressees_with_responses(recommendation),
                    "assessment": assessments.get(recommendation.pk),
                    "can_record_progress": follow_up.user_can_record_progress(user, recommendation),
                }
            )
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["follow_up"] = self.get_follow_up()
        return context


def addressees_with_responses(recommendation):
    """Its addressees, each with `received`: its response once received (not a
    draft), else None."""
    links = recommendation.links
    for link in links:
        response = link.response
        link.received = response if response is not None and not response.is_draft else None
    return links


def summarise(rows):
    """Counts of the assessed rows by implementation status and by RAG rating."""
    assessed = [r["assessment"] for r in rows if r["assessment"] and r["assessment"].is_assessed]
    implementation = Counter(a.implementation for a in assessed)
    rag = Counter(a.rag for a in assessed)
    return {
        "assessed": len(assessed),
        "implementation": [
            (label, implementation[value])
            for value, label in FollowUpAssessment.Implementation.choices
        ],
        "rag": [(label, rag[value]) for value, label in FollowUpAssessment.Rag.choices],
    }


class FollowUpDetailView(FollowUpMixin, TemplateView):
    template_name = "recommendations/follow_up_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        follow_up = self.get_follow_up()
        user = self.request.user
        rows = self.rows()
        context.update(
            rows=rows,
            summary=summarise(rows),
            can_edit=follow_up.user_can_edit(user),
            can_publish=follow_up.user_can_publish(user),
            unassessed=[r for r in rows if not (r["assessment"] and r["assessment"].is_assessed)],
            today=timezone.localdate(),
        )
        return context


class FollowUpRecommendationMixin(FollowUpMixin):
    """One recommendation under this follow-up, visible to the user; its row of the
    follow-up is edited, and a save from a stale form is refused
    (`EditConflictMixin`, after this mixin in the bases)."""

    def get_recommendation(self):
        if not hasattr(self, "_recommendation"):
            follow_up = self.get_follow_up()
            self._recommendation = get_object_or_404(
                Recommendation.objects.for_user(self.request.user)
                .filter(pk__in=follow_up.recommendations_to_assess().values("pk"))
                .select_related("review__body")
                .prefetch_related(*addressees_prefetch(timezone.localdate())),
                pk=self.kwargs["recommendation_pk"],
            )
        return self._recommendation

    def get(self, request, *args, **kwargs):
        self.check()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.check()
        return super().post(request, *args, **kwargs)

    def get_edit_instance(self):
        return follow_up_row(
            follow_up=self.get_follow_up(), recommendation=self.get_recommendation()
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_edit_instance()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recommendation = self.get_recommendation()
        context.update(
            recommendation=recommendation,
            addressees=addressees_with_responses(recommendation),
            cancel_url=self.get_follow_up().get_absolute_url(),
        )
        return context


class ProgressUpdateView(FollowUpRecommendationMixin, EditConflictMixin, FormView):
    template_name = "recommendations/follow_up_form.html"
    form_class = ProgressUpdateForm
    edit_noun = "progress update"

    def check(self):
        if not self.get_follow_up().user_can_record_progress(
            self.request.user, self.get_recommendation()
        ):
            raise PermissionDenied("You cannot record progress on this follow-up.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Progress on recommendation {self.get_recommendation().number}"
        return context

    def form_valid(self, form):
        follow_up_record_progress(
            follow_up=self.get_follow_up(),
            recommendation=self.get_recommendation(),
            text=form.cleaned_data["progress_update"],
            user=self.request.user,
        )
        messages.success(
            self.request,
            f"Progress update on recommendation {self.get_recommendation().number} saved.",
        )
        return HttpResponseRedirect(self.get_follow_up().get_absolute_url())


class AssessView(FollowUpRecommendationMixin, EditConflictMixin, FormView):
    template_name = "recommendations/follow_up_form.html"
    form_class = AssessmentForm
    edit_noun = "assessment"

    def check(self):
        if not self.get_follow_up().user_can_edit(self.request.user):
            raise PermissionDenied("Only the body's officers record the panel's assessment.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Assess recommendation {self.get_recommendation().number}"
        return context

    def form_valid(self, form):
        form.save()
        messages.success(
            self.request, f"Assessment of recommendation {self.get_recommendation().number} saved."
        )
        return HttpResponseRedirect(self.get_follow_up().get_absolute_url())


class FollowUpCompleteView(FollowUpMixin, FormView):
    template_name = "recommendations/follow_up_form.html"
    form_class = FollowUpCompleteForm

    def check(self):
        if not self.get_follow_up().user_can_edit(self.request.user):
            raise PermissionDenied("Only the body's officers complete a follow-up.")

    def get(self, request, *args, **kwargs):
        self.check()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.check()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_follow_up()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Complete follow-up {self.get_follow_up().sequence}"
        context["cancel_url"] = self.get_follow_up().get_absolute_url()
        return context

    def form_valid(self, form):
        follow_up = form.save(commit=False)
        try:
            next_follow_up = follow_up.complete(
                user=self.request.user, held_on=form.cleaned_data["held_on"]
            )
        except TransitionNotAllowed as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        done = f"Follow-up {follow_up.sequence} completed."
        if next_follow_up:
            done += (
                f" Follow-up {next_follow_up.sequence} is due on "
                f"{next_follow_up.due_on:%-d %B %Y} for the recommendations carried forward."
            )
        messages.success(self.request, done)
        return HttpResponseRedirect(follow_up.get_absolute_url())


class FollowUpPublishView(FollowUpMixin, View):
    http_method_names = ["get", "post"]

    def check(self):
        if not self.get_follow_up().user_can_publish(self.request.user):
            raise PermissionDenied("Only democratic services publish a completed follow-up.")

    def get(self, request, *args, **kwargs):
        self.check()
        return self.http_method_not_allowed(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.check()
        follow_up = self.get_follow_up()
        follow_up.publish(user=request.user)
        messages.success(request, f"Follow-up {follow_up.sequence} published beside the responses.")
        return HttpResponseRedirect(follow_up.get_absolute_url())


# --- the follow-up report ---------------------------------------------------------------


def follow_up_report_context(follow_up, rows):
    return {
        "follow_up": follow_up,
        "review": follow_up.review,
        "rows": rows,
        "summary": summarise(rows),
        "decisions": Response.Decision,
    }


class FollowUpReportView(FollowUpMixin, TemplateView):
    """The follow-up report on screen; `print_view` drops the navigation."""

    template_name = "recommendations/follow_up_report.html"
    print_view = False

    def get_template_names(self):
        if self.print_view:
            return ["recommendations/follow_up_print.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(follow_up_report_context(self.get_follow_up(), self.rows()))
        return context


def _stylesheet(name):
    path = finders.find(name)
    if not path:
        raise FileNotFoundError(f"The stylesheet {name} is missing")
    return Path(path).read_text(encoding="utf-8")


class FollowUpPdfView(FollowUpMixin, View):
    """The print skeleton, with its stylesheets inlined, through the report's
    WeasyPrint machinery (`reviews.pdf`: tagged PDF/UA, nothing fetched, rendered on
    the task queue and cached by content). GET downloads it once rendered and
    otherwise shows its progress; POST starts it again after a failure."""

    def print_html(self, follow_up):
        return render_to_string(
            "recommendations/follow_up_print.html",
            {
                **follow_up_report_context(follow_up, self.rows()),
                "pdf": True,
                "print_css": _stylesheet("report/print.css"),
                "follow_up_css": _stylesheet("recommendations/follow-up-print.css"),
            },
        )

    def get(self, request, *args, **kwargs):
        follow_up = self.get_follow_up()
        review_id = follow_up.review_id
        html = self.print_html(follow_up)
        key = report_pdf.html_key(html)
        status = report_pdf.render_status(review_id, key)
        if status.state == "unknown":
            report_pdf.start_render(review_id, html)
            status = report_pdf.render_status(review_id, key)
        if status.state == "ready":
            name = f"{follow_up.review.slug}-follow-up-{follow_up.sequence}.pdf"
            return report_pdf.cached_download(review_id, key, name)
        response = render(
            request,
            "recommendations/follow_up_pdf.html",
            {"follow_up": follow_up, "review": follow_up.review, "status": status},
        )
        if status.state == "rendering":
            response["Refresh"] = "2"
        return response

    def post(self, request, *args, **kwargs):
        follow_up = self.get_follow_up()
        report_pdf.start_render(follow_up.review_id, self.print_html(follow_up))
        return HttpResponseRedirect(request.path)
