"""Entering many things quickly: "Save and add another", pasting many lines at once
(previewed before saving), and the meeting preselected when adding its evidence."""

import pytest
from django.urls import reverse

from reviews.models import Finding, KeyLineOfEnquiry, Meeting, Question
from tests.factories import (
    DocumentFactory,
    KeyLineOfEnquiryFactory,
    MeetingFactory,
    PanelMembershipFactory,
    QuestionGroupFactory,
    QuestionSetFactory,
    WitnessFactory,
)


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def url(name, review, **kwargs):
    return reverse(name, kwargs={"slug": review.slug, **kwargs})


# --- save and add another --------------------------------------------------------------


@pytest.mark.django_db
def test_save_and_add_another_returns_an_empty_form_naming_what_was_saved(officer_client, review):
    add = url("reviews:keyline_add", review)
    response = officer_client.post(
        add, {"text": "How is early intervention funded?", "add_another": "1"}, follow=True
    )
    assert response.redirect_chain == [(add, 302)]
    assert response.context["form"]["text"].value() in (None, "")
    page = response.content.decode()
    assert "Key line of enquiry added: How is early intervention funded?" in page
    assert "Save and add another" in page
    assert KeyLineOfEnquiry.objects.filter(review=review).count() == 1


@pytest.mark.django_db
def test_save_alone_goes_back_to_the_list(officer_client, review):
    response = officer_client.post(url("reviews:finding_add", review), {"text": "A finding"})
    assert response.url == url("reviews:findings", review)
    assert Finding.objects.filter(review=review).count() == 1


@pytest.mark.django_db
def test_every_page_adding_one_of_many_offers_save_and_add_another(officer_client, review):
    meeting = MeetingFactory(review=review)
    pages = [
        url("reviews:keyline_add", review),
        url("reviews:member_add", review),
        url("reviews:milestone_add", review),
        url("reviews:variation_add", review),
        url("reviews:meeting_add", review),
        url("reviews:witness_add", review, meeting_pk=meeting.pk),
        url("reviews:evidence_add_kind", review, kind="document"),
        url("reviews:finding_add", review),
        url("reviews:conclusion_add", review),
        url("recommendations:add", review),
    ]
    for page in pages:
        assert "Save and add another" in officer_client.get(page).content.decode(), page


@pytest.mark.django_db
def test_a_meeting_saved_with_add_another_leaves_a_fresh_meeting_form(officer_client, review):
    add = url("reviews:meeting_add", review)
    data = {"kind": "working_group", "date_0": "3", "date_1": "5", "date_2": "2023"}
    response = officer_client.post(add, {**data, "add_another": "1"})
    assert response.url == add
    assert Meeting.objects.filter(review=review).count() == 1


# --- meeting times ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_meeting_keeps_its_start_and_end_times_as_typed(officer_client, review):
    data = {"kind": "working_group", "date_0": "3", "date_1": "5", "date_2": "2023"}
    officer_client.post(
        url("reviews:meeting_add", review), {**data, "starts_at": "10am", "ends_at": "12:30pm"}
    )
    meeting = Meeting.objects.get(review=review)
    assert meeting.times == "10am to 12:30pm"
    page = officer_client.get(url("reviews:meeting_detail", review, pk=meeting.pk))
    assert "10am to 12:30pm" in page.content.decode()


@pytest.mark.django_db
def test_a_meeting_ending_before_it_starts_is_refused(officer_client, review):
    data = {"kind": "working_group", "date_0": "3", "date_1": "5", "date_2": "2023"}
    response = officer_client.post(
        url("reviews:meeting_add", review), {**data, "starts_at": "2pm", "ends_at": "1pm"}
    )
    assert response.context["form"].errors["ends_at"] == [
        "The end time must be after the start time"
    ]
    response = officer_client.post(
        url("reviews:meeting_add", review), {**data, "starts_at": "25:00"}
    )
    assert response.context["form"].errors["starts_at"] == [
        "Start time must be a real time, like 10am or 2:30pm"
    ]
    assert not Meeting.objects.exists()


