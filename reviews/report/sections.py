"""The Chair's foreword and its parts, the acknowledgements, and the numbered
sections, built from the review's data and its authored prose.

Each part is built by a function `(review, context) -> Part | None`, `context` being
the report's `ReportContext`; None leaves the part out. `FOREWORD_PARTS` and
`NUMBERED_SECTIONS` list them in printed order, so adding, removing or moving a part
is a one-line change; a numbered section takes its number from its place in the list.
"""

import datetime

from reviews.models import Evidence, Meeting, ReportSection
from reviews.report.blocks import (
    call_sentence,
    join_names,
    long_date,
    markdown_blocks,
    membership_sentence,
    number_paragraphs,
    paragraph,
)
from reviews.report.content import Block, Contributor, ContributorGroup, Part, Signature

NOT_WRITTEN = "This section has not been written yet."

NUMBER_WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
}


def _placeholder():
    return Block("placeholder", html=NOT_WRITTEN)


# --- the foreword, its parts and the acknowledgements -------------------------------


def foreword(review, context):
    section = context.authored.get(ReportSection.Kind.FOREWORD)
    blocks = markdown_blocks(section.body) if section else []
    if not blocks and not context.final:
        blocks = [_placeholder()]
    return Part(anchor="foreword", title="Chair's Foreword", blocks=blocks)


def key_objectives(review, context):
    key_lines = [k.text for k in review.key_lines.all()]
    if not key_lines:
        return None
    return Part(
        anchor="key-objectives",
        title="Key objectives",
        level=3,
        blocks=[
            paragraph("The key objectives identified for the working group were:"),
            Block("list", items=key_lines),
        ],
    )


def meetings_narrative(review, context):
    """What the working group did, in date order: its meetings (their notes, or their
    purpose) and its calls for evidence."""
    events = [
        (meeting.date, 0, _meeting_blocks(meeting))
        for meeting in review.meetings.all()
        if meeting.kind == Meeting.Kind.WORKING_GROUP
    ]
    for call in _calls(review):
        # A call known only to the month comes after that month's first; undated, last.
        when = call.published_on.first_day if call.published_on else datetime.date.max
        events.append((when, 1, [paragraph(call_sentence(call))]))
    if not events:
        return None
    events.sort(key=lambda event: (event[0], event[1]))
    return Part(
        anchor="meetings",
        title="How the working group gathered evidence",
        level=3,
        blocks=[block for _, _, blocks in events for block in blocks],
    )


def _meeting_blocks(meeting):
    if meeting.notes.strip():
        return markdown_blocks(meeting.notes)
    if meeting.purpose.strip():
        return [paragraph(f"On {long_date(meeting.date)} the working group met. {meeting.purpose}")]
    return [paragraph(f"The working group met on {long_date(meeting.date)}.")]


def _calls(review):
    return [e.callforevidence for e in review.evidence.all() if e.kind == Evidence.Kind.CALL]


def information_identified(review, context):
    return _list_part(
        "information-identified",
        "Information identified",
        "From these meetings the working group identified the following information:",
        [f.text for f in review.findings.all()],
    )


def conclusions_summary(review, context):
    return _list_part(
        "conclusions",
        "Conclusions",
        "During the course of the meetings, the working group drew the following conclusions:",
        [c.text for c in review.conclusions.all()],
    )


def _list_part(anchor, title, intro, items):
    if not items:
        return None
    return Part(
        anchor=anchor,
        title=title,
        level=3,
        blocks=[paragraph(intro), Block("list", items=items)],
    )


def recommendations_summary(review, context):
    items = context.recommendations
    if not items:
        return None
    count = len(items)
    words = NUMBER_WORDS.get(count, str(count))
    noun = "recommendation" if count == 1 else "recommendations"
    return Part(
        anchor="recommendations",
        title="Recommendations",
        level=3,
        blocks=[
            paragraph(
                f"The working group drew up {words} key {noun} for the consideration of "
                f"the {review.body.name}:"
            )
        ],
        recommendations=items,
        summary_recommendations=True,
    )


