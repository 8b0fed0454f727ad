"""Each addressee's response to a recommendation, and each change of the date the
actions were promised by."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from recommendations.models.recommendations import Recommendation, _is_officer, _is_respondent
from reviews.models import Review
from scrutiny.exceptions import TransitionNotAllowed
from scrutiny.models import RespondingBody


def response_letter_path(instance, filename):
    return f"responses/{instance.recommendation.review_id}/{uuid.uuid4().hex}/{filename}"


class ResponseQuerySet(models.QuerySet):
    def published(self):
        """Published responses to the recommendations of published reports."""
        return self.filter(
            status=Response.Status.PUBLISHED,
            recommendation__review__in=Review.objects.published(),
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

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="responses"
    )
    responding_body = models.ForeignKey(
        RespondingBody, on_delete=models.PROTECT, related_name="responses"
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
        ordering = ["recommendation", "responding_body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "responding_body"],
                name="one_response_per_addressee",
                violation_error_message="They have already responded to this recommendation.",
            ),
            models.CheckConstraint(
                condition=Q(decision="accepted") | ~Q(reason=""),
                name="response_reason_unless_accepted",
                violation_error_message=(
                    "Give the reason when a recommendation is partially accepted or not accepted."
                ),
            ),
        ]

    def __str__(self):
        return (
            f"Response of {self.responding_body} to {self.recommendation}: "
            f"{self.get_decision_display()}"
        )

    def clean(self):
        from recommendations.models.addressees import RecommendationAddressee

        if (
            self.recommendation_id
            and self.responding_body_id
            and not RecommendationAddressee.objects.filter(
                recommendation_id=self.recommendation_id, responding_body_id=self.responding_body_id
            ).exists()
        ):
            raise ValidationError(
                "The recommendation is not addressed to them.", code="not_addressee"
            )
        if self.decision != self.Decision.ACCEPTED and not self.reason.strip():
            raise ValidationError(
                {"reason": "Give the reason when a recommendation is not fully accepted."},
                code="reason_required",
            )

    @property
    def response_due_on(self):
        return self.responding_body.response_due_on(self.recommendation.review)

    @property
    def is_late(self):
        due = self.response_due_on
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
        respondents who answer for its responding body see it; everyone else who may
        see the recommendation sees it once received."""
        if not self.is_draft:
            return True
        return _is_officer(user, self.recommendation.review.body) or self._answers_for(user)

    def _answers_for(self, user):
        return (
            _is_respondent(user, self.recommendation.review.body)
            and self.responding_body.respondents.filter(pk=user.pk).exists()
        )

    def user_can_publish(self, user):
        """Democratic services publish (DOMAIN.md: the publisher publishes the
        response and the follow-up); officers record, publishers publish."""
        return self.status == self.Status.SUBMITTED and self.recommendation.review.user_can_publish(
            user
        )

    def user_can_change_target_date(self, user):
        """Once received, the date moves only with a reason, by the panel's officers
        or the respondents of the body that promised it."""
        return not self.is_draft and (
            _is_officer(user, self.recommendation.review.body) or self._answers_for(user)
        )

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
