"""The lettered appendices: the terms of reference, then one per piece of evidence
that has content to print (data tables, questions to partners, partner tables, calls
for evidence, answers)."""

from reviews.markdown import render_markdown
from reviews.models import DataTable, Evidence, QuestionGroup
from reviews.report.blocks import long_date, money
from reviews.report.content import (
    Appendix,
    CallContent,
    Cell,
    Milestone,
    QuestionGroupContent,
    QuestionItem,
    Table,
    TableColumn,
    TermsOfReference,
)

PARTNER_COLUMNS = ["partner", "how we work together"]


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
