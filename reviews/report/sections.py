"""The Chair's foreword, the acknowledgements and the numbered sections.

What people wrote is printed as they wrote it: the foreword, the acknowledgements
and every numbered section's prose are the review's authored Markdown
(`ReportSection`), never regenerated, reordered or reworded here. The data the
genre prints as it is stored — the key lines of enquiry in section 2, the
conclusions in section 8, the recommendations in section 9 — follow the authored
text of their section. A starting draft generated from the records is offered on
each section's edit page (`reviews.report.starting_drafts`); only what the officer
saves is printed.

Numbering follows the author: a paragraph that starts with a number such as "9.1 "
prints with that number; any other paragraph prints unnumbered.

Each part is built by a function `(review, context) -> Part`, `context` being the
report's `ReportContext`. `NUMBERED_SECTIONS` lists the sections in printed order;
a section takes its number from its place among those printed.
"""

from reviews.models import ReportSection
from reviews.report.blocks import markdown_blocks
from reviews.report.content import Block, Part, Signature

NOT_WRITTEN = "This section has not been written yet."

# The titles of the numbered sections, in printed order, and the kind of authored
# section that holds each one's text (None: an "other" section with that title).
NUMBERED_SECTIONS = [
    ("Purposes and Rationale", None),
    ("Key Lines of Enquiry", None),
    ("Context and Background", ReportSection.Kind.CONTEXT),
    ("Panel Role", ReportSection.Kind.PANEL_ROLE),
    ("Methodology and Evidence Collection", ReportSection.Kind.METHODOLOGY),
    ("Report Background", ReportSection.Kind.BACKGROUND),
    ("Core Questions", ReportSection.Kind.CORE_QUESTIONS),
    ("Conclusions and Key Findings", None),
    ("Recommendations and Reasons", ReportSection.Kind.RECOMMENDATIONS_INTRO),
]


def _placeholder():
    return Block("placeholder", html=NOT_WRITTEN)


def section_title(kind):
    """The numbered section's title that a section of `kind` is printed under."""
    return next((title for title, k in NUMBERED_SECTIONS if k == kind), "")


def section_number(kind):
    """The number a section of `kind` prints with today (its place in the genre)."""
    titles = [title for title, _ in NUMBERED_SECTIONS]
    title = section_title(kind)
    return titles.index(title) + 1 if title else None


# --- the foreword and the acknowledgements ------------------------------------------


def foreword(review, context):
    section = context.authored.get(ReportSection.Kind.FOREWORD)
    blocks = markdown_blocks(section.body) if section else []
    if not blocks and not context.final:
        blocks = [_placeholder()]
    return Part(anchor="foreword", title="Chair's Foreword", blocks=blocks)


def chair_signature(review, context):
    chair = context.chair
    if not chair:
        return None
    return Signature(name=chair.person.formal_name, role=f"Chair, {review.working_group_name}")


def acknowledgements(review, context):
    """The acknowledgements as written. Their first line says what they are, so the
    part prints no heading of its own (the contents still link to it)."""
    section = context.authored.get(ReportSection.Kind.ACKNOWLEDGEMENTS)
    blocks = markdown_blocks(section.body) if section else []
    if not blocks and not context.final:
        blocks = [_placeholder()]
    return Part(anchor="acknowledgements", title="Acknowledgements", blocks=blocks, headed=False)


# --- the numbered sections ----------------------------------------------------------


def _title_key(section):
    return (section.title or "").strip().lower()


def _authored(context, title, kind=None):
    """Blocks from the authored section of `kind`, then from any "other" section
    titled as this numbered section, which adds to it."""
    sections = [context.authored[kind]] if kind in context.authored else []
    sections += [s for s in context.others if _title_key(s) == title.lower()]
    return [block for s in sections for block in markdown_blocks(s.body, numbered=True)]


def _numbered_section(review, context, title, kind):
    blocks = []
    if title == "Key Lines of Enquiry":
        key_lines = [k.text for k in review.key_lines.all()]
        blocks = [Block("list", items=key_lines)] if key_lines else []
    blocks += _authored(context, title, kind)
    if title == "Conclusions and Key Findings":
        conclusions = [c.text for c in review.conclusions.all()]
        if conclusions:
            blocks.append(Block("list", items=conclusions))
    recommendations = context.recommendations if title == "Recommendations and Reasons" else []
    return Part(anchor="", title=title, level=3, blocks=blocks, recommendations=recommendations)


def _other_section(section):
    title = section.title or section.get_kind_display()
    return Part(
        anchor="", title=title, level=3, blocks=markdown_blocks(section.body, numbered=True)
    )


def numbered_sections(review, context):
    """The numbered sections, then any other authored section that none of them took.
    An empty section says so in a draft and is left out of the final report, the
    numbers closing up: never a bare heading."""
    parts = [_numbered_section(review, context, title, kind) for title, kind in NUMBERED_SECTIONS]
    taken = {part.title.lower() for part in parts}
    parts += [_other_section(other) for other in context.others if _title_key(other) not in taken]
    for part in parts:
        if not part.blocks and not part.recommendations and not context.final:
            part.blocks = [_placeholder()]
    parts = [part for part in parts if part.blocks or part.recommendations]
    for number, part in enumerate(parts, start=1):
        part.number = number
        part.anchor = f"section-{number}"
    return parts
