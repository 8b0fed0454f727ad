"""The report, assembled from the review's data and its authored prose.

`assemble_report(review)` builds a plain structure of the whole report in printed
order (cover, contents, Chair's foreword and its summary, acknowledgements, the nine
numbered sections, lettered appendices). One set of partials renders it
(`templates/report/_*.html`): the online pages and the print skeleton behind the PDF
both include them. `render_report_body` is the body HTML that a version freezes and
`report_sections_text` its plain text, part by part, for comments and diffs.

Every part has a stable `anchor` (`foreword`, `section-3`, `recommendation-2`,
`appendix-b`) used for links, page numbers in the contents, comments and diffs.

The reviews app may not import recommendations: recommendations are reached through
the reverse relation `review.recommendations`.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.html import escape

from reviews.markdown import html_to_text, render_markdown, split_blocks
from reviews.models import (
    DataTable,
    Evidence,
    Meeting,
    QuestionGroup,
    ReportSection,
    Review,
    Witness,
    WorkingGroupMember,
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

PARTNER_COLUMNS = ["partner", "how we work together"]
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


def long_date(value):
    return f"{value.day} {value:%B %Y}" if value else ""


def join_names(names):
    """ "A, B and C"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


# --- the structure ----------------------------------------------------------------


@dataclass
class Block:
    """A piece of a part. `kind` is "paragraph" (`html` is its content, `number` its
    paragraph number if it has one), "list" (`items`, plain text), "html" (a whole
    sanitised element from authored Markdown) or "placeholder" (drafts only)."""

    kind: str
    html: str = ""
    number: str = ""
    items: list[str] = field(default_factory=list)
    css_class: str = ""

    @property
    def anchor(self):
        return f"paragraph-{self.number.replace('.', '-')}" if self.number else ""

    @property
    def text(self):
        if self.kind == "list":
            return "\n".join(f"- {item}" for item in self.items)
        text = html_to_text(self.html if self.kind != "paragraph" else f"<p>{self.html}</p>")
        return f"{self.number} {text}" if self.number else text


@dataclass
class RecommendationItem:
    number: int
    reason: str
    text: str
    addressee: str = ""

    @property
    def anchor(self):
        return f"recommendation-{self.number}"

    @property
    def title(self):
        return f"Recommendation {self.number}"

    @property
    def plain_text(self):
        return f"{self.reason}\nRecommendation: {self.text}"


@dataclass
class Contributor:
    name: str
    job_title: str = ""


@dataclass
class ContributorGroup:
    organisation: str
    people: list[Contributor]


@dataclass
class Signature:
    name: str
    role: str


@dataclass
class Part:
    """A headed part of the report: a foreword part, a numbered section."""

    anchor: str
    title: str
    level: int = 2  # the heading level: 2 for top-level parts, 3 inside them
    number: int | None = None
    blocks: list[Block] = field(default_factory=list)
    recommendations: list[RecommendationItem] = field(default_factory=list)
    contributor_groups: list[ContributorGroup] = field(default_factory=list)
    summary_recommendations: bool = False  # the foreword's list (no headings of its own)
    trailing_blocks: list[Block] = field(default_factory=list)  # after the contributors
    signature: Signature | None = None

    @property
    def heading(self):
        return f"{self.number}. {self.title}" if self.number else self.title

    @property
    def text(self):
        parts = [block.text for block in self.blocks]
        if self.summary_recommendations:
            parts += [item.plain_text for item in self.recommendations]
        for group in self.contributor_groups:
            people = "\n".join(
                f"{p.name}, {p.job_title}" if p.job_title else p.name for p in group.people
            )
            parts.append(f"{group.organisation}:\n{people}")
        parts += [block.text for block in self.trailing_blocks]
        if self.signature:
            parts.append(f"{self.signature.name}\n{self.signature.role}")
        return "\n\n".join(part for part in parts if part)


@dataclass
class TableColumn:
    name: str
    numeric: bool = False


@dataclass
class Cell:
    text: str
    numeric: bool = False


