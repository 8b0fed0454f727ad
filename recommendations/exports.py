"""The tracker's rows as a spreadsheet: CSV and Excel (XLSX), same columns."""

import csv
import datetime
import tempfile

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from recommendations.models import FollowUpAssessment

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
    "Lead officer",
    "Target date",
    "Date received",
    "Overdue",
    "Implementation (latest follow-up)",
    "RAG rating (latest follow-up)",
    "Outcome (latest follow-up)",
]


# Rows are read from the database in chunks and written as they come, so an export's
# memory stays flat however many recommendations it holds.
CHUNK = 500


def tracker_rows(recommendations):
    """One list of cells per recommendation and addressee (one row for a
    recommendation only to the panel), in `COLUMNS` order (dates as dates). The
    queryset must carry the tracker's annotations and prefetch
    `addressees_prefetch(...)`."""
    implementation = dict(FollowUpAssessment.Implementation.choices)
    rag = {value: value.title() for value in FollowUpAssessment.Rag.values}
    outcome = dict(FollowUpAssessment.Outcome.choices)
    for r in recommendations.iterator(chunk_size=CHUNK):
        common = [r.review.body.name, r.review.working_group_name, r.number, r.text]
        assessed = [
            implementation.get(r.latest_implementation, ""),
            rag.get(r.latest_rag, ""),
            outcome.get(r.latest_outcome, ""),
        ]
        if not r.links:
            yield [
                *common,
                "The panel",
                None,
                "Not needed",
                "",
                "",
                "",
                None,
                None,
                "No",
                *assessed,
            ]
        for link in r.links:
            response = link.response
            received = response is not None and not response.is_draft
            yield [
                *common,
                link.responding_body.name,
                link.response_due_on,
                response.get_status_display() if received else "Awaiting response",
                response.get_decision_display() if received else "",
                response.reason if received else "",
                response.lead_officer if received else "",
                response.target_date if received else None,
                response.received_on if received else None,
                "Yes" if link.is_overdue else "No",
                *assessed,
            ]


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
    widths = {"Recommendation": 60, "Reason": 40, "Review": 36, "Body": 30}
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
