"""Small builders and formatters the report's parts share: blocks from authored
Markdown or plain text, paragraph numbers, dates, lists of names, money, and the
sentences more than one part says (a call for evidence, who served)."""

from decimal import Decimal, InvalidOperation

from django.utils.html import escape

from reviews.markdown import render_markdown, split_blocks
from reviews.models import WorkingGroupMember
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


def call_sentence(call):
    sentence = f"the working group invited views through {call.channel}"
    published = call.published_on
    if published:
        sentence = f"{'On' if published.day else 'In'} {long_date(published)} {sentence}"
    else:
        sentence = sentence[0].upper() + sentence[1:]
    sentence += f", with a closing date of {long_date(call.closes_on)}." if call.closes_on else "."
    if call.responses_received is not None:
        count = call.responses_received
        if count == 0:
            sentence += " No responses were received."
        elif count == 1:
            sentence += " One response was received."
        else:
            sentence += f" {count} responses were received."
    return sentence


def membership_sentence(members):
    """ "Councillors A, B and C; and the Independent Co-opted Members D and E"."""
    councillors = [m for m in members if m.person.honorific.lower() == "councillor"]
    others = [m for m in members if m not in councillors]
    phrases = []
    if councillors:
        names = [m.person.full_name for m in councillors]
        label = "Councillors" if len(names) > 1 else "Councillor"
        phrases.append(f"{label} {join_names(names)}")
    if others:
        phrases.append(_others_phrase(others))
    return phrases


def _others_phrase(members):
    roles = WorkingGroupMember.GroupRole
    co_opted = all(m.role in (roles.CO_OPTED, roles.DRAFT_REVIEWER) for m in members)
    if not co_opted:
        return join_names(m.person.formal_name for m in members)
    names = [m.person.full_name for m in members]
    label = "Independent Co-opted Members" if len(names) > 1 else "Independent Co-opted Member"
    return f"the {label} {join_names(names)}"