@dataclass
class Table:
    title: str
    description: str
    columns: list[TableColumn]
    rows: list[list[Cell]]
    totals: list[Cell] = field(default_factory=list)  # one cell per column, or empty


@dataclass
class QuestionItem:
    text: str
    answer_html: str = ""


@dataclass
class QuestionGroupContent:
    heading: str
    how_we_work_together_html: str = ""
    questions: list[QuestionItem] = field(default_factory=list)

    @property
    def answered(self):
        return any(q.answer_html for q in self.questions)


@dataclass
class Milestone:
    description: str
    when: str
    actual: str = ""


@dataclass
class TermsOfReference:
    topic: str
    purpose_html: str
    key_lines: list[str]
    outcomes_html: str
    approach_html: str
    information_required: list[str]
    information_note_html: str
    resources_html: str
    milestones: list[Milestone]
    timetable_note_html: str
    variations: list[str]


@dataclass
class CallContent:
    channel: str
    published_on: str
    closes_on: str
    responses: str
    text_html: str


@dataclass
class Appendix:
    """A lettered appendix. `kind` says which partial renders it: "terms", "data",
    "questions", "partners", "call" or "answers"."""

    letter: str
    kind: str
    title: str
    introduction_html: str = ""
    terms: TermsOfReference | None = None
    tables: list[Table] = field(default_factory=list)
    question_groups: list[QuestionGroupContent] = field(default_factory=list)
    call: CallContent | None = None

    @property
    def anchor(self):
        return f"appendix-{self.letter.lower()}"

    @property
    def heading(self):
        return f"Appendix {self.letter} – {self.title}"

    @property
    def text(self):
        html = render_to_string("report/_appendix_content.html", {"appendix": self})
        return html_to_text(html)


@dataclass
class ContentsEntry:
    anchor: str
    title: str
    level: int = 1


@dataclass
class Cover:
    body: str
    working_group: str
    title: str
    status: str  # "Draft Report" or "Final Report"
    date_line: str = ""


@dataclass
class Report:
    slug: str
    is_draft: bool
    cover: Cover
    foreword: Part
    foreword_parts: list[Part]
    acknowledgements: Part
    report_heading: str
    sections: list[Part]
    appendices: list[Appendix]
    contents: list[ContentsEntry] = field(default_factory=list)

    @property
    def document_title(self):
        """The PDF's title and the running header's report name."""
        return f"{self.cover.working_group}: {self.cover.status}"

    def text_parts(self):
        """(anchor, title, text) of every part in printed order; each recommendation
        of section 9 is a part of its own."""
        cover = self.cover
        yield (
            "cover",
            "Cover",
            "\n".join(
                line
                for line in (cover.body, cover.working_group, cover.title, cover.status)
                if line
            ),
        )
        for part in [self.foreword, *self.foreword_parts, self.acknowledgements]:
            yield part.anchor, part.title, part.text
        for section in self.sections:
            yield section.anchor, section.heading, section.text
            for item in section.recommendations:
                yield item.anchor, item.title, item.plain_text
        for appendix in self.appendices:
            yield appendix.anchor, appendix.heading, appendix.text


# --- assembling -------------------------------------------------------------------


def markdown_blocks(text, *, numbered=False):
    """Blocks from authored Markdown: top-level paragraphs become paragraph blocks
    (numbered later if `numbered`), anything else stays as sanitised HTML."""
    blocks = []
    for element in split_blocks(render_markdown(text)):
        if element.tag == "p":
            blocks.append(Block("paragraph", html=element.inner.strip(), number="?" * numbered))
        else:
            blocks.append(Block("html", html=element.html))
    return blocks


def paragraph(text, *, numbered=False, css_class=""):
    """A paragraph of plain text from data (escaped; line breaks kept)."""
    html = "<br>".join(escape(line) for line in text.strip().splitlines())
    return Block("paragraph", html=html, number="?" * numbered, css_class=css_class)


def number_paragraphs(blocks, section_number):
    """Give the paragraphs marked for numbering their numbers: 3.1, 3.2 …"""
    count = 0
    for block in blocks:
        if block.number == "?":
            count += 1
            block.number = f"{section_number}.{count}"
    return blocks


