"""A save from a stale form is refused, for every kind of record a review's officers
edit: two officers open the same form; the first saves (a fresh save applies); the
second's save comes back as a conflict page (HTTP 409) with nothing saved, their
own text still in the form and the first officer's change shown; saving that page
applies both changes (or, where both changed the same field, the second officer's
version, knowingly)."""

from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from recommendations.models import Recommendation
from reviews.concurrency import TOKEN_FIELD
from reviews.models import (
    CallForEvidence,
    Conclusion,
    DataTable,
    Document,
    Finding,
    KeyLineOfEnquiry,
    Meeting,
    Milestone,
    OralEvidence,
    Question,
    QuestionGroup,
    QuestionSet,
    ReportSection,
    Review,
    TimetableVariation,
    WorkingGroupMember,
)
from reviews.models import DataSet as DataSetModel
from scrutiny.models import Role
from scrutiny.partial_dates import PartialDate
from tests.edit_forms import form_data, posted_again, with_token
from tests.factories import (
    CallForEvidenceFactory,
    ConclusionFactory,
    DataRowFactory,
    DataSetFactory,
    DataTableFactory,
    DocumentFactory,
    FindingFactory,
    KeyLineOfEnquiryFactory,
    MeetingFactory,
    MilestoneFactory,
    OralEvidenceFactory,
    PanelMembershipFactory,
    PersonFactory,
    QuestionFactory,
    QuestionGroupFactory,
    QuestionSetFactory,
    RecommendationFactory,
    ReportSectionFactory,
    RoleFactory,
    TimetableVariationFactory,
    UserFactory,
    WorkingGroupMemberFactory,
)

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    """One kind of record: its edit form's URL, how to read it back, and what each
    officer changes (field name → value; `read` names the attribute if it differs)."""

    url: str
    reload: object
    theirs: dict
    mine: dict
    read: dict = field(default_factory=dict)


def rurl(name, review, **kwargs):
    return reverse(f"reviews:{name}", kwargs={"slug": review.slug, **kwargs})


def scope(review):
    return Case(
        rurl("scope_edit", review),
        lambda: Review.objects.get(pk=review.pk),
        {"purpose": "To see whether early help works."},
        {"rationale": "Because demand keeps rising."},
    )


def key_line(review):
    line = KeyLineOfEnquiryFactory(review=review)
    return Case(
        rurl("keyline_edit", review, pk=line.pk),
        lambda: KeyLineOfEnquiry.objects.get(pk=line.pk),
        {"text": "What works well in schools?"},
        {"text": "What works well for families?"},
    )


def member(review):
    person = PersonFactory()
    PanelMembershipFactory(person=person, body=review.body)
    row = WorkingGroupMemberFactory(review=review, person=person)
    return Case(
        rurl("member_edit", review, pk=row.pk),
        lambda: WorkingGroupMember.objects.get(pk=row.pk),
        {"role": WorkingGroupMember.GroupRole.CO_OPTED},
        {"role": WorkingGroupMember.GroupRole.DRAFT_REVIEWER},
    )


def milestone(review):
    row = MilestoneFactory(review=review)
    return Case(
        rurl("milestone_edit", review, pk=row.pk),
        lambda: Milestone.objects.get(pk=row.pk),
        {"description": "Draft report approved"},
        # A date known only to the year: their change, as they typed it.
        {"actual_on_2": "2024"},
        read={"actual_on_2": "actual_on"},
    )


def variation(review):
    row = TimetableVariationFactory(review=review)
    return Case(
        rurl("variation_edit", review, pk=row.pk),
        lambda: TimetableVariation.objects.get(pk=row.pk),
        {"description": "The final report moves to the autumn."},
        {"agreed_at": "Working group, 4 March"},
    )


def meeting(review):
    row = MeetingFactory(review=review)
    return Case(
        rurl("meeting_edit", review, pk=row.pk),
        lambda: Meeting.objects.get(pk=row.pk),
        {"title": "Evidence from the police"},
        {"notes": "The force described its referral pathway."},
    )


def oral_evidence(review):
    row = OralEvidenceFactory(review=review)
    return Case(
        rurl("evidence_edit", review, pk=row.pk),
        lambda: OralEvidence.objects.get(pk=row.pk),
        {"title": "Evidence from the Chief Constable"},
        {"summary": "The Chief Constable described the pathway."},
    )


def question_set(review):
    row = QuestionSetFactory(review=review)
    return Case(
        rurl("evidence_edit", review, pk=row.pk),
        lambda: QuestionSet.objects.get(pk=row.pk),
        {"introduction": "We wrote to every partner."},
        {"summary": "Four partners answered."},
    )


