"""Searching evidence by text.

PostgreSQL: full-text search (English stemming, ranked) with the matching passage
from `ts_headline`. SQLite: every word must appear (case-insensitive); the passage
is cut around the first match. Either way the passage is escaped HTML with the
matched words in <mark>.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe

# Markers no document contains, swapped for <mark> after escaping.
_START, _STOP = "\x02", "\x03"
PASSAGE_CHARS = 240


def _words(query):
    return [w for w in re.findall(r"\w+", query or "") if len(w) > 1]


def _marked(text):
    return mark_safe(escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>"))


def search_evidence(queryset, query):
    """Evidence in `queryset` matching `query`, best first, each with `.passage`."""
    words = _words(query)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        vector = SearchVector("search_document", config="english")
        search_query = SearchQuery(" ".join(words), config="english", search_type="plain")
        results = (
            queryset.annotate(search=vector, rank=SearchRank(vector, search_query))
            .filter(search=search_query)
            .annotate(
                headline=SearchHeadline(
                    "search_document",
                    search_query,
                    config="english",
                    start_sel=_START,
                    stop_sel=_STOP,
                    # One passage around the best match (PostgreSQL's fragment mode
                    # falls back to the document's opening words too readily).
                    max_words=40,
                    min_words=20,
                )
            )
            .order_by("-rank", "pk")
        )
        return _PassageResults(results, lambda e: _marked(e.headline))
    results = queryset
    for word in words:
        results = results.filter(search_document__icontains=word)
    return _PassageResults(results.order_by("pk"), lambda e: _passage(e.search_document, words))


def _passage(text, words):
    """The text around the whole phrase if it appears, else around the longest word."""
    lower = text.lower()
    first = 0
    for candidate in [" ".join(words), *sorted(words, key=len, reverse=True)]:
        position = lower.find(candidate.lower())
        if position >= 0:
            first = position
            break
    start = max(0, first - PASSAGE_CHARS // 3)
    end = min(len(text), start + PASSAGE_CHARS)
    snippet = text[start:end].replace("\n", " ")
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    snippet = pattern.sub(lambda m: f"{_START}{m.group(0)}{_STOP}", snippet)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return _marked(f"{prefix}{snippet}{suffix}")


class _PassageResults:
    """A queryset wrapper that adds `.passage` to each item it yields (so Django's
    paginator can still slice and count it)."""

    def __init__(self, queryset, passage):
        self.queryset = queryset
        self._passage = passage

    def count(self):
        return self.queryset.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        items = self.queryset[item]
        if isinstance(item, slice):
            items = list(items)
            for evidence in items:
                evidence.passage = self._passage(evidence)
            return items
        items.passage = self._passage(items)
        return items

    def __iter__(self):
        return iter(self[:])
