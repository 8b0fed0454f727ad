"""A whole review out to JSON and back: faithful round trips, reuse of what exists,
and refusals that save nothing."""

import copy
import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from recommendations.interchange import review_export, review_import
from recommendations.models import Response
from reviews.models import Document, Review
from scrutiny.models import Organisation, PanelMembership, Person, Role, ScrutinyBody, User
from tests.factories import RoleFactory, ScrutinyBodyFactory, UserFactory

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
ILLUSTRATIVE_JSON = FIXTURES / "demo" / "illustrative-101-non-emergency-service.json"
REFERENCE_JSON = FIXTURES / "demo" / "early-intervention.json"


@pytest.fixture
def uploads(settings, tmp_path):
    location = tmp_path / "uploads"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        },
    }
    return location


@pytest.fixture
def demo(db, uploads):
    call_command("load_demo", allow_without_debug=True, stdout=io.StringIO())


def illustrative_data():
    return json.loads(ILLUSTRATIVE_JSON.read_text(encoding="utf-8"))


def reference_data():
    return json.loads(REFERENCE_JSON.read_text(encoding="utf-8"))


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def stored_files(location):
    return [p for p in location.rglob("*") if p.is_file()] if location.exists() else []


def empty_the_database():
    Review.objects.all().delete()
    Role.objects.all().delete()
    User.objects.all().delete()
    PanelMembership.objects.all().delete()
    ScrutinyBody.objects.all().delete()
    Person.objects.all().delete()
    Organisation.objects.all().delete()


# --- round trips -----------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["early-intervention", "illustrative-101-non-emergency-service"])
def test_a_demo_review_survives_export_and_import_into_an_empty_database(demo, slug):
    exported = review_export(review=Review.objects.get(slug=slug), with_files=True)
    # Through real JSON text, as a file would carry it.
    exported = json.loads(json.dumps(exported))

    empty_the_database()
    assert not Person.objects.exists() and not Organisation.objects.exists()
    review = review_import(data=exported)

    assert review_export(review=review, with_files=True) == exported
    assert review.recommendations.count() == len(exported["review"]["recommendations"])
    assert Person.objects.count() == len(exported["people"])


def test_the_reference_review_round_trip_keeps_its_files_and_totals(demo):
    exported = review_export(review=Review.objects.get(slug="early-intervention"), with_files=True)
    empty_the_database()

    review = review_import(data=exported)

    seed = FIXTURES / "seeds" / "003_9c53e130c5b1b466.txt"
    document = Document.objects.get(review=review, original_filename=seed.name)
    with document.file.open("rb") as handle:
        assert handle.read() == seed.read_bytes()
    tables = [t for d in review.evidence.filter(kind="data") for t in d.specific.tables.all()]
    assert len(tables) == 4
    assert all(t.total_discrepancies() == {} for t in tables)
    assert review.working_group.get(role="chair").person.family_name == "McGhee"


def test_the_illustrative_round_trip_keeps_responses_and_follow_ups(demo):
    exported = review_export(review=Review.objects.get(is_illustrative=True))
    empty_the_database()

    review = review_import(data=exported)

    response = Response.objects.get(recommendation__review=review, recommendation__number=1)
    change = response.target_date_changes.get()
    assert str(change.old_date) == "2024-06-30" and change.new_date == response.target_date
    assert response.published_at.isoformat() == "2024-04-18T09:30:00+00:00"
    assert [f.status for f in review.follow_ups.order_by("sequence")] == ["completed", "scheduled"]
    assert review.response_due_on.isoformat() == "2024-04-12"


