"""The tracker's rows as a spreadsheet: CSV and Excel (XLSX), same columns."""

import csv
import io

import openpyxl
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


def _date(value):
    return value.isoformat() if value else ""


def tracker_rows(recommendations):
    """One list of cells per recommendation, in `COLUMNS` order. The queryset must
    carry the tracker's annotations and `select_related("review__body", "response")`."""
    implementation = dict(FollowUpAssessment.Implementation.choices)
    rag = {value: value.title() for value in FollowUpAssessment.Rag.values}
    outcome = dict(FollowUpAssessment.Outcome.choices)
    for r in recommendations:
        response = r.current_response
        received = response is not None and not response.is_draft
        yield [
            r.review.body.name,
            r.review.working_group_name,
            r.number,
            r.text,
            r.addressee_label,
            _date(r.response_due_on),
            response.get_status_display() if received else "Awaiting response",
            response.get_decision_display() if received else "",
            response.reason if received else "",
            response.lead_officer if received else "",
            _date(response.target_date) if received else "",
            _date(response.received_on) if received else "",
            "Yes" if r.is_overdue else "No",
            implementation.get(r.latest_implementation, ""),
            rag.get(r.latest_rag, ""),
            outcome.get(r.latest_outcome, ""),
        ]


def _safe(cell):
    """Text a spreadsheet would run as a formula is written as text (CSV injection)."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def tracker_csv(recommendations) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in tracker_rows(recommendations):
        writer.writerow([_safe(cell) for cell in row])
    # A byte-order mark so Excel opens the UTF-8 correctly (names, dashes, £).
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def tracker_xlsx(recommendations) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Recommendations"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in tracker_rows(recommendations):
        sheet.append([_safe(cell) for cell in row])
    sheet.freeze_panes = "A2"
    widths = {"Recommendation": 60, "Reason": 40, "Review": 36, "Body": 30}
    for index, heading in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(heading, 18)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
