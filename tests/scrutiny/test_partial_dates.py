"""Dates as precise as the source: printed as known, ordered as dates, entered in one
GOV.UK date input with the day (and month) left blank, refused with GOV.UK messages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from scrutiny.partial_dates import (
    PartialDate,
    PartialDateFormField,
    as_known,
    as_known_range,
    parse_written,
)


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (PartialDate(2023, 4, 25), "25 April 2023"),
        (PartialDate(2023, 5), "May 2023"),
        (PartialDate(2017), "2017"),
        (datetime.date(2023, 5, 1), "1 May 2023"),
        ("2017-07", "July 2017"),
        (None, ""),
    ],
)
def test_a_date_prints_as_known_and_never_padded_to_a_day(value, printed):
    assert as_known(value) == printed


def test_the_template_filter_prints_a_month_as_a_month():
    html = Template("{% load scrutiny_tags %}{{ when|known_date }}").render(
        Context({"when": PartialDate(2023, 5)})
    )
    assert html == "May 2023"


@pytest.mark.parametrize(
    ("start", "end", "printed"),
    [
        (PartialDate(2022, 9), PartialDate(2023, 2), "September 2022 – February 2023"),
        (PartialDate(2023, 3), PartialDate(2023, 4), "March – April 2023"),
        (PartialDate(2023, 4, 20), None, "20 April 2023"),
        (PartialDate(2023, 4, 20), PartialDate(2023, 4, 20), "20 April 2023"),
        (PartialDate(2022, 9, 1), PartialDate(2022, 10, 3), "1 September – 3 October 2022"),
        (PartialDate(2016), PartialDate(2017), "2016 – 2017"),
    ],
)
def test_a_period_prints_its_year_once_when_both_ends_share_it(start, end, printed):
    assert as_known_range(start, end) == printed


def test_dates_sort_as_their_iso_form_a_year_before_its_months_a_month_before_its_days():
    dates = [
        PartialDate(2023, 5, 2),
        PartialDate(2023),
        PartialDate(2022, 12),
        PartialDate(2023, 5),
    ]
    assert [d.isoformat() for d in sorted(dates)] == ["2022-12", "2023", "2023-05", "2023-05-02"]


def test_a_month_may_precede_a_day_in_it_but_not_a_day_before_it():
    assert PartialDate(2023, 5).may_precede(PartialDate(2023, 5, 1))
    assert not PartialDate(2023, 5).may_precede(PartialDate(2023, 4, 30))


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("25 April 2023", "2023-04-25"),
        ("July 2017", "2017-07"),
        ("jul 2017", "2017-07"),
        ("2017", "2017"),
        ("25/04/2023", "2023-04-25"),
        ("04/2023", "2023-04"),
        ("2017-07", "2017-07"),
    ],
)
def test_dates_are_read_as_people_write_them(text, iso):
    assert parse_written(text).isoformat() == iso


@pytest.mark.parametrize("text", ["31/02/2023", "Smarch 2023", "July", "13/2023"])
def test_what_is_not_a_date_is_refused(text):
    with pytest.raises(ValueError):
        parse_written(text)


# --- the GOV.UK date input ------------------------------------------------------------


def clean(day, month, year, required=False):
    field = PartialDateFormField(label="Date received", required=required)
    return field.clean([day, month, year])


def test_the_day_may_be_left_blank():
    assert clean("", "5", "2023") == PartialDate(2023, 5)


def test_the_day_and_month_may_be_left_blank():
    assert clean("", "", "2017") == PartialDate(2017)


def test_all_three_blank_is_no_date_when_none_is_needed():
    assert clean("", "", "") is None


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2023", "Date received must be a real date"),
        ("x", "5", "2023", "Date received must be a real date"),
        ("1", "5", "23", "Date received must be a real date"),
        ("25", "", "2023", "Date received must include a month"),
        ("25", "4", "", "Date received must include a year"),
    ],
)
def test_a_date_that_is_not_real_gets_a_govuk_message(day, month, year, message):
    with pytest.raises(ValidationError) as error:
        clean(day, month, year)
    assert error.value.messages == [message]


def test_a_needed_date_left_blank_asks_for_it_by_name():
    with pytest.raises(ValidationError) as error:
        clean("", "", "", required=True)
    assert error.value.messages == ["Enter the date received"]
