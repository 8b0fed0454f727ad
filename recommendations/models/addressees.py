"""Whom a recommendation is addressed to, each responding separately, and the
statutory clock of each: a response is due a period after the report was presented
that its responding body's statutory basis sets (`scrutiny.RespondingBody.Basis`).

`AddresseeQuerySet` computes the due dates in SQL, one comparison of the
presentation date with a constant per period, so lists, filters and counts agree
with `RecommendationAddressee.response_due_on` to the day (a test holds them
together) and use the index on the presentation date."""

import datetime
import functools
import operator

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Prefetch, Q, Value, When
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from recommendations.models.recommendations import Recommendation
from reviews.models import Review
from scrutiny.models import RESPONSE_PERIODS, RespondingBody


def first_date_due_on_or_after(day, months, days=0):
    """The earliest presentation date whose due date (`months` later, as
    `relativedelta` counts them, then `days` more) falls on or after `day`. Due dates
    never go down as the presentation date goes up, so "due before `day`" is
    "presented before this"."""

    def due(presented):
        return presented + relativedelta(months=months) + datetime.timedelta(days=days)

    candidate = day - relativedelta(months=months) - datetime.timedelta(days=days + 3)
    while due(candidate) < day:
        candidate += datetime.timedelta(days=1)
    return candidate


def _response_of(prefix=""):
    """Subquery: the response of the addressee row at `OuterRef(prefix)`."""
    from recommendations.models.responses import Response

    return Response.objects.filter(
        recommendation=OuterRef(f"{prefix}recommendation"),
        responding_body=OuterRef(f"{prefix}responding_body"),
    )


class AddresseeQuerySet(models.QuerySet):
    def _with_panel_period(self):
        return self.alias(
            panel_period=Coalesce(
                "recommendation__review__response_period_months",
                "recommendation__review__body__default_response_period_months",
            )
        )

    @staticmethod
    def _due_before(day):
        """Q: the response falls due before `day` (needs `_with_panel_period`)."""
        presented = "recommendation__review__presented_on__lt"
        fixed = [
            Q(responding_body__basis=basis, **{presented: first_date_due_on_or_after(day, *p)})
            for basis, p in RespondingBody.FIXED_PERIODS.items()
        ]
        panel_set = Q(
            functools.reduce(
                operator.or_,
                (
                    Q(panel_period=months, **{presented: first_date_due_on_or_after(day, months)})
                    for months in RESPONSE_PERIODS
                ),
            ),
            ~Q(responding_body__basis__in=list(RespondingBody.FIXED_PERIODS)),
        )
        return functools.reduce(operator.or_, fixed, panel_set)

    @staticmethod
    def _awaiting():
        """Q: awaiting a response -- mirrored in Python by
        `RecommendationAddressee.is_awaiting_response`: report presented, no response
        received (a draft does not stop the clock)."""
        from recommendations.models.responses import Response

        received = _response_of().exclude(status=Response.Status.DRAFT)
        return Q(recommendation__review__status=Review.Status.PRESENTED) & ~Exists(received)

    def awaiting_response(self):
        return self.filter(self._awaiting())

    def overdue(self, today):
        """Awaiting a response whose due date has passed (due yesterday or earlier:
        a response received on the due date is on time)."""
        return self.awaiting_response()._with_panel_period().filter(self._due_before(today))

    def due_between(self, start, end):
        """Awaiting a response due on a day from `start` to `end`, both included."""
        return (
            self.awaiting_response()
            ._with_panel_period()
            .filter(recommendation__review__presented_on__isnull=False)
            .filter(~self._due_before(start), self._due_before(end + datetime.timedelta(days=1)))
        )

    def with_overdue(self, today):
        """Annotate `is_overdue` (see `overdue`) on every row."""
        return self._with_panel_period().annotate(
            is_overdue=Case(
                When(self._awaiting() & self._due_before(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )

    def overdue_counts_on(self, days):
        """How many responses were overdue on each of `days` (a list of dates), as a
        list in the same order: due before the day and not received by then, a late
        response counting until the day it arrived. One aggregate query, however
        many days."""
        from recommendations.models.responses import Response

        def overdue_on(day):
            received_by_then = _response_of().filter(
                ~Q(status=Response.Status.DRAFT), received_on__lte=day
            )
            return (
                Q(recommendation__review__presented_on__lte=day)
                & self._due_before(day)
                & ~Exists(received_by_then)
            )

        totals = (
            self.filter(recommendation__review__presented_on__isnull=False)
            ._with_panel_period()
            .aggregate(
                **{f"d{i}": Count("pk", filter=overdue_on(day)) for i, day in enumerate(days)}
            )
        )
        return [totals[f"d{i}"] for i in range(len(days))]


class RecommendationAddressee(models.Model):
    """One responding body a recommendation is addressed to; it answers with its own
    `Response`. A recommendation to the panel itself has none of these."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="addressee_links"
    )
    responding_body = models.ForeignKey(
        RespondingBody, on_delete=models.PROTECT, related_name="addressee_links"
    )

    objects = AddresseeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "responding_body__name"]
        verbose_name = "addressee"
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "responding_body"],
                name="unique_addressee_per_recommendation",
                violation_error_message="The recommendation is already addressed to them.",
            ),
        ]

    def __str__(self):
        return f"{self.recommendation} → {self.responding_body}"

    @property
    def review(self):
        return self.recommendation.review

    @property
    def response_due_on(self):
        return self.responding_body.response_due_on(self.recommendation.review)

    @property
    def response(self):
        """The response, or None; from `Recommendation.responses_by_body` so a list
        with `prefetch_related("responses")` asks nothing more."""
        return self.recommendation.responses_by_body.get(self.responding_body_id)

    @property
    def is_awaiting_response(self):
        """The Python side of `AddresseeQuerySet.awaiting_response` (a test holds the
        two together)."""
        response = self.response
        return self.recommendation.review.status == Review.Status.PRESENTED and (
            response is None or response.is_draft
        )

    def is_overdue_on(self, today):
        due = self.response_due_on
        return bool(self.is_awaiting_response and due and due < today)


def addressees_prefetch(today):
    """Prefetch each recommendation's addressees with their responding body and
    `is_overdue` on `today` (computed in the same SQL as the filters), and its
    responses: what a list shows of each addressee, in two queries."""
    return [
        Prefetch(
            "addressee_links",
            queryset=RecommendationAddressee.objects.select_related("responding_body").with_overdue(
                today
            ),
        ),
        "responses",
    ]
