"""Assembling the report from a review's records: the order of its parts, numbered
paragraphs, lettered appendices (only those with content), the plain text of each
part, and the safe Markdown subset officers write in."""

import datetime

import pytest

from reviews.markdown import html_to_text, render_markdown
from reviews.models import ReportSection, Review, WorkingGroupMember
from reviews.report import (
    assemble_report,
    render_report_body,
    report_sections_text,
)
from tests.factories import (
    CallForEvidenceFactory,
    ConclusionFactory,
    DataRowFactory,
    DataSetFactory,
    DataTableFactory,
    FindingFactory,
    KeyLineOfEnquiryFactory,
    MeetingFactory,
    PersonFactory,
    QuestionFactory,
    QuestionSetFactory,
    RecommendationFactory,
    ReportSectionFactory,
    WorkingGroupMemberFactory,
)

pytestmark = pytest.mark.django_db


def section(report, number):
    return next(s for s in report.sections if s.number == number)


# --- the parts and their order ---------------------------------------------------------


def test_numbered_sections_are_the_nine_of_the_genre_in_order(review):
    report = assemble_report(review)

    assert [(s.number, s.title, s.anchor) for s in report.sections] == [
        (1, "Purposes and Rationale", "section-1"),
        (2, "Key Lines of Enquiry", "section-2"),
        (3, "Context and Background", "section-3"),
        (4, "Panel Role", "section-4"),
        (5, "Methodology and Evidence Collection", "section-5"),
        (6, "Report Background", "section-6"),
        (7, "Core Questions", "section-7"),
        (8, "Conclusions and Key Findings", "section-8"),
        (9, "Recommendations and Reasons", "section-9"),
    ]


