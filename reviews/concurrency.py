"""Saves from stale forms are refused: optimistic concurrency for every edit form.

When an edit form is shown it carries a hidden `edit_token`: a fingerprint of the
record as the form shows it, one short SHA-256 per field the form edits (and the time
the form was shown). When it is saved, the view locks the record's row and computes
the fingerprint again from the database. If a field differs, someone else saved the
record in between: nothing is saved and the form comes back as a conflict page, with

- the person's own text still in the form (nothing they typed is lost), except that
  fields only the other person changed now hold the other person's version (a
  three-way merge: their change is not reverted by accident);
- for each field the other person changed: who changed it and when (from the
  record's history), what they changed (a word diff, `reviews.drafts.diff`), and
  for a field both changed, how the person's own version differs from theirs;
- a new token, for the record as it is now, so saving again applies the form as
  it then stands, knowingly.

No migration: the fingerprint is of the values themselves, so a change made by any
path (the admin, an import, a queryset update that leaves no history) is noticed.

What is watched is what the form edits: a ModelForm's model fields (a move, which
changes only `position`, does not make an edit stale). A form can widen it:
- `edit_watch_also`: model fields it does not edit that still make a save stale
  (a response's status: a draft sent meanwhile);
- `edit_extra_fields` and `edit_initial(instance)`: form fields that are not model
  fields, as the form would show them for `instance` (a data table's columns and
  rows; a meeting's attendance, whose form is not a ModelForm).

The views (`reviews.views.generic.EditConflictMixin`) lock and compare; this module
computes fingerprints and describes a conflict.
"""

import datetime
import hashlib
import json
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from reviews.drafts.diff import paragraphs_diff

TOKEN_FIELD = "edit_token"
HASH_LENGTH = 16  # hex digits of SHA-256 kept per field: ample to notice a change
HISTORY_LIMIT = 100  # historical rows read to find who changed a field

# The value of a field the person's submission does not give (it did not validate).
UNKNOWN = object()


# --- fingerprints ---------------------------------------------------------------------


