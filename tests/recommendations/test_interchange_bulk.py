"""The import writes in bulk: every row and its history as a row-by-row import made
them, evidence that can be searched, a number of queries that does not grow with the
rows, and the same refusals, checked without a query per row."""

import json
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recommendations.interchange import CHANGE_REASON, review_export, review_import
from recommendations.interchange import rows as rows_module
from recommendations.interchange.rows import Rows
from recommendations.interchange.validation import describe
from recommendations.models import FollowUpAssessment, Recommendation, Response, TargetDateChange
from reviews.models import (
    Attendance,
    CallForEvidence,
    DataSet,
    Document,
    Evidence,
    Milestone,
    OralEvidence,
    QuestionSet,
    ReportSection,
    Review,
    WorkingGroupMember,
)
from reviews.search import search_evidence
from scrutiny.models import Organisation, PanelMembership
from tests.factories import (
    FollowUpFactory,
    MeetingFactory,
    PersonFactory,
    RecommendationFactory,
    ResponseFactory,
    ReviewFactory,
    ScrutinyBodyFactory,
)

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
ILLUSTRATIVE_JSON = FIXTURES / "demo" / "illustrative-101-non-emergency-service.json"
KINDS = ["oral", "questions", "call", "document", "data"]


@pytest.fixture
def uploads(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "uploads", "base_url": None},
        },
    }