def test_export_without_files_keeps_what_describes_each_document(demo):
    review = Review.objects.get(slug="early-intervention")
    exported = review_export(review=review)
    documents = [e for e in exported["review"]["evidence"] if e["kind"] == "document"]

    assert [d["file"] for d in documents] == [None] * 4
    original = Document.objects.get(
        review=review, original_filename=documents[0]["original_filename"]
    )
    assert documents[0]["sha256"] == original.sha256
    assert documents[0]["extracted_text"] == original.extracted_text

    exported["review"]["slug"] = "early-intervention-copy"
    copy_ = review_import(data=exported)
    restored = Document.objects.get(review=copy_, original_filename=original.original_filename)
    assert not restored.file
    assert (restored.size, restored.sha256) == (original.size, original.sha256)


# --- matching what already exists ----------------------------------------------------------


def test_import_reuses_the_body_organisations_and_people_it_finds(demo):
    data = review_export(review=Review.objects.get(is_illustrative=True))
    data["review"]["slug"] = "illustrative-copy"
    before = row_counts()

    review = review_import(data=data)

    after = row_counts()
    for label in [
        "scrutiny.ScrutinyBody",
        "scrutiny.Organisation",
        "scrutiny.Person",
        "scrutiny.PanelMembership",
    ]:
        assert after[label] == before[label], label
    assert after["reviews.Review"] == before["reviews.Review"] + 1
    original = Review.objects.get(slug="illustrative-101-non-emergency-service")
    assert review.body == original.body
    assert {m.person_id for m in review.working_group.all()} == {
        m.person_id for m in original.working_group.all()
    }


def test_import_sets_status_and_dates_as_data_without_user_actions(db, uploads):
    review = review_import(data=illustrative_data())

    assert review.status == Review.Status.CLOSED
    assert review.status_changed_by is None
    changes = list(review.status_changes.all())
    assert [c.to_status for c in changes][-1] == "closed"
    assert all(c.changed_by is None for c in changes)
    for response in Response.objects.filter(recommendation__review=review):
        assert (response.entered_by, response.submitted_by, response.published_by) == (None,) * 3
    history = review.history.get()
    assert history.history_user is None
    assert history.history_change_reason == "Restored from a scrutiny-review JSON file"


# --- refusals -------------------------------------------------------------------------


def test_import_refuses_an_unknown_version_and_saves_nothing(db, uploads):
    data = illustrative_data()
    data["version"] = 4
    before = row_counts()

    with pytest.raises(ValueError, match="Unsupported scrutiny-review version 4"):
        review_import(data=data)

    assert row_counts() == before


def test_import_refuses_a_document_of_another_format(db, uploads):
    with pytest.raises(ValueError, match="not a scrutiny-review document"):
        review_import(data={"format": "something-else", "version": 1})
    assert not Review.objects.exists()


def test_import_refuses_an_existing_slug_and_saves_nothing(db, uploads):
    review_import(data=illustrative_data())
    before = row_counts()

    with pytest.raises(ValueError, match="'illustrative-101-non-emergency-service' already exists"):
        review_import(data=illustrative_data())

    assert row_counts() == before


def test_a_problem_late_in_the_document_undoes_everything_before_it(db, uploads):
    data = reference_data()
    document = next(e for e in data["review"]["evidence"] if e["kind"] == "document")
    document["sha256"] = "0" * 64
    before = row_counts()

    with pytest.raises(ValueError, match=r"review\.evidence\[\d+\]\.file: the file's SHA-256"):
        review_import(data=data, files_root=FIXTURES)

    assert row_counts() == before
    assert stored_files(uploads) == []


def test_import_refuses_a_file_path_outside_the_files_folder(db, uploads):
    data = reference_data()
    document = next(e for e in data["review"]["evidence"] if e["kind"] == "document")
    document["file"] = {"path": "../manage.py"}

    with pytest.raises(ValueError, match="outside the files folder"):
        review_import(data=data, files_root=FIXTURES)
    assert not Review.objects.exists()


def test_import_names_the_place_of_an_unknown_key(db, uploads):
    data = illustrative_data()
    data["review"]["milestones"][1]["colour"] = "red"

    with pytest.raises(ValueError, match=r"review\.milestones\[1\]: unknown field\(s\) colour"):
        review_import(data=data)
    assert not Review.objects.exists()