# --- evidence from a meeting -----------------------------------------------------------


@pytest.mark.django_db
def test_adding_evidence_from_a_meeting_preselects_it_and_its_witnesses(officer_client, review):
    meeting = MeetingFactory(review=review)
    witness = WitnessFactory(meeting=meeting)
    MeetingFactory(review=review)  # another meeting, not chosen
    choose = officer_client.get(
        url("reviews:evidence_add", review), {"kind": "oral", "meeting": meeting.pk}
    )
    assert choose.url == url("reviews:evidence_add_kind", review, kind="oral") + (
        f"?meeting={meeting.pk}"
    )
    form = officer_client.get(choose.url).context["form"]
    assert form["meeting"].value() == meeting.pk
    assert form["given_by"].value() == [witness.person_id]


@pytest.mark.django_db
def test_another_reviews_meeting_is_not_preselected(officer_client, review):
    foreign = MeetingFactory()
    page = url("reviews:evidence_add_kind", review, kind="document")
    form = officer_client.get(page, {"meeting": foreign.pk}).context["form"]
    assert form["meeting"].value() is None


# --- pasting many at once --------------------------------------------------------------

KEY_LINES = """1. How is early intervention funded?
2. Which partners refer families?

• What difference does it make?"""


@pytest.mark.django_db
def test_pasted_key_lines_are_previewed_and_nothing_is_saved_yet(officer_client, review):
    response = officer_client.post(url("reviews:keyline_paste", review), {"text": KEY_LINES})
    assert response.context["preview"] == [
        ["How is early intervention funded?"],
        ["Which partners refer families?"],
        ["What difference does it make?"],
    ]
    assert "Confirm and save" in response.content.decode()
    assert not KeyLineOfEnquiry.objects.exists()


@pytest.mark.django_db
def test_confirmed_key_lines_are_saved_in_order_after_the_others_with_history(
    officer_client, review
):
    KeyLineOfEnquiryFactory(review=review, text="Already there", position=1)
    response = officer_client.post(
        url("reviews:keyline_paste", review), {"text": KEY_LINES, "confirm": "1"}
    )
    assert response.url == url("reviews:scope", review)
    assert list(review.key_lines.values_list("text", flat=True)) == [
        "Already there",
        "How is early intervention funded?",
        "Which partners refer families?",
        "What difference does it make?",
    ]
    assert KeyLineOfEnquiry.history.filter(history_type="+").count() == 4


@pytest.mark.django_db
def test_change_goes_back_to_the_text_as_pasted(officer_client, review):
    response = officer_client.post(
        url("reviews:keyline_paste", review), {"text": KEY_LINES, "change": "1"}
    )
    assert "preview" not in response.context
    assert response.context["form"]["text"].value() == KEY_LINES
    assert not KeyLineOfEnquiry.objects.exists()


@pytest.mark.django_db
def test_pasting_nothing_says_what_to_enter(officer_client, review):
    response = officer_client.post(url("reviews:keyline_paste", review), {"text": "\n  \n"})
    assert response.context["form"].errors["text"] == [
        "Enter at least one key line of enquiry, one on each line"
    ]


@pytest.mark.django_db
def test_pasted_findings_are_linked_to_the_chosen_evidence(officer_client, review):
    document = DocumentFactory(review=review)
    officer_client.post(
        url("reviews:finding_paste", review),
        {"text": "First finding\nSecond finding", "evidence": [document.pk], "confirm": "1"},
    )
    findings = list(review.findings.all())
    assert [f.text for f in findings] == ["First finding", "Second finding"]
    assert all(list(f.evidence.all()) == [document.evidence_ptr] for f in findings)


# An Excel copy: tabs between cells, a cell with line breaks in double quotes; the
# heading row is left out and an empty first cell keeps the group above.
QUESTIONS_TABLE = (
    "Partner\tHow we work together\tQuestion\tAnswer\n"
    'Police\tReferrals from PPNs\tHow many clients?\t"63 open cases.\n\n71 in localities."\n'
    "\t\tHow many PPN referrals?\t526 this year\n"
    "Housing Providers\tAdvocating for families\tWhat positive outcomes?\tBetter housing\n"
)


