"""`dashboard_due`: what each user's dashboard lists as due and overdue, and its
partial template."""

import datetime

import pytest
from django.template.loader import render_to_string

from recommendations.models import FollowUp, Response
from recommendations.services import dashboard_due
from tests.factories import FollowUpFactory, RecommendationFactory, ResponseFactory
from tests.recommendations.conftest import FOLLOW_UP_DUE, RESPONSE_DUE

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_an_officer_sees_responses_still_to_come_with_their_due_date(officer, to_commissioner):
    due = dashboard_due(user=officer, today=RESPONSE_DUE - 3 * DAY)

    [item] = due.responses
    assert (item.review, item.due_on, item.outstanding) == (
        to_commissioner.review,
        RESPONSE_DUE,
        1,
    )
    assert not item.is_overdue and item.days == 3


def test_a_response_is_overdue_on_the_dashboard_the_day_after_it_was_due(
    respondent, to_commissioner
):
    [item] = dashboard_due(user=respondent, today=RESPONSE_DUE + DAY).responses

    assert item.is_overdue and item.days == 1


def test_a_follow_up_appears_28_days_ahead_and_not_before(settings, officer, presented_review):
    settings.SCRUTINY_FOLLOW_UP_NOTICE_DAYS = 28

    assert dashboard_due(user=officer, today=FOLLOW_UP_DUE - 29 * DAY).follow_ups == []
    [item] = dashboard_due(user=officer, today=FOLLOW_UP_DUE - 28 * DAY).follow_ups
    assert (item.sequence, item.due_on, item.follow_up) == (1, FOLLOW_UP_DUE, None)


def test_a_scheduled_follow_up_is_listed_and_a_completed_one_is_not(officer, presented_review):
    scheduled = FollowUp.schedule_first(review=presented_review)
    FollowUpFactory(review=presented_review, sequence=2, status=FollowUp.Status.COMPLETED)

    [item] = dashboard_due(user=officer, today=FOLLOW_UP_DUE + DAY).follow_ups

    assert item.follow_up == scheduled and item.is_overdue


def test_a_publisher_sees_what_is_ready_to_publish(publisher, to_commissioner):
    ResponseFactory(recommendation=to_commissioner, status=Response.Status.SUBMITTED)
    FollowUpFactory(review=to_commissioner.review, status=FollowUp.Status.COMPLETED)

    due = dashboard_due(user=publisher, today=RESPONSE_DUE)

    [item] = due.to_publish
    assert (item.responses, item.follow_ups) == (1, 1)
    assert due.responses == []


def test_a_member_is_shown_nothing(member, to_commissioner):
    due = dashboard_due(user=member, today=RESPONSE_DUE)

    assert not due and not due.applies
    assert render_to_string("recommendations/_dashboard_due.html", {"due": due}).strip() == ""


def test_the_partial_lists_overdue_responses(rf, officer, to_commissioner):
    RecommendationFactory(review=to_commissioner.review, number=5)
    due = dashboard_due(user=officer, today=RESPONSE_DUE + 2 * DAY)

    html = render_to_string("recommendations/_dashboard_due.html", {"due": due})

    assert "Overdue by 2 days" in html
    assert to_commissioner.review.working_group_name in html


def test_the_dashboard_query_count_does_not_grow_with_reviews(
    officer, body, django_assert_max_num_queries
):
    from tests.recommendations.conftest import presented

    for n in range(10):
        RecommendationFactory(review=presented(body, slug=f"r-{n}"))

    with django_assert_max_num_queries(7):
        due = dashboard_due(user=officer, today=RESPONSE_DUE)
    assert len(due.responses) == 10
