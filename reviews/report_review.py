"""The working group reviews the draft report online: officers issue numbered, frozen
versions; members read them, comment on parts, see what changed, and approve; the
chair signs the foreword.

Services (keyword-only, `report_<action>`) and the read helpers the views use. Who
may do what is written once, on the models (`Review.user_can_read_drafts`,
`ReportVersion.user_can_comment`/`user_can_approve`/`user_can_sign_foreword`,
`ReportComment.user_can_reply`/`user_can_resolve`).
"""

import difflib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from reviews.models import ReportApproval, ReportComment, ReportRead, ReportVersion, Review
from scrutiny.exceptions import TransitionNotAllowed

# --- services -------------------------------------------------------------------------


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
        last = review.report_versions.aggregate(last=Max("number"))["last"] or 0
        return ReportVersion.objects.create(
            review=review,
            number=last + 1,
            html=html,
            sections=sections,
            note=note,
            issued_by=user,
        )


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
    return ReportComment.objects.create(
        version=comment.version, anchor=comment.anchor, parent=comment, author=user, text=text
    )


def report_comment_resolve(*, comment, user):
    if not comment.user_can_resolve(user):
        raise PermissionDenied("Only the body's officers resolve comments.")
    comment.resolve(user=user)
    return comment


def report_record_read(*, version, user):
    """Remember that `user` opened `version` (the latest time only)."""
    ReportRead.objects.update_or_create(
        version=version, user=user, defaults={"read_at": timezone.now()}
    )


# --- reads ----------------------------------------------------------------------------


def versions_with_counts(review):
    """The review's versions, each with its open and resolved comment counts and its
    number of approvals."""
    top_level = Q(comments__parent__isnull=True)
    return review.report_versions.select_related("issued_by", "foreword_signed_by").annotate(
        open_comments=Count(
            "comments", filter=top_level & Q(comments__resolved_at__isnull=True), distinct=True
        ),
        resolved_comments=Count(
            "comments", filter=top_level & Q(comments__resolved_at__isnull=False), distinct=True
        ),
        approval_count=Count("approvals", distinct=True),
    )


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


def comment_threads(version, user):
    """{anchor: [top-level comments, each with `.thread_replies`, `.can_reply`,
    `.can_resolve`]} for the version, fetched in two queries."""
    comments = list(
        version.comments.select_related("author__person", "resolved_by__person").order_by(
            "created_at", "pk"
        )
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
            comment.can_reply = can_reply and not comment.is_resolved
            comment.can_resolve = can_resolve and not comment.is_resolved
            threads.setdefault(comment.anchor, []).append(comment)
    return threads


def display_name(user):
    """How a person is named beside their comment or approval."""
    if user is None:
        return "Someone no longer registered"
    person = getattr(user, "person", None)
    if person is not None:
        return person.formal_name
    return user.get_full_name() or user.get_username()


# --- comment links inside the frozen report -------------------------------------------

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _PartFinder(HTMLParser):
    """Finds where to put each part's comment link: just after the part's heading (the
    element with the part's id when that is a heading, else the first heading inside
    it), or just after the part's opening tag when it has no heading of its own."""

    def __init__(self, html, anchors):
        super().__init__(convert_charrefs=True)
        self.html = html
        self.anchors = set(anchors)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.positions = {}
        self.pending = None  # (anchor, offset after its opening tag)

    def _position(self):
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        anchor = dict(attrs).get("id")
        if anchor in self.anchors and anchor not in self.positions:
            self.settle_pending()
            start = self._position()
            self.pending = (anchor, start + len(self.get_starttag_text()))

    def handle_endtag(self, tag):
        if self.pending and tag in HEADINGS:
            end = self.html.index(">", self._position()) + 1
            self.positions[self.pending[0]] = end
            self.pending = None

    def settle_pending(self):
        if self.pending:
            self.positions[self.pending[0]] = self.pending[1]
            self.pending = None

    def find(self):
        self.feed(self.html)
        self.close()
        self.settle_pending()
        return self.positions


HEADING_TAG = re.compile(r"<(/?)h([1-6])(?=[\s>])", re.IGNORECASE)


def under_page_heading(html):
    """The report's headings one level down (h1 → h2 … h5 → h6), so that inside a page
    with its own h1 the outline stays whole."""
    # Only tag names change, so HTML that was safe stays safe.
    return mark_safe(HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 1, 6)}", html))


def anchors_in(html, anchors):
    """The anchors that are an element's id in `html` (a part may have no element of its
    own, such as the cover)."""
    return set(_PartFinder(html, anchors).find())


def part_noun(anchor):
    for prefix, noun in (("recommendation-", "recommendation"), ("appendix-", "appendix")):
        if anchor.startswith(prefix):
            return noun
    return "section"


