"""Every kind of PDF the app publishes passes the machine-checkable PDF/UA-1 conditions
(tests/pdf_ua.py), and the checks fail on PDFs that break them: the same report
tagged by WeasyPrint alone, and a good PDF with one thing taken out."""

import io
import re

import pikepdf
import pytest
import weasyprint.pdf
import weasyprint.pdf.tags
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory, override_settings
from pypdf import PdfReader

from recommendations.follow_up_views import FollowUpPdfView
from recommendations.models import FollowUp
from reviews.models import Review
from reviews.pdf import print_html, render_pdf
from tests.pdf_ua import problems, structure_types
from tests.reviews.report_helpers import agree, publish

# The module's fixture builds its PDFs from the demo; the mark makes pytest-django set
# up the test database even when this module runs on its own.
pytestmark = pytest.mark.django_db

SLUG = "early-intervention"


def reference_draft():
    return print_html(Review.objects.get(slug=SLUG), final=False)


def reference_published():
    """The PDF kept by the publication itself (what the public downloads)."""
    review = agree(Review.objects.get(slug=SLUG), _user("publisher"))
    publication = publish(review=review, user=_user("publisher"))
    with publication.pdf.open("rb") as handle:
        return handle.read()


def illustrative():
    return print_html(Review.objects.get(is_illustrative=True))


def follow_up_report():
    review = Review.objects.get(is_illustrative=True)
    follow_up = review.follow_ups.order_by("sequence").first() or FollowUp.schedule_first(
        review=review
    )
    view = FollowUpPdfView()
    view.request = RequestFactory().get("/")
    view.request.user = _user("officer")
    view.kwargs = {"slug": review.slug, "pk": follow_up.pk}
    view.review = review
    return view.print_html(follow_up)


def _user(username):
    return get_user_model().objects.get(username=username)


# Each shape of PDF the app makes: print HTML (rendered here) or the PDF's bytes.
# Another shape is one more line.
SHAPES = {
    "reference draft": reference_draft,
    "reference published": reference_published,
    "illustrative review": illustrative,
    "follow-up report": follow_up_report,
}


@pytest.fixture(scope="module")
def pdfs(django_db_setup, django_db_blocker, tmp_path_factory):
    """{shape: (print HTML or None, PDF bytes)}, from the demo loaded once inside a
    transaction rolled back at the end."""
    media = tmp_path_factory.mktemp("media")
    storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": media, "base_url": None},
    }
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, STORAGES={**settings.STORAGES, "default": storage}),
        transaction.atomic(),
    ):
        call_command("load_demo", allow_without_debug=True, stdout=io.StringIO())
        made = {}
        for shape, build in SHAPES.items():
            result = build()
            if isinstance(result, str):
                made[shape] = (result, render_pdf(result))
            else:
                made[shape] = (None, result)
        transaction.set_rollback(True)
    return made


@pytest.mark.parametrize("shape", SHAPES)
def test_every_shape_passes_the_pdf_ua_checks(pdfs, shape):
    _, data = pdfs[shape]

    assert problems(data) == []


# --- the checks can fail -------------------------------------------------------------


@pytest.fixture(scope="module")
def weasyprint_tagged(pdfs):
    """The reference draft tagged by WeasyPrint 70 alone (no reviews/pdf_tags.py)."""
    html, _ = pdfs["reference draft"]
    ours = weasyprint.pdf.add_tags
    weasyprint.pdf.add_tags = weasyprint.pdf.tags.add_tags
    try:
        return render_pdf(html)
    finally:
        weasyprint.pdf.add_tags = ours


def test_checks_catch_the_failures_of_weasyprints_own_tagging(weasyprint_tagged):
    found = problems(weasyprint_tagged)
    checkpoints = {problem.split()[0] for problem in found}

    # Running headers and footers: neither Artifacts nor in the tree.
    assert "01-005" in checkpoints
    assert any("page 2:" in problem for problem in found)
    # Header cells without /Scope, /Headers that no /IDTree resolves.
    assert {"15-003", "15-004"} <= checkpoints