@pytest.mark.django_db
def test_a_pasted_table_of_questions_makes_groups_and_questions_with_answers(
    officer_client, review
):
    question_set = QuestionSetFactory(review=review)
    existing = QuestionGroupFactory(question_set=question_set, heading="Police", position=1)
    paste = url("reviews:question_paste", review, evidence_pk=question_set.pk)

    preview = officer_client.post(paste, {"text": QUESTIONS_TABLE}).context["preview"]
    assert preview == [
        ["Police", "How many clients?", "63 open cases.\n\n71 in localities."],
        ["Police", "How many PPN referrals?", "526 this year"],
        ["Housing Providers (new group)", "What positive outcomes?", "Better housing"],
    ]
    assert not Question.objects.exists()

    officer_client.post(paste, {"text": QUESTIONS_TABLE, "confirm": "1"})
    groups = list(question_set.groups.all())
    assert [g.heading for g in groups] == ["Police", "Housing Providers"]
    assert groups[0] == existing
    assert groups[1].how_we_work_together == "Advocating for families"
    assert [q.text for q in groups[0].questions.all()] == [
        "How many clients?",
        "How many PPN referrals?",
    ]
    assert groups[0].questions.first().answer == "63 open cases.\n\n71 in localities."
    assert Question.history.filter(history_type="+").count() == 3


@pytest.mark.django_db
def test_questions_that_do_not_say_who_is_asked_are_refused_with_the_row(officer_client, review):
    question_set = QuestionSetFactory(review=review)
    paste = url("reviews:question_paste", review, evidence_pk=question_set.pk)
    response = officer_client.post(paste, {"text": "What is the budget?\nWho decides?"})
    assert response.context["form"].non_field_errors() == [
        "Row 1 does not say who is asked: put it in the first column, or choose a group below",
        "Row 2 does not say who is asked: put it in the first column, or choose a group below",
    ]
    group = QuestionGroupFactory(question_set=question_set, heading="Police")
    officer_client.post(
        paste, {"text": "What is the budget?\nWho decides?", "group": group.pk, "confirm": "1"}
    )
    assert list(group.questions.values_list("text", flat=True)) == [
        "What is the budget?",
        "Who decides?",
    ]


# --- witnesses --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_witness_heard_before_is_chosen_not_retyped(officer_client, review):
    earlier = WitnessFactory(meeting__review=review, job_title="Head of Youth Services")
    meeting = MeetingFactory(review=review)
    add = url("reviews:witness_add", review, meeting_pk=meeting.pk)
    form = officer_client.get(add).context["form"]
    assert earlier.person in form.fields["person"].queryset

    officer_client.post(add, {"person": earlier.person.pk})
    witness = meeting.witnesses.get()
    assert witness.person == earlier.person
    assert witness.job_title == "Head of Youth Services"
    assert witness.organisation == earlier.person.organisation


@pytest.mark.django_db
def test_a_witness_needs_someone_chosen_or_named_but_not_both(officer_client, review):
    earlier = WitnessFactory(meeting__review=review)
    meeting = MeetingFactory(review=review)
    add = url("reviews:witness_add", review, meeting_pk=meeting.pk)
    errors = officer_client.post(add, {"job_title": "Analyst"}).context["form"].errors
    assert errors["person"] == ["Choose who gave evidence, or enter their name below"]
    both = {"person": earlier.person.pk, "given_name": "Jo", "family_name": "Bloggs"}
    errors = officer_client.post(add, both).context["form"].errors
    assert errors["person"] == ["Choose someone listed or add someone new, not both"]
    errors = officer_client.post(add, {"given_name": "Jo"}).context["form"].errors
    assert errors["family_name"] == ["Enter the witness's last name"]
    assert not meeting.witnesses.exists()


