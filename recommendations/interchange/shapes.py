"""How fields.py declares the format's objects, and the shared code that reads them.

A `Shape` is one kind of JSON object: its keys (`Field`s) in the order an export
writes them. A field whose `Type` is plain is a value copied between the JSON key and
the model attribute of the same name, converted only for dates and date-times;
`Shape.dump` (export) and `Shape.values` (import) do that for every model. The other
fields — references, nested lists, files, an item's own `ref` — are declared so that
the keys are complete and documented, but export.py and importer.py make and read
their values.
"""

import copy
from dataclasses import dataclass

from recommendations.interchange.validation import (
    parse_date,
    parse_datetime,
    parse_partial_date,
    strict_object,
)


def _same(value, path=None):
    return value


def _iso(value):
    return value.isoformat() if value is not None else None


# Compared by identity: two types may share a name (a plain "list" and a list of items).
@dataclass(frozen=True, eq=False)
class Type:
    name: str  # as the "type" column of docs/review-json.md begins
    plain: bool = True
    empty: object = None  # the default, unless a field gives its own
    dump: object = _same  # model value -> JSON value
    load: object = _same  # (JSON value, path) -> model value, or ValueError


STRING = Type("string", empty="")
INTEGER = Type("integer")
BOOLEAN = Type("boolean", empty=False)
DATE = Type("date", dump=_iso, load=parse_date)
DATE_TIME = Type("date-time", dump=_iso, load=parse_datetime)
# Known to the day, the month or the year: "2023-05-25", "2023-05", "2023".
PARTIAL_DATE = Type("partial date", dump=_iso, load=parse_partial_date)
# JSON that the model keeps as it is (a data table's columns and totals, a row's cells).
JSON_LIST = Type("list", empty=[])
JSON_OBJECT = Type("object", empty={})

# Not plain: made and read by export.py and importer.py.
REF = Type("string", plain=False)  # the item's own local reference
PERSON_REF = Type("person ref", plain=False)
MEETING_REF = Type("meeting ref", plain=False)
ORGANISATION_NAME = Type("organisation name", plain=False)
RECOMMENDATION_NUMBER = Type("recommendation number", plain=False)
RESPONDING_BODY_NAME = Type("responding body name", plain=False)
LIST = Type("list", plain=False, empty=[])
OBJECT = Type("object", plain=False)
FILE = Type("file", plain=False)

# The default of `position`: the item's index in its list (null means the same).
AT_INDEX = "its index"
_UNSET = object()


@dataclass(frozen=True, eq=False)
class Field:
    name: str
    type: Type
    required: bool = False
    default: object = _UNSET

    def __post_init__(self):
        if self.default is _UNSET:
            object.__setattr__(self, "default", self.type.empty)

    def import_default(self):
        # A copy, so that no imported row shares a list or dict with the declaration.
        return None if self.default is AT_INDEX else copy.copy(self.default)


def required(name, type_=STRING):
    return Field(name, type_, required=True)


POSITION = Field("position", INTEGER, default=AT_INDEX)


class Shape:
    def __init__(self, heading, *fields):
        self.heading = heading  # of the object's table in docs/review-json.md
        self.fields = fields

    def __repr__(self):
        return f"<Shape {self.heading}>"

    def __add__(self, more):
        """This shape followed by the keys of `more` (evidence of one kind)."""
        return Shape(more.heading, *self.fields, *more.fields)

    def read(self, data, path):
        """`data` checked for its keys (none missing, none unknown), defaults filled in."""
        return strict_object(
            data,
            path,
            required=[f.name for f in self.fields if f.required],
            optional={f.name: f.import_default() for f in self.fields if not f.required},
        )

    def values(self, item, path, index=None):
        """The plain fields of a `read` item as model attributes, in declared order.

        A date or date-time that does not parse raises `ValueError` naming its place;
        `position`, when null, is `index`.
        """
        values = {}
        for f in self.fields:
            if f.type.plain:
                value = f.type.load(item[f.name], f"{path}.{f.name}")
                values[f.name] = index if value is None and f.default is AT_INDEX else value
        return values

    def dump(self, obj, **given):
        """`obj` as a JSON object in declared order: plain fields read from `obj`, the
        others (and any plain one the caller overrides) taken from `given`."""
        data = {}
        for f in self.fields:
            if f.name in given:
                data[f.name] = given.pop(f.name)
            elif f.type.plain:
                data[f.name] = f.type.dump(getattr(obj, f.name))
            else:
                raise TypeError(f"{self.heading}: no value given for {f.name}.")
        if given:
            raise TypeError(f"{self.heading}: {', '.join(given)} not in the format.")
        return data
