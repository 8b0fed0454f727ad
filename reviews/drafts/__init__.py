"""The working group reviews the draft report online: officers issue numbered, frozen
versions; members read them, comment on parts, see what changed, and approve; the
chair signs the foreword.

Services (keyword-only, `report_<action>`) and the read helpers the views use. Who
may do what is written once, on the models (`Review.user_can_read_drafts`,
`ReportVersion.user_can_comment`/`user_can_approve`/`user_can_sign_foreword`,
`ReportComment.user_can_reply`/`user_can_resolve`).

`versions` issues versions and reads about them, `comments` takes comments,
`part_links` puts the comment links into a version's HTML, `diff` compares two
versions. Every name is importable from `reviews.drafts`.
"""

from reviews.drafts.comments import (
    comment_threads,
    report_comment_add,
    report_comment_reply,
    report_comment_resolve,
)
from reviews.drafts.diff import PartChange, paragraphs_diff, sections_diff, words_diff
from reviews.drafts.part_links import anchors_in, part_noun, under_page_heading, with_part_links
from reviews.drafts.versions import (
    approval_table,
    changed_since_read,
    display_name,
    last_read_before,
    ordered_sections,
    report_issue_version,
    report_record_read,
    versions_with_counts,
)

__all__ = [
    "PartChange",
    "anchors_in",
    "approval_table",
    "changed_since_read",
    "comment_threads",
    "display_name",
    "last_read_before",
    "ordered_sections",
    "paragraphs_diff",
    "part_noun",
    "report_comment_add",
    "report_comment_reply",
    "report_comment_resolve",
    "report_issue_version",
    "report_record_read",
    "sections_diff",
    "under_page_heading",
    "versions_with_counts",
    "with_part_links",
    "words_diff",
]
