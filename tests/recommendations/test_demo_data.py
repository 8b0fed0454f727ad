"""The demo data: the reference review exactly as the seed report prints it, the
illustrative review, the demo sign-ins, and `load_demo` being safe to run twice."""

import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from recommendations.models import FollowUp, Response
from reviews.models import (
    CallForEvidence,
    DataSet,
    Document,
    Meeting,
    Question,
    ReportSection,
    Review,
    WorkingGroupMember,
)
from scrutiny.models import PanelMembership, Role, ScrutinyBody, User
from scrutiny.partial_dates import PartialDate

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SEED_TEXT = (FIXTURES / "seeds" / "000_f6614262e50df819.txt").read_text(encoding="utf-8")
SEED_LINES = SEED_TEXT.split("\n")


@pytest.fixture
def uploads(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    return tmp_path


@pytest.fixture
def demo_output(db, uploads):
    out = io.StringIO()
    call_command("load_demo", allow_without_debug=True, stdout=out)
    return out.getvalue()


@pytest.fixture
def reference(demo_output):
    return Review.objects.get(slug="early-intervention")


@pytest.fixture
def illustrative(demo_output):
    return Review.objects.get(is_illustrative=True)


def assert_in_seed_in_order(texts, start=0):
    """Each text occurs verbatim in the seed, each after the one before."""
    for text in texts:
        found = SEED_TEXT.find(text, start)
        assert found >= 0, f"not in the seed after position {start}: {text[:70]!r}"
        start = found + len(text)
    return start


# --- the reference review: counts ----------------------------------------------------


def test_reference_review_has_the_seeds_counts(reference):
    assert reference.status == Review.Status.DRAFTING
    assert reference.commissioned_on == datetime.date(2022, 9, 8)
    assert reference.recommendations.count() == 6
    assert reference.conclusions.count() == 4
    assert reference.findings.count() == 11
    assert reference.key_lines.count() == 4


def test_reference_review_has_the_five_working_group_meetings(reference):
    dates = list(
        reference.meetings.filter(kind=Meeting.Kind.WORKING_GROUP).values_list("date", flat=True)
    )
    assert dates == [
        datetime.date(2022, 12, 15),
        datetime.date(2023, 2, 27),
        datetime.date(2023, 3, 9),
        datetime.date(2023, 5, 24),
        datetime.date(2024, 4, 30),
    ]
    assert all(m.purpose and m.notes for m in reference.meetings.all())


def test_grant_tables_add_up_to_the_totals_printed_in_appendix_b(reference):
    dataset = DataSet.objects.get(review=reference, title="OPFCC Community Grant Funding 2022-23")
    tables = list(dataset.tables.all())
    assert [t.title for t in tables] == [
        "Northamptonshire Road Safety Community Fund",
        "Making Northamptonshire Safer Fund",
        "Making Northamptonshire Safer Small Grants Fund",
    ]
    assert [t.printed_totals for t in tables] == [
        {"Amount": "49933.62"},
        {"Amount": "80083.70"},
        {"Amount": "14505"},
    ]
    assert [t.rows.count() for t in tables] == [12, 8, 5]
    for table in tables:
        assert table.total_discrepancies() == {}
    assert tables[2].totals() == {"Amount": Decimal("14505.00")}


def test_both_calls_for_evidence_closed_on_19_may_2023_with_no_responses(reference):
    calls = CallForEvidence.objects.filter(review=reference).order_by("published_on")
    assert [c.published_on for c in calls] == [
        PartialDate(2023, 4, 25),
        PartialDate(2023, 5, 1),
    ]
    assert {c.closes_on for c in calls} == {PartialDate(2023, 5, 19)}
    assert [c.responses_received for c in calls] == [0, 0]
    assert all("by 19 May 2023" in c.text for c in calls)
    assert "HeadWest" in calls[1].channel


def test_the_eight_opfcc_officers_are_witnesses_with_the_job_titles_printed(reference):
    start = SEED_LINES.index("- Office of the Police, Fire and Crime Commissioner:") + 1
    end = next(i for i in range(start, len(SEED_LINES)) if SEED_LINES[i].startswith("And "))
    printed = {tuple(line.split(", ", 1)) for line in SEED_LINES[start:end]}
    assert len(printed) == 8

    meeting = reference.meetings.get(date=datetime.date(2023, 3, 9))
    witnesses = {(w.person.full_name, w.job_title) for w in meeting.witnesses.all()}
    assert witnesses == printed
    assert {w.organisation.short_name for w in meeting.witnesses.all()} == {"OPFCC"}


def test_the_working_group_is_chaired_by_councillor_zoe_mcghee(reference):
    members = list(reference.working_group.select_related("person"))
    assert [m.person.formal_name for m in members] == [
        "Councillor Zoe McGhee",
        "Councillor Andre Gonzalez de Savage",
        "Councillor Greg Lunn",
        "Councillor Dorothy Maxwell",
        "Councillor Gill Mercer",
        "Mrs Anita Shields",
        "Councillor David Smith",
        "Mrs Pauline Woodhouse",
    ]
    roles = {m.person.family_name: m.role for m in members}
    assert roles["McGhee"] == WorkingGroupMember.GroupRole.CHAIR
    assert roles["Shields"] == WorkingGroupMember.GroupRole.CO_OPTED
    assert roles["Woodhouse"] == WorkingGroupMember.GroupRole.DRAFT_REVIEWER
    kinds = PanelMembership.objects.filter(
        body=reference.body, person__in=[m.person for m in members]
    ).values_list("kind", flat=True)
    assert sorted(kinds) == ["co_opted"] * 2 + ["councillor"] * 6


def test_the_four_documents_hold_the_seed_files_and_their_text(reference):
    documents = Document.objects.filter(review=reference).order_by("position")
    assert documents.count() == 4
    for document, path in zip(documents, sorted(FIXTURES.glob("seeds/00[1-4]_*.txt")), strict=True):
        assert document.original_filename == path.name
        assert document.content_type == "text/plain"
        assert document.extracted_text == path.read_text(encoding="utf-8")
        with document.file.open("rb") as handle:
            assert handle.read() == path.read_bytes()
        assert document.size == path.stat().st_size


# --- the reference review: texts verbatim ----------------------------------------------


def test_findings_conclusions_and_recommendations_are_the_seeds_words_in_order(reference):
    findings = [f.text for f in reference.findings.all()]
    conclusions = [c.text for c in reference.conclusions.all()]
    recommendations = reference.recommendations.order_by("number")

    assert_in_seed_in_order(findings)
    after_section_8 = SEED_TEXT.index("8. Conclusions and Key Findings")
    after = assert_in_seed_in_order(conclusions, start=after_section_8)
    texts = [t for r in recommendations for t in (r.reason, r.text)]
    assert_in_seed_in_order(texts, start=after)
    assert all(not t.startswith("- ") for t in texts)
    # The seed's Commissioner and OPFCC are one responding body now: the Commissioner.
    commissioner = ["The Police, Fire and Crime Commissioner"]
    assert [r.addressee_names for r in recommendations] == [
        commissioner,
        ["The panel"],
        commissioner,
        commissioner,
        ["The panel"],
        commissioner,
    ]


def test_key_lines_of_enquiry_are_section_2s_words(reference):
    start = SEED_TEXT.index("2. Key Lines of Enquiry")
    assert_in_seed_in_order([k.text for k in reference.key_lines.all()], start=start)


def test_recommendations_and_conclusions_are_linked_where_the_report_links_them(reference):
    data_recommendation = reference.recommendations.get(number=1)
    funding_recommendation = reference.recommendations.get(number=3)
    assert "Warwick-Edinburgh" in data_recommendation.conclusions.get().text
    assert "one-off basis" in funding_recommendation.conclusions.get().text
    for conclusion in reference.conclusions.all():
        assert conclusion.evidence.exists()
        assert conclusion.findings.exists()


def test_timetable_is_appendix_as_with_both_variations(reference):
    # One date per milestone, or a period, each as precise as the seed prints it.
    rows = [
        (m.planned, m.planned_start, m.planned_end, m.actual_on) for m in reference.milestones.all()
    ]
    d = PartialDate
    assert rows == [
        ("1 September 2022", d(2022, 9, 1), None, d(2022, 9, 1)),
        ("8 September 2022", d(2022, 9, 8), None, d(2022, 9, 8)),
        ("September 2022 – February 2023", d(2022, 9), d(2023, 2), None),
        ("March – April 2023", d(2023, 3), d(2023, 4), None),
        ("20 April 2023", d(2023, 4, 20), None, None),
        ("April – May 2023", d(2023, 4), d(2023, 5), None),
    ]
    assert_in_seed_in_order([f"{m.description}\t{m.planned}" for m in reference.milestones.all()])
    d = datetime.date
    variations = list(reference.variations.select_related("meeting"))
    assert [(v.agreed_on, v.meeting.kind, v.meeting.date) for v in variations] == [
        (d(2023, 2, 2), "panel", d(2023, 2, 2)),
        (d(2023, 11, 30), "panel", d(2023, 11, 30)),
    ]
    assert "June 2023" in variations[0].description
    assert "reactivate" in variations[1].description
    assert reference.meetings.filter(kind="panel", date=d(2022, 9, 8)).exists()


def test_every_answer_in_appendix_g_is_kept(reference):
    answers = "\n".join(
        Question.objects.filter(group__question_set__review=reference).values_list(
            "answer", flat=True
        )
    )
    appendix_g = SEED_TEXT[SEED_TEXT.index("Further Information/ Clarification") :]
    paragraphs = re.findall(
        r"<p>(.*?)</p>",
        "\n".join(line.split("\t")[-1] for line in appendix_g.split("\n") if "\t" in line),
    )
    assert len(paragraphs) == 26
    for paragraph in paragraphs:
        assert paragraph in answers


def test_report_sections_hold_the_authored_prose_without_markup(reference):
    sections = {s.kind: s.body for s in reference.sections.all()}
    for kind in [
        "foreword",
        "context",
        "panel_role",
        "methodology",
        "background",
        "core_questions",
        "recommendations_intro",
        "acknowledgements",
    ]:
        assert sections[kind], kind
    # The report prints these as stored: each is the seed's text, word for word and in
    # the seed's order (the Chair's own objectives and recommendations included).
    foreword_start = SEED_TEXT.index("Early intervention has always been crucial")
    foreword_end = SEED_TEXT.index("Councillor Zoe McGhee\nChair, Early Intervention")
    assert " ".join(sections["foreword"].split()) == " ".join(
        SEED_TEXT[foreword_start:foreword_end].split()
    )
    assert "Greg Lunn" not in sections["acknowledgements"]
    assert "who sat with me on this Review." in sections["acknowledgements"]
    assert sections["context"].startswith("3.1 Following approval")
    assert "\n\n3.2 A Task and Finish Group was therefore established" in sections["context"]
    assert not any("<" in body for body in sections.values())
    titles = ReportSection.objects.filter(review=reference, kind="other").values_list(
        "title", flat=True
    )
    assert list(titles) == [
        "Purposes and Rationale",
        "Key Lines of Enquiry",
        "Conclusions and Key Findings",
    ]


# --- the illustrative review ---------------------------------------------------------


def test_illustrative_review_is_closed_and_its_due_dates_compute(illustrative):
    assert illustrative.body.slug == "northamptonshire-pfcp"
    assert "Illustrative" in illustrative.title
    assert illustrative.status == Review.Status.CLOSED
    assert illustrative.response_due_on == datetime.date(2024, 4, 12)
    assert illustrative.follow_up_due_on == datetime.date(2024, 8, 12)
    assert 3 <= illustrative.recommendations.count() <= 5


def test_illustrative_review_names_only_invented_people(illustrative):
    names = [m.person.full_name for m in illustrative.working_group.all()]
    names += [w.person.full_name for m in illustrative.meetings.all() for w in m.witnesses.all()]
    assert len(names) >= 4
    for name in names:
        assert name not in SEED_TEXT


def test_every_illustrative_recommendation_is_answered_and_published(illustrative):
    responses = Response.objects.filter(recommendation__review=illustrative)
    assert responses.count() == illustrative.recommendations.count()
    assert {r.status for r in responses} == {Response.Status.PUBLISHED}
    assert {r.decision for r in responses} == set(Response.Decision.values)
    assert all(r.reason for r in responses if r.decision != Response.Decision.ACCEPTED)
    assert not any(r.is_late for r in responses)
    moved = responses.get(target_date_changes__isnull=False)
    change = moved.target_date_changes.get()
    assert (change.old_date, change.new_date) == (datetime.date(2024, 6, 30), moved.target_date)
    assert change.reason


def test_illustrative_follow_up_carries_one_recommendation_to_a_second(illustrative):
    first, second = illustrative.follow_ups.order_by("sequence")
    assert first.status == FollowUp.Status.COMPLETED
    assessments = list(first.assessments.all())
    assert len(assessments) == illustrative.recommendations.count()
    assert {a.rag for a in assessments} == {"red", "amber", "green"}
    assert len({a.implementation for a in assessments}) >= 3
    assert [a.outcome for a in assessments].count("carried_forward") == 1
    assert second.status == FollowUp.Status.SCHEDULED
    assert second.due_on == illustrative.body.follow_up_due_after(first.held_on)


# --- load_demo -----------------------------------------------------------------------


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_load_demo_a_second_time_changes_nothing(demo_output):
    before = row_counts()
    assert before["reviews.Review"] == 2
    assert before["reviews.HistoricalReview"] == 2

    out = io.StringIO()
    call_command("load_demo", allow_without_debug=True, stdout=out)

    assert row_counts() == before
    assert "already loaded" in out.getvalue()


def test_load_demo_creates_the_demo_sign_ins(demo_output):
    panel = ScrutinyBody.objects.get(slug="northamptonshire-pfcp")
    expected = {
        "officer": {Role.Name.OFFICER},
        "member": {Role.Name.MEMBER},
        "publisher": {Role.Name.PUBLISHER},
        "respondent": {Role.Name.RESPONDENT},
        "admin": {Role.Name.OFFICER},
    }
    for username, roles in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password("scrutiny-demo")
        assert user.roles_in(panel) == roles
        assert username in demo_output
    assert User.objects.get(username="member").person.formal_name == "Councillor Zoe McGhee"
    respondent = User.objects.get(username="respondent").person
    assert respondent.organisation.short_name == "OPFCC"
    assert respondent.full_name not in SEED_TEXT
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert "scrutiny-demo" in demo_output


def test_the_other_bodys_officer_sees_none_of_the_panels_reviews(demo_output):
    other = User.objects.get(username="other-officer")
    assert other.check_password("scrutiny-demo")
    assert [r.body.name for r in other.roles.all()] == [
        "Example Borough Council Overview and Scrutiny Committee"
    ]
    assert not Review.objects.for_user(other).exists()
    assert Review.objects.for_user(User.objects.get(username="officer")).count() == 2
    # Respondents see a review only once it is presented: the draft stays hidden.
    respondent = User.objects.get(username="respondent")
    assert list(Review.objects.for_user(respondent).values_list("is_illustrative", flat=True)) == [
        True
    ]


@pytest.mark.django_db
def test_load_demo_refuses_to_run_on_a_site_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="published password"):
        call_command("load_demo", stdout=io.StringIO())
    assert not Review.objects.exists()
    assert not User.objects.exists()


def test_the_reference_draft_is_issued_for_the_working_group_to_read(reference, client):
    (version,) = reference.report_versions.all()
    assert (version.number, version.kind) == (1, "draft")
    assert "That the PFCC consider re-profiling the approach to funding" in version.html
    client.force_login(User.objects.get(username="member"))
    page = client.get(f"/reviews/{reference.slug}/report/draft/").content.decode()
    assert "That the PFCC consider re-profiling the approach to funding" in page
