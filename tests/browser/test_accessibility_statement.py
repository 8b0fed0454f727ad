"""The accessibility statement the 2018 regulations require: linked from every page's
footer, saying what is not accessible and whom to contact, itself with no failures
that axe finds and readable at 320 px."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_statement_is_linked_from_the_footer_and_says_what_is_not_accessible(page, live_server):
    page.goto(live_server.url)
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()

    expect(page).to_have_url(f"{live_server.url}/accessibility/")
    expect(page).to_have_title("Accessibility statement – Scrutiny")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Accessibility statement for Scrutiny"
    )
    main = page.locator("main")
    expect(main).to_contain_text("This website is run by the council.")
    expect(main).to_contain_text("partially compliant with the Web Content Accessibility")
    expect(main).to_contain_text("The administration pages at /admin/")
    expect(main).to_contain_text("tagged (PDF/UA)")
    expect(main).to_contain_text("checked at 320 pixels wide")
    expect(main).to_contain_text("This statement was prepared on 2 December 2026.")
    # With no address set, the deployer's placeholder.
    expect(main).to_contain_text("think we're not meeting accessibility requirements, contact")
    expect(main).to_contain_text("contact the council's web team")
    expect(
        main.get_by_role("link", name="Equality Advisory and Support Service (EASS)")
    ).to_be_visible()
    expect(
        main.get_by_role("link", name="Equality Commission for Northern Ireland (ECNI)")
    ).to_be_visible()
    assert_no_axe_violations(page)


def test_the_statement_names_the_deployers_organisation_and_address(
    page, live_server, settings, officer
):
    settings.SCRUTINY_ACCESSIBILITY_ORGANISATION = "Example County Council"
    settings.SCRUTINY_ACCESSIBILITY_CONTACT = "web.team@example.gov.uk"
    sign_in(page, live_server, officer)

    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()

    main = page.locator("main")
    expect(main).to_contain_text("This website is run by Example County Council.")
    expect(main.get_by_role("link", name="web.team@example.gov.uk").first).to_have_attribute(
        "href", "mailto:web.team@example.gov.uk"
    )
    expect(main).not_to_contain_text("the council's web team")
    assert_no_axe_violations(page)
