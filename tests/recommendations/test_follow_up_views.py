"""The follow-up inside a review: scheduled from the presentation date, the
Commissioner's progress update, the panel's assessment with its RAG rating, closing or
carrying forward, publishing, and the follow-up report."""

import datetime
import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader

from recommendations.models import FollowUp, FollowUpAssessment
from scrutiny.jobs import run_queued_tasks
from tests.edit_forms import with_token
from tests.factories import FollowUpAssessmentFactory, FollowUpFactory, PublishedReportFactory
from tests.recommendations.conftest import FOLLOW_UP_DUE

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


def save(client, page, data):
    """Post the form at `page` as a browser does: opened first, with its token."""
    return client.post(page, with_token(client, page, data))


def url(name, follow_up, recommendation=None):
    kwargs = {"slug": follow_up.review.slug, "pk": follow_up.pk}
    if recommendation is not None:
        kwargs["recommendation_pk"] = recommendation.pk
    return reverse(f"recommendations:{name}", kwargs=kwargs)


@pytest.fixture
def follow_up(presented_review, to_commissioner, to_panel):
    return FollowUp.schedule_first(review=presented_review)


ASSESSMENT = {
    "progress_update": "Half the actions are done.",
    "implementation": "in_progress",
    "rag": "amber",
    "comment": "Acceptable progress.",
    "outcome": "carried_forward",
}


def test_an_officer_schedules_the_first_follow_up_from_the_presentation_date(
    client, officer, presented_review
):
    schedule = reverse("recommendations:follow_up_schedule", kwargs={"slug": presented_review.slug})

    signed_in(client, officer).post(schedule)

    follow_up = presented_review.follow_ups.get()
    assert (follow_up.sequence, follow_up.due_on) == (1, FOLLOW_UP_DUE)


def test_a_respondent_gives_a_progress_update_on_a_recommendation_to_the_office(
    client, respondent, follow_up, to_commissioner
):
    response = save(
        signed_in(client, respondent),
        url("follow_up_progress", follow_up, to_commissioner),
        {"progress_update": "The figures are published monthly."},
    )

    assert response.status_code == 302
    row = FollowUpAssessment.objects.get(follow_up=follow_up, recommendation=to_commissioner)
    assert row.progress_update == "The figures are published monthly."
    assert not row.is_assessed


def test_a_respondent_cannot_update_progress_on_the_panels_own_recommendation(
    client, respondent, follow_up, to_panel
):
    response = signed_in(client, respondent).post(
        url("follow_up_progress", follow_up, to_panel), {"progress_update": "Done."}
    )

    assert response.status_code == 404
    assert not FollowUpAssessment.objects.exists()


def test_a_respondent_cannot_assess(client, respondent, follow_up, to_commissioner):
    response = signed_in(client, respondent).post(
        url("follow_up_assess", follow_up, to_commissioner), ASSESSMENT
    )

    assert response.status_code == 403
    assert not FollowUpAssessment.objects.exists()


def test_an_officer_records_the_assessment_with_its_rag_rating(
    client, officer, follow_up, to_commissioner
):
    save(
        signed_in(client, officer), url("follow_up_assess", follow_up, to_commissioner), ASSESSMENT
    )

    row = FollowUpAssessment.objects.get(follow_up=follow_up, recommendation=to_commissioner)
    assert (row.implementation, row.rag, row.outcome) == ("in_progress", "amber", "carried_forward")
    assert row.is_assessed


def test_an_assessment_needs_a_rag_rating(client, officer, follow_up, to_commissioner):
    response = save(
        signed_in(client, officer),
        url("follow_up_assess", follow_up, to_commissioner),
        {**ASSESSMENT, "rag": ""},
    )

    assert response.context["form"].errors["rag"] == ["Choose a RAG rating."]
    assert not FollowUpAssessment.objects.exists()


def test_the_database_refuses_half_an_assessment(follow_up, to_commissioner):
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpAssessment.objects.create(
            follow_up=follow_up, recommendation=to_commissioner, implementation="implemented"
        )


