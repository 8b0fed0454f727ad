"""Public means published: nothing of a review -- its report, recommendations,
responses, follow-ups, tracker rows -- is public before its report is published; a
test for each public page. And staff see draft response decisions only where
`Response.user_can_view` lets them, the review's overview included."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations.models import FollowUp, Recommendation, Response
from tests.factories import (
    FollowUpAssessmentFactory,
    FollowUpFactory,
    PublishedReportFactory,
    RecommendationFactory,
    ResponseFactory,
)
from tests.recommendations.conftest import presented

pytestmark = pytest.mark.django_db

SECRET = "That the PCC funds grants for three years."


@pytest.fixture
def presented_only(body):
    """Presented to the Commissioner, with a published response and a published
    follow-up, but its report not published."""
    review = presented(body, slug="presented-only", working_group_name="Unpublished Group")
    recommendation = RecommendationFactory(review=review, number=1, text=SECRET)
    ResponseFactory(
        recommendation=recommendation,
        status=Response.Status.PUBLISHED,
        response_text="Accepted in full.",
    )
    follow_up = FollowUpFactory(
        review=review, status=FollowUp.Status.COMPLETED, published_at=timezone.now()
    )
    FollowUpAssessmentFactory(follow_up=follow_up, recommendation=recommendation, comment="Done.")
    return review


def public_pages(review):
    return {
        "home": reverse("home"),
        "report": reverse("public:report", kwargs={"slug": review.slug}),
        "report PDF": reverse("public:report_pdf", kwargs={"slug": review.slug}),
        "responses": reverse("public_tracker:responses", kwargs={"slug": review.slug}),
        "tracker": reverse("public_tracker:list"),
    }


@pytest.mark.parametrize("page", ["home", "report", "report PDF", "responses", "tracker"])
def test_nothing_of_a_presented_but_unpublished_review_is_public(client, presented_only, page):
    response = client.get(public_pages(presented_only)[page])

    if page in ("home", "tracker"):
        text = response.content.decode()
        assert response.status_code == 200
        assert "Unpublished Group" not in text and SECRET not in text
    else:
        assert response.status_code == 404


def test_the_querysets_of_public_things_leave_out_unpublished_reports(presented_only):
    assert not Recommendation.objects.public().exists()
    assert not Response.objects.published().exists()
    assert not FollowUp.objects.published().exists()


@pytest.mark.parametrize("page", ["responses", "tracker"])
def test_once_published_the_recommendations_responses_and_follow_ups_are_public(
    client, presented_only, page
):
    PublishedReportFactory(review=presented_only)

    text = client.get(public_pages(presented_only)[page]).content.decode()

    assert SECRET in text
    if page == "responses":
        assert "Accepted in full." in text and "Done." in text


def test_the_public_page_says_is_due_for_a_future_date(client, body):
    review = presented(body, presented_on=timezone.localdate() - datetime.timedelta(days=7))
    RecommendationFactory(review=review, number=1)
    PublishedReportFactory(review=review)

    text = client.get(public_pages(review)["responses"]).content.decode()

    assert f"It is due by {review.response_due_on:%-d %B %Y}." in text
    assert "It was due by" not in text


def test_the_public_page_says_was_due_for_a_past_date(client, presented_only):
    PublishedReportFactory(review=presented_only)
    RecommendationFactory(review=presented_only, number=2)

    text = client.get(public_pages(presented_only)["responses"]).content.decode()

    assert "It was due by 10 August 2024." in text


# --- draft decisions, one rule ------------------------------------------------------------


@pytest.mark.parametrize(
    "role, sees", [("officer", True), ("respondent", True), ("member", False), ("publisher", False)]
)
def test_the_overview_shows_a_draft_decision_only_to_those_writing_it(
    client, presented_review, user_for_role, role, sees
):
    recommendation = RecommendationFactory(review=presented_review, number=1)
    ResponseFactory(
        recommendation=recommendation, decision=Response.Decision.NOT_ACCEPTED, reason="Cost."
    )
    client.force_login(user_for_role(role))

    text = client.get(presented_review.get_absolute_url()).content.decode()

    assert ("Not accepted (draft)" in text) is sees
    if not sees:
        assert "Awaiting response" in text