def many(n, name="bulk"):
    """A document with `n` of everything: every list of the review, and each kind of
    evidence, `n` long (and what they hold two each, so every kind of row grows with
    `n`). Names carry `name`, so that two documents share nothing."""
    org = [f"{name} organisation {i}" for i in range(n)]
    person = [f"{name}-p{i}" for i in range(n)]
    evidence, findings, conclusions = [], [], []
    for i in range(n):
        common = {"title": f"Evidence {i}", "summary": f"About {i}", "meeting": f"{name}-m{i}"}
        evidence += [
            {**common, "ref": f"oral{i}", "kind": "oral", "given_by": [person[i], person[-1]]},
            {
                **common,
                "ref": f"questions{i}",
                "kind": "questions",
                "introduction": "Questions to partners",
                "groups": [
                    {
                        "heading": f"Partner {g}",
                        "partner": org[i],
                        "questions": [
                            {"text": f"Question {q}?", "answer": f"Zeppelin answer {i}.{g}.{q}"}
                            for q in range(2)
                        ],
                    }
                    for g in range(2)
                ],
            },
            {
                **common,
                "ref": f"call{i}",
                "kind": "call",
                "channel": "Newsletter",
                "published_on": "2024-03-01",
                "closes_on": "2024-03-31",
                "text": "Tell us what you think.",
            },
            {
                **common,
                "ref": f"document{i}",
                "kind": "document",
                "original_filename": f"plan-{i}.txt",
                "extracted_text": f"The aardvark plan, part {i}.",
            },
            {
                **common,
                "ref": f"data{i}",
                "kind": "data",
                "tables": [
                    {
                        "title": f"Grants {t}",
                        "columns": [
                            {"name": "Recipient", "type": "text"},
                            {"name": "Amount", "type": "money"},
                        ],
                        "rows": [{"cells": [f"Quokka club {r}", "12.50"]} for r in range(2)],
                    }
                    for t in range(2)
                ],
            },
        ]
        findings.append({"ref": f"f{i}", "text": f"Finding {i}", "evidence": [f"oral{i}"]})
        conclusions.append(
            {
                "ref": f"c{i}",
                "text": f"Conclusion {i}",
                "evidence": [f"document{i}", f"call{i}"],
                "findings": [f"f{i}"],
            }
        )
    return {
        "format": "scrutiny-review",
        "version": 3,
        "organisations": [{"name": o} for o in org],
        "people": [
            {
                "ref": person[i],
                "given_name": "Wilhelmina",
                "family_name": f"Wobblesworth {name} {i}",
                "organisation": org[i],
            }
            for i in range(n)
        ],
        "body": {
            "slug": f"{name}-body",
            "name": f"{name} body",
            "scrutinised_title": "Commissioner",
            "scrutinised_office": org[0],
            "responding_bodies": [
                {"name": "The Commissioner", "short_name": "Commissioner"},
                {"name": "Cabinet", "short_name": "Cabinet", "basis": "lga_9fe"},
            ],
            "memberships": [
                {"person": person[i], "kind": "councillor", "council": org[i]} for i in range(n)
            ],
        },
        "review": {
            "slug": f"{name}-review",
            "short_title": "Bulk",
            "working_group_name": "Bulk Working Group",
            "title": "A review with many rows",
            "topic": "Many rows",
            "status": "presented",
            "commissioned_on": "2024-01-01",
            "agreed_on": "2024-05-01",
            "presented_on": "2024-05-10",
            "status_changes": [
                {"from_status": "commissioned", "to_status": "scoped", "changed_at": "2024-01-02"}
                for _ in range(n)
            ],
            "key_lines": [{"text": f"Key line {i}"} for i in range(n)],
            "working_group": [
                {"person": person[i], "role": "chair" if i == 0 else "member"} for i in range(n)
            ],
            "milestones": [
                {
                    "description": f"Milestone {i}",
                    "planned_start": "2024-02-01",
                    "planned_end": "2024-02-29",
                }
                for i in range(n)
            ],
            "meetings": [
                {
                    "ref": f"{name}-m{i}",
                    "kind": "working_group",
                    "date": "2024-02-01",
                    "attendance": [
                        {"person": person[i]},
                        {"person": person[(i + 1) % n], "status": "apologies"},
                    ],
                    "witnesses": [
                        {"person": person[i], "organisation": org[i], "job_title": "Witness"},
                        {"person": person[(i + 1) % n]},
                    ],
                }
                for i in range(n)
            ],
            "variations": [
                {
                    "agreed_on": "2024-03-01",
                    "agreed_at": "Panel",
                    "meeting": f"{name}-m{i}",
                    "description": f"Variation {i}",
                }
                for i in range(n)
            ],
            "evidence": evidence,
            "findings": findings,
            "conclusions": conclusions,
            "sections": [{"kind": "other", "title": f"Section {i}"} for i in range(n)],
            "recommendations": [
                {
                    "number": i + 1,
                    "reason": "Why",
                    "text": f"Recommendation {i}",
                    "addressees": ["The Commissioner", "Cabinet"],
                    "conclusions": [f"c{i}"],
                    "responses": [
                        {
                            "addressee": "Cabinet",
                            "decision": "accepted",
                            "response_text": "Yes.",
                            "status": "submitted",
                            "target_date": "2024-12-31",
                            "target_date_changes": [
                                {"new_date": "2024-11-30", "reason": "Sooner"},
                                {
                                    "old_date": "2024-11-30",
                                    "new_date": "2024-12-31",
                                    "reason": "Later",
                                },
                            ],
                        }
                    ],
                }
                for i in range(n)
            ],
            "follow_ups": [
                {
                    "sequence": i + 1,
                    "due_on": "2024-11-10",
                    "assessments": [
                        {"recommendation": i + 1, "progress_update": "Under way."},
                        {
                            "recommendation": (i + 1) % n + 1,
                            "implementation": "implemented",
                            "rag": "green",
                            "outcome": "closed",
                        },
                    ],
                }
                for i in range(n)
            ],
        },
    }


def models_with_history():
    return [
        model
        for model in apps.get_models()
        if hasattr(model, "history") and not model.__name__.startswith("Historical")
    ]


# --- every row, with its history ------------------------------------------------------------


