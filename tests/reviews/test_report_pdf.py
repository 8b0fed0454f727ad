"""The reference review's report as PDF: everything the working group wrote is in it,
in order; the contents' page numbers are right; it is tagged (PDF/UA-1) with a title
and its language; drafts say DRAFT on every page and the final report nowhere."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from pypdf import PdfReader

from reviews.models import Review
from reviews.pdf import print_html, render_pdf
from reviews.pdf_text import NBSP, keep_together, keep_together_text
from reviews.report import assemble_report

# The module's fixture renders from the demo; the mark makes pytest-django set up the
# test database even when this module runs on its own.
pytestmark = pytest.mark.django_db

SLUG = "early-intervention"
MM = 72 / 25.4


def normalise(text):
    return re.sub(r"\s+", " ", text).strip()


def outline_pages(reader):
    """{bookmark title: page number (1-based)}, first occurrence of each title."""
    pages = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                # (a no-break space reads as a space: "Appendix A")
                title = item.title.replace(NBSP, " ")
                pages.setdefault(title, reader.get_destination_page_number(item) + 1)

    walk(reader.outline)
    return pages


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for this module, inside a transaction rolled back at the
    end, with the draft and the final PDF rendered from it and what the tests compare
    them with."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", allow_without_debug=True, stdout=io.StringIO())
        review = Review.objects.get(slug=SLUG)
        report = assemble_report(review, final=False)
        data = {
            "draft": render_pdf(print_html(report=report)),
            "final": render_pdf(print_html(review, final=True)),
            "recommendations": [
                (r.reason, r.text) for r in review.recommendations.order_by("number")
            ],
            "conclusions": [c.text for c in review.conclusions.all()],
            "appendices": [a.heading for a in report.appendices],
            # (as listed in the contents, the heading it links to)
            "contents": [
                (entry.title, report.report_heading if entry.anchor == "report" else entry.title)
                for entry in report.contents
            ],
            "title": report.document_title,
            "front": report.contents[0].title,
            "report_heading": report.report_heading,
        }
        transaction.set_rollback(True)
    return data


@pytest.fixture(scope="module")
def draft(demo):
    return PdfReader(io.BytesIO(demo["draft"]))


@pytest.fixture(scope="module")
def draft_text(draft):
    return normalise(" ".join(page.extract_text() for page in draft.pages))


def assert_in_order(text, passages):
    position = 0
    for passage in passages:
        found = text.find(normalise(passage), position)
        assert found >= 0, f"not found (in order) in the PDF: {passage[:80]!r}"
        position = found + 1


def test_every_recommendation_is_printed_verbatim_and_in_order(demo, draft_text):
    passages = [part for reason, text in demo["recommendations"] for part in (reason, text)]
    assert len(demo["recommendations"]) == 6

    assert_in_order(draft_text, passages)


def test_section_9_prints_each_recommendation_after_its_reason(demo, draft_text):
    section_9 = draft_text[draft_text.rindex("9. Recommendations and Reasons") :]
    for reason, text in demo["recommendations"]:
        assert_in_order(section_9, [reason, "Recommendation:", text])


def test_every_conclusion_is_printed_verbatim_and_in_order(demo, draft_text):
    assert len(demo["conclusions"]) == 4

    assert_in_order(draft_text, demo["conclusions"])


def test_every_appendix_is_present(demo, draft_text):
    letters = [heading.split(" – ")[0] for heading in demo["appendices"]]
    assert letters == [f"Appendix {letter}" for letter in "ABCDEFG"]

    assert_in_order(draft_text, ["Appendices", *demo["appendices"]])


def test_contents_page_numbers_are_the_pages_of_the_headings(demo, draft):
    contents = draft.pages[1].extract_text()
    headings = outline_pages(draft)
    checked = 0
    for title, heading in demo["contents"]:
        # "Chair's Foreword ........ 3" (a long title may wrap before its dots).
        match = re.search(re.escape(title[-25:]) + r"\s*\.*\s*(\d+)", normalise(contents))
        assert match, f"{title!r} has no page number in the contents"
        page = int(match.group(1))
        assert headings[heading] == page, f"{title!r}: listed on {page}, is on {headings[heading]}"
        assert normalise(heading[:30]) in normalise(draft.pages[page - 1].extract_text())
        checked += 1
    assert checked == len(demo["contents"]) > 20


def test_pdf_is_tagged_with_title_and_language(demo, draft):
    root = draft.trailer["/Root"]

    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a PDF boolean object)
    assert root["/Lang"] == "en-GB"
    assert draft.metadata.title == demo["title"] == "Early Intervention Working Group: Draft Report"
    assert str(root["/ViewerPreferences"]["/DisplayDocTitle"]) in ("True", "true")
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in xmp


def test_every_heading_is_a_bookmark(demo, draft):
    headings = outline_pages(draft)

    for _, heading in demo["contents"]:
        assert heading in headings
    for heading in ["Contents", "Recommendation 1", "Recommendation 6", "1. Topic"]:
        assert heading in headings


def test_is_a4(draft):
    box = draft.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_every_page_has_page_x_of_y_except_the_cover(draft):
    total = len(draft.pages)
    for number, page in enumerate(draft.pages[1:], start=2):
        assert f"Page {number} of {total}" in page.extract_text()


def test_draft_says_draft_on_every_page(draft):
    assert all("DRAFT" in page.extract_text() for page in draft.pages)


def test_final_report_says_draft_nowhere(demo):
    final = PdfReader(io.BytesIO(demo["final"]))

    assert final.metadata.title == "Early Intervention Working Group: Final Report"
    assert not [n for n, page in enumerate(final.pages, 1) if "DRAFT" in page.extract_text()]
    assert "Final Report" in final.pages[0].extract_text()


# --- layout: what a council would sign --------------------------------------------


def page_fill(page):
    """How far down the page's body area (inside the margins, without the running
    header and footer) its last line of text reaches: 0 empty, 1 full."""
    top, bottom = float(page.mediabox.height) - 24 * MM, 22 * MM
    lines = []

    def visit(text, cm, tm, font, size):
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip() and bottom < y < top:
            lines.append(y)

    page.extract_text(visitor_text=visit)
    return (top - min(lines, default=top)) / (top - bottom)


@pytest.mark.parametrize("version", ["draft", "final"])
def test_no_page_is_less_than_a_fifth_full_unless_it_ends_a_part(demo, version):
    reader = PdfReader(io.BytesIO(demo[version]))
    headings = outline_pages(reader)
    # The cover, the contents, the front matter, the report and the appendices each
    # start on a new page: the page before each of those ends a part.
    starts = ["Contents", demo["front"], demo["report_heading"], "Appendices"]
    part_ends = {headings[heading] - 1 for heading in starts} | {len(reader.pages)}

    short = [
        number
        for number, page in enumerate(reader.pages, start=1)
        if number not in part_ends and page_fill(page) < 0.2
    ]

    assert short == []


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
SPLIT = re.compile(
    rf"\b\d{{1,2}}\n(?:{MONTHS})\b|\b(?:{MONTHS})\n\d{{4}}\b|\bRecommendation\n\d"
    r"|\d\n(?:months|weeks|days|years|hours|%)\b"
)


@pytest.mark.parametrize("version", ["draft", "final"])
def test_dates_and_numbered_references_are_never_split_across_lines(demo, version):
    reader = PdfReader(io.BytesIO(demo[version]))
    text = "\n".join(page.extract_text() for page in reader.pages)

    assert [match.group(0) for match in SPLIT.finditer(text)] == []


def test_no_break_spaces_keep_dates_references_and_measures_together():
    text = "On 8 September 2023, Recommendation 4 and Appendix B: 6 months, 25 % and 3 days."

    assert keep_together_text(text) == (
        f"On 8{NBSP}September{NBSP}2023, Recommendation{NBSP}4 and Appendix{NBSP}B: "
        f"6{NBSP}months, 25{NBSP}% and 3{NBSP}days."
    )
    # Ordinary words and sentences are left alone.
    assert keep_together_text("In May we met 12 partners.") == "In May we met 12 partners."


def test_no_break_spaces_change_the_text_only_never_tags_or_styles():
    html = (
        '<html><head><title>Report of 8 May 2024</title><style>p::after { content: "8 May '
        '2024" }</style></head><body><p title="8 May 2024">Met on 8 May 2024.</p></body></html>'
    )

    assert keep_together(html) == html.replace(
        "Met on 8 May 2024.", f"Met on 8{NBSP}May{NBSP}2024."
    )
