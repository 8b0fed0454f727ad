"""The report, assembled from the review's data and its authored prose.

`assemble_report(review)` builds a plain structure of the whole report in printed
order (cover, contents, Chair's foreword, acknowledgements, the nine numbered
sections, lettered appendices). What people wrote is printed as they wrote it (see
`sections`); `starting_drafts` generates Markdown from the records for an officer to
start a section from, and is never printed itself. One set of partials renders it
(`templates/report/_*.html`): the online pages and the print skeleton behind the PDF
both include them. `render_report_body` is the body HTML that a version freezes and
`report_sections_text` its plain text, part by part, for comments and diffs.

Every part has a stable `anchor` (`foreword`, `section-3`, `recommendation-2`,
`appendix-b`) used for links, page numbers in the contents, comments and diffs.

The reviews app may not import recommendations: recommendations are reached through
the reverse relation `review.recommendations`.

The package's modules: `content` (the dataclasses), `blocks` (small builders and
formatters), `context` (what the part builders share), `sections` (the foreword,
the acknowledgements and the numbered sections, as authored), `starting_drafts`,
`appendices`, and `assemble` (loading the review and putting the
report together). Callers import from here.
"""

from reviews.report.assemble import (
    assemble_report,
    contents_from_sections,
    render_report_body,
    report_sections_text,
)
from reviews.report.blocks import (
    join_names,
    long_date,
    markdown_blocks,
    money,
)
from reviews.report.content import (
    Appendix,
    Block,
    ContentsEntry,
    Cover,
    Part,
    RecommendationItem,
    Report,
    Table,
)

__all__ = [
    "Appendix",
    "Block",
    "ContentsEntry",
    "Cover",
    "Part",
    "RecommendationItem",
    "Report",
    "Table",
    "assemble_report",
    "contents_from_sections",
    "join_names",
    "long_date",
    "markdown_blocks",
    "money",
    "render_report_body",
    "report_sections_text",
]
