"""Work that spans apps or leaves the process: keyword-only functions.

Responses are saved (with their letter) and published here; what is due is gathered
for the dashboard and for the reminder e-mails; the body's calendar is written here.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import icalendar
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from recommendations.models import (
    FollowUp,
    FollowUpAssessment,
    Recommendation,
    ReminderSent,
    Response,
)
from reviews.models import Meeting, Review
from scrutiny.exceptions import TransitionNotAllowed
from scrutiny.models import Role, ScrutinyBody


@transaction.atomic
def recommendation_move(*, recommendation, direction):
    """Swap numbers with the neighbouring recommendation. Numbers are unique per
    review, so the swap parks one of them on a free number first."""
    siblings = recommendation.review.recommendations.select_for_update().order_by("number")
    if direction == "up":
        neighbour = siblings.filter(number__lt=recommendation.number).last()
    else:
        neighbour = siblings.filter(number__gt=recommendation.number).first()
    if neighbour is None:
        return False
    mine, theirs = recommendation.number, neighbour.number
    parked = (siblings.last().number or 0) + 1
    Recommendation.objects.filter(pk=neighbour.pk).update(number=parked)
    recommendation.number = theirs
    recommendation.save(update_fields=["number"])
    neighbour.number = mine
    neighbour.save(update_fields=["number"])
    return True


# --- the Commissioner's response ----------------------------------------------------------


@transaction.atomic
def response_save(*, form, recommendation, user, send=False) -> Response:
    """Save the response from a valid `ResponseForm`, storing a new letter with what
    describes it; with `send`, record it as received (today, or on the date an
    officer gave). Raises ValidationError or TransitionNotAllowed."""
    response = form.save(commit=False)
    response.recommendation = recommendation
    if response.pk is None:
        response.entered_by = user
    if form.letter is not None:
        upload = form.cleaned_data["letter_upload"]
        response.letter.save(PurePosixPath(upload.name).name, upload, save=False)
        response.letter_filename = PurePosixPath(upload.name).name
        response.letter_size = form.letter.size
        response.letter_sha256 = form.letter.sha256
    response.full_clean()
    response.save()
    if send:
        response.submit(user=user, received_on=form.cleaned_data.get("received_on"))
    return response


@transaction.atomic
def responses_publish(*, review, user) -> int:
    """Publish every received response of `review`; the number published."""
    received = Response.objects.filter(
        recommendation__review=review, status=Response.Status.SUBMITTED
    ).select_for_update()
    count = 0
    for response in received:
        response.publish(user=user)
        count += 1
    return count


# --- the follow-up ---------------------------------------------------------------------------


def follow_up_row(*, follow_up, recommendation) -> FollowUpAssessment:
    """The follow-up's row for a recommendation (unsaved if there is none yet)."""
    return FollowUpAssessment.objects.filter(
        follow_up=follow_up, recommendation=recommendation
    ).first() or FollowUpAssessment(follow_up=follow_up, recommendation=recommendation)


def follow_up_record_progress(*, follow_up, recommendation, text, user) -> FollowUpAssessment:
    """Record the Commissioner's progress update on one recommendation."""
    if not follow_up.user_can_record_progress(user, recommendation):
        raise TransitionNotAllowed("This follow-up is not open for progress updates.")
    row = follow_up_row(follow_up=follow_up, recommendation=recommendation)
    row.progress_update = text
    row.full_clean()
    row.save()
    return row


# --- what is due: the dashboard ------------------------------------------------------------


@dataclass(frozen=True)
class DueResponses:
    """A presented review with responses still to come."""

    review: Review
    due_on: datetime.date
    outstanding: int
    today: datetime.date

    @property
    def is_overdue(self):
        return self.due_on < self.today

    @property
    def days(self):
        return abs((self.due_on - self.today).days)


@dataclass(frozen=True)
class DueFollowUp:
    """A follow-up coming due or overdue; `follow_up` is None for a first follow-up
    that has not been scheduled yet (it is due all the same)."""

    review: Review
    sequence: int
    due_on: datetime.date
    follow_up: FollowUp | None
    today: datetime.date

    @property
    def is_overdue(self):
        return self.due_on < self.today

    @property
    def days(self):
        return abs((self.due_on - self.today).days)


@dataclass(frozen=True)
class ToPublish:
    review: Review
    responses: int
    follow_ups: int


@dataclass
class DashboardDue:
    responses: list = field(default_factory=list)
    follow_ups: list = field(default_factory=list)
    to_publish: list = field(default_factory=list)
    notice_days: int = 0
    applies: bool = False  # the user holds a role that answers, follows up or publishes

    def __bool__(self):
        return bool(self.responses or self.follow_ups or self.to_publish)

    @property
    def overdue_count(self):
        return sum(1 for item in [*self.responses, *self.follow_ups] if item.is_overdue)


