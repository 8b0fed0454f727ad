"""Who changed what, and when, in one review — read from django-simple-history's
tables, newest first."""

from dataclasses import dataclass, field
from datetime import datetime
from heapq import merge

from django.apps import apps

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
ACTIONS = {"+": "Added", "~": "Changed", "-": "Deleted"}
HIDDEN_FIELDS = {"search_document", "status_changed_at", "updated_at", "position"}


@dataclass
class Change:
    field: str
    old: str
    new: str


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
            entry.changes.append(
                Change(
                    field=str(model._meta.get_field(change.field).verbose_name).capitalize(),
                    old=_short(change.old),
                    new=_short(change.new),
                )
            )
    return entries


def _who(user):
    return "System" if user is None else user.display_name


def _describe(row):
    try:
        return str(row.instance)
    except Exception:  # a historical row whose related objects are gone
        return f"#{row.id}"


def _short(value, limit=160):
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
