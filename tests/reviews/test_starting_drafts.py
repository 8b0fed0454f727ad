"""Starting drafts: Markdown made from the review's records that an officer may
start a section from. The box is filled, nothing is saved, and the report prints
only what the officer then saves."""

import datetime

import pytest
from django.urls import reverse

from reviews.models import ReportSection, WorkingGroupMember
from reviews.report import assemble_report
from reviews.report.starting_drafts import starting_draft
from tests.edit_forms import with_token
from tests.factories import (
    CallForEvidenceFactory,
    KeyLineOfEnquiryFactory,
    MeetingFactory,
    PersonFactory,
    RecommendationFactory,
    WitnessFactory,
    WorkingGroupMemberFactory,
)

pytestmark = pytest.mark.django_db


def write_url(review, kind):
    return reverse("reviews:report_section_write", kwargs={"slug": review.slug, "kind": kind})


def members(review):
    chair = PersonFactory(honorific="Councillor", given_name="Zoe", family_name="McGhee")
    WorkingGroupMemberFactory(review=review, person=chair, role=WorkingGroupMember.GroupRole.CHAIR)
    WorkingGroupMemberFactory(
        review=review,
        person=PersonFactory(honorific="Councillor", given_name="Gill", family_name="Mercer"),
    )
    WorkingGroupMemberFactory(
        review=review,
        person=PersonFactory(honorific="Mrs", given_name="Anita", family_name="Shields"),
        role=WorkingGroupMember.GroupRole.CO_OPTED,
    )


def test_the_context_draft_names_the_working_group_with_the_section_s_number(review):
    members(review)

    assert starting_draft(review, ReportSection.Kind.CONTEXT) == (
        "3.1 The working group comprised Councillor Zoe McGhee (Chair); Councillor Gill "
        "Mercer; and the Independent Co-opted Member Anita Shields."
    )


def test_the_foreword_draft_tells_the_meetings_and_calls_in_date_order(review):
    KeyLineOfEnquiryFactory(review=review, text="How is it funded?")
    MeetingFactory(review=review, date=datetime.date(2023, 5, 24), notes="Later meeting.")
    MeetingFactory(review=review, date=datetime.date(2023, 2, 27), notes="Earlier meeting.")
    CallForEvidenceFactory(
        review=review,
        channel="the schools newsletter",
        published_on=datetime.date(2023, 4, 25),
        closes_on=datetime.date(2023, 5, 19),
        responses_received=0,
    )
    RecommendationFactory(review=review, number=1, reason="Because.", text="That X.")

    draft = starting_draft(review, ReportSection.Kind.FOREWORD)

    assert draft.split("\n\n") == [
        "The key objectives identified for the working group were:",
        "- How is it funded?",
        "Earlier meeting.",
        "On 25 April 2023 the working group invited views through the schools newsletter, "
        "with a closing date of 19 May 2023. No responses were received.",
        "Later meeting.",
        f"The working group drew up one key recommendation for the consideration of the "
        f"{review.body.name}:",
        "Because.",
        "Recommendation:",
        "- That X.",
    ]


def test_the_acknowledgements_draft_lists_witnesses_once_by_family_name(review):
    members(review)
    meeting = MeetingFactory(review=review)
    ward = PersonFactory(honorific="", given_name="Sam", family_name="Ward", organisation=None)
    WitnessFactory(meeting=meeting, person=ward, job_title="Senior Practitioner")
    WitnessFactory(meeting=MeetingFactory(review=review), person=ward, job_title="Senior")
    WitnessFactory(
        meeting=meeting,
        person=PersonFactory(
            honorific="", given_name="Sadie", family_name="Baggett", organisation=None
        ),
        job_title="Project worker",
    )

    draft = starting_draft(review, ReportSection.Kind.ACKNOWLEDGEMENTS)

    assert draft == (
        "Acknowledgements to all those who took part in the review:\n\n"
        "- Councillor Gill Mercer, and the Independent Co-opted Member Anita Shields, who "
        "served on the working group.\n"
        "- Others who gave evidence:  \nSadie Baggett, Project worker  \n"
        "Sam Ward, Senior Practitioner"
    )


def test_the_button_fills_the_box_and_saves_nothing(client, review, officer):
    members(review)
    client.force_login(officer)

    page = client.get(write_url(review, "context")).content.decode()
    filled = client.get(write_url(review, "context") + "?starting-draft").content.decode()

    assert "Fill the box with a starting draft" in page
    assert "3.1 The working group comprised Councillor Zoe McGhee (Chair)" in filled
    assert not ReportSection.objects.exists()


def test_what_the_officer_saves_from_the_draft_is_what_prints(client, review, officer):
    members(review)
    client.force_login(officer)
    write = write_url(review, "context")
    edited = "3.1 A Task and Finish Group was therefore established."

    client.post(write, with_token(client, write, {"body": edited}))

    blocks = next(s for s in assemble_report(review).sections if s.number == 3).blocks
    assert [b.text for b in blocks] == [edited]


def test_sections_without_a_starting_draft_have_no_button(client, review, officer):
    client.force_login(officer)

    page = client.get(write_url(review, "panel_role")).content.decode()

    assert "starting draft" not in page
