"""Putting a review's recommendations in order."""

from django.db import transaction

from recommendations.models import Recommendation


@transaction.atomic
def recommendation_move(*, recommendation, direction):
    """Swap numbers with the neighbouring recommendation. Numbers are unique per
    review, so the swap parks one of them on a free number first."""
    siblings = recommendation.review.recommendations.select_for_update().order_by("number")
    if direction == "up":
        neighbour = siblings.filter(number__lt=recommendation.number).last()
    else:
        neighbour = siblings.filter(number__gt=recommendation.number).first()
    if neighbour is None:
        return False
    mine, theirs = recommendation.number, neighbour.number
    parked = (siblings.last().number or 0) + 1
    Recommendation.objects.filter(pk=neighbour.pk).update(number=parked)
    recommendation.number = theirs
    recommendation.save(update_fields=["number"])
    neighbour.number = mine
    neighbour.save(update_fields=["number"])
    return True