def _plain(value):
    """`value` as JSON-able data that is equal for equal field values, however they
    were read (from the database, a historical row or a form's cleaned data)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return format(Decimal(str(value)).normalize(), "f")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet):
        return sorted(obj.pk for obj in value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def digest(value):
    data = json.dumps(_plain(value), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:HASH_LENGTH]


def _model_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _model_fields(form):
    """The model fields `form` edits (as built for its instance: some forms drop a
    field in some states), plus those it watches without editing."""
    meta = getattr(form, "_meta", None)
    if meta is None or meta.model is None:
        return []  # not a ModelForm: only its `edit_extra_fields` are watched
    edited = [name for name in meta.fields or () if name in form.fields]
    found = []
    for name in [*edited, *getattr(form, "edit_watch_also", ())]:
        model_field = _model_field(meta.model, name)
        if model_field is None:  # a form-only field (an upload)
            continue
        if isinstance(model_field, models.FileField) or model_field in found:
            continue
        found.append(model_field)
    return found


def _value(instance, model_field):
    if model_field.many_to_many:
        if instance.pk is None:
            return []
        return sorted(getattr(instance, model_field.name).values_list("pk", flat=True))
    return getattr(instance, model_field.attname)


def record_values(form, instance):
    """{field name: value} of everything `form` watches, for `instance`."""
    values = {f.name: _value(instance, f) for f in _model_fields(form)}
    extra = getattr(form, "edit_extra_fields", ())
    if extra:
        initial = form.edit_initial(instance)
        values.update({name: initial.get(name) for name in extra})
    return values


def make_token(values, now=None):
    """The hidden field's value: when the form was shown (in milliseconds), and a
    hash per field."""
    stamp = int((now if now is not None else time.time()) * 1000)
    hashes = ",".join(f"{name}={digest(value)}" for name, value in values.items())
    return f"{stamp};{hashes}"


def read_token(token):
    """(when the form was shown, {field name: hash}), or (None, None) if `token` is
    missing or not one of ours."""
    try:
        stamp, _, hashes = (token or "").partition(";")
        shown = datetime.datetime.fromtimestamp(int(stamp) / 1000, tz=datetime.UTC)
        pairs = dict(pair.split("=", 1) for pair in hashes.split(",") if pair)
    except (ValueError, OverflowError, OSError):
        return None, None
    return shown, pairs


def is_stale(token, values):
    """True unless every watched value is as it was when the form was shown. A form
    without a token (an old tab, a script) cannot be checked, so it counts as stale."""
    _, hashes = read_token(token)
    if hashes is None:
        return True
    return any(hashes.get(name) != digest(value) for name, value in values.items())


# --- the form ---------------------------------------------------------------------------


def attach_token(form, instance):
    """Add the hidden `edit_token` to `form`; an unbound form gets the fingerprint of
    `instance`, the record it shows (a bound one keeps what was posted)."""
    token_field = forms.CharField(widget=forms.HiddenInput, required=False)
    if not form.is_bound:
        token_field.initial = make_token(record_values(form, instance))
    form.fields[TOKEN_FIELD] = token_field
    # A helper's layout lists the fields it renders; an empty one (a form whose fields
    # are added after the helper is made) renders them all, and must stay empty.
    layout = getattr(getattr(form, "helper", None), "layout", None)
    if layout is not None and layout.fields and TOKEN_FIELD not in layout.fields:
        layout.fields.append(TOKEN_FIELD)


def submitted_values(form):
    """{field name: value} the person posted, for the fields the form watches;
    UNKNOWN where the form did not validate the field (or does not edit it)."""
    cleaned = getattr(form, "cleaned_data", {})
    values = {}
    for model_field in _model_fields(form):
        name = model_field.name
        if name in form.fields and name in cleaned and name not in form.errors:
            values[name] = cleaned[name]
        else:
            values[name] = UNKNOWN
    for name in getattr(form, "edit_extra_fields", ()):
        values[name] = form.data.get(form.add_prefix(name), UNKNOWN)
    return values


def as_data(form, name, value):
    """{key: [strings]} that a browser would post for `name` showing `value`: to put
    a value into a bound form's data. None if the field cannot take one (a file)."""
    form_field = form.fields[name]
    widget = form_field.widget
    key = form.add_prefix(name)
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return None
    if isinstance(widget, forms.MultiWidget):
        parts = widget.decompress(value)
        return {
            key + suffix: ["" if part is None else str(part)]
            for suffix, part in zip(widget.widgets_names, parts, strict=False)
        }
    prepared = form_field.prepare_value(value)
    if getattr(widget, "allow_multiple_selected", False):
        return {key: [str(v) for v in prepared or []]}
    if isinstance(widget, forms.CheckboxInput):
        return {key: ["on"] if prepared else []}
    return {key: ["" if prepared is None else str(prepared)]}


# --- what changed -----------------------------------------------------------------------


@dataclass
class FieldChange:
    name: str
    label: str
    theirs: object  # their version, ready to show: text, or a list of names
    is_text: bool
    is_list: bool = False
    who: str = ""
    when: datetime.datetime | None = None
    their_diff: list = field(default_factory=list)  # what they changed, paragraphs
    in_form: bool = True  # the form edits this field (else it is only watched)
    yours_too: bool = False  # the person changed this field as well: theirs is kept
    your_diff: list = field(default_factory=list)  # from their version to yours
    merged: bool = False  # their version is now in the form


@dataclass
class Conflict:
    noun: str
    changes: list
    checked: bool  # False: the form had no token, so we could not tell what changed
    who: list = field(default_factory=list)  # everyone who changed it meanwhile
    files_dropped: bool = False


def person_name(user, me=None):
    """Who made a change, as a conflict page says it: "you (…)" for the person
    reading, "someone else" when no one is recorded, otherwise their name by the
    app's one naming rule (`User.display_name`)."""
    if user is None:
        return "someone else"
    if me is not None and user.pk == me.pk:
        return "you (in another tab or window)"
    return user.display_name


