"""The report's structure: plain dataclasses, in the order they are printed. The
partials in `templates/report/` render them; nothing here touches the database."""

from dataclasses import dataclass, field

from django.template.loader import render_to_string

from reviews.markdown import html_to_text


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
class SourceItem:
    """A piece of evidence as an appendix lists it, with the web address it came
    from (linked in the PDF) when there is one."""

    text: str
    url: str = ""


@dataclass
class Appendix:
    """A lettered appendix. `kind` says which partial renders it: "terms", "data",
    "questions", "partners", "call", "written", "documents" or "answers"."""

    letter: str
    kind: str
    title: str
    introduction_html: str = ""
    terms: TermsOfReference | None = None
    tables: list[Table] = field(default_factory=list)
    question_groups: list[QuestionGroupContent] = field(default_factory=list)
    call: CallContent | None = None
    # Evidence listed one a line: written submissions, documents from the web.
    sources: list["SourceItem"] = field(default_factory=list)

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