def call_for_evidence(review):
    row = CallForEvidenceFactory(review=review)
    return Case(
        rurl("evidence_edit", review, pk=row.pk),
        lambda: CallForEvidence.objects.get(pk=row.pk),
        {"text": "Tell us about early help in your school."},
        {"summary": "Twelve schools replied."},
    )


def document(review):
    row = DocumentFactory(review=review)
    return Case(
        rurl("evidence_edit", review, pk=row.pk),
        lambda: Document.objects.get(pk=row.pk),
        {"title": "Annual report 2023"},
        {"summary": "The force's own figures."},
    )


def data_set(review):
    row = DataSetFactory(review=review)
    return Case(
        rurl("evidence_edit", review, pk=row.pk),
        lambda: DataSetModel.objects.get(pk=row.pk),
        {"introduction": "Grants paid in 2023."},
        {"summary": "Most went to parish councils."},
    )


def question_group(review):
    row = QuestionGroupFactory(question_set=QuestionSetFactory(review=review))
    return Case(
        rurl("question_group_edit", review, evidence_pk=row.question_set_id, pk=row.pk),
        lambda: QuestionGroup.objects.get(pk=row.pk),
        {"heading": "Fire and rescue"},
        {"how_we_work_together": "We meet every month."},
    )


def question(review):
    row = QuestionFactory(
        group=QuestionGroupFactory(question_set=QuestionSetFactory(review=review))
    )
    return Case(
        rurl("question_edit", review, evidence_pk=row.group.question_set_id, pk=row.pk),
        lambda: Question.objects.get(pk=row.pk),
        {"answer": "Forty referrals."},
        {"text": "How many referrals did you receive in 2023?"},
    )


def data_table(review):
    table = DataTableFactory(dataset=DataSetFactory(review=review))
    DataRowFactory(table=table, cells=["A parish council", "1000.00"])
    return Case(
        rurl("data_table_edit", review, evidence_pk=table.dataset_id, pk=table.pk),
        lambda: DataTable.objects.get(pk=table.pk),
        {"rows_text": "A parish council\t1000.00\nA school\t250.00"},
        {"title": "Community fund, 2023"},
        read={"rows_text": "row_count"},
    )


def finding(review):
    row = FindingFactory(review=review)
    evidence = OralEvidenceFactory(review=review)
    return Case(
        rurl("finding_edit", review, pk=row.pk),
        lambda: Finding.objects.get(pk=row.pk),
        {"text": "Referrals doubled in two years."},
        {"evidence": [str(evidence.pk)]},
        read={"evidence": "evidence_pks"},
    )


def conclusion(review):
    row = ConclusionFactory(review=review)
    linked = FindingFactory(review=review)
    return Case(
        rurl("conclusion_edit", review, pk=row.pk),
        lambda: Conclusion.objects.get(pk=row.pk),
        {"findings": [str(linked.pk)]},
        {"text": "Early help pays for itself."},
        read={"findings": "finding_pks"},
    )


def recommendation(review):
    row = RecommendationFactory(review=review)
    return Case(
        reverse("recommendations:edit", kwargs={"slug": review.slug, "pk": row.pk}),
        lambda: Recommendation.objects.get(pk=row.pk),
        {"reason": "The importance of timely data."},
        {"text": "That the PFCC publish the figures monthly."},
    )


def foreword(review):
    ReportSectionFactory(review=review, kind=ReportSection.Kind.FOREWORD, body="A foreword.")
    return Case(
        rurl("report_section_write", review, kind="foreword"),
        lambda: ReportSection.objects.get(review=review, kind="foreword"),
        {"body": "A foreword.\n\nThanks to every witness."},
        {"body": "A foreword, rewritten.\n\nThanks to the officers."},
    )


def other_section(review):
    row = ReportSectionFactory(review=review, kind=ReportSection.Kind.OTHER, title="Money")
    return Case(
        rurl("report_section_edit", review, pk=row.pk),
        lambda: ReportSection.objects.get(pk=row.pk),
        {"title": "Money and grants"},
        {"body": "The grants are listed in the appendix."},
    )


CASES = [
    scope,
    key_line,
    member,
    milestone,
    variation,
    meeting,
    oral_evidence,
    question_set,
    call_for_evidence,
    document,
    data_set,
    question_group,
    question,
    data_table,
    finding,
    conclusion,
    recommendation,
    foreword,
    other_section,
]