def _without_lang(pdf):
    del pdf.Root.Lang


def _without_display_doc_title(pdf):
    pdf.Root.ViewerPreferences.DisplayDocTitle = False


def _without_to_unicode(pdf):
    for font in pdf.pages[0].Resources.Font.values():
        del font.ToUnicode


def _link_without_description(pdf):
    del pdf.pages[1].Annots[0].Contents


def _link_outside_structure(pdf):
    pdf.pages[1].Annots.append(pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10],
        Contents=pikepdf.String("Nowhere"),
    )))  # fmt: skip


def _unmapped_type(pdf):
    pdf.Root.StructTreeRoot.K[0].K[0].S = pikepdf.Name("/Cover")


def _heading_skipped(pdf):
    for element in _elements(pdf.Root.StructTreeRoot.K[0]):
        if element.S == "/H3":
            element.S = pikepdf.Name("/H5")
            return


def _th_without_scope(pdf):
    for element in _elements(pdf.Root.StructTreeRoot.K[0]):
        if element.S == "/TH":
            del element.A.Scope
            return


def _no_id_tree(pdf):
    del pdf.Root.StructTreeRoot.IDTree


def _untagged_text(pdf):
    page = pdf.pages[2]
    page.contents_add(pdf.make_stream(b"BT /F1 1 Tf (x) Tj ET"))


def _not_marked(pdf):
    pdf.Root.MarkInfo.Marked = False


def _no_pdfua_identifier(pdf):
    with pdf.open_metadata() as xmp:
        del xmp["pdfuaid:part"]


def _no_tab_order(pdf):
    del pdf.pages[1].Tabs


def _first_heading_not_h1(pdf):
    next(e for e in _elements(pdf.Root.StructTreeRoot.K[0]) if e.S == "/H1").S = pikepdf.Name.H2


def _table_without_headers(pdf):
    table = next(e for e in _elements(pdf.Root.StructTreeRoot.K[0]) if e.S == "/Table")
    for cell in _elements(table):
        if cell.S == "/TH":
            cell.S = pikepdf.Name.TD


def _link_in_a_span(pdf):
    next(e for e in _elements(pdf.Root.StructTreeRoot.K[0]) if e.S == "/Link").S = pikepdf.Name.Span


def _artifact_in_tagged_content(pdf):
    pdf.pages[2].contents_add(pdf.make_stream(b"/P <</MCID 0>> BDC /Artifact BMC EMC EMC"))


def _font_not_embedded(pdf):
    for font in pdf.pages[0].Resources.Font.values():
        for descendant in font.get("/DescendantFonts", [font]):
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if key in descendant.FontDescriptor:
                    del descendant.FontDescriptor[key]


def _elements(element):
    if isinstance(element, pikepdf.Dictionary) and "/S" in element:
        yield element
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            yield from _elements(kid)


@pytest.mark.parametrize(
    ("break_it", "checkpoint"),
    [
        (_without_lang, "11-006"),
        (_without_display_doc_title, "07-002"),
        (_without_to_unicode, "31-027"),
        (_link_without_description, "28-004"),
        (_link_outside_structure, "28-002"),
        (_unmapped_type, "02-004"),
        (_heading_skipped, "14-003"),
        (_th_without_scope, "15-003"),
        (_no_id_tree, "15-004"),
        (_untagged_text, "01-005"),
        (_artifact_in_tagged_content, "01-004"),
        (_not_marked, "06-001"),
        (_no_pdfua_identifier, "06-002"),
        (_no_tab_order, "19-003"),
        (_first_heading_not_h1, "14-002"),
        (_table_without_headers, "15-005"),
        (_link_in_a_span, "28-011"),
        (_font_not_embedded, "31-001"),
    ],
)
def test_checks_catch_a_pdf_with_one_thing_broken(pdfs, break_it, checkpoint):
    _, data = pdfs["reference draft"]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        break_it(pdf)
        broken = io.BytesIO()
        pdf.save(broken)

    assert checkpoint in {problem.split()[0] for problem in problems(broken.getvalue())}


