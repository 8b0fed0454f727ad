"""Meetings of the review, who attended and which witnesses gave evidence, and the
variations to the timetable a meeting agreed."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from reviews.models.review import Review
from scrutiny.models import Organisation, Person


class Meeting(models.Model):
    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", "Working group"
        PANEL = "panel", "Panel"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.WORKING_GROUP)
    date = models.DateField()
    starts_at = models.TimeField(null=True, blank=True)
    ends_at = models.TimeField(null=True, blank=True)
    title = models.CharField(max_length=255, blank=True)
    purpose = models.TextField(blank=True)
    notes = models.TextField(blank=True, help_text="What was considered and what was learned.")
    location = models.CharField(max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "starts_at", "pk"]
        constraints = [
            # An end time only with a start time, and after it.
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=False, ends_at__gt=F("starts_at")),
                name="meeting_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} meeting, {self.date:%-d %B %Y}"

    @property
    def times(self):
        """'10am to 12:30pm', '2pm', or '' when the time is not known."""
        if not self.starts_at:
            return ""
        if not self.ends_at:
            return govuk_time(self.starts_at)
        return f"{govuk_time(self.starts_at)} to {govuk_time(self.ends_at)}"


def govuk_time(value):
    """A time as GOV.UK writes it: 10am, 2:30pm, midday, midnight."""
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


class TimetableVariation(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="variations")
    agreed_on = models.DateField()
    agreed_at = models.CharField(
        max_length=255, help_text="The meeting that agreed it, e.g. Police, Fire and Crime Panel."
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="variations"
    )
    description = models.TextField(help_text="What changed.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreed_on", "pk"]

    def __str__(self):
        return f"Variation agreed {self.agreed_on:%-d %B %Y}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=20, choices=Status, default=Status.PRESENT)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="unique_attendance",
                violation_error_message="Attendance for this person is already recorded.",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_status_display()}"


class Witness(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="witnesses")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appearances")
    job_title = models.CharField(max_length=255, blank=True, help_text="As at the meeting.")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person"]
        verbose_name_plural = "witnesses"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="unique_witness",
                violation_error_message="This witness is already recorded for the meeting.",
            ),
        ]

    def __str__(self):
        return f"{self.person.full_name}, {self.job_title}" if self.job_title else str(self.person)