def value(record, name, read):
    attribute = read.get(name, name)
    if attribute == "row_count":
        return "\n".join("\t".join(r.cells) for r in record.rows.all())
    if attribute == "evidence_pks":
        return [str(pk) for pk in record.evidence.values_list("pk", flat=True)]
    if attribute == "finding_pks":
        return [str(pk) for pk in record.findings.values_list("pk", flat=True)]
    found = getattr(record, attribute)
    return found.isoformat() if isinstance(found, PartialDate) else found


@pytest.fixture
def officers(client, review):
    """Two signed-in clients for two officers of the review's body."""
    from django.test import Client

    me, them = UserFactory(), UserFactory(person=PersonFactory(given_name="Sam", family_name="Ray"))
    for user in (me, them):
        RoleFactory(user=user, body=review.body, role=Role.Name.OFFICER)
    client.force_login(me)
    other = Client()
    other.force_login(them)
    return client, other


@pytest.mark.parametrize("make", CASES, ids=lambda f: f.__name__)
def test_a_stale_save_is_refused_and_saving_the_conflict_page_merges(make, review, officers):
    me, them = officers
    case = make(review)
    stale = form_data(me, case.url)  # my form, loaded before they save

    theirs = them.post(case.url, form_data(them, case.url, **case.theirs))
    assert theirs.status_code == 302  # a fresh save applies
    record = case.reload()
    for name, new in case.theirs.items():
        assert value(record, name, case.read) == new

    conflict = me.post(case.url, {**stale, **case.mine})

    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert "Someone else changed this" in page
    assert "while you were editing it" in page
    assert "Sam Ray" in page  # who changed it, by name
    record = case.reload()
    for name, new in case.theirs.items():  # nothing of mine saved: theirs stands
        assert value(record, name, case.read) == new
    form = conflict.context["form"]
    for name, mine in case.mine.items():  # my text kept in the form
        assert form.data.getlist(name) == (mine if isinstance(mine, list) else [mine])
    assert form.data[TOKEN_FIELD] != stale[TOKEN_FIELD][0]

    merged = me.post(case.url, posted_again(conflict))

    assert merged.status_code == 302
    record = case.reload()
    for name, mine in case.mine.items():
        assert value(record, name, case.read) == mine
    for name, new in case.theirs.items():
        if name not in case.mine:  # a field only they changed keeps their change
            assert value(record, name, case.read) == new


@pytest.mark.parametrize("make", [recommendation, scope, data_table], ids=lambda f: f.__name__)
def test_a_fresh_save_applies(make, review, officers):
    me, _ = officers
    case = make(review)

    response = me.post(case.url, form_data(me, case.url, **case.mine))

    assert response.status_code == 302
    record = case.reload()
    for name, mine in case.mine.items():
        assert value(record, name, case.read) == mine


def test_the_conflict_page_shows_who_changed_what_word_by_word(review, officers):
    me, them = officers
    case = recommendation(review)
    stale = form_data(me, case.url)
    them.post(case.url, form_data(them, case.url, reason="The importance of timely data."))

    conflict = me.post(case.url, {**stale, "text": "That the PFCC publish the figures monthly."})

    page = conflict.content.decode()
    assert "What changed while you were editing" in page
    assert "Changed by Councillor Sam Ray at" in page
    # Their change to the reason, word by word: "testing" became "timely data".
    assert "Removed: </span>testing" in page
    assert "Added: </span>timely data" in page
    # The reason only they changed is now in my form; my text is kept.
    form = conflict.context["form"]
    assert form.data["reason"] == "The importance of timely data."
    assert form.data["text"] == "That the PFCC publish the figures monthly."
    assert "Their version is now in the form" in page
    # GOV.UK error summary: the record, then the field.
    assert "govuk-error-summary" in page
    assert "Error: " in page.split("</title>")[0]
    assert "Reason: Councillor Sam Ray changed this while you were editing it." in page


def test_when_both_change_one_field_mine_is_kept_beside_a_diff_of_theirs(review, officers):
    me, them = officers
    case = key_line(review)
    stale = form_data(me, case.url)
    them.post(case.url, form_data(them, case.url, text="What works well in schools?"))

    conflict = me.post(case.url, {**stale, "text": "What works well for families?"})

    page = conflict.content.decode()
    assert conflict.context["form"].data["text"] == "What works well for families?"
    assert "Your version is still in the form" in page
    assert "How your version differs from theirs" in page
    assert KeyLineOfEnquiry.objects.get().text == "What works well in schools?"


