"""Follow-ups of what happened to a review's recommendations, and the panel's
assessment of each."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from recommendations.models.recommendations import Recommendation, _is_officer, _is_respondent
from reviews.models import Review
from scrutiny.exceptions import TransitionNotAllowed


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

    def clean(self):
        """An assessment whose parts disagree — "Not implemented" rated Green, or
        closed while not implemented — is accepted only with the panel's reason in its
        comment, so that a reader of the follow-up report sees why."""
        super().clean()
        unusual = self.unusual_combination()
        if unusual and not self.comment.strip():
            raise ValidationError(
                {
                    "comment": (
                        f"Explain in the panel's comment why a recommendation that is "
                        f"{self.get_implementation_display().lower()} is {unusual}."
                    )
                },
                code="unexplained_combination",
            )

    def unusual_combination(self):
        """What in this assessment disagrees with its implementation status, in words
        ("rated green and closed"), or "" when it is consistent (see
        `EXPECTED_RAG` and `CLOSES`)."""
        if not self.is_assessed or not self.rag or not self.outcome:
            return ""
        parts = []
        if self.rag not in EXPECTED_RAG[self.implementation]:
            parts.append(f"rated {self.rag}")
        if self.outcome == self.Outcome.CLOSED and self.implementation not in CLOSES:
            parts.append("closed")
        return " and ".join(parts)

    @property
    def is_assessed(self):
        return bool(self.implementation)

    @property
    def rag_meaning(self):
        """'acceptable progress' for amber: the words after the colour's name."""
        return self.get_rag_display().partition(" – ")[2]


_I, _R = FollowUpAssessment.Implementation, FollowUpAssessment.Rag
# The RAG ratings that agree with each implementation status: green means achieved,
# so it goes with a recommendation implemented (or no longer applicable); a
# recommendation implemented is not rated red. Any other pairing needs a reason.
EXPECTED_RAG = {
    _I.IMPLEMENTED: {_R.GREEN, _R.AMBER},
    _I.IN_PROGRESS: {_R.AMBER, _R.RED},
    _I.NOT_IMPLEMENTED: {_R.AMBER, _R.RED},
    _I.NO_LONGER_APPLICABLE: {_R.GREEN, _R.AMBER, _R.RED},
}
# The implementation statuses that a recommendation is closed on without a reason.
CLOSES = {_I.IMPLEMENTED, _I.NO_LONGER_APPLICABLE}
