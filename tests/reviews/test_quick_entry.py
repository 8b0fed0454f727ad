"""Entering many things quickly: "Save and add another", pasting many lines at once
(previewed before saving), and the meeting preselected when adding its evidence."""

import pytest
from django.urls import reverse

from reviews.models import Finding, KeyLineOfEnquiry, Meeting
from tests.factories import MeetingFactory, WitnessFactory


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def url(name, review, **kwargs):
    return reverse(name, kwargs={"slug": review.slug, **kwargs})


# --- save and add another --------------------------------------------------------------


@pytest.mark.django_db
def test_save_and_add_another_returns_an_empty_form_naming_what_was_saved(officer_client, review):
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


# --- meeting times ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_meeting_keeps_its_start_and_end_times_as_typed(officer_client, review):
    data = {"kind": "working_group", "date_0": "3", "date_1": "5", "date_2": "2023"}
    officer_client.post(
        url("reviews:meeting_add", review), {**data, "starts_at": "10am", "ends_at": "12:30pm"}
    )
    meeting = Meeting.objects.get(review=review)
    assert meeting.times == "10am to 12:30pm"
    page = officer_client.get(url("reviews:meeting_detail", review, pk=meeting.pk))
    assert "10am to 12:30pm" in page.content.decode()


@pytest.mark.django_db
def test_a_meeting_ending_before_it_starts_is_refused(officer_client, review):
    data = {"kind": "working_group", "date_0": "3", "date_1": "5", "date_2": "2023"}
    response = officer_client.post(
        url("reviews:meeting_add", review), {**data, "starts_at": "2pm", "ends_at": "1pm"}
    )
    assert response.context["form"].errors["ends_at"] == [
        "The end time must be after the start time"
    ]
    response = officer_client.post(
        url("reviews:meeting_add", review), {**data, "starts_at": "25:00"}
    )
    assert response.context["form"].errors["starts_at"] == [
        "Start time must be a real time, like 10am or 2:30pm"
    ]
    assert not Meeting.objects.exists()


# --- evidence from a meeting -----------------------------------------------------------


@pytest.mark.django_db
def test_adding_evidence_from_a_meeting_preselects_it_and_its_witnesses(officer_client, review):
    meeting = MeetingFactory(review=review)
    witness = WitnessFactory(meeting=meeting)
    MeetingFactory(review=review)  # another meeting, not chosen
    choose = officer_client.get(
        url("reviews:evidence_add", review), {"kind": "oral", "meeting": meeting.pk}
    )
    assert choose.url == url("reviews:evidence_add_kind", review, kind="oral") + (
        f"?meeting={meeting.pk}"
    )
    form = officer_client.get(choose.url).context["form"]
    assert form["meeting"].value() == meeting.pk
    assert form["given_by"].value() == [witness.person_id]


@pytest.mark.django_db
def test_another_reviews_meeting_is_not_preselected(officer_client, review):
    foreign = MeetingFactory()
    page = url("reviews:evidence_add_kind", review, kind="document")
    form = officer_client.get(page, {"meeting": foreign.pk}).context["form"]
    assert form["meeting"].value() is None
