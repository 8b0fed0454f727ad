"""The body's calendar feed: meetings, response due dates and follow-up dates."""

import datetime

import icalendar
from django.utils import timezone

from recommendations.models import FollowUp
from reviews.models import Meeting, Review


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
    # Timed events name Europe/London: the calendar carries its rules (summer time).
    calendar.add_missing_timezones()
    return calendar.to_ical()