# The parts that follow the foreword, in printed order.
FOREWORD_PARTS = [
    key_objectives,
    meetings_narrative,
    information_identified,
    conclusions_summary,
    recommendations_summary,
]


def foreword_parts(review, context):
    return [part for build in FOREWORD_PARTS if (part := build(review, context))]


def chair_signature(review, context):
    chair = context.chair
    if not chair:
        return None
    return Signature(name=chair.person.formal_name, role=f"Chair, {review.working_group_name}")


def acknowledgements(review, context):
    others = [m for m in review.working_group.all() if m is not context.chair]
    blocks = [paragraph("Acknowledgements to all those who took part in the review:")]
    phrases = membership_sentence(others)
    if phrases:
        blocks.append(
            Block("list", items=[f"{', and '.join(phrases)}, who served on the working group."])
        )
    providers = context.submission_providers
    if providers:
        blocks.append(
            Block("list", items=[f"{join_names(providers)}, who sent written submissions."])
        )
    section = context.authored.get(ReportSection.Kind.ACKNOWLEDGEMENTS)
    return Part(
        anchor="acknowledgements",
        title="Acknowledgements",
        blocks=blocks,
        contributor_groups=_contributors(review),
        trailing_blocks=markdown_blocks(section.body) if section else [],
    )


def _contributors(review):
    """Witnesses, once each, grouped by organisation; people by family name."""
    seen, groups = set(), {}
    for meeting in review.meetings.all():
        for witness in meeting.witnesses.all():
            if witness.person_id in seen:
                continue
            seen.add(witness.person_id)
            organisation = witness.organisation or witness.person.organisation
            name = organisation.name if organisation else "Others who gave evidence"
            groups.setdefault(name, []).append(witness)
    return [
        ContributorGroup(
            organisation=name,
            people=[
                Contributor(name=w.person.full_name, job_title=w.job_title or w.person.job_title)
                for w in sorted(
                    witnesses, key=lambda w: (w.person.family_name, w.person.given_name)
                )
            ],
        )
        for name, witnesses in sorted(groups.items())
    ]


# --- the numbered sections ----------------------------------------------------------


def _section(title, blocks, **fields):
    """A numbered section before it has its number (see `numbered_sections`)."""
    return Part(anchor="", title=title, level=3, blocks=blocks, **fields)


def _title_key(section):
    return (section.title or "").strip().lower()


def _authored(context, title, kind=None):
    """Numbered blocks from the authored section of `kind`, then from any "other"
    section titled as this numbered section, which adds to it."""
    sections = [context.authored[kind]] if kind in context.authored else []
    sections += [s for s in context.others if _title_key(s) == title.lower()]
    return [block for s in sections for block in markdown_blocks(s.body, numbered=True)]


def purposes_and_rationale(review, context):
    title = "Purposes and Rationale"
    blocks = []
    if review.purpose.strip():
        blocks.append(paragraph("The purpose of the scrutiny review was:", numbered=True))
        blocks.append(paragraph(review.purpose, css_class="report-quote"))
    if review.rationale.strip():
        blocks += markdown_blocks(review.rationale)
    return _section(title, blocks + _authored(context, title))


def key_lines_of_enquiry(review, context):
    title = "Key Lines of Enquiry"
    key_lines = [k.text for k in review.key_lines.all()]
    blocks = [Block("list", items=key_lines)] if key_lines else []
    return _section(title, blocks + _authored(context, title))


def context_and_background(review, context):
    title = "Context and Background"
    blocks = _authored(context, title, ReportSection.Kind.CONTEXT)
    members = _working_group_paragraph(review, context.chair)
    if members:
        blocks.append(members)
    return _section(title, blocks)


