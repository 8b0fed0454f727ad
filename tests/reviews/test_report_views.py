"""The report's pages inside a review: writing its sections, reading it as it stands,
its PDF (prepared in the background, then kept), and the publisher's steps."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reviews import pdf
from reviews.drafts import report_issue_version
from reviews.models import ReportSection, Review
from scrutiny.jobs import run_queued_tasks
from scrutiny.models import Job
from tests.edit_forms import with_token
from tests.factories import ReportSectionFactory, ReviewFactory
from tests.reviews.report_helpers import agree, fill, media  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def url(name, review, **kwargs):
    return reverse(f"reviews:{name}", kwargs={"slug": review.slug, **kwargs})


# --- writing sections ------------------------------------------------------------------


def test_an_officer_writes_the_foreword(client, review, officer):
    client.force_login(officer)

    write = url("report_section_write", review, kind="foreword")
    response = client.post(write, with_token(client, write, {"body": "First.\n\nSecond."}))

    assert response.status_code == 302
    section = ReportSection.objects.get(review=review, kind="foreword")
    assert section.body == "First.\n\nSecond."


def test_writing_a_section_again_changes_it(client, review, officer):
    ReportSectionFactory(review=review, kind="context", body="Old.")
    client.force_login(officer)

    write = url("report_section_write", review, kind="context")
    client.post(write, with_token(client, write, {"body": "New."}))

    assert ReportSection.objects.get(review=review, kind="context").body == "New."
    assert ReportSection.objects.filter(review=review).count() == 1


@pytest.mark.parametrize("kind", ["other", "nonsense"])
def test_only_the_fixed_kinds_are_written_by_kind(client, review, officer, kind):
    client.force_login(officer)

    assert client.get(url("report_section_write", review, kind=kind)).status_code == 404


def test_a_member_may_read_but_not_write(client, review, member):
    client.force_login(member)

    assert client.get(url("report_online", review)).status_code == 200
    response = client.post(url("report_section_write", review, kind="foreword"), {"body": "x"})
    assert response.status_code == 403
    assert not ReportSection.objects.exists()


def test_an_officer_adds_edits_and_deletes_another_section(client, review, officer):
    client.force_login(officer)

    client.post(url("report_section_add", review), {"title": "Finance", "body": "Money."})
    section = ReportSection.objects.get(review=review, kind="other")
    edit = url("report_section_edit", review, pk=section.pk)
    client.post(edit, with_token(client, edit, {"title": "Money", "body": "£"}))
    section.refresh_from_db()
    assert (section.title, section.body) == ("Money", "£")

    client.post(url("report_section_delete", review, pk=section.pk))
    assert not ReportSection.objects.filter(pk=section.pk).exists()


def test_another_section_needs_a_title(client, review, officer):
    client.force_login(officer)

    response = client.post(url("report_section_add", review), {"title": " ", "body": "x"})

    assert response.status_code == 200
    assert "Enter a title for the section." in response.content.decode()
    assert not ReportSection.objects.exists()


# --- reading it ------------------------------------------------------------------------------


def test_the_report_as_it_stands_shows_written_and_recorded_content(client, review, member):
    fill(review)
    review.sections.filter(kind="context").update(body="3.1 The panel *asked*.")
    client.force_login(member)

    page = client.get(url("report_online", review)).content.decode()

    assert "Early intervention matters." in page
    assert '<span class="report-para__number">3.1 </span>The panel <em>asked</em>.' in page
    assert "That the PCC consider multi-year grants." in page
    assert 'id="appendix-a"' in page


def test_the_report_page_lists_the_sections_to_write(client, review, officer):
    client.force_login(officer)

    page = client.get(url("report", review)).content.decode()

    assert url("report_section_write", review, kind="foreword") in page
    assert "Not written" in page


def test_the_report_is_in_the_review_s_navigation(client, review, officer):
    client.force_login(officer)

    page = client.get(url("detail", review)).content.decode()

    assert f'href="{url("report", review)}"' in page


# --- the PDF -----------------------------------------------------------------------------


def test_the_pdf_is_prepared_in_the_background_and_the_status_page_polls(client, review, member):
    fill(review)
    client.force_login(member)
    page = client.get(url("report_pdf", review)).content.decode()
    assert "Prepare the PDF" in page

    response = client.post(url("report_pdf", review))

    key = response.url.rstrip("/").rsplit("/", 1)[-1]
    assert response.url == url("report_pdf_status", review, key=key)
    status = client.get(response.url)
    # The request only queued the work: no worker has run yet.
    assert "Waiting for a worker" in status.content.decode()
    assert "Preparing the PDF" in status.content.decode()
    assert status["Refresh"] == "2"

    run_queued_tasks()
    ready = client.get(response.url)
    assert "The PDF is ready" in ready.content.decode()
    assert "Refresh" not in ready
    download = client.get(url("report_pdf_download", review, key=key))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_an_unchanged_report_is_not_rendered_again(review, monkeypatch):
    fill(review)
    first = pdf.report_pdf(review)
    monkeypatch.setattr(pdf, "render_pdf", lambda html: pytest.fail("rendered again"))

    assert pdf.report_pdf(review) == first


def test_a_changed_report_is_rendered_again(review):
    fill(review)
    key = pdf.html_key(pdf.print_html(review))
    pdf.report_pdf(review)
    review.sections.filter(kind="context").update(body="Something new.")

    assert pdf.html_key(pdf.print_html(review)) != key


def test_once_cached_the_pdf_page_offers_the_download_at_once(client, review, member):
    fill(review)
    pdf.report_pdf(review)
    key = pdf.html_key(pdf.print_html(review))
    client.force_login(member)

    page = client.get(url("report_pdf", review)).content.decode()

    assert url("report_pdf_download", review, key=key) in page


@pytest.mark.parametrize("key", ["0" * 64, "..", "A" * 64, "0" * 63 + ".pdf"])
def test_no_file_outside_the_review_s_cache_can_be_downloaded(client, review, member, key):
    client.force_login(member)

    assert client.get(url("report_pdf_download", review, key=key)).status_code == 404


def test_another_review_s_cached_pdf_cannot_be_downloaded_through_this_one(
    client, review, body, member
):
    other = fill(ReviewFactory(body=body))
    pdf.report_pdf(other)
    key = pdf.html_key(pdf.print_html(other))
    client.force_login(member)

    assert client.get(url("report_pdf_download", review, key=key)).status_code == 404
    assert client.get(url("report_pdf_download", other, key=key)).status_code == 200


# --- the publisher's steps ----------------------------------------------------------------


def test_the_publisher_records_agreement_presentation_and_publishes(client, review, publisher):
    fill(review)
    review.status = Review.Status.DRAFTING
    review.save()
    report_issue_version(review=review, user=publisher)
    client.force_login(publisher)

    client.post(
        url("report_agree", review),
        {"agreed_on_0": "1", "agreed_on_1": "6", "agreed_on_2": "2024", "meeting": "Panel"},
    )
    review.refresh_from_db()
    assert (review.status, str(review.agreed_on)) == ("agreed", "2024-06-01")

    client.post(
        url("report_present", review),
        {"presented_on_0": "10", "presented_on_1": "6", "presented_on_2": "2024"},
    )
    review.refresh_from_db()
    assert review.status == "presented"
    assert str(review.response_due_on) == "2024-08-10"

    preparing = client.get(url("report_publish", review))
    assert "Preparing the PDF" in preparing.content.decode()
    assert preparing["Refresh"] == "2"
    run_queued_tasks()
    ready = client.get(url("report_publish", review)).content.decode()
    assert "Download the final PDF to check it" in ready
    assert "Draft version 1 was approved by 0 of 1 members" in ready

    unconfirmed = client.post(url("report_publish", review))
    assert "Confirm that you have read the warnings" in unconfirmed.content.decode()
    assert review.publications.count() == 0
    response = client.post(url("report_publish", review), {"confirm_warnings": "on"})
    assert response.url == reverse("public:report", kwargs={"slug": review.slug})
    assert review.publications.count() == 1


def test_publishing_waits_for_the_final_pdf_and_says_so(client, review, publisher):
    agree(fill(review), publisher)
    client.force_login(publisher)

    response = client.post(url("report_publish", review), {"confirm_warnings": "on"})

    assert response.status_code == 200
    assert "The final PDF is still being prepared" in response.content.decode()
    assert review.publications.count() == 0


def test_agreement_before_drafting_is_refused_with_a_message(client, review, publisher):
    client.force_login(publisher)

    response = client.post(
        url("report_agree", review),
        {"agreed_on_0": "1", "agreed_on_1": "6", "agreed_on_2": "2024", "meeting": "Panel"},
    )

    assert response.status_code == 200
    assert "An officer issues a draft for the working group first" in response.content.decode()
    review.refresh_from_db()
    assert review.status == Review.Status.COMMISSIONED


def test_publishing_before_agreement_explains_why_not(client, review, publisher):
    client.force_login(publisher)

    page = client.get(url("report_publish", review)).content.decode()

    assert "once the Panel has agreed it" in page


def test_a_correction_needs_its_reason(client, review, publisher):
    agree(fill(review), publisher)
    client.force_login(publisher)
    client.get(url("report_publish", review))
    run_queued_tasks()
    client.post(url("report_publish", review), {"confirm_warnings": "on"})
    assert review.publications.count() == 1
    client.get(url("report_publish", review))
    run_queued_tasks()

    response = client.post(
        url("report_publish", review), {"correction_reason": "", "confirm_warnings": "on"}
    )

    assert response.status_code == 200
    assert "Say what has been corrected and why" in response.content.decode()
    assert review.publications.count() == 1


@pytest.mark.parametrize("step", ["report_agree", "report_present", "report_publish"])
def test_only_the_publisher_takes_the_publishing_steps(client, review, officer, step):
    client.force_login(officer)

    assert client.get(url(step, review)).status_code == 403
    assert client.post(url(step, review)).status_code == 403


def test_the_pdf_cache_keeps_only_recent_renders(review):
    fill(review)
    for n in range(pdf.CACHE_KEEP + 2):
        pdf.pdf_for_html(review.pk, f"<html lang='en-GB'><title>{n}</title><p>{n}</p></html>")

    _, files = pdf.default_storage.listdir(f"{pdf.CACHE_DIR}/{review.pk}")
    assert len(files) == pdf.CACHE_KEEP


def test_the_same_pdf_asked_for_twice_is_rendered_once(client, review, member):
    fill(review)
    client.force_login(member)

    first = client.post(url("report_pdf", review))
    second = client.post(url("report_pdf", review))

    assert first.url == second.url
    assert Job.objects.count() == 1
    assert DBTaskResult.objects.count() == 1


def test_a_render_whose_worker_died_shows_as_failed_and_can_be_started_again(
    client, review, member
):
    fill(review)
    client.force_login(member)
    status_url = client.post(url("report_pdf", review)).url
    job = Job.objects.get()
    job.begin()
    Job.objects.update(heartbeat_at=timezone.now() - Job.STALE_AFTER - timedelta(seconds=1))

    page = client.get(status_url)

    assert "The PDF could not be prepared" in page.content.decode()
    assert "The worker stopped before it finished" in page.content.decode()
    assert "Refresh" not in page

    client.post(url("report_pdf", review))
    assert Job.objects.get().state == Job.State.QUEUED
    assert DBTaskResult.objects.count() == 2
    run_queued_tasks()
    assert "The PDF is ready" in client.get(status_url).content.decode()