def test_checks_catch_an_image_without_alt_text():
    html = "<html lang='en'><title>t</title><h1>Chart</h1><img src='data:image/png;base64,{}'>"
    data = render_pdf(html.format(_PIXEL))

    assert "13-004" in {problem.split()[0] for problem in problems(data)}


# A one-pixel PNG.
_PIXEL = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5E"
    "rkJggg=="
)


# --- the reference draft's structure, as a screen-reader user meets it --------------


@pytest.fixture(scope="module")
def draft(pdfs):
    return pdfs["reference draft"]


def _count(html, pattern):
    return len(re.findall(pattern, html.split("<body", 1)[1]))


def test_one_structure_element_per_paragraph_list_and_table_across_pages(draft):
    html, data = draft
    types = structure_types(data)

    assert types["Art"] == 1  # not one per page
    # Several of the reference's tables cross a page: each is still one Table.
    assert types["Table"] == _count(html, r"<table[\s>]") > 1
    assert types["P"] == _count(html, r"<p[\s>]")
    assert types["L"] == _count(html, r"<(?:ul|ol|dl)[\s>]")
    # The header row a long table repeats on each page is tagged once.
    assert types["TH"] == _count(html, r"<th[\s>]")


def _artifacts(page):
    """The property lists of the page's Artifacts."""
    found = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "BDC" and operands[0] == "/Artifact":
            found.append(operands[1])
    return found


def test_running_headers_and_footers_are_pagination_artifacts(draft):
    _, data = draft
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages[1:]:
            subtypes = {str(a.get("/Subtype")) for a in _artifacts(page) if a.Type == "/Pagination"}
            assert {"/Header", "/Footer"} <= subtypes


def test_header_cells_have_a_scope_and_row_headers_in_appendices_b_and_d(draft):
    html, data = draft
    with pikepdf.open(io.BytesIO(data)) as pdf:
        scopes = [
            str(element.A.Scope)
            for element in _elements(pdf.Root.StructTreeRoot.K[0])
            if element.S == "/TH"
        ]
    assert scopes.count("/Row") == _count(html, r"<th scope=\"row\"") > 20
    assert scopes.count("/Column") == _count(html, r"<th scope=\"col\"")


def test_each_contents_entry_is_one_link_described_by_its_heading(draft):
    html, data = draft
    contents = re.search(r'<nav class="report-contents".*?</nav>', html, re.DOTALL).group(0)
    titles = [
        re.sub(r"\s+", " ", title).replace("&#x27;", "'")
        for title in re.findall(r'class="report-contents__link"[^>]*>([^<]+)</a>', contents)
    ]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[1]
        described = [str(annotation.Contents) for annotation in page.Annots]
        leader_dots = [a for a in _artifacts(page) if a.Type == "/Layout"]
        links = [e for e in _elements(pdf.Root.StructTreeRoot.K[0]) if e.S == "/Link"]
        tagged_in_links = sum(isinstance(kid, int) for link in links for kid in link.K)

    assert described == titles  # one annotation per entry, described by its heading
    assert len(links) == len(titles)
    # The entries' words and page numbers are tagged; the ~2,000 dots are Artifacts.
    assert len(leader_dots) > 1000
    assert tagged_in_links < 10 * len(titles)


def test_the_draft_watermark_is_not_text(draft):
    _, data = draft

    for page in PdfReader(io.BytesIO(data)).pages:
        text = page.extract_text()
        assert not re.search(r"\b(?:DR|AF)\b", text)
        assert text.count("DRAFT") == 1  # the mark in the running header
