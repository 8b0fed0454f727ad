"""What the public may read, without signing in: each published report's
recommendations with each addressee's published response and the published
follow-up outcomes (s.28(7) Police Reform and Social Responsibility Act 2011)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from recommendations.models import (
    FollowUp,
    FollowUpAssessment,
    TargetDateChange,
    addressees_prefetch,
)
from reviews.models import Review


def public_responses(request, slug):
    review = get_object_or_404(Review.objects.published().select_related("body"), slug=slug)
    recommendations = list(
        review.recommendations.prefetch_related(
            *addressees_prefetch(timezone.localdate()),
            Prefetch(
                "responses__target_date_changes",
                queryset=TargetDateChange.objects.order_by("changed_at", "pk"),
            ),
        ).order_by("number")
    )
    follow_ups = list(
        FollowUp.objects.published()
        .filter(review=review)
        .prefetch_related(
            Prefetch("assessments", queryset=FollowUpAssessment.objects.exclude(implementation=""))
        )
        .order_by("sequence")
    )
    outcomes = {}
    for follow_up in follow_ups:
        for assessment in follow_up.assessments.all():
            outcomes.setdefault(assessment.recommendation_id, []).append((follow_up, assessment))
    rows = []
    for recommendation in recommendations:
        for link in recommendation.links:
            response = link.response
            link.published_response = response if response and response.is_published else None
        rows.append(
            {
                "recommendation": recommendation,
                "outcomes": outcomes.get(recommendation.pk, []),
            }
        )
    return render(
        request,
        "recommendations/public_responses.html",
        {
            "review": review,
            "rows": rows,
            "follow_ups": follow_ups,
            "today": timezone.localdate(),
        },
    )
