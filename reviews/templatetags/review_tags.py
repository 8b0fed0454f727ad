from decimal import Decimal, InvalidOperation

from django import template
from django.urls import reverse

register = template.Library()

# (label, URL name, URL names that count as inside the section)
SECTIONS = [
    ("Overview", "reviews:detail", {"detail"}),
    ("Scope", "reviews:scope", {"scope", "scope_edit", "keyline_add", "keyline_edit"}),
    ("Timetable", "reviews:timetable", {"timetable", "milestone_add", "variation_add"}),
    ("Working group", "reviews:working_group", {"working_group", "member_add", "member_edit"}),
    ("Meetings", "reviews:meetings", {"meetings", "meeting_add", "meeting_detail"}),
    ("Evidence", "reviews:evidence", {"evidence", "evidence_add", "evidence_detail"}),
    ("Findings and conclusions", "reviews:findings", {"findings"}),
    ("Recommendations", "recommendations:list", {"list"}),
    ("History of changes", "reviews:history", {"history"}),
]


@register.simple_tag(takes_context=True)
def review_sections(context, review):
    match = context["request"].resolver_match
    current = match.url_name if match else None
    return [
        {
            "label": label,
            "url": reverse(name, kwargs={"slug": review.slug}),
            "current": current in names and match.namespace == name.split(":")[0],
        }
        for label, name, names in SECTIONS
    ]


@register.filter
def index(container, key):
    """`list|index:0` or `dict|index:"name"` in templates."""
    try:
        return container[key]
    except (IndexError, KeyError, TypeError):
        return ""


@register.filter
def money(value):
    """£1,234.50 from a number or a numeric string; anything else unchanged."""
    try:
        return f"£{Decimal(str(value)):,.2f}"
    except (InvalidOperation, ValueError):
        return value
