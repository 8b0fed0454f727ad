"""Recommendations: to one or more responding bodies (each answering separately,
see `addressees`) and/or to the panel itself."""

import functools

from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from reviews.models import Conclusion, Review
from scrutiny.models import RespondingBody, Role, ScrutinyBody

# `Response` and `FollowUpAssessment` refer to `Recommendation`, so the methods here
# that need them import them where they are used.


def _is_officer(user, body):
    return user.is_authenticated and user.has_role(body, Role.Name.OFFICER)


def _is_respondent(user, body):
    return user.is_authenticated and user.has_role(body, Role.Name.RESPONDENT)


class RecommendationQuerySet(models.QuerySet):
    def for_user(self, user):
        """Recommendations `user` may see: every recommendation of the reviews their
        body's staff may see; a respondent sees only those addressed to a responding
        body they answer for, and only once the report is presented."""
        if not user.is_authenticated:
            return self.none()
        staff_bodies = ScrutinyBody.objects.for_user(user, roles=Role.Name.staff())
        return self.filter(review__in=Review.objects.for_user(user)).filter(
            Q(review__body__in=staff_bodies)
            | Q(pk__in=self._addressed_to(user.responding_for.all()).values("recommendation"))
        )

    @staticmethod
    def _addressed_to(responding_bodies):
        from recommendations.models.addressees import RecommendationAddressee

        return RecommendationAddressee.objects.filter(responding_body__in=responding_bodies)

    def public(self):
        """Recommendations of published reports: nothing of a review is public before
        its report is (`Review.objects.published`)."""
        return self.filter(review__in=Review.objects.published())

    def needing_response(self):
        """Addressed to at least one responding body (not only to the panel)."""
        return self.filter(Exists(self._addressees_of_row()))

    @staticmethod
    def _addressees_of_row():
        from recommendations.models.addressees import RecommendationAddressee

        return RecommendationAddressee.objects.filter(recommendation=OuterRef("pk"))

    def awaiting_response(self):
        """With at least one addressee's response still to come."""
        return self.filter(Exists(self._addressees_of_row().awaiting_response()))

    def overdue(self, today):
        """With at least one addressee's response overdue."""
        return self.filter(Exists(self._addressees_of_row().overdue(today)))

    def overdue_counts_on(self, days):
        """How many responses (one per addressee) were overdue on each of `days`: see
        `AddresseeQuerySet.overdue_counts_on`. One query."""
        from recommendations.models.addressees import RecommendationAddressee

        return RecommendationAddressee.objects.filter(recommendation__in=self).overdue_counts_on(
            days
        )

    def with_overdue(self, today):
        """Annotate `is_overdue`: some addressee's response is overdue."""
        return self.annotate(is_overdue=Exists(self._addressees_of_row().overdue(today)))

    def with_sort_keys(self, *, published_only=False):
        """Annotate what the tracker sorts by, one value per recommendation however
        many addressees it has: `sort_addressee` (the first short name),
        `sort_decision` (the first decision received) and `sort_target_date` (the
        earliest target date)."""
        from recommendations.models.addressees import RecommendationAddressee
        from recommendations.models.responses import Response

        counted = [Response.Status.PUBLISHED]
        if not published_only:
            counted.append(Response.Status.SUBMITTED)
        responses = Response.objects.filter(recommendation=OuterRef("pk"), status__in=counted)
        first_addressee = RecommendationAddressee.objects.filter(
            recommendation=OuterRef("pk")
        ).order_by("responding_body__short_name")
        return self.annotate(
            sort_addressee=Subquery(first_addressee.values("responding_body__short_name")[:1]),
            sort_decision=Subquery(responses.order_by("decision").values("decision")[:1]),
            sort_target_date=Subquery(
                responses.exclude(target_date=None)
                .order_by("target_date")
                .values("target_date")[:1]
            ),
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
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    reason = models.TextField(help_text="Why: 'The importance of …'")
    text = models.TextField(help_text="The recommendation itself: 'That the PFCC …'")
    addressees = models.ManyToManyField(
        RespondingBody,
        through="RecommendationAddressee",
        blank=True,
        related_name="recommendations",
    )
    to_panel = models.BooleanField(
        default=False, help_text="Addressed to the panel itself: no response is needed."
    )
    conclusions = models.ManyToManyField(Conclusion, blank=True, related_name="recommendations")

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

    @functools.cached_property
    def links(self):
        """Its addressee rows, by name (prefetch `addressee_links__responding_body`)."""
        return sorted(
            self.addressee_links.all(), key=lambda link: link.responding_body.name.casefold()
        )

    @functools.cached_property
    def responses_by_body(self):
        """{responding body id: response} (prefetch `responses`)."""
        return {response.responding_body_id: response for response in self.responses.all()}

    @property
    def needs_response(self):
        return bool(self.links)

    @property
    def addressee_names(self):
        """Each addressee as printed, the panel last: for the report and the lists."""
        names = [link.responding_body.name for link in self.links]
        return names + (["The panel"] if self.to_panel else [])

    @property
    def addressee_label(self):
        names = self.addressee_names
        if len(names) <= 1:
            return names[0] if names else "Nobody yet"
        return f"{', '.join(names[:-1])} and {names[-1]}"

    @property
    def addressee_short(self):
        """For narrow columns: 'Commissioner', 'Cabinet, ICB', 'Panel'."""
        names = [link.responding_body.short_name for link in self.links]
        return ", ".join(names + (["Panel"] if self.to_panel else [])) or "None"

    def link_for(self, responding_body_id):
        for link in self.links:
            if link.responding_body_id == responding_body_id:
                return link
        return None

    def mark_visible_responses(self, user):
        """Give each addressee row (`links`) `visible_response`: its response if
        `user` may see it (`Response.user_can_view`: a draft only to the people writing
        it), else None. Every page that shows responses asks this."""
        for link in self.links:
            response = link.response
            link.visible_response = (
                response if response is not None and response.user_can_view(user) else None
            )
        return self

    def is_overdue_on(self, today):
        """Some addressee's response is overdue (the same rule as the QuerySet's)."""
        return any(link.is_overdue_on(today) for link in self.links)

    # --- access (the one rule; views and templates ask these) -------------------
    def user_can_respond(self, user, responding_body):
        """May `user` write (or go on writing) `responding_body`'s response? The
        body's officers may, until it is published; the respondents who answer for
        that responding body may while it is a draft. Only once the report has been
        presented, and only for an addressee of the recommendation."""
        if not (self.review.is_presented and self.link_for(responding_body.pk)):
            return False
        response = self.responses_by_body.get(responding_body.pk)
        if _is_officer(user, self.review.body):
            return response is None or not response.is_published
        if (
            _is_respondent(user, self.review.body)
            and responding_body.respondents.filter(pk=user.pk).exists()
        ):
            return response is None or response.is_draft
        return False