def test_paragraphs_print_the_number_the_author_typed_and_no_other(review):
    ReportSectionFactory(
        review=review,
        kind=ReportSection.Kind.CONTEXT,
        body="An introduction.\n\n3.1 First, with a list:\n\n- one\n- two\n\n3.2 Second.",
    )

    blocks = section(assemble_report(review), 3).blocks

    assert [(b.kind, b.number, b.html) for b in blocks] == [
        ("paragraph", "", "An introduction."),
        ("paragraph", "3.1", "First, with a list:"),
        ("html", "", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("paragraph", "3.2", "Second."),
    ]


def test_context_prints_as_written_with_nothing_added_from_the_working_group(review):
    WorkingGroupMemberFactory(
        review=review,
        person=PersonFactory(honorific="Councillor", given_name="Greg", family_name="Lunn"),
    )
    body = "3.1 Background.\n\n3.2 A Task and Finish Group was therefore established."
    ReportSectionFactory(review=review, kind=ReportSection.Kind.CONTEXT, body=body)

    blocks = section(assemble_report(review), 3).blocks

    assert [b.text for b in blocks] == [
        "3.1 Background.",
        "3.2 A Task and Finish Group was therefore established.",
    ]


def test_an_other_section_titled_as_a_numbered_section_adds_to_it(review):
    KeyLineOfEnquiryFactory(review=review, text="What works?")
    ReportSectionFactory(
        review=review,
        kind=ReportSection.Kind.OTHER,
        title="Key Lines of Enquiry",
        body="2.1 See A.",
    )

    report = assemble_report(review)

    blocks = section(report, 2).blocks
    assert blocks[0].items == ["What works?"]
    assert (blocks[1].number, blocks[1].html) == ("2.1", "See A.")
    assert len(report.sections) == 9


def test_any_other_section_is_numbered_after_the_recommendations(review):
    ReportSectionFactory(
        review=review, kind=ReportSection.Kind.OTHER, title="Finance", body="10.1 Money.\n\nMore."
    )

    extra = assemble_report(review).sections[-1]

    assert (extra.number, extra.title, extra.anchor) == (10, "Finance", "section-10")
    assert [b.number for b in extra.blocks] == ["10.1", ""]


def test_conclusions_follow_the_authored_text_of_section_8_in_their_order(review):
    ConclusionFactory(review=review, text="Second", position=2)
    ConclusionFactory(review=review, text="First", position=1)
    ReportSectionFactory(
        review=review,
        kind=ReportSection.Kind.OTHER,
        title="Conclusions and Key Findings",
        body="8.1 The following conclusions were drawn:",
    )

    blocks = section(assemble_report(review), 8).blocks

    assert [b.text for b in blocks] == [
        "8.1 The following conclusions were drawn:",
        "- First\n- Second",
    ]


def test_recommendations_are_in_number_order_with_reason_and_text(review):
    RecommendationFactory(review=review, number=2, reason="Because B.", text="That B.")
    RecommendationFactory(review=review, number=1, reason="Because A.", text="That A.")

    report = assemble_report(review)

    items = section(report, 9).recommendations
    assert [(i.anchor, i.reason, i.text) for i in items] == [
        ("recommendation-1", "Because A.", "That A."),
        ("recommendation-2", "Because B.", "That B."),
    ]


def test_the_foreword_is_signed_by_the_chair(review):
    chair = PersonFactory(honorific="Councillor", given_name="Zoe", family_name="McGhee")
    WorkingGroupMemberFactory(review=review, person=chair, role=WorkingGroupMember.GroupRole.CHAIR)
    ReportSectionFactory(review=review, kind=ReportSection.Kind.FOREWORD, body="Hello.")

    signature = assemble_report(review).foreword.signature

    assert signature.name == "Councillor Zoe McGhee"
    assert signature.role == f"Chair, {review.working_group_name}"


def test_the_foreword_prints_as_written_with_nothing_generated_around_it(review):
    KeyLineOfEnquiryFactory(review=review, text="How is it funded?")
    FindingFactory(review=review, text="A finding.")
    MeetingFactory(review=review, date=datetime.date(2023, 5, 24), notes="A meeting.")
    body = "Second paragraph first.\n\nIn April 2023 the working group invited views."
    ReportSectionFactory(review=review, kind=ReportSection.Kind.FOREWORD, body=body)

    report = assemble_report(review)

    assert report.foreword.text == body
    assert [e.anchor for e in report.contents[:2]] == ["foreword", "acknowledgements"]


def test_the_acknowledgements_print_as_written_without_a_heading_of_their_own(review):
    WorkingGroupMemberFactory(
        review=review,
        person=PersonFactory(honorific="Councillor", given_name="Greg", family_name="Lunn"),
    )
    body = "Acknowledgements to all those who took part in the Review:\n\n- Those who sat with me."
    ReportSectionFactory(review=review, kind=ReportSection.Kind.ACKNOWLEDGEMENTS, body=body)

    report = assemble_report(review)
    html = render_report_body(review, report=report)

    assert report.acknowledgements.text == (
        "Acknowledgements to all those who took part in the Review:\n\n- Those who sat with me."
    )
    assert "Lunn" not in html
    assert ">Acknowledgements</h2>" not in html


def test_empty_sections_say_so_in_a_draft_and_are_left_out_of_the_final_report(review):
    ReportSectionFactory(review=review, kind=ReportSection.Kind.BACKGROUND, body="6.1 Text.")

    draft = assemble_report(review, final=False)
    final = assemble_report(review, final=True)

    assert section(draft, 4).blocks[0].kind == "placeholder"
    assert [(s.number, s.title) for s in final.sections] == [(1, "Report Background")]
    assert (draft.cover.status, final.cover.status) == ("Draft Report", "Final Report")


def test_the_report_is_final_once_the_panel_has_agreed_it(review):
    assert assemble_report(review).is_draft
    review.status = Review.Status.AGREED
    review.save()

    assert not assemble_report(review).is_draft


# --- appendices --------------------------------------------------------------------------


def test_only_the_terms_of_reference_when_there_is_no_other_evidence(review):
    appendices = assemble_report(review).appendices

    assert [(a.letter, a.anchor, a.kind) for a in appendices] == [("A", "appendix-a", "terms")]


def test_appendices_follow_the_genre_order_whatever_the_evidence_order(review):
    answered = QuestionFactory(
        group__question_set__review=review, answer="An answer.", group__heading="Police"
    ).group.question_set
    CallForEvidenceFactory(review=review)
    partners = DataSetFactory(review=review, title="Partners")
    DataTableFactory(
        dataset=partners,
        columns=[
            {"name": "Partner", "type": "text"},
            {"name": "How we work together", "type": "text"},
        ],
    )
    QuestionFactory(group__question_set__review=review, group__heading="Everyone")
    grants = DataRowFactory(table__dataset__review=review).table.dataset
    QuestionSetFactory(review=review, title="No questions yet")  # empty: no appendix

    appendices = assemble_report(review).appendices

    assert [(a.letter, a.kind) for a in appendices] == [
        ("A", "terms"),
        ("B", "data"),
        ("C", "questions"),
        ("D", "partners"),
        ("E", "call"),
        ("F", "answers"),
    ]
    assert appendices[1].title == grants.title
    assert appendices[5].title == answered.title


def test_data_tables_drop_empty_columns_and_total_the_figures(review):
    table = DataTableFactory(
        dataset__review=review,
        columns=[
            {"name": "Recipient", "type": "text"},
            {"name": "Area", "type": "text"},
            {"name": "Amount", "type": "money"},
        ],
    )
    DataRowFactory(table=table, cells=["Bulwick Parish Council", "", "2813.00"])
    DataRowFactory(table=table, cells=["Clipston Parish Council", "", "4925.52"])

    printed = assemble_report(review).appendices[1].tables[0]

    assert [c.name for c in printed.columns] == ["Recipient", "Amount"]
    assert [[c.text for c in row] for row in printed.rows] == [
        ["Bulwick Parish Council", "£2,813.00"],
        ["Clipston Parish Council", "£4,925.52"],
    ]
    assert [c.text for c in printed.totals] == ["Total", "£7,738.52"]


# --- the API: body HTML and text ---------------------------------------------------------


def test_every_part_has_its_anchor_in_the_body_html(review):
    RecommendationFactory(review=review, number=1)
    html = render_report_body(review)

    for anchor in report_sections_text(review):
        if anchor != "cover":
            assert f'id="{anchor}"' in html


def test_sections_text_lists_each_part_and_each_recommendation(review):
    RecommendationFactory(review=review, number=1, reason="Because.", text="That X.")
    ConclusionFactory(review=review, text="A conclusion.")

    text = report_sections_text(review)

    assert list(text)[:2] == ["cover", "foreword"]
    assert {f"section-{n}" for n in range(1, 10)} <= set(text)
    assert text["recommendation-1"] == {
        "title": "Recommendation 1",
        "text": "Because.\nRecommendation: That X.",
    }
    assert "- A conclusion." in text["section-8"]["text"]
    assert text["appendix-a"]["title"] == "Appendix A – Working Group Review – Scope"


# --- the Markdown subset ----------------------------------------------------------------


def test_markdown_keeps_the_subset():
    html = render_markdown(
        "## Heading\n\nSome *emphasis* and **strong** and [a link](https://example.org).\n\n"
        "- one\n- two\n\n| A | B |\n|---|---|\n| 1 | 2 |"
    )

    assert "<h5>Heading</h5>" in html  # under the report's own h2–h4
    assert "<em>emphasis</em>" in html and "<strong>strong</strong>" in html
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer"' in html
    assert "<ul>" in html and '<th scope="col">A</th>' in html


def test_an_authored_table_scrolls_in_a_region_of_its_own():
    html = render_markdown("Before.\n\n<table><tr><td>Wide</td></tr></table>\n\nAfter.")

    region = '<div class="report-table-wrapper app-table-scroll" tabindex="0" role="region"'
    assert region in html
    assert html.index(region) < html.index("<table>") < html.index("</table></div>")


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="#" onclick="alert(1)">x</a>',
        "<style>body{display:none}</style>",
        '<iframe src="https://example.org"></iframe>',
    ],
)
def test_markdown_removes_anything_unsafe(source):
    html = render_markdown(source)

    for bad in ("<script", "onerror", "javascript:", "onclick", "<style", "<iframe", "<img"):
        assert bad not in html


def test_html_to_text_reads_like_the_report():
    text = html_to_text("<p>One <em>two</em>.</p><ul><li>a</li><li>b</li></ul><p>End</p>")

    assert text == "One two.\n\n- a\n- b\n\nEnd"


def test_a_final_report_prints_no_foreword_or_acknowledgements_nobody_wrote(review):
    html = render_report_body(review, final=True)
    report = assemble_report(review, final=True)

    assert 'id="foreword"' not in html
    assert 'id="acknowledgements"' not in html
    assert [e.anchor for e in report.contents][:1] == ["report"]
