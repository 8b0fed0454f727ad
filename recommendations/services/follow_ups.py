"""The follow-up: each recommendation's row, and the Commissioner's progress
update on it."""

from recommendations.models import FollowUpAssessment
from scrutiny.exceptions import TransitionNotAllowed


def follow_up_row(*, follow_up, recommendation) -> FollowUpAssessment:
    """The follow-up's row for a recommendation (unsaved if there is none yet)."""
    return FollowUpAssessment.objects.filter(
        follow_up=follow_up, recommendation=recommendation
    ).first() or FollowUpAssessment(follow_up=follow_up, recommendation=recommendation)


def follow_up_record_progress(*, follow_up, recommendation, text, user) -> FollowUpAssessment:
    """Record the Commissioner's progress update on one recommendation."""
    if not follow_up.user_can_record_progress(user, recommendation):
        raise TransitionNotAllowed("This follow-up is not open for progress updates.")
    row = follow_up_row(follow_up=follow_up, recommendation=recommendation)
    row.progress_update = text
    row.full_clean()
    row.save()
    return row