def test_every_row_gets_its_created_history_row_with_the_import_s_reason(db, uploads):
    review = review_import(data=many(4))

    written = []
    for model in models_with_history():
        if model is Evidence:
            # A multi-table model: each evidence row is a row of its kind, whose history
            # (in that kind's history table, as a save makes it) is checked below.
            assert not model.history.exists()
            continue
        pks = set(model.objects.values_list("pk", flat=True))
        # The history row keeps the row's primary key (evidence_ptr_id for a kind of evidence).
        history = model.history.values_list(
            model._meta.pk.attname, "history_type", "history_change_reason"
        )
        assert sorted(history) == sorted((pk, "+", CHANGE_REASON) for pk in pks), model
        assert not model.history.exclude(history_user=None).exists(), model
        if pks:
            written.append(model.__name__)
    assert set(written) >= {
        "Organisation",
        "Person",
        "ScrutinyBody",
        "PanelMembership",
        "Review",
        "KeyLineOfEnquiry",
        "WorkingGroupMember",
        "Milestone",
        "Meeting",
        "Attendance",
        "Witness",
        "TimetableVariation",
        "OralEvidence",
        "QuestionSet",
        "QuestionGroup",
        "Question",
        "CallForEvidence",
        "Document",
        "DataSet",
        "DataTable",
        "Finding",
        "Conclusion",
        "ReportSection",
        "Recommendation",
        "Response",
        "FollowUp",
        "FollowUpAssessment",
    }
    assert review.evidence.count() == 5 * 4
    assert review.status_changes.count() == 4
    assert TargetDateChange.objects.filter(response__recommendation__review=review).count() == 8
    assert sum(t.rows.count() for d in DataSet.objects.all() for t in d.tables.all()) == 4 * 2 * 2


def test_evidence_rows_are_what_a_save_makes_of_them(db, uploads):
    review = review_import(data=many(3))

    for evidence in Evidence.objects.filter(review=review):
        specific = evidence.specific
        assert evidence.kind == type(specific).kind_for_class
        # The search text, as `reindex()` builds it from the rows now in the database.
        assert evidence.search_document == specific.build_search_document()
    oral = OralEvidence.objects.get(review=review, title="Evidence 0")
    assert "Wilhelmina Wobblesworth bulk 0" in oral.search_document
    questions = QuestionSet.objects.get(review=review, title="Evidence 1")
    assert [g.heading for g in questions.groups.all()] == ["Partner 0", "Partner 1"]
    assert "Zeppelin answer 1.1.0" in questions.search_document
    # Links, each once, as `set()` makes them.
    finding = review.findings.get(text="Finding 2")
    assert [e.title for e in finding.evidence.all()] == ["Evidence 2"]
    assert list(review.conclusions.get(text="Conclusion 2").findings.all()) == [finding]
    assert Recommendation.objects.get(review=review, number=1).conclusions.count() == 1


@pytest.mark.parametrize(
    "words, kind",
    [
        ("aardvark plan", Document),
        ("zeppelin answer", QuestionSet),
        ("quokka club", DataSet),
        ("Wobblesworth", OralEvidence),
        ("newsletter", CallForEvidence),
    ],
)
def test_what_an_imported_document_holds_can_be_searched(db, uploads, words, kind):
    review = review_import(data=many(2))

    found = list(search_evidence(Evidence.objects.filter(review=review), words))

    assert found and {e.kind for e in found} == {kind.kind_for_class}
    assert "<mark>" in found[0].passage


def test_a_very_long_imported_text_is_found_to_its_end(db, uploads):
    data = many(2)
    # Longer than SEARCH_MAX_CHARS: its vector is made on its own, whole if it fits.
    long_text = "Budget lines and staffing tables. " * 20_000 + "Detached youth workers."
    data["review"]["evidence"][3]["extracted_text"] = long_text
    review = review_import(data=data)

    (result,) = search_evidence(Evidence.objects.filter(review=review), "detached youth workers")
    assert (result.title, result.kind) == ("Evidence 0", "document")
    (other,) = search_evidence(Evidence.objects.filter(review=review), "aardvark")
    assert other.title == "Evidence 1"


# --- queries ------------------------------------------------------------------------------

# What grows with the rows: each evidence row is saved on its own (a multi-table
# model, which bulk_create cannot write): the row in Evidence, the row of its kind
# and its history row, 3 queries. Questions and data tables also build their search
# text with the model's own query for their groups or tables and the one prefetching
# their questions or rows: 2 more, once those rows exist. Everything else is written
# a model at a time, and the organisations, people and memberships that may exist
# already are looked up a list at a time.
QUERIES_PER_EVIDENCE = {"oral": 3, "questions": 5, "call": 3, "document": 3, "data": 5}


def queries_to_import(data):
    with CaptureQueriesContext(connection) as queries:
        review_import(data=data)
    return len(queries.captured_queries)


