"""The JSON interchange keeps dates as precise as they are known and the evidence real
reviews use (written submissions and their providers, date columns), writes version 2,
and still reads version 1 files."""

import base64
import copy
import json
from pathlib import Path

import pytest
from django.conf import settings

from recommendations.interchange import VERSION, review_export, review_import
from reviews.models import Milestone, Review, WrittenSubmission
from scrutiny.models import Organisation, Person
from scrutiny.partial_dates import PartialDate
from tests.factories import (
    CallForEvidenceFactory,
    DataRowFactory,
    DataSetFactory,
    DataTableFactory,
    DocumentFactory,
    MilestoneFactory,
    OrganisationFactory,
    PersonFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
REFERENCE_JSON = FIXTURES / "demo" / "early-intervention.json"


def through_json(data):
    return json.loads(json.dumps(data))


def empty_the_database():
    Review.objects.all().delete()
    Person.objects.all().delete()
    Organisation.objects.all().delete()


@pytest.fixture
def proactive_review():
    """A single-session review shaped like the second real one: dates known to the
    month or year, written submissions of every kind of provider, one undated."""
    review = ReviewFactory(slug="rural-crime", agreed_on=None)
    MilestoneFactory(
        review=review,
        description="Evidence-gathering",
        planned_start=PartialDate(2017, 5),
        planned_end=PartialDate(2017, 6),
        actual_on=PartialDate(2017),
    )
    CallForEvidenceFactory(
        review=review, published_on=None, closes_on=PartialDate(2017, 6), position=1
    )
    council = OrganisationFactory(name="Brackley Town Council")
    WrittenSubmission.objects.create(
        review=review,
        title="From the town council",
        provider="organisation",
        organisation=council,
        received_on=PartialDate(2017, 7),
        text="We wrote.",
        position=2,
    )
    WrittenSubmission.objects.create(
        review=review,
        title="From the Commissioner",
        provider="person",
        person=PersonFactory(given_name="Stephen", family_name="Mold", honorific="Mr"),
        received_on=PartialDate(2017, 7, 3),
        source_url="https://www.example.gov.uk/letter.pdf",
        position=3,
    )
    WrittenSubmission.objects.create(
        review=review, title="From residents", provider="public", public_count=12, position=4
    )
    DocumentFactory(
        review=review,
        published_on=PartialDate(2016),
        source_url="https://www.example.gov.uk/plan",
        position=5,
    )
    table = DataTableFactory(
        dataset=DataSetFactory(review=review, position=6),
        columns=[{"name": "Agreed", "type": "date"}, {"name": "Amount", "type": "money"}],
    )
    DataRowFactory(table=table, cells=["2017-07", "100.00"])
    return review


def test_partial_dates_and_submissions_survive_export_and_import(proactive_review):
    exported = through_json(review_export(review=proactive_review, with_files=True))

    empty_the_database()
    review = review_import(data=exported)

    assert through_json(review_export(review=review, with_files=True)) == exported
    milestone = review.milestones.get()
    assert milestone.planned == "May – June 2017"
    assert milestone.actual_on == PartialDate(2017)
    submissions = WrittenSubmission.objects.filter(review=review).order_by("position")
    assert [s.listing for s in submissions] == [
        "Brackley Town Council — July 2017",
        "Mr Stephen Mold — 3 July 2017",
        "12 members of the public",
    ]


def test_export_writes_version_2_with_dates_as_known(proactive_review):
    exported = review_export(review=proactive_review)
    evidence = {e["title"]: e for e in exported["review"]["evidence"]}

    assert exported["version"] == VERSION >= 2
    assert exported["review"]["milestones"][0]["planned_start"] == "2017-05"
    assert evidence["From the town council"]["received_on"] == "2017-07"
    assert evidence["From the town council"]["organisation"] == "Brackley Town Council"
    assert evidence["From residents"]["public_count"] == 12
    assert evidence["From residents"]["received_on"] is None
    assert "Brackley Town Council" in [o["name"] for o in exported["organisations"]]


def test_a_submission_file_round_trips_with_its_text(proactive_review):
    exported = through_json(review_export(review=proactive_review))
    written = next(e for e in exported["review"]["evidence"] if e["title"] == "From residents")
    written["file"] = {
        "name": "residents.txt",
        "base64": base64.b64encode(b"Speeding worries us.").decode(),
    }
    written["size"] = written["extracted_text"] = None  # taken from the file
    exported["review"]["slug"] = "copy"

    review = review_import(data=exported)

    saved = WrittenSubmission.objects.get(review=review, title="From residents")
    assert saved.original_filename == "residents.txt"
    assert saved.extracted_text == "Speeding worries us."


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"provider": "council"}, "'council' is not one of organisation, person, public"),
        ({"provider": "public", "organisation": "Brackley Town Council"}, "cannot have one"),
        ({"provider": "organisation", "organisation": None}, "needs one"),
        ({"received_on": "July 2017"}, "is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"),
    ],
)
def test_a_submission_that_does_not_fit_is_refused_naming_its_place(
    proactive_review, change, message
):
    exported = through_json(review_export(review=proactive_review))
    exported["review"]["slug"] = "copy"
    index, written = next(
        (i, e)
        for i, e in enumerate(exported["review"]["evidence"])
        if e["title"] == "From the town council"
    )
    written.update(change)

    with pytest.raises(ValueError, match=f"review.evidence\\[{index}\\]") as error:
        review_import(data=exported)
    assert message in str(error.value)
    assert not Review.objects.filter(slug="copy").exists()


