"""Every service that writes leaves history: for each change it makes, a history row
of the right kind ("+" added, "~" changed, "-" deleted) on the record it changed.
(Imports are proved in tests/recommendations/test_interchange_bulk.py, data tables in
tests/reviews/test_officer_forms.py.)"""

import pytest
from django.core.files.base import ContentFile
from django.forms import modelform_factory

from recommendations.models import FollowUpAssessment, Recommendation, Response
from recommendations.services import (
    follow_up_record_progress,
    person_erase,
    recommendation_move,
    responses_publish,
)
from reviews.models import Attendance, Document, KeyLineOfEnquiry, Witness
from reviews.services import (
    child_save,
    document_read_text,
    meeting_record_attendance,
    ordered_item_move,
    witness_add,
)
from scrutiny.models import Person, Role
from tests.factories import (
    DocumentFactory,
    FollowUpFactory,
    KeyLineOfEnquiryFactory,
    MeetingFactory,
    PersonFactory,
    RecommendationFactory,
    ResponseFactory,
    ReviewFactory,
    RoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def kinds(model, **filters):
    """The history types written for `model`'s rows, oldest first."""
    return list(
        model.history.filter(**filters)
        .order_by("history_id")
        .values_list("history_type", flat=True)
    )


def test_child_save_records_the_new_item():
    review = ReviewFactory()
    form = modelform_factory(KeyLineOfEnquiry, fields=["text"])(
        data={"text": "What works?"}, instance=KeyLineOfEnquiry(review=review)
    )
    assert form.is_valid()

    item = child_save(form=form, review=review, siblings=review.key_lines.all())

    assert kinds(KeyLineOfEnquiry, id=item.pk) == ["+"]


def test_moving_an_item_records_each_position_changed():
    review = ReviewFactory()
    first = KeyLineOfEnquiryFactory(review=review, position=1)
    second = KeyLineOfEnquiryFactory(review=review, position=2)

    ordered_item_move(item=second, siblings=review.key_lines.all(), direction="up")

    assert kinds(KeyLineOfEnquiry, id=first.pk)[-1] == "~"
    assert kinds(KeyLineOfEnquiry, id=second.pk)[-1] == "~"


def test_attendance_records_additions_changes_and_removals():
    meeting = MeetingFactory()
    person = PersonFactory()

    meeting_record_attendance(meeting=meeting, statuses={person.pk: "present"})
    meeting_record_attendance(meeting=meeting, statuses={person.pk: "apologies"})
    meeting_record_attendance(meeting=meeting, statuses={person.pk: ""})

    assert kinds(Attendance, meeting_id=meeting.pk) == ["+", "~", "-"]


def test_adding_a_witness_records_the_witness_and_the_new_person():
    meeting = MeetingFactory()

    witness = witness_add(
        meeting=meeting, data={"given_name": "Jackie", "family_name": "Jones", "job_title": "Head"}
    )

    assert kinds(Witness, id=witness.pk) == ["+"]
    assert kinds(Person, id=witness.person_id) == ["+"]


def test_reading_a_document_s_text_records_the_change():
    document = DocumentFactory(extracted_text="")
    document.file.save("note.txt", ContentFile(b"Caseloads are capped."))
    document.content_type = "text/plain"
    document.save()

    document_read_text(document=document)

    assert kinds(Document, id=document.pk)[-1] == "~"
    assert Document.history.filter(id=document.pk).first().extracted_text == "Caseloads are capped."


def test_reordering_recommendations_records_both_numbers():
    review = ReviewFactory()
    one = RecommendationFactory(review=review, number=1)
    two = RecommendationFactory(review=review, number=2)

    recommendation_move(recommendation=two, direction="up")

    assert kinds(Recommendation, id=one.pk)[-1] == "~"
    assert kinds(Recommendation, id=two.pk)[-1] == "~"


def test_publishing_responses_records_each():
    response = ResponseFactory(status=Response.Status.SUBMITTED)
    publisher = UserFactory()
    review = response.recommendation.review
    RoleFactory(user=publisher, body=review.body, role=Role.Name.PUBLISHER)

    responses_publish(review=review, user=publisher)

    assert kinds(Response, id=response.pk)[-1] == "~"


def test_a_progress_update_records_the_assessment_row():
    follow_up = FollowUpFactory()
    recommendation = RecommendationFactory(review=follow_up.review)
    officer = UserFactory()
    RoleFactory(user=officer, body=follow_up.review.body, role=Role.Name.OFFICER)

    row = follow_up_record_progress(
        follow_up=follow_up, recommendation=recommendation, text="Done.", user=officer
    )

    assert kinds(FollowUpAssessment, id=row.pk)[-1] in ("+", "~")


def test_erasing_a_person_records_the_erasure_itself():
    person = PersonFactory()

    person_erase(person=person, reason="Request 1")

    assert kinds(Person, id=person.pk)[-1] == "~"
    assert (
        Person.history.filter(id=person.pk)
        .first()
        .history_change_reason.startswith("Personal data erased")
    )