def test_a_save_without_a_token_is_refused_and_kept(review, officers):
    """An old tab (or a script) posts no token: we cannot tell what it was based on,
    so nothing is saved; the form comes back with the saved version shown."""
    me, _ = officers
    case = recommendation(review)
    data = form_data(me, case.url, text="That the PFCC publish the figures monthly.")
    del data[TOKEN_FIELD]

    response = me.post(case.url, data)

    assert response.status_code == 409
    assert "may have changed since you opened this page" in response.content.decode()
    assert case.reload().text == "That the PCC test things."
    assert me.post(case.url, posted_again(response)).status_code == 302
    assert case.reload().text == "That the PFCC publish the figures monthly."


def test_a_section_written_by_someone_else_first_is_not_overwritten(review, officers):
    """Both open the empty foreword; the first to save creates it; the second's save
    is a conflict, not an overwrite."""
    me, them = officers
    url = rurl("report_section_write", review, kind="foreword")
    stale = form_data(me, url)

    them.post(url, form_data(them, url, body="Their foreword."))
    conflict = me.post(url, {**stale, "body": "My foreword."})

    assert conflict.status_code == 409
    assert ReportSection.objects.get(review=review, kind="foreword").body == "Their foreword."
    assert me.post(url, posted_again(conflict)).status_code == 302
    assert ReportSection.objects.get(review=review, kind="foreword").body == "My foreword."


def test_a_table_s_rows_changed_by_someone_else_are_merged_into_my_form(review, officers):
    me, them = officers
    case = data_table(review)
    stale = form_data(me, case.url)
    them.post(case.url, form_data(them, case.url, rows_text="A school\t250.00"))

    conflict = me.post(case.url, {**stale, "title": "Community fund, 2023"})

    assert conflict.status_code == 409
    assert conflict.context["form"].data["rows_text"] == "A school\t250.00"
    assert me.post(case.url, posted_again(conflict)).status_code == 302
    table = DataTable.objects.get()
    assert table.title == "Community fund, 2023"
    assert [r.cells for r in table.rows.all()] == [["A school", "250.00"]]


def test_a_change_made_by_me_in_another_tab_is_named_so(review, officers):
    me, _ = officers
    case = recommendation(review)
    stale = form_data(me, case.url)
    me.post(case.url, form_data(me, case.url, reason="Another reason."))

    page = me.post(case.url, {**stale, "text": "New text."}).content.decode()

    assert "you changed this in another tab or window" in page


def test_attendance_recorded_by_someone_else_is_not_overwritten(review, officers):
    """The attendance form is one form for everyone at the meeting: a stale one would
    put back what it showed for every member."""
    me, them = officers
    first = WorkingGroupMemberFactory(review=review)
    second = WorkingGroupMemberFactory(review=review)
    meeting = MeetingFactory(review=review)
    url = rurl("meeting_attendance", review, pk=meeting.pk)
    stale = form_data(me, url)
    them.post(url, form_data(them, url, **{f"person_{first.person_id}": "present"}))

    conflict = me.post(url, {**stale, f"person_{second.person_id}": "apologies"})

    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert "Someone else changed this record of attendance" in page
    assert "Present" in page  # their version, by its label
    assert dict(meeting.attendance.values_list("person_id", "status")) == {
        first.person_id: "present"
    }
    assert me.post(url, posted_again(conflict)).status_code == 302
    assert dict(meeting.attendance.values_list("person_id", "status")) == {
        first.person_id: "present",
        second.person_id: "apologies",
    }


def test_a_move_does_not_make_an_edit_stale(review, officers):
    """Only what the form edits is compared: moving a key line (its position) while
    someone edits its text is not a conflict."""
    me, them = officers
    first = KeyLineOfEnquiryFactory(review=review, position=1)
    KeyLineOfEnquiryFactory(review=review, position=2)
    url = rurl("keyline_edit", review, pk=first.pk)
    stale = form_data(me, url)
    them.post(rurl("keyline_move", review, pk=first.pk), {"direction": "down"})

    response = me.post(url, {**stale, "text": "What works?"})

    assert response.status_code == 302
    assert KeyLineOfEnquiry.objects.get(pk=first.pk).text == "What works?"


def test_the_token_from_the_page_is_what_a_browser_posts(review, officers):
    me, _ = officers
    case = recommendation(review)

    data = with_token(
        me, case.url, {"number": 1, "reason": "R", "text": "T", "addressed_to": ["panel"]}
    )

    assert me.post(case.url, data).status_code == 302