def test_the_number_of_queries_grows_only_with_the_evidence(db, uploads):
    few = queries_to_import(many(2, name="few"))
    lots = queries_to_import(many(20, name="lots"))

    per_copy = sum(QUERIES_PER_EVIDENCE.values())  # one evidence item of each kind
    # Ten times every row: only the evidence adds queries (the row-by-row import went
    # from 442 to 4,186 here)...
    assert lots - few <= (20 - 2) * per_copy, (few, lots)
    # ... and the rest is a constant few: for each model one INSERT and one for its
    # history rows, the lookups of what exists, the body, the review, the search vectors.
    assert few - 2 * per_copy < 100, few


def test_into_a_database_that_has_the_people_it_names_lookups_stay_a_list_at_a_time(db, uploads):
    review_import(data=many(20, name="first"))
    again = many(20, name="first")
    again["review"]["slug"] = "second-review"
    fresh = queries_to_import(many(20, name="other"))

    reused = queries_to_import(again)

    # The body, organisations, people and memberships all exist: fewer rows to write.
    assert reused <= fresh
    assert Review.objects.get(slug="second-review").working_group.count() == 20
    assert PanelMembership.objects.filter(body__slug="first-body").count() == 20


# --- refusals: as full_clean() gives them, checked without its queries -------------------------


def illustrative():
    return json.loads(ILLUSTRATIVE_JSON.read_text(encoding="utf-8"))


def _duplicate_working_group_member(data):
    data["review"]["working_group"].append({**data["review"]["working_group"][1]})


def _second_chair(data):
    data["review"]["working_group"][1]["role"] = "chair"


def _duplicate_with_a_bad_role(data):
    data["review"]["working_group"].append({**data["review"]["working_group"][1], "role": "boss"})


def _same_new_person_twice(data):
    data["people"] += [
        {"ref": "n1", "given_name": "New", "family_name": "Person"},
        {"ref": "n2", "given_name": "New", "family_name": "Person"},
    ]
    data["review"]["working_group"] += [
        {"person": "n1", "role": "member"},
        {"person": "n2", "role": "member"},
    ]


def _section_twice(data):
    sections = data["review"]["sections"]
    sections.append({**sections[0], "position": None})


def _number_twice(data):
    recommendations = data["review"]["recommendations"]
    recommendations[1]["number"] = recommendations[0]["number"]


def _number_zero(data):
    data["review"]["recommendations"][0]["number"] = 0


def _not_accepted_without_reason(data, status="published"):
    # The demo files are version 2 (one `response`); their import reads it as
    # `responses[0]`.
    response = next(r["response"] for r in data["review"]["recommendations"] if r["response"])
    response.update(decision="not_accepted", reason="", status=status)


def _sequence_twice(data):
    follow_ups = data["review"]["follow_ups"]
    follow_ups[1]["sequence"] = follow_ups[0]["sequence"]


def _assessed_twice(data):
    assessments = data["review"]["follow_ups"][0]["assessments"]
    assessments.append({**assessments[0]})


def _half_assessed(data):
    data["review"]["follow_ups"][0]["assessments"][0]["rag"] = ""


def _attended_twice(data):
    meeting = next(m for m in data["review"]["meetings"] if m["attendance"])
    meeting["attendance"].append({**meeting["attendance"][0]})


def _membership_ends_first(data):
    data["body"].update(slug="new-body", name="New body")
    data["body"]["memberships"][0].update(started_on="2024-01-01", ended_on="2023-01-01")


def _new_body_with_a_taken_name(data):
    data["body"]["slug"] = "another-slug"


def _presented_before_agreed(data):
    data["review"]["presented_on"] = "2000-01-01"


def _new_organisation_twice(data):
    data["organisations"] += [{"name": "Brand new"}, {"name": "Brand new"}]


def _new_organisation_not_valid(data):
    data["organisations"].append({"name": "Brand new", "kind": "alien", "short_name": "s" * 60})


