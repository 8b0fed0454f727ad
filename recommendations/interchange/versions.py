"""Older scrutiny-review documents, brought up to the current version before they are
read (docs/review-json.md, "Versioning").

Version 1 → 2: a milestone had a printed label beside whole-day dates ("September
2022 – February 2023" beside 2022-09-01 and 2023-02-28); version 2 keeps dates as
precise as they are known instead ("2022-09", "2023-02"), which print as the label
did. The label is read back into such dates when it names the same days; otherwise
the dates say the precision (whole months are months), and a label they would not
print is kept in the description, so that nothing is lost.
"""

import calendar
import copy
import datetime
import re

from recommendations.interchange.fields import READS_VERSIONS, VERSION
from recommendations.interchange.upgrade import from_2
from scrutiny.partial_dates import PartialDate, as_known_range

MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}
END = re.compile(r"^(?:(\d{1,2}) )?(?:([A-Z][a-z]+) )?(\d{4})$")
START = re.compile(r"^(?:(\d{1,2}) )?([A-Z][a-z]+)?(?: (\d{4}))?$")
SEPARATOR = re.compile(r" (?:–|—|-|to) ")


def upgrade(data):
    """`data` (a decoded document) as the current version: a copy, when it was older.
    ValueError for a version this installation does not read."""
    version = data.get("version")
    if version not in READS_VERSIONS:
        raise ValueError(
            f"Unsupported scrutiny-review version {version!r}: this version of Scrutiny "
            f"reads versions {', '.join(map(str, READS_VERSIONS))}."
        )
    if version == 1:
        data = _from_1(data)
    if data["version"] == 2:
        data = from_2(data)
    assert data["version"] == VERSION
    return data


def _from_1(data):
    data = copy.deepcopy(data)
    review = data.get("review")
    milestones = review.get("milestones") if isinstance(review, dict) else None
    if isinstance(milestones, list):
        review["milestones"] = [
            _milestone_from_1(m) if isinstance(m, dict) else m for m in milestones
        ]
    data["version"] = 2
    return data


def _milestone_from_1(item):
    item = dict(item)
    label = item.pop("planned_label", None) or ""
    try:
        start, end = (_date(item.get(key)) for key in ("planned_start", "planned_end"))
    except ValueError:
        return item  # the import names the date it cannot read
    period = printed_period(label)
    if period and _same_days(period, start, end):
        planned = period
    else:
        planned = _as_known(start, end)
        if label and as_known_range(*planned) != label:
            item["description"] = f"{item.get('description', '')} (planned: {label})"
    item["planned_start"], item["planned_end"] = (d.isoformat() if d else None for d in planned)
    return item


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _same_days(period, start, end):
    first, last = period[0], period[1] or period[0]
    return (start is None or first.first_day == start) and (end is None or last.last_day == end)


def _as_known(start, end):
    """Whole-day dates as known: a period of whole months is months (a whole year, a
    year), a period of one day is that day."""
    if start is None or end is None:
        day = start or end
        return (PartialDate.from_date(day) if day else None), None
    if start == end:
        return PartialDate.from_date(start), None
    first, last = PartialDate(start.year, start.month), PartialDate(end.year, end.month)
    if start.day != 1 or last.last_day != end:
        return PartialDate.from_date(start), PartialDate.from_date(end)
    if (start.month, end.month, start.year) == (1, 12, end.year):
        return PartialDate(start.year), None
    return first, (None if first == last else last)


def printed_period(label):
    """("September 2022 – February 2023") → (PartialDate 2022-09, PartialDate 2023-02);
    ("20 April 2023") → (2023-04-20, None); None for a label that is not a date or a
    period of dates."""
    parts = SEPARATOR.split(label.strip(), maxsplit=1)
    end = _printed(END.match(parts[-1]))
    if end is None:
        return None
    if len(parts) == 1:
        return end, None
    match = START.match(parts[0])
    start = _printed(match, year=end.year) if match and parts[0] else None
    return (start, end) if start and start.may_precede(end) else None


def _printed(match, year=None):
    if not match:
        return None
    day, month, given_year = match.groups()
    if month is not None and month not in MONTHS:
        return None
    try:
        return PartialDate(
            int(given_year or year or 0),
            MONTHS.get(month),
            int(day) if day else None,
        )
    except ValueError:
        return None
