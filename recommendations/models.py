"""Recommendations, the Commissioner's responses, and the follow-up of what happened.

Who may do what is written once, here, as `user_can_*` methods that views and
templates both ask; the statutory clock (a response due a set number of months after
the report was presented) is computed in SQL by `RecommendationQuerySet`, so lists,
filters and counts agree with `Review.response_due_on` to the day.
"""

import datetime
import functools
import operator
import secrets
import uuid

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import BooleanField, Case, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from reviews.models import Conclusion, Review
from scrutiny.exceptions import TransitionNotAllowed
from scrutiny.models import RESPONSE_PERIODS, Role, ScrutinyBody


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
        try:
            return self.response
        except Response.DoesNotExist:
            return None

    @property
    def is_awaiting_response(self):
        """The Python side of `RecommendationQuerySet.awaiting_response` (a test
        holds the two together)."""
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
        if not (self.needs_response and self.review.is_presented):
            return False
        response = self.current_response
        if _is_officer(user, self.review.body):
            return response is None or response.status != Response.Status.PUBLISHED
        if _is_respondent(user, self.review.body):
            return response is None or response.status == Response.Status.DRAFT
        return False


def response_letter_path(instance, filename):
    return f"responses/{instance.recommendation.review_id}/{uuid.uuid4().hex}/{filename}"


class ResponseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(
            status=Response.Status.PUBLISHED,
            recommendation__review__status__in=Review.Status.presented_or_later(),
        )


class Response(models.Model):
    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        PARTIALLY_ACCEPTED = "partially_accepted", "Partially accepted"
        NOT_ACCEPTED = "not_accepted", "Not accepted"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Received"
        PUBLISHED = "published", "Published"

    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.CASCADE, related_name="response"
    )
    decision = models.CharField(max_length=30, choices=Decision)
    reason = models.TextField(
        blank=True, help_text="Required when the recommendation is not fully accepted."
    )
    response_text = models.TextField()
    actions = models.TextField(blank=True, help_text="The actions promised.")
    lead_officer = models.CharField(max_length=255, blank=True)
    target_date = models.DateField(null=True, blank=True)
    received_on = models.DateField(null=True, blank=True)
    letter = models.FileField(
        upload_to=response_letter_path,
        blank=True,
        help_text="The Commissioner's letter (PDF). Private: served only to signed-in users "
        "who may see the recommendation.",
    )
    letter_filename = models.CharField(max_length=255, blank=True)
    letter_size = models.PositiveBigIntegerField(default=0)
    letter_sha256 = models.CharField(max_length=64, blank=True)

    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    objects = ResponseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="accepted") | ~Q(reason=""),
                name="response_reason_unless_accepted",
                violation_error_message=(
                    "Give the reason when a recommendation is partially accepted or not accepted."
                ),
            ),
        ]

    def __str__(self):
        return f"Response to {self.recommendation}: {self.get_decision_display()}"

    def clean(self):
        if self.decision != self.Decision.ACCEPTED and not self.reason.strip():
            raise ValidationError(
                {"reason": "Give the reason when a recommendation is not fully accepted."},
                code="reason_required",
            )

    @property
    def is_late(self):
        due = self.recommendation.response_due_on
        return bool(due and self.received_on and self.received_on > due)

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    # --- access -------------------------------------------------------------------
    def user_can_view(self, user):
        """A draft is work in progress: the body's officers and the Commissioner's
        office see it; everyone else who may see the recommendation sees it once
        received."""
        if not self.is_draft:
            return True
        body = self.recommendation.review.body
        return _is_officer(user, body) or _is_respondent(user, body)

    def user_can_publish(self, user):
        """Democratic services publish (DOMAIN.md: the publisher publishes the
        response and the follow-up); officers record, publishers publish."""
        return self.status == self.Status.SUBMITTED and self.recommendation.review.user_can_publish(
            user
        )

    def user_can_change_target_date(self, user):
        """Once received, the date moves only with a reason, by the panel's officers
        or the Commissioner's office (who promised it)."""
        body = self.recommendation.review.body
        return not self.is_draft and (_is_officer(user, body) or _is_respondent(user, body))

    def submit(self, *, user, received_on=None):
        if self.status != self.Status.DRAFT:
            raise TransitionNotAllowed("Only a draft response can be submitted.")
        self.status = self.Status.SUBMITTED
        self.submitted_by = user
        self.submitted_at = timezone.now()
        self.received_on = received_on or self.received_on or timezone.localdate()
        self.full_clean()
        self.save()

    def publish(self, *, user):
        if self.status != self.Status.SUBMITTED:
            raise TransitionNotAllowed("Only a received response can be published.")
        self.status = self.Status.PUBLISHED
        self.published_by = user
        self.published_at = timezone.now()
        self.save()

    def change_target_date(self, *, new_date, reason, user):
        """Move the promised date, keeping the old one and why it moved."""
        if not reason or not reason.strip():
            raise ValidationError(
                {"reason": "Say why the target date has changed."}, code="reason_required"
            )
        if new_date == self.target_date:
            raise ValidationError(
                {"new_date": "The new target date is the same as the current one."},
                code="unchanged",
            )
        with transaction.atomic():
            self.target_date_changes.create(
                old_date=self.target_date, new_date=new_date, reason=reason.strip(), changed_by=user
            )
            self.target_date = new_date
            self.save(update_fields=["target_date"])


