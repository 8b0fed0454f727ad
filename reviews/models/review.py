"""The review itself: who may see and change it, its dates, and its status, which
moves only through the verb methods on `Review`; also `OrderedInReview`, the base
of the rows an officer puts in order."""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from scrutiny.exceptions import TransitionNotAllowed
from scrutiny.models import RESPONSE_PERIOD_VALIDATORS, Role, ScrutinyBody
from scrutiny.partial_dates import (
    PartialDateField,
    partial_date_not_after,
    partial_date_not_before,
)


class ReviewQuerySet(models.QuerySet):
    def for_user(self, user):
        """Reviews `user` may see: all of their bodies' reviews; respondents see a
        review only once its report has been presented to the Commissioner."""
        if not user.is_authenticated:
            return self.none()
        staff_bodies = ScrutinyBody.objects.for_user(user, roles=Role.Name.staff())
        respondent_bodies = ScrutinyBody.objects.for_user(user, roles=[Role.Name.RESPONDENT])
        return self.filter(
            Q(body__in=staff_bodies)
            | Q(body__in=respondent_bodies, status__in=Review.Status.presented_or_later())
        )

    def in_progress(self):
        return self.exclude(status=Review.Status.CLOSED)

    def presented(self):
        return self.filter(status__in=Review.Status.presented_or_later())

    def published(self):
        """Reviews whose final report has been published: the only ones the public sees."""
        return self.filter(publications__isnull=False).distinct()


