"""Small builders and formatters the report's parts share: blocks from authored
Markdown (with the paragraph numbers the author typed) or plain text, dates, lists
of names, money."""

import re
from decimal import Decimal, InvalidOperation

from reviews.markdown import render_markdown, split_blocks
from reviews.report.content import Block
from scrutiny.partial_dates import as_known

# A date as known: "25 April 2023", "May 2023", "2017" (full dates print to the day).
long_date = as_known


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


# A paragraph number as authors type it at the start of a paragraph: "3.1 ", "10.2 ".
AUTHORED_NUMBER = re.compile(r"^(\d+(?:\.\d+)+)\s+")


def markdown_blocks(text, *, numbered=False):
    """Blocks from authored Markdown: top-level paragraphs become paragraph blocks,
    anything else stays as sanitised HTML. With `numbered` (a numbered section), a
    paragraph the author started with a number ("9.1 The working group …") prints
    with that number; any other paragraph stays unnumbered."""
    blocks = []
    for element in split_blocks(render_markdown(text)):
        if element.tag == "p":
            html, number = element.inner.strip(), ""
            match = AUTHORED_NUMBER.match(html) if numbered else None
            if match:
                html, number = html[match.end() :], match.group(1)
            blocks.append(Block("paragraph", html=html, number=number))
        else:
            blocks.append(Block("html", html=element.html))
    return blocks
