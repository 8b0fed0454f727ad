"""The statutory clock of each addressee: when a response falls due under each basis
(a period the panel sets, two months for the executive, 28 days for health
scrutiny), when it is overdue, and that the database's answer agrees with
`RecommendationAddressee.response_due_on` to the day, month ends and leap years
included."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta

from recommendations.models import (
    Recommendation,
    RecommendationAddressee,
    Response,
    first_date_due_on_or_after,
)
from reviews.models import Review
from scrutiny.models import RespondingBody
from tests.factories import (
    RecommendationFactory,
    RespondingBodyFactory,
    ResponseFactory,
    ScrutinyBodyFactory,
)
from tests.recommendations.conftest import RESPONSE_DUE, presented

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def overdue(today):
    return set(Recommendation.objects.overdue(today))


def test_a_response_is_not_overdue_on_its_due_date(to_commissioner):
    assert to_commissioner.links[0].response_due_on == RESPONSE_DUE

    assert overdue(RESPONSE_DUE) == set()
    assert not to_commissioner.is_overdue_on(RESPONSE_DUE)


def test_a_response_is_overdue_the_day_after_its_due_date(to_commissioner):
    assert overdue(RESPONSE_DUE + DAY) == {to_commissioner}
    assert to_commissioner.is_overdue_on(RESPONSE_DUE + DAY)


def test_a_report_presented_on_31_december_is_due_on_the_last_day_of_february(body):
    review = presented(body, presented_on=datetime.date(2023, 12, 31))
    recommendation = RecommendationFactory(review=review)

    assert recommendation.links[0].response_due_on == datetime.date(2024, 2, 29)
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
    def due(start, end):
        return {
            link.recommendation for link in RecommendationAddressee.objects.due_between(start, end)
        }

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
    periods and every basis: for every day around their due dates, the overdue
    addressees in SQL are exactly those whose `response_due_on` is before today, and
    `Recommendation.objects.overdue(today)` the recommendations with one of them."""
    links = []
    for months in (1, 2, 3):
        body = ScrutinyBodyFactory(default_response_period_months=months)
        responding = [
            RespondingBodyFactory(body=body, basis=basis) for basis in RespondingBody.Basis.values
        ]
        for presented_on in [
            datetime.date(2023, 11, 30),
            datetime.date(2023, 12, 31),
            datetime.date(2024, 1, 29),
            datetime.date(2024, 1, 31),
            datetime.date(2024, 2, 29),
            datetime.date(2024, 8, 31),
        ]:
            recommendation = RecommendationFactory(
                review=presented(body, presented_on), addressees=responding
            )
            links += list(recommendation.addressee_links.select_related("responding_body"))

    for today in [datetime.date(2024, 1, 1) + datetime.timedelta(days=n) for n in range(0, 300, 3)]:
        expected = {link for link in links if link.response_due_on < today}
        assert set(RecommendationAddressee.objects.overdue(today)) == expected, today
        flagged = RecommendationAddressee.objects.with_overdue(today).filter(is_overdue=True)
        assert set(flagged) == expected, today
        assert overdue(today) == {link.recommendation for link in expected}, today
        assert {link for link in links if link.is_overdue_on(today)} == expected, today


def test_the_executive_has_two_months_whatever_the_panel_set(body):
    """s.9FE Local Government Act 2000: two months, not the panel's period."""
    cabinet = RespondingBodyFactory(body=body, basis=RespondingBody.Basis.EXECUTIVE_9FE)
    recommendation = RecommendationFactory(
        review=presented(body, response_period_months=6), addressees=[cabinet]
    )

    assert recommendation.links[0].response_due_on == datetime.date(2024, 8, 10)
    assert overdue(datetime.date(2024, 8, 10)) == set()
    assert overdue(datetime.date(2024, 8, 11)) == {recommendation}


def test_health_scrutiny_has_28_days(body):
    """The 2013 health scrutiny regulations: 28 days from the report."""
    icb = RespondingBodyFactory(body=body, basis=RespondingBody.Basis.HEALTH)
    recommendation = RecommendationFactory(review=presented(body), addressees=[icb])

    assert recommendation.links[0].response_due_on == datetime.date(2024, 7, 8)
    assert overdue(datetime.date(2024, 7, 8)) == set()
    assert overdue(datetime.date(2024, 7, 9)) == {recommendation}


def test_no_statutory_duty_is_tracked_with_the_period_the_panel_set(body):
    partner = RespondingBodyFactory(body=body, basis=RespondingBody.Basis.NONE)
    recommendation = RecommendationFactory(
        review=presented(body, response_period_months=3), addressees=[partner]
    )

    assert recommendation.links[0].response_due_on == datetime.date(2024, 9, 10)
    assert overdue(datetime.date(2024, 9, 11)) == {recommendation}


def test_each_addressee_has_its_own_clock(body):
    """Two addressees of one recommendation: the Commissioner's response (panel-set
    two months) and the ICB's (28 days) fall due and are received separately."""
    commissioner = RespondingBodyFactory(body=body, basis=RespondingBody.Basis.PCP_S29)
    icb = RespondingBodyFactory(body=body, basis=RespondingBody.Basis.HEALTH)
    recommendation = RecommendationFactory(review=presented(body), addressees=[commissioner, icb])
    late = RecommendationAddressee.objects.overdue

    assert {link.responding_body for link in late(datetime.date(2024, 7, 9))} == {icb}
    ResponseFactory(
        recommendation=recommendation,
        responding_body=icb,
        status=Response.Status.SUBMITTED,
        received_on=datetime.date(2024, 7, 20),
    )
    assert set(late(datetime.date(2024, 7, 21))) == set()
    assert {link.responding_body for link in late(RESPONSE_DUE + DAY)} == {commissioner}
    assert overdue(RESPONSE_DUE + DAY) == {recommendation}
    counts = Recommendation.objects.overdue_counts_on(
        [datetime.date(2024, 7, 9), datetime.date(2024, 7, 21), RESPONSE_DUE + DAY]
    )
    assert counts == [1, 0, 1]


def test_awaiting_response_needs_the_report_presented(body):
    not_presented = RecommendationFactory()
    RecommendationFactory(review=presented(body))

    assert not_presented not in Recommendation.objects.awaiting_response()
    assert Response.objects.count() == 0
