"""A scrutiny review: scope, working group, timetable, meetings, evidence, findings,
conclusions and the prose only people can write for its report.

Status moves only through the verb methods on `Review`; each checks the current
state, records who and when, and raises `TransitionNotAllowed` otherwise.
"""

import copy
import uuid
from decimal import Decimal, InvalidOperation

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from scrutiny.exceptions import TransitionNotAllowed
from scrutiny.models import (
    RESPONSE_PERIOD_VALIDATORS,
    Organisation,
    Person,
    Role,
    ScrutinyBody,
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

    agreed_on = models.DateField(
        null=True, blank=True, help_text="Date the body agreed the final report."
    )
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
            models.CheckConstraint(
                condition=Q(presented_on__isnull=True)
                | Q(agreed_on__isnull=True)
                | Q(presented_on__gte=F("agreed_on")),
                name="review_presented_after_agreed",
                violation_error_message="The report cannot be presented before it was agreed.",
            ),
            models.CheckConstraint(
                condition=Q(agreed_on__isnull=True)
                | Q(commissioned_on__isnull=True)
                | Q(agreed_on__gte=F("commissioned_on")),
                name="review_agreed_after_commissioned",
                violation_error_message="The report cannot be agreed before it was commissioned.",
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
    """A line of the timetable: planned (possibly a range) and what actually happened."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="milestones")
    description = models.CharField(max_length=255)
    planned_label = models.CharField(
        max_length=100, blank=True, help_text="As printed, e.g. 'September 2022 – February 2023'."
    )
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    actual_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta(OrderedInReview.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="milestone_planned_dates_in_order",
                violation_error_message="The planned end cannot be before the planned start.",
            ),
        ]

    def __str__(self):
        return self.description


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


# --- evidence -----------------------------------------------------------------------


class Evidence(OrderedInReview):
    """One source of evidence. Each kind adds its own fields in a subclass table."""

    class Kind(models.TextChoices):
        ORAL = "oral", "Oral evidence"
        QUESTIONS = "questions", "Questions to partners"
        CALL = "call", "Call for evidence"
        DOCUMENT = "document", "Document"
        DATA = "data", "Data tables"

    kind_for_class = None

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=20, choices=Kind, editable=False)
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="evidence"
    )
    received_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # All the words of this evidence in one column, so one query can search every kind.
    search_document = models.TextField(blank=True, editable=False)

    history = HistoricalRecords(inherit=True, excluded_fields=["search_document"])

    class Meta(OrderedInReview.Meta):
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.kind_for_class:
            self.kind = self.kind_for_class
        self.search_document = self.build_search_document()
        super().save(*args, **kwargs)

    def build_search_document(self):
        return "\n".join(part for part in [self.title, self.summary, *self.search_parts()] if part)

    def search_parts(self):
        """Kind-specific text to search; subclasses add theirs."""
        return []

    def reindex(self):
        """Rebuild the search text after rows belonging to this evidence changed."""
        specific = self.specific if type(self) is Evidence else self
        Evidence.objects.filter(pk=self.pk).update(search_document=specific.build_search_document())

    @property
    def specific(self):
        """This evidence as its own kind (one extra query unless prefetched)."""
        related = {
            self.Kind.ORAL: "oralevidence",
            self.Kind.QUESTIONS: "questionset",
            self.Kind.CALL: "callforevidence",
            self.Kind.DOCUMENT: "document",
            self.Kind.DATA: "dataset",
        }[self.kind]
        return getattr(self, related)


class OralEvidence(Evidence):
    kind_for_class = Evidence.Kind.ORAL

    given_by = models.ManyToManyField(Person, blank=True, related_name="oral_evidence")

    class Meta:
        verbose_name_plural = "oral evidence"

    def search_parts(self):
        if self.pk is None:
            return []
        return [str(person) for person in self.given_by.all()]


class QuestionSet(Evidence):
    """Written questions put to partner organisations, and their answers."""

    kind_for_class = Evidence.Kind.QUESTIONS

    introduction = models.TextField(blank=True)
    sent_on = models.DateField(null=True, blank=True)

    def search_parts(self):
        parts = [self.introduction]
        if self.pk is None:
            return parts
        for group in self.groups.prefetch_related("questions"):
            parts += [group.heading, group.how_we_work_together]
            for question in group.questions.all():
                parts += [question.text, question.answer]
        return parts


class QuestionGroup(models.Model):
    """Questions for one partner (or a set of partners, or everyone)."""

    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="groups")
    heading = models.CharField(max_length=255, help_text="Who is asked, as printed.")
    partner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    how_we_work_together = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.heading


class Question(models.Model):
    group = models.ForeignKey(QuestionGroup, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField()
    answer = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text[:80]


class CallForEvidence(Evidence):
    kind_for_class = Evidence.Kind.CALL

    channel = models.CharField(max_length=255, help_text="e.g. a schools newsletter")
    published_on = models.DateField()
    closes_on = models.DateField()
    responses_received = models.PositiveIntegerField(
        null=True, blank=True, help_text="Leave blank until known; zero is a real answer."
    )
    text = models.TextField(blank=True, help_text="The call as published.")

    class Meta:
        verbose_name_plural = "calls for evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("published_on")),
                name="call_closes_after_published",
                violation_error_message="A call for evidence cannot close before it is published.",
            ),
        ]

    def search_parts(self):
        return [self.channel, self.text]


def evidence_upload_path(instance, filename):
    return f"evidence/{instance.review_id}/{uuid.uuid4().hex}/{filename}"


class Document(Evidence):
    kind_for_class = Evidence.Kind.DOCUMENT

    file = models.FileField(upload_to=evidence_upload_path, blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    author = models.CharField(max_length=255, blank=True, help_text="Who published it.")
    source_url = models.URLField(blank=True)
    extracted_text = models.TextField(blank=True)

    def search_parts(self):
        return [self.author, self.original_filename, self.extracted_text]

    def get_download_url(self):
        return reverse(
            "reviews:document_download", kwargs={"slug": self.review.slug, "pk": self.pk}
        )


class DataSet(Evidence):
    """One or more tables of figures supplied as evidence (e.g. grant funding)."""

    kind_for_class = Evidence.Kind.DATA

    introduction = models.TextField(blank=True)

    def search_parts(self):
        parts = [self.introduction]
        if self.pk is None:
            return parts
        for table in self.tables.prefetch_related("rows"):
            parts += [table.title, table.description]
            parts += [" ".join(str(cell) for cell in row.cells) for row in table.rows.all()]
        return parts


class DataTable(models.Model):
    class ColumnType(models.TextChoices):
        TEXT = "text", "Text"
        NUMBER = "number", "Number"
        MONEY = "money", "Money (£)"

    dataset = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="tables")
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    columns = models.JSONField(
        default=list, help_text='[{"name": "Amount", "type": "money"}, …] in printed order.'
    )
    printed_totals = models.JSONField(
        default=dict,
        blank=True,
        help_text='Totals as printed in the source, by column name: {"Amount": "49933.62"}.',
    )
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title

    @property
    def numeric_columns(self):
        return [
            c["name"]
            for c in self.columns
            if c.get("type") in (self.ColumnType.NUMBER, self.ColumnType.MONEY)
        ]

    def totals(self):
        """Sum of each numeric column over the rows, as Decimals."""
        names = [c["name"] for c in self.columns]
        sums = {name: Decimal("0") for name in self.numeric_columns}
        for row in self.rows.all():
            for name in sums:
                value = row.cells[names.index(name)] if names.index(name) < len(row.cells) else ""
                try:
                    sums[name] += Decimal(str(value or "0"))
                except InvalidOperation:
                    continue
        return sums

    def total_discrepancies(self):
        """Printed totals that do not equal the sum of the rows: {column: (printed, sum)}."""
        sums = self.totals()
        return {
            name: (Decimal(printed), sums.get(name))
            for name, printed in self.printed_totals.items()
            if sums.get(name) != Decimal(printed)
        }


class DataRow(models.Model):
    table = models.ForeignKey(DataTable, on_delete=models.CASCADE, related_name="rows")
    cells = models.JSONField(default=list, help_text="Values in column order; money as '2813.00'.")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return " | ".join(str(c) for c in self.cells)[:80]


# --- what the review concluded ------------------------------------------------------


class Finding(OrderedInReview):
    """Information identified from the evidence."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField()
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="findings")

    history = HistoricalRecords()

    def __str__(self):
        return self.text[:80]


class Conclusion(OrderedInReview):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="conclusions")
    text = models.TextField()
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="conclusions")
    findings = models.ManyToManyField(Finding, blank=True, related_name="conclusions")

    history = HistoricalRecords()

    def __str__(self):
        return self.text[:80]