class TargetDateChange(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="target_date_changes"
    )
    old_date = models.DateField(null=True, blank=True)
    new_date = models.DateField()
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="target_date_change_has_reason",
                violation_error_message="Say why the target date has changed.",
            ),
        ]

    def __str__(self):
        return f"{self.old_date} → {self.new_date}"


class FollowUpQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(review__in=Review.objects.for_user(user))

    def scheduled(self):
        return self.filter(status=FollowUp.Status.SCHEDULED)

    def due_by(self, day):
        """Scheduled and due on or before `day`."""
        return self.scheduled().filter(due_on__lte=day)

    def overdue(self, today):
        return self.scheduled().filter(due_on__lt=today)

    def published(self):
        return self.filter(
            status=FollowUp.Status.COMPLETED,
            published_at__isnull=False,
            review__status__in=Review.Status.presented_or_later(),
        )


class FollowUp(models.Model):
    """A follow-up review of what happened to a review's recommendations."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        COMPLETED = "completed", "Completed"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="follow_ups")
    sequence = models.PositiveSmallIntegerField(default=1)
    due_on = models.DateField()
    held_on = models.DateField(null=True, blank=True)
    meeting = models.CharField(max_length=255, blank=True)
    summary = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.SCHEDULED)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "sequence"],
                name="unique_follow_up_sequence",
                violation_error_message="This review already has a follow-up with that number.",
            ),
        ]

    def __str__(self):
        return f"Follow-up {self.sequence} of {self.review}"

    def get_absolute_url(self):
        return reverse(
            "recommendations:follow_up", kwargs={"slug": self.review.slug, "pk": self.pk}
        )

    @property
    def is_scheduled(self):
        return self.status == self.Status.SCHEDULED

    @property
    def is_published(self):
        return self.published_at is not None

    def is_overdue_on(self, today):
        return self.is_scheduled and self.due_on < today

    def recommendations_to_assess(self):
        """The first follow-up looks at every recommendation; a later one at those
        the previous follow-up carried forward."""
        recommendations = self.review.recommendations.all()
        if self.sequence == 1:
            return recommendations
        return recommendations.filter(
            assessments__follow_up__review=self.review,
            assessments__follow_up__sequence=self.sequence - 1,
            assessments__outcome=FollowUpAssessment.Outcome.CARRIED_FORWARD,
        )

    def unassessed_recommendations(self):
        assessed = self.assessments.exclude(implementation="").values("recommendation")
        return self.recommendations_to_assess().exclude(pk__in=assessed)

    # --- access -------------------------------------------------------------------
    def user_can_edit(self, user):
        """Record the meeting, the assessments and complete it: the body's officers,
        while it is scheduled."""
        return self.is_scheduled and _is_officer(user, self.review.body)

    def user_can_record_progress(self, user, recommendation):
        """The Commissioner's progress update: the office (on recommendations
        addressed to it) or an officer entering it for them, while scheduled."""
        if not self.is_scheduled:
            return False
        body = self.review.body
        if _is_officer(user, body):
            return True
        return _is_respondent(user, body) and recommendation.needs_response

    def user_can_publish(self, user):
        return (
            self.status == self.Status.COMPLETED
            and not self.is_published
            and self.review.user_can_publish(user)
        )

    # --- status changes -------------------------------------------------------------
    @classmethod
    def schedule_first(cls, *, review):
        if review.presented_on is None:
            raise TransitionNotAllowed("A follow-up is due only once the report is presented.")
        return cls.objects.create(review=review, sequence=1, due_on=review.follow_up_due_on)

    def complete(self, *, user, held_on):
        """Close this follow-up; recommendations carried forward get the next one."""
        if self.status != self.Status.SCHEDULED:
            raise TransitionNotAllowed("This follow-up is already completed.")
        missing = list(self.unassessed_recommendations().values_list("number", flat=True))
        if missing:
            numbers = ", ".join(str(n) for n in missing)
            raise TransitionNotAllowed(
                f"Assess every recommendation before completing the follow-up "
                f"(not yet assessed: {numbers})."
            )
        with transaction.atomic():
            self.status = self.Status.COMPLETED
            self.held_on = held_on
            self.completed_by = user
            self.completed_at = timezone.now()
            self.save()
            carried = self.assessments.filter(outcome=FollowUpAssessment.Outcome.CARRIED_FORWARD)
            if carried.exists():
                return FollowUp.objects.create(
                    review=self.review,
                    sequence=self.sequence + 1,
                    due_on=self.review.body.follow_up_due_after(held_on),
                )
        return None

    def publish(self, *, user):
        if self.status != self.Status.COMPLETED:
            raise TransitionNotAllowed("Only a completed follow-up can be published.")
        if self.is_published:
            raise TransitionNotAllowed("This follow-up is already published.")
        self.published_by = user
        self.published_at = timezone.now()
        self.save(update_fields=["published_by", "published_at"])


class FollowUpAssessment(models.Model):
    class Implementation(models.TextChoices):
        IMPLEMENTED = "implemented", "Implemented"
        IN_PROGRESS = "in_progress", "In progress"
        NOT_IMPLEMENTED = "not_implemented", "Not implemented"
        NO_LONGER_APPLICABLE = "no_longer_applicable", "No longer applicable"

    class Rag(models.TextChoices):
        RED = "red", "Red – unacceptable progress"
        AMBER = "amber", "Amber – acceptable progress"
        GREEN = "green", "Green – achieved"

    class Outcome(models.TextChoices):
        CLOSED = "closed", "Closed"
        CARRIED_FORWARD = "carried_forward", "Carried forward to a further follow-up"

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="assessments")
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="assessments"
    )
    progress_update = models.TextField(blank=True, help_text="The Commissioner's update.")
    # The panel's assessment: blank until the panel has assessed (the Commissioner's
    # update may come first), then all three are set.
    implementation = models.CharField(max_length=30, choices=Implementation, blank=True)
    rag = models.CharField("RAG rating", max_length=10, choices=Rag, blank=True)
    comment = models.TextField(blank=True, help_text="The panel's assessment.")
    outcome = models.CharField(max_length=20, choices=Outcome, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["follow_up", "recommendation__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "recommendation"],
                name="unique_assessment_per_follow_up",
                violation_error_message="This recommendation is already assessed here.",
            ),
            models.CheckConstraint(
                condition=Q(implementation="", rag="", outcome="")
                | (~Q(implementation="") & ~Q(rag="") & ~Q(outcome="")),
                name="assessment_complete_or_not_begun",
                violation_error_message=(
                    "Give the implementation status, the RAG rating and the outcome together."
                ),
            ),
        ]

    def __str__(self):
        if not self.is_assessed:
            return f"{self.recommendation}: progress update"
        return f"{self.recommendation}: {self.get_implementation_display()}"

    @property
    def is_assessed(self):
        return bool(self.implementation)

    @property
    def rag_meaning(self):
        """'acceptable progress' for amber: the words after the colour's name."""
        return self.get_rag_display().partition(" – ")[2]


