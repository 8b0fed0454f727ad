"""Dates as precise as the source: known to the day ("25 April 2023"), the month
("May 2023") or only the year ("2017").

`PartialDate` is the value; `PartialDateField` stores it as its ISO form ("2023",
"2023-05", "2023-05-25"), which sorts sensibly as text (a year before its months, a
month before its days) and reads the same in the database, the history and the JSON
interchange; `PartialDateFormField` is the GOV.UK date input with the day (and month)
allowed blank; `as_known` prints one as known, never padded to a day (the template
filter `known_date` and the report's `long_date` are this function).

django-partial-date does the model half of this, but its last release (2022) predates
Django 5 and it has no GOV.UK form field, so this small module stands in for it.
"""

import calendar
import contextlib
import datetime
import functools
import re

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.widgets import DateInputWidget
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast, Left, Length
from django.db.models.query_utils import DeferredAttribute

ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@functools.total_ordering
class PartialDate:
    """A date known to the day, the month or the year. Ordered as its ISO form is,
    which is the database's order too."""

    DAY, MONTH, YEAR = "day", "month", "year"

    __slots__ = ("year", "month", "day")

    def __init__(self, year, month=None, day=None):
        if day is not None and month is None:
            raise ValueError("A day needs a month.")
        if not 1000 <= year <= 9999:
            raise ValueError("The year must have four digits.")
        datetime.date(year, month or 1, day or 1)  # ValueError when it does not exist
        self.year, self.month, self.day = year, month, day

    @classmethod
    def parse(cls, text):
        """From "2023", "2023-05" or "2023-05-25"; ValueError for anything else."""
        match = ISO.match(text.strip()) if isinstance(text, str) else None
        if not match:
            raise ValueError(f"{text!r} is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD.")
        return cls(*(int(part) if part else None for part in match.groups()))

    @classmethod
    def from_date(cls, value, precision=DAY):
        """`value` (a date) known to `precision`."""
        if precision == cls.YEAR:
            return cls(value.year)
        if precision == cls.MONTH:
            return cls(value.year, value.month)
        return cls(value.year, value.month, value.day)

    @property
    def precision(self):
        if self.day is not None:
            return self.DAY
        return self.MONTH if self.month is not None else self.YEAR

    @property
    def first_day(self):
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self):
        if self.day is not None:
            return self.first_day
        month = self.month or 12
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def isoformat(self):
        parts = [f"{self.year:04d}"]
        parts += [f"{self.month:02d}"] if self.month is not None else []
        parts += [f"{self.day:02d}"] if self.day is not None else []
        return "-".join(parts)

    def may_precede(self, other):
        """Whether this date can be on or before `other`, as far as both are known
        ("May 2023" may precede "20 May 2023")."""
        return self.first_day <= other.last_day

    def __str__(self):
        # As `datetime.date` does: the ISO form. Printing goes through `as_known`.
        return self.isoformat()

    def printed(self):
        """As known: "25 April 2023", "May 2023", "2017"."""
        if self.day is not None:
            return f"{self.day} {self.first_day:%B %Y}"
        if self.month is not None:
            return f"{self.first_day:%B %Y}"
        return str(self.year)

    def __repr__(self):
        return f"PartialDate({self.isoformat()!r})"

    def __eq__(self, other):
        # Known to the day, it is that day: equal to the `datetime.date`.
        if isinstance(other, datetime.date) and not isinstance(other, datetime.datetime):
            return self.precision == self.DAY and self.first_day == other
        return isinstance(other, PartialDate) and self.isoformat() == other.isoformat()

    def __lt__(self, other):
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.isoformat() < other.isoformat()

    def __hash__(self):
        return hash(self.first_day if self.precision == self.DAY else self.isoformat())


def as_known(value):
    """A date printed as known: "25 April 2023", "May 2023", "2017"; "" for none.
    A full `datetime.date` prints to the day; ISO text ("2017-07") as what it says."""
    if not value:
        return ""
    if isinstance(value, str):
        value = PartialDate.parse(value)
    if isinstance(value, PartialDate):
        return value.printed()
    return f"{value.day} {value:%B %Y}"


MONTH_NAMES = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
WRITTEN = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)? )?(?:([a-z]+)\.? )?(\d{4})$")
NUMERIC = re.compile(r"^(?:(\d{1,2})[/.])?(\d{1,2})[/.](\d{4})$")


def parse_written(text):
    """A date as people write it: "25 April 2023", "July 2017", "Jul 2017", "2017",
    "25/04/2023", "04/2023" or ISO ("2023-04-25", "2017-07"). ValueError otherwise."""
    text = " ".join(text.strip().lower().replace(",", " ").split())
    if ISO.match(text):
        return PartialDate.parse(text)
    if match := WRITTEN.match(text):
        day, month, year = match.groups()
        if month is not None and month not in MONTH_NAMES:
            raise ValueError(f"{text!r} is not a month.")
        month = MONTH_NAMES.get(month)
    elif match := NUMERIC.match(text):
        day, month, year = match.groups()
        month = int(month)
    else:
        raise ValueError(f"{text!r} is not a date.")
    return PartialDate(int(year), month, int(day) if day else None)


