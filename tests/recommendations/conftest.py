"""Fixtures for the responses, follow-up and tracker tests: a report presented on
10 June 2024 (responses due 10 August 2024, follow-up due 10 December 2024) with a
recommendation to the Commissioner and one to the panel itself."""

import datetime

import pytest

from reviews.models import Review
from tests.factories import RecommendationFactory, ReviewFactory

PRESENTED_ON = datetime.date(2024, 6, 10)
RESPONSE_DUE = datetime.date(2024, 8, 10)
FOLLOW_UP_DUE = datetime.date(2024, 12, 10)


def presented(body, presented_on=PRESENTED_ON, **kwargs):
    return ReviewFactory(
        body=body,
        status=Review.Status.PRESENTED,
        commissioned_on=presented_on - datetime.timedelta(days=90),
        agreed_on=presented_on - datetime.timedelta(days=7),
        presented_on=presented_on,
        **kwargs,
    )


@pytest.fixture
def presented_review(body):
    return presented(body)


@pytest.fixture
def to_commissioner(presented_review):
    return RecommendationFactory(review=presented_review, number=1)


@pytest.fixture
def to_panel(presented_review):
    return RecommendationFactory(review=presented_review, number=2, to_panel=True)