class ReminderSent(models.Model):
    """One reminder e-mailed to one person about one due date of one review. The
    unique constraint makes `send_reminders` idempotent: each stage (coming due,
    overdue) of each date is sent to each person once, however often it runs."""

    class Kind(models.TextChoices):
        RESPONSE_DUE = "response_due", "Responses due soon"
        RESPONSE_OVERDUE = "response_overdue", "Responses overdue"
        FOLLOW_UP_DUE = "follow_up_due", "Follow-up due soon"
        FOLLOW_UP_OVERDUE = "follow_up_overdue", "Follow-up overdue"

    kind = models.CharField(max_length=20, choices=Kind)
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField(help_text="The date the reminder was about.")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(help_text="The address it went to.")
    sent_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "pk"]
        verbose_name = "reminder sent"
        verbose_name_plural = "reminders sent"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "review", "due_on", "recipient"],
                name="one_reminder_per_kind_date_and_person",
                violation_error_message="This reminder has already been sent to this person.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.review} ({self.due_on}) to {self.email}"


def new_calendar_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A body's calendar of meetings and due dates, for calendar apps that cannot sign
    in: the secret token in its address is the only key, so an officer can replace it
    (the old address stops working at once). The feed holds dates and titles only."""

    body = models.OneToOneField(ScrutinyBody, on_delete=models.CASCADE, related_name="calendar")
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(default=timezone.now)
    regenerated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    regenerated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["body"]

    def __str__(self):
        return f"Calendar of {self.body}"

    def get_absolute_url(self):
        return reverse("tracker:calendar_feed", kwargs={"token": self.token})

    @classmethod
    def for_body(cls, body):
        feed, _ = cls.objects.get_or_create(body=body)
        return feed

    @staticmethod
    def user_can_manage(user, body):
        return _is_officer(user, body)

    def regenerate(self, *, user):
        self.token = new_calendar_token()
        self.regenerated_by = user
        self.regenerated_at = timezone.now()
        self.save(update_fields=["token", "regenerated_by", "regenerated_at"])
