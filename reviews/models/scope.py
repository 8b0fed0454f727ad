"""What the review looks at and who does it: key lines of enquiry, the working
group and the planned timetable."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from reviews.models.review import OrderedInReview, Review
from scrutiny.models import Person
from scrutiny.partial_dates import PartialDateField, as_known_range, partial_dates_in_order


class KeyLineOfEnquiry(OrderedInReview):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="key_lines")
    text = models.TextField()

    history = HistoricalRecords()

    class Meta(OrderedInReview.Meta):
        verbose_name = "key line of enquiry"
        verbose_name_plural = "key lines of enquiry"

    def __str__(self):
        return self.text[:80]


class WorkingGroupMember(OrderedInReview):
    class GroupRole(models.TextChoices):
        """What the person does in this working group (not their `scrutiny.Role`,
        which is what they may do in the application)."""

        CHAIR = "chair", "Chair"
        MEMBER = "member", "Member"
        CO_OPTED = "co_opted", "Co-opted member"
        DRAFT_REVIEWER = "draft_reviewer", "Draft reviewer"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="working_group")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="working_groups")
    role = models.CharField(max_length=20, choices=GroupRole, default=GroupRole.MEMBER)

    history = HistoricalRecords()

    class Meta(OrderedInReview.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["review", "person"],
                name="unique_working_group_member",
                violation_error_message="This person is already in the working group.",
            ),
            models.UniqueConstraint(
                fields=["review"],
                condition=Q(role="chair"),
                name="one_chair_per_working_group",
                violation_error_message="The working group already has a chair.",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class Milestone(OrderedInReview):
    """A line of the timetable: when it is planned — a date, or a period when it has an
    end — each known to the day, the month or the year, and when it actually happened."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="milestones")
    description = models.CharField(max_length=255)
    planned_start = PartialDateField("planned date")
    planned_end = PartialDateField(
        "planned end", help_text="Only for a period: when it is planned to end."
    )
    actual_on = PartialDateField("actual date")

    history = HistoricalRecords()

    class Meta(OrderedInReview.Meta):
        constraints = [
            partial_dates_in_order(
                "planned_start",
                "planned_end",
                name="milestone_planned_dates_in_order",
                message="The planned end cannot be before the planned date.",
            ),
        ]

    def __str__(self):
        return self.description

    @property
    def planned(self):
        """As printed: "20 April 2023", "September 2022 – February 2023"."""
        return as_known_range(self.planned_start, self.planned_end)