# The messages the import gave when it saved each row as it read it.
@pytest.mark.parametrize(
    "change, message",
    [
        (
            _duplicate_working_group_member,
            "review.working_group[4]: This person is already in the working group.",
        ),
        (_second_chair, "review.working_group[1]: The working group already has a chair."),
        (
            _duplicate_with_a_bad_role,
            "review.working_group[4]: role: Value 'boss' is not a valid choice. Use one of: "
            "'chair', 'member', 'co_opted', 'draft_reviewer'.; "
            "This person is already in the working group.",
        ),
        (
            _same_new_person_twice,
            "review.working_group[5]: This person is already in the working group.",
        ),
        (_section_twice, "review.sections[7]: The review already has this section."),
        (
            _number_twice,
            "review.recommendations[1]: That number is already used by another recommendation.",
        ),
        (_number_zero, "review.recommendations[0]: Recommendation numbers start at 1."),
        (
            _not_accepted_without_reason,
            "review.recommendations[0].responses[0]: reason: Give the reason when a "
            "recommendation is not fully accepted.",
        ),
        (
            lambda data: _not_accepted_without_reason(data, status="lost"),
            "review.recommendations[0].responses[0]: status: Value 'lost' is not a valid choice. "
            "Use one of: 'draft', 'submitted', 'published'.; "
            "reason: Give the reason when a recommendation is not fully accepted.",
        ),
        (
            _sequence_twice,
            "review.follow_ups[1]: This review already has a follow-up with that number.",
        ),
        (
            _assessed_twice,
            "review.follow_ups[0].assessments[4]: This recommendation is already assessed here.",
        ),
        (
            _half_assessed,
            "review.follow_ups[0].assessments[0]: Give the implementation status, the RAG "
            "rating and the outcome together.",
        ),
        (
            _attended_twice,
            "review.meetings[1].attendance[4]: Attendance for this person is already recorded.",
        ),
        (_membership_ends_first, "body.memberships[0]: A membership cannot end before it starts."),
        (_new_body_with_a_taken_name, "body: name: Scrutiny body with this Name already exists."),
        (_presented_before_agreed, "review: The report cannot be presented before it was agreed."),
        (_new_organisation_twice, "organisations[3]: 'Brand new' is listed twice."),
        (
            _new_organisation_not_valid,
            "organisations[2]: short_name: Ensure this value has at most 50 characters (it has "
            "60).; kind: Value 'alien' is not a valid choice. Use one of: "
            + ", ".join(repr(kind) for kind in Organisation.Kind.values)
            + ".",
        ),
    ],
)
def test_a_refusal_says_what_a_row_by_row_import_said(db, uploads, change, message):
    review_import(data=illustrative())
    data = illustrative()
    data["review"]["slug"] = "a-second-copy"
    change(data)
    before = {model: model.objects.count() for model in apps.get_models()}

    with pytest.raises(ValueError) as raised:
        review_import(data=data)

    assert str(raised.value) == message
    assert {model: model.objects.count() for model in apps.get_models()} == before


def _refusal(check, obj=None):
    """What refusing the row says: `describe`s it the way an import does (of `obj`)."""
    try:
        check()
    except (ValidationError, ValueError) as error:
        return describe(error, obj) if isinstance(error, ValidationError) else str(error)
    return None


def _clashing_pairs():
    """Pairs of rows: may the second be added after the first?"""
    review = ReviewFactory()
    meeting = MeetingFactory(review=review)
    person = PersonFactory()
    recommendation = RecommendationFactory(review=review, number=1)
    follow_up = FollowUpFactory(review=review, sequence=1)
    return [
        (
            WorkingGroupMember(review=review, person=person, role="member"),
            WorkingGroupMember(review=review, person=person, role="chair"),
        ),
        (
            WorkingGroupMember(review=review, person=person, role="chair"),
            WorkingGroupMember(review=review, person=PersonFactory(), role="chair"),
        ),
        (
            Attendance(meeting=meeting, person=person),
            Attendance(meeting=meeting, person=person, status="late"),
        ),
        (
            ReportSection(review=review, kind="foreword"),
            ReportSection(review=review, kind="foreword"),
        ),
        (
            ReportSection(review=review, kind="other"),
            ReportSection(review=review, kind="other"),
        ),
        (
            FollowUpAssessment(follow_up=follow_up, recommendation=recommendation),
            FollowUpAssessment(follow_up=follow_up, recommendation=recommendation, rag="red"),
        ),
    ]


