"""The Chair's foreword and its parts, the acknowledgements, and the numbered
sections, built from the review's data and its authored prose."""

from reviews.models import Evidence, Meeting, ReportSection, WorkingGroupMember
from reviews.report.blocks import (
    join_names,
    long_date,
    markdown_blocks,
    number_paragraphs,
    paragraph,
)
from reviews.report.content import (
    Block,
    Contributor,
    ContributorGroup,
    Part,
    RecommendationItem,
)

# The numbered sections of the genre, in order, and the authored section that fills
# each (None: built from data).
SECTION_TITLES = [
    (1, "Purposes and Rationale", None),
    (2, "Key Lines of Enquiry", None),
    (3, "Context and Background", ReportSection.Kind.CONTEXT),
    (4, "Panel Role", ReportSection.Kind.PANEL_ROLE),
    (5, "Methodology and Evidence Collection", ReportSection.Kind.METHODOLOGY),
    (6, "Report Background", ReportSection.Kind.BACKGROUND),
    (7, "Core Questions", ReportSection.Kind.CORE_QUESTIONS),
    (8, "Conclusions and Key Findings", None),
    (9, "Recommendations and Reasons", ReportSection.Kind.RECOMMENDATIONS_INTRO),
]

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


def _sections_by_kind(review):
    by_kind, others = {}, []
    for section in review.sections.all():
        if section.kind == ReportSection.Kind.OTHER:
            others.append(section)
        else:
            by_kind[section.kind] = section
    return by_kind, others


def _chair(review):
    return next(
        (m for m in review.working_group.all() if m.role == WorkingGroupMember.GroupRole.CHAIR),
        None,
    )


def _membership_sentence(members):
    """ "Councillors A, B and C; and the Independent Co-opted Members D and E"."""
    councillors = [m for m in members if m.person.honorific.lower() == "councillor"]
    others = [m for m in members if m not in councillors]
    phrases = []
    if councillors:
        names = [m.person.full_name for m in councillors]
        label = "Councillors" if len(names) > 1 else "Councillor"
        phrases.append(f"{label} {join_names(names)}")
    if others:
        names = [m.person.full_name for m in others]
        co_opted = all(
            m.role
            in (WorkingGroupMember.GroupRole.CO_OPTED, WorkingGroupMember.GroupRole.DRAFT_REVIEWER)
            for m in others
        )
        if co_opted:
            label = (
                "Independent Co-opted Members" if len(names) > 1 else "Independent Co-opted Member"
            )
            phrases.append(f"the {label} {join_names(names)}")
        else:
            phrases.append(join_names(m.person.formal_name for m in others))
    return phrases


def _foreword(review, sections, final):
    section = sections.get(ReportSection.Kind.FOREWORD)
    blocks = markdown_blocks(section.body) if section else []
    if not blocks and not final:
        blocks = [Block("placeholder", html=NOT_WRITTEN)]
    return Part(anchor="foreword", title="Chair's Foreword", blocks=blocks)


def _key_objectives(review):
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


def _calls(review):
    return [e.callforevidence for e in review.evidence.all() if e.kind == Evidence.Kind.CALL]


def _call_sentence(call):
    sentence = (
        f"On {long_date(call.published_on)} the working group invited views through "
        f"{call.channel}, with a closing date of {long_date(call.closes_on)}."
    )
    if call.responses_received is not None:
        count = call.responses_received
        if count == 0:
            sentence += " No responses were received."
        elif count == 1:
            sentence += " One response was received."
        else:
            sentence += f" {count} responses were received."
    return sentence