class ReportSection(OrderedInReview):
    """Prose only people can write: foreword, context, methodology and the like.
    Written in a small, sanitised Markdown subset."""

    class Kind(models.TextChoices):
        FOREWORD = "foreword", "Chair's foreword"
        CONTEXT = "context", "Context and background"
        PANEL_ROLE = "panel_role", "Panel role"
        METHODOLOGY = "methodology", "Methodology and evidence collection"
        BACKGROUND = "background", "Report background"
        CORE_QUESTIONS = "core_questions", "Core questions"
        RECOMMENDATIONS_INTRO = "recommendations_intro", "Introduction to the recommendations"
        ACKNOWLEDGEMENTS = "acknowledgements", "Acknowledgements"
        OTHER = "other", "Other section"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=30, choices=Kind)
    title = models.CharField(max_length=255, blank=True)
    body = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta(OrderedInReview.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["review", "kind"],
                condition=~Q(kind="other"),
                name="one_section_of_each_kind",
                violation_error_message="The review already has this section.",
            ),
        ]

    def __str__(self):
        return self.title or self.get_kind_display()


# --- the report ----------------------------------------------------------------------


class ReportVersion(models.Model):
    """A numbered, frozen issue of the report: drafts for the working group to read,
    comment on and approve; a final version is what gets published."""

    class Kind(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="report_versions")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.DRAFT)
    html = models.TextField(help_text="The report body as issued (frozen).")
    sections = models.JSONField(
        default=dict, help_text="{anchor: {title, text}} as issued, for comments and diffs."
    )
    note = models.TextField(blank=True, help_text="What changed in this version.")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now)
    foreword_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    foreword_signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review", "number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(
                fields=["review", "number"],
                name="unique_report_version_number",
                violation_error_message="This review already has a version with that number.",
            ),
        ]

    # What an issued version says is never changed: a correction is a new version.
    FROZEN_FIELDS = ("review_id", "number", "html", "sections", "note")
    # Who in the working group approves a draft. A draft reviewer (someone asked to
    # help review the draft, as in the reference case) reads and comments only.
    APPROVING_ROLES = (
        WorkingGroupMember.GroupRole.CHAIR,
        WorkingGroupMember.GroupRole.MEMBER,
        WorkingGroupMember.GroupRole.CO_OPTED,
    )

    def __str__(self):
        return f"{self.get_kind_display()} version {self.number} of {self.review}"

    def save(self, *args, **kwargs):
        issued = getattr(self, "_issued", None)
        if not self._state.adding and issued is not None:
            changed = [
                name
                for name, value in issued.items()
                if name in self.__dict__ and self.__dict__[name] != value
            ]
            if changed:
                raise TransitionNotAllowed(
                    "An issued version cannot be changed: issue a new version instead."
                )
        super().save(*args, **kwargs)
        self._remember_issued()

    def get_absolute_url(self):
        return reverse(
            "reviews:report_version", kwargs={"slug": self.review.slug, "number": self.number}
        )

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_issued()
        return instance

    def _remember_issued(self):
        # A copy, so that changing the sections dict in place is noticed too.
        self._issued = copy.deepcopy(
            {name: self.__dict__[name] for name in self.FROZEN_FIELDS if name in self.__dict__}
        )

    # --- state ------------------------------------------------------------------------
    @cached_property
    def is_current(self):
        """The latest version of the review's report."""
        latest = self.review.report_versions.order_by("-number").values_list("number", flat=True)
        return latest.first() == self.number

    @property
    def is_open_for_review(self):
        """Comments and approvals are taken on the current draft until the report is
        agreed."""
        return self.kind == self.Kind.DRAFT and self.review.is_open_for_drafts and self.is_current

    def working_group_member_for(self, user):
        """`user`'s place in this review's working group (through their person), or None."""
        person_id = getattr(user, "person_id", None)
        if person_id is None:
            return None
        cache = self.__dict__.setdefault("_member_cache", {})
        if person_id not in cache:
            cache[person_id] = self.review.working_group.filter(person_id=person_id).first()
        return cache[person_id]

    # --- access (the one rule; views and templates ask these) -------------------------
    def user_can_view(self, user):
        return self.review.user_can_read_drafts(user)

    def user_can_comment(self, user):
        """Any working-group member of the body may comment on the current draft, in
        this review's working group or not: the body's other members often have a view."""
        return (
            self.is_open_for_review
            and user.is_authenticated
            and user.has_role(self.review.body, Role.Name.MEMBER)
        )

    def user_can_approve(self, user):
        """Only the review's own working group (chair, members, co-opted members)
        approves its draft."""
        if not self.user_can_comment(user):
            return False
        member = self.working_group_member_for(user)
        return member is not None and member.role in self.APPROVING_ROLES

    def user_can_sign_foreword(self, user):
        if not self.user_can_comment(user):
            return False
        member = self.working_group_member_for(user)
        return member is not None and member.role == WorkingGroupMember.GroupRole.CHAIR

    def approval_by(self, user):
        member = self.working_group_member_for(user)
        if member is None:
            return None
        return self.approvals.filter(member=member).first()

    # --- changes ------------------------------------------------------------------------
    def approve(self, *, user):
        """Record `user`'s approval of this version, as the working-group member they are."""
        if not self.user_can_approve(user):
            raise PermissionDenied("Only the working group approves its current draft.")
        member = self.working_group_member_for(user)
        try:
            # The database's one-approval-per-member rule decides, even between two
            # requests at once.
            with transaction.atomic():
                return self.approvals.create(member=member, approved_by=user)
        except IntegrityError as error:
            raise TransitionNotAllowed("You have already approved this version.") from error

    def sign_foreword(self, *, user):
        if not self.user_can_sign_foreword(user):
            raise PermissionDenied("Only the chair of the working group signs the foreword.")
        if self.foreword_signed_at is not None:
            raise TransitionNotAllowed("The foreword of this version is already signed.")
        self.foreword_signed_by = user
        self.foreword_signed_at = timezone.now()
        self.save(update_fields=["foreword_signed_by", "foreword_signed_at"])


