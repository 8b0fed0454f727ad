"""Two officers edit one recommendation in Chromium, with JavaScript and without it:
the second to save gets the conflict page (checked with axe-core), with their own
text kept, the first officer's change shown and already in the form; saving that
page keeps both changes."""

import pytest
from playwright.sync_api import expect

from recommendations.models import Recommendation
from scrutiny.models import Role
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import sign_in
from tests.factories import PersonFactory, RecommendationFactory, RoleFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def officer(body, given, family):
    user = UserFactory(person=PersonFactory(given_name=given, family_name=family))
    RoleFactory(user=user, body=body, role=Role.Name.OFFICER)
    return user


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_second_to_save_merges_on_the_conflict_page(
    browser, live_server, body, review, javascript
):
    recommendation = RecommendationFactory(
        review=review,
        number=1,
        reason="The importance of testing.",
        text="That the PCC test things.",
    )
    edit = f"{live_server.url}/reviews/{review.slug}/recommendations/{recommendation.pk}/edit/"
    pages = []
    for given, family in [("Olu", "Officer"), ("Sam", "Ray")]:
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        sign_in(page, live_server, officer(body, given, family))
        page.goto(edit)
        pages.append(page)
    mine, theirs = pages  # both forms are open before anyone saves

    theirs.get_by_label("Reason").fill("The importance of timely data.")
    theirs.get_by_role("button", name="Save").click()
    expect(theirs.get_by_text("Your changes have been saved.")).to_be_visible()

    mine.get_by_label("Recommendation", exact=True).fill("That the PFCC publish the figures.")
    mine.get_by_role("button", name="Save").click()

    expect(mine).to_have_title(
        f"Error: Edit recommendation 1 – {review.working_group_name} – Scrutiny"
    )
    summary = mine.get_by_role("alert")
    expect(summary).to_contain_text(
        "Someone else changed this recommendation while you were editing it."
    )
    expect(summary).to_contain_text(
        "Reason: Councillor Sam Ray changed this while you were editing it."
    )
    expect(mine.get_by_role("heading", name="What changed while you were editing")).to_be_visible()
    expect(mine.get_by_label("Reason")).to_have_value("The importance of timely data.")
    expect(mine.get_by_label("Recommendation", exact=True)).to_have_value(
        "That the PFCC publish the figures."
    )
    assert Recommendation.objects.get().text == "That the PCC test things."  # nothing saved
    assert_no_axe_violations(mine)

    mine.get_by_role("button", name="Save").click()

    expect(mine.get_by_text("Your changes have been saved.")).to_be_visible()
    saved = Recommendation.objects.get()
    assert (saved.reason, saved.text) == (
        "The importance of timely data.",
        "That the PFCC publish the figures.",
    )
