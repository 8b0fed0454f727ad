"""The statutory clock: when a response falls due, when it is overdue, and that the
database's answer agrees with `Review.response_due_on` to the day, month ends and
leap years included."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta

from recommendations.models import Recommendation, Response, first_date_due_on_or_after
from reviews.models import Review
from tests.factories import RecommendationFactory, ResponseFactory, ScrutinyBodyFactory
from tests.recommendations.conftest import RESPONSE_DUE, presented

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def overdue(today):
    return set(Recommendation.objects.overdue(today))


def test_a_response_is_not_overdue_on_its_due_date(to_commissioner):
    assert to_commissioner.response_due_on == RESPONSE_DUE

    assert overdue(RESPONSE_DUE) == set()
    assert not to_commissioner.is_overdue_on(RESPONSE_DUE)


def test_a_response_is_overdue_the_day_after_its_due_date(to_commissioner):
    assert overdue(RESPONSE_DUE + DAY) == {to_commissioner}
    assert to_commissioner.is_overdue_on(RESPONSE_DUE + DAY)


def test_a_report_presented_on_31_december_is_due_on_the_last_day_of_february(body):
    review = presented(body, presented_on=datetime.date(2023, 12, 31))
    recommendation = RecommendationFactory(review=review)

    assert recommendation.response_due_on == datetime.date(2024, 2, 29)
    assert overdue(datetime.date(2024, 2, 29)) == set()
    assert overdue(datetime.date(2024, 3, 1)) == {recommendation}


def test_the_period_the_panel_set_for_the_report_beats_the_body_default(body):
    review = presented(body, response_period_months=3)
    recommendation = RecommendationFactory(review=review)

    assert overdue(RESPONSE_DUE + DAY) == set()
    assert overdue(datetime.date(2024, 9, 11)) == {recommendation}


def test_the_body_default_period_is_used_when_the_report_sets_none():
    body = ScrutinyBodyFactory(default_response_period_months=1)
    recommendation = RecommendationFactory(review=presented(body))

    assert overdue(datetime.date(2024, 7, 10)) == set()
    assert overdue(datetime.date(2024, 7, 11)) == {recommendation}


def test_a_received_response_is_never_overdue_but_a_draft_does_not_stop_the_clock(
    to_commissioner,
):
    response = ResponseFactory(recommendation=to_commissioner)
    assert overdue(RESPONSE_DUE + DAY) == {to_commissioner}

    response.submit(user=None, received_on=RESPONSE_DUE + 5 * DAY)

    assert overdue(RESPONSE_DUE + 10 * DAY) == set()
    assert response.is_late


def test_recommendations_to_the_panel_itself_await_no_response(to_commissioner, to_panel):
    assert set(Recommendation.objects.awaiting_response()) == {to_commissioner}
    assert overdue(RESPONSE_DUE + DAY) == {to_commissioner}


def test_a_closed_review_awaits_nothing(to_commissioner, presented_review):
    Review.objects.filter(pk=presented_review.pk).update(status=Review.Status.CLOSED)

    assert overdue(RESPONSE_DUE + DAY) == set()


def test_due_between_includes_both_ends(to_commissioner):
    due = Recommendation.objects.due_between

    assert set(due(RESPONSE_DUE, RESPONSE_DUE)) == {to_commissioner}
    assert set(due(RESPONSE_DUE - 14 * DAY, RESPONSE_DUE)) == {to_commissioner}
    assert set(due(RESPONSE_DUE + DAY, RESPONSE_DUE + 14 * DAY)) == set()
    assert set(due(RESPONSE_DUE - 14 * DAY, RESPONSE_DUE - DAY)) == set()


@pytest.mark.parametrize("months", [1, 2, 3, 6, 24])
def test_first_date_due_on_or_after_is_the_exact_boundary(months):
    start = datetime.date(2023, 1, 1)
    for offset in range(0, 800, 7):
        day = start + datetime.timedelta(days=offset)
        threshold = first_date_due_on_or_after(day, months)
        assert threshold + relativedelta(months=months) >= day
        assert (threshold - DAY) + relativedelta(months=months) < day


def test_the_database_agrees_with_the_due_date_property_day_by_day():
    """Reports presented on awkward days (month ends, leap day) with different
    periods: for every day around their due dates, `overdue(today)` holds exactly
    the recommendations whose `response_due_on` is before today."""
    recommendations = []
    for months in (1, 2, 3):
        body = ScrutinyBodyFactory(default_response_period_months=months)
        for presented_on in [
            datetime.date(2023, 11, 30),
            datetime.date(2023, 12, 31),
            datetime.date(2024, 1, 29),
            datetime.date(2024, 1, 31),
            datetime.date(2024, 2, 29),
            datetime.date(2024, 8, 31),
        ]:
            recommendations.append(RecommendationFactory(review=presented(body, presented_on)))

    for today in [datetime.date(2024, 1, 1) + datetime.timedelta(days=n) for n in range(0, 300, 3)]:
        expected = {r for r in recommendations if r.response_due_on < today}
        assert overdue(today) == expected, today
        flagged = Recommendation.objects.with_overdue(today).filter(is_overdue=True)
        assert set(flagged) == expected, today


def test_awaiting_response_needs_the_report_presented(body):
    not_presented = RecommendationFactory()
    RecommendationFactory(review=presented(body))

    assert not_presented not in Recommendation.objects.awaiting_response()
    assert Response.objects.count() == 0
