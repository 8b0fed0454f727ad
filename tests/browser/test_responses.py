"""After the report, in Chromium: the Commissioner's office sends a response, the
officer sees it and moves its target date, the publisher publishes it and the public
read it; a follow-up is recorded with its RAG ratings and published; the tracker and
its charts. Every page is checked with axe-core (WCAG 2.2 AA)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from recommendations.models import FollowUp, FollowUpAssessment, Response
from reviews.models import Review
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import sign_in
from tests.factories import PublishedReportFactory, RecommendationFactory, ReviewFactory
from tests.pdfs import make_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def checked(page):
    assert_no_axe_violations(page)
    return page


@pytest.fixture
def presented_review(body):
    """Presented 70 days ago, so the two-month response period has just run out, and
    published (its recommendations and responses are public only once it is)."""
    presented_on = timezone.localdate() - datetime.timedelta(days=70)
    review = ReviewFactory(
        body=body,
        working_group_name="Youth Diversion Working Group",
        short_title="Youth Diversion",
        status=Review.Status.PRESENTED,
        commissioned_on=presented_on - datetime.timedelta(days=200),
        agreed_on=presented_on - datetime.timedelta(days=10),
        presented_on=presented_on,
    )
    PublishedReportFactory(review=review)
    RecommendationFactory(
        review=review,
        number=1,
        text="That the PFCC fund a youth diversion worker in every district.",
    )
    RecommendationFactory(
        review=review,
        number=2,
        text="That the Panel review the diversion scheme in a year.",
        to_panel=True,
    )
    return review


def signed_in_page(browser, live_server, user):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live_server, user)
    return page


def fill_date(page, legend, day):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_response_from_the_office_to_the_public_and_a_follow_up(
    browser, live_server, presented_review, officer, respondent, publisher, tmp_path
):
    base = f"{live_server.url}/reviews/{presented_review.slug}/recommendations"
    recommendation = presented_review.recommendations.get(number=1)

    # The Commissioner's office sees the overdue response and writes it.
    office = signed_in_page(browser, live_server, respondent)
    office.goto(f"{base}/responses/")
    checked(office)
    expect(office.get_by_role("table")).to_contain_text("Overdue")
    expect(office.get_by_role("table")).not_to_contain_text("review the diversion scheme")
    office.get_by_role("link", name="1. That the PFCC fund a youth diversion").click()
    checked(office)
    office.get_by_role("link", name="Write the response").click()
    checked(office)
    office.get_by_label("Partially accepted").check()
    office.get_by_label("Response", exact=True).fill("The Commissioner will fund two workers.")
    office.get_by_label("Actions promised").fill("Recruit two workers\nReview in spring")
    office.get_by_label("Lead officer").fill("Sam Sample, Head of Commissioning")
    fill_date(office, "Target date", datetime.date(2027, 3, 31))
    pdf = tmp_path / "response-letter.pdf"
    pdf.write_bytes(make_pdf("Dear Chair, the Commissioner responds as follows."))
    office.get_by_label("The response letter (optional)").set_input_files(str(pdf))
    office.get_by_role("button", name="Send the response to the panel").click()
    # No reason given for accepting only in part: the error, then the fix.
    expect(office.get_by_role("alert")).to_contain_text("Give the reason")
    checked(office)
    office.get_by_label("Reason for not accepting it in full").fill(
        "Funding covers two districts this year."
    )
    office.get_by_label("The response letter (optional)").set_input_files(str(pdf))
    office.get_by_role("button", name="Send the response to the panel").click()
    expect(office.get_by_role("heading", level=1)).to_have_text("Recommendation 1")
    expect(office.locator(".govuk-tag", has_text="Received")).to_be_visible()
    checked(office)
    response = Response.objects.get(recommendation=recommendation)
    assert response.status == Response.Status.SUBMITTED
    assert response.letter_filename == "response-letter.pdf"

    # The officer sees it, downloads the letter and moves the target date with a reason.
    panel = signed_in_page(browser, live_server, officer)
    panel.goto(f"{base}/responses/")
    expect(panel.get_by_role("table")).to_contain_text("Partially accepted")
    checked(panel)
    panel.get_by_role("link", name="1. That the PFCC fund a youth diversion").click()
    expect(panel.get_by_text("Funding covers two districts this year.")).to_be_visible()
    with panel.expect_download() as download:
        panel.get_by_role("link", name="response-letter.pdf").click()
    assert download.value.suggested_filename == "response-letter.pdf"
    panel.get_by_role("link", name="Change the target date").click()
    checked(panel)
    fill_date(panel, "New target date", datetime.date(2027, 6, 30))
    panel.get_by_role("button", name="Change the target date").click()
    expect(panel.get_by_role("alert")).to_contain_text("Say why the target date has changed.")
    checked(panel)
    panel.get_by_label("Why the target date has changed").fill("Recruitment starts later.")
    panel.get_by_role("button", name="Change the target date").click()
    expect(panel.get_by_role("table", name="Changes to the target date")).to_contain_text(
        "Recruitment starts later."
    )
    checked(panel)

    # The publisher publishes; the public read it beside the report.
    publishing = signed_in_page(browser, live_server, publisher)
    publishing.goto(f"{base}/responses/")
    checked(publishing)
    publishing.get_by_role("button", name="Publish the received response").click()
    expect(publishing.get_by_role("alert")).to_contain_text("1 response published.")
    checked(publishing)
    public = browser.new_context().new_page()
    public.goto(f"{live_server.url}/public/reviews/{presented_review.slug}/responses/")
    expect(public.get_by_text("The Commissioner will fund two workers.")).to_be_visible()
    expect(public.get_by_text("Recruitment starts later.")).to_be_visible()
    expect(public.get_by_role("link", name="response-letter.pdf")).to_have_count(0)
    checked(public)

    # The follow-up: scheduled, a progress update, the panel's RAG assessments.
    panel.goto(f"{base}/follow-up/")
    checked(panel)
    panel.get_by_role("button", name="Schedule the follow-up").click()
    expect(panel.get_by_role("heading", level=1)).to_have_text("Follow-up 1")
    checked(panel)
    follow_up = presented_review.follow_ups.get()
    office.goto(f"{live_server.url}{follow_up.get_absolute_url()}")
    office.get_by_role("link", name="Give a progress update on recommendation 1").click()
    checked(office)
    office.get_by_label("Progress update").fill("One worker is in post; the second starts in May.")
    office.get_by_role("button", name="Save").click()
    expect(office.get_by_text("One worker is in post")).to_be_visible()

    panel.reload()
    for number, implementation, rag, outcome in [
        (1, "In progress", "Amber – acceptable progress", "Carried forward to a further follow-up"),
        (2, "Implemented", "Green – achieved", "Closed"),
    ]:
        panel.get_by_role("link", name=f"Assess recommendation {number}").click()
        checked(panel)
        panel.get_by_label(implementation, exact=True).check()
        panel.get_by_label(rag).check()
        panel.get_by_label("The panel's comment").fill("Noted by the panel.")
        panel.get_by_label(outcome).check()
        panel.get_by_role("button", name="Save").click()
    expect(panel.locator(".govuk-tag", has_text="Amber")).to_be_visible()
    checked(panel)
    panel.get_by_role("link", name="Complete the follow-up").click()
    checked(panel)
    fill_date(panel, "Date of the meeting that considered it", timezone.localdate())
    panel.get_by_label("Meeting").fill("Police and Crime Panel")
    panel.get_by_role("button", name="Complete the follow-up").click()
    expect(panel.get_by_role("alert")).to_contain_text("Follow-up 2 is due on")
    checked(panel)
    assert set(FollowUpAssessment.objects.values_list("rag", flat=True)) == {"amber", "green"}
    assert presented_review.follow_ups.get(sequence=2).status == FollowUp.Status.SCHEDULED
    panel.get_by_role("link", name="The follow-up report").click()
    expect(panel.get_by_role("heading", level=1)).to_contain_text("Follow-up report")
    checked(panel)
    panel.get_by_role("link", name="Print version").click()
    checked(panel)

    publishing.goto(f"{live_server.url}{follow_up.get_absolute_url()}")
    publishing.get_by_role("button", name="Publish the follow-up").click()
    public.reload()
    expect(public.get_by_text("One worker is in post")).to_be_visible()
    expect(public.locator(".govuk-tag", has_text="Amber")).to_be_visible()
    checked(public)


def test_the_tracker_charts_and_public_tracker_have_no_axe_violations(
    browser, live_server, presented_review, officer
):
    recommendation = presented_review.recommendations.get(number=1)
    Response.objects.create(
        recommendation=recommendation,
        responding_body=recommendation.addressee_links.get().responding_body,
        decision=Response.Decision.ACCEPTED,
        response_text="Accepted.",
        status=Response.Status.PUBLISHED,
        received_on=presented_review.response_due_on + datetime.timedelta(days=5),
    )
    page = signed_in_page(browser, live_server, officer)

    page.goto(f"{live_server.url}/tracker/")
    expect(page.get_by_role("table")).to_contain_text("Youth Diversion")
    checked(page)
    page.get_by_label("Response").select_option(label="Accepted")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("table")).to_contain_text("1 recommendation")
    checked(page)
    page.get_by_role("columnheader", name="No.").get_by_role("link").click()
    expect(page.get_by_role("columnheader", name="No.")).to_have_attribute("aria-sort", "ascending")

    page.get_by_role("link", name="See these as charts").click()
    expect(page.get_by_role("img", name="Responses by decision")).to_be_visible()
    expect(page.get_by_role("img")).to_have_count(3)
    checked(page)
    page.screenshot(path="/tmp/tracker-charts.png", full_page=True)

    public = browser.new_context().new_page()
    public.goto(f"{live_server.url}/public/tracker/")
    expect(public.get_by_role("table")).to_contain_text("Accepted")
    checked(public)
