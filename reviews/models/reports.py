"""The report: the prose sections only people can write, the numbered versions
issued for the working group to read, comment on and approve, and the
publications of the final report."""

import copy

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from reviews.models.review import OrderedInReview, Review
from reviews.models.scope import WorkingGroupMember
from scrutiny.exceptions import TransitionNotAllowed
from scrutiny.models import Role


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


class ReportCommentQuerySet(models.QuerySet):
    def open(self):
        """Comments still to deal with: top-level, not resolved, and not carried to a
        later version (there the carried copy is the open one)."""
        return self.filter(parent__isnull=True, resolved_at__isnull=True, carried_to__isnull=True)


class ReportComment(models.Model):
    """A working-group member's comment on part of a version, or an officer's reply.

    A comment still open when the next version is issued is carried to it: a copy on
    the new version (with its replies) that points back at the original by
    `carried_from`; the conversation goes on there."""

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
    carried_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        help_text="The open comment on the previous version that this one continues.",
    )

    objects = ReportCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:80]

    @property
    def is_resolved(self):
        return self.resolved_at is not None

    @property
    def is_carried_forward(self):
        """Carried to a later version, where it is answered and resolved."""
        try:
            return self.carried_to is not None
        except ReportComment.DoesNotExist:
            return False

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
        if self.is_carried_forward:
            raise TransitionNotAllowed(
                "This comment was carried to a later version: resolve it there."
            )
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
