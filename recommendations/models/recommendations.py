"""Recommendations and the statutory clock: a response is due a set number of
months after the report was presented, computed in SQL by
`RecommendationQuerySet` so that lists, filters and counts agree with
`Review.response_due_on` to the day."""

import datetime
import functools
import operator

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import BooleanField, Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from reviews.models import Conclusion, Review
from scrutiny.models import RESPONSE_PERIODS, Role, ScrutinyBody

# `Response` and `FollowUpAssessment` refer to `Recommendation`, so the methods here
# that need them import them where they are used.


def first_date_due_on_or_after(day, months):
    """The earliest presentation date whose due date (`months` later, as
    `relativedelta` counts them) falls on or after `day`. Due dates never go down as
    the presentation date goes up, so "due before `day`" is "presented before this"."""
    candidate = day - relativedelta(months=months) - datetime.timedelta(days=3)
    while candidate + relativedelta(months=months) < day:
        candidate += datetime.timedelta(days=1)
    return candidate


def _is_officer(user, body):
    return user.is_authenticated and user.has_role(body, Role.Name.OFFICER)


def _is_respondent(user, body):
    return user.is_authenticated and user.has_role(body, Role.Name.RESPONDENT)


class RecommendationQuerySet(models.QuerySet):
    def for_user(self, user):
        """Recommendations `user` may see: every recommendation of the reviews their
        body's staff may see; a respondent sees only those addressed to the
        Commissioner or the office, and only once the report is presented."""
        if not user.is_authenticated:
            return self.none()
        staff_bodies = ScrutinyBody.objects.for_user(user, roles=Role.Name.staff())
        return self.filter(review__in=Review.objects.for_user(user)).filter(
            Q(review__body__in=staff_bodies) | Q(addressee__in=Recommendation.ANSWERED_BY_OFFICE)
        )

    def public(self):
        """Recommendations of reports presented to the Commissioner: published by law."""
        return self.filter(review__status__in=Review.Status.presented_or_later())

    def needing_response(self):
        return self.filter(addressee__in=Recommendation.ANSWERED_BY_OFFICE)

    @staticmethod
    def _awaiting():
        """Q: awaiting a response -- the one rule, mirrored in Python by
        `Recommendation.is_awaiting_response`: addressed to the Commissioner's side,
        report presented, no response received (a draft does not stop the clock)."""
        from recommendations.models.responses import Response

        return (
            Q(addressee__in=Recommendation.ANSWERED_BY_OFFICE)
            & Q(review__status=Review.Status.PRESENTED)
            & (Q(response__isnull=True) | Q(response__status=Response.Status.DRAFT))
        )

    def awaiting_response(self):
        return self.filter(self._awaiting())

    def _with_response_period(self):
        return self.alias(
            response_period=Coalesce(
                "review__response_period_months", "review__body__default_response_period_months"
            )
        )

    @staticmethod
    def _due_before(day):
        """Q: the response falls due before `day` (needs `_with_response_period`)."""
        return functools.reduce(
            operator.or_,
            (
                Q(
                    response_period=months,
                    review__presented_on__lt=first_date_due_on_or_after(day, months),
                )
                for months in RESPONSE_PERIODS
            ),
        )

    def overdue(self, today):
        """Awaiting a response whose due date has passed (due yesterday or earlier:
        a response received on the due date is on time)."""
        return self.awaiting_response()._with_response_period().filter(self._due_before(today))

    def due_between(self, start, end):
        """Awaiting a response due on a day from `start` to `end`, both included."""
        return (
            self.awaiting_response()
            ._with_response_period()
            .filter(review__presented_on__isnull=False)
            .filter(~self._due_before(start), self._due_before(end + datetime.timedelta(days=1)))
        )

    def overdue_counts_on(self, days):
        """How many responses were overdue on each of `days` (a list of dates), as a
        list in the same order: due before the day and not received by then, a late
        response counting until the day it arrived. One aggregate query over the
        recommendations and their (one-to-one) responses, however many days."""
        from recommendations.models.responses import Response

        def overdue_on(day):
            not_received_by_then = (
                Q(response__isnull=True)
                | Q(response__status=Response.Status.DRAFT)
                | Q(response__received_on__isnull=True)
                | Q(response__received_on__gt=day)
            )
            return Q(review__presented_on__lte=day) & self._due_before(day) & not_received_by_then

        totals = (
            self.needing_response()
            .filter(review__presented_on__isnull=False)
            ._with_response_period()
            .aggregate(
                **{f"d{i}": Count("pk", filter=overdue_on(day)) for i, day in enumerate(days)}
            )
        )
        return [totals[f"d{i}"] for i in range(len(days))]

    def with_overdue(self, today):
        """Annotate `is_overdue` (see `overdue`) on every row."""
        return self._with_response_period().annotate(
            is_overdue=Case(
                When(self._awaiting() & self._due_before(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )

    def with_latest_assessment(self, *, published_only=False):
        """Annotate `latest_implementation`, `latest_rag` and `latest_outcome` from the
        latest follow-up that assessed each recommendation ('' if none has)."""
        from recommendations.models.follow_ups import FollowUpAssessment

        latest = FollowUpAssessment.objects.filter(recommendation=OuterRef("pk")).exclude(
            implementation=""
        )
        if published_only:
            latest = latest.filter(follow_up__published_at__isnull=False)
        latest = latest.order_by("-follow_up__sequence")
        return self.annotate(
            latest_implementation=Coalesce(
                Subquery(latest.values("implementation")[:1]), Value("")
            ),
            latest_rag=Coalesce(Subquery(latest.values("rag")[:1]), Value("")),
            latest_outcome=Coalesce(Subquery(latest.values("outcome")[:1]), Value("")),
        )


class Recommendation(models.Model):
    class Addressee(models.TextChoices):
        COMMISSIONER = "commissioner", "The Commissioner (PFCC)"
        OFFICE = "office", "The Commissioner's office (OPFCC)"
        PANEL = "panel", "The Panel"
        OTHER = "other", "Another body"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    reason = models.TextField(help_text="Why: 'The importance of …'")
    text = models.TextField(help_text="The recommendation itself: 'That the PFCC …'")
    addressee = models.CharField(max_length=20, choices=Addressee, default=Addressee.COMMISSIONER)
    addressee_other = models.CharField(max_length=255, blank=True)
    conclusions = models.ManyToManyField(Conclusion, blank=True, related_name="recommendations")

    # Recommendations the Commissioner's side must answer.
    ANSWERED_BY_OFFICE = [Addressee.COMMISSIONER, Addressee.OFFICE]

    objects = RecommendationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "number"],
                name="unique_recommendation_number",
                violation_error_message="That number is already used by another recommendation.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="recommendation_number_positive",
                violation_error_message="Recommendation numbers start at 1.",
            ),
        ]

    def __str__(self):
        return f"Recommendation {self.number}: {self.text[:60]}"

    def get_absolute_url(self):
        return reverse("recommendations:detail", kwargs={"slug": self.review.slug, "pk": self.pk})

    @property
    def needs_response(self):
        """The Commissioner's side answers recommendations addressed to it."""
        return self.addressee in self.ANSWERED_BY_OFFICE

    @property
    def addressee_label(self):
        if self.addressee == self.Addressee.OTHER and self.addressee_other:
            return self.addressee_other
        return self.get_addressee_display()

    @property
    def addressee_short(self):
        """For narrow columns: 'Commissioner', 'Office', 'Panel' or the other body."""
        if self.addressee == self.Addressee.OTHER:
            return self.addressee_other or "Another body"
        return {
            self.Addressee.COMMISSIONER: "Commissioner",
            self.Addressee.OFFICE: "Office",
            self.Addressee.PANEL: "Panel",
        }[self.addressee]

    @property
    def response_due_on(self):
        return self.review.response_due_on if self.needs_response else None

    @property
    def current_response(self):
        """The response, or None (without raising when there is none)."""
        from recommendations.models.responses import Response

        try:
            return self.response
        except Response.DoesNotExist:
            return None

    @property
    def is_awaiting_response(self):
        """The Python side of `RecommendationQuerySet.awaiting_response` (a test
        holds the two together)."""
        from recommendations.models.responses import Response

        response = self.current_response
        return (
            self.needs_response
            and self.review.status == Review.Status.PRESENTED
            and (response is None or response.status == Response.Status.DRAFT)
        )

    def is_overdue_on(self, today):
        """Awaiting a response after its due date (the same rule as the QuerySet's)."""
        return bool(
            self.is_awaiting_response and self.response_due_on and self.response_due_on < today
        )

    # --- access (the one rule; views and templates ask these) -------------------
    def user_can_respond(self, user):
        """May `user` write (or go on writing) the response to this recommendation?
        The body's officers may, until it is published; the Commissioner's office may
        while it is a draft. Only recommendations addressed to the Commissioner's
        side are answered, and only once the report has been presented."""
        from recommendations.models.responses import Response

        if not (self.needs_response and self.review.is_presented):
            return False
        response = self.current_response
        if _is_officer(user, self.review.body):
            return response is None or response.status != Response.Status.PUBLISHED
        if _is_respondent(user, self.review.body):
            return response is None or response.status == Response.Status.DRAFT
        return False