def _outstanding_responses(reviews, today):
    """DueResponses for each presented review of `reviews` with responses to come."""
    awaiting = (
        Recommendation.objects.awaiting_response()
        .filter(review=OuterRef("pk"))
        .values("review")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        reviews.filter(status=Review.Status.PRESENTED, presented_on__isnull=False)
        .annotate(outstanding=Coalesce(Subquery(awaiting), 0))
        .filter(outstanding__gt=0)
        .select_related("body")
    )
    items = [
        DueResponses(review=r, due_on=r.response_due_on, outstanding=r.outstanding, today=today)
        for r in rows
    ]
    return sorted(items, key=lambda item: (item.due_on, item.review.working_group_name))


def _follow_ups_due(reviews, today, by):
    """DueFollowUp for each follow-up of `reviews` due on or before `by`, including a
    presented review's first follow-up that nobody has scheduled yet."""
    items = [
        DueFollowUp(review=f.review, sequence=f.sequence, due_on=f.due_on, follow_up=f, today=today)
        for f in FollowUp.objects.filter(review__in=reviews)
        .due_by(by)
        .select_related("review__body")
    ]
    unscheduled = reviews.filter(
        status=Review.Status.PRESENTED, presented_on__isnull=False, follow_ups__isnull=True
    ).select_related("body")
    for review in unscheduled:
        if review.follow_up_due_on <= by:
            items.append(
                DueFollowUp(
                    review=review,
                    sequence=1,
                    due_on=review.follow_up_due_on,
                    follow_up=None,
                    today=today,
                )
            )
    return sorted(items, key=lambda item: (item.due_on, item.review.working_group_name))


def dashboard_due(*, user, today) -> DashboardDue:
    """What needs attention, for the dashboard: responses still to come (officers and
    the Commissioner's office), follow-ups due within the notice period or overdue
    (the same people), and what is received but not yet published (publishers).
    A fixed number of queries, however many bodies and reviews."""
    notice_days = settings.SCRUTINY_FOLLOW_UP_NOTICE_DAYS
    due = DashboardDue(notice_days=notice_days)
    if not user.is_authenticated:
        return due
    visible = Review.objects.for_user(user)
    answering = ScrutinyBody.objects.for_user(user, roles=[Role.Name.OFFICER, Role.Name.RESPONDENT])
    publishing = ScrutinyBody.objects.for_user(user, roles=[Role.Name.PUBLISHER])
    roles = set(user.roles.values_list("role", flat=True))
    due.applies = bool(roles & {Role.Name.OFFICER, Role.Name.RESPONDENT, Role.Name.PUBLISHER})
    if roles & {Role.Name.OFFICER, Role.Name.RESPONDENT}:
        mine = visible.filter(body__in=answering)
        due.responses = _outstanding_responses(mine, today)
        due.follow_ups = _follow_ups_due(mine, today, today + datetime.timedelta(days=notice_days))
    if Role.Name.PUBLISHER in roles:
        rows = (
            visible.filter(body__in=publishing)
            .annotate(
                received=Count(
                    "recommendations__response",
                    filter=Q(recommendations__response__status=Response.Status.SUBMITTED),
                    distinct=True,
                ),
                completed=Count(
                    "follow_ups",
                    filter=Q(
                        follow_ups__status=FollowUp.Status.COMPLETED,
                        follow_ups__published_at__isnull=True,
                    ),
                    distinct=True,
                ),
            )
            .filter(Q(received__gt=0) | Q(completed__gt=0))
            .select_related("body")
            .order_by("working_group_name")
        )
        due.to_publish = [
            ToPublish(review=r, responses=r.received, follow_ups=r.completed) for r in rows
        ]
    return due


# --- reminders by e-mail ------------------------------------------------------------------


REMINDER_DAYS = 14


@dataclass(frozen=True)
class Reminder:
    kind: str
    review: Review
    due_on: datetime.date
    text: str
    path: str


def _reminders_due(*, today, days):
    """Every reminder that is due today, whoever it goes to."""
    reviews = Review.objects.all()
    horizon = today + datetime.timedelta(days=days)
    reminders = []
    for item in _outstanding_responses(reviews, today):
        if item.due_on > horizon:
            continue
        one = item.outstanding == 1
        count = f"{item.outstanding} response{'' if one else 's'} to the recommendations"
        if item.is_overdue:
            kind = ReminderSent.Kind.RESPONSE_OVERDUE
            text = f"{count} {'was' if one else 'were'} due on {item.due_on:%-d %B %Y}"
        else:
            kind = ReminderSent.Kind.RESPONSE_DUE
            text = f"{count} {'is' if one else 'are'} due on {item.due_on:%-d %B %Y}"
        path = reverse("recommendations:responses", kwargs={"slug": item.review.slug})
        reminders.append(Reminder(kind, item.review, item.due_on, text, path))
    for item in _follow_ups_due(reviews, today, horizon):
        if item.is_overdue:
            kind = ReminderSent.Kind.FOLLOW_UP_OVERDUE
            text = f"Follow-up {item.sequence} was due on {item.due_on:%-d %B %Y}"
        else:
            kind = ReminderSent.Kind.FOLLOW_UP_DUE
            text = f"Follow-up {item.sequence} is due on {item.due_on:%-d %B %Y}"
        path = reverse("recommendations:follow_ups", kwargs={"slug": item.review.slug})
        reminders.append(Reminder(kind, item.review, item.due_on, text, path))
    return reminders


