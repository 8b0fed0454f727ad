"""A review's stages in the interface: the "What happens next" panel on its overview,
the officers' stage steps (POST, the one permission rule, preconditions with a
message), and the steps that follow by themselves (issuing the first draft starts
drafting; presenting schedules the first follow-up)."""

import datetime

import pytest
from django.urls import reverse

from recommendations.models import FollowUp
from reviews.drafts import report_issue_version
from reviews.models import Review
from tests.factories import (
    FindingFactory,
    KeyLineOfEnquiryFactory,
    OralEvidenceFactory,
    WorkingGroupMemberFactory,
)
from tests.reviews.report_helpers import agree, fill, media  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def step_url(review, step):
    return reverse("reviews:stage_step", kwargs={"slug": review.slug, "step": step})


def overview(client, review):
    return client.get(review.get_absolute_url()).content.decode()


def scoped(review):
    review.purpose = "To see how early intervention is funded."
    review.save()
    KeyLineOfEnquiryFactory(review=review, text="How is it funded?")
    return review


# --- the officers' stage steps -------------------------------------------------------------


def test_an_officer_confirms_the_scope_from_the_overview(client, review, officer):
    scoped(review)
    client.force_login(officer)
    assert f'action="{step_url(review, "confirm-scope")}"' in overview(client, review)

    response = client.post(step_url(review, "confirm-scope"), follow=True)

    review.refresh_from_db()
    assert review.status == Review.Status.SCOPED
    change = review.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "commissioned",
        "scoped",
        officer,
    )
    assert "The scope is confirmed" in response.content.decode()
    # The next step is shown with what it still needs.
    assert "Start evidence gathering" in response.content.decode()
    assert "Add the members of the working group." in response.content.decode()


def test_the_scope_cannot_be_confirmed_without_key_lines_and_says_what_is_missing(
    client, review, officer
):
    client.force_login(officer)
    page = overview(client, review)
    assert "Add at least one key line of enquiry." in page
    assert f'action="{step_url(review, "confirm-scope")}"' not in page

    response = client.post(step_url(review, "confirm-scope"), follow=True)

    review.refresh_from_db()
    assert review.status == Review.Status.COMMISSIONED
    assert "Write the review&#x27;s purpose." in response.content.decode()


@pytest.mark.parametrize("role", ["member", "publisher"])
def test_only_officers_take_the_stage_steps(client, review, role, user_for_role):
    scoped(review)
    client.force_login(user_for_role(role))

    assert "taken by an officer" in overview(client, review)
    assert client.post(step_url(review, "confirm-scope")).status_code == 403
    review.refresh_from_db()
    assert review.status == Review.Status.COMMISSIONED


def test_stage_steps_are_post_only_and_unknown_steps_404(client, review, officer):
    client.force_login(officer)

    assert client.get(step_url(review, "confirm-scope")).status_code == 405
    assert client.post(step_url(review, "close-everything")).status_code == 404


def test_another_bodys_officer_cannot_find_the_review(client, review, other_officer):
    scoped(review)
    client.force_login(other_officer)

    assert client.post(step_url(review, "confirm-scope")).status_code == 404


def test_evidence_gathering_needs_a_working_group(client, review, officer):
    review.status = Review.Status.SCOPED
    review.save()
    client.force_login(officer)

    client.post(step_url(review, "start-evidence"))
    review.refresh_from_db()
    assert review.status == Review.Status.SCOPED

    WorkingGroupMemberFactory(review=review)
    client.post(step_url(review, "start-evidence"))
    review.refresh_from_db()
    assert review.status == Review.Status.EVIDENCE


def test_a_stage_step_out_of_order_says_why(client, review, officer):
    scoped(review)
    client.force_login(officer)

    response = client.post(step_url(review, "start-drafting"), follow=True)

    assert "cannot become" in response.content.decode() or "cannot be taken yet" in (
        response.content.decode()
    )
    review.refresh_from_db()
    assert review.status == Review.Status.COMMISSIONED


# --- steps that follow by themselves -------------------------------------------------------


def gathering(review):
    review.status = Review.Status.EVIDENCE
    review.save()
    OralEvidenceFactory(review=review)
    FindingFactory(review=review)
    return review


def test_issuing_the_first_draft_starts_drafting(client, review, officer):
    gathering(review)
    client.force_login(officer)

    response = client.post(
        reverse("reviews:report_issue", kwargs={"slug": review.slug}),
        {"note": "", "confirm_warnings": "on"},
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == Review.Status.DRAFTING
    assert review.report_versions.get().number == 1
    assert review.status_changes.get().changed_by == officer


def test_a_draft_is_not_issued_before_evidence_gathering(client, review, officer):
    client.force_login(officer)
    url = reverse("reviews:report_issue", kwargs={"slug": review.slug})

    page = client.get(url).content.decode()
    client.post(url, {"note": "", "confirm_warnings": "on"})

    assert "Start evidence gathering before issuing a draft" in page
    assert not review.report_versions.exists()


def test_presenting_the_report_schedules_the_first_follow_up(client, review, publisher):
    agree(fill(review), publisher)
    client.force_login(publisher)

    client.post(
        reverse("reviews:report_present", kwargs={"slug": review.slug}),
        {"presented_on_0": "10", "presented_on_1": "6", "presented_on_2": "2024"},
    )

    review.refresh_from_db()
    follow_up = FollowUp.objects.get(review=review)
    assert review.status == Review.Status.PRESENTED
    assert (follow_up.sequence, follow_up.due_on) == (1, review.follow_up_due_on)


def test_agreement_needs_an_issued_draft(client, review, publisher):
    review.status = Review.Status.DRAFTING
    review.save()
    client.force_login(publisher)
    url = reverse("reviews:report_agree", kwargs={"slug": review.slug})
    data = {"agreed_on_0": "1", "agreed_on_1": "6", "agreed_on_2": "2024", "meeting": "Panel"}

    client.post(url, data)
    review.refresh_from_db()
    assert review.status == Review.Status.DRAFTING

    report_issue_version(review=review, user=publisher)
    client.post(url, data)
    review.refresh_from_db()
    assert (review.status, review.agreed_on) == (Review.Status.AGREED, datetime.date(2024, 6, 1))


# --- the panel for each role ---------------------------------------------------------------


def test_the_panel_shows_the_publisher_their_step_and_the_officer_whose_it_is(
    client, review, officer, publisher
):
    review.status = Review.Status.DRAFTING
    review.save()
    report_issue_version(review=review, user=officer)
    agree_url = reverse("reviews:report_agree", kwargs={"slug": review.slug})

    client.force_login(publisher)
    assert f'href="{agree_url}"' in overview(client, review)

    client.force_login(officer)
    page = overview(client, review)
    assert f'href="{agree_url}"' not in page
    assert "Record the Panel&#x27;s agreement: taken by democratic services." in page
    assert "Draft version 1 is with the working group" in page