def test_rows_clash_as_full_clean_finds_them_in_the_database(db):
    """Each second row: the message full_clean() gives once the first is saved, and
    the one Rows gives with the first only kept."""
    for first, second in _clashing_pairs():
        rows = Rows()
        rows.add(first, "first")
        kept = _refusal(lambda: rows.add(second, "second"))  # noqa: B023
        first.save()
        saved = _refusal(second.full_clean, second)
        assert saved is not None or isinstance(first, ReportSection)
        assert kept == (f"second: {saved}" if saved else None), (first, second)
        first.delete()


@pytest.mark.parametrize(
    "make",
    [
        lambda: Milestone(
            review=ReviewFactory(),
            description="M",
            planned_start="2024-02-01",
            planned_end="2024-01-01",
        ),
        lambda: Milestone(review=ReviewFactory(), description="M", planned_end="2024-01-01"),
        lambda: CallForEvidence(
            review=ReviewFactory(),
            title="C",
            channel="N",
            published_on="2024-02-01",
            closes_on="2024-01-01",
        ),
        lambda: CallForEvidence(
            review=ReviewFactory(),
            title="C" * 300,
            channel="N",
            published_on="2024-02-01",
            closes_on="2024-01-01",
        ),
        lambda: CallForEvidence(
            review=ReviewFactory(), title="C", channel="N", published_on="2024-02-01"
        ),
        lambda: Recommendation(review=ReviewFactory(), number=0, reason="R", text="T"),
        lambda: Response(
            recommendation=RecommendationFactory(), decision="not_accepted", response_text="No"
        ),
        lambda: Response(
            recommendation=RecommendationFactory(),
            decision="accepted",
            response_text="Yes",
            reason="",
        ),
        lambda: TargetDateChange(response=ResponseFactory(), new_date="2024-01-01", reason=""),
        lambda: FollowUpAssessment(
            follow_up=FollowUpFactory(), recommendation=RecommendationFactory(), rag="green"
        ),
        lambda: FollowUpAssessment(
            follow_up=FollowUpFactory(),
            recommendation=RecommendationFactory(),
            implementation="implemented",
            rag="green",
            outcome="closed",
        ),
        lambda: PanelMembership(
            body=ScrutinyBodyFactory(),
            person=PersonFactory(),
            kind="councillor",
            started_on="2024-01-01",
            ended_on="2023-01-01",
        ),
        lambda: WorkingGroupMember(review=ReviewFactory(), person=PersonFactory(), role="boss"),
        lambda: Attendance(meeting=MeetingFactory(), person=PersonFactory(), status="maybe"),
    ],
)
def test_a_row_is_refused_as_full_clean_refuses_it(db, make):
    obj = make()

    expected = _refusal(obj.full_clean, obj)

    assert _refusal(lambda: Rows().add(obj, "here")) == (f"here: {expected}" if expected else None)


def test_an_import_that_fails_while_writing_leaves_no_row_and_no_file(
    db, uploads, settings, monkeypatch
):
    data = many(2)
    data["review"]["evidence"][3]["file"] = {"name": "plan.txt", "base64": "cGxhbg=="}
    before = {model: model.objects.count() for model in apps.get_models()}
    write = rows_module.bulk_create_with_history

    def fail_at_the_last_model(objs, model, **kwargs):
        if model is FollowUpAssessment:
            raise RuntimeError("the disk is full")
        return write(objs, model, **kwargs)

    monkeypatch.setattr(rows_module, "bulk_create_with_history", fail_at_the_last_model)
    with pytest.raises(RuntimeError, match="the disk is full"):
        review_import(data=data)

    assert {model: model.objects.count() for model in apps.get_models()} == before
    location = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    assert [p for p in location.rglob("*") if p.is_file()] == []


@pytest.mark.django_db
def test_a_document_without_organisations_or_people_imports_as_the_format_says():
    review = ReviewFactory()
    data = review_export(review=review)
    Review.objects.all().delete()
    del data["organisations"], data["people"]

    imported = review_import(data=data)

    assert imported.slug == review.slug