def as_known_range(start, end=None):
    """A period as known: "September 2022 – February 2023", "March – April 2023",
    "1 September 2022" (a period that starts and ends on the same date)."""
    if not start or not end or start == end:
        return as_known(start or end)
    if start.year == end.year and start.month is not None and end.month is not None:
        head = start.printed().removesuffix(f" {start.year}")
        return f"{head} – {end.printed()}"
    return f"{as_known(start)} – {as_known(end)}"


def to_partial(value):
    """`value` (a PartialDate, a date, its ISO text, or empty) as a PartialDate or
    None; ValueError for text that is not one."""
    if value in (None, ""):
        return None
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, datetime.date):
        return PartialDate.from_date(value)
    return PartialDate.parse(value)


class PartialDateDescriptor(DeferredAttribute):
    """Gives a `PartialDate` back for a date or ISO text assigned (text that is not a
    date is kept as it is, for validation to refuse)."""

    def __set__(self, instance, value):
        with contextlib.suppress(ValueError):
            value = to_partial(value)
        instance.__dict__[self.field.attname] = value


class PartialDateField(models.Field):
    """A `PartialDate`, stored as its ISO form in a 10-character column; empty is
    NULL."""

    description = "A date known to the day, the month or the year"
    descriptor_class = PartialDateDescriptor

    def get_internal_type(self):
        return "CharField"

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 10
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        del kwargs["max_length"]
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return PartialDate.parse(value) if value else None

    def to_python(self, value):
        try:
            return to_partial(value)
        except ValueError:
            raise ValidationError(
                "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD", code="invalid_date"
            ) from None

    def get_prep_value(self, value):
        value = self.to_python(value)
        return value.isoformat() if value else None

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return value.isoformat() if value else ""

    def formfield(self, **kwargs):
        return PartialDateFormField(
            label=kwargs.get("label") or _sentence_start(str(self.verbose_name)),
            required=not self.blank,
            help_text=kwargs.get("help_text") or PARTIAL_DATE_HINT,
        )


def partial_dates_in_order(start, end, *, name, message):
    """A CheckConstraint: `end` is not before `start` as far as both are known (each
    compared at the precision of the less precise), or either is empty."""
    return models.CheckConstraint(
        condition=Q(**{f"{start}__isnull": True})
        | Q(**{f"{end}__isnull": True})
        | Q(**{f"{end}__gte": Left(start, Length(end))}),
        name=name,
        violation_error_message=message,
    )


def _known_part(date_field, partial):
    """The full date in `date_field` as ISO text cut to the precision of `partial`."""
    return Left(Cast(date_field, models.CharField(max_length=10)), Length(partial))


def partial_date_not_after(partial, date_field, *, name, message):
    """A CheckConstraint: the partial date in `partial` is not after the full date in
    `date_field`, as far as it is known ("May 2023" is not after 20 May 2023)."""
    return models.CheckConstraint(
        condition=Q(**{f"{partial}__isnull": True})
        | Q(**{f"{date_field}__isnull": True})
        | Q(**{f"{partial}__lte": _known_part(date_field, partial)}),
        name=name,
        violation_error_message=message,
    )


def partial_date_not_before(partial, date_field, *, name, message):
    """A CheckConstraint: the partial date in `partial` is not before the full date
    in `date_field`, as far as it is known."""
    return models.CheckConstraint(
        condition=Q(**{f"{partial}__isnull": True})
        | Q(**{f"{date_field}__isnull": True})
        | Q(**{f"{partial}__gte": _known_part(date_field, partial)}),
        name=name,
        violation_error_message=message,
    )


PARTIAL_DATE_HINT = "For example, 27 2 2023. Leave the day blank, or the day and month, if unknown."


class PartialDateWidget(DateInputWidget):
    def decompress(self, value):
        if isinstance(value, list | tuple):  # as posted: day, month, year
            return value
        try:
            value = to_partial(value)
        except ValueError:
            value = None
        if value is None:
            return None, None, None
        return value.day, value.month, value.year


class PartialDateFormField(DateInputField):
    """The GOV.UK date input for a `PartialDate`: the year is needed, the month and
    day may be left blank. Messages name the field, as GOV.UK's do ("Date received
    must be a real date")."""

    def __init__(self, *, label, required=False, help_text=PARTIAL_DATE_HINT, **kwargs):
        super().__init__(label=label, required=required, help_text=help_text, **kwargs)
        label = str(label)
        self.error_messages["required"] = f"Enter the {label[:1].lower()}{label[1:]}"
        for field in self.fields:
            # Letters in a box are judged with the whole date, below.
            field.validators = []

    def compress(self, data_list):
        day, month, year = (str(part or "").strip() for part in data_list)
        if not (day or month or year):
            return None
        if not year:
            raise self._error("must include a year", "no_year")
        if day and not month:
            raise self._error("must include a month", "no_month")
        try:
            return PartialDate(int(year), int(month) if month else None, int(day) if day else None)
        except (ValueError, OverflowError):
            raise self._error("must be a real date", "invalid_date") from None

    def _error(self, what, code):
        return ValidationError(
            "%(label)s " + what, code=code, params={"label": _sentence_start(str(self.label))}
        )


def _sentence_start(text):
    return text[:1].upper() + text[1:]