def _meetings_narrative(review):
    """What the working group did, in date order: its meetings (their notes, or their
    purpose) and its calls for evidence."""
    events = []
    for meeting in review.meetings.all():
        if meeting.kind != Meeting.Kind.WORKING_GROUP:
            continue
        if meeting.notes.strip():
            blocks = markdown_blocks(meeting.notes)
        elif meeting.purpose.strip():
            blocks = [
                paragraph(f"On {long_date(meeting.date)} the working group met. {meeting.purpose}")
            ]
        else:
            blocks = [paragraph(f"The working group met on {long_date(meeting.date)}.")]
        events.append((meeting.date, 0, blocks))
    for call in _calls(review):
        events.append((call.published_on, 1, [paragraph(_call_sentence(call))]))
    if not events:
        return None
    events.sort(key=lambda event: (event[0], event[1]))
    return Part(
        anchor="meetings",
        title="How the working group gathered evidence",
        level=3,
        blocks=[block for _, _, blocks in events for block in blocks],
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


def _recommendation_items(review):
    return [
        RecommendationItem(
            number=r.number,
            reason=r.reason,
            text=r.text,
            addressee=r.get_addressee_display(),
        )
        for r in sorted(review.recommendations.all(), key=lambda r: r.number)
    ]


def _summary_recommendations(review, items):
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


def _acknowledgements(review, sections):
    chair = _chair(review)
    others = [m for m in review.working_group.all() if m is not chair]
    blocks = [paragraph("Acknowledgements to all those who took part in the review:")]
    phrases = _membership_sentence(others)
    if phrases:
        blocks.append(
            Block("list", items=[f"{', and '.join(phrases)}, who served on the working group."])
        )
    section = sections.get(ReportSection.Kind.ACKNOWLEDGEMENTS)
    return Part(
        anchor="acknowledgements",
        title="Acknowledgements",
        blocks=blocks,
        contributor_groups=_contributors(review),
        trailing_blocks=markdown_blocks(section.body) if section else [],
    )


def _working_group_paragraph(review):
    members = list(review.working_group.all())
    if not members:
        return None
    chair = _chair(review)
    phrases = []
    if chair:
        phrases.append(f"{chair.person.formal_name} (Chair)")
    phrases += _membership_sentence([m for m in members if m is not chair])
    listed = "; ".join(phrases[:-1]) + ("; and " if len(phrases) > 1 else "") + phrases[-1]
    return paragraph(f"The working group comprised {listed}.", numbered=True)


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
            lines.append(_call_sentence(e.callforevidence))
        elif e.kind in (Evidence.Kind.DOCUMENT, Evidence.Kind.DATA):
            lines.append(f"{e.get_kind_display()}: {e.title}.")
    if not lines:
        return []
    return [paragraph("Evidence was gathered from:", numbered=True), Block("list", items=lines)]


def _sections(review, sections, others, recommendations, final):
    """The nine numbered sections, then any other authored section as 10, 11 …"""
    extra = {}
    unmatched = []
    titles = {title.lower(): number for number, title, _ in SECTION_TITLES}
    for other in others:
        number = titles.get((other.title or "").strip().lower())
        if number:
            extra.setdefault(number, []).append(other)
        else:
            unmatched.append(other)

    parts = []
    for number, title, kind in SECTION_TITLES:
        blocks = []
        if number == 1:
            if review.purpose.strip():
                blocks.append(paragraph("The purpose of the scrutiny review was:", numbered=True))
                blocks.append(paragraph(review.purpose, css_class="report-quote"))
            if review.rationale.strip():
                blocks += markdown_blocks(review.rationale)
        elif number == 2:
            key_lines = [k.text for k in review.key_lines.all()]
            if key_lines:
                blocks.append(Block("list", items=key_lines))
        elif number == 8:
            conclusions = [c.text for c in review.conclusions.all()]
            if conclusions:
                blocks.append(
                    paragraph(
                        "After all of the evidence was collated, the following conclusions "
                        "were drawn:",
                        numbered=True,
                    )
                )
                blocks.append(Block("list", items=conclusions))
        if kind and kind in sections:
            blocks += markdown_blocks(sections[kind].body, numbered=True)
        for other in extra.get(number, []):
            blocks += markdown_blocks(other.body, numbered=True)
        if number == 3:
            members = _working_group_paragraph(review)
            if members:
                blocks.append(members)
        if number == 5 and not blocks:
            blocks = _evidence_summary(review)
        part = Part(
            anchor=f"section-{number}",
            title=title,
            level=3,
            number=number,
            blocks=number_paragraphs(blocks, number),
            recommendations=recommendations if number == 9 else [],
        )
        if not part.blocks and not part.recommendations and not final:
            part.blocks = [Block("placeholder", html=NOT_WRITTEN)]
        parts.append(part)

    for offset, other in enumerate(unmatched, start=len(SECTION_TITLES) + 1):
        parts.append(
            Part(
                anchor=f"section-{offset}",
                title=other.title or other.get_kind_display(),
                level=3,
                number=offset,
                blocks=number_paragraphs(markdown_blocks(other.body, numbered=True), offset),
            )
        )
    return parts
