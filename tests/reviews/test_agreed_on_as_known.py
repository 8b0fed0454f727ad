"""A review's agreement known only to the month ("July 2017", as a past review's
papers give it) is stored, checked against the other dates as far as it is known,
and printed as known."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reviews.models import Review
from reviews.report import assemble_report
from scrutiny.partial_dates import PartialDate
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db

COMMISSIONED = datetime.date(2017, 1, 5)


def test_an_agreement_known_to_the_month_is_kept_as_the_month(body):
    review = ReviewFactory(body=body, commissioned_on=COMMISSIONED, agreed_on=PartialDate(2017, 7))

    assert Review.objects.get(pk=review.pk).agreed_on == PartialDate(2017, 7)


def test_presenting_in_the_month_of_the_agreement_is_fine(body):
    ReviewFactory.build(
        body=body,
        commissioned_on=COMMISSIONED,
        agreed_on=PartialDate(2017, 7),
        presented_on=datetime.date(2017, 7, 3),
    ).full_clean()


def test_presenting_before_the_month_of_the_agreement_is_refused(body):
    review = ReviewFactory.build(
        body=body,
        commissioned_on=COMMISSIONED,
        agreed_on=PartialDate(2017, 7),
        presented_on=datetime.date(2017, 6, 30),
    )
    with pytest.raises(ValidationError, match="cannot be presented before it was agreed"):
        review.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        review.save()


def test_agreeing_in_the_year_before_the_commission_is_refused_by_the_database(body):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(body=body, commissioned_on=COMMISSIONED, agreed_on=PartialDate(2016))


def test_a_full_day_is_still_the_day(body):
    review = ReviewFactory(body=body, agreed_on=datetime.date(2024, 5, 20))

    assert Review.objects.get(pk=review.pk).agreed_on == datetime.date(2024, 5, 20)


@pytest.mark.parametrize(
    ("agreed_on", "line"),
    [
        (PartialDate(2017, 7), "in July 2017"),
        (PartialDate(2024, 5, 20), "on 20 May 2024"),
    ],
)
def test_the_final_cover_says_when_it_was_agreed_as_known(body, agreed_on, line):
    review = ReviewFactory(body=body, commissioned_on=COMMISSIONED, agreed_on=agreed_on)

    cover = assemble_report(review, final=True).cover

    assert cover.date_line == f"Agreed by the {body.name} {line}"