class Review(models.Model):
    class Status(models.TextChoices):
        COMMISSIONED = "commissioned", "Commissioned"
        SCOPED = "scoped", "Scope agreed"
        EVIDENCE = "evidence", "Gathering evidence"
        DRAFTING = "drafting", "Draft report"
        AGREED = "agreed", "Final report agreed"
        PRESENTED = "presented", "Presented to the Commissioner"
        CLOSED = "closed", "Closed"

        @classmethod
        def presented_or_later(cls):
            return [cls.PRESENTED, cls.CLOSED]

        @classmethod
        def agreed_or_later(cls):
            """From the body's agreement on, the report is the final report: drafts
            close and it may be published."""
            return [cls.AGREED, *cls.presented_or_later()]

    body = models.ForeignKey(ScrutinyBody, on_delete=models.PROTECT, related_name="reviews")
    slug = models.SlugField(max_length=100, unique=True)
    short_title = models.CharField(max_length=120, help_text="e.g. Early Intervention")
    working_group_name = models.CharField(
        max_length=200, help_text="e.g. Early Intervention Working Group"
    )
    title = models.TextField(help_text="The full title printed on the report's cover.")
    topic = models.TextField(help_text="Terms of reference: the topic.")
    purpose = models.TextField(blank=True)
    rationale = models.TextField(blank=True, help_text="Why the body is scrutinising this.")
    outcomes = models.TextField(blank=True)
    approach = models.TextField(blank=True)
    information_required = models.TextField(blank=True, help_text="One item per line.")
    information_note = models.TextField(blank=True)
    resources = models.TextField(blank=True)
    timetable_note = models.TextField(blank=True)
    commissioned_on = models.DateField(null=True, blank=True)
    is_illustrative = models.BooleanField(
        default=False,
        help_text="An invented example for demonstration: not attributable to real people.",
    )

    status = models.CharField(max_length=20, choices=Status, default=Status.COMMISSIONED)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # As precise as known: an older review's agreement may be known only as "July 2017".
    agreed_on = PartialDateField("date agreed", help_text="Date the body agreed the final report.")
    agreed_at_meeting = models.CharField(max_length=255, blank=True)
    presented_on = models.DateField(
        null=True, blank=True, help_text="Date the final report was sent to the Commissioner."
    )
    response_period_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=RESPONSE_PERIOD_VALIDATORS,
        help_text="Set by the panel for this report; blank uses the body's default.",
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-commissioned_on", "short_title"]
        constraints = [
            partial_date_not_after(
                "agreed_on",
                "presented_on",
                name="review_presented_after_agreed",
                message="The report cannot be presented before it was agreed.",
            ),
            partial_date_not_before(
                "agreed_on",
                "commissioned_on",
                name="review_agreed_after_commissioned",
                message="The report cannot be agreed before it was commissioned.",
            ),
        ]

    def __str__(self):
        return self.working_group_name

    def get_absolute_url(self):
        return reverse("reviews:detail", kwargs={"slug": self.slug})

    # --- access (the one rule; views and templates ask these) -------------------
    def user_can_view(self, user):
        roles = user.roles_in(self.body) if user.is_authenticated else set()
        if roles & set(Role.Name.staff()):
            return True
        return Role.Name.RESPONDENT in roles and self.is_presented

    def user_can_edit(self, user):
        """Officers change a review's content until its report is published; a
        published report is never edited (a correction is a new publication)."""
        return (
            user.is_authenticated
            and user.has_role(self.body, Role.Name.OFFICER)
            and not self.is_published
        )

    def user_can_publish(self, user):
        return user.is_authenticated and user.has_role(self.body, Role.Name.PUBLISHER)

    def user_can_read_drafts(self, user):
        """Draft versions, comments and approvals are the body's own working papers:
        its officers, members and publishers read them; never the public, and not the
        Commissioner's office even once the final report has been presented."""
        return user.is_authenticated and user.has_role(self.body, *Role.Name.staff())

    def user_can_issue_draft(self, user):
        return self.is_open_for_drafts and self.user_can_edit(user)

    # --- dates ------------------------------------------------------------------
    @property
    def is_published(self):
        return self.publications.exists()

    @property
    def is_presented(self):
        return self.status in self.Status.presented_or_later()

    @property
    def is_open_for_drafts(self):
        """Drafts are issued, commented on and approved until the body agrees the final
        report."""
        return not self.is_agreed

    @property
    def is_agreed(self):
        """The body has agreed the final report (it may have gone further since)."""
        return self.status in self.Status.agreed_or_later()

    @property
    def effective_response_period_months(self):
        return self.response_period_months or self.body.default_response_period_months

    @property
    def response_due_on(self):
        if self.presented_on is None:
            return None
        return self.presented_on + relativedelta(months=self.effective_response_period_months)

    @property
    def follow_up_due_on(self):
        if self.presented_on is None:
            return None
        return self.body.follow_up_due_after(self.presented_on)

    # --- status changes -----------------------------------------------------------
    def _move(self, *, allowed_from, to, user, note="", **fields):
        if self.status not in allowed_from:
            raise TransitionNotAllowed(
                f"A review that is '{self.get_status_display()}' cannot become "
                f"'{self.Status(to).label}'."
            )
        previous = self.status
        for name, value in fields.items():
            setattr(self, name, value)
        self.status = to
        self.status_changed_at = timezone.now()
        self.status_changed_by = user
        self.full_clean()
        with transaction.atomic():
            self.save()
            self.status_changes.create(
                from_status=previous, to_status=to, changed_by=user, note=note
            )

    def confirm_scope(self, *, user):
        self._move(allowed_from=[self.Status.COMMISSIONED], to=self.Status.SCOPED, user=user)

    def start_evidence_gathering(self, *, user):
        self._move(allowed_from=[self.Status.SCOPED], to=self.Status.EVIDENCE, user=user)

    def start_drafting(self, *, user):
        self._move(allowed_from=[self.Status.EVIDENCE], to=self.Status.DRAFTING, user=user)

    def record_agreement(self, *, user, agreed_on, meeting=""):
        self._move(
            allowed_from=[self.Status.DRAFTING],
            to=self.Status.AGREED,
            user=user,
            agreed_on=agreed_on,
            agreed_at_meeting=meeting,
        )

    def present(self, *, user, presented_on, response_period_months=None):
        self._move(
            allowed_from=[self.Status.AGREED],
            to=self.Status.PRESENTED,
            user=user,
            presented_on=presented_on,
            response_period_months=response_period_months or self.response_period_months,
        )

    def close(self, *, user, note=""):
        self._move(
            allowed_from=[self.Status.PRESENTED], to=self.Status.CLOSED, user=user, note=note
        )


class ReviewStatusChange(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Review.Status)
    to_status = models.CharField(max_length=20, choices=Review.Status)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.review}: {self.from_status} → {self.to_status}"


class OrderedInReview(models.Model):
    """Rows printed in an order an officer controls."""

    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]
