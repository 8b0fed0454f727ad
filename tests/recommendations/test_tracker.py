"""The recommendation tracker: what each user may see, the filters, sorting,
pagination at a constant cost, the exports, the charts and the public tracker."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations import charts
from recommendations.models import FollowUp, Recommendation, Response
from scrutiny.models import Role
from tests.factories import (
    FollowUpAssessmentFactory,
    FollowUpFactory,
    PublishedReportFactory,
    RecommendationFactory,
    ResponseFactory,
    ReviewFactory,
    RoleFactory,
    ScrutinyBodyFactory,
)
from tests.recommendations.conftest import presented

pytestmark = pytest.mark.django_db

TRACKER = "/tracker/"


def signed_in(client, user):
    client.force_login(user)
    return client


def shown(response):
    return list(response.context["page"].object_list)


@pytest.fixture
def world(body, presented_review):
    """Recommendations of every kind in the body, and one in another body (presented
    there, not published). The body's presented report is published."""
    PublishedReportFactory(review=presented_review)
    accepted = RecommendationFactory(review=presented_review, number=1)
    ResponseFactory(
        recommendation=accepted,
        status=Response.Status.PUBLISHED,
        received_on=datetime.date(2024, 7, 1),
    )
    refused = RecommendationFactory(review=presented_review, number=2)
    ResponseFactory(
        recommendation=refused,
        decision=Response.Decision.NOT_ACCEPTED,
        reason="Too costly.",
        status=Response.Status.SUBMITTED,
        received_on=datetime.date(2024, 7, 1),
    )
    waiting = RecommendationFactory(review=presented_review, number=3)  # overdue by now
    to_panel = RecommendationFactory(review=presented_review, number=4, to_panel=True)
    follow_up = FollowUpFactory(review=presented_review, published_at=None)
    FollowUpAssessmentFactory(
        follow_up=follow_up, recommendation=accepted, implementation="implemented", rag="green"
    )
    in_drafting = RecommendationFactory(review=ReviewFactory(body=body), number=1)
    elsewhere = RecommendationFactory(review=presented(ScrutinyBodyFactory()), number=1)
    return {
        "accepted": accepted,
        "refused": refused,
        "waiting": waiting,
        "to_panel": to_panel,
        "in_drafting": in_drafting,
        "elsewhere": elsewhere,
        "follow_up": follow_up,
    }


def test_an_officer_sees_every_recommendation_of_their_bodies(client, officer, world):
    response = signed_in(client, officer).get(TRACKER)

    assert set(shown(response)) == {
        world[k] for k in ("accepted", "refused", "waiting", "to_panel", "in_drafting")
    }


def test_a_respondent_sees_only_presented_recommendations_addressed_to_the_office(
    client, respondent, world
):
    response = signed_in(client, respondent).get(TRACKER)

    assert set(shown(response)) == {world["accepted"], world["refused"], world["waiting"]}


def test_the_tracker_needs_signing_in(client):
    response = client.get(TRACKER)

    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("decision=accepted", {"accepted"}),
        ("decision=not_accepted", {"refused"}),
        # Still to come from some addressee: the panel's own needs none.
        ("decision=none", {"waiting", "in_drafting"}),
        ("addressee=panel", {"to_panel"}),
        ("implementation=implemented", {"accepted"}),
        ("implementation=none", {"refused", "waiting", "to_panel", "in_drafting"}),
        ("rag=green", {"accepted"}),
        ("overdue=yes", {"waiting"}),
    ],
)
def test_filters(client, officer, world, query, expected):
    response = signed_in(client, officer).get(f"{TRACKER}?{query}")

    assert set(shown(response)) == {world[name] for name in expected}


def test_filter_by_review_and_body(client, officer, world, presented_review, body):
    client = signed_in(client, officer)

    by_review = shown(client.get(f"{TRACKER}?review={presented_review.pk}"))
    by_body = shown(client.get(f"{TRACKER}?body={body.pk}"))

    assert set(by_review) == {world[k] for k in ("accepted", "refused", "waiting", "to_panel")}
    assert world["in_drafting"] in by_body


def test_a_review_of_another_body_cannot_be_chosen(client, officer, world):
    response = signed_in(client, officer).get(f"{TRACKER}?review={world['elsewhere'].review.pk}")

    assert "review" in response.context["filter"].form.errors
    assert world["elsewhere"] not in shown(response)


def test_sorting_by_number_descending(client, officer, world, presented_review):
    response = signed_in(client, officer).get(
        f"{TRACKER}?review={presented_review.pk}&sort=-number"
    )

    assert [r.number for r in shown(response)] == [4, 3, 2, 1]
    columns = {c["key"]: c for c in response.context["columns"]}
    assert columns["number"]["aria_sort"] == "descending"
    assert "sort=number" in columns["number"]["query"]


def make_rows(body, count):
    review = presented(body, slug=f"many-{count}")
    for n in range(1, count + 1):
        recommendation = RecommendationFactory(review=review, number=n)
        if n % 2:
            ResponseFactory(recommendation=recommendation, status=Response.Status.SUBMITTED)
        follow_up, _ = FollowUp.objects.get_or_create(
            review=review, sequence=1, due_on=review.presented_on
        )
        FollowUpAssessmentFactory(follow_up=follow_up, recommendation=recommendation)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_tracker_costs_the_same_for_3_or_30_rows(client, officer, body):
    client = signed_in(client, officer)
    make_rows(body, 3)
    few = count_queries(client, TRACKER)
    make_rows(body, 27)
    many = count_queries(client, TRACKER)

    assert many == few


# --- exports ------------------------------------------------------------------------------


def content(response):
    """The body of a streamed export."""
    return b"".join(response.streaming_content)


