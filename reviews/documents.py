"""Reading what officers upload: evidence documents (PDF, DOCX, plain text) and
tables of figures (CSV, XLSX).

The type of a file is decided by its content, never by its name: a renamed
executable is refused however it is called.
"""

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass

import docx
import filetype
import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf.errors import PdfReadError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"


@dataclass(frozen=True)
class ReadDocument:
    content_type: str
    text: str
    size: int
    sha256: str


def _check_size(upload):
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            "The file is %(size)s; the largest file you can upload is %(limit)s.",
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    if upload.size == 0:
        raise ValidationError("The file is empty.", code="empty")


def _read_all(upload):
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _sniff(data):
    """PDF, DOCX, XLSX or plain text, from the bytes themselves; None if none of these."""
    kind = filetype.guess(data)
    if kind is not None:
        return {"pdf": PDF, "docx": DOCX, "xlsx": XLSX}.get(kind.extension)
    if b"\x00" in data[:8192]:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return None
    return TEXT


def _decode_text(data):
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _pdf_text(data):
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(
                "The PDF is password-protected. Upload a copy without a password.",
                code="encrypted",
            )
        return "\n\n".join((page.extract_text() or "").strip() for page in reader.pages).strip()
    except (PdfReadError, ValueError, KeyError) as exc:
        raise ValidationError(
            "The PDF could not be read. It may be damaged; try saving it again.",
            code="unreadable",
        ) from exc


def _docx_text(data):
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ValidationError(
            "The Word document could not be read. It may be damaged; try saving it again.",
            code="unreadable",
        ) from exc
    parts = [p.text for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells]
            parts.append("\t".join(cells))
    return "\n".join(parts).strip()


def read_document(upload):
    """Check an uploaded evidence document and extract its text.

    Raises ValidationError with a message an officer can act on.
    """
    _check_size(upload)
    data = _read_all(upload)
    content_type = _sniff(data)
    if content_type == PDF:
        text = _pdf_text(data)
    elif content_type == DOCX:
        text = _docx_text(data)
    elif content_type == TEXT:
        text = _decode_text(data)
    else:
        raise ValidationError(
            "The file must be a PDF, a Word document (.docx) or a plain text file. "
            "This file's content is none of those, whatever its name says.",
            code="wrong_type",
        )
    return ReadDocument(
        content_type=content_type,
        text=text,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def read_table(upload):
    """Rows (lists of strings) from an uploaded CSV or XLSX file; the first row is
    the header."""
    _check_size(upload)
    data = _read_all(upload)
    content_type = _sniff(data)
    if content_type == XLSX:
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise ValidationError("The spreadsheet could not be read.", code="unreadable") from exc
        sheet = workbook.worksheets[0]
        rows = [
            ["" if value is None else str(value).strip() for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    elif content_type == TEXT:
        rows = [
            [cell.strip() for cell in row] for row in csv.reader(io.StringIO(_decode_text(data)))
        ]
    else:
        raise ValidationError(
            "The file must be a CSV file or an Excel workbook (.xlsx).", code="wrong_type"
        )
    rows = [row for row in rows if any(row)]
    if len(rows) < 2:
        raise ValidationError(
            "The file needs a header row and at least one row of data.", code="no_rows"
        )
    width = len(rows[0])
    return [row[:width] + [""] * (width - len(row)) for row in rows]
