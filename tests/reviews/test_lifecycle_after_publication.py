"""Publication freezes the report, not what comes after it: once the final report is
published, the Commissioner's responses, target-date changes, the follow-ups and their
publication still work; the report's content does not change."""

import datetime

import pytest
from django.urls import reverse

from recommendations.models import FollowUp, Response
from tests.edit_forms import with_token
from tests.factories import FollowUpAssessmentFactory, RecommendationFactory, ResponseFactory
from tests.reviews.report_helpers import agree, fill, media, publish  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


@pytest.fixture
def published(review, publisher):
    """A report agreed, presented on 10 June 2024 and published; the follow-up not
    scheduled (as for a review presented before presenting scheduled it)."""
    agree(fill(review), publisher)
    review.present(user=publisher, presented_on=datetime.date(2024, 6, 10))
    publish(review=review, user=publisher)
    return review


def url(name, review, **kwargs):
    return reverse(f"recommendations:{name}", kwargs={"slug": review.slug, **kwargs})


def test_the_report_itself_stays_frozen(client, published, officer):
    client.force_login(officer)

    assert not published.user_can_edit(officer)
    assert client.get(url("add", published)).status_code == 403


def test_an_officer_schedules_the_follow_up_after_publication(client, published, officer):
    client.force_login(officer)
    page = client.get(url("follow_ups", published)).content.decode()
    assert url("follow_up_schedule", published) in page

    response = client.post(url("follow_up_schedule", published))

    follow_up = FollowUp.objects.get(review=published)
    assert response.status_code == 302
    assert follow_up.due_on == published.follow_up_due_on


def test_a_member_still_cannot_schedule_it(client, published, member):
    client.force_login(member)

    assert client.post(url("follow_up_schedule", published)).status_code == 403
    assert not FollowUp.objects.filter(review=published).exists()


def test_responses_are_recorded_and_published_after_publication(
    client, published, officer, publisher
):
    recommendation = published.recommendations.get()
    to = recommendation.addressee_links.get().responding_body_id
    client.force_login(officer)
    form_url = url("respond", published, pk=recommendation.pk, to=to)

    saved = client.post(
        form_url,
        with_token(
            client,
            form_url,
            {
                "decision": Response.Decision.ACCEPTED,
                "response_text": "We will fund grants for three years.",
                "target_date_0": "31",
                "target_date_1": "3",
                "target_date_2": "2025",
                "action": "send",
            },
        ),
    )
    assert saved.status_code == 302
    response = Response.objects.get(recommendation=recommendation)
    assert response.status == Response.Status.SUBMITTED

    client.force_login(publisher)
    client.post(url("response_publish", published, pk=recommendation.pk, to=to))
    response.refresh_from_db()
    assert response.status == Response.Status.PUBLISHED


def test_a_target_date_moves_after_publication(client, published, respondent):
    recommendation = RecommendationFactory(review=published, number=2)  # to the Commissioner
    response = ResponseFactory(
        recommendation=recommendation,
        status=Response.Status.PUBLISHED,
        target_date=datetime.date(2025, 3, 31),
    )
    client.force_login(respondent)

    result = client.post(
        url("target_date", published, pk=recommendation.pk, to=response.responding_body_id),
        {
            "new_date_0": "30",
            "new_date_1": "6",
            "new_date_2": "2025",
            "reason": "The budget was agreed late.",
        },
    )

    assert result.status_code == 302
    response.refresh_from_db()
    assert response.target_date == datetime.date(2025, 6, 30)
    assert response.target_date_changes.get().reason == "The budget was agreed late."


def test_a_follow_up_is_completed_and_published_after_publication(
    client, published, officer, publisher
):
    follow_up = FollowUp.schedule_first(review=published)
    FollowUpAssessmentFactory(
        follow_up=follow_up,
        recommendation=published.recommendations.get(),
        implementation="implemented",
        rag="green",
    )
    client.force_login(officer)
    complete = url("follow_up_complete", published, pk=follow_up.pk)
    client.post(
        complete,
        with_token(
            client,
            complete,
            {"held_on_0": "10", "held_on_1": "12", "held_on_2": "2024", "meeting": "Panel"},
        ),
    )
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.COMPLETED

    client.force_login(publisher)
    client.post(url("follow_up_publish", published, pk=follow_up.pk))
    follow_up.refresh_from_db()
    assert follow_up.published_by == publisher