def _reminder_recipients(bodies):
    """{body id: [users]}: the officers and the Commissioner's office of each body
    who have an e-mail address."""
    recipients = {}
    roles = Role.objects.filter(
        body__in=bodies,
        role__in=[Role.Name.OFFICER, Role.Name.RESPONDENT],
        user__is_active=True,
    ).exclude(user__email="")
    for role in roles.select_related("user__person").order_by("user__username"):
        people = recipients.setdefault(role.body_id, [])
        if role.user not in people:
            people.append(role.user)
    return recipients


def reminders_send(*, today, days=REMINDER_DAYS, site_url="") -> list:
    """E-mail each body's officers and Commissioner's office about responses and
    follow-ups due within `days` or overdue: one message per person listing what is
    new for them. Each (kind, review, date, person) is recorded in `ReminderSent` in
    the same transaction as the sending, so nothing is sent twice however often this
    runs, and a failed send is tried again next time. Returns the messages sent."""
    reminders = _reminders_due(today=today, days=days)
    recipients = _reminder_recipients({r.review.body_id for r in reminders})
    already = set(
        ReminderSent.objects.filter(review__in={r.review.pk for r in reminders}).values_list(
            "kind", "review_id", "due_on", "recipient_id"
        )
    )
    by_user = {}
    for reminder in reminders:
        for user in recipients.get(reminder.review.body_id, []):
            key = (reminder.kind, reminder.review.pk, reminder.due_on, user.pk)
            if key not in already:
                by_user.setdefault(user, []).append(reminder)
    sent = []
    for user, items in by_user.items():
        message = _reminder_message(user=user, items=items, site_url=site_url)
        try:
            with transaction.atomic():
                ReminderSent.objects.bulk_create(
                    [
                        ReminderSent(
                            kind=item.kind,
                            review=item.review,
                            due_on=item.due_on,
                            recipient=user,
                            email=user.email,
                            sent_on=today,
                        )
                        for item in items
                    ]
                )
                message.send()
        except IntegrityError:
            # Another run recorded (and sent) one of these first.
            continue
        sent.append(message)
    return sent


def _reminder_message(*, user, items, site_url):
    overdue = [i for i in items if i.kind.endswith("overdue")]
    if len(items) == 1:
        subject = f"{items[0].text}: {items[0].review.working_group_name}"
    else:
        subject = f"{len(items)} scrutiny dates need attention"
        if overdue:
            subject += f" ({len(overdue)} overdue)"
    body = render_to_string(
        "recommendations/email/reminder.txt",
        {
            "user": user,
            "items": items,
            "site_url": site_url.rstrip("/"),
        },
    )
    return EmailMessage(
        subject=f"Scrutiny: {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )


# --- the calendar feed ------------------------------------------------------------------


def calendar_ics(*, body) -> bytes:
    """An iCalendar file of the body's meetings, response due dates and follow-up dates.
    Dates and titles only: a calendar app fetches it with nothing but the secret
    address, so nothing private (notes, names, evidence) goes in."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Scrutiny//Scrutiny calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{body.name}: scrutiny dates")
    stamp = timezone.now()
    host = f"{body.slug}.scrutiny"

    def event(uid, day, summary):
        item = icalendar.Event()
        item.add("uid", f"{uid}@{host}")
        item.add("dtstamp", stamp)
        item.add("dtstart", day)
        item.add("dtend", day + datetime.timedelta(days=1))
        item.add("summary", summary)
        item.add("transp", "TRANSPARENT")
        calendar.add_component(item)

    reviews = Review.objects.filter(body=body).select_related("body")
    for meeting in Meeting.objects.filter(review__in=reviews).select_related("review"):
        title = meeting.title or f"{meeting.get_kind_display()} meeting"
        event(f"meeting-{meeting.pk}", meeting.date, f"{title}: {meeting.review.short_title}")
    for review in reviews.filter(presented_on__isnull=False):
        event(
            f"response-due-{review.pk}",
            review.response_due_on,
            f"Responses due: {review.short_title}",
        )
    scheduled_first = set()
    for follow_up in FollowUp.objects.filter(review__in=reviews).select_related("review"):
        scheduled_first.add(follow_up.review_id)
        event(
            f"follow-up-{follow_up.pk}",
            follow_up.due_on,
            f"Follow-up {follow_up.sequence} due: {follow_up.review.short_title}",
        )
    for review in reviews.filter(status=Review.Status.PRESENTED, presented_on__isnull=False):
        if review.pk not in scheduled_first:
            event(
                f"follow-up-first-{review.pk}",
                review.follow_up_due_on,
                f"Follow-up 1 due: {review.short_title}",
            )
    return calendar.to_ical()
