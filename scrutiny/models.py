"""The core: scrutiny bodies, organisations, people, panel membership, users and roles.

Everything else hangs off a `ScrutinyBody`; a user acts only within the bodies where
they hold a `Role`. The access rule is written once, here (`User.roles_in`,
`ScrutinyBodyQuerySet.for_user`), and every view and template asks it.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

# The response periods, in months, that a body or a report may set. The model
# validators, the forms and the due-date queries all read these, so raising the
# upper bound keeps them in step.
RESPONSE_PERIOD_MIN_MONTHS = 1
RESPONSE_PERIOD_MAX_MONTHS = 24
RESPONSE_PERIODS = range(RESPONSE_PERIOD_MIN_MONTHS, RESPONSE_PERIOD_MAX_MONTHS + 1)
RESPONSE_PERIOD_VALIDATORS = [
    MinValueValidator(RESPONSE_PERIOD_MIN_MONTHS),
    MaxValueValidator(RESPONSE_PERIOD_MAX_MONTHS),
]


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        COMMISSIONER = "commissioner", "Commissioner's office"
        POLICE = "police", "Police"
        FIRE = "fire", "Fire and rescue service"
        HEALTH = "health", "Health"
        EDUCATION = "education", "Education"
        VOLUNTARY = "voluntary", "Voluntary and community sector"
        PARISH = "parish", "Parish or town council"
        OTHER = "other", "Other"

    name = models.CharField(max_length=255, unique=True)
    short_name = models.CharField(
        max_length=50, blank=True, help_text="Abbreviation used in reports, such as OPFCC."
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)
    website = models.URLField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ScrutinyBodyQuerySet(models.QuerySet):
    def for_user(self, user, roles=None):
        if not user.is_authenticated:
            return self.none()
        filters = Q(roles__user=user)
        if roles:
            filters &= Q(roles__role__in=roles)
        return self.filter(filters).distinct()


class ScrutinyBody(models.Model):
    """A panel or committee that runs scrutiny reviews."""

    name = models.CharField(max_length=255, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    scrutinised_title = models.CharField(
        max_length=255,
        help_text="Who the body scrutinises, e.g. Police, Fire and Crime Commissioner.",
    )
    scrutinised_abbreviation = models.CharField(max_length=20, blank=True, help_text="e.g. PFCC")
    scrutinised_office = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scrutinised_by",
        help_text="The office that answers recommendations, e.g. the OPFCC.",
    )
    default_response_period_months = models.PositiveSmallIntegerField(
        default=2,
        validators=RESPONSE_PERIOD_VALIDATORS,
        help_text=(
            "The 'reasonable period' the body sets for a response (s.29(3) Police Reform "
            "and Social Responsibility Act 2011). A report may set its own."
        ),
    )
    follow_up_interval_months = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text="How long after presentation a follow-up review falls due.",
    )

    objects = ScrutinyBodyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "scrutiny bodies"
        constraints = [
            models.CheckConstraint(
                condition=Q(default_response_period_months__gte=1),
                name="body_response_period_positive",
            ),
            models.CheckConstraint(
                condition=Q(follow_up_interval_months__gte=1),
                name="body_follow_up_interval_positive",
            ),
        ]

    def __str__(self):
        return self.name

    def follow_up_due_after(self, start):
        return start + relativedelta(months=self.follow_up_interval_months)

    def user_can_manage_responding_bodies(self, user):
        """The body's officers keep the list of who responds to its recommendations."""
        return user.is_authenticated and user.has_role(self, Role.Name.OFFICER)

    def user_can_unlock_sign_ins(self, user):
        """The body's officers release its people's locked sign-ins."""
        return user.is_authenticated and user.has_role(self, Role.Name.OFFICER)


