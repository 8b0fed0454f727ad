"""The tracker's rows as a spreadsheet: CSV and Excel (XLSX), same columns."""

import csv
import datetime
import tempfile

import openpyxl
from django.db.models import Prefetch
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from recommendations.models import FollowUpAssessment, TargetDateChange

COLUMNS = [
    "Body",
    "Review",
    "Number",
    "Recommendation",
    "Addressed to",
    "Response due",
    "Response status",
    "Decision",
    "Reason",
    "Response",
    "Actions promised",
    "Lead officer",
    "Target date",
    "Target date history",
    "Date received",
    "Overdue",
    "Implementation (latest follow-up)",
    "RAG status (latest follow-up)",
    "Outcome (latest follow-up)",
]


# Rows are read from the database in chunks and written as they come, so an export's
# memory stays flat however many recommendations it holds.
CHUNK = 500


def tracker_rows(recommendations):
    """One list of cells per recommendation and addressee (one row for a
    recommendation only to the panel), in `COLUMNS` order (dates as dates). The
    queryset must carry the tracker's annotations and prefetch
    `addressees_prefetch(...)`; the target dates' changes are fetched here, a chunk
    of rows at a time (no query per row)."""
    implementation = dict(FollowUpAssessment.Implementation.choices)
    rag = {value: value.title() for value in FollowUpAssessment.Rag.values}
    outcome = dict(FollowUpAssessment.Outcome.choices)
    changes = Prefetch(
        "responses__target_date_changes",
        queryset=TargetDateChange.objects.select_related("changed_by__person"),
    )
    for r in recommendations.prefetch_related(changes).iterator(chunk_size=CHUNK):
        common = [r.review.body.name, r.review.working_group_name, r.number, r.text]
        assessed = [
            implementation.get(r.latest_implementation, ""),
            rag.get(r.latest_rag, ""),
            outcome.get(r.latest_outcome, ""),
        ]
        if not r.links:
            blank = ["", "", "", "", "", None, "", None]
            yield [*common, "The panel", None, response_awaited(r), *blank, "No", *assessed]
        for link in r.links:
            yield [*common, *_addressee_cells(r, link), *assessed]


def _addressee_cells(recommendation, link):
    """From "Addressed to" to "Overdue": one addressee's response."""
    response = link.response
    if response is None or response.is_draft:
        awaited = ["", "", "", "", "", None, "", None]
        status = response_awaited(recommendation)
        return [
            link.responding_body.name,
            link.response_due_on,
            status,
            *awaited,
            link_overdue(link),
        ]
    return [
        link.responding_body.name,
        link.response_due_on,
        response.get_status_display(),
        response.get_decision_display(),
        response.reason,
        response.response_text,
        response.actions,
        response.lead_officer,
        response.target_date,
        target_date_history(response),
        response.received_on,
        link_overdue(link),
    ]


def link_overdue(link):
    return "Yes" if link.is_overdue else "No"


def response_awaited(recommendation):
    """Where a recommendation without a received response stands, in words."""
    if not recommendation.needs_response:
        return "No response needed"
    if not recommendation.review.is_presented:
        return "Not yet presented"
    return "Awaiting response"


def target_date_history(response):
    """Each change of the target date, oldest first, one per line: from, to, why,
    when and by whom."""
    return "\n".join(
        f"{_day(change.old_date)} to {_day(change.new_date)}: {change.reason} "
        f"(changed {_day(change.changed_at)}"
        f"{f' by {change.changed_by.display_name}' if change.changed_by else ''})"
        for change in response.target_date_changes.all()
    )


def _day(value):
    if value is None:
        return "not set"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return f"{value:%-d %B %Y}"


def _safe(cell):
    """Text a spreadsheet would run as a formula is written as text (CSV injection)."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def _text(cell):
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return "" if cell is None else cell


class _Line:
    """csv.writer writes to this and gets the line back, to stream it."""

    def write(self, line):
        return line


def tracker_csv(recommendations):
    """The CSV's bytes, line by line, for a StreamingHttpResponse."""
    writer = csv.writer(_Line())
    # A byte-order mark so Excel opens the UTF-8 correctly (names, dashes, £).
    yield ("\ufeff" + writer.writerow(COLUMNS)).encode("utf-8")
    for row in tracker_rows(recommendations):
        yield writer.writerow([_safe(_text(cell)) for cell in row]).encode("utf-8")


def tracker_xlsx(recommendations):
    """The workbook in a temporary file (openpyxl's write-only mode writes rows as they
    come), rewound, for a FileResponse. Dates are real dates; the header row is bold,
    frozen and filterable."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Recommendations")
    widths = {
        "Recommendation": 60,
        "Reason": 40,
        "Response": 60,
        "Actions promised": 50,
        "Target date history": 50,
        "Review": 36,
        "Body": 30,
    }
    for index, heading in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(heading, 18)
    sheet.freeze_panes = "A2"
    header = []
    for heading in COLUMNS:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in tracker_rows(recommendations):
        sheet.append([_xlsx_cell(sheet, cell) for cell in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"
    out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    workbook.save(out)
    out.seek(0)
    return out


def _xlsx_cell(sheet, value):
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "d mmm yyyy"
        return cell
    return _safe(value)
