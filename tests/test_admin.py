"""The admin: statuses are read-only and move only through actions that call the
models' verb methods; a refused move is reported, not forced; a response's target date
moves only with a reason, and the old date is kept."""

import datetime

import pytest
from django import forms
from django.contrib import messages
from django.urls import reverse

from recommendations.models import (
    FollowUp,
    FollowUpAssessment,
    Recommendation,
    Response,
    TargetDateChange,
)
from reviews.models import Finding, PublishedReport, Review, ReviewStatusChange
from tests.factories import (
    FindingFactory,
    FollowUpAssessmentFactory,
    FollowUpFactory,
    PersonFactory,
    RecommendationFactory,
    ReportVersionFactory,
    ResponseFactory,
    ReviewFactory,
    UserFactory,
)

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser, backend=MODEL_BACKEND)
    return client


def run_action(client, model_url, action, objects):
    return client.post(
        reverse(model_url),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
        follow=True,
    )


def shown_messages(response):
    return [(m.level, str(m)) for m in response.context["messages"]]


def form_data(response):
    """The POST data a browser would send back for an admin change form as shown."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form[name].value()
        # An unchanged file input is sent empty; None means an empty field.
        if value is not None and not isinstance(field, forms.FileField):
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            value = formset.management_form[name].value()
            data[f"{formset.prefix}-{name}"] = "" if value is None else value
        for subform in formset.forms:
            for name in subform.fields:
                value = subform[name].value()
                if value is not None:
                    data[subform.add_prefix(name)] = value
    return data


# --- reviews -------------------------------------------------------------------------------


def test_review_status_is_shown_but_cannot_be_edited(superuser_client):
    review = ReviewFactory()

    response = superuser_client.get(reverse("admin:reviews_review_change", args=[review.pk]))

    assert response.status_code == 200
    assert "status" not in response.context["adminform"].form.fields
    assert "Commissioned" in response.content.decode()


def test_confirm_scope_action_moves_the_review_and_records_who(superuser_client, superuser):
    review = ReviewFactory()

    response = run_action(
        superuser_client, "admin:reviews_review_changelist", "confirm_scope", [review]
    )

    review.refresh_from_db()
    assert review.status == Review.Status.SCOPED
    assert review.status_changed_by == superuser
    change = ReviewStatusChange.objects.get(review=review)
    assert (change.from_status, change.to_status, change.changed_by) == (
        Review.Status.COMMISSIONED,
        Review.Status.SCOPED,
        superuser,
    )
    assert (messages.SUCCESS, "Scope confirmed for 1 review(s).") in shown_messages(response)


def test_start_drafting_action_on_a_review_not_gathering_evidence_is_refused(superuser_client):
    review = ReviewFactory()

    response = run_action(
        superuser_client, "admin:reviews_review_changelist", "start_drafting", [review]
    )

    review.refresh_from_db()
    assert review.status == Review.Status.COMMISSIONED
    assert not ReviewStatusChange.objects.filter(review=review).exists()
    assert (
        messages.ERROR,
        f"{review}: A review that is 'Commissioned' cannot become 'Draft report'.",
    ) in shown_messages(response)


def test_action_moves_the_reviews_it_can_and_reports_the_others(superuser_client):
    ready = ReviewFactory(status=Review.Status.SCOPED)
    not_ready = ReviewFactory()

    response = run_action(
        superuser_client,
        "admin:reviews_review_changelist",
        "start_evidence_gathering",
        [ready, not_ready],
    )

    ready.refresh_from_db()
    not_ready.refresh_from_db()
    assert (ready.status, not_ready.status) == (Review.Status.EVIDENCE, Review.Status.COMMISSIONED)
    levels = [level for level, _ in shown_messages(response)]
    assert sorted(levels) == [messages.SUCCESS, messages.ERROR]


# --- responses -------------------------------------------------------------------------------


def test_publish_action_publishes_a_received_response(superuser_client, superuser):
    response = ResponseFactory(status=Response.Status.SUBMITTED)

    page = run_action(
        superuser_client, "admin:recommendations_response_changelist", "publish", [response]
    )

    response.refresh_from_db()
    assert response.status == Response.Status.PUBLISHED
    assert response.published_by == superuser
    assert (messages.SUCCESS, "1 response(s) published.") in shown_messages(page)


def test_publish_action_on_a_draft_response_is_refused(superuser_client):
    response = ResponseFactory()

    page = run_action(
        superuser_client, "admin:recommendations_response_changelist", "publish", [response]
    )

    response.refresh_from_db()
    assert response.status == Response.Status.DRAFT
    assert response.published_by is None
    assert (
        messages.ERROR,
        f"{response}: Only a received response can be published.",
    ) in shown_messages(page)


def test_changing_the_target_date_in_the_admin_needs_a_reason(superuser_client):
    response = ResponseFactory(target_date=datetime.date(2025, 3, 31))
    url = reverse("admin:recommendations_response_change", args=[response.pk])
    data = form_data(superuser_client.get(url))
    data["target_date"] = "2025-09-30"

    page = superuser_client.post(url, data)

    assert page.status_code == 200
    assert page.context["adminform"].form.errors == {
        "target_date_reason": ["Say why the target date has changed."]
    }
    response.refresh_from_db()
    assert response.target_date == datetime.date(2025, 3, 31)
    assert not TargetDateChange.objects.filter(response=response).exists()


def test_changing_the_target_date_in_the_admin_keeps_the_old_date_and_why(
    superuser_client, superuser
):
    response = ResponseFactory(target_date=datetime.date(2025, 3, 31))
    url = reverse("admin:recommendations_response_change", args=[response.pk])
    data = form_data(superuser_client.get(url))
    data.update(
        target_date="2025-09-30", target_date_reason="Funding confirmed late.", lead_officer="CFO"
    )

    page = superuser_client.post(url, data)

    assert page.status_code == 302
    response.refresh_from_db()
    assert (response.target_date, response.lead_officer) == (datetime.date(2025, 9, 30), "CFO")
    change = TargetDateChange.objects.get(response=response)
    assert (change.old_date, change.new_date, change.reason, change.changed_by) == (
        datetime.date(2025, 3, 31),
        datetime.date(2025, 9, 30),
        "Funding confirmed late.",
        superuser,
    )


def test_editing_a_response_without_moving_its_date_records_no_date_change(superuser_client):
    response = ResponseFactory(target_date=datetime.date(2025, 3, 31))
    url = reverse("admin:recommendations_response_change", args=[response.pk])
    data = form_data(superuser_client.get(url))
    data["lead_officer"] = "Chief Finance Officer"

    page = superuser_client.post(url, data)

    assert page.status_code == 302
    response.refresh_from_db()
    assert response.lead_officer == "Chief Finance Officer"
    assert not TargetDateChange.objects.filter(response=response).exists()


# --- follow-ups ---------------------------------------------------------------------------------


def test_complete_action_completes_a_held_follow_up_and_schedules_the_next(
    superuser_client, superuser
):
    follow_up = FollowUpFactory(held_on=datetime.date(2024, 12, 12))
    FollowUpAssessmentFactory(
        follow_up=follow_up, outcome=FollowUpAssessment.Outcome.CARRIED_FORWARD
    )

    page = run_action(
        superuser_client, "admin:recommendations_followup_changelist", "complete", [follow_up]
    )

    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.completed_by) == (FollowUp.Status.COMPLETED, superuser)
    second = FollowUp.objects.get(review=follow_up.review, sequence=2)
    assert second.due_on == datetime.date(2025, 6, 12)
    assert (
        messages.SUCCESS,
        f"{follow_up} completed. Follow-up 2 is due on 2025-06-12.",
    ) in shown_messages(page)


def test_complete_action_asks_for_the_date_held_first(superuser_client):
    follow_up = FollowUpFactory(held_on=None)

    page = run_action(
        superuser_client, "admin:recommendations_followup_changelist", "complete", [follow_up]
    )

    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.SCHEDULED
    assert (
        messages.ERROR,
        f"{follow_up}: record the date it was held first.",
    ) in shown_messages(page)


# --- users ----------------------------------------------------------------------------------


def test_user_admin_shows_the_person_and_the_roles(superuser_client, officer):
    response = superuser_client.get(reverse("admin:scrutiny_user_change", args=[officer.pk]))

    assert "person" in response.context["adminform"].form.fields
    prefixes = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
    assert prefixes == ["roles"]
    assert response.context["inline_admin_formsets"][0].formset.initial_form_count() == 1


def test_person_autocomplete_finds_people_by_family_name(superuser_client):
    PersonFactory(given_name="Anita", family_name="Shields")
    PersonFactory(given_name="Bob", family_name="Jones")

    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "reviews",
            "model_name": "workinggroupmember",
            "field_name": "person",
            "term": "Shiel",
        },
    )

    assert [result["text"] for result in response.json()["results"]] == ["Councillor Anita Shields"]


# --- a published review is frozen, in the admin too --------------------------------------


def _published(review):
    version = ReportVersionFactory(review=review)
    PublishedReport.objects.create(
        review=review,
        version=version,
        pdf="published/x.pdf",
        sha256="0" * 64,
        published_by=UserFactory(),
    )
    return review


@pytest.mark.parametrize("published", [False, True])
def test_a_superuser_changes_a_finding_only_while_its_review_is_unpublished(
    superuser_client, published
):
    finding = FindingFactory(text="Original.")
    if published:
        _published(finding.review)
    change = reverse("admin:reviews_finding_change", args=[finding.pk])

    superuser_client.post(
        change, {"review": finding.review.pk, "text": "Rewritten.", "position": 1, "evidence": []}
    )
    superuser_client.post(
        reverse("admin:reviews_finding_delete", args=[finding.pk]), {"post": "yes"}
    )

    finding_exists = Finding.objects.filter(pk=finding.pk).exists()
    assert finding_exists == published
    if published:
        assert Finding.objects.get(pk=finding.pk).text == "Original."


def test_the_admin_cannot_delete_a_published_review_s_recommendations_in_bulk(superuser_client):
    recommendation = RecommendationFactory()
    _published(recommendation.review)

    response = superuser_client.post(
        reverse("admin:recommendations_recommendation_changelist"),
        {"action": "delete_selected", "_selected_action": [recommendation.pk], "post": "yes"},
    )

    assert response.status_code == 403
    assert Recommendation.objects.filter(pk=recommendation.pk).exists()