def _load(review):
    """Everything the report needs, in a fixed number of queries."""
    review = (
        Review.objects.select_related("body", "body__scrutinised_office")
        .prefetch_related(
            "key_lines",
            "milestones",
            "variations",
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
        )
        .get(pk=review.pk)
    )
    return review


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


def _cover(review, final):
    date_line = ""
    if final and review.agreed_on:
        date_line = f"Agreed by the {review.body.name} on {long_date(review.agreed_on)}"
    return Cover(
        body=review.body.name,
        working_group=review.working_group_name,
        title=review.title,
        status="Final Report" if final else "Draft Report",
        date_line=date_line,
    )


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


# --- appendices ---------------------------------------------------------------------


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _terms_of_reference(review):
    return TermsOfReference(
        topic=review.topic,
        purpose_html=render_markdown(
            "\n\n".join(t for t in (review.purpose, review.rationale) if t)
        ),
        key_lines=[k.text for k in review.key_lines.all()],
        outcomes_html=render_markdown(review.outcomes),
        approach_html=render_markdown(review.approach),
        information_required=_lines(review.information_required),
        information_note_html=render_markdown(review.information_note),
        resources_html=render_markdown(review.resources),
        milestones=[
            Milestone(
                description=m.description,
                when=m.planned_label or _planned(m),
                actual=long_date(m.actual_on),
            )
            for m in review.milestones.all()
        ],
        timetable_note_html=render_markdown(review.timetable_note),
        variations=[v.description for v in review.variations.all()],
    )


def _planned(milestone):
    if milestone.planned_start and milestone.planned_end:
        if milestone.planned_start == milestone.planned_end:
            return long_date(milestone.planned_start)
        return f"{long_date(milestone.planned_start)} – {long_date(milestone.planned_end)}"
    return long_date(milestone.planned_start or milestone.planned_end)


def money(value):
    try:
        return f"£{Decimal(str(value)):,.2f}"
    except (InvalidOperation, ValueError):
        return str(value)


def _table(table):
    columns = table.columns or []
    names = [c.get("name", "") for c in columns]
    rows = [list(row.cells) + [""] * (len(names) - len(row.cells)) for row in table.rows.all()]
    # A column empty in every row (the source table did not use it) is left out.
    keep = [i for i in range(len(names)) if any(str(row[i]).strip() for row in rows)]
    numeric = {
        i
        for i, c in enumerate(columns)
        if c.get("type") in (DataTable.ColumnType.NUMBER, DataTable.ColumnType.MONEY)
    }
    is_money = {i for i, c in enumerate(columns) if c.get("type") == DataTable.ColumnType.MONEY}

    def show(i, value):
        if value in ("", None):
            return ""
        return money(value) if i in is_money else str(value)

    totals = []
    if numeric & set(keep) and rows:
        sums = table.totals()
        totals = [
            Cell(show(i, sums.get(names[i])), numeric=True)
            if i in numeric
            else Cell("Total" if n == 0 else "")
            for n, i in enumerate(keep)
        ]
    return Table(
        title=table.title,
        description=table.description,
        columns=[TableColumn(names[i], numeric=i in numeric) for i in keep],
        rows=[[Cell(show(i, row[i]), numeric=i in numeric) for i in keep] for row in rows],
        totals=totals,
    )


def _is_partner_table(dataset):
    tables = list(dataset.tables.all())
    return bool(tables) and all(
        [c.get("name", "").strip().lower() for c in t.columns] == PARTNER_COLUMNS for t in tables
    )


def _question_groups(question_set):
    groups = QuestionGroup.objects.filter(question_set=question_set).prefetch_related("questions")
    return [
        QuestionGroupContent(
            heading=group.heading,
            how_we_work_together_html=render_markdown(group.how_we_work_together),
            questions=[
                QuestionItem(text=q.text, answer_html=render_markdown(q.answer))
                for q in group.questions.all()
            ],
        )
        for group in groups
    ]


