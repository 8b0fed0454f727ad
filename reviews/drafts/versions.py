"""Issuing numbered, frozen versions of the draft report, and what the pages
about versions read: comment and approval counts, who approved which version,
the last version a user read, the order of a version's parts."""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from reviews.models import ReportApproval, ReportComment, ReportRead, ReportVersion, Review
from scrutiny.exceptions import TransitionNotAllowed


def report_issue_version(*, review, user, note=""):
    """Freeze the report as it stands into the next numbered draft version.

    The body HTML and the plain text of each part are copied into the version, so
    later edits to the review never change what was issued. Each part's position is
    stored with it: PostgreSQL's jsonb does not keep the order of an object's keys.
    """
    from reviews.report import render_report_body, report_sections_text

    if not review.is_open_for_drafts:
        raise TransitionNotAllowed(
            "The final report has been agreed, so no more drafts can be issued."
        )
    html = render_report_body(review)
    sections = {
        anchor: {"title": part["title"], "text": part["text"], "position": position}
        for position, (anchor, part) in enumerate(report_sections_text(review).items(), start=1)
    }
    with transaction.atomic():
        # One issue at a time per review, so two officers cannot take the same number.
        Review.objects.select_for_update().filter(pk=review.pk).first()
        previous = review.report_versions.order_by("-number").first()
        version = ReportVersion.objects.create(
            review=review,
            number=(previous.number if previous else 0) + 1,
            html=html,
            sections=sections,
            note=note,
            issued_by=user,
        )
        if previous is not None:
            _carry_open_comments(previous=previous, version=version)
        return version


def _carry_open_comments(*, previous, version):
    """Copy `previous`'s open comments, with their replies, onto `version`, each linked
    to its original, so that members see them still open where they now read. A
    comment on a part the new version no longer has stays open where it was made."""
    comments = (
        previous.comments.open()
        .filter(anchor__in=list(version.sections))
        .prefetch_related("replies")
        .order_by("created_at", "pk")
    )
    for comment in comments:
        carried = ReportComment.objects.create(
            version=version,
            anchor=comment.anchor,
            author_id=comment.author_id,
            text=comment.text,
            created_at=comment.created_at,
            carried_from=comment,
        )
        ReportComment.objects.bulk_create(
            ReportComment(
                version=version,
                anchor=reply.anchor,
                parent=carried,
                author_id=reply.author_id,
                text=reply.text,
                created_at=reply.created_at,
            )
            for reply in comment.replies.order_by("created_at", "pk")
        )


def report_record_read(*, version, user):
    """Remember that `user` opened `version` (the latest time only)."""
    ReportRead.objects.update_or_create(
        version=version, user=user, defaults={"read_at": timezone.now()}
    )


def versions_with_counts(review):
    """The review's versions, each with its open and resolved comment counts and its
    number of approvals. A comment carried to a later version is counted open there,
    not on the version it was made on."""
    top_level = Q(comments__parent__isnull=True)
    still_here = Q(comments__carried_to__isnull=True)
    return review.report_versions.select_related(
        "issued_by__person", "foreword_signed_by__person"
    ).annotate(
        open_comments=Count(
            "comments",
            filter=top_level & still_here & Q(comments__resolved_at__isnull=True),
            distinct=True,
        ),
        resolved_comments=Count(
            "comments", filter=top_level & Q(comments__resolved_at__isnull=False), distinct=True
        ),
        approval_count=Count("approvals", distinct=True),
    )


def changed_since_read(*, version, user):
    """The earlier version `user` last read, when `version` is new to them: what the
    "Changed since you last read it" banner compares from. None once they have read
    or approved `version` (the banner has done its work), or never read an earlier
    one."""
    if version.reads.filter(user=user).exists():
        return None
    if version.approvals.filter(approved_by=user).exists():
        return None
    return last_read_before(version=version, user=user)


def last_read_before(*, version, user):
    """The latest earlier version `user` has read: what changed is shown from there."""
    return (
        version.review.report_versions.filter(number__lt=version.number, reads__user=user)
        .order_by("-number")
        .first()
    )


def ordered_sections(version):
    """[(anchor, part)] in the order the parts appear in the report: by the position
    stored when the version was issued, else by where each part's id first appears in
    the report HTML (versions frozen elsewhere may not store positions)."""
    parts = list(version.sections.items())
    if all("position" in part for _, part in parts):
        return sorted(parts, key=lambda item: item[1]["position"])

    def place(item):
        found = version.html.find(f'id="{item[0]}"')
        return found if found >= 0 else len(version.html)

    return sorted(parts, key=place)


def approval_table(review, versions):
    """Rows of the members × versions table: each approving member with, per version,
    their approval or None."""
    members = review.working_group.filter(role__in=ReportVersion.APPROVING_ROLES).select_related(
        "person"
    )
    approvals = {
        (a.member_id, a.version_id): a
        for a in ReportApproval.objects.filter(version__review=review)
    }
    return [
        {"member": member, "cells": [approvals.get((member.pk, v.pk)) for v in versions]}
        for member in members
    ]


def display_name(user):
    """How a person is named beside their comment or approval."""
    if user is None:
        return "Someone no longer registered"
    return user.display_name