class ReportComment(models.Model):
    """A working-group member's comment on part of a version, or an officer's reply."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="comments")
    anchor = models.CharField(max_length=100, help_text="Which part: a key of version.sections.")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:80]

    @property
    def is_resolved(self):
        return self.resolved_at is not None

    def user_can_reply(self, user):
        """Officers answer comments; members may carry the conversation on."""
        return user.is_authenticated and user.has_role(
            self.version.review.body, Role.Name.OFFICER, Role.Name.MEMBER
        )

    def user_can_resolve(self, user):
        return self.version.review.user_can_edit(user)

    def resolve(self, *, user):
        if self.parent_id is not None:
            raise TransitionNotAllowed("Resolve the comment, not a reply to it.")
        if self.resolved_at is not None:
            raise TransitionNotAllowed("This comment is already resolved.")
        self.resolved_by = user
        self.resolved_at = timezone.now()
        self.save(update_fields=["resolved_by", "resolved_at"])


class ReportRead(models.Model):
    """The last time a user opened a version: what changed since is shown from here."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="unique_report_read"),
        ]

    def __str__(self):
        return f"{self.user} read {self.version}"


class ReportApproval(models.Model):
    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="approvals")
    member = models.ForeignKey(
        WorkingGroupMember, on_delete=models.PROTECT, related_name="approvals"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["approved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "member"],
                name="one_approval_per_member_per_version",
                violation_error_message="This member has already approved this version.",
            ),
        ]

    def __str__(self):
        return f"{self.member.person} approved {self.version}"


def published_report_path(instance, filename):
    return f"reports/{instance.review_id}/{filename}"


class PublishedReport(models.Model):
    """The final report as published: the PDF rendered once and kept, with its hash.
    A correction is a new PublishedReport with the reason; earlier ones are kept."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="publications")
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="+")
    sequence = models.PositiveSmallIntegerField(default=1)
    pdf = models.FileField(upload_to=published_report_path)
    sha256 = models.CharField(max_length=64)
    correction_reason = models.TextField(blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review", "sequence"]
        get_latest_by = "sequence"
        constraints = [
            models.UniqueConstraint(
                fields=["review", "sequence"], name="unique_publication_sequence"
            ),
            models.CheckConstraint(
                condition=Q(sequence=1) | ~Q(correction_reason=""),
                name="correction_has_reason",
                violation_error_message="A corrected publication must say why it was corrected.",
            ),
        ]

    def __str__(self):
        return f"{self.review} (published {self.published_at:%-d %B %Y})"
