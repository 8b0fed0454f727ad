"""Reminders by e-mail about responses and follow-ups coming due or overdue."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from recommendations.models import ReminderSent
from recommendations.services.due import _follow_ups_due, _outstanding_responses
from reviews.models import Review
from scrutiny.models import RespondingBody, Role

REMINDER_DAYS = 14


@dataclass(frozen=True)
class Reminder:
    kind: str
    review: Review
    due_on: datetime.date
    text: str
    path: str
    responding_body: RespondingBody | None = None  # None: a follow-up, for officers


def _reminders_due(*, today, days):
    """Every reminder that is due today, whoever it goes to."""
    reviews = Review.objects.all()
    horizon = today + datetime.timedelta(days=days)
    reminders = []
    for item in _outstanding_responses(reviews, today):
        if item.due_on > horizon:
            continue
        one = item.outstanding == 1
        count = (
            f"{item.outstanding} response{'' if one else 's'} of {item.responding_body.name} "
            "to the recommendations"
        )
        if item.is_overdue:
            kind = ReminderSent.Kind.RESPONSE_OVERDUE
            text = f"{count} {'was' if one else 'were'} due on {item.due_on:%-d %B %Y}"
        else:
            kind = ReminderSent.Kind.RESPONSE_DUE
            text = f"{count} {'is' if one else 'are'} due on {item.due_on:%-d %B %Y}"
        path = reverse("recommendations:responses", kwargs={"slug": item.review.slug})
        reminders.append(Reminder(kind, item.review, item.due_on, text, path, item.responding_body))
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


def _reminder_recipients(reminders):
    """The people who have an e-mail address that each reminder goes to: the body's
    officers; for a response, the respondents who answer for its responding body
    (about their own responses only); for a follow-up, the body's respondents."""
    bodies = {r.review.body_id for r in reminders}
    officers, body_respondents = {}, {}
    for role in (
        Role.objects.filter(
            body__in=bodies,
            role__in=[Role.Name.OFFICER, Role.Name.RESPONDENT],
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user__person")
        .order_by("user__username")
    ):
        by_role = officers if role.role == Role.Name.OFFICER else body_respondents
        by_role.setdefault(role.body_id, []).append(role.user)
    answering = set(
        RespondingBody.respondents.through.objects.filter(
            respondingbody__in={r.responding_body.pk for r in reminders if r.responding_body}
        ).values_list("respondingbody", "user")
    )
    recipients = {}
    for reminder in reminders:
        people = list(officers.get(reminder.review.body_id, []))
        others = body_respondents.get(reminder.review.body_id, [])
        if reminder.responding_body:
            pk = reminder.responding_body.pk
            others = [user for user in others if (pk, user.pk) in answering]
        people += [user for user in others if user not in people]
        recipients[reminder] = people
    return recipients


def reminders_send(*, today, days=REMINDER_DAYS, site_url="") -> list:
    """E-mail each body's officers (everything) and each responding body's
    respondents (their own responses) about responses and follow-ups due within
    `days` or overdue: one message per person listing what is
    new for them. Each (kind, review, date, person) is recorded in `ReminderSent` in
    the same transaction as the sending, so nothing is sent twice however often this
    runs, and a failed send is tried again next time. Returns the messages sent."""
    reminders = _reminders_due(today=today, days=days)
    recipients = _reminder_recipients(reminders)
    already = set(
        ReminderSent.objects.filter(review__in={r.review.pk for r in reminders}).values_list(
            "kind", "review_id", "due_on", "recipient_id"
        )
    )
    by_user = {}
    for reminder in reminders:
        for user in recipients[reminder]:
            key = (reminder.kind, reminder.review.pk, reminder.due_on, user.pk)
            if key not in already:
                by_user.setdefault(user, {}).setdefault(key, []).append(reminder)
    sent = []
    for user, grouped in by_user.items():
        # Responses of two addressees due the same day are one line, recorded once.
        items = [_merged(same) for same in grouped.values()]
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


def _merged(reminders):
    if len(reminders) == 1:
        return reminders[0]
    first = reminders[0]
    text = "; ".join(r.text for r in reminders)
    return Reminder(first.kind, first.review, first.due_on, text, first.path)


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
