"""Each body's calendar feed: valid iCalendar, dates and titles only, reached with a
secret token that an officer can replace."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from recommendations.models import CalendarFeed, FollowUp
from scrutiny.models import RespondingBody
from tests.factories import (
    MeetingFactory,
    RecommendationFactory,
    RespondingBodyFactory,
    ReviewFactory,
    commissioner_of,
)
from tests.recommendations.conftest import FOLLOW_UP_DUE, RESPONSE_DUE

pytestmark = pytest.mark.django_db


def feed_url(feed):
    return reverse("tracker:calendar_feed", kwargs={"token": feed.token})


def events(content):
    calendar = icalendar.Calendar.from_ical(content)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def feed(body):
    return CalendarFeed.for_body(body)


def test_the_feed_parses_back_with_meetings_and_due_dates(client, feed, presented_review):
    """One response due date for each addressee of the review, by its basis."""
    icb = RespondingBodyFactory(
        body=presented_review.body, short_name="ICB", basis=RespondingBody.Basis.HEALTH
    )
    RecommendationFactory(review=presented_review, number=1)  # to the Commissioner
    RecommendationFactory(
        review=presented_review, number=2, addressees=[icb, commissioner_of(presented_review.body)]
    )
    MeetingFactory(
        review=presented_review,
        date=datetime.date(2024, 3, 1),
        title="Evidence session",
        notes="Private notes about a witness",
        location="Room 4, County Hall",
    )

    response = client.get(feed_url(feed))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(response.content)
    short = presented_review.short_title
    assert found[f"Evidence session: {short}"]["DTSTART"].dt == datetime.date(2024, 3, 1)
    assert found[f"Responses due from Commissioner: {short}"]["DTSTART"].dt == RESPONSE_DUE
    assert found[f"Responses due from ICB: {short}"]["DTSTART"].dt == datetime.date(2024, 7, 8)
    assert len([title for title in found if title.startswith("Responses due")]) == 2
    assert found[f"Follow-up 1 due: {short}"]["DTSTART"].dt == FOLLOW_UP_DUE
    assert all(event["UID"] and event["DTSTAMP"] for event in found.values())


def test_the_feed_holds_dates_and_titles_only(client, feed, presented_review):
    MeetingFactory(
        review=presented_review, notes="Private notes about a witness", location="Room 4"
    )
    FollowUp.schedule_first(review=presented_review)

    content = client.get(feed_url(feed)).content

    assert b"Private notes" not in content and b"Room 4" not in content
    for event in icalendar.Calendar.from_ical(content).walk("VEVENT"):
        assert set(event.keys()) <= {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "TRANSP"}


def test_another_bodys_dates_are_not_in_the_feed(client, feed, presented_review):
    other = ReviewFactory(short_title="Someone else's review")
    MeetingFactory(review=other)

    assert b"Someone else" not in client.get(feed_url(feed)).content


def test_a_wrong_token_is_404(client, feed):
    response = client.get(reverse("tracker:calendar_feed", kwargs={"token": "not-the-token"}))

    assert response.status_code == 404


def test_an_officer_makes_a_new_address_and_the_old_one_stops_working(client, officer, feed):
    old = feed_url(feed)
    client.force_login(officer)

    client.post(reverse("tracker:calendar_regenerate", kwargs={"body_slug": feed.body.slug}))
    client.logout()

    feed.refresh_from_db()
    assert client.get(old).status_code == 404
    assert client.get(feed_url(feed)).status_code == 200
    assert feed.regenerated_by == officer


@pytest.mark.parametrize("role", ["member", "publisher", "respondent"])
def test_only_officers_manage_the_feed(client, user_for_role, feed, role):
    client.force_login(user_for_role(role))
    token = feed.token

    response = client.post(
        reverse("tracker:calendar_regenerate", kwargs={"body_slug": feed.body.slug})
    )

    assert response.status_code == 403
    feed.refresh_from_db()
    assert feed.token == token


def test_the_settings_page_shows_the_address(client, officer, feed):
    client.force_login(officer)

    page = client.get(reverse("tracker:calendar", kwargs={"body_slug": feed.body.slug}))

    assert feed.token in page.content.decode()


def test_a_meeting_with_times_is_a_timed_event_in_london_time(client, feed, presented_review):
    MeetingFactory(
        review=presented_review,
        date=datetime.date(2024, 7, 1),
        starts_at=datetime.time(10, 0),
        ends_at=datetime.time(12, 30),
        title="Timed session",
    )
    MeetingFactory(review=presented_review, date=datetime.date(2024, 7, 2), title="Untimed")

    found = events(client.get(feed_url(feed)).content)
    short = presented_review.short_title
    timed = found[f"Timed session: {short}"]
    assert timed["DTSTART"].dt.isoformat() == "2024-07-01T10:00:00+01:00"
    assert timed["DTEND"].dt.isoformat() == "2024-07-01T12:30:00+01:00"
    assert found[f"Untimed: {short}"]["DTSTART"].dt == datetime.date(2024, 7, 2)
