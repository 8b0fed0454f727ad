"""A follow-up assessment whose implementation status, RAG rating and outcome
disagree is accepted only with the panel's reason."""

import pytest
from django.urls import reverse

from recommendations.models import FollowUp, FollowUpAssessment
from tests.edit_forms import with_token

pytestmark = pytest.mark.django_db

CONTRADICTION = {
    "progress_update": "Nothing has been done.",
    "implementation": "not_implemented",
    "rag": "green",
    "comment": "",
    "outcome": "closed",
}


@pytest.fixture
def assess_page(presented_review, to_commissioner, to_panel):
    follow_up = FollowUp.schedule_first(review=presented_review)
    return reverse(
        "recommendations:follow_up_assess",
        kwargs={
            "slug": presented_review.slug,
            "pk": follow_up.pk,
            "recommendation_pk": to_commissioner.pk,
        },
    )


def test_not_implemented_rated_green_and_closed_is_refused_without_a_reason(
    client, officer, assess_page
):
    client.force_login(officer)

    response = client.post(assess_page, with_token(client, assess_page, CONTRADICTION))

    assert response.status_code == 200
    assert response.context["form"].errors["comment"] == [
        "Explain in the panel's comment why a recommendation that is not implemented "
        "is rated green and closed."
    ]
    page = response.content.decode()
    assert "Nothing has been done." in page  # what was typed is kept
    assert not FollowUpAssessment.objects.filter(implementation="not_implemented").exists()


def test_the_same_assessment_is_accepted_with_the_panels_reason(client, officer, assess_page):
    client.force_login(officer)
    reason = "The Commissioner withdrew the scheme; the Panel accepts it will not happen."

    client.post(assess_page, with_token(client, assess_page, {**CONTRADICTION, "comment": reason}))

    row = FollowUpAssessment.objects.get(implementation="not_implemented")
    assert (row.rag, row.outcome, row.comment) == ("green", "closed", reason)


@pytest.mark.parametrize(
    ("implementation", "rag", "outcome", "unusual"),
    [
        ("implemented", "green", "closed", ""),
        ("implemented", "amber", "carried_forward", ""),
        ("implemented", "red", "closed", "rated red"),
        ("in_progress", "amber", "carried_forward", ""),
        ("in_progress", "green", "carried_forward", "rated green"),
        ("in_progress", "red", "closed", "closed"),
        ("not_implemented", "red", "closed", "closed"),
        ("not_implemented", "amber", "carried_forward", ""),
        ("no_longer_applicable", "green", "closed", ""),
    ],
)
def test_which_combinations_need_a_reason(implementation, rag, outcome, unusual):
    assessment = FollowUpAssessment(implementation=implementation, rag=rag, outcome=outcome)

    assert assessment.unusual_combination() == unusual