class RespondingBody(models.Model):
    """Someone a body's recommendations are addressed to and who must (or is asked
    to) respond: the Commissioner, a council's executive, a partner such as an NHS
    body. The statutory basis sets how long they have."""

    class Basis(models.TextChoices):
        PCP_S29 = (
            "prsra_s29",
            "Police Reform and Social Responsibility Act 2011, section 29: "
            "within a reasonable period the panel sets",
        )
        EXECUTIVE_9FE = (
            "lga_9fe",
            "Local Government Act 2000, section 9FE: within two months (the executive)",
        )
        HEALTH = (
            "health_2013",
            "Health scrutiny (Local Authority (Public Health, Health and Wellbeing Boards "
            "and Health Scrutiny) Regulations 2013): within 28 days",
        )
        NONE = (
            "none",
            "No statutory duty: a response is requested within the period the panel sets",
        )

    # The fixed periods, as (months, days) after the report was presented; the other
    # bases use the panel's period in months (`Review.effective_response_period_months`).
    FIXED_PERIODS = {Basis.EXECUTIVE_9FE: (2, 0), Basis.HEALTH: (0, 28)}

    body = models.ForeignKey(
        ScrutinyBody, on_delete=models.CASCADE, related_name="responding_bodies"
    )
    name = models.CharField(
        max_length=255, help_text="As printed, e.g. The Police, Fire and Crime Commissioner"
    )
    short_name = models.CharField(
        max_length=40, help_text="For narrow columns, e.g. Commissioner, Cabinet, ICB"
    )
    basis = models.CharField(max_length=20, choices=Basis, default=Basis.PCP_S29)
    respondents = models.ManyToManyField(
        "User",
        blank=True,
        related_name="responding_for",
        help_text="The body's respondents who answer for it.",
    )

    history = HistoricalRecords(m2m_fields=[respondents])

    class Meta:
        ordering = ["body", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "name"],
                name="unique_responding_body_name",
                violation_error_message="There is already a responding body with this name.",
            ),
            models.UniqueConstraint(
                fields=["body", "short_name"],
                name="unique_responding_body_short_name",
                violation_error_message="There is already a responding body with this short name.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def has_statutory_duty(self):
        return self.basis != self.Basis.NONE

    @property
    def panel_sets_period(self):
        return self.basis not in self.FIXED_PERIODS

    def response_period(self, review):
        """(months, days) after presentation that `review`'s response is due."""
        return self.FIXED_PERIODS.get(self.basis, (review.effective_response_period_months, 0))

    def period_label(self, review=None):
        months, days = self.FIXED_PERIODS.get(self.basis, (None, 0))
        if days:
            return f"{days} days"
        if months is None:
            if review is None:
                return "the period the panel sets"
            months = review.effective_response_period_months
        return f"{months} month{'s' if months != 1 else ''}"

    def response_due_on(self, review):
        if review.presented_on is None:
            return None
        months, days = self.response_period(review)
        return review.presented_on + relativedelta(months=months) + datetime.timedelta(days=days)

    def user_can_manage(self, user):
        return self.body.user_can_manage_responding_bodies(user)


class Person(models.Model):
    """Anyone named in a review: councillors, co-opted members, witnesses, officers."""

    honorific = models.CharField(
        max_length=40, blank=True, help_text="As printed before the name: Councillor, Mrs, Dr."
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    job_title = models.CharField(max_length=255, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    email = models.EmailField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.formal_name

    @property
    def full_name(self):
        return f"{self.given_name} {self.family_name}"

    @property
    def formal_name(self):
        return f"{self.honorific} {self.full_name}".strip()


class PanelMembership(models.Model):
    class Kind(models.TextChoices):
        COUNCILLOR = "councillor", "Councillor"
        CO_OPTED = "co_opted", "Independent co-opted member"

    body = models.ForeignKey(ScrutinyBody, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="panel_memberships")
    kind = models.CharField(max_length=20, choices=Kind)
    council = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="panel_members",
        help_text="The council that appointed a councillor member.",
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "person"]
        constraints = [
            models.UniqueConstraint(fields=["body", "person"], name="unique_panel_membership"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="membership_dates_in_order",
                violation_error_message="A membership cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_kind_display()}, {self.body})"


# How an account with no name and no e-mail address is shown (an erased one).
NO_NAME = "a former user"


class User(AbstractUser):
    person = models.OneToOneField(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="user"
    )

    def roles_in(self, body):
        """The set of roles this user holds in `body` (empty for strangers)."""
        if not self.is_authenticated or body is None:
            return set()
        cache = self.__dict__.setdefault("_role_cache", {})
        if body.pk not in cache:
            cache[body.pk] = set(self.roles.filter(body=body).values_list("role", flat=True))
        return cache[body.pk]

    def has_role(self, body, *roles):
        return bool(self.roles_in(body) & set(roles))

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """How a person is named wherever they appear — pages, history, comments,
        e-mails, exports — the one naming rule of the app.

        By name, as it is printed and as they are addressed: their person's formal
        name ("Councillor Zoe McGhee"), else the name on the account ("Alex Morgan").
        An account with no name is named by its e-mail address, which an officer can
        recognise and write to; never by its username, which is a sign-in detail
        nobody else knows. An account with neither (an erased one) is "a former user".
        """
        if self.person is not None:
            return self.person.formal_name
        return self.get_full_name() or self.email or NO_NAME

    def get_absolute_url(self):
        return reverse("dashboard")


class Role(models.Model):
    """What a user may do within one scrutiny body."""

    class Name(models.TextChoices):
        OFFICER = "officer", "Panel officer"
        MEMBER = "member", "Working group member"
        PUBLISHER = "publisher", "Democratic services (publisher)"
        RESPONDENT = "respondent", "Respondent (answers recommendations)"

        @classmethod
        def staff(cls):
            """The body's own people: they see all of its reviews and working papers."""
            return [cls.OFFICER, cls.MEMBER, cls.PUBLISHER]

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    body = models.ForeignKey(ScrutinyBody, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Name)

    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "user", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "body", "role"], name="unique_role_per_body"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.body}"


class Job(models.Model):
    """Background work that someone waits for: a PDF render, an import.

    The task queue (django-tasks, its jobs in the shared database) runs the work;
    this row is what every web process reads to show its progress, and its unique
    `key` is what stops the same work being queued twice. A job whose worker died
    stops sending heartbeats and is then shown as failed and may be started again:
    never "running" forever."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    # A running job that has said nothing for this long has lost its worker.
    STALE_AFTER = datetime.timedelta(minutes=5)

    key = models.CharField(max_length=255, unique=True)
    state = models.CharField(max_length=20, choices=State, default=State.QUEUED)
    step = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "finished_at"], name="job_state_finished")]

    def __str__(self):
        return f"{self.key} ({self.get_state_display()})"

    @classmethod
    def start(cls, key, task, /, **kwargs):
        """Queue `task(job_key=key, **kwargs)` unless a live job for `key` is already
        queued or running; returns the job. Concurrent calls queue it once."""
        with transaction.atomic():
            job, created = cls.objects.select_for_update().get_or_create(key=key)
            if not created and job.is_active:
                return job
            job.state = cls.State.QUEUED
            job.step = job.error = ""
            job.queued_at = timezone.now()
            job.started_at = job.heartbeat_at = job.finished_at = None
            job.task_id = str(task.enqueue(job_key=key, **kwargs).id)
            job.save()
        return job

    @property
    def is_stale(self):
        beat = self.heartbeat_at or self.started_at
        return (
            self.state == self.State.RUNNING
            and beat is not None
            and timezone.now() - beat > self.STALE_AFTER
        )

    @property
    def is_active(self):
        return self.state in (self.State.QUEUED, self.State.RUNNING) and not self.is_stale

    @property
    def has_failed(self):
        return self.state == self.State.FAILED or self.is_stale

    @property
    def failure(self):
        if self.is_stale:
            return "The worker stopped before it finished. Try again."
        return self.error

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

    @property
    def elapsed(self):
        start = self.started_at or self.queued_at
        return ((self.finished_at or timezone.now()) - start).total_seconds()

    def _update(self, **fields):
        # One UPDATE of the named fields: a worker's progress never overwrites the
        # rest of the row.
        for name, value in fields.items():
            setattr(self, name, value)
        type(self).objects.filter(pk=self.pk).update(**fields)

    def begin(self):
        now = timezone.now()
        self._update(state=self.State.RUNNING, started_at=now, heartbeat_at=now, step="")

    def beat(self, step):
        self._update(step=step[:255], heartbeat_at=timezone.now())

    def succeed(self):
        self._update(state=self.State.DONE, finished_at=timezone.now(), step="")

    def fail(self, error):
        self._update(state=self.State.FAILED, finished_at=timezone.now(), error=error)
