"""Words that a printed line must not split: "8 September 2023", "Recommendation 4",
"6 months", "25 %".

The report prints what people wrote, verbatim. On paper, though, "On 8 / September
2023" broken over two lines reads badly, so just before rendering the PDF the spaces
inside a date, a "Recommendation N" and a number with its unit become no-break
spaces (U+00A0). Only the text of the body changes, never tags, attributes or the
stylesheets, and never what is stored: the web page and the exports keep the text as
it was written.
"""

import re

NBSP = "\u00a0"

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|"
    "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_UNITS = (
    "%|per cent|percent|am|pm|a\\.m\\.|p\\.m\\.|mm|cm|m|km|kg|miles|mph|hours?|hrs?|"
    "minutes?|mins?|days?|weeks?|months?|years?|pupils|children|people|officers|"
    "schools|families|staff|million|billion|pages?"
)
_NUMBERED = (
    "Recommendations?|Conclusions?|Appendix|Appendices|Section|Paragraph|Page|Part|"
    "Table|Figure|Stage|Phase|Question|Item"
)

_RULES = [
    # 8 September 2023, 8 Sept, Monday 8 September
    re.compile(rf"\b(\d{{1,2}}(?:st|nd|rd|th)?) ({_MONTHS})\b(?: (\d{{4}})\b)?"),
    # September 2023, September 8
    re.compile(rf"\b({_MONTHS}) (\d{{1,4}})\b"),
    # Recommendation 4, Appendix B, paragraph 6.5
    re.compile(rf"\b((?i:{_NUMBERED})) (\d+(?:\.\d+)*|[A-Z])\b"),
    # 6 months, 25 %, £1.5 million, 10.30 am
    re.compile(rf"(\d(?:[\d,.:]*\d)?) ({_UNITS})(?![\w])", re.IGNORECASE),
]

_TAG = re.compile(r"(<[^>]*>)")
_SKIPPED = re.compile(r"<(style|script|head)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


def _join(match):
    return NBSP.join(group for group in match.groups() if group)


def keep_together_text(text):
    """`text` with no-break spaces inside dates, numbered references and measures."""
    for rule in _RULES:
        text = rule.sub(_join, text)
    return text


def keep_together(html):
    """The HTML document with `keep_together_text` applied to its text (outside tags,
    and not in <head>, <style> or <script>)."""
    pieces = []
    position = 0
    for skipped in _SKIPPED.finditer(html):
        pieces.append(_text_only(html[position : skipped.start()]))
        pieces.append(skipped.group(0))
        position = skipped.end()
    pieces.append(_text_only(html[position:]))
    return "".join(pieces)


def _text_only(html):
    parts = _TAG.split(html)
    return "".join(part if part.startswith("<") else keep_together_text(part) for part in parts)
