"""The working group reviews the draft report in the browser: the officer issues a
draft, a member comments on a recommendation, the officer replies and resolves, the
member approves; the officer changes the recommendation and issues version 2, and the
member sees what changed. Every page visited is checked with axe-core, with
JavaScript and again without it."""

import re

import pytest
from playwright.sync_api import expect

from reviews.models import ReportApproval, ReportComment, Review, WorkingGroupMember
from scrutiny.models import Role
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import sign_in
from tests.factories import (
    PersonFactory,
    RecommendationFactory,
    ReportSectionFactory,
    RoleFactory,
    UserFactory,
    WorkingGroupMemberFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OLD_TEXT = "That the PFCC review how data is currently recorded."
NEW_TEXT = "That the PFCC publish referral data every quarter."


@pytest.fixture
def drafting(review):
    review.status = Review.Status.DRAFTING
    review.working_group_name = "Early Intervention Working Group"
    review.save()
    ReportSectionFactory(review=review, body="Early intervention has always been crucial.")
    RecommendationFactory(
        review=review, number=1, reason="The importance of good data.", text=OLD_TEXT
    )
    RecommendationFactory(review=review, number=2, text="That the Panel revisit this.")
    return review


@pytest.fixture
def councillor(drafting):
    """The chair of the working group, with the member role in the body."""
    user = UserFactory(
        person=PersonFactory(honorific="Councillor", given_name="Zoe", family_name="Ashby")
    )
    RoleFactory(user=user, body=drafting.body, role=Role.Name.MEMBER)
    WorkingGroupMemberFactory(
        review=drafting, person=user.person, role=WorkingGroupMember.GroupRole.CHAIR
    )
    return user


def checked(page):
    assert_no_axe_violations(page)
    return page


def open_draft_report(page, live_server, review):
    page.goto(f"{live_server.url}{review.get_absolute_url()}scope/")
    page.get_by_role("link", name="Draft report", exact=True).click()


def review_the_draft(browser, live_server, drafting, officer, councillor, javascript):
    officer_page = browser.new_context(java_script_enabled=javascript).new_page()
    member_page = browser.new_context(java_script_enabled=javascript).new_page()

    # The officer issues the first draft.
    sign_in(officer_page, live_server, officer)
    open_draft_report(officer_page, live_server, drafting)
    expect(officer_page.locator("main")).to_contain_text("No draft has been issued yet")
    checked(officer_page)
    officer_page.get_by_role("link", name="Issue the first draft").click()
    checked(officer_page)
    officer_page.get_by_label("What has changed in this version (optional)").fill("First draft")
    # The checks before issuing warn of what is not linked yet; the officer confirms.
    expect(officer_page.locator("main")).to_contain_text(
        "Recommendations 1, 2 are not linked to any conclusion."
    )
    officer_page.get_by_label("I have read the warning above and want to go ahead").check()
    officer_page.get_by_role("button", name="Issue version 1").click()
    expect(officer_page.get_by_role("heading", level=1)).to_have_text("Draft report, version 1")
    checked(officer_page)

    # The member reads it and comments on recommendation 1 (an error first).
    sign_in(member_page, live_server, councillor)
    open_draft_report(member_page, live_server, drafting)
    expect(member_page.get_by_role("heading", level=1)).to_have_text("Draft report, version 1")
    expect(member_page.locator(".app-draft-report")).to_contain_text(OLD_TEXT)
    checked(member_page)
    member_page.get_by_role(
        "link", name="Comment on this recommendation (Recommendation 1)"
    ).click()
    expect(member_page.get_by_label("Which part of the report")).to_have_value("recommendation-1")
    checked(member_page)
    member_page.get_by_role("button", name="Add comment").click()
    expect(member_page.get_by_role("alert")).to_contain_text("Enter your comment")
    checked(member_page)
    member_page.get_by_label("Your comment", exact=True).fill("Could this say by when?")
    member_page.get_by_role("button", name="Add comment").click()
    comment_section = member_page.locator("#part-recommendation-1")
    expect(comment_section).to_contain_text("Could this say by when?")
    expect(comment_section).to_contain_text("Open")
    checked(member_page)
    comment = ReportComment.objects.get()
    assert (comment.anchor, comment.author) == ("recommendation-1", councillor)

    # The officer sees the open comment, replies, then resolves it.
    officer_page.reload()
    officer_page.get_by_role("link", name=re.compile(r"^1 open")).click()
    expect(officer_page.locator("main")).to_contain_text("Could this say by when?")
    checked(officer_page)
    officer_page.get_by_role("link", name=re.compile("^Reply")).click()
    checked(officer_page)
    officer_page.get_by_label("Your reply").fill("Yes: we will add a date in version 2.")
    officer_page.get_by_role("button", name="Send reply").click()
    expect(officer_page.locator("#part-recommendation-1")).to_contain_text("we will add a date")
    checked(officer_page)
    officer_page.get_by_role("button", name=re.compile("^Mark as resolved")).click()
    expect(officer_page.locator("#comment-counts")).to_contain_text("0 open")
    expect(officer_page.locator("#comment-counts")).to_contain_text("1 resolved")
    checked(officer_page)
    comment.refresh_from_db()
    assert comment.resolved_by == officer

    # The member sees the reply, signs the foreword and approves version 1.
    member_page.reload()
    expect(member_page.locator("#part-recommendation-1")).to_contain_text("we will add a date")
    expect(member_page.locator("#part-recommendation-1")).to_contain_text("Resolved")
    checked(member_page)
    member_page.get_by_role("link", name="Read draft version 1").click()
    member_page.get_by_role("button", name="Sign the foreword of version 1").click()
    expect(member_page.get_by_role("alert")).to_contain_text("You have signed the foreword")
    member_page.get_by_role("button", name="Approve draft version 1").click()
    expect(member_page.get_by_role("alert")).to_contain_text("You have approved draft version 1")
    checked(member_page)
    member_page.get_by_role("link", name="All versions and approvals").click()
    approvals = member_page.get_by_role("table", name="Who has approved which version")
    expect(approvals.get_by_role("row", name=re.compile("Councillor Zoe Ashby"))).to_contain_text(
        "Approved"
    )
    checked(member_page)
    assert ReportApproval.objects.get().member.person == councillor.person

    # The officer changes the recommendation and issues version 2.
    officer_page.get_by_role("link", name="Recommendations", exact=True).click()
    officer_page.get_by_role("link", name="Edit recommendation 1").click()
    officer_page.get_by_label("Recommendation", exact=True).fill(NEW_TEXT)
    officer_page.get_by_role("button", name="Save").click()
    open_draft_report(officer_page, live_server, drafting)
    officer_page.get_by_role("link", name="All versions and approvals").click()
    checked(officer_page)
    officer_page.get_by_role("link", name="Issue a new draft version").click()
    officer_page.get_by_label("What has changed in this version (optional)").fill(
        "Recommendation 1 now says by when."
    )
    officer_page.get_by_label("I have read the warning above and want to go ahead").check()
    officer_page.get_by_role("button", name="Issue version 2").click()
    expect(officer_page.get_by_role("heading", level=1)).to_have_text("Draft report, version 2")

    # The member opens the new draft and sees what changed since version 1.
    open_draft_report(member_page, live_server, drafting)
    expect(member_page.get_by_role("heading", level=1)).to_have_text("Draft report, version 2")
    expect(member_page.locator("main")).to_contain_text("You last read version 1")
    checked(member_page)
    member_page.get_by_role("link", name="See what changed in version 2").click()
    expect(member_page.locator("main")).to_contain_text("Version 1 is the last you read")
    change = member_page.locator("#change-recommendation-1")
    expect(change.locator("del")).to_contain_text("review how data is currently recorded")
    expect(change.locator("ins")).to_contain_text("publish referral data every quarter")
    expect(member_page.locator("#change-recommendation-2")).to_have_count(0)
    checked(member_page)

    officer_page.context.close()
    member_page.context.close()


def test_the_working_group_reviews_the_draft_in_the_browser(
    browser, live_server, drafting, officer, councillor
):
    review_the_draft(browser, live_server, drafting, officer, councillor, javascript=True)


def test_the_same_review_works_without_javascript(
    browser, live_server, drafting, officer, councillor
):
    review_the_draft(browser, live_server, drafting, officer, councillor, javascript=False)