@pytest.mark.django_db
def test_a_witness_is_edited_and_the_name_is_corrected_everywhere(officer_client, review):
    witness = WitnessFactory(meeting__review=review, person__given_name="Jakie")
    other = WitnessFactory(meeting__review=review, person=witness.person)
    edit = url("reviews:witness_edit", review, meeting_pk=witness.meeting_id, pk=witness.pk)
    assert officer_client.get(edit).context["form"]["given_name"].value() == "Jakie"

    response = officer_client.post(
        edit,
        {
            "given_name": "Jackie",
            "family_name": witness.person.family_name,
            "job_title": "Director",
            "new_organisation": "OPFCC",
        },
    )
    assert response.url == url("reviews:meeting_detail", review, pk=witness.meeting_id)
    witness.refresh_from_db()
    other.refresh_from_db()
    assert witness.person.given_name == other.person.given_name == "Jackie"
    assert (witness.job_title, witness.organisation.name) == ("Director", "OPFCC")
    assert other.job_title != "Director"  # as at the other meeting


# --- working group ------------------------------------------------------------------------


@pytest.mark.django_db
def test_someone_new_is_added_to_the_working_group_and_the_panel_on_one_form(
    officer_client, review
):
    response = officer_client.post(
        url("reviews:member_add", review),
        {
            "honorific": "Councillor",
            "given_name": "Zoe",
            "family_name": "McGhee",
            "kind": "councillor",
            "role": "chair",
        },
    )
    assert response.url == url("reviews:working_group", review)
    member = review.working_group.get()
    assert (member.person.formal_name, member.role) == ("Councillor Zoe McGhee", "chair")
    assert member.person.panel_memberships.get().body == review.body


@pytest.mark.django_db
def test_a_member_is_chosen_or_named_but_not_both(officer_client, review):
    panel_member = PanelMembershipFactory(body=review.body).person
    add = url("reviews:member_add", review)
    errors = officer_client.post(add, {"role": "member"}).context["form"].errors
    assert errors["person"] == ["Choose a member of the panel, or enter their name below"]
    both = {"person": panel_member.pk, "given_name": "Zoe", "role": "member"}
    errors = officer_client.post(add, both).context["form"].errors
    assert errors["person"] == ["Choose a member of the panel or add someone new, not both"]
    assert not review.working_group.exists()


# --- reordering ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_whole_order_is_changed_in_one_save(officer_client, review):
    lines = [
        KeyLineOfEnquiryFactory(review=review, text=text, position=i)
        for i, text in enumerate(["A", "B", "C", "D"], start=1)
    ]
    order = url("reviews:keyline_order", review)
    form = officer_client.get(order).context["form"]
    assert [form[f"position_{line.pk}"].value() for line in lines] == [1, 2, 3, 4]

    # D to the top, A to the bottom; B and C share a number and keep their order.
    positions = {lines[0]: 4, lines[1]: 2, lines[2]: 2, lines[3]: 1}
    response = officer_client.post(
        order, {f"position_{line.pk}": n for line, n in positions.items()}
    )
    assert response.url == url("reviews:scope", review)
    assert list(review.key_lines.values_list("text", flat=True)) == ["D", "B", "C", "A"]
    # Only the two that moved are saved, each with its history row.
    assert KeyLineOfEnquiry.history.filter(history_type="~").count() == 2


@pytest.mark.django_db
def test_a_position_out_of_range_is_refused_and_nothing_moves(officer_client, review):
    lines = [KeyLineOfEnquiryFactory(review=review, position=i) for i in (1, 2)]
    response = officer_client.post(
        url("reviews:keyline_order", review),
        {f"position_{lines[0].pk}": "3", f"position_{lines[1].pk}": "1"},
    )
    label = lines[0].text
    assert response.context["form"].errors[f"position_{lines[0].pk}"] == [
        f"The position for ‘{label}’ must be 2 or less"
    ]
    assert list(review.key_lines.all()) == lines
