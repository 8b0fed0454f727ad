"""Entering quickly, counted in page loads: the reference review's Appendix G (19
questions with their answers) pasted as one table, "Save and add another", and the
warning before leaving a form with changes not saved. axe on every new page."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from reviews.models import KeyLineOfEnquiry, Question, QuestionSet
from scrutiny.models import Role
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import sign_in
from tests.factories import (
    KeyLineOfEnquiryFactory,
    MeetingFactory,
    ReviewFactory,
    RoleFactory,
    UserFactory,
    WitnessFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFERENCE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "early-intervention.json"
APPENDIX_G_LOADS = 12


def appendix_g():
    """The question set of Appendix G (the one with answers) from the reference data."""
    evidence = json.loads(REFERENCE.read_text())["review"]["evidence"]
    return next(
        e
        for e in evidence
        if e["kind"] == "questions"
        and any(q.get("answer") for g in e["groups"] for q in g["questions"])
    )


def as_copied_from_excel(question_set):
    """The appendix as Excel copies a table: a heading row, tab-separated cells, a cell
    with line breaks in double quotes, the group named only on its first row."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(["Partner", "How we work together", "Questions", "Further information"])
    for group in question_set["groups"]:
        for i, question in enumerate(group["questions"]):
            first = i == 0
            writer.writerow(
                [
                    group["heading"] if first else "",
                    group.get("how_we_work_together", "") if first else "",
                    question["text"],
                    question.get("answer", ""),
                ]
            )
    return out.getvalue()


@pytest.fixture
def officer_review(body):
    user = UserFactory(person__given_name="Olu", person__family_name="Officer")
    RoleFactory(user=user, body=body, role=Role.Name.OFFICER)
    return user, ReviewFactory(body=body)


def counting(page):
    loads = []
    page.on("load", lambda p: loads.append(p.url))
    return loads


def checked(page):
    assert_no_axe_violations(page)
    return page


def test_appendix_g_is_pasted_in_twelve_page_loads_or_fewer(page, live_server, officer_review):
    officer, review = officer_review
    source = appendix_g()
    sign_in(page, live_server, officer)
    loads = counting(page)

    page.goto(f"{live_server.url}{review.get_absolute_url()}")
    page.get_by_role("navigation", name="Sections of this review").get_by_role(
        "link", name="Evidence", exact=True
    ).click()
    page.get_by_role("link", name="Add evidence").click()
    page.get_by_label("Questions to partners").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Title").fill(source["title"])
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("link", name="Paste questions and answers").click()
    checked(page)
    page.get_by_label("Paste the table of questions and answers").fill(as_copied_from_excel(source))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("table")).to_contain_text("Northamptonshire Fire and Rescue Service")
    checked(page)
    page.get_by_role("button", name="Confirm and save").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("19 questions added")

    print(f"\nAppendix G: {len(loads)} page loads for 19 questions with answers")
    assert len(loads) <= APPENDIX_G_LOADS, loads
    question_set = QuestionSet.objects.get(review=review)
    expected = [
        (g["heading"], q["text"], q.get("answer", ""))
        for g in source["groups"]
        for q in g["questions"]
    ]
    saved = [
        (q.group.heading, q.text, q.answer)
        for q in Question.objects.filter(group__question_set=question_set).order_by(
            "group__position", "position"
        )
    ]
    assert len(saved) == 19
    assert saved == expected


def test_save_and_add_another_enters_key_lines_one_page_load_each(
    page, live_server, officer_review
):
    officer, review = officer_review
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/reviews/{review.slug}/key-lines/add/")
    loads = counting(page)
    for text in ["How is it funded?", "Who refers families?", "What difference does it make?"]:
        page.get_by_label("Key line of enquiry").fill(text)
        page.get_by_role("button", name="Save and add another").click()
        expect(page.get_by_role("alert", name="Success")).to_contain_text(text)
        expect(page.get_by_label("Key line of enquiry")).to_have_value("")
    checked(page)
    print(f"\nThree key lines with 'Save and add another': {len(loads)} page loads")
    assert len(loads) == 3
    assert KeyLineOfEnquiry.objects.filter(review=review).count() == 3


def test_leaving_a_form_with_changes_asks_first_and_saving_does_not(
    page, live_server, officer_review
):
    officer, review = officer_review
    sign_in(page, live_server, officer)
    add = f"{live_server.url}/reviews/{review.slug}/key-lines/add/"
    page.goto(add)
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    page.get_by_role("link", name="Cancel").click()  # nothing typed: leaves at once
    expect(page).to_have_url(f"{live_server.url}/reviews/{review.slug}/scope/")
    assert dialogs == []

    page.goto(add)
    page.get_by_label("Key line of enquiry").fill("Half typed")
    page.get_by_role("link", name="Cancel").click()
    expect(page).to_have_url(add)
    assert dialogs == ["beforeunload"]
    expect(page.get_by_label("Key line of enquiry")).to_have_value("Half typed")

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/reviews/{review.slug}/scope/")
    assert dialogs == ["beforeunload"]
    assert KeyLineOfEnquiry.objects.get(review=review).text == "Half typed"


def test_the_new_entry_pages_pass_axe_without_javascript_too(browser, live_server, officer_review):
    """Each new page, its error state included, with axe; and without JavaScript the
    order form still reorders."""
    officer, review = officer_review
    meeting = MeetingFactory(review=review)
    witness = WitnessFactory(meeting=meeting)
    for position, text in enumerate("ABC", start=1):
        KeyLineOfEnquiryFactory(review=review, text=text, position=position)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, officer)
        base = f"{live_server.url}/reviews/{review.slug}"
        for path in [
            "/working-group/add/",
            f"/meetings/{meeting.pk}/witnesses/add/",
            f"/meetings/{meeting.pk}/witnesses/{witness.pk}/edit/",
            "/key-lines/paste/",
            "/findings/paste/",
        ]:
            page.goto(base + path)
            checked(page)
        page.goto(base + "/working-group/add/")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text(
            "Choose a member of the panel, or enter their name below"
        )
        checked(page)

        page.goto(base + "/key-lines/order/")
        checked(page)
        for text, position in [("C", "1"), ("A", "2"), ("B", "3")]:
            page.get_by_label(text, exact=True).fill(position)
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_role("alert", name="Success")).to_contain_text("order")
        assert list(review.key_lines.values_list("text", flat=True)) == ["C", "A", "B"]
    finally:
        context.close()