def _working_group_paragraph(review, chair):
    members = list(review.working_group.all())
    if not members:
        return None
    phrases = []
    if chair:
        phrases.append(f"{chair.person.formal_name} (Chair)")
    phrases += membership_sentence([m for m in members if m is not chair])
    listed = "; ".join(phrases[:-1]) + ("; and " if len(phrases) > 1 else "") + phrases[-1]
    return paragraph(f"The working group comprised {listed}.", numbered=True)


def panel_role(review, context):
    title = "Panel Role"
    return _section(title, _authored(context, title, ReportSection.Kind.PANEL_ROLE))


def methodology_and_evidence_collection(review, context):
    title = "Methodology and Evidence Collection"
    blocks = _authored(context, title, ReportSection.Kind.METHODOLOGY)
    return _section(title, blocks or _evidence_summary(review))


def _evidence_summary(review):
    """Methodology from the evidence records, when no narrative has been written."""
    evidence = list(review.evidence.all())
    lines = []
    oral_meetings = {e.meeting_id for e in evidence if e.kind == Evidence.Kind.ORAL}
    if oral_meetings:
        n = len(oral_meetings)
        lines.append(f"Oral evidence heard at {n} meeting{'s' * (n != 1)} of the working group.")
    for e in evidence:
        if e.kind == Evidence.Kind.QUESTIONS:
            lines.append(f"Written questions: {e.title}.")
        elif e.kind == Evidence.Kind.CALL:
            lines.append(call_sentence(e.callforevidence))
        elif e.kind in (Evidence.Kind.DOCUMENT, Evidence.Kind.DATA):
            lines.append(f"{e.get_kind_display()}: {e.title}.")
    submissions = sum(e.kind == Evidence.Kind.WRITTEN for e in evidence)
    if submissions:
        lines.append(f"Written submissions: {submissions}.")
    if not lines:
        return []
    return [paragraph("Evidence was gathered from:", numbered=True), Block("list", items=lines)]


def report_background(review, context):
    title = "Report Background"
    return _section(title, _authored(context, title, ReportSection.Kind.BACKGROUND))


def core_questions(review, context):
    title = "Core Questions"
    return _section(title, _authored(context, title, ReportSection.Kind.CORE_QUESTIONS))


def conclusions_and_key_findings(review, context):
    title = "Conclusions and Key Findings"
    conclusions = [c.text for c in review.conclusions.all()]
    blocks = []
    if conclusions:
        blocks.append(
            paragraph(
                "After all of the evidence was collated, the following conclusions were drawn:",
                numbered=True,
            )
        )
        blocks.append(Block("list", items=conclusions))
    return _section(title, blocks + _authored(context, title))


def recommendations_and_reasons(review, context):
    title = "Recommendations and Reasons"
    blocks = _authored(context, title, ReportSection.Kind.RECOMMENDATIONS_INTRO)
    return _section(title, blocks, recommendations=context.recommendations)


# The numbered sections of the genre, in printed order: each is numbered by its place.
NUMBERED_SECTIONS = [
    purposes_and_rationale,
    key_lines_of_enquiry,
    context_and_background,
    panel_role,
    methodology_and_evidence_collection,
    report_background,
    core_questions,
    conclusions_and_key_findings,
    recommendations_and_reasons,
]


def _other_section(section):
    title = section.title or section.get_kind_display()
    return _section(title, markdown_blocks(section.body, numbered=True))


def numbered_sections(review, context):
    """The numbered sections, then any other authored section that none of them took,
    as 10, 11 …"""
    parts = [part for build in NUMBERED_SECTIONS if (part := build(review, context))]
    if not context.final:
        for part in parts:
            if not part.blocks and not part.recommendations:
                part.blocks = [_placeholder()]
    taken = {part.title.lower() for part in parts}
    parts += [_other_section(other) for other in context.others if _title_key(other) not in taken]
    for number, part in enumerate(parts, start=1):
        part.number = number
        part.anchor = f"section-{number}"
        number_paragraphs(part.blocks, number)
    return parts
