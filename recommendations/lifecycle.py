"""What follows a review's presentation, for `reviews.lifecycle`: presenting the
report schedules its first follow-up, and the "What happens next" panel shows the
Commissioner's responses and the follow-ups. Registered from AppConfig.ready()."""

from django.urls import reverse

from recommendations.models import FollowUp, RecommendationAddressee, Response
from reviews import lifecycle


def schedule_first_follow_up(*, review, user):
    if not review.follow_ups.exists():
        FollowUp.schedule_first(review=review)


def _responses_step(review, user):
    """One response is expected from each addressee of each recommendation."""
    expected = RecommendationAddressee.objects.filter(recommendation__review=review)
    total = expected.count()
    if not total:
        return []
    received = Response.objects.filter(recommendation__review=review).exclude(
        status=Response.Status.DRAFT
    )
    url = reverse("recommendations:responses", kwargs={"slug": review.slug})
    steps = []
    if received.count() < total:
        answers_for_one = expected.filter(responding_body__respondents=user.pk).exists()
        steps.append(
            lifecycle.Step(
                f"Record the responses ({received.count()} of {total} received)",
                url,
                "an officer or a respondent",
                review.user_can_run(user) or (review.is_presented and answers_for_one),
            )
        )
    waiting = received.filter(status=Response.Status.SUBMITTED).count()
    if waiting:
        steps.append(
            lifecycle.Step(
                f"Publish the received responses ({waiting} waiting)",
                url,
                lifecycle.PUBLISHER,
                review.user_can_publish(user),
            )
        )
    return steps


def _follow_up_steps(review, user):
    follow_ups = list(review.follow_ups.order_by("sequence"))
    if not follow_ups:
        return [
            lifecycle.Step(
                "Schedule the follow-up",
                reverse("recommendations:follow_up_schedule", kwargs={"slug": review.slug}),
                lifecycle.OFFICER,
                FollowUp.user_can_schedule_first(user, review),
                post=True,
            )
        ]
    steps = []
    for follow_up in follow_ups:
        if follow_up.is_scheduled:
            steps.append(
                lifecycle.Step(
                    f"Record follow-up {follow_up.sequence} (due {follow_up.due_on:%-d %B %Y})",
                    follow_up.get_absolute_url(),
                    lifecycle.OFFICER,
                    follow_up.user_can_edit(user),
                )
            )
        elif not follow_up.is_published:
            steps.append(
                lifecycle.Step(
                    f"Publish follow-up {follow_up.sequence}",
                    reverse(
                        "recommendations:follow_up_publish",
                        kwargs={"slug": review.slug, "pk": follow_up.pk},
                    ),
                    lifecycle.PUBLISHER,
                    follow_up.user_can_publish(user),
                    post=True,
                )
            )
    return steps


def later_steps(review, user):
    return _responses_step(review, user) + _follow_up_steps(review, user)


def register_with_reviews():
    lifecycle.on_presented(schedule_first_follow_up)
    lifecycle.register_later_steps(later_steps)
