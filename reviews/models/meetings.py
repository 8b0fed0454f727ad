"""Meetings of the review, who attended and which witnesses gave evidence, and the
variations to the timetable a meeting agreed."""

from django.db import models
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
    title = models.CharField(max_length=255, blank=True)
    purpose = models.TextField(blank=True)
    notes = models.TextField(blank=True, help_text="What was considered and what was learned.")
    location = models.CharField(max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} meeting, {self.date:%-d %B %Y}"


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
