"""Recommendations, the Commissioner's responses, and the follow-up of what happened."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from reviews.models import Conclusion, Review
from scrutiny.exceptions import TransitionNotAllowed


class RecommendationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(review__in=Review.objects.for_user(user))

    def awaiting_response(self):
        return self.filter(review__status=Review.Status.PRESENTED).exclude(
            response__status__in=[Response.Status.SUBMITTED, Response.Status.PUBLISHED]
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

    @property
    def needs_response(self):
        """The Commissioner's side answers recommendations addressed to it."""
        return self.addressee in (self.Addressee.COMMISSIONER, self.Addressee.OFFICE)

    @property
    def response_due_on(self):
        return self.review.response_due_on if self.needs_response else None


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
    letter = models.FileField(upload_to="responses/", blank=True)

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

    @classmethod
    def schedule_first(cls, *, review):
        if review.presented_on is None:
            raise TransitionNotAllowed("A follow-up is due only once the report is presented.")
        return cls.objects.create(review=review, sequence=1, due_on=review.follow_up_due_on)

    def complete(self, *, user, held_on):
        """Close this follow-up; recommendations carried forward get the next one."""
        if self.status != self.Status.SCHEDULED:
            raise TransitionNotAllowed("This follow-up is already completed.")
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
    implementation = models.CharField(max_length=30, choices=Implementation)
    rag = models.CharField("RAG rating", max_length=10, choices=Rag)
    comment = models.TextField(blank=True, help_text="The panel's assessment.")
    outcome = models.CharField(max_length=20, choices=Outcome)

    history = HistoricalRecords()

    class Meta:
        ordering = ["follow_up", "recommendation__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "recommendation"],
                name="unique_assessment_per_follow_up",
                violation_error_message="This recommendation is already assessed here.",
            ),
        ]

    def __str__(self):
        return f"{self.recommendation}: {self.get_implementation_display()}"