def test_a_date_cell_that_is_not_a_date_is_refused(proactive_review):
    exported = through_json(review_export(review=proactive_review))
    exported["review"]["slug"] = "copy"
    data = next(e for e in exported["review"]["evidence"] if e["kind"] == "data")
    data["tables"][0]["rows"][0]["cells"][0] = "July 2017"

    with pytest.raises(ValueError, match=r"rows\[0\].cells\[0\]: 'July 2017' is not a date"):
        review_import(data=exported)


# --- version 1 files ------------------------------------------------------------------------


def version_1(milestones):
    """A version 1 document: the reference review's file, with these milestones."""
    data = json.loads(REFERENCE_JSON.read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["version"] = 1
    data["review"]["milestones"] = milestones
    return data


def v1_milestone(description, label, start, end, actual=None):
    return {
        "description": description,
        "planned_label": label,
        "planned_start": start,
        "planned_end": end,
        "actual_on": actual,
    }


def test_a_version_1_file_imports_its_labels_as_dates_of_their_precision(db):
    review = review_import(
        files_root=FIXTURES,
        data=version_1(
            [
                v1_milestone("Scope", "1 September 2022", "2022-09-01", "2022-09-01", "2022-09-01"),
                v1_milestone(
                    "Evidence", "September 2022 – February 2023", "2022-09-01", "2023-02-28"
                ),
                v1_milestone("Draft", "March – April 2023", "2023-03-01", "2023-04-30"),
                v1_milestone("Report", "December 2023", "2023-12-01", "2023-12-31"),
            ]
        ),
    )

    rows = [(m.planned, m.planned_start, m.planned_end) for m in review.milestones.all()]
    assert rows == [
        ("1 September 2022", PartialDate(2022, 9, 1), None),
        ("September 2022 – February 2023", PartialDate(2022, 9), PartialDate(2023, 2)),
        ("March – April 2023", PartialDate(2023, 3), PartialDate(2023, 4)),
        ("December 2023", PartialDate(2023, 12), None),
    ]
    assert review.milestones.first().actual_on == PartialDate(2022, 9, 1)


def test_a_version_1_label_the_dates_cannot_print_is_kept_in_the_description(db):
    review = review_import(
        files_root=FIXTURES,
        data=version_1([v1_milestone("Follow-up", "Spring 2024", "2024-03-01", "2024-05-31")]),
    )

    milestone = Milestone.objects.get(review=review)
    assert milestone.description == "Follow-up (planned: Spring 2024)"
    assert milestone.planned == "March – May 2024"


def test_the_demo_files_of_version_1_still_import(db):
    data = json.loads(REFERENCE_JSON.read_text(encoding="utf-8"))
    assert data["version"] == 1

    review = review_import(data=data, files_root=FIXTURES)

    assert [m.planned for m in review.milestones.all()][2] == "September 2022 – February 2023"
