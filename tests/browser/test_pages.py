"""Each page as a browser shows it: what a person sees, no WCAG 2.2 AA failures that
axe can find, and nothing blocked by the Content-Security-Policy."""

import datetime

import pytest
from playwright.sync_api import expect

from reviews.models import Attendance, WorkingGroupMember
from scrutiny.models import Organisation
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import sign_in
from tests.factories import (
    AttendanceFactory,
    CallForEvidenceFactory,
    ConclusionFactory,
    DocumentFactory,
    FindingFactory,
    KeyLineOfEnquiryFactory,
    MeetingFactory,
    MilestoneFactory,
    OralEvidenceFactory,
    PersonFactory,
    RecommendationFactory,
    ReviewFactory,
    TimetableVariationFactory,
    UserFactory,
    WitnessFactory,
    WorkingGroupMemberFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def full_review(body):
    """A review with a row in every part of its overview."""
    review = ReviewFactory(
        body=body,
        working_group_name="Early Intervention Working Group",
        title="Scrutiny of early intervention to prevent offending",
        purpose="To understand how early intervention is funded.",
        information_required="Grant funding data\nPartner responses",
        is_illustrative=True,
    )
    KeyLineOfEnquiryFactory(review=review, text="How is early intervention funded?")
    chair = PersonFactory(honorific="Councillor", given_name="Zoe", family_name="Ashby")
    WorkingGroupMemberFactory(review=review, person=chair, role=WorkingGroupMember.GroupRole.CHAIR)
    WorkingGroupMemberFactory(review=review)
    MilestoneFactory(review=review, description="Evidence gathering")
    TimetableVariationFactory(review=review, description="The report may come in June.")
    meeting = MeetingFactory(review=review, date=datetime.date(2023, 2, 27), title="Evidence")
    AttendanceFactory(meeting=meeting, person=chair)
    AttendanceFactory(meeting=meeting, status=Attendance.Status.APOLOGIES)
    WitnessFactory(
        meeting=meeting,
        job_title="Head of Early Intervention",
        organisation=Organisation.objects.create(name="Office of the PFCC", short_name="OPFCC"),
    )
    oral = OralEvidenceFactory(review=review, title="Evidence from the OPFCC", meeting=meeting)
    CallForEvidenceFactory(review=review, responses_received=0)
    DocumentFactory(review=review, title="Early intervention strategy", author="Home Office")
    finding = FindingFactory(review=review, text="Funding is short term.")
    finding.evidence.add(oral)
    ConclusionFactory(review=review, text="Longer funding would help.")
    RecommendationFactory(
        review=review,
        number=1,
        reason="The importance of stable funding.",
        text="That the PFCC review how funding is allocated.",
    )
    return review


def test_home_page_explains_the_service_to_the_public(page, live_server):
    page.goto(live_server.url)

    expect(page).to_have_title("Scrutiny reviews – Scrutiny")
    expect(page.get_by_role("heading", level=1)).to_have_text("Scrutiny reviews")
    expect(page.get_by_text("No reports have been published yet.")).to_be_visible()
    sign_in_link = page.locator("main").get_by_role("link", name="Sign in")
    expect(sign_in_link).to_have_attribute("href", "/accounts/login/")
    assert_no_axe_violations(page)


def test_pages_are_styled_and_scripted_under_the_content_security_policy(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")

    # The stylesheet loaded: GOV.UK's black header.
    header = page.locator(".govuk-header")
    expect(header).to_have_css("background-color", "rgb(11, 12, 12)")
    # The nonce'd inline script and the GOV.UK Frontend module both ran.
    body = page.locator("body")
    expect(body).to_have_class("govuk-template__body js-enabled govuk-frontend-supported")
    expect(page.locator(".govuk-skip-link")).to_have_attribute("data-govuk-skip-link-init", "")


def test_login_page(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")

    expect(page).to_have_title("Sign in – Scrutiny")
    expect(page.get_by_label("Username")).to_be_editable()
    expect(page.get_by_label("Password")).to_have_attribute("type", "password")
    expect(page.get_by_text("locked for an hour")).to_be_visible()
    assert_no_axe_violations(page)


def test_wrong_password_shows_an_error_summary_and_keeps_the_user_out(page, live_server, officer):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(officer.username)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_title("Error: Sign in – Scrutiny")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter a correct username and password")
    # GOV.UK Frontend moves focus to the summary so screen readers announce it.
    expect(summary).to_be_focused()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert_no_axe_violations(page)


def test_officer_dashboard_lists_their_bodies_roles_and_reviews(
    page, live_server, officer, body, review
):
    sign_in(page, live_server, officer)

    expect(page.get_by_role("heading", level=1)).to_have_text("Your reviews")
    expect(page.get_by_role("heading", name=body.name)).to_be_visible()
    expect(page.get_by_text("Panel officer")).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name=review.working_group_name)).to_have_attribute(
        "href", review.get_absolute_url()
    )
    expect(table).to_contain_text("Commissioned")
    expect(table).to_contain_text("10 January 2024")
    assert_no_axe_violations(page)


def test_review_detail_shows_the_whole_review(page, live_server, officer, full_review):
    sign_in(page, live_server, officer)
    page.get_by_role("link", name="Early Intervention Working Group").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Early Intervention Working Group")
    expect(page.locator(".govuk-warning-text")).to_contain_text("illustrative example")
    expect(page.get_by_text("How is early intervention funded?")).to_be_visible()
    group = page.get_by_role("table", name="Members of the Early Intervention Working Group")
    expect(group.get_by_role("row", name="Councillor Zoe Ashby Chair")).to_be_visible()
    expect(page.get_by_text("The report may come in June.")).to_be_visible()
    expect(page.get_by_role("heading", name="27 February 2023: Evidence")).to_be_visible()
    expect(page.get_by_text("Head of Early Intervention, OPFCC")).to_be_visible()
    expect(page.get_by_text("0 responses received.")).to_be_visible()
    expect(page.get_by_text("Published by Home Office")).to_be_visible()
    expect(page.get_by_text("Funding is short term.")).to_be_visible()
    expect(page.get_by_text("Evidence: Evidence from the OPFCC")).to_be_visible()
    expect(page.get_by_text("Longer funding would help.")).to_be_visible()
    expect(page.get_by_role("heading", name="Recommendation 1")).to_be_visible()
    expect(page.get_by_text("That the PFCC review how funding is allocated.")).to_be_visible()
    assert_no_axe_violations(page)


def test_signing_out_returns_to_the_public_home_page(page, live_server, officer):
    sign_in(page, live_server, officer)
    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    page.goto(f"{live_server.url}/dashboard/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/dashboard/")


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_admin_index(page, live_server, superuser):
    sign_in(page, live_server, superuser)
    page.get_by_role("link", name="Admin").click()

    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    assert_no_axe_violations(page)


def test_admin_changelist(page, live_server, superuser, review):
    sign_in(page, live_server, superuser)
    page.goto(f"{live_server.url}/admin/reviews/review/")

    expect(page.get_by_role("link", name=review.working_group_name)).to_be_visible()
    assert_no_axe_violations(page)


def test_no_content_security_policy_violations(page, live_server, officer, full_review):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    # Recorded from the first moment of each document, before any page script runs.
    page.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', (event) =>"
        " window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));"
    )

    sign_in(page, live_server, officer)
    for path in ["/", "/dashboard/", full_review.get_absolute_url(), "/accounts/login/"]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        violations += page.evaluate("window.__cspViolations")

    assert violations == []


def test_page_not_found(page, live_server):
    response = page.goto(f"{live_server.url}/no-such-page/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    assert_no_axe_violations(page)


def test_five_wrong_passwords_lock_the_account_and_say_whom_to_contact(page, live_server, officer):
    page.goto(f"{live_server.url}/accounts/login/")
    for _ in range(5):
        page.get_by_label("Username").fill(officer.username)
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked")
    expect(page.get_by_text("locked the account for an hour")).to_be_visible()
    expect(page.get_by_text("Contact your panel's scrutiny officer")).to_be_visible()
    assert_no_axe_violations(page)


def test_signing_in_works_without_javascript(browser, live_server, officer, review):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, officer)

        expect(page.get_by_role("link", name=review.working_group_name)).to_be_visible()
        # No script ran, so GOV.UK Frontend's enhancements are off.
        expect(page.locator("body")).not_to_have_class("js-enabled")
        assert_no_axe_violations(page)
    finally:
        context.close()
