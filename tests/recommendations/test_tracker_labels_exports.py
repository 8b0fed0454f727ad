"""The tracker says what a user expects — "RAG status", "Not set", "Not yet
presented" — and its exports' "every column" holds the response itself: its text,
the actions promised, the lead officer and each change of the target date."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations.models import Response
from tests.factories import (
    RecommendationFactory,
    ResponseFactory,
    ReviewFactory,
    UserFactory,
)
from tests.recommendations.conftest import RESPONSE_DUE, presented

pytestmark = pytest.mark.django_db

TRACKER = "/tracker/"


def export_rows(client, name, query=""):
    response = client.get(reverse(f"tracker:{name}") + query)
    data = b"".join(response.streaming_content)
    if name == "export_csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
def answered(body, officer):
    recommendation = RecommendationFactory(review=presented(body), number=1)
    response = ResponseFactory(
        recommendation=recommendation,
        status=Response.Status.SUBMITTED,
        received_on=RESPONSE_DUE,
        response_text="The PFCC accepts this and will publish quarterly.",
        actions="Publish the referral data each quarter from April.",
        lead_officer="Head of Early Intervention",
        target_date=datetime.date(2025, 3, 31),
    )
    mover = UserFactory(first_name="Alex", last_name="Morgan", person=None)
    response.change_target_date(
        new_date=datetime.date(2025, 9, 30), reason="Supplier delayed.", user=mover
    )
    return recommendation


def test_the_tracker_says_rag_status_not_set_and_not_yet_presented(client, officer, body):
    RecommendationFactory(review=ReviewFactory(body=body), number=1)  # not presented
    client.force_login(officer)

    page = client.get(TRACKER).content.decode()

    assert ">RAG status<" in page
    assert "Rag" not in page
    assert "Not yet presented" in page
    assert "Not set" in page and ">None<" not in page
    assert ">Awaiting<" not in page


def test_the_sort_choices_use_the_columns_headings(client, officer, body):
    client.force_login(officer)

    form = client.get(TRACKER).context["filter"].form

    labels = dict(form.fields["sort"].choices)
    assert labels["rag"] == "RAG status"
    assert labels["-rag"] == "RAG status (descending)"
    assert labels["addressee"] == "Addressed to"


@pytest.mark.parametrize("name", ["export_csv", "export_xlsx"])
def test_every_column_holds_the_response_actions_lead_officer_and_date_history(
    client, officer, answered, name
):
    client.force_login(officer)

    (row,) = export_rows(client, name)

    assert row["Response"] == "The PFCC accepts this and will publish quarterly."
    assert row["Actions promised"] == "Publish the referral data each quarter from April."
    assert row["Lead officer"] == "Head of Early Intervention"
    changed_on = answered.responses.get().target_date_changes.get().changed_at
    assert row["Target date history"] == (
        f"31 March 2025 to 30 September 2025: Supplier delayed. "
        f"(changed {changed_on:%-d %B %Y} by Alex Morgan)"
    )


def test_the_response_status_of_an_unpresented_or_panel_recommendation(
    client, officer, body, presented_review
):
    RecommendationFactory(review=ReviewFactory(body=body, slug="drafting"), number=1)
    RecommendationFactory(review=presented_review, number=1, to_panel=True)
    RecommendationFactory(review=presented_review, number=2)
    client.force_login(officer)

    rows = export_rows(client, "export_csv", "?sort=number")

    statuses = sorted(row["Response status"] for row in rows)
    assert statuses == ["Awaiting response", "No response needed", "Not yet presented"]


def test_the_xlsx_dates_are_date_cells_with_a_date_format(client, officer, answered):
    client.force_login(officer)
    response = client.get(reverse("tracker:export_xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headings = [cell.value for cell in sheet[1]]

    target = sheet.cell(row=2, column=headings.index("Target date") + 1)

    assert target.is_date
    assert target.value.date() == datetime.date(2025, 9, 30)
    assert target.number_format == "d mmm yyyy"


def many_answered(body, count, start):
    review = presented(body, slug=f"review-{start}")
    for n in range(start, start + count):
        response = ResponseFactory(
            recommendation=RecommendationFactory(review=review, number=n),
            status=Response.Status.SUBMITTED,
            received_on=RESPONSE_DUE,
        )
        response.change_target_date(
            new_date=datetime.date(2025, 9, 30), reason="Delayed.", user=UserFactory()
        )


@pytest.mark.parametrize("name", ["export_csv", "export_xlsx"])
def test_the_exports_cost_the_same_for_3_or_30_rows(client, officer, body, name):
    client.force_login(officer)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(f"tracker:{name}"))
            b"".join(response.streaming_content)
        return len(captured)

    many_answered(body, 3, start=1)
    few = queries()
    many_answered(body, 27, start=100)

    assert queries() == few
