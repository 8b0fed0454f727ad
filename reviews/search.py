"""Searching evidence by text.

PostgreSQL: full-text search (English stemming) on the stored, GIN-indexed vector,
ranked, with the matching passage from `ts_headline` over a short excerpt, made only
for the page being shown. SQLite: every word must appear (case-insensitive); the passage
is cut around the first match. Either way the passage is escaped HTML with the
matched words in <mark>.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Greatest, Lower, StrIndex, Substr
from django.utils.html import escape
from django.utils.safestring import mark_safe

from reviews.models import Evidence
from reviews.models.evidence import SEARCH_CONFIG

# Markers no document contains, swapped for <mark> after escaping.
_START, _STOP = "\x02", "\x03"
PASSAGE_CHARS = 240
# The excerpt a page's passages are cut from: this far before the first match, this long.
EXCERPT_BEFORE = 300
EXCERPT_CHARS = 3000


def _words(query):
    return [w for w in re.findall(r"\w+", query or "") if len(w) > 1]


def _marked(text):
    return mark_safe(escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>"))


def search_evidence(queryset, query):
    """Evidence in `queryset` matching `query`, best first. Each item taken from the
    result (a page of it) gets `.passage`."""
    words = _words(query)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        search_query = SearchQuery(" ".join(words), config=SEARCH_CONFIG, search_type="plain")
        # The stored, GIN-indexed vector: finding and ranking never parse the text.
        matches = queryset.filter(search_vector=search_query)
        ranked = (
            matches.annotate(rank=SearchRank(F("search_vector"), search_query))
            .order_by("-rank", "pk")
            .defer("search_document", "search_vector")
        )
        return _PassageResults(ranked, matches, lambda page: _headlines(page, words, search_query))
    matches = queryset
    for word in words:
        matches = matches.filter(search_document__icontains=word)
    return _PassageResults(
        matches.order_by("pk"),
        matches,
        lambda page: {e.pk: _passage(e.search_document, words) for e in page},
    )


def _headlines(page, words, search_query):
    """{pk: passage} for one page of results: `ts_headline` over a short excerpt around
    the first place one of the words starts, never over a whole document."""
    if not page:
        return {}
    # Stemmed search matches "funding" for "funded": look for the shared start.
    stem = max(words, key=len).lower()
    stem = stem[: max(4, len(stem) - 3)]
    found = StrIndex(Lower("search_document"), Value(stem))
    excerpt = Substr("search_document", Greatest(found - EXCERPT_BEFORE, 1), EXCERPT_CHARS)
    rows = (
        Evidence.objects.filter(pk__in=[e.pk for e in page])
        .annotate(
            headline=SearchHeadline(
                excerpt,
                search_query,
                config=SEARCH_CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                # One passage around the best match (PostgreSQL's fragment mode
                # falls back to the excerpt's opening words too readily).
                max_words=40,
                min_words=20,
            )
        )
        .values_list("pk", "headline")
    )
    return {pk: _marked(headline) for pk, headline in rows}


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
    """The ranked results for Django's paginator: it counts the plain matches (no
    ranking or passages) and slices the ranked ones; the passages of a page are made
    in one query for that page alone."""

    def __init__(self, ranked, matches, passages):
        self.ranked = ranked
        self.matches = matches
        self._passages = passages

    def count(self):
        return self.matches.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        page = list(self.ranked[item])
        passages = self._passages(page)
        for evidence in page:
            evidence.passage = passages.get(evidence.pk, "")
        return page

    def __iter__(self):
        return iter(self[:])
