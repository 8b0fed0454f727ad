"""Checks on what an import reads, and saving a row the way an import saves it.

Every problem becomes a `ValueError` whose message begins with where it is in the
document (`review.evidence[3].tables[0]: …`), which is what docs/review-json.md
promises and what `import_review` prints.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from scrutiny.partial_dates import PartialDate

# Written to each history row the import creates, so the audit trail says where a
# row came from without pretending a user made it.
CHANGE_REASON = "Restored from a scrutiny-review JSON file"


def strict_object(data, path, *, required=(), optional=None):
    """`data` as an object with every required key and no unknown one, defaults filled."""
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected an object, found {type(data).__name__}.")
    optional = optional or {}
    missing = [key for key in required if key not in data]
    if missing:
        raise ValueError(f"{path}: missing {', '.join(missing)}.")
    unknown = sorted(set(data) - set(required) - set(optional))
    if unknown:
        raise ValueError(f"{path}: unknown field(s) {', '.join(unknown)}.")
    return {**optional, **data}


def as_list(value, path):
    if not isinstance(value, list):
        raise ValueError(f"{path}: expected a list, found {type(value).__name__}.")
    return value


def parse_date(value, path):
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"{path}: {value!r} is not a date (YYYY-MM-DD).") from None


def parse_partial_date(value, path):
    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError:
        raise ValueError(
            f"{path}: {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)."
        ) from None


def parse_datetime(value, path):
    if value is None:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"{path}: {value!r} is not a date and time (ISO 8601).") from None
    # The format reads a date-time without an offset as UK time (the site's zone).
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def describe(error, obj=None):
    """A Django `ValidationError` as one line, field by field. A value that is not
    one of a field's choices is followed by the values that are (from `obj`'s model)."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    parts = []
    for field, errors in error.error_dict.items():
        messages = [" ".join(e.messages) + _valid_choices(obj, field, e) for e in errors]
        parts.append(" ".join(messages) if field == "__all__" else f"{field}: {' '.join(messages)}")
    return "; ".join(parts)


def _valid_choices(obj, field_name, error):
    if obj is None or error.code != "invalid_choice":
        return ""
    field = obj._meta.get_field(field_name)
    values = ", ".join(repr(str(value)) for value, _label in field.flatchoices)
    return f" Use one of: {values}."


def save(obj, path):
    """Validate `obj` as a form would, then save it with the import's history reason.

    For the rows saved on their own (the body, the review); the others are written in
    bulk (rows.py)."""
    try:
        obj.full_clean()
    except ValidationError as error:
        raise ValueError(f"{path}: {describe(error, obj)}") from None
    obj._change_reason = CHANGE_REASON
    obj.save()
    return obj
