"""The body's calendar feed: meetings, response due dates and follow-up dates."""

import datetime

import icalendar
from django.utils import timezone

from recommendations.models import FollowUp, RecommendationAddressee
from reviews.models import Meeting, Review
from scrutiny.models import RespondingBody


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

    def event(uid, day, summary, starts=None, ends=None):
        """An all-day event on `day`, or a timed one when the start time is known (an
        hour long when the end time is not)."""
        item = icalendar.Event()
        item.add("uid", f"{uid}@{host}")
        item.add("dtstamp", stamp)
        if starts:
            zone = timezone.get_current_timezone()
            start = datetime.datetime.combine(day, starts, tzinfo=zone)
            end = (
                datetime.datetime.combine(day, ends, tzinfo=zone)
                if ends
                else start + datetime.timedelta(hours=1)
            )
            item.add("dtstart", start)
            item.add("dtend", end)
        else:
            item.add("dtstart", day)
            item.add("dtend", day + datetime.timedelta(days=1))
        item.add("summary", summary)
        item.add("transp", "TRANSPARENT")
        calendar.add_component(item)

    reviews = Review.objects.filter(body=body).select_related("body")
    for meeting in Meeting.objects.filter(review__in=reviews).select_related("review"):
        title = meeting.title or f"{meeting.get_kind_display()} meeting"
        event(
            f"meeting-{meeting.pk}",
            meeting.date,
            f"{title}: {meeting.review.short_title}",
            starts=meeting.starts_at,
            ends=meeting.ends_at,
        )
    addressed = (
        RecommendationAddressee.objects.filter(
            recommendation__review__in=reviews.filter(presented_on__isnull=False)
        )
        .values_list("recommendation__review", "responding_body")
        .distinct()
    )
    pairs = set(addressed)
    by_pk = reviews.in_bulk({review_pk for review_pk, _ in pairs})
    bodies = RespondingBody.objects.in_bulk({body_pk for _, body_pk in pairs})
    for review_pk, body_pk in sorted(pairs):
        review, responding_body = by_pk[review_pk], bodies[body_pk]
        event(
            f"response-due-{review_pk}-{body_pk}",
            responding_body.response_due_on(review),
            f"Responses due from {responding_body.short_name}: {review.short_title}",
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
    # Timed events name Europe/London: the calendar carries its rules (summer time).
    calendar.add_missing_timezones()
    return calendar.to_ical()
