"""The small Markdown subset officers write report prose in, made safe.

Headings, paragraphs, lists, emphasis, links and tables: rendered with `markdown`
and then sanitised with `nh3`, so whatever is typed (raw HTML included) can only
produce the tags listed here. Headings are moved down to sit under the report's own
(an author's `#` is a subheading inside a numbered section).
"""

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "blockquote",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

_TABLE = re.compile(r"<table>.*?</table>", re.DOTALL)
TABLE_WRAPPER = (
    '<div class="report-table-wrapper app-table-scroll" tabindex="0" role="region" '
    'aria-label="Table">{table}</div>'
)

# An author's level-1 heading becomes an <h4>: the report uses h1–h3 itself.
HEADING_OFFSET = 3
_HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)

VOID_ELEMENTS = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base"}
BLOCK_ELEMENTS = {
    "p",
    "ul",
    "ol",
    "li",
    "table",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "div",
    "thead",
    "tbody",
}


def _shift_headings(html, offset):
    def shift(match):
        level = min(int(match.group(2)) + offset, 6)
        return f"<{match.group(1)}h{level}"

    return _HEADING.sub(shift, html)


def render_markdown(text, *, heading_offset=HEADING_OFFSET):
    """Markdown → sanitised HTML (a string safe to mark safe)."""
    if not text or not text.strip():
        return ""
    html = markdown_lib.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    html = _shift_headings(html, heading_offset)
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    # Tables typed in Markdown get header cells scoped to their columns, and every
    # table a scrolling region of its own, so that a wide one does not widen the page
    # on a small screen (the same wrapper as the report's data tables).
    html = html.replace("<th>", '<th scope="col">').strip()
    return _TABLE.sub(lambda m: TABLE_WRAPPER.format(table=m.group(0)), html)


@dataclass
class HtmlBlock:
    """One top-level element of rendered Markdown."""

    tag: str
    html: str  # the whole element
    inner: str  # what is inside it


class _TopLevelSplitter(HTMLParser):
    def __init__(self, source):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.depth = 0
        self.blocks = []
        self._start = None
        self._inner_start = None
        self._tag = None
        self._line_offsets = [0]
        for line in source.splitlines(keepends=True):
            self._line_offsets.append(self._line_offsets[-1] + len(line))

    def _offset(self):
        line, column = self.getpos()
        return self._line_offsets[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in VOID_ELEMENTS:
            return
        if self.depth == 0:
            self._start = self._offset()
            self._inner_start = self._start + len(self.get_starttag_text())
            self._tag = tag
        self.depth += 1

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        self.depth -= 1
        if self.depth == 0 and self._start is not None:
            end_tag_start = self._offset()
            end = self.source.index(">", end_tag_start) + 1
            self.blocks.append(
                HtmlBlock(
                    tag=self._tag,
                    html=self.source[self._start : end],
                    inner=self.source[self._inner_start : end_tag_start],
                )
            )
            self._start = None

    def handle_data(self, data):
        # Text outside any element (should not happen with Markdown output): keep it.
        if self.depth == 0 and data.strip():
            self.blocks.append(HtmlBlock(tag="p", html=f"<p>{data}</p>", inner=data))


def split_blocks(html):
    """The top-level elements of `html`, in order."""
    splitter = _TopLevelSplitter(html)
    splitter.feed(html)
    splitter.close()
    return splitter.blocks


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.list_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self.list_depth += 1
        elif tag == "li":
            self.parts.append("\n" + "  " * (self.list_depth - 1) + "- ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" | ")
        elif tag in BLOCK_ELEMENTS or tag == "dt":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("ul", "ol"):
            self.list_depth -= 1
            self.parts.append("\n")
        elif tag in ("li", "td", "th", "dd"):
            return
        elif tag == "dt":
            self.parts.append(": ")
        elif tag in BLOCK_ELEMENTS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html):
    """Readable plain text of report HTML: paragraphs on their own lines, list items
    as "- ", for comments and diffs."""
    extractor = _TextExtractor()
    extractor.feed(html or "")
    extractor.close()
    text = unescape("".join(extractor.parts))
    lines = [
        line.strip() if not line.lstrip().startswith("- ") else line.rstrip()
        for line in text.split("\n")
    ]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