def _appendices(review):
    """Appendices in the genre's order, each only when it has content: terms of
    reference; data tables; questions to partners; partner tables; calls for
    evidence; answers."""
    evidence = list(review.evidence.all())
    data, questions, partners, calls, answers = [], [], [], [], []
    for e in evidence:
        if e.kind == Evidence.Kind.DATA:
            dataset = e.dataset
            tables = list(dataset.tables.prefetch_related("rows"))
            if not tables:
                continue
            appendix = Appendix(
                letter="",
                kind="data",
                title=e.title,
                introduction_html=render_markdown(dataset.introduction),
                tables=[_table(t) for t in tables],
            )
            if _is_partner_table(dataset):
                appendix.kind = "partners"
                partners.append(appendix)
            else:
                data.append(appendix)
        elif e.kind == Evidence.Kind.QUESTIONS:
            groups = _question_groups(e.questionset)
            if not any(g.questions for g in groups):
                continue
            appendix = Appendix(
                letter="",
                kind="questions",
                title=e.title,
                introduction_html=render_markdown(e.questionset.introduction),
                question_groups=groups,
            )
            if any(g.answered for g in groups):
                appendix.kind = "answers"
                answers.append(appendix)
            else:
                questions.append(appendix)
        elif e.kind == Evidence.Kind.CALL:
            call = e.callforevidence
            if call.responses_received is None:
                responses = "Not yet known"
            else:
                responses = str(call.responses_received)
            calls.append(
                Appendix(
                    letter="",
                    kind="call",
                    title=e.title,
                    call=CallContent(
                        channel=call.channel,
                        published_on=long_date(call.published_on),
                        closes_on=long_date(call.closes_on),
                        responses=responses,
                        text_html=render_markdown(call.text),
                    ),
                )
            )
    appendices = [
        Appendix(
            letter="",
            kind="terms",
            title="Working Group Review – Scope",
            terms=_terms_of_reference(review),
        )
    ]
    appendices += data + questions + partners + calls + answers
    for index, appendix in enumerate(appendices):
        appendix.letter = _letter(index)
    return appendices


def _letter(index):
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


# --- the public functions -----------------------------------------------------------


def assemble_report(review, *, final=None):
    """The whole report as plain data, in printed order. `final` defaults to whether
    the Panel has agreed the report."""
    review = _load(review)
    final = review.is_agreed if final is None else final
    sections, others = _sections_by_kind(review)
    recommendations = _recommendation_items(review)

    foreword = _foreword(review, sections, final)
    chair = _chair(review)
    foreword_parts = [
        part
        for part in (
            _key_objectives(review),
            _meetings_narrative(review),
            _list_part(
                "information-identified",
                "Information identified",
                "From these meetings the working group identified the following information:",
                [f.text for f in review.findings.all()],
            ),
            _list_part(
                "conclusions",
                "Conclusions",
                "During the course of the meetings, the working group drew the following "
                "conclusions:",
                [c.text for c in review.conclusions.all()],
            ),
            _summary_recommendations(review, recommendations),
        )
        if part
    ]
    signature = (
        Signature(name=chair.person.formal_name, role=f"Chair, {review.working_group_name}")
        if chair
        else None
    )
    if foreword_parts:
        foreword_parts[-1].signature = signature
    else:
        foreword.signature = signature
    acknowledgements = _acknowledgements(review, sections)
    report = Report(
        slug=review.slug,
        is_draft=not final,
        cover=_cover(review, final),
        foreword=foreword,
        foreword_parts=foreword_parts,
        acknowledgements=acknowledgements,
        report_heading=f"{review.body.name} Report of the {review.working_group_name}",
        sections=_sections(review, sections, others, recommendations, final),
        appendices=_appendices(review),
    )
    report.contents = _contents(report)
    return report


def _contents(report):
    entries = [ContentsEntry(report.foreword.anchor, report.foreword.title)]
    entries += [ContentsEntry(p.anchor, p.title, level=2) for p in report.foreword_parts]
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
