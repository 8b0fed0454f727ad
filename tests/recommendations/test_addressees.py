"""Recommendations to several addressees, each responding separately: the responding
bodies a body's officers keep, choosing addressees, each addressee's response page
and who may write it, and the JSON format carrying it all (and reading version 1)."""

import datetime
import json

import pytest
from django.urls import reverse

from recommendations.interchange import review_export, review_import
from recommendations.models import RecommendationAddressee, Response
from reviews.models import Review
from scrutiny.models import RespondingBody, Role
from tests.edit_forms import with_token
from tests.factories import (
    RecommendationFactory,
    RespondingBodyFactory,
    ResponseFactory,
    ReviewFactory,
    RoleFactory,
    commissioner_of,
)
from tests.recommendations.conftest import presented

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def cabinet(body):
    return RespondingBodyFactory(
        body=body, name="Cabinet", short_name="Cabinet", basis=RespondingBody.Basis.EXECUTIVE_9FE
    )


@pytest.fixture
def icb(body):
    return RespondingBodyFactory(
        body=body,
        name="NHS Northamptonshire Integrated Care Board",
        short_name="ICB",
        basis=RespondingBody.Basis.HEALTH,
    )


# --- the responding bodies page ------------------------------------------------------------


def test_an_officer_adds_a_responding_body_with_its_basis_and_respondents(client, officer, body):
    someone = RoleFactory(body=body, role=Role.Name.RESPONDENT, answers_for=[]).user
    url = reverse("responding_body_add", kwargs={"body_slug": body.slug})

    response = signed_in(client, officer).post(
        url,
        {
            "name": "Cabinet",
            "short_name": "Cabinet",
            "basis": RespondingBody.Basis.EXECUTIVE_9FE,
            "respondents": [someone.pk],
        },
        follow=True,
    )

    cabinet = RespondingBody.objects.get(body=body, name="Cabinet")
    assert list(cabinet.respondents.all()) == [someone]
    page = response.content.decode()
    assert "Cabinet added." in page
    assert "2 months" in page and someone.display_name in page


def test_a_responding_body_needs_a_name_and_a_basis_and_keeps_what_was_typed(client, officer, body):
    url = reverse("responding_body_add", kwargs={"body_slug": body.slug})

    response = signed_in(client, officer).post(url, {"name": "", "short_name": "ICB"})

    errors = response.context["form"].errors
    assert errors["name"] == ["Enter the name, as printed"]
    assert errors["basis"] == ["Select why they respond"]
    assert 'value="ICB"' in response.content.decode()


def test_only_the_body_s_officers_keep_its_responding_bodies(
    client, member, respondent, other_officer, body
):
    url = reverse("responding_bodies", kwargs={"body_slug": body.slug})

    assert signed_in(client, member).get(url).status_code == 403
    assert signed_in(client, respondent).get(url).status_code == 403
    assert signed_in(client, other_officer).get(url).status_code == 404


# --- choosing the addressees ------------------------------------------------------------------


def recommendation_data(review, addressed_to, number=1):
    return {
        "number": number,
        "reason": "The importance of listening.",
        "text": "That the Cabinet and the ICB listen.",
        "addressed_to": addressed_to,
    }


def test_a_recommendation_is_addressed_to_several_with_checkboxes(
    client, officer, review, cabinet, icb
):
    url = reverse("recommendations:add", kwargs={"slug": review.slug})
    client = signed_in(client, officer)

    page = client.get(url).content.decode()
    assert "govuk-checkboxes" in page and 'name="addressed_to"' in page
    assert "The panel itself (no response is needed)" in page
    client.post(url, recommendation_data(review, [cabinet.pk, icb.pk, "panel"]))

    recommendation = review.recommendations.get()
    assert recommendation.addressee_names == [cabinet.name, icb.name, "The panel"]
    assert recommendation.history.count() == 1
    assert RecommendationAddressee.history.count() == 2


def test_choosing_no_addressee_is_refused_and_keeps_the_text(client, officer, review):
    url = reverse("recommendations:add", kwargs={"slug": review.slug})

    response = signed_in(client, officer).post(url, recommendation_data(review, []))

    assert response.context["form"].errors["addressed_to"] == [
        "Select who the recommendation is addressed to"
    ]
    assert "That the Cabinet and the ICB listen." in response.content.decode()


def test_an_addressee_that_has_responded_cannot_be_taken_off(client, officer, body, cabinet, icb):
    review = presented(body)
    recommendation = RecommendationFactory(review=review, addressees=[cabinet, icb])
    ResponseFactory(recommendation=recommendation, responding_body=icb)
    url = reverse("recommendations:edit", kwargs={"slug": review.slug, "pk": recommendation.pk})

    response = signed_in(client, officer).post(
        url, recommendation_data(review, [cabinet.pk], number=recommendation.number)
    )

    assert response.context["form"].errors["addressed_to"] == [
        f"{icb.name} already responded to this recommendation, so it stays addressed to them"
    ]
    assert recommendation.addressee_links.count() == 2


# --- each addressee's response ------------------------------------------------------------------


def respond_url(recommendation, responding_body):
    return reverse(
        "recommendations:respond",
        kwargs={
            "slug": recommendation.review.slug,
            "pk": recommendation.pk,
            "to": responding_body.pk,
        },
    )


def answer(**extra):
    return {
        "decision": "accepted",
        "reason": "",
        "response_text": "Accepted.",
        "target_date_0": "31",
        "target_date_1": "3",
        "target_date_2": "2025",
        "action": "send",
        **extra,
    }


