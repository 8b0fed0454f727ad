"""What a review's pages show of its recommendations: the navigation entry, the
progress task and the history source, registered with `reviews` at start-up."""

from django.urls import reverse_lazy

from recommendations.models import Recommendation
from reviews import history, navigation, progress


def recommendations_task(review):
    n = review.n_recommendations
    return progress.Task(
        "Recommendations",
        reverse_lazy("recommendations:list", kwargs={"slug": review.slug}),
        progress.task_status(n, False) if review.n_conclusions or n else progress.CANNOT_START,
        progress.plural(n, "recommendation"),
    )


def register_with_reviews():
    navigation.register_section(
        "Recommendations", "recommendations:list", {"list"}, before="Report"
    )
    progress.register_task(
        recommendations_task, n_recommendations=lambda: Recommendation.objects.all()
    )
    history.register_source("recommendations.Recommendation")
    history.register_source("recommendations.FollowUp")
    # The Commissioner's responses and the panel's assessments are changes to the
    # review too: found through their recommendation and follow-up.
    history.register_nested(
        "recommendations.Response", "recommendation_id", "recommendations.Recommendation"
    )
    history.register_nested(
        "recommendations.FollowUpAssessment", "follow_up_id", "recommendations.FollowUp"
    )
