"""Putting the report together: load the review once, build its parts in printed
order, add the contents; and the body HTML and plain text that callers store."""

from django.db.models import Prefetch
from django.template.loader import render_to_string

from reviews.models import Evidence, Meeting, Review, Witness, WorkingGroupMember
from reviews.report import sections
from reviews.report.appendices import lettered_appendices
from reviews.report.blocks import long_date
from reviews.report.content import ContentsEntry, Cover, Report
from reviews.report.context import report_context


def _load(review):
    """Everything the report needs, in a fixed number of queries."""
    review = (
        Review.objects.select_related("body", "body__scrutinised_office")
        .prefetch_related(
            "key_lines",
            "milestones",
            "findings",
            "conclusions",
            "sections",
            Prefetch(
                "working_group",
                queryset=WorkingGroupMember.objects.select_related("person"),
            ),
            Prefetch(
                "meetings",
                queryset=Meeting.objects.prefetch_related(
                    Prefetch(
                        "witnesses",
                        queryset=Witness.objects.select_related(
                            "person", "person__organisation", "organisation"
                        ),
                    )
                ),
            ),
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related(
                    "questionset", "callforevidence", "dataset"
                ).defer("search_document"),
            ),
            "recommendations",
            "recommendations__addressee_links__responding_body",
        )
        .get(pk=review.pk)
    )
    return review


def _cover(review, final):
    date_line = ""
    if final and review.agreed_on:
        agreed = review.agreed_on
        on = "on" if getattr(agreed, "day", None) else "in"  # "in July 2017"
        date_line = f"Agreed by the {review.body.name} {on} {long_date(agreed)}"
    return Cover(
        body=review.body.name,
        working_group=review.working_group_name,
        title=review.title,
        status="Final Report" if final else "Draft Report",
        date_line=date_line,
    )


def assemble_report(review, *, final=None):
    """The whole report as plain data, in printed order. `final` defaults to whether
    the Panel has agreed the report."""
    review = _load(review)
    final = review.is_agreed if final is None else final
    context = report_context(review, final=final)
    foreword = sections.foreword(review, context)
    foreword.signature = sections.chair_signature(review, context)
    report = Report(
        slug=review.slug,
        is_draft=not final,
        cover=_cover(review, final),
        foreword=foreword,
        acknowledgements=sections.acknowledgements(review, context),
        report_heading=f"{review.body.name} Report of the {review.working_group_name}",
        sections=sections.numbered_sections(review, context),
        appendices=lettered_appendices(review),
    )
    report.contents = _contents(report)
    return report


def _contents(report):
    # A part with nothing written (only possible in a final report) is left out.
    entries = []
    if report.foreword.blocks:
        entries.append(ContentsEntry(report.foreword.anchor, report.foreword.title))
    if report.acknowledgements.blocks:
        entries.append(ContentsEntry(report.acknowledgements.anchor, report.acknowledgements.title))
    entries.append(ContentsEntry("report", "Report including recommendations"))
    entries += [ContentsEntry(s.anchor, s.heading, level=2) for s in report.sections]
    if report.appendices:
        entries.append(ContentsEntry("appendices", "Appendices"))
        entries += [ContentsEntry(a.anchor, a.heading, level=2) for a in report.appendices]
    return entries


def contents_from_sections(sections):
    """Contents entries for a frozen version, from its `sections` ({anchor: {title,
    text}}): what a published page shows beside the frozen body."""
    entries, seen_section, seen_appendix = [], False, False
    for anchor, part in sections.items():
        if anchor == "cover" or anchor.startswith("recommendation-"):
            continue
        if anchor.startswith("section-"):
            if not seen_section:
                entries.append(ContentsEntry("report", "Report including recommendations"))
                seen_section = True
            entries.append(ContentsEntry(anchor, part["title"], level=2))
        elif anchor.startswith("appendix-"):
            if not seen_appendix:
                entries.append(ContentsEntry("appendices", "Appendices"))
                seen_appendix = True
            entries.append(ContentsEntry(anchor, part["title"], level=2))
        elif anchor in ("foreword", "acknowledgements"):
            entries.append(ContentsEntry(anchor, part["title"]))
        else:
            entries.append(ContentsEntry(anchor, part["title"], level=2))
    return entries


def render_report_body(review, *, final=None, report=None):
    """The report body as HTML, from the shared partials: what a version freezes and
    what the online page and the print skeleton show."""
    report = report or assemble_report(review, final=final)
    return render_to_string("report/_body.html", {"report": report})


def report_sections_text(review, *, final=None, report=None):
    """{anchor: {"title": str, "text": str}} for every part, in printed order."""
    report = report or assemble_report(review, final=final)
    return {anchor: {"title": title, "text": text} for anchor, title, text in report.text_parts()}
