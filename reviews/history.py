"""Who changed what, and when, in one review — read from django-simple-history's
tables, newest first."""

from dataclasses import dataclass, field
from datetime import date, datetime
from heapq import merge

from django.apps import apps
from django.utils.text import Truncator, capfirst

from reviews.drafts.diff import paragraphs_diff

# (model label, lookup from the historical row to the review's id). Children of
# children are found through their parents' historical rows, so deleted parents
# still lead to their history.
DIRECT = [
    ("reviews.Review", "id"),
    ("reviews.KeyLineOfEnquiry", "review_id"),
    ("reviews.WorkingGroupMember", "review_id"),
    ("reviews.Milestone", "review_id"),
    ("reviews.TimetableVariation", "review_id"),
    ("reviews.Meeting", "review_id"),
    ("reviews.OralEvidence", "review_id"),
    ("reviews.QuestionSet", "review_id"),
    ("reviews.CallForEvidence", "review_id"),
    ("reviews.Document", "review_id"),
    ("reviews.DataSet", "review_id"),
    ("reviews.Finding", "review_id"),
    ("reviews.Conclusion", "review_id"),
    ("reviews.ReportSection", "review_id"),
]


def register_source(label, lookup="review_id"):
    """Include another app's model in a review's history (called from that app's
    AppConfig.ready(): `reviews` does not name the apps built on it)."""
    DIRECT.append((label, lookup))


# (model label, parent FK on the historical row, parent model label)
NESTED = [
    ("reviews.Attendance", "meeting_id", "reviews.Meeting"),
    ("reviews.Witness", "meeting_id", "reviews.Meeting"),
    ("reviews.QuestionGroup", "question_set_id", "reviews.QuestionSet"),
    ("reviews.Question", "group_id", "reviews.QuestionGroup"),
    ("reviews.DataTable", "dataset_id", "reviews.DataSet"),
    ("reviews.DataRow", "table_id", "reviews.DataTable"),
]


def register_nested(label, parent_fk, parent):
    """Include another app's model found through its parent's historical rows (the
    parent registered first, with `register_source`)."""
    NESTED.append((label, parent_fk, parent))


ACTIONS = {"+": "Added", "~": "Changed", "-": "Deleted"}
HIDDEN_FIELDS = {"search_document", "status_changed_at", "updated_at", "position"}


@dataclass
class Change:
    """One field's change. A long or multi-line text is shown as `diff` (its changed
    paragraphs, word by word, as in the draft report's "What changed"); anything
    else as `old` and `new`, in full."""

    field: str
    old: str = ""
    new: str = ""
    diff: list = field(default_factory=list)


@dataclass
class Entry:
    when: datetime
    who: str
    action: str
    what: str
    record: object = None
    item: str = ""
    changes: list = field(default_factory=list)


def _history(label):
    return apps.get_model(label).history.model


def _querysets(review):
    ids = {}
    for label, lookup in DIRECT:
        qs = _history(label).objects.filter(**{lookup: review.pk})
        ids[label] = set(qs.values_list("id", flat=True))
        yield label, qs
    for label, parent_fk, parent in NESTED:
        parent_ids = ids.get(parent, set())
        qs = _history(label).objects.filter(**{f"{parent_fk}__in": parent_ids})
        ids[label] = set(qs.values_list("id", flat=True))
        yield label, qs


def review_history(review):
    """Every historical row for the review, newest first (cheap: rows are described
    only when shown, by `with_changes`)."""
    streams = []
    for label, qs in _querysets(review):
        rows = qs.select_related("history_user__person").order_by("-history_date", "-history_id")
        streams.append(_entries(rows, apps.get_model(label)._meta.verbose_name))
    return list(merge(*streams, key=lambda e: e.when, reverse=True))


def _entries(rows, verbose):
    what = verbose[:1].upper() + verbose[1:]
    for row in rows:
        yield Entry(
            when=row.history_date,
            who=_who(row.history_user),
            action=ACTIONS.get(row.history_type, row.history_type),
            what=what,
            record=row,
        )


def with_changes(entries):
    """Describe the entries about to be shown, with their field-by-field changes."""
    for entry in entries:
        record = entry.record
        entry.item = _describe(record)
        if record.history_type != "~":
            continue
        previous = record.prev_record
        if previous is None:
            continue
        delta = record.diff_against(previous)
        model = record.instance_type
        for change in delta.changes:
            if change.field in HIDDEN_FIELDS:
                continue
            entry.changes.append(_change(model._meta.get_field(change.field), change))
    return entries


# A text longer than this (or of several lines) is shown as a word diff, not twice.
DIFF_FROM = 80
# How much of a record's text names it in the history: whole words, never cut mid-word.
ITEM_WORDS = 30
# The shortest text a model's name is taken to have cut (shorter endings may match by
# chance).
MIN_CUT = 10


def _change(model_field, change):
    label = capfirst(str(model_field.verbose_name))
    old, new = _shown(model_field, change.old), _shown(model_field, change.new)
    long_text = isinstance(change.old, str) and isinstance(change.new, str)
    if long_text and ("\n" in old + new or max(len(old), len(new)) > DIFF_FROM):
        return Change(field=label, diff=paragraphs_diff(old, new))
    return Change(field=label, old=old, new=new)


def _shown(model_field, value):
    """A field's value as a person reads it: a choice's label, a date in words, Yes or
    No, the record a reference points to."""
    if value is None or value == "":
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return f"{value:%-d %B %Y, %H:%M}"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    if model_field.is_relation:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"A deleted record (#{value})"
    return str(value)


def _who(user):
    return "System" if user is None else user.display_name


def _describe(row):
    """What the entry is about: the record's name, with its text in whole words (the
    models' own names cut their text at a fixed length, often mid-word)."""
    try:
        name = str(row.instance)
    except Exception:  # a historical row whose related objects are gone
        return f"#{row.id}"
    text = getattr(row, "text", None)
    if not isinstance(text, str) or not text or name.endswith(text):
        return name
    for length in range(min(len(name), len(text) - 1), MIN_CUT - 1, -1):
        if name.endswith(text[:length]):
            return name[: len(name) - length] + Truncator(text).words(ITEM_WORDS, truncate="…")
    return name