def test_csv_export_holds_the_filtered_rows(client, officer, world):
    response = signed_in(client, officer).get(
        reverse("tracker:export_csv") + "?decision=not_accepted"
    )

    assert response["Content-Disposition"].startswith('attachment; filename="recommendations-')
    rows = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))
    assert rows[0][:4] == ["Body", "Review", "Number", "Recommendation"]
    assert len(rows) == 2
    assert rows[1][7:9] == ["Not accepted", "Too costly."]


def test_xlsx_export_holds_the_same_rows(client, officer, world):
    response = signed_in(client, officer).get(reverse("tracker:export_xlsx") + "?overdue=yes")

    sheet = openpyxl.load_workbook(io.BytesIO(content(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][2] == world["waiting"].number
    assert rows[1][rows[0].index("Overdue")] == "Yes"


def test_xlsx_export_has_real_dates_and_a_filterable_frozen_header(client, officer, world):
    response = signed_in(client, officer).get(reverse("tracker:export_xlsx") + "?overdue=yes")

    sheet = openpyxl.load_workbook(io.BytesIO(content(response))).active
    due = sheet.cell(row=2, column=6)
    assert isinstance(due.value, datetime.datetime)
    assert due.value.date() == world["waiting"].links[0].response_due_on
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:S2"  # 19 columns, header and one row
    assert sheet.cell(row=1, column=1).font.bold


def test_exports_never_hand_a_spreadsheet_a_formula(client, officer, presented_review):
    RecommendationFactory(review=presented_review, text='=HYPERLINK("http://evil")')

    response = signed_in(client, officer).get(reverse("tracker:export_csv"))

    rows = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))
    assert rows[1][3] == '\'=HYPERLINK("http://evil")'


# --- charts -------------------------------------------------------------------------------


def test_the_charts_page_draws_labelled_svg_with_its_figures(client, officer, world):
    response = signed_in(client, officer).get(reverse("tracker:charts"))

    page = response.content.decode()
    assert page.count('role="img"') == 3
    assert page.count("<title id=") == 3 and page.count("<desc id=") == 3
    decisions = response.context["charts"][0]
    assert {bar.label: bar.value for bar in decisions.bars} == {
        "Accepted": 1,
        "Partially accepted": 0,
        "Not accepted": 1,
        "No response yet": 2,  # the one waiting, and the one in drafting
    }
    assert "Accepted: 1" in decisions.description


def test_overdue_over_time_counts_a_late_response_until_it_arrived(body):
    review = presented(body, presented_on=datetime.date(2024, 1, 15))  # due 15 March 2024
    late = RecommendationFactory(review=review)
    ResponseFactory(
        recommendation=late, status=Response.Status.SUBMITTED, received_on=datetime.date(2024, 5, 2)
    )
    RecommendationFactory(review=review)  # never answered

    chart = charts.overdue_over_time(Recommendation.objects.all(), datetime.date(2024, 6, 20))

    values = {bar.table_label: bar.value for bar in chart.bars}
    assert values["29 February 2024"] == 0
    assert values["31 March 2024"] == 2
    assert values["30 April 2024"] == 2
    assert values["31 May 2024"] == 1
    assert values["20 June 2024 (today)"] == 1
    assert len(chart.bars) == 12


def test_overdue_over_time_is_one_query_however_many_reviews(body, django_assert_num_queries):
    for presented_on in (datetime.date(2024, 1, 15), datetime.date(2024, 3, 1)):
        RecommendationFactory.create_batch(3, review=presented(body, presented_on=presented_on))

    with django_assert_num_queries(1):
        chart = charts.overdue_over_time(Recommendation.objects.all(), datetime.date(2024, 6, 20))

    values = {bar.table_label: bar.value for bar in chart.bars}
    assert values["31 March 2024"] == 3  # the later report's responses were not yet due
    assert values["20 June 2024 (today)"] == 6


def test_month_ends_are_the_last_days_of_the_months_then_today():
    ends = charts.month_ends(datetime.date(2024, 3, 10), 4)

    assert ends == [
        datetime.date(2023, 12, 31),
        datetime.date(2024, 1, 31),
        datetime.date(2024, 2, 29),
        datetime.date(2024, 3, 10),
    ]


# --- the public tracker ----------------------------------------------------------------------


def test_the_public_tracker_shows_presented_recommendations_and_only_published_responses(
    client, world
):
    response = client.get(reverse("public_tracker:list"))

    rows = {r.pk: r for r in shown(response)}
    assert world["in_drafting"].pk not in rows
    assert rows[world["accepted"].pk].links[0].shown_response is not None
    assert rows[world["refused"].pk].links[0].shown_response is None  # received, not published
    page = response.content.decode()
    assert "Too costly." not in page
    assert "Overdue" not in page


def test_the_public_tracker_counts_only_published_follow_ups(client, world):
    assert (
        client.get(reverse("public_tracker:list") + "?rag=green").context["page"].paginator.count
        == 0
    )

    FollowUp.objects.filter(pk=world["follow_up"].pk).update(
        status=FollowUp.Status.COMPLETED,
        published_at=datetime.datetime(2024, 12, 20, tzinfo=datetime.UTC),
    )

    response = client.get(reverse("public_tracker:list") + "?rag=green")
    assert shown(response) == [world["accepted"]]


def test_a_user_in_two_bodies_sees_both(client, world):
    user = RoleFactory(role=Role.Name.OFFICER, body=world["accepted"].review.body).user
    RoleFactory(user=user, role=Role.Name.OFFICER, body=world["elsewhere"].review.body)

    response = signed_in(client, user).get(TRACKER)

    assert world["elsewhere"] in shown(response)
    assert response.context["show_body"] is True
