"""Small builders and formatters the report's parts share: blocks from authored
Markdown or plain text, paragraph numbers, dates, lists of names, money."""

from decimal import Decimal, InvalidOperation

from django.utils.html import escape

from reviews.markdown import render_markdown, split_blocks
from reviews.report.content import Block


def long_date(value):
    return f"{value.day} {value:%B %Y}" if value else ""


def join_names(names):
    """ "A, B and C"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def money(value):
    try:
        return f"£{Decimal(str(value)):,.2f}"
    except (InvalidOperation, ValueError):
        return str(value)


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
