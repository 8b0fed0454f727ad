"""Each addressee's response through the browser's eyes (the Django test client):
who may write it, the reason rule, the letter, the target date that moves with a
reason, publishing, and the public page beside the report."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recommendations.models import Response, TargetDateChange
from scrutiny.models import Role
from tests.edit_forms import with_token
from tests.factories import (
    PublishedReportFactory,
    RecommendationFactory,
    RespondingBodyFactory,
    ResponseFactory,
    ReviewFactory,
    RoleFactory,
    UserFactory,
    commissioner_of,
)
from tests.pdfs import make_pdf
from tests.recommendations.conftest import RESPONSE_DUE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "uploads", "base_url": None},
        },
    }


def date_fields(prefix, value):
    if value is None:
        return {f"{prefix}_0": "", f"{prefix}_1": "", f"{prefix}_2": ""}
    return {f"{prefix}_0": value.day, f"{prefix}_1": value.month, f"{prefix}_2": value.year}


def answer(decision="accepted", reason="", action="send", **extra):
    return {
        "decision": decision,
        "reason": reason,
        "response_text": "The Commissioner accepts this.",
        "actions": "Publish the figures monthly",
        "lead_officer": "Jo Bloggs, Head of Performance",
        **date_fields("target_date", datetime.date(2025, 3, 31)),
        "action": action,
        **extra,
    }


def addressed_to(recommendation, responding_body=None):
    """The responding body in the URL: the given one, or the first addressee (for a
    recommendation to the panel only, the Commissioner, who is not an addressee)."""
    if responding_body is not None:
        return responding_body.pk
    link = recommendation.addressee_links.order_by("pk").first()
    return link.responding_body_id if link else commissioner_of(recommendation.review.body).pk


def respond_url(recommendation):
    return reverse(
        "recommendations:respond",
        kwargs={
            "slug": recommendation.review.slug,
            "pk": recommendation.pk,
            "to": addressed_to(recommendation),
        },
    )


def signed_in(client, user):
    client.force_login(user)
    return client


def post_response(client, recommendation, data):
    """Save the response form as a browser does: open it, then post it with its token."""
    url = respond_url(recommendation)
    return client.post(url, with_token(client, url, data))


# --- who may answer --------------------------------------------------------------------


def test_a_respondent_sends_the_response_and_it_is_recorded_as_received(
    client, respondent, to_commissioner
):
    response = post_response(signed_in(client, respondent), to_commissioner, answer())

    assert response.status_code == 302
    saved = Response.objects.get(recommendation=to_commissioner)
    assert saved.status == Response.Status.SUBMITTED
    assert (saved.entered_by, saved.submitted_by) == (respondent, respondent)
    assert saved.received_on == timezone.localdate()
    assert response.url == to_commissioner.get_absolute_url()


def test_a_respondent_may_save_a_draft_and_send_it_later(client, respondent, to_commissioner):
    client = signed_in(client, respondent)
    post_response(client, to_commissioner, answer(action="draft"))
    draft = Response.objects.get(recommendation=to_commissioner)
    assert draft.status == Response.Status.DRAFT

    post_response(client, to_commissioner, answer(action="send"))

    draft.refresh_from_db()
    assert draft.status == Response.Status.SUBMITTED


def test_a_respondent_cannot_change_a_response_once_sent(client, respondent, to_commissioner):
    ResponseFactory(recommendation=to_commissioner, status=Response.Status.SUBMITTED)

    response = signed_in(client, respondent).get(respond_url(to_commissioner))

    assert response.status_code == 403


def test_a_respondent_cannot_see_a_review_before_it_is_presented(client, respondent, review):
    recommendation = RecommendationFactory(review=review)

    response = post_response(signed_in(client, respondent), recommendation, answer())

    assert response.status_code == 404
    assert not Response.objects.exists()


def test_a_respondent_cannot_answer_a_recommendation_to_the_panel(client, respondent, to_panel):
    response = post_response(signed_in(client, respondent), to_panel, answer())

    assert response.status_code == 404
    assert not Response.objects.exists()


def test_a_respondent_of_another_body_cannot_answer(client, to_commissioner):
    stranger = UserFactory()
    RoleFactory(user=stranger, role=Role.Name.RESPONDENT)

    response = post_response(signed_in(client, stranger), to_commissioner, answer())

    assert response.status_code == 404
    assert not Response.objects.exists()


def test_an_officer_of_another_body_gets_404(client, other_officer, to_commissioner):
    client = signed_in(client, other_officer)

    assert client.get(respond_url(to_commissioner)).status_code == 404
    assert client.get(to_commissioner.get_absolute_url()).status_code == 404
    assert not Response.objects.exists()


@pytest.mark.parametrize("role", ["member", "publisher"])
def test_members_and_publishers_may_read_but_not_answer(
    client, user_for_role, to_commissioner, role
):
    client = signed_in(client, user_for_role(role))

    assert client.get(to_commissioner.get_absolute_url()).status_code == 200
    assert post_response(client, to_commissioner, answer()).status_code == 403
    assert not Response.objects.exists()


def test_an_officer_records_a_response_received_by_letter_on_its_date(
    client, officer, to_commissioner
):
    received = datetime.date(2024, 8, 1)

    post_response(
        signed_in(client, officer), to_commissioner, answer(**date_fields("received_on", received))
    )

    saved = Response.objects.get(recommendation=to_commissioner)
    assert (saved.status, saved.received_on, saved.submitted_by) == (
        Response.Status.SUBMITTED,
        received,
        officer,
    )
    assert not saved.is_late


def test_nobody_answers_before_the_report_is_presented(client, officer, review):
    recommendation = RecommendationFactory(review=review)

    response = signed_in(client, officer).get(respond_url(recommendation))

    assert response.status_code == 403


def test_user_can_respond_is_the_one_rule(respondent, officer, member, to_commissioner, to_panel):
    commissioner = commissioner_of(to_commissioner.review.body)
    assert to_commissioner.user_can_respond(respondent, commissioner)
    assert to_commissioner.user_can_respond(officer, commissioner)
    assert not to_commissioner.user_can_respond(member, commissioner)
    assert not to_panel.user_can_respond(respondent, commissioner)
    assert not to_panel.user_can_respond(officer, commissioner)


def test_the_list_shows_a_respondent_only_what_is_addressed_to_those_they_answer_for(
    client, respondent, to_commissioner, to_panel
):
    cabinet = RespondingBodyFactory(body=to_commissioner.review.body, name="Cabinet")
    also = RecommendationFactory(
        review=to_commissioner.review,
        number=3,
        addressees=[cabinet, commissioner_of(to_commissioner.review.body)],
    )
    RecommendationFactory(review=to_commissioner.review, number=4, addressees=[cabinet])
    url = reverse("recommendations:list", kwargs={"slug": to_commissioner.review.slug})

    response = signed_in(client, respondent).get(url)

    assert list(response.context["recommendations"]) == [to_commissioner, also]


# --- the reason rule ---------------------------------------------------------------------


@pytest.mark.parametrize("decision", ["partially_accepted", "not_accepted"])
def test_not_fully_accepting_needs_a_reason(client, respondent, to_commissioner, decision):
    response = post_response(
        signed_in(client, respondent), to_commissioner, answer(decision=decision, reason="  ")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [
        "Give the reason when a recommendation is not fully accepted."
    ]
    assert not Response.objects.exists()


def test_accepted_in_principle_is_recorded_as_partially_accepted_with_its_reason(
    client, respondent, to_commissioner
):
    post_response(
        signed_in(client, respondent),
        to_commissioner,
        answer(decision="partially_accepted", reason="Accepted in principle: no funding yet."),
    )

    saved = Response.objects.get()
    assert saved.decision == Response.Decision.PARTIALLY_ACCEPTED
    assert saved.reason == "Accepted in principle: no funding yet."


# --- the letter ------------------------------------------------------------------------


def letter_url(recommendation):
    return reverse(
        "recommendations:response_letter",
        kwargs={
            "slug": recommendation.review.slug,
            "pk": recommendation.pk,
            "to": addressed_to(recommendation),
        },
    )


def test_a_pdf_letter_is_kept_with_what_describes_it(client, officer, to_commissioner):
    pdf = make_pdf("Dear Chair, the Commissioner responds as follows.")
    upload = SimpleUploadedFile("letter.pdf", pdf, content_type="application/pdf")

    post_response(signed_in(client, officer), to_commissioner, answer(letter_upload=upload))

    saved = Response.objects.get()
    assert saved.letter_filename == "letter.pdf"
    assert saved.letter_size == len(pdf)
    assert len(saved.letter_sha256) == 64
    assert saved.letter.name.startswith(f"responses/{to_commissioner.review_id}/")
    download = client.get(letter_url(to_commissioner))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf
    assert download["Content-Type"] == "application/pdf"


def test_a_letter_that_is_not_a_pdf_is_refused_whatever_its_name(client, officer, to_commissioner):
    upload = SimpleUploadedFile("letter.pdf", b"Just some text", content_type="application/pdf")

    response = post_response(
        signed_in(client, officer), to_commissioner, answer(letter_upload=upload)
    )

    assert response.status_code == 200
    assert "must be a PDF" in response.context["form"].errors["letter_upload"][0]
    assert not Response.objects.exists()


def test_the_letter_is_not_served_to_another_body_or_anonymously(
    client, officer, other_officer, to_commissioner
):
    upload = SimpleUploadedFile("letter.pdf", make_pdf("Dear Chair"))
    post_response(signed_in(client, officer), to_commissioner, answer(letter_upload=upload))
    client.logout()

    anonymous = client.get(letter_url(to_commissioner))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.url
    assert signed_in(client, other_officer).get(letter_url(to_commissioner)).status_code == 404


# --- the target date moves with a reason --------------------------------------------------


def target_url(recommendation):
    return reverse(
        "recommendations:target_date",
        kwargs={
            "slug": recommendation.review.slug,
            "pk": recommendation.pk,
            "to": addressed_to(recommendation),
        },
    )


@pytest.fixture
def received(to_commissioner):
    return ResponseFactory(
        recommendation=to_commissioner,
        status=Response.Status.SUBMITTED,
        received_on=RESPONSE_DUE,
        target_date=datetime.date(2025, 3, 31),
    )


def test_a_target_date_change_without_a_reason_is_refused(client, officer, received):
    response = signed_in(client, officer).post(
        target_url(received.recommendation),
        {**date_fields("new_date", datetime.date(2025, 9, 30)), "reason": ""},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Say why the target date has changed."]
    received.refresh_from_db()
    assert received.target_date == datetime.date(2025, 3, 31)
    assert not TargetDateChange.objects.exists()


def test_a_target_date_change_keeps_the_old_date_the_reason_who_and_when(
    client, respondent, received
):
    before = timezone.now()

    signed_in(client, respondent).post(
        target_url(received.recommendation),
        {**date_fields("new_date", datetime.date(2025, 9, 30)), "reason": "Supplier delayed."},
    )

    received.refresh_from_db()
    assert received.target_date == datetime.date(2025, 9, 30)
    change = TargetDateChange.objects.get(response=received)
    assert (change.old_date, change.new_date, change.reason, change.changed_by) == (
        datetime.date(2025, 3, 31),
        datetime.date(2025, 9, 30),
        "Supplier delayed.",
        respondent,
    )
    assert before <= change.changed_at <= timezone.now()
    page = client.get(target_url(received.recommendation))
    assert "Supplier delayed." in page.content.decode()


def test_the_target_date_cannot_be_moved_through_the_response_form(client, officer, received):
    form = signed_in(client, officer).get(respond_url(received.recommendation)).context["form"]

    assert "target_date" not in form.fields


def test_members_cannot_move_a_target_date(client, member, received):
    response = signed_in(client, member).post(
        target_url(received.recommendation),
        {**date_fields("new_date", datetime.date(2025, 9, 30)), "reason": "Because."},
    )

    assert response.status_code == 403
    assert not TargetDateChange.objects.exists()


# --- publishing ------------------------------------------------------------------------------


def publish_url(recommendation):
    return reverse(
        "recommendations:response_publish",
        kwargs={
            "slug": recommendation.review.slug,
            "pk": recommendation.pk,
            "to": addressed_to(recommendation),
        },
    )


def public_url(review):
    return reverse("public_tracker:responses", kwargs={"slug": review.slug})


def test_a_publisher_publishes_and_the_public_then_see_it(client, publisher, received):
    review = received.recommendation.review
    PublishedReportFactory(review=review)
    assert "We accept this recommendation." not in client.get(public_url(review)).content.decode()

    signed_in(client, publisher).post(publish_url(received.recommendation))
    client.logout()

    received.refresh_from_db()
    assert received.status == Response.Status.PUBLISHED
    assert received.published_by == publisher
    assert "We accept this recommendation." in client.get(public_url(review)).content.decode()


def test_an_officer_records_but_does_not_publish(client, officer, received):
    response = signed_in(client, officer).post(publish_url(received.recommendation))

    assert response.status_code == 403
    received.refresh_from_db()
    assert received.status == Response.Status.SUBMITTED


def test_publishing_every_received_response_at_once(client, publisher, received, to_panel):
    other = RecommendationFactory(review=received.recommendation.review, number=3)
    draft = ResponseFactory(recommendation=other)
    url = reverse(
        "recommendations:responses_publish", kwargs={"slug": received.recommendation.review.slug}
    )

    signed_in(client, publisher).post(url)

    received.refresh_from_db()
    draft.refresh_from_db()
    assert (received.status, draft.status) == (Response.Status.PUBLISHED, Response.Status.DRAFT)


def test_the_public_page_is_only_for_presented_reports(client, review):
    assert client.get(public_url(review)).status_code == 404


def test_the_public_page_shows_the_target_date_history_without_names(client, received):
    received.change_target_date(
        new_date=datetime.date(2025, 6, 30), reason="Budget agreed late.", user=UserFactory()
    )
    received.publish(user=None)
    PublishedReportFactory(review=received.recommendation.review)

    page = client.get(public_url(received.recommendation.review)).content.decode()

    assert "Budget agreed late." in page
    assert "31 March 2025" in page and "30 June 2025" in page
    assert "By, and when" not in page


def test_drafts_are_hidden_from_members(client, member, to_commissioner):
    ResponseFactory(recommendation=to_commissioner, response_text="Half-written thoughts")

    page = signed_in(client, member).get(to_commissioner.get_absolute_url())

    assert "Half-written thoughts" not in page.content.decode()
    assert page.context["response"] is None


def test_an_unpresented_review_has_no_public_responses_even_if_published(client):
    review = ReviewFactory()
    ResponseFactory(recommendation__review=review, status=Response.Status.PUBLISHED)

    assert client.get(public_url(review)).status_code == 404


@pytest.mark.parametrize("name", ["recommendations:list", "recommendations:responses"])
def test_review_pages_cost_the_same_for_one_or_ten_responses(
    client, officer, presented_review, name
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def add(count):
        for _ in range(count):
            recommendation = RecommendationFactory(review=presented_review)
            ResponseFactory(recommendation=recommendation, status=Response.Status.SUBMITTED)
            RecommendationFactory(review=presented_review)  # and one awaiting

    client = signed_in(client, officer)
    url = reverse(name, kwargs={"slug": presented_review.slug})
    add(1)
    once = queries()
    add(9)

    assert queries() == once
