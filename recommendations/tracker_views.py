"""The recommendation tracker across reviews and bodies (signed in and public), its
charts and spreadsheet exports, and each body's calendar feed.

The list is filtered by `TrackerFilter` and paginated; the page costs the same
number of queries however many recommendations there are.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from recommendations import charts
from recommendations.exports import tracker_csv, tracker_xlsx
from recommendations.filters import TrackerFilter
from recommendations.models import (
    CalendarFeed,
    FollowUpAssessment,
    Recommendation,
    addressees_prefetch,
)
from recommendations.services import calendar_ics
from reviews.models import Review
from scrutiny.models import Role, ScrutinyBody

PAGE_SIZE = 25
DEFAULT_ORDER = ["review__body__name", "review__working_group_name", "number"]

# (sort key, column heading) of the sortable columns, in the order shown.
COLUMNS = [
    ("review", "Review"),
    ("number", "No."),
    ("addressee", "To"),
    ("decision", "Response"),
    ("target_date", "Target date"),
    ("implementation", "Implementation"),
    ("rag", "RAG status"),
]


class TrackerMixin:
    """The filtered recommendations the viewer may see."""

    public = False

    def recommendations(self):
        if self.public:
            base = Recommendation.objects.public()
        else:
            base = Recommendation.objects.for_user(self.request.user)
        return (
            base.select_related("review__body")
            .prefetch_related(*addressees_prefetch(timezone.localdate()))
            .with_latest_assessment(published_only=self.public)
            .with_sort_keys(published_only=self.public)
            .with_overdue(timezone.localdate())
            .order_by(*DEFAULT_ORDER)
        )

    def get_filterset(self):
        if not hasattr(self, "_filterset"):
            if self.public:
                reviews = Review.objects.published()
                bodies = ScrutinyBody.objects.filter(reviews__in=reviews).distinct()
            else:
                reviews = Review.objects.for_user(self.request.user)
                bodies = ScrutinyBody.objects.for_user(self.request.user)
            self._filterset = TrackerFilter(
                self.request.GET or None,
                queryset=self.recommendations(),
                bodies=bodies.order_by("name"),
                reviews=reviews.select_related(None).order_by("working_group_name"),
                public=self.public,
                request=self.request,
            )
        return self._filterset

    def filtered(self):
        queryset = self.get_filterset().qs
        if self.request.GET.get("sort"):
            # Ties broken the same way every time, so pages do not shuffle rows.
            queryset = queryset.order_by(*queryset.query.order_by, *DEFAULT_ORDER, "pk")
        return queryset

    def query_without(self, *names, **values):
        query = self.request.GET.copy()
        for name in names:
            query.pop(name, None)
        for name, value in values.items():
            query[name] = value
        return query.urlencode()

    def sort_columns(self):
        current = self.request.GET.get("sort", "")
        columns = []
        for key, label in COLUMNS:
            if current == key:
                aria, next_sort = "ascending", f"-{key}"
            elif current == f"-{key}":
                aria, next_sort = "descending", key
            else:
                aria, next_sort = "none", key
            columns.append(
                {
                    "key": key,
                    "label": label,
                    "aria_sort": aria,
                    "query": self.query_without("page", sort=next_sort),
                }
            )
        return columns


class TrackerPage(TrackerMixin, TemplateView):
    """The tracker's list; signed in (`TrackerView`) or public (`PublicTrackerView`)."""

    template_name = "recommendations/tracker.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(self.filtered(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        implementation = dict(FollowUpAssessment.Implementation.choices)
        for recommendation in page:
            for link in recommendation.links:
                response = link.response
                shown = response is not None and (
                    response.is_published if self.public else not response.is_draft
                )
                link.shown_response = response if shown else None
            recommendation.implementation_label = implementation.get(
                recommendation.latest_implementation, ""
            )
        user = self.request.user
        context.update(
            filter=self.get_filterset(),
            page=page,
            columns=self.sort_columns(),
            page_query=self.query_without("page"),
            export_query=self.query_without("page"),
            public=self.public,
            show_body=len(self.get_filterset().filters["body"].queryset) > 1,
            calendar_bodies=ScrutinyBody.objects.for_user(user, roles=[Role.Name.OFFICER])
            if not self.public
            else [],
        )
        return context


class TrackerView(LoginRequiredMixin, TrackerPage):
    """Every recommendation the signed-in user may see."""


class PublicTrackerView(TrackerPage):
    """Published recommendations, responses and follow-up outcomes, for anyone."""

    public = True


class ChartsView(LoginRequiredMixin, TrackerMixin, TemplateView):
    template_name = "recommendations/tracker_charts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.get_filterset()
        recommendations = filterset.qs
        # Charts count; they have no order to choose.
        del filterset.form.fields["sort"]
        context.update(
            filter=filterset,
            charts=[
                charts.responses_by_decision(recommendations),
                charts.implementation_by_status(recommendations),
                charts.overdue_over_time(recommendations, timezone.localdate()),
            ],
            filter_query=self.query_without("page", "sort"),
        )
        return context


class ExportView(LoginRequiredMixin, TrackerMixin, View):
    kind = "csv"

    def get(self, request, *args, **kwargs):
        rows = self.filtered()
        stamp = f"{timezone.localdate():%Y-%m-%d}"
        filename = f"recommendations-{stamp}.{self.kind}"
        if self.kind == "xlsx":
            return FileResponse(
                tracker_xlsx(rows),
                as_attachment=True,
                filename=filename,
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response = StreamingHttpResponse(tracker_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


# --- a body's calendar feed ---------------------------------------------------------------


class CalendarMixin(LoginRequiredMixin):
    def get_body(self):
        body = get_object_or_404(
            ScrutinyBody.objects.for_user(self.request.user), slug=self.kwargs["body_slug"]
        )
        if not CalendarFeed.user_can_manage(self.request.user, body):
            raise PermissionDenied("Only the body's officers manage its calendar feed.")
        return body


class CalendarView(CalendarMixin, TemplateView):
    template_name = "recommendations/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        body = self.get_body()
        feed = CalendarFeed.for_body(body)
        context.update(
            body=body, feed=feed, feed_url=self.request.build_absolute_uri(feed.get_absolute_url())
        )
        return context


class CalendarRegenerateView(CalendarMixin, View):
    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        self.get_body()
        return self.http_method_not_allowed(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        body = self.get_body()
        CalendarFeed.for_body(body).regenerate(user=request.user)
        messages.success(
            request,
            "The calendar has a new address. The old address no longer works: give the new "
            "one to everyone who subscribed.",
        )
        return HttpResponseRedirect(reverse("tracker:calendar", kwargs={"body_slug": body.slug}))


def calendar_feed(request, token):
    """The feed itself: no sign-in (calendar apps cannot), the token is the key."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("body"), token=token)
    response = HttpResponse(
        calendar_ics(body=feed.body), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{feed.body.slug}.ics"'
    response["Cache-Control"] = "private, max-age=3600"
    return response