def test_completing_is_refused_until_every_recommendation_is_assessed(
    client, officer, follow_up, to_commissioner
):
    FollowUpAssessmentFactory(follow_up=follow_up, recommendation=to_commissioner)

    response = signed_in(client, officer).post(
        url("follow_up_complete", follow_up),
        {"held_on_0": "12", "held_on_1": "12", "held_on_2": "2024", "meeting": "", "summary": ""},
    )

    assert "not yet assessed: 2" in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.SCHEDULED


def test_completing_carries_forward_to_a_second_follow_up(
    client, officer, follow_up, to_commissioner, to_panel
):
    FollowUpAssessmentFactory(
        follow_up=follow_up, recommendation=to_commissioner, outcome="carried_forward"
    )
    FollowUpAssessmentFactory(follow_up=follow_up, recommendation=to_panel, outcome="closed")

    signed_in(client, officer).post(
        url("follow_up_complete", follow_up),
        {
            "held_on_0": "12",
            "held_on_1": "12",
            "held_on_2": "2024",
            "meeting": "Police and Crime Panel",
            "summary": "One carried forward.",
        },
    )

    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.COMPLETED
    assert (follow_up.held_on, follow_up.meeting) == (
        datetime.date(2024, 12, 12),
        "Police and Crime Panel",
    )
    second = follow_up.review.follow_ups.get(sequence=2)
    assert second.due_on == datetime.date(2025, 6, 12)
    assert list(second.recommendations_to_assess()) == [to_commissioner]


def test_a_publisher_publishes_a_completed_follow_up_and_the_public_see_the_outcome(
    client, publisher, presented_review, to_commissioner
):
    PublishedReportFactory(review=presented_review)
    follow_up = FollowUpFactory(
        review=presented_review, status=FollowUp.Status.COMPLETED, held_on=FOLLOW_UP_DUE
    )
    FollowUpAssessmentFactory(
        follow_up=follow_up, recommendation=to_commissioner, comment="Well done, mostly."
    )
    public = reverse("public_tracker:responses", kwargs={"slug": presented_review.slug})
    assert "Well done, mostly." not in client.get(public).content.decode()

    signed_in(client, publisher).post(url("follow_up_publish", follow_up))
    client.logout()

    follow_up.refresh_from_db()
    assert follow_up.published_by == publisher and follow_up.published_at
    assert "Well done, mostly." in client.get(public).content.decode()


def test_an_officer_cannot_publish_a_follow_up(client, officer, presented_review):
    follow_up = FollowUpFactory(review=presented_review, status=FollowUp.Status.COMPLETED)

    assert signed_in(client, officer).post(url("follow_up_publish", follow_up)).status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.published_at is None


def test_the_follow_up_report_shows_each_recommendation_and_the_counts(
    client, member, follow_up, to_commissioner
):
    FollowUpAssessmentFactory(
        follow_up=follow_up,
        recommendation=to_commissioner,
        implementation="implemented",
        rag="green",
    )

    for name in ("follow_up_report", "follow_up_print"):
        response = signed_in(client, member).get(url(name, follow_up))
        assert response.status_code == 200
        summary = response.context["summary"]
        assert ("Implemented", 1) in summary["implementation"]
        assert ("Green – achieved", 1) in summary["rag"]
    assert b'class="govuk-header' not in response.content  # the print view has no navigation


def test_respondents_see_only_their_recommendations_in_a_follow_up(
    client, respondent, follow_up, to_commissioner
):
    response = signed_in(client, respondent).get(url("follow_up", follow_up))

    assert [row["recommendation"] for row in response.context["rows"]] == [to_commissioner]


def test_the_follow_up_report_as_a_tagged_pdf(client, officer, follow_up, to_commissioner):
    FollowUpAssessmentFactory(
        follow_up=follow_up,
        recommendation=to_commissioner,
        rag="amber",
        comment="Acceptable progress on the figures.",
    )

    signed_in(client, officer)
    waiting = client.get(url("follow_up_pdf", follow_up))
    # The request only queues the render; the page polls until a worker has run it.
    assert "Preparing the PDF" in waiting.content.decode()
    assert waiting["Refresh"] == "2"
    run_queued_tasks()
    response = client.get(url("follow_up_pdf", follow_up))

    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Follow-up report" in text
    assert "Acceptable progress on the figures." in text
    assert "Amber" in text
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged, for screen readers
    assert follow_up.review.working_group_name in reader.metadata.title
