"""The report in a browser: the draft as it stands (inside the service) and the
published report (for anyone), with no WCAG 2.2 AA failures that axe can find."""

import datetime
import hashlib
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from reviews.models import Review
from scrutiny.models import Role
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import sign_in
from tests.factories import RoleFactory, UserFactory
from tests.reviews.report_helpers import media, publish  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("media"),
]

SLUG = "early-intervention"


@pytest.fixture
def demo(db):
    call_command("load_demo", allow_without_debug=True, stdout=io.StringIO())
    return Review.objects.select_related("body").get(slug=SLUG)


@pytest.fixture
def demo_officer(demo):
    user = UserFactory()
    RoleFactory(user=user, body=demo.body, role=Role.Name.OFFICER)
    return user


@pytest.fixture
def published(demo):
    publisher = UserFactory()
    RoleFactory(user=publisher, body=demo.body, role=Role.Name.PUBLISHER)
    demo.record_agreement(user=publisher, agreed_on=datetime.date(2024, 6, 20), meeting="Panel")
    demo.present(user=publisher, presented_on=datetime.date(2024, 6, 27))
    # The publisher confirms the warnings they are shown (approvals, the foreword).
    return publish(review=demo, user=publisher)


def test_the_draft_report_online_has_no_accessibility_failures(page, live_server, demo_officer):
    sign_in(page, live_server, demo_officer)

    page.goto(f"{live_server.url}/reviews/{SLUG}/report/preview/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Early Intervention Working Group")
    expect(page.get_by_role("heading", name="9. Recommendations and Reasons")).to_be_visible()
    assert_no_axe_violations(page)


def test_the_report_contents_navigate_the_draft(page, live_server, demo_officer):
    sign_in(page, live_server, demo_officer)
    page.goto(f"{live_server.url}/reviews/{SLUG}/report/preview/")

    navigation = page.get_by_role("navigation", name="In this report")
    navigation.get_by_role("link", name="Appendix G").click()

    expect(page).to_have_url(f"{live_server.url}/reviews/{SLUG}/report/preview/#appendix-g")
    expect(page.get_by_role("heading", name="Appendix G", exact=False)).to_be_in_viewport()


def test_the_report_page_inside_the_review_has_no_accessibility_failures(
    page, live_server, demo_officer
):
    sign_in(page, live_server, demo_officer)

    page.goto(f"{live_server.url}/reviews/{SLUG}/report/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Report")
    assert_no_axe_violations(page)


def test_the_published_report_is_listed_on_the_home_page(page, live_server, published):
    page.goto(live_server.url)

    link = page.get_by_role("link", name="Early Intervention Working Group: final report")
    expect(link).to_be_visible()
    assert_no_axe_violations(page)
    link.click()
    expect(page).to_have_url(f"{live_server.url}/reports/{SLUG}/")


def test_the_public_report_has_no_accessibility_failures(page, live_server, published):
    page.goto(f"{live_server.url}/reports/{SLUG}/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Early Intervention Working Group")
    expect(page.get_by_text("Final Report", exact=True)).to_be_visible()
    expect(page.get_by_text("DRAFT", exact=True)).to_have_count(0)
    assert_no_axe_violations(page)


def test_the_public_pdf_download_is_the_published_file(page, live_server, published):
    page.goto(f"{live_server.url}/reports/{SLUG}/")
    href = page.get_by_role("link", name="Download the report as PDF").get_attribute("href")

    response = page.request.get(f"{live_server.url}{href}")

    assert response.headers["content-type"] == "application/pdf"
    assert hashlib.sha256(response.body()).hexdigest() == published.sha256
    expect(page.get_by_text(published.sha256)).to_be_visible()
