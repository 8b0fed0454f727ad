"""The sections of a review's navigation. Apps above `reviews` add their own with
`register_section` from their AppConfig.ready(), so `reviews` never names them."""

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


def register_section(label, url_name, url_names, *rule, before):
    """Insert a section before the one labelled `before`."""
    index = next(i for i, section in enumerate(SECTIONS) if section[0] == before)
    SECTIONS.insert(index, (label, url_name, set(url_names), *rule))
