"""The evidence real reviews use, recorded as the source gives it: written submissions
(from an organisation, a person or members of the public, dated or not), calls for
evidence whose dates are unknown or known only to the month, data tables with date
columns, and the web address a document came from — on screen and in the report."""

import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader

from reviews.models import CallForEvidence, DataTable, Evidence, WrittenSubmission
from reviews.pdf import print_html, render_pdf
from reviews.report import assemble_report, render_report_body
from scrutiny.partial_dates import PartialDate
from tests.factories import (
    CallForEvidenceFactory,
    DataSetFactory,
    DocumentFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def url(name, review, **kwargs):
    return reverse(f"reviews:{name}", kwargs={"slug": review.slug, **kwargs})


def date_fields(prefix, day, month, year):
    return {f"{prefix}_0": day, f"{prefix}_1": month, f"{prefix}_2": year}


def submission(review, **kwargs):
    return WrittenSubmission.objects.create(
        review=review, title=kwargs.pop("title", "Submission"), text="We wrote.", **kwargs
    )


def appendix(review, kind):
    return next(a for a in assemble_report(review).appendices if a.kind == kind)


# --- written submissions: the model --------------------------------------------------


def test_a_submission_prints_as_provider_and_date_as_known(review):
    council = OrganisationFactory(name="Brackley Town Council")
    dated = submission(review, organisation=council, received_on=PartialDate(2017, 7))
    public = submission(review, provider="public", public_count=12)
    person = submission(
        review,
        provider="person",
        person=PersonFactory(honorific="Councillor", given_name="Ann", family_name="Lee"),
        received_on=PartialDate(2017, 7, 3),
    )

    assert dated.listing == "Brackley Town Council — July 2017"
    assert public.listing == "12 members of the public"  # undated: the provider only
    assert person.listing == "Councillor Ann Lee — 3 July 2017"
    assert Evidence.objects.get(pk=public.pk).specific == public


def test_a_submission_naming_an_organisation_and_a_person_is_refused_by_the_database(review):
    with pytest.raises(IntegrityError), transaction.atomic():
        submission(review, organisation=OrganisationFactory(), person=PersonFactory())
    assert not WrittenSubmission.objects.exists()


def test_only_members_of_the_public_are_counted(review):
    with pytest.raises(IntegrityError), transaction.atomic():
        submission(review, organisation=OrganisationFactory(), public_count=3)
    assert not WrittenSubmission.objects.exists()


def test_a_submission_read_as_a_document_stays_a_written_submission(review):
    """Its file's text is read on the queue through `Document`: saving that must not
    turn it into a plain document."""
    written = submission(review, provider="public")
    document = written.document_ptr
    document.extracted_text = "Read from the file"
    document.save(update_fields=["extracted_text", "search_document"])

    assert Evidence.objects.get(pk=written.pk).kind == Evidence.Kind.WRITTEN


# --- written submissions: the form ----------------------------------------------------


def test_officer_records_a_submission_from_members_of_the_public_without_a_date(
    officer_client, review
):
    response = officer_client.post(
        url("evidence_add_kind", review, kind="written"),
        {
            "provider": "public",
            "public_count": "3",
            "text": "Speeding on the High Street worries us.",
            **date_fields("received_on", "", "", ""),
        },
    )

    assert response.status_code == 302
    saved = WrittenSubmission.objects.get()
    assert (saved.provider, saved.public_count, saved.received_on) == ("public", 3, None)
    assert saved.title == "Written submission from 3 members of the public"
    page = officer_client.get(response.url).content.decode()
    assert "The submission as written" in page
    assert "Speeding on the High Street worries us." in page


def test_a_submission_dated_to_the_month_keeps_the_month(officer_client, review):
    council = OrganisationFactory(name="Brackley Town Council")
    officer_client.post(
        url("evidence_add_kind", review, kind="written"),
        {
            "provider": "organisation",
            "organisation": council.pk,
            "text": "Our view.",
            **date_fields("received_on", "", "7", "2017"),
        },
    )

    assert WrittenSubmission.objects.get().received_on == PartialDate(2017, 7)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"provider": "organisation", "text": "Words"}, "Select the organisation that wrote it"),
        ({"provider": "person", "text": "Words"}, "Select the person who wrote it"),
        ({"provider": "public", "text": ""}, "Enter what they wrote, or upload it as a file"),
        (
            {
                "provider": "public",
                "text": "Words",
                **date_fields("received_on", "31", "2", "2023"),
            },
            "Date received must be a real date",
        ),
    ],
)
def test_a_submission_missing_what_it_needs_is_refused_with_a_message(
    officer_client, review, data, message
):
    response = officer_client.post(url("evidence_add_kind", review, kind="written"), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WrittenSubmission.objects.exists()


# --- written submissions in the report -------------------------------------------------


def test_the_report_lists_every_submission_and_thanks_each_provider_once(review):
    council = OrganisationFactory(name="Brackley Town Council")
    submission(review, organisation=council, received_on=PartialDate(2017, 7, 12), position=1)
    submission(review, organisation=council, received_on=PartialDate(2017, 8), position=2)
    submission(review, provider="public", position=3)

    listed = appendix(review, "written")
    report = assemble_report(review)

    assert listed.title == "Written Submissions"
    assert [s.text for s in listed.sources] == [
        "Brackley Town Council — 12 July 2017",
        "Brackley Town Council — August 2017",
        "Members of the public",
    ]
    thanks = [item for block in report.acknowledgements.blocks for item in block.items]
    assert (
        "Brackley Town Council and Members of the public, who sent written submissions." in thanks
    )


def test_a_review_without_submissions_has_no_submissions_appendix(review):
    assert all(a.kind != "written" for a in assemble_report(review).appendices)


# --- calls for evidence with dates unknown or known to the month --------------------------


def test_officer_records_a_call_whose_dates_are_not_known(officer_client, review):
    response = officer_client.post(
        url("evidence_add_kind", review, kind="call"),
        {"title": "Call for views", "channel": "the Panel's web page", "text": "Tell us."},
    )

    assert response.status_code == 302
    call = CallForEvidence.objects.get()
    assert (call.published_on, call.closes_on) == (None, None)
    facts = appendix(review, "call").call
    assert (facts.published_on, facts.closes_on) == ("Not known", "Not known")


def test_a_call_published_in_a_month_prints_the_month_never_a_day(officer_client, review):
    officer_client.post(
        url("evidence_add_kind", review, kind="call"),
        {
            "title": "HeadWest Issue 39",
            "channel": "HeadWest",
            **date_fields("published_on", "", "5", "2023"),
            **date_fields("closes_on", "19", "5", "2023"),
        },
    )

    call = CallForEvidence.objects.get()
    assert call.published_on == PartialDate(2023, 5)
    assert appendix(review, "call").call.published_on == "May 2023"
    page = officer_client.get(url("evidence_detail", review, pk=call.pk)).content.decode()
    assert "May 2023" in page and "1 May 2023" not in page


def test_a_call_closing_the_month_before_it_was_published_is_refused(officer_client, review):
    response = officer_client.post(
        url("evidence_add_kind", review, kind="call"),
        {
            "title": "Call",
            "channel": "Newsletter",
            **date_fields("published_on", "20", "5", "2023"),
            **date_fields("closes_on", "", "4", "2023"),
        },
    )

    assert "The closing date must be on or after the date published." in response.content.decode()
    assert not CallForEvidence.objects.exists()


def test_a_call_with_only_a_closing_date_is_kept(review):
    call = CallForEvidenceFactory(review=review, published_on=None, closes_on=PartialDate(2023, 5))
    call.full_clean()
    assert CallForEvidence.objects.get().closes_on == PartialDate(2023, 5)


# --- date columns in data tables --------------------------------------------------------


def test_date_cells_are_stored_as_dates_and_printed_as_known(officer_client, review):
    dataset = DataSetFactory(review=review)
    response = officer_client.post(
        url("data_table_add", review, evidence_pk=dataset.pk),
        {
            "title": "Agreements",
            "column_spec": "Partner\nAgreed: date\nAmount: money",
            "rows_text": "Parish council\tJuly 2017\t100\nConstabulary\t25/04/2023\t50",
        },
    )

    assert response.status_code == 302
    table = DataTable.objects.get()
    assert [row.cells[1] for row in table.rows.all()] == ["2017-07", "2023-04-25"]
    assert table.totals() == {"Amount": 150}
    printed = appendix(review, "data").tables[0]
    assert [row[1].text for row in printed.rows] == ["July 2017", "25 April 2023"]
    assert not printed.rows[0][1].numeric
    page = officer_client.get(url("evidence_detail", review, pk=dataset.pk)).content.decode()
    assert "July 2017" in page


def test_a_date_cell_that_is_not_a_date_is_refused_naming_its_row(officer_client, review):
    dataset = DataSetFactory(review=review)
    response = officer_client.post(
        url("data_table_add", review, evidence_pk=dataset.pk),
        {"title": "Agreements", "column_spec": "Partner\nAgreed: date", "rows_text": "A\tSoon"},
    )

    assert response.status_code == 200
    assert "Row 1: &#x27;Soon&#x27; in Agreed is not a real date." in response.content.decode()
    assert not DataTable.objects.exists()


# --- the web address a document came from ------------------------------------------------


def test_the_web_address_is_shown_and_linked_on_screen(officer_client, review):
    address = "https://www.example.gov.uk/panel/papers/2023-04.pdf"
    document = DocumentFactory(review=review, source_url=address)

    detail = officer_client.get(url("evidence_detail", review, pk=document.pk)).content.decode()
    listing = officer_client.get(url("evidence", review)).content.decode()

    assert f'href="{address}"' in detail
    assert f'href="{address}"' in listing


def test_the_web_address_is_linked_in_the_printed_report(review):
    address = "https://www.example.gov.uk/panel/papers/2023-04.pdf"
    DocumentFactory(
        review=review,
        title="Annual report",
        author="The Commissioner",
        published_on=PartialDate(2023, 4),
        source_url=address,
    )
    DocumentFactory(review=review, title="Private briefing")  # no address: not listed

    listed = appendix(review, "documents")
    html = render_report_body(review)

    assert [(s.text, s.url) for s in listed.sources] == [
        ("Annual report (The Commissioner, April 2023)", address)
    ]
    assert f'<a class="report-source-link" href="{address}">' in html


def test_the_pdf_links_the_web_address(review):
    address = "https://www.example.gov.uk/panel/papers/2023-04.pdf"
    DocumentFactory(review=review, title="Annual report", source_url=address)

    reader = PdfReader(io.BytesIO(render_pdf(print_html(review, final=False))))

    links = [
        annotation.get_object()["/A"].get("/URI")
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/A" in annotation.get_object()
    ]
    assert address in links
