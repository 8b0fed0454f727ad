"""The lettered appendices: the terms of reference, then one per piece of evidence
that has content to print (data tables, questions to partners, partner tables, calls
for evidence, answers).

One function builds each kind; `EVIDENCE_APPENDICES` says which kind of evidence
gives which, and `APPENDIX_ORDER` the genre's order, which decides the letters."""

from reviews.markdown import render_markdown
from reviews.models import DataTable, Document, Evidence, QuestionGroup, WrittenSubmission
from reviews.report.blocks import long_date, money
from reviews.report.content import (
    Appendix,
    CallContent,
    Cell,
    Milestone,
    QuestionGroupContent,
    QuestionItem,
    SourceItem,
    Table,
    TableColumn,
    TermsOfReference,
)

PARTNER_COLUMNS = ["partner", "how we work together"]


def terms_of_reference(review):
    return Appendix(
        letter="",
        kind="terms",
        title="Working Group Review – Scope",
        terms=_terms_of_reference(review),
    )


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
                when=m.planned,
                actual=long_date(m.actual_on),
            )
            for m in review.milestones.all()
        ],
        timetable_note_html=render_markdown(review.timetable_note),
        variations=[v.description for v in review.variations.all()],
    )


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def data_appendix(evidence):
    """A data set's tables; a set of partner tables (partner, how we work together)
    is an appendix of its own kind."""
    dataset = evidence.dataset
    tables = list(dataset.tables.prefetch_related("rows"))
    if not tables:
        return None
    appendix = Appendix(
        letter="",
        kind="data",
        title=evidence.title,
        introduction_html=render_markdown(dataset.introduction),
        tables=[_table(t) for t in tables],
    )
    if _is_partner_table(dataset):
        appendix.kind = "partners"
    return appendix


def _table(table):
    columns = table.columns or []
    names = [c.get("name", "") for c in columns]
    rows = [list(row.cells) + [""] * (len(names) - len(row.cells)) for row in table.rows.all()]
    # A column empty in every row (the source table did not use it) is left out.
    keep = [i for i in range(len(names)) if any(str(row[i]).strip() for row in rows)]
    numeric = _columns_of_type(columns, DataTable.ColumnType.NUMBER, DataTable.ColumnType.MONEY)
    is_money = _columns_of_type(columns, DataTable.ColumnType.MONEY)
    is_date = _columns_of_type(columns, DataTable.ColumnType.DATE)
    totals = []
    if numeric & set(keep) and rows:
        totals = _totals(table, names=names, keep=keep, numeric=numeric, is_money=is_money)
    return Table(
        title=table.title,
        description=table.description,
        columns=[TableColumn(names[i], numeric=i in numeric) for i in keep],
        rows=[
            [
                Cell(
                    _show(row[i], as_money=i in is_money, as_date=i in is_date),
                    numeric=i in numeric,
                )
                for i in keep
            ]
            for row in rows
        ],
        totals=totals,
    )


def _columns_of_type(columns, *types):
    return {i for i, c in enumerate(columns) if c.get("type") in types}


def _show(value, *, as_money, as_date=False):
    if value in ("", None):
        return ""
    if as_date:
        return long_date(value)
    return money(value) if as_money else str(value)


def _totals(table, *, names, keep, numeric, is_money):
    """One cell per kept column: "Total" first, then the sum under each numeric one."""
    sums = table.totals()
    return [
        Cell(_show(sums.get(names[i]), as_money=i in is_money), numeric=True)
        if i in numeric
        else Cell("Total" if n == 0 else "")
        for n, i in enumerate(keep)
    ]


def _is_partner_table(dataset):
    tables = list(dataset.tables.all())
    return bool(tables) and all(
        [c.get("name", "").strip().lower() for c in t.columns] == PARTNER_COLUMNS for t in tables
    )


def questions_appendix(evidence):
    """Questions put to partners; once any is answered, the appendix of answers."""
    question_set = evidence.questionset
    groups = _question_groups(question_set)
    if not any(g.questions for g in groups):
        return None
    return Appendix(
        letter="",
        kind="answers" if any(g.answered for g in groups) else "questions",
        title=evidence.title,
        introduction_html=render_markdown(question_set.introduction),
        question_groups=groups,
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


def call_appendix(evidence):
    call = evidence.callforevidence
    count = call.responses_received
    responses = "Not yet known" if count is None else str(count)
    return Appendix(
        letter="",
        kind="call",
        title=evidence.title,
        call=CallContent(
            channel=call.channel,
            published_on=long_date(call.published_on) or "Not known",
            closes_on=long_date(call.closes_on) or "Not known",
            responses=responses,
            text_html=render_markdown(call.text),
        ),
    )


# The appendix each kind of evidence may give (None: nothing to print); oral evidence
# and documents give none.
EVIDENCE_APPENDICES = {
    Evidence.Kind.DATA: data_appendix,
    Evidence.Kind.QUESTIONS: questions_appendix,
    Evidence.Kind.CALL: call_appendix,
}


def written_appendix(review):
    """One appendix listing every written submission, "<provider> — <date as known>",
    in the order of the evidence (None when there are none)."""
    submissions = (
        WrittenSubmission.objects.filter(review=review)
        .select_related("organisation", "person")
        .order_by("position", "pk")
    )
    sources = [SourceItem(s.listing, s.source_url) for s in submissions]
    if not sources:
        return None
    return Appendix(letter="", kind="written", title="Written Submissions", sources=sources)


def documents_appendix(review):
    """The documents taken from the web, each with its title, who published it and
    when, as known, and its web address, linked (None when there are none)."""
    documents = (
        Document.objects.filter(review=review, kind=Evidence.Kind.DOCUMENT)
        .exclude(source_url="")
        .order_by("position", "pk")
    )
    sources = [SourceItem(_document_line(d), d.source_url) for d in documents]
    if not sources:
        return None
    return Appendix(letter="", kind="documents", title="Documents", sources=sources)


def _document_line(document):
    published = ", ".join(p for p in (document.author, long_date(document.published_on)) if p)
    return f"{document.title} ({published})" if published else document.title


# The genre's order of appendices, by kind; within a kind, the order of the evidence.
APPENDIX_ORDER = [
    "terms",
    "data",
    "questions",
    "partners",
    "call",
    "written",
    "documents",
    "answers",
]


def lettered_appendices(review):
    """The terms of reference, then an appendix for each piece of evidence that has
    content to print, in the genre's order, lettered A, B, C …"""
    appendices = [terms_of_reference(review)]
    for evidence in review.evidence.all():
        build = EVIDENCE_APPENDICES.get(evidence.kind)
        appendix = build(evidence) if build else None
        if appendix:
            appendices.append(appendix)
    appendices += [a for a in (written_appendix(review), documents_appendix(review)) if a]
    appendices.sort(key=lambda appendix: APPENDIX_ORDER.index(appendix.kind))  # stable
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