def test_an_unknown_choice_is_refused_with_the_values_that_are_allowed(db, uploads):
    data = illustrative_data()
    data["review"]["recommendations"][0]["addressee"] = "mayor"

    with pytest.raises(ValueError) as refused:
        review_import(data=data)

    message = str(refused.value)
    assert message.startswith("review.recommendations[0]: addressee: Value 'mayor'")
    assert "Use one of: 'commissioner', 'office', 'panel', 'other'." in message
    assert not Review.objects.exists()


def test_import_refuses_a_reference_to_a_person_it_was_not_given(db, uploads):
    data = copy.deepcopy(illustrative_data())
    data["review"]["working_group"][0]["person"] = "nobody"

    with pytest.raises(ValueError, match=r"working_group\[0\]\.person: no person"):
        review_import(data=data)
    assert not Review.objects.exists()


# --- the commands ----------------------------------------------------------------------


def test_export_and_import_commands_move_a_review_with_its_files(demo, tmp_path):
    path = tmp_path / "review.json"
    call_command("export_review", "early-intervention", "--output", str(path), "--with-files")
    Review.objects.get(slug="early-intervention").delete()

    out = io.StringIO()
    call_command("import_review", str(path), stdout=out)

    review = Review.objects.get(slug="early-intervention")
    assert "Imported review 'early-intervention'" in out.getvalue()
    assert Document.objects.filter(review=review).exclude(file="").count() == 4


def test_import_into_another_body_keeps_that_bodys_officers_access(demo, tmp_path):
    path = tmp_path / "review.json"
    call_command("export_review", "early-intervention", "--output", str(path))
    Review.objects.get(slug="early-intervention").delete()
    county = ScrutinyBodyFactory(name="County Police and Crime Panel", slug="county")
    officer = UserFactory()
    RoleFactory(user=officer, body=county, role=Role.Name.OFFICER)

    out = io.StringIO()
    call_command("import_review", str(path), "--body", "county", stdout=out)

    review = Review.objects.get(slug="early-intervention")
    assert review.body == county
    assert "into County Police and Crime Panel" in out.getvalue()
    assert review.user_can_edit(officer)


def test_import_into_a_body_that_does_not_exist_names_the_bodies_there_are(demo, tmp_path):
    path = tmp_path / "review.json"
    call_command("export_review", "early-intervention", "--output", str(path))

    with pytest.raises(
        CommandError, match=r"No scrutiny body 'nowhere'\. Bodies: .*northamptonshire"
    ):
        call_command("import_review", str(path), "--body", "nowhere")


# --- what the responses and follow-up pages add ------------------------------------------


def test_letter_metadata_publication_and_progress_updates_survive_a_round_trip(demo):
    review = Review.objects.get(is_illustrative=True)
    response = Response.objects.get(recommendation__review=review, recommendation__number=2)
    response.letter.save("letter.pdf", ContentFile(b"%PDF-1.4 letter"), save=False)
    response.letter_filename, response.letter_size = "Response letter.pdf", 15
    response.letter_sha256 = "a" * 64
    response.save()
    first, second = review.follow_ups.order_by("sequence")
    first.publish(user=None)
    second.assessments.create(
        recommendation=review.recommendations.get(number=1),
        progress_update="The page went live in November.",
    )
    exported = json.loads(json.dumps(review_export(review=review, with_files=True)))
    empty_the_database()

    restored = review_import(data=exported)

    response = Response.objects.get(recommendation__review=restored, recommendation__number=2)
    assert (response.letter_filename, response.letter_size, response.letter_sha256) == (
        "Response letter.pdf",
        15,
        "a" * 64,
    )
    with response.letter.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 letter"
    first, second = restored.follow_ups.order_by("sequence")
    assert first.published_at is not None
    progress = second.assessments.get()
    assert progress.progress_update == "The page went live in November."
    assert not progress.is_assessed
    assert review_export(review=restored, with_files=True) == exported
