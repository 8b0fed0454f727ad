"""A save from a stale form is refused for the Commissioner's responses and the
follow-up: conflict page (HTTP 409), nothing saved, the person's text kept and the
other person's change shown; saving that page applies what it then holds."""

import pytest
from django.test import Client
from django.urls import reverse

from recommendations.models import FollowUp, FollowUpAssessment, Response
from scrutiny.models import Role
from tests.edit_forms import form_data, posted_again
from tests.factories import PersonFactory, ResponseFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def two(review, role):
    """Two signed-in clients for two people in `role` at the review's body."""
    clients = []
    for given, family in (("Alex", "Moss"), ("Sam", "Ray")):
        user = UserFactory(person=PersonFactory(given_name=given, family_name=family))
        RoleFactory(user=user, body=review.body, role=role)
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def respond_url(recommendation):
    return reverse(
        "recommendations:respond",
        kwargs={
            "slug": recommendation.review.slug,
            "pk": recommendation.pk,
            "to": recommendation.addressee_links.get().responding_body_id,
        },
    )


def follow_up_url(name, follow_up, recommendation):
    return reverse(
        f"recommendations:{name}",
        kwargs={
            "slug": follow_up.review.slug,
            "pk": follow_up.pk,
            "recommendation_pk": recommendation.pk,
        },
    )


@pytest.fixture
def draft(to_commissioner):
    return ResponseFactory(
        recommendation=to_commissioner,
        status=Response.Status.DRAFT,
        actions="Publish the figures",
    )


def test_two_respondents_drafting_one_response(draft, presented_review):
    me, them = two(presented_review, Role.Name.RESPONDENT)
    url = respond_url(draft.recommendation)
    stale = form_data(me, url, action="draft")

    saved = them.post(url, form_data(them, url, action="draft", response_text="We accept it."))
    assert saved.status_code == 302

    conflict = me.post(url, {**stale, "actions": "Publish the figures monthly"})

    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert "Someone else changed this response while you were editing it" in page
    assert "Sam Ray" in page
    draft.refresh_from_db()
    assert (draft.response_text, draft.actions) == ("We accept it.", "Publish the figures")
    form = conflict.context["form"]
    assert form.data["actions"] == "Publish the figures monthly"  # mine, kept
    assert form.data["response_text"] == "We accept it."  # theirs, merged in

    assert me.post(url, posted_again(conflict)).status_code == 302
    draft.refresh_from_db()
    assert (draft.response_text, draft.actions) == ("We accept it.", "Publish the figures monthly")


def test_a_draft_sent_by_the_office_meanwhile_is_not_overwritten(draft, presented_review):
    """An officer opens the draft; the Commissioner's office sends it as it stands.
    Only the status changed, but the officer's save from the draft form is still a
    conflict: it would have edited a received response unawares."""
    (officer,) = two(presented_review, Role.Name.OFFICER)[:1]
    (respondent,) = two(presented_review, Role.Name.RESPONDENT)[1:]
    url = respond_url(draft.recommendation)
    stale = form_data(officer, url, action="draft")

    assert respondent.post(url, form_data(respondent, url, action="send")).status_code == 302

    conflict = officer.post(url, {**stale, "response_text": "We accept it, with thanks."})

    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert "Status" in page and "Received" in page  # what changed: it was sent
    draft.refresh_from_db()
    assert draft.status == Response.Status.SUBMITTED
    assert draft.response_text == "We accept this recommendation."
    assert conflict.context["form"].data["response_text"] == "We accept it, with thanks."

    # Saved again, knowingly: the received response is corrected.
    assert officer.post(url, posted_again(conflict)).status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.response_text) == (
        Response.Status.SUBMITTED,
        "We accept it, with thanks.",
    )


def test_a_response_published_meanwhile_is_not_changed(to_commissioner, presented_review):
    received = ResponseFactory(recommendation=to_commissioner, status=Response.Status.SUBMITTED)
    officer, _ = two(presented_review, Role.Name.OFFICER)
    url = respond_url(to_commissioner)
    stale = form_data(officer, url, action="save")
    received.status = Response.Status.PUBLISHED
    received.save()

    response = officer.post(url, {**stale, "lead_officer": "Jo Bloggs"})

    assert response.status_code == 403  # once published, officers may not change it
    received.refresh_from_db()
    assert received.lead_officer == ""


@pytest.fixture
def follow_up(presented_review, to_commissioner, to_panel):
    return FollowUp.schedule_first(review=presented_review)


def test_two_respondents_updating_progress(follow_up, to_commissioner, presented_review):
    me, them = two(presented_review, Role.Name.RESPONDENT)
    url = follow_up_url("follow_up_progress", follow_up, to_commissioner)
    stale = form_data(me, url)

    them.post(url, form_data(them, url, progress_update="Half the actions are done."))
    conflict = me.post(url, {**stale, "progress_update": "The figures are published monthly."})

    assert conflict.status_code == 409
    row = FollowUpAssessment.objects.get(follow_up=follow_up, recommendation=to_commissioner)
    assert row.progress_update == "Half the actions are done."
    assert "Half the actions are done." in conflict.content.decode()  # theirs, shown
    assert conflict.context["form"].data["progress_update"] == "The figures are published monthly."

    assert me.post(url, posted_again(conflict)).status_code == 302
    row.refresh_from_db()
    assert row.progress_update == "The figures are published monthly."


def test_two_officers_assessing(follow_up, to_commissioner, presented_review):
    me, them = two(presented_review, Role.Name.OFFICER)
    url = follow_up_url("follow_up_assess", follow_up, to_commissioner)
    assessment = {
        "progress_update": "Half the actions are done.",
        "implementation": "in_progress",
        "rag": "amber",
        "comment": "",
        "outcome": "carried_forward",
    }
    stale = form_data(me, url, **assessment)

    them.post(url, form_data(them, url, **{**assessment, "comment": "Acceptable progress."}))
    conflict = me.post(url, {**stale, "rag": "red"})

    assert conflict.status_code == 409
    row = FollowUpAssessment.objects.get(follow_up=follow_up, recommendation=to_commissioner)
    assert (row.rag, row.comment) == ("amber", "Acceptable progress.")
    form = conflict.context["form"]
    # Their comment is merged in; my RAG rating is kept.
    assert (form.data["rag"], form.data["comment"]) == ("red", "Acceptable progress.")

    assert me.post(url, posted_again(conflict)).status_code == 302
    row.refresh_from_db()
    assert (row.rag, row.comment) == ("red", "Acceptable progress.")


def test_a_fresh_progress_update_is_saved(follow_up, to_commissioner, presented_review):
    me, _ = two(presented_review, Role.Name.RESPONDENT)
    url = follow_up_url("follow_up_progress", follow_up, to_commissioner)

    response = me.post(url, form_data(me, url, progress_update="Done."))

    assert response.status_code == 302
    row = FollowUpAssessment.objects.get(follow_up=follow_up, recommendation=to_commissioner)
    assert row.progress_update == "Done."
