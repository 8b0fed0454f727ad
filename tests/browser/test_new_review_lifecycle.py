"""A panel's next review, from a blank page to its published follow-up, in the
interface alone: the database holds only the body, its people and their sign-ins (no
review fixtures, no admin pages, no ORM writes to the review). Each role works in its
own browser context; every page is checked with axe-core (and for reflow); the whole
flow runs with JavaScript and again without it, and prints the page loads per step.
"""

import pytest
from playwright.sync_api import expect

from recommendations.models import FollowUp, Response
from reviews.models import PublishedReport, Review
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

# The authored sections the report prints under a heading of their own.
SECTIONS = [
    ("chair's foreword", "Early help keeps young people out of the courts."),
    ("context and background", "The Panel chose this topic in its work programme."),
    ("panel role", "The Panel scrutinises the Commissioner."),
    ("methodology and evidence collection", "We met the youth team and read its papers."),
    ("report background", "Diversion schemes began in 2019."),
    ("core questions", "Does diversion work, and is it funded?"),
]


@pytest.fixture
def people(body):
    """The body's sign-ins: an officer, the chair and a member of the panel (both in
    the working group-to-be), democratic services and the Commissioner's office."""

    def user(role, given, family, honorific=""):
        person = PersonFactory(honorific=honorific, given_name=given, family_name=family)
        account = UserFactory(person=person)
        RoleFactory(user=account, body=body, role=role)
        if role == Role.Name.MEMBER:
            PanelMembershipFactory(body=body, person=person)
        return account

    accounts = {
        "officer": user(Role.Name.OFFICER, "Olu", "Officer"),
        "chair": user(Role.Name.MEMBER, "Zoe", "Ashby", "Councillor"),
        "member": user(Role.Name.MEMBER, "Greg", "Lund", "Councillor"),
        "publisher": user(Role.Name.PUBLISHER, "Pat", "Publisher"),
        "respondent": user(Role.Name.RESPONDENT, "Robin", "Respondent"),
    }
    # The body's responding bodies: the Commissioner, answered for by the office.
    commissioner_of(body).respondents.add(accounts["respondent"])
    return accounts


class Journey:
    """One browser context per role, each signed in through the form; counts the
    documents every context loads, step by step, and checks each page with axe."""

    def __init__(self, browser, live_server, people, javascript):
        self.live_server = live_server
        self.browser, self.javascript = browser, javascript
        self.loads = 0
        self.steps = []
        self.pages = {}
        self.contexts = []
        for role, user in people.items():
            context = browser.new_context(java_script_enabled=javascript)
            context.on("response", self._count)
            self.contexts.append(context)
            page = context.new_page()
            sign_in(page, live_server, user)
            self.pages[role] = page
        self.loads = 0

    def anonymous(self):
        """A page of the public's own, in a context like the others."""
        context = self.browser.new_context(java_script_enabled=self.javascript)
        context.on("response", self._count)
        self.contexts.append(context)
        return context.new_page()

    def _count(self, response):
        if response.request.resource_type == "document":
            self.loads += 1

    def step(self, name):
        self.steps.append([name, self.loads])

    def report(self):
        lines, previous = [], 0
        marks = [*self.steps, ["(end)", self.loads]]
        for (name, start), (_next, end) in zip(marks, marks[1:], strict=False):
            lines.append(f"  {name:<48} {end - start:>4}")
            previous = end
        return "\n".join([*lines, f"  {'total':<48} {previous:>4}"])

    def close(self):
        for context in self.contexts:
            context.close()


def checked(page):
    assert_no_axe_violations(page)
    return page


def click(page, role, name, **kwargs):
    """Click a link or button and check the page it lands on."""
    page.get_by_role(role, name=name, **kwargs).first.click()
    page.wait_for_load_state()
    return checked(page)


def visit(journey, who, path):
    page = journey.pages[who]
    page.goto(f"{journey.live_server.url}{path}")
    return checked(page)


def fill_date(page, legend, day, month, year):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def next_step(page, name):
    """Take the next step from the review's "What happens next" panel."""
    panel = page.locator("section.app-next-steps")
    panel.get_by_role("button", name=name).click()
    page.wait_for_load_state()
    return checked(page)


