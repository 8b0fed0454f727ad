"""An officer runs a new review from nothing, as a new user would: in Chromium, with
JavaScript and again without it, checking every page (error states included) with
axe-core."""

import pytest
from playwright.sync_api import expect

from recommendations.models import Recommendation
from reviews.models import Conclusion, Document, Review
from scrutiny.jobs import run_queued_tasks
from scrutiny.models import Role
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import sign_in
from tests.factories import (
    PanelMembershipFactory,
    PersonFactory,
    RoleFactory,
    UserFactory,
    commissioner_of,
)
from tests.pdfs import make_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF_SENTENCE = "Caseloads for each practitioner are capped at fourteen families."


@pytest.fixture
def panel_officer(body):
    for given, family in [("Zoe", "Ashby"), ("Greg", "Lund"), ("Anita", "Shore")]:
        PanelMembershipFactory(
            body=body,
            person=PersonFactory(honorific="Councillor", given_name=given, family_name=family),
        )
    commissioner_of(body)  # the body's responding bodies: the Commissioner
    user = UserFactory(person__given_name="Olu", person__family_name="Officer")
    RoleFactory(user=user, body=body, role=Role.Name.OFFICER)
    return user


def checked(page):
    assert_no_axe_violations(page)
    return page


def go_to_section(page, name):
    """Follow a link in the review's section navigation."""
    nav = page.get_by_role("navigation", name="Sections of this review")
    nav.get_by_role("link", name=name, exact=True).click()


def fill_date(page, legend, day, month, year):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def run_review_from_nothing(page, live_server, officer, tmp_path):
    sign_in(page, live_server, officer)
    checked(page)

    # Start a review; first forget the working group's name to see the error state.
    page.get_by_role("link", name="Start a new review").click()
    page.get_by_label("Short title").fill("Youth Diversion")
    page.get_by_label("Full title").fill("Scrutiny of diverting young people from crime")
    page.get_by_label("Topic").fill("Youth diversion")
    page.get_by_role("button", name="Create the review").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the name of the working group")
    expect(page.get_by_label("Short title")).to_have_value("Youth Diversion")
    checked(page)
    page.get_by_label("Name of the working group").fill("Youth Diversion Working Group")
    page.get_by_role("button", name="Create the review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Youth Diversion Working Group")
    checked(page)
    review = Review.objects.get(short_title="Youth Diversion")

    # Three working-group members, one of them the chair.
    go_to_section(page, "Working group")
    checked(page)
    for name, role in [
        ("Councillor Zoe Ashby", "Chair"),
        ("Councillor Greg Lund", "Member"),
        ("Councillor Anita Shore", "Member"),
    ]:
        page.get_by_role("link", name="Add a member").click()
        page.get_by_label("Panel member").select_option(label=name)
        page.get_by_label(role, exact=True).check()
        page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("table")).to_contain_text("Councillor Zoe Ashby")
    checked(page)
    assert review.working_group.filter(role="chair").get().person.family_name == "Ashby"

    # A meeting with attendance and a witness.
    go_to_section(page, "Meetings")
    page.get_by_role("link", name="Record a meeting").click()
    page.get_by_label("Working group", exact=True).check()
    page.get_by_role("button", name="Save", exact=True).click()  # no date yet: error state
    expect(page.get_by_role("alert")).to_be_visible()
    checked(page)
    fill_date(page, "Meeting date", "9", "3", "2023")
    page.get_by_label("Purpose").fill("To hear from the youth team")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who attended?")
    checked(page)
    page.get_by_role("group", name="Councillor Zoe Ashby (chair)").get_by_label("Present").check()
    page.get_by_role("group", name="Councillor Greg Lund (member)").get_by_label("Present").check()
    page.get_by_role("group", name="Councillor Anita Shore (member)").get_by_label(
        "Apologies"
    ).check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("link", name="Add a witness").click()
    page.get_by_label("First name").fill("Jackie")
    page.get_by_label("Last name").fill("Jones")
    page.get_by_label("Job title").fill("Head of Early Intervention and Youth Services")
    page.get_by_label("Or add an organisation that is not listed").fill("OPFCC")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("main")).to_contain_text(
        "Jackie Jones, Head of Early Intervention and Youth Services"
    )
    checked(page)
    meeting = review.meetings.get()
    assert meeting.attendance.filter(status="present").count() == 2

    # A real PDF, whose text is then found by search.
    pdf = tmp_path / "caseloads.pdf"
    pdf.write_bytes(make_pdf("Youth team note.", PDF_SENTENCE))
    go_to_section(page, "Evidence")
    page.get_by_role("link", name="Add evidence").click()
    page.get_by_role("button", name="Continue").click()  # nothing chosen: error state
    expect(page.get_by_role("alert")).to_contain_text("Choose what kind of evidence")
    checked(page)
    page.get_by_label("Document").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Title").fill("Youth team caseload note")
    page.get_by_label("Upload the document").set_input_files(str(pdf))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("link", name="Download caseloads.pdf")).to_be_visible()
    checked(page)
    run_queued_tasks()  # the worker reads the document's text
    assert PDF_SENTENCE in Document.objects.get().extracted_text

    go_to_section(page, "Evidence")
    page.get_by_label("Search this review's evidence").fill("fourteen families")
    page.get_by_role("button", name="Search").click()
    result = page.locator(".app-result").first
    expect(result).to_contain_text("Youth team caseload note")
    expect(result.locator("mark").first).to_be_visible()
    checked(page)

    # A conclusion linked to that evidence, and a recommendation linked to it.
    go_to_section(page, "Findings and conclusions")
    page.get_by_role("link", name="Add a conclusion").click()
    page.get_by_label("Conclusion", exact=True).fill("Caseloads are manageable but untracked.")
    page.get_by_label("Youth team caseload note").check()
    page.get_by_role("button", name="Save", exact=True).click()
    checked(page)
    conclusion = Conclusion.objects.get()
    assert [e.title for e in conclusion.evidence.all()] == ["Youth team caseload note"]

    go_to_section(page, "Recommendations")
    page.get_by_role("link", name="Add a recommendation").click()
    expect(page.get_by_label("Number")).to_have_value("1")
    page.get_by_label("Reason").fill("The importance of tracking caseloads.")
    page.get_by_label("Recommendation", exact=True).fill("That the PFCC record caseload data.")
    page.get_by_label("The Police and Crime Commissioner").check()
    page.get_by_label("Caseloads are manageable but untracked.").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("main")).to_contain_text("That the PFCC record caseload data.")
    checked(page)
    recommendation = Recommendation.objects.get()
    assert list(recommendation.conclusions.all()) == [conclusion]
    return review


def test_an_officer_runs_a_new_review_in_the_browser(page, live_server, panel_officer, tmp_path):
    review = run_review_from_nothing(page, live_server, panel_officer, tmp_path)
    go_to_section(page, "History of changes")
    expect(page.locator("main")).to_contain_text("Added: recommendation")
    checked(page)
    assert review.recommendations.count() == 1


def test_the_same_flow_works_without_javascript(browser, live_server, panel_officer, tmp_path):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        run_review_from_nothing(page, live_server, panel_officer, tmp_path)
    finally:
        context.close()