def _display(form, instance, name, value):
    """`value` of field `name` as a person reads it."""
    model_field = _model_field(type(instance), name)
    if model_field is None:  # a form-only field: its choice's label, or the text
        choices = getattr(form.fields.get(name), "choices", None)
        if choices is not None:
            return str(dict(choices).get(value, value or ""))
        return "" if value is None else str(value)
    if model_field.is_relation:
        return _display_related(model_field, value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value or ""))
    if isinstance(value, datetime.date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return "" if value is None else str(value)


def _display_related(model_field, value):
    manager = model_field.related_model._default_manager
    if model_field.many_to_many:
        return [str(obj) for obj in manager.filter(pk__in=value or [])]
    if value in (None, ""):
        return ""
    obj = manager.filter(pk=value).first()
    return str(obj) if obj else ""


def _label(form, instance, name):
    if name in form.fields and form.fields[name].label:
        text = str(form.fields[name].label)
    else:
        text = str(type(instance)._meta.get_field(name).verbose_name)
        text = text[:1].upper() + text[1:]
    return text.rstrip("?: ")


def _is_text(form, instance, name):
    model_field = _model_field(type(instance), name)
    if model_field is None:  # a form-only field: typed text (a table's rows) or a choice
        return getattr(form.fields.get(name), "choices", None) is None
    return isinstance(model_field, models.CharField | models.TextField) and not (
        model_field.choices
    )


def _history(instance, names):
    """(the record's historical rows, newest first; {field name: the field's value
    in each row}) from django-simple-history, for the fields it keeps."""
    history = getattr(instance, "history", None)
    if history is None or instance.pk is None:
        return [], {}
    rows = list(history.select_related("history_user__person")[:HISTORY_LIMIT])
    if not rows:
        return [], {}
    values = {}
    for name in names:
        hist_field = _model_field(type(rows[0]), name)
        if hist_field is not None and not hist_field.many_to_many:
            values[name] = [getattr(row, hist_field.attname) for row in rows]
    return rows, values


def describe(form, current, token, me=None, noun=""):
    """The Conflict for a stale `form` (bound and validated) against `current`, the
    record as saved now (read under lock). Puts their version into the form for the
    fields only they changed, marks each changed field with an error, and gives the
    form a new token for `current`."""
    shown, base_hashes = read_token(token)
    checked = base_hashes is not None
    now_values = record_values(form, current)
    mine = submitted_values(form)
    rows, history_values = _history(current, list(now_values))

    changes = []
    for name, theirs in now_values.items():
        mine_value = mine.get(name, UNKNOWN)
        clash = _clash(base_hashes, name, theirs, mine_value)
        if clash is None:
            continue
        base_hash, yours_too = clash
        history = (rows, history_values.get(name), shown)
        changes.append(
            _change(form, current, name, theirs, mine_value, base_hash, yours_too, history, me)
        )

    _merge_and_mark(form, current, changes)
    noun = noun or type(current)._meta.verbose_name
    form.add_error(None, _summary(noun, checked))
    _put(form, {form.add_prefix(TOKEN_FIELD): [make_token(now_values)]})
    return Conflict(
        noun=noun,
        changes=changes,
        checked=checked,
        who=_changed_by(rows, shown, me),
        files_dropped=bool(getattr(form, "files", None)),
    )


def _clash(base_hashes, name, theirs, mine_value):
    """(the hash of the value the form was shown with, whether the user changed it
    too) for a field someone else changed; None for a field with nothing to resolve."""
    if base_hashes is None:  # no token: compare with what was posted
        if mine_value is UNKNOWN or digest(mine_value) == digest(theirs):
            return None
        return None, True
    base_hash = base_hashes.get(name)
    if base_hash == digest(theirs):
        return None  # nobody else changed it
    yours_too = mine_value is UNKNOWN or digest(mine_value) != base_hash
    if yours_too and mine_value is not UNKNOWN and digest(mine_value) == digest(theirs):
        return None  # both made the same change
    return base_hash, yours_too


def _merge_and_mark(form, current, changes):
    """Put their version in the form where only they changed a field; mark each
    changed field with its message."""
    for change in changes:
        if not change.yours_too and change.name in form.fields:
            posted = as_data(form, change.name, _form_value(form, current, change.name))
            if posted is not None:
                _put(form, posted)
                change.merged = True
        if change.name in form.fields:
            form.add_error(change.name, _field_message(change))


def _summary(noun, checked):
    if checked:
        return (
            f"Someone else changed this {noun} while you were editing it. Your changes "
            "have not been saved yet: check what changed, then save again."
        )
    return (
        f"This {noun} may have changed since you opened this page, so your changes "
        "have not been saved yet. Check the form, then save again."
    )


def _changed_by(rows, shown, me):
    """The names of the people who saved the record since the form was shown."""
    who = []
    for row in rows:
        if shown is not None and row.history_date < shown:
            break
        if row.history_user is not None:
            name = person_name(row.history_user, me)
            if name not in who:
                who.append(name)
    return who


def _form_value(form, instance, name):
    """The value to put in the form's field `name` to show `instance`'s."""
    if name in getattr(form, "edit_extra_fields", ()):
        return form.edit_initial(instance).get(name)
    model_field = type(instance)._meta.get_field(name)
    if model_field.many_to_many:
        return list(getattr(instance, name).all())
    return model_field.value_from_object(instance)


def _put(form, posted):
    data = form.data.copy()  # a QueryDict from the request is immutable
    for key, values in posted.items():
        if hasattr(data, "setlist"):
            data.setlist(key, values)
        else:
            data[key] = values if len(values) != 1 else values[0]
    form.data = data


def _change(form, current, name, theirs, mine, base_hash, yours_too, history, me):
    """The FieldChange for field `name`: `theirs` is its value now, `mine` the one
    posted, `base_hash` the hash of the one the form was shown with; `history` is
    (the record's historical rows, the field's value in each, when the form was
    shown)."""
    is_text = _is_text(form, current, name)
    shown_value = _display(form, current, name, theirs)
    change = FieldChange(
        name=name,
        label=_label(form, current, name),
        theirs=shown_value,
        is_text=is_text,
        is_list=isinstance(shown_value, list),
        in_form=name in form.fields,
        yours_too=yours_too and name in form.fields,
    )
    setter, base = _setter_and_base(history, theirs, base_hash)
    if setter is not None:
        change.who = person_name(setter.history_user, me)
        change.when = timezone.localtime(setter.history_date)
    if base is UNKNOWN and not yours_too and mine is not UNKNOWN:
        base = mine  # they did not change it, so what they posted is what they saw
    if is_text:
        if base is not UNKNOWN:
            change.their_diff = paragraphs_diff(_text(base), _text(theirs))
        if yours_too and mine is not UNKNOWN:
            change.your_diff = paragraphs_diff(_text(theirs), _text(mine))
    return change


def _setter_and_base(history, theirs, base_hash):
    """(the historical row that set the field's current value, the value the form was
    shown with, or UNKNOWN). Who set it: the oldest of the newest historical rows
    holding its current value; failing that (a field the history does not keep),
    whoever saved the record since the form was shown."""
    rows, values, shown = history
    setter = None
    base = UNKNOWN
    if values is not None:
        now_hash = digest(theirs)
        for row, value in zip(rows, values, strict=False):
            if digest(value) != now_hash:
                break
            setter = row
        if base_hash:
            base = next((v for v in values if digest(v) == base_hash), UNKNOWN)
    if setter is None and rows and (shown is None or rows[0].history_date >= shown):
        setter = rows[0]
    return setter, base


def _text(value):
    return "" if value is None else str(value)


def _field_message(change):
    who = change.who or "someone else"
    if who.startswith("you ("):
        who = "you changed this in another tab or window"
    else:
        who = f"{who} changed this"
    if change.merged:
        return f"{change.label}: {who} while you were editing it. Their version is now in the form."
    return (
        f"{change.label}: {who} while you were editing it. Your version is still in the "
        "form: compare it with theirs, then save."
    )
