"""Entering many things quickly: "Save and add another", pasting many lines at once
(previewed before saving), and the meeting preselected when adding its evidence."""

import pytest
from django.urls import reverse

from reviews.models import Finding, KeyLineOfEnquiry, Meeting
from tests.factories import MeetingFactory


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def url(name, review, **kwargs):
    return reverse(name, kwargs={"slug": review.slug, **kwargs})


# --- save and add another --------------------------------------------------------------


@pytest.mark.django_db
def test_save_and_add_another_returns_an_empty_form_naming_what_was_saved(
    officer_client, review
):
    add = url("reviews:keyline_add", review)
    response = officer_client.post(
        add, {"text": "How is early intervention funded?", "add_another": "1"}, follow=True
    )
    assert response.redirect_chain == [(add, 302)]
    assert response.context["form"]["text"].value() in (None, "")
    page = response.content.decode()
    assert "Key line of enquiry added: How is early intervention funded?" in page
    assert "Save and add another" in page
    assert KeyLineOfEnquiry.objects.filter(review=review).count() == 1


@pytest.mark.django_db
def test_save_alone_goes_back_to_the_list(officer_client, review):
    response = officer_client.post(url("reviews:finding_add", review), {"text": "A finding"})
    assert response.url == url("reviews:findings", review)
    assert Finding.objects.filter(review=review).count() == 1


@pytest.mark.django_db
def test_every_page_adding_one_of_many_offers_save_and_add_another(officer_client, review):
    meeting = MeetingFactory(review=review)
    pages = [
        url("reviews:keyline_add", review),
        url("reviews:member_add", review),
        url("reviews:milestone_add", review),
        url("reviews:variation_add", review),
        url("reviews:meeting_add", review),
        url("reviews:witness_add", review, meeting_pk=meeting.pk),
        url("reviews:evidence_add_kind", review, kind="document"),
        url("reviews:finding_add", review),
        url("reviews:conclusion_add", review),
        url("recommendations:add", review),
    ]
    for page in pages:
        assert "Save and add another" in officer_client.get(page).content.decode(), page


@pytest.mark.django_db
def test_a_meeting_saved_with_add_another_leaves_a_fresh_meeting_form(officer_client, review):
    add = url("reviews:meeting_add", review)
    data = {"kind": "working_group", "date_0": "3", "date_1": "5", "date_2": "2023"}
    response = officer_client.post(add, {**data, "add_another": "1"})
    assert response.url == add
    assert Meeting.objects.filter(review=review).count() == 1
