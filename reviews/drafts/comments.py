"""Comments on a version's parts: adding one, replying, resolving, and the
threads a page shows."""

from django.core.exceptions import PermissionDenied

from reviews.models import ReportComment
from scrutiny.exceptions import TransitionNotAllowed


def report_comment_add(*, version, user, anchor, text):
    if not version.user_can_comment(user):
        raise PermissionDenied("Only members of the body comment on the current draft.")
    if anchor not in version.sections:
        raise ValueError(f"Version {version.number} has no part {anchor!r}.")
    return ReportComment.objects.create(version=version, anchor=anchor, author=user, text=text)


def report_comment_reply(*, comment, user, text):
    if not comment.user_can_reply(user):
        raise PermissionDenied("Only the body's officers and members reply to comments.")
    if comment.parent_id is not None:
        raise TransitionNotAllowed("Reply to the comment, not to a reply to it.")
    if comment.is_resolved:
        raise TransitionNotAllowed("This comment has been resolved.")
    if comment.is_carried_forward:
        raise TransitionNotAllowed(
            "This comment was carried to a later version: reply to it there."
        )
    return ReportComment.objects.create(
        version=comment.version, anchor=comment.anchor, parent=comment, author=user, text=text
    )


def report_comment_resolve(*, comment, user):
    if not comment.user_can_resolve(user):
        raise PermissionDenied("Only the body's officers resolve comments.")
    comment.resolve(user=user)
    return comment


def comment_threads(version, user):
    """{anchor: [top-level comments, each with `.thread_replies`, `.can_reply`,
    `.can_resolve`]} for the version, fetched in two queries."""
    comments = list(
        version.comments.select_related(
            "author__person",
            "resolved_by__person",
            "carried_from__version",
            "carried_to__version",
        ).order_by("created_at", "pk")
    )
    replies = {}
    for comment in comments:
        comment.version = version
        if comment.parent_id is not None:
            replies.setdefault(comment.parent_id, []).append(comment)
    # Who may reply and who may resolve depends on the version, not on the comment (see
    # the model's methods): ask once, not once per comment.
    any_comment = ReportComment(version=version)
    can_reply, can_resolve = any_comment.user_can_reply(user), any_comment.user_can_resolve(user)
    threads = {}
    for comment in comments:
        if comment.parent_id is None:
            comment.thread_replies = replies.get(comment.pk, [])
            still_here = not comment.is_resolved and not comment.is_carried_forward
            comment.can_reply = can_reply and still_here
            comment.can_resolve = can_resolve and still_here
            threads.setdefault(comment.anchor, []).append(comment)
    return threads
