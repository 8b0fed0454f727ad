"""Recommendations, the Commissioner's responses and the follow-up: numbering, the
response's status changes, its due date and lateness, target dates that slip, and
follow-ups that carry recommendations forward."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from recommendations.models import (
    FollowUp,
    FollowUpAssessment,
    Recommendation,
    Response,
    TargetDateChange,
)
from reviews.models import Review
from scrutiny.exceptions import TransitionNotAllowed
from tests.factories import (
    FollowUpAssessmentFactory,
    FollowUpFactory,
    RecommendationFactory,
    ResponseFactory,
    ReviewFactory,
    ScrutinyBodyFactory,
)

pytestmark = pytest.mark.django_db

PRESENTED_ON = datetime.date(2024, 6, 10)
DUE_ON = datetime.date(2024, 8, 10)  # two months later: the default period


@pytest.fixture
def presented_review(body):
    return ReviewFactory(
        body=body,
        status=Review.Status.PRESENTED,
        agreed_on=datetime.date(2024, 5, 20),
        presented_on=PRESENTED_ON,
    )


@pytest.fixture
def recommendation(presented_review):
    return RecommendationFactory(review=presented_review, number=1)


@pytest.fixture
def draft_response(recommendation):
    return ResponseFactory(recommendation=recommendation)


# --- numbering -------------------------------------------------------------------------


def test_duplicate_number_in_one_review_is_rejected(review):
    RecommendationFactory(review=review, number=1)
    duplicate = RecommendationFactory.build(review=review, number=1)

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.message_dict[NON_FIELD_ERRORS] == [
        "That number is already used by another recommendation."
    ]


def test_duplicate_number_in_one_review_is_refused_by_the_database(review):
    RecommendationFactory(review=review, number=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        RecommendationFactory(review=review, number=1)

    assert review.recommendations.count() == 1


def test_same_number_in_two_reviews_is_fine(review):
    RecommendationFactory(review=review, number=1)
    other = RecommendationFactory.build(review=ReviewFactory(), number=1)

    other.full_clean()
    other.save()

    assert Recommendation.objects.filter(number=1).count() == 2


def test_recommendation_number_zero_is_rejected(review):
    recommendation = RecommendationFactory.build(review=review, number=0)

    with pytest.raises(ValidationError) as error:
        recommendation.full_clean()

    assert error.value.message_dict[NON_FIELD_ERRORS] == ["Recommendation numbers start at 1."]


# --- the response's due date and lateness ----------------------------------------------


def test_recommendation_to_the_commissioner_is_due_with_the_review(recommendation):
    assert recommendation.links[0].response_due_on == DUE_ON


def test_recommendation_to_the_panel_itself_needs_no_response(presented_review):
    to_panel = RecommendationFactory(review=presented_review, to_panel=True)

    assert not to_panel.needs_response
    assert to_panel.addressee_label == "The panel"


def test_response_due_date_uses_the_period_the_panel_set_for_the_report(presented_review):
    presented_review.response_period_months = 3
    presented_review.save()
    recommendation = RecommendationFactory(review=presented_review)

    assert recommendation.links[0].response_due_on == datetime.date(2024, 9, 10)


def test_response_received_on_the_due_date_is_not_late(draft_response):
    draft_response.received_on = DUE_ON

    assert draft_response.is_late is False


def test_response_received_the_day_after_the_due_date_is_late(draft_response):
    draft_response.received_on = DUE_ON + datetime.timedelta(days=1)

    assert draft_response.is_late is True


def test_response_not_yet_received_is_not_marked_late(draft_response):
    assert draft_response.received_on is None
    assert draft_response.is_late is False


# --- the reason for not accepting ----------------------------------------------------


@pytest.mark.parametrize(
    "decision", [Response.Decision.PARTIALLY_ACCEPTED, Response.Decision.NOT_ACCEPTED]
)
def test_response_not_fully_accepted_needs_a_reason(recommendation, decision):
    response = ResponseFactory.build(recommendation=recommendation, decision=decision, reason="")

    with pytest.raises(ValidationError) as error:
        response.full_clean()

    assert error.value.message_dict == {
        "reason": ["Give the reason when a recommendation is not fully accepted."]
    }


@pytest.mark.parametrize(
    "decision", [Response.Decision.PARTIALLY_ACCEPTED, Response.Decision.NOT_ACCEPTED]
)
def test_response_not_fully_accepted_without_a_reason_is_refused_by_the_database(
    recommendation, decision
):
    with pytest.raises(IntegrityError), transaction.atomic():
        ResponseFactory(recommendation=recommendation, decision=decision, reason="")

    assert not Response.objects.filter(recommendation=recommendation).exists()


def test_response_not_accepted_with_a_reason_is_fine(recommendation):
    response = ResponseFactory.build(
        recommendation=recommendation,
        decision=Response.Decision.NOT_ACCEPTED,
        reason="The data system is being replaced next year.",
    )

    response.full_clean()


def test_accepted_response_needs_no_reason(recommendation):
    response = ResponseFactory.build(
        recommendation=recommendation, decision=Response.Decision.ACCEPTED, reason=""
    )

    response.full_clean()


# --- submit and publish ------------------------------------------------------------------


def test_submit_records_a_draft_response_as_received(draft_response, officer):
    before = timezone.now()

    draft_response.submit(user=officer, received_on=datetime.date(2024, 8, 1))

    draft_response.refresh_from_db()
    assert draft_response.status == Response.Status.SUBMITTED
    assert draft_response.submitted_by == officer
    assert before <= draft_response.submitted_at <= timezone.now()
    assert draft_response.received_on == datetime.date(2024, 8, 1)


def test_submit_without_a_date_records_it_as_received_today(draft_response, officer):
    draft_response.submit(user=officer)

    draft_response.refresh_from_db()
    assert draft_response.received_on == timezone.localdate()


@pytest.mark.parametrize("status", [Response.Status.SUBMITTED, Response.Status.PUBLISHED])
def test_submit_is_refused_unless_draft(recommendation, officer, status):
    response = ResponseFactory(recommendation=recommendation, status=status)

    with pytest.raises(TransitionNotAllowed):
        response.submit(user=officer)

    response.refresh_from_db()
    assert response.status == status
    assert (response.submitted_by, response.submitted_at, response.received_on) == (
        None,
        None,
        None,
    )


def test_submit_of_a_response_missing_its_reason_is_refused_and_stays_draft(
    recommendation, officer
):
    response = ResponseFactory(recommendation=recommendation, decision="accepted")
    response.decision = Response.Decision.NOT_ACCEPTED

    with pytest.raises(ValidationError):
        response.submit(user=officer)

    response.refresh_from_db()
    assert (response.status, response.decision) == (Response.Status.DRAFT, "accepted")
    assert response.submitted_by is None


def test_publish_makes_a_received_response_public(recommendation, publisher):
    response = ResponseFactory(recommendation=recommendation, status=Response.Status.SUBMITTED)
    before = timezone.now()

    response.publish(user=publisher)

    response.refresh_from_db()
    assert response.status == Response.Status.PUBLISHED
    assert response.published_by == publisher
    assert before <= response.published_at <= timezone.now()


@pytest.mark.parametrize("status", [Response.Status.DRAFT, Response.Status.PUBLISHED])
def test_publish_is_refused_unless_received(recommendation, publisher, status):
    response = ResponseFactory(recommendation=recommendation, status=status)

    with pytest.raises(TransitionNotAllowed):
        response.publish(user=publisher)

    response.refresh_from_db()
    assert response.status == status
    assert (response.published_by, response.published_at) == (None, None)


def test_awaiting_response_lists_presented_recommendations_without_a_received_response(
    presented_review,
):
    unanswered = RecommendationFactory(review=presented_review)
    drafted = RecommendationFactory(review=presented_review)
    ResponseFactory(recommendation=drafted)
    received = RecommendationFactory(review=presented_review)
    ResponseFactory(recommendation=received, status=Response.Status.SUBMITTED)
    RecommendationFactory(review=ReviewFactory(body=presented_review.body))  # not presented

    awaiting = Recommendation.objects.awaiting_response()

    assert set(awaiting) == {unanswered, drafted}


# --- target dates that slip --------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_target_date_change_without_a_reason_is_refused_and_nothing_recorded(
    draft_response, officer, reason
):
    with pytest.raises(ValidationError) as error:
        draft_response.change_target_date(
            new_date=datetime.date(2025, 9, 30), reason=reason, user=officer
        )

    assert error.value.message_dict == {"reason": ["Say why the target date has changed."]}
    draft_response.refresh_from_db()
    assert draft_response.target_date == datetime.date(2025, 3, 31)
    assert not TargetDateChange.objects.filter(response=draft_response).exists()


def test_target_date_change_to_the_same_date_is_refused_and_nothing_recorded(
    draft_response, officer
):
    with pytest.raises(ValidationError):
        draft_response.change_target_date(
            new_date=datetime.date(2025, 3, 31), reason="No change", user=officer
        )

    assert not TargetDateChange.objects.filter(response=draft_response).exists()


def test_target_date_change_keeps_the_old_date_the_reason_who_and_when(draft_response, officer):
    before = timezone.now()

    draft_response.change_target_date(
        new_date=datetime.date(2025, 9, 30), reason="  Funding confirmed late.  ", user=officer
    )

    draft_response.refresh_from_db()
    assert draft_response.target_date == datetime.date(2025, 9, 30)
    change = TargetDateChange.objects.get(response=draft_response)
    assert (change.old_date, change.new_date, change.reason, change.changed_by) == (
        datetime.date(2025, 3, 31),
        datetime.date(2025, 9, 30),
        "Funding confirmed late.",
        officer,
    )
    assert before <= change.changed_at <= timezone.now()


def test_several_target_date_changes_are_all_kept_in_order(draft_response, officer):
    draft_response.change_target_date(
        new_date=datetime.date(2025, 9, 30), reason="Funding confirmed late.", user=officer
    )
    draft_response.change_target_date(
        new_date=datetime.date(2026, 1, 31), reason="New system delayed.", user=officer
    )

    draft_response.refresh_from_db()
    assert draft_response.target_date == datetime.date(2026, 1, 31)
    assert list(draft_response.target_date_changes.values_list("old_date", "new_date")) == [
        (datetime.date(2025, 3, 31), datetime.date(2025, 9, 30)),
        (datetime.date(2025, 9, 30), datetime.date(2026, 1, 31)),
    ]


def test_target_date_change_without_a_reason_is_refused_by_the_database(draft_response):
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetDateChange.objects.create(
            response=draft_response, new_date=datetime.date(2025, 9, 30), reason=""
        )

    assert not draft_response.target_date_changes.exists()


# --- follow-up -----------------------------------------------------------------------


def test_first_follow_up_is_due_six_months_after_presentation(presented_review):
    follow_up = FollowUp.schedule_first(review=presented_review)

    assert (follow_up.sequence, follow_up.due_on) == (1, datetime.date(2024, 12, 10))
    assert follow_up.status == FollowUp.Status.SCHEDULED
    assert list(presented_review.follow_ups.all()) == [follow_up]


def test_first_follow_up_is_due_after_the_body_s_own_interval():
    review = ReviewFactory(
        body=ScrutinyBodyFactory(follow_up_interval_months=4),
        status=Review.Status.PRESENTED,
        agreed_on=datetime.date(2024, 5, 20),
        presented_on=PRESENTED_ON,
    )

    follow_up = FollowUp.schedule_first(review=review)

    assert follow_up.due_on == datetime.date(2024, 10, 10)


def test_follow_up_cannot_be_scheduled_before_presentation(review):
    with pytest.raises(TransitionNotAllowed):
        FollowUp.schedule_first(review=review)

    assert not review.follow_ups.exists()


def test_completing_a_follow_up_records_when_it_was_held_who_and_when(presented_review, officer):
    follow_up = FollowUpFactory(review=presented_review)
    before = timezone.now()

    follow_up.complete(user=officer, held_on=datetime.date(2024, 12, 12))

    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.COMPLETED
    assert follow_up.held_on == datetime.date(2024, 12, 12)
    assert follow_up.completed_by == officer
    assert before <= follow_up.completed_at <= timezone.now()


def test_carried_forward_recommendation_gets_a_second_follow_up(presented_review, officer):
    follow_up = FollowUpFactory(review=presented_review, due_on=datetime.date(2024, 12, 10))
    FollowUpAssessmentFactory(
        follow_up=follow_up, outcome=FollowUpAssessment.Outcome.CARRIED_FORWARD
    )
    FollowUpAssessmentFactory(follow_up=follow_up, outcome=FollowUpAssessment.Outcome.CLOSED)

    second = follow_up.complete(user=officer, held_on=datetime.date(2024, 12, 12))

    assert (second.sequence, second.due_on) == (2, datetime.date(2025, 6, 12))
    assert second.status == FollowUp.Status.SCHEDULED
    assert list(presented_review.follow_ups.values_list("sequence", flat=True)) == [1, 2]


def test_second_follow_up_uses_the_body_s_interval_from_the_date_held(officer):
    review = ReviewFactory(
        body=ScrutinyBodyFactory(follow_up_interval_months=4),
        status=Review.Status.PRESENTED,
        agreed_on=datetime.date(2024, 5, 20),
        presented_on=PRESENTED_ON,
    )
    follow_up = FollowUpFactory(review=review)
    FollowUpAssessmentFactory(follow_up=follow_up)

    second = follow_up.complete(user=officer, held_on=datetime.date(2024, 10, 31))

    assert second.due_on == datetime.date(2025, 2, 28)


def test_follow_up_with_every_recommendation_closed_schedules_no_other(presented_review, officer):
    follow_up = FollowUpFactory(review=presented_review)
    FollowUpAssessmentFactory(follow_up=follow_up, outcome=FollowUpAssessment.Outcome.CLOSED)
    FollowUpAssessmentFactory(follow_up=follow_up, outcome=FollowUpAssessment.Outcome.CLOSED)

    assert follow_up.complete(user=officer, held_on=datetime.date(2024, 12, 12)) is None

    assert presented_review.follow_ups.count() == 1


def test_completed_follow_up_cannot_be_completed_again(presented_review, officer):
    follow_up = FollowUpFactory(review=presented_review)
    follow_up.complete(user=officer, held_on=datetime.date(2024, 12, 12))

    with pytest.raises(TransitionNotAllowed):
        follow_up.complete(user=officer, held_on=datetime.date(2025, 1, 5))

    follow_up.refresh_from_db()
    assert follow_up.held_on == datetime.date(2024, 12, 12)
    assert presented_review.follow_ups.count() == 1


def test_second_follow_up_with_the_same_number_is_refused_by_the_database(presented_review):
    FollowUpFactory(review=presented_review, sequence=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpFactory(review=presented_review, sequence=1)

    assert presented_review.follow_ups.count() == 1


def test_recommendation_assessed_twice_in_one_follow_up_is_rejected(presented_review):
    assessment = FollowUpAssessmentFactory(follow_up=FollowUpFactory(review=presented_review))
    again = FollowUpAssessmentFactory.build(
        follow_up=assessment.follow_up, recommendation=assessment.recommendation
    )

    with pytest.raises(ValidationError) as error:
        again.full_clean()

    assert error.value.message_dict[NON_FIELD_ERRORS] == [
        "This recommendation is already assessed here."
    ]
