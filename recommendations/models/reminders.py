"""Reminders e-mailed about due dates, and the calendar feeds of each body's
meetings and due dates."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from recommendations.models.recommendations import _is_officer
from reviews.models import Review
from scrutiny.models import ScrutinyBody


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