def with_part_links(html, parts):
    """The frozen report HTML with a line of links after each part's heading.

    `parts` maps an anchor to (comment URL or None, comments URL, number of comments).
    The report HTML is the app's own output, rendered from sanitised sources when the
    version was issued; the links are built here with escaping.
    """
    positions = _PartFinder(html, parts).find()
    insertions = []
    for anchor, offset in positions.items():
        comment_url, comments_url, count, title = parts[anchor]
        links = []
        if comment_url:
            links.append(
                format_html(
                    '<a class="govuk-link" href="{}">Comment on this {}'
                    '<span class="govuk-visually-hidden"> ({})</span></a>',
                    comment_url,
                    part_noun(anchor),
                    title,
                )
            )
        if count:
            links.append(
                format_html(
                    '<a class="govuk-link" href="{}">{} comment{}'
                    '<span class="govuk-visually-hidden"> on {}</span></a>',
                    comments_url,
                    count,
                    "" if count == 1 else "s",
                    title,
                )
            )
        if links:
            insertions.append(
                (
                    offset,
                    '<p class="govuk-body-s app-report-part-links">' + " · ".join(links) + "</p>",
                )
            )
    for offset, snippet in sorted(insertions, reverse=True):
        html = html[:offset] + snippet + html[offset:]
    # Our own rendered report plus escaped links (see the docstring).
    return mark_safe(html)


# --- what changed between two versions ------------------------------------------------


@dataclass
class PartChange:
    anchor: str
    title: str
    status: str  # "changed", "added" or "removed"
    old_title: str = ""
    # {"html": the paragraph with its changes marked} or {"unchanged": n paragraphs}
    paragraphs: list = field(default_factory=list)


TOKENS = re.compile(r"\s+|\w+|[^\w\s]")
# Below this similarity two paragraphs are shown as one removed and one added, rather
# than as a word-by-word mix that nobody could read.
PAIRING_RATIO = 0.4


def _removed(text):
    return format_html(
        '<del class="app-diff__removed"><span class="govuk-visually-hidden">Removed: </span>'
        "{}</del>",
        text,
    )


def _added(text):
    return format_html(
        '<ins class="app-diff__added"><span class="govuk-visually-hidden">Added: </span>{}</ins>',
        text,
    )


# An unchanged run of this many words or fewer between two changes is folded into
# them, so a rewritten phrase reads as old phrase then new phrase, not as a patchwork.
SHORT_RUN = 2


def words_diff(old, new):
    """One paragraph's changes word by word, as HTML with <ins> and <del>."""
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    runs = [
        [op == "equal", a[i1:i2], b[j1:j2]]
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    ]
    for k in range(1, len(runs) - 1):
        equal, tokens, _ = runs[k]
        short = sum(1 for t in tokens if not t.isspace()) <= SHORT_RUN
        if equal and short and not runs[k - 1][0] and not runs[k + 1][0]:
            runs[k][0] = False
    merged = []
    for run in runs:
        if merged and not run[0] and not merged[-1][0]:
            merged[-1][1] += run[1]
            merged[-1][2] += run[2]
        else:
            merged.append(run)
    out = []
    for equal, before, after in merged:
        if equal:
            out.append(escape("".join(before)))
            continue
        if before:
            out.append(_removed("".join(before)))
        if after:
            out.append(_added("".join(after)))
    return SafeString("".join(out))


def _paragraphs(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def paragraphs_diff(old_text, new_text):
    """The changed paragraphs of a part, each as HTML; runs of unchanged paragraphs
    become their count."""
    a, b = _paragraphs(old_text), _paragraphs(new_text)
    out = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append({"unchanged": i2 - i1})
            continue
        old, new = a[i1:i2], b[j1:j2]
        for k in range(max(len(old), len(new))):
            before = old[k] if k < len(old) else None
            after = new[k] if k < len(new) else None
            if before is None:
                out.append({"html": _added(after)})
            elif after is None:
                out.append({"html": _removed(before)})
            elif difflib.SequenceMatcher(None, before, after).ratio() >= PAIRING_RATIO:
                out.append({"html": words_diff(before, after)})
            else:
                out.append({"html": _removed(before)})
                out.append({"html": _added(after)})
    return out


def sections_diff(old_version, new_version):
    """The parts that differ between two versions, in the newer version's order, then
    the parts the newer version no longer has."""
    old_parts = old_version.sections
    changes = []
    for anchor, part in ordered_sections(new_version):
        before = old_parts.get(anchor)
        if before is None:
            changes.append(
                PartChange(
                    anchor, part["title"], "added", paragraphs=paragraphs_diff("", part["text"])
                )
            )
        elif before["text"] != part["text"] or before["title"] != part["title"]:
            changes.append(
                PartChange(
                    anchor,
                    part["title"],
                    "changed",
                    old_title=before["title"] if before["title"] != part["title"] else "",
                    paragraphs=paragraphs_diff(before["text"], part["text"]),
                )
            )
    for anchor, part in ordered_sections(old_version):
        if anchor not in new_version.sections:
            changes.append(
                PartChange(
                    anchor, part["title"], "removed", paragraphs=paragraphs_diff(part["text"], "")
                )
            )
    return changes