def run_lifecycle(journey, tmp_path):
    officer = journey.pages["officer"]
    root = journey.live_server.url

    journey.step("create the review")
    visit(journey, "officer", "/dashboard/")
    click(officer, "link", "Start a new review")
    officer.get_by_label("Short title").fill("Youth Diversion")
    officer.get_by_label("Name of the working group").fill("Youth Diversion Working Group")
    officer.get_by_label("Full title").fill("Scrutiny of diverting young people from crime")
    officer.get_by_label("Topic").fill("Youth diversion")
    click(officer, "button", "Create the review")
    review = Review.objects.get(short_title="Youth Diversion")
    overview = f"/reviews/{review.slug}/"
    expect(officer.locator("section.app-next-steps")).to_contain_text(
        "Add at least one key line of enquiry."
    )

    journey.step("scope, and confirm it")
    visit(journey, "officer", f"{overview}scope/edit/")
    officer.get_by_label("Purpose").fill("To see whether diversion keeps young people safe.")
    officer.get_by_label("Rationale").fill("Referrals doubled in two years.")
    click(officer, "button", "Save")
    click(officer, "link", "Add a key line of enquiry")
    officer.get_by_label("Key line of enquiry").fill("Is diversion funded for long enough?")
    click(officer, "button", "Save")
    visit(journey, "officer", overview)
    next_step(officer, "Confirm the scope")
    expect(officer.locator("section.app-next-steps")).to_contain_text("Scope agreed")

    journey.step("working group, and start evidence gathering")
    for name, role in [("Councillor Zoe Ashby", "Chair"), ("Councillor Greg Lund", "Member")]:
        visit(journey, "officer", f"{overview}working-group/add/")
        officer.get_by_label("Panel member").select_option(label=name)
        officer.get_by_label(role, exact=True).check()
        click(officer, "button", "Save")
    visit(journey, "officer", overview)
    next_step(officer, "Start evidence gathering")
    expect(officer.locator("section.app-next-steps")).to_contain_text("Gathering evidence")

    journey.step("a meeting with attendance")
    visit(journey, "officer", f"{overview}meetings/add/")
    officer.get_by_label("Working group", exact=True).check()
    fill_date(officer, "Meeting date", "9", "3", "2023")
    officer.get_by_label("Purpose").fill("To hear from the youth team")
    click(officer, "button", "Save")
    officer.get_by_role("group", name="Councillor Zoe Ashby (chair)").get_by_label(
        "Present"
    ).check()
    officer.get_by_role("group", name="Councillor Greg Lund (member)").get_by_label(
        "Present"
    ).check()
    click(officer, "button", "Save")

    journey.step("evidence: a document")
    pdf = tmp_path / "caseloads.pdf"
    pdf.write_bytes(make_pdf("Youth team note.", "Caseloads are capped at fourteen families."))
    visit(journey, "officer", f"{overview}evidence/add/")
    officer.get_by_label("Document").check()
    click(officer, "button", "Continue")
    officer.get_by_label("Title").fill("Youth team caseload note")
    officer.get_by_label("Upload the document").set_input_files(str(pdf))
    click(officer, "button", "Save")
    run_queued_tasks()  # the worker reads the document's text

    journey.step("findings, conclusions, recommendations")
    visit(journey, "officer", f"{overview}findings/add/")
    officer.get_by_label("Information identified").fill("Caseloads are capped but untracked.")
    officer.get_by_label("Youth team caseload note").check()
    click(officer, "button", "Save")
    visit(journey, "officer", f"{overview}conclusions/add/")
    officer.get_by_label("Conclusion", exact=True).fill("Caseload data should be tracked.")
    officer.get_by_label("Youth team caseload note").check()
    click(officer, "button", "Save")
    visit(journey, "officer", f"{overview}recommendations/add/")
    officer.get_by_label("Reason").fill("The importance of tracking caseloads.")
    officer.get_by_label("Recommendation", exact=True).fill("That the PFCC record caseload data.")
    officer.get_by_label("The Police and Crime Commissioner").check()
    officer.get_by_label("Caseload data should be tracked.").check()
    click(officer, "button", "Save")

    journey.step("the report's sections")
    for label, text in SECTIONS:
        visit(journey, "officer", f"{overview}report/")
        click(officer, "link", f"Write {label}")
        officer.get_by_label("Text").fill(text)
        click(officer, "button", "Save")
    # Section 1 is written under its own title, as an authored section.
    visit(journey, "officer", f"{overview}report/")
    click(officer, "link", "Add a section")
    officer.get_by_label("Section title").fill("Purposes and Rationale")
    officer.get_by_label("Text").fill("To learn whether diversion keeps young people safe.")
    click(officer, "button", "Save")

    journey.step("issue the first draft (starts drafting)")
    visit(journey, "officer", overview)
    click(officer, "button", "Issue the first draft")
    # Everything the checks look for is in place: no warning to confirm.
    expect(officer.get_by_label("and want to go ahead")).to_have_count(0)
    click(officer, "button", "Issue version 1")
    review.refresh_from_db()
    assert review.status == Review.Status.DRAFTING

    journey.step("the chair comments, approves, signs the foreword")
    chair = journey.pages["chair"]
    visit(journey, "chair", f"{overview}report/versions/1/comments/")
    chair.get_by_label("Which part of the report is your comment about?").select_option(index=1)
    chair.get_by_label("Your comment", exact=True).fill("Could recommendation 1 say by when?")
    click(chair, "button", "Add comment")
    visit(journey, "chair", f"{overview}report/versions/1/")
    click(chair, "button", "Approve draft version 1")
    click(chair, "button", "Sign the foreword of version 1")

    journey.step("the officer resolves the comment; a member approves")
    visit(journey, "officer", f"{overview}report/versions/1/comments/")
    click(officer, "button", "Mark as resolved")
    visit(journey, "member", f"{overview}report/versions/1/")
    click(journey.pages["member"], "button", "Approve draft version 1")

    journey.step("agreement")
    publisher = journey.pages["publisher"]
    visit(journey, "publisher", overview)
    click(publisher, "button", "Record the Panel's agreement")
    fill_date(publisher, "Date the Panel agreed the final report", "12", "9", "2024")
    publisher.get_by_label("Meeting").fill("Police, Fire and Crime Panel, 12 September 2024")
    click(publisher, "button", "Save")

    journey.step("presentation (schedules the follow-up)")
    visit(journey, "publisher", overview)
    click(publisher, "button", "Record that it was sent to the Commissioner")
    fill_date(publisher, "Date the final report was sent to the Commissioner", "20", "9", "2024")
    click(publisher, "button", "Save")
    assert FollowUp.objects.filter(review=review, sequence=1).exists()

    journey.step("publication")
    visit(journey, "publisher", overview)
    # The final PDF renders on the queue while the page refreshes itself (every two
    # seconds, so this one page is not checked with axe until it is ready).
    publisher.locator("section.app-next-steps").get_by_role(
        "button", name="Publish the final report"
    ).click()
    run_queued_tasks()
    expect(publisher.get_by_role("link", name="Download the final PDF to check it")).to_be_visible(
        timeout=20_000
    )
    checked(publisher)
    # Approved by both members, foreword signed, the comment resolved: nothing to confirm.
    expect(publisher.get_by_label("and want to go ahead")).to_have_count(0)
    click(publisher, "button", "Publish the final report")
    assert PublishedReport.objects.filter(review=review).exists()
    # The published version carries the approvals and sign-off it was agreed with.
    visit(journey, "publisher", f"{overview}report/versions/2/")
    expect(publisher.locator("main")).to_contain_text("2 of 2 members")
    expect(publisher.locator("main")).to_contain_text("Signed")

    journey.step("the Commissioner's response, and its publication")
    respondent = journey.pages["respondent"]
    recommendation = review.recommendations.get()
    to = recommendation.addressee_links.get().responding_body_id
    visit(journey, "respondent", f"{overview}recommendations/{recommendation.pk}/response/{to}/")
    respondent.get_by_label("Accepted", exact=True).check()
    respondent.get_by_label("Response", exact=True).fill("We will publish caseloads quarterly.")
    fill_date(respondent, "Target date", "31", "3", "2025")
    click(respondent, "button", "Send the response to the panel")
    visit(journey, "publisher", f"{overview}recommendations/responses/")
    click(publisher, "button", "Publish the received response")
    assert Response.objects.get(recommendation=recommendation).is_published

    journey.step("a target-date change")
    visit(journey, "respondent", f"{overview}recommendations/{recommendation.pk}/")
    click(respondent, "link", "Change the target date")
    fill_date(respondent, "New target date", "30", "6", "2025")
    respondent.get_by_label("Why the target date has changed").fill("The system went live late.")
    click(respondent, "button", "Change the target date")

    journey.step("the first follow-up with its RAG rating")
    follow_up = FollowUp.objects.get(review=review, sequence=1)
    visit(journey, "officer", f"{overview}recommendations/follow-up/{follow_up.pk}/")
    click(officer, "link", "Assess recommendation 1")
    officer.get_by_label("The Commissioner's progress update").fill("Published each quarter.")
    officer.get_by_label("Implemented", exact=True).check()
    officer.get_by_label("Green – achieved").check()
    officer.get_by_label("Closed", exact=True).check()
    click(officer, "button", "Save")
    click(officer, "link", "Complete the follow-up")
    fill_date(officer, "Date of the meeting that considered it", "20", "3", "2025")
    click(officer, "button", "Complete the follow-up")

    journey.step("the follow-up's publication, and the public page")
    visit(journey, "publisher", overview)
    click(publisher, "button", "Publish follow-up 1")
    follow_up.refresh_from_db()
    assert follow_up.is_published
    public = journey.anonymous()
    public.goto(f"{root}/public/reviews/{review.slug}/responses/")
    checked(public)
    expect(public.locator("main")).to_contain_text("We will publish caseloads quarterly.")
    expect(public.locator("main")).to_contain_text("30 June 2025")
    return review


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_new_review_goes_from_a_blank_page_to_its_published_follow_up(
    browser, live_server, people, tmp_path, javascript
):
    journey = Journey(browser, live_server, people, javascript)
    try:
        run_lifecycle(journey, tmp_path)
    finally:
        print(f"\nPage loads per step ({'with' if javascript else 'without'} JavaScript):")
        print(journey.report())
        journey.close()
