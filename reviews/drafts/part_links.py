"""The frozen report HTML shown inside a page: its headings one level down, and a
line of comment links after each part's heading."""

import re
from html.parser import HTMLParser

from django.utils.html import format_html
from django.utils.safestring import mark_safe

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _PartFinder(HTMLParser):
    """Finds where to put each part's comment link: just after the part's heading (the
    element with the part's id when that is a heading, else the first heading inside
    it), or just after the part's opening tag when it has no heading of its own."""

    def __init__(self, html, anchors):
        super().__init__(convert_charrefs=True)
        self.html = html
        self.anchors = set(anchors)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.positions = {}
        self.pending = None  # (anchor, offset after its opening tag)
        self.pending_tag = None  # the tag of the pending part's element …
        self.pending_depth = 0  # … and how deep inside that tag we are

    def _position(self):
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        anchor = dict(attrs).get("id")
        if anchor in self.anchors and anchor not in self.positions:
            self.settle_pending()
            start = self._position()
            self.pending = (anchor, start + len(self.get_starttag_text()))
            self.pending_tag, self.pending_depth = tag, 0
        elif self.pending and tag == self.pending_tag:
            self.pending_depth += 1

    def handle_endtag(self, tag):
        if self.pending and tag == self.pending_tag and tag not in HEADINGS:
            if self.pending_depth == 0:
                # The part ended without a heading of its own (a recommendation, the
                # acknowledgements): its links go just after its opening tag.
                self.settle_pending()
                return
            self.pending_depth -= 1
        if self.pending and tag in HEADINGS:
            end = self.html.index(">", self._position()) + 1
            self.positions[self.pending[0]] = end
            self.pending = None

    def settle_pending(self):
        if self.pending:
            self.positions[self.pending[0]] = self.pending[1]
            self.pending = None

    def find(self):
        self.feed(self.html)
        self.close()
        self.settle_pending()
        return self.positions


HEADING_TAG = re.compile(r"<(/?)h([1-6])(?=[\s>])", re.IGNORECASE)


def under_page_heading(html):
    """The report's headings one level down (h1 → h2 … h5 → h6), so that inside a page
    with its own h1 the outline stays whole."""
    # Only tag names change, so HTML that was safe stays safe.
    return mark_safe(HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 1, 6)}", html))


def anchors_in(html, anchors):
    """The anchors that are an element's id in `html` (a part may have no element of its
    own, such as the cover)."""
    return set(_PartFinder(html, anchors).find())


def part_noun(anchor):
    for prefix, noun in (("recommendation-", "recommendation"), ("appendix-", "appendix")):
        if anchor.startswith(prefix):
            return noun
    return "section"


def with_part_links(html, parts):
    """The frozen report HTML with a line of links after each part's heading.

    `parts` maps an anchor to (comment URL or None, comments URL, number of comments).
    The report HTML is the app's own output, rendered from sanitised sources when the
    version was issued; the links are built here with escaping.
    """
    positions = _PartFinder(html, parts).find()
    insertions = []
    for anchor, offset in positions.items():
        comment_url, comments_url, count, title = parts[anchor]
        links = []
        if comment_url:
            links.append(
                format_html(
                    '<a class="govuk-link" href="{}">Comment on this {}'
                    '<span class="govuk-visually-hidden"> ({})</span></a>',
                    comment_url,
                    part_noun(anchor),
                    title,
                )
            )
        if count:
            links.append(
                format_html(
                    '<a class="govuk-link" href="{}">{} comment{}'
                    '<span class="govuk-visually-hidden"> on {}</span></a>',
                    comments_url,
                    count,
                    "" if count == 1 else "s",
                    title,
                )
            )
        if links:
            insertions.append(
                (
                    offset,
                    '<p class="govuk-body-s app-report-part-links">' + " · ".join(links) + "</p>",
                )
            )
    for offset, snippet in sorted(insertions, reverse=True):
        html = html[:offset] + snippet + html[offset:]
    # Our own rendered report plus escaped links (see the docstring).
    return mark_safe(html)
