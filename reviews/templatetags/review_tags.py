from django import template
from django.urls import reverse

from reviews.report import money

register = template.Library()

# (label, URL name, URL names that count as inside the section[, the Review method
# that says whether the user may see it])
SECTIONS = [
    ("Overview", "reviews:detail", {"detail"}),
    ("Scope", "reviews:scope", {"scope", "scope_edit", "keyline_add", "keyline_edit"}),
    ("Timetable", "reviews:timetable", {"timetable", "milestone_add", "variation_add"}),
    ("Working group", "reviews:working_group", {"working_group", "member_add", "member_edit"}),
    ("Meetings", "reviews:meetings", {"meetings", "meeting_add", "meeting_detail"}),
    ("Evidence", "reviews:evidence", {"evidence", "evidence_add", "evidence_detail"}),
    ("Findings and conclusions", "reviews:findings", {"findings"}),
    ("Recommendations", "recommendations:list", {"list"}),
    (
        "Report",
        "reviews:report",
        {
            "report",
            "report_online",
            "report_section_write",
            "report_section_add",
            "report_section_edit",
            "report_pdf",
            "report_pdf_status",
            "report_agree",
            "report_present",
            "report_publish",
        },
    ),
    (
        "Draft report",
        "reviews:report_draft",
        {
            "report_draft",
            "report_version",
            "report_versions",
            "report_issue",
            "report_comment",
            "report_comment_reply",
            "report_diff",
        },
        "user_can_read_drafts",
    ),
    ("History of changes", "reviews:history", {"history"}),
]


@register.simple_tag(takes_context=True)
def review_sections(context, review):
    match = context["request"].resolver_match
    current = match.url_name if match else None
    user = context["request"].user
    return [
        {
            "label": label,
            "url": reverse(name, kwargs={"slug": review.slug}),
            "current": current in names and match.namespace == name.split(":")[0],
        }
        for label, name, names, *rule in SECTIONS
        if not rule or getattr(review, rule[0])(user)
    ]


@register.filter
def index(container, key):
    """`list|index:0` or `dict|index:"name"` in templates."""
    try:
        return container[key]
    except (IndexError, KeyError, TypeError):
        return ""


register.filter("money", money)


@register.filter
def progress(review):
    """The review's task list (needs a review annotated by `with_progress_counts`)."""
    from reviews.progress import review_tasks

    return review_tasks(review)