def test_each_addressee_responds_separately_and_only_for_itself(client, body, cabinet, icb):
    review = presented(body)
    recommendation = RecommendationFactory(review=review, number=1, addressees=[cabinet, icb])
    cabinet_member = RoleFactory(body=body, role=Role.Name.RESPONDENT, answers_for=[cabinet]).user
    client = signed_in(client, cabinet_member)

    assert client.get(respond_url(recommendation, icb)).status_code == 403
    url = respond_url(recommendation, cabinet)
    response = client.post(url, with_token(client, url, answer()), follow=True)

    saved = Response.objects.get()
    assert saved.responding_body == cabinet and saved.status == Response.Status.SUBMITTED
    page = response.content.decode()
    assert "Response of Cabinet to recommendation 1 recorded as received" in page
    assert "The response of Cabinet" in page
    assert "The response of NHS Northamptonshire Integrated Care Board" in page
    assert "due 8 July 2024" not in page  # dates are printed in full on this page
    assert "8 July 2024" in page and "10 August 2024" in page  # 28 days; two months


def test_the_response_page_of_a_body_not_addressed_is_404(client, officer, body, cabinet):
    recommendation = RecommendationFactory(review=presented(body))  # to the Commissioner

    assert signed_in(client, officer).get(respond_url(recommendation, cabinet)).status_code == 404


def test_a_respondent_sees_only_recommendations_to_bodies_they_answer_for(
    client, body, cabinet, icb
):
    review = presented(body)
    mine = RecommendationFactory(review=review, number=1, addressees=[cabinet, icb])
    RecommendationFactory(review=review, number=2, addressees=[icb])
    cabinet_member = RoleFactory(body=body, role=Role.Name.RESPONDENT, answers_for=[cabinet]).user
    url = reverse("recommendations:responses", kwargs={"slug": review.slug})

    response = signed_in(client, cabinet_member).get(url)

    assert response.context["recommendations"] == [mine]
    assert response.context["expected_count"] == 2  # both of its addressees' rows


# --- the JSON format ------------------------------------------------------------------------


def test_several_addressees_and_their_responses_survive_export_and_import(body, cabinet, icb):
    review = presented(body, response_period_months=3)
    commissioner = commissioner_of(body)
    recommendation = RecommendationFactory(
        review=review, addressees=[cabinet, icb, commissioner], to_panel=True
    )
    ResponseFactory(
        recommendation=recommendation,
        responding_body=icb,
        decision=Response.Decision.NOT_ACCEPTED,
        reason="Not ours to do.",
        status=Response.Status.SUBMITTED,
        received_on=datetime.date(2024, 7, 1),
    )
    ResponseFactory(recommendation=recommendation, responding_body=cabinet)
    RespondingBodyFactory(body=body, name="Unused partner", basis=RespondingBody.Basis.NONE)
    exported = json.loads(json.dumps(review_export(review=review)))
    assert exported["version"] == 3

    Review.objects.all().delete()
    RespondingBody.objects.all().delete()
    exported["review"]["slug"] = "again"
    again = review_import(data=exported)

    copied = again.recommendations.get()
    assert copied.to_panel
    assert {(r.responding_body.name, r.decision) for r in copied.responses.all()} == {
        (icb.name, "not_accepted"),
        (cabinet.name, "accepted"),
    }
    assert {b.name: b.basis for b in again.body.responding_bodies.all()} == {
        cabinet.name: RespondingBody.Basis.EXECUTIVE_9FE,
        icb.name: RespondingBody.Basis.HEALTH,
        commissioner.name: RespondingBody.Basis.PCP_S29,
        "Unused partner": RespondingBody.Basis.NONE,
    }
    assert review_export(review=again) == {**exported}


def test_a_response_from_a_body_not_addressed_is_refused(body, cabinet, icb):
    recommendation = RecommendationFactory(review=presented(body), addressees=[cabinet])
    exported = review_export(review=recommendation.review)
    exported["review"]["slug"] = "again"
    exported["review"]["recommendations"][0]["responses"] = [
        {"addressee": icb.name, "decision": "accepted", "response_text": "Yes."}
    ]

    with pytest.raises(ValueError) as refused:
        review_import(data=exported)

    assert str(refused.value) == (
        "review.recommendations[0].responses[0].addressee: "
        f"{icb.name!r} is not one of the recommendation's addressees."
    )


def test_a_version_2_file_imports_with_the_migration_s_rule(body):
    """The Commissioner or the office: the Commissioner (s.29); the panel: no
    response; another body: a responding body with no statutory duty."""
    review = ReviewFactory(body=body)
    data = review_export(review=review)
    data["version"] = 2
    del data["body"]["responding_bodies"]
    data["body"]["slug"] = body.slug
    data["review"]["slug"] = "from-version-1"
    data["review"]["recommendations"] = [
        {"number": 1, "reason": "R", "text": "T", "addressee": "office"},
        {"number": 2, "reason": "R", "text": "T", "addressee": "panel"},
        {
            "number": 3,
            "reason": "R",
            "text": "T",
            "addressee": "other",
            "addressee_other": "The local authorities",
            "response": {"decision": "accepted", "response_text": "Yes."},
        },
    ]

    imported = review_import(data=data)

    rows = [
        (r.addressee_names, r.to_panel, [x.responding_body.name for x in r.responses.all()])
        for r in imported.recommendations.order_by("number")
    ]
    assert rows == [
        (["The Police and Crime Commissioner"], False, []),
        (["The panel"], True, []),
        (["The local authorities"], False, ["The local authorities"]),
    ]
    assert body.responding_bodies.get(name="The local authorities").basis == "none"
