"""Reading what officers upload: evidence documents (PDF, DOCX, plain text) and
tables of figures (CSV, XLSX).

The type of a file is decided by its content, never by its name: a renamed
executable is refused however it is called. Zip-based files (DOCX, XLSX) are checked
from their directory -- entries, unpacked size, compression ratio, names, macros --
before anything unpacks them. A request only checks a document (`check_document`);
its text is extracted on the task queue (`extract_text`), in a child process with
CPU-time and memory limits, and capped at MAX_TEXT_CHARS.
"""

import csv
import hashlib
import io
import multiprocessing
import resource
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

# What a zip-based upload may unpack to: far beyond any real report or spreadsheet,
# far below what would stall a server (a 484 KB "zip bomb" unpacks to 203 MB).
MAX_ZIP_ENTRIES = 5_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
# Extracting text: at most this much CPU time and memory, and this much text kept.
EXTRACT_CPU_SECONDS = 60
EXTRACT_MEMORY_BYTES = 1024 * 1024 * 1024
MAX_TEXT_CHARS = 2_000_000
TEXT_CAPPED_NOTE = (
    "The document's text is longer than {limit:,} characters: only the first "
    "{limit:,} are kept for search."
)


@dataclass(frozen=True)
class CheckedDocument:
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class ReadDocument:
    content_type: str
    text: str
    size: int
    sha256: str
    note: str = ""


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


def _check_zip(data, what):
    """Refuse a zip-based file whose directory says it would unpack to too much, holds
    names that climb out of its folder, or carries macros."""
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile as exc:
        raise ValidationError(
            f"The {what} could not be read. It may be damaged; try saving it again.",
            code="unreadable",
        ) from exc
    unpacked = sum(entry.file_size for entry in entries)
    squeezed = any(
        entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1)
        and entry.file_size > 1024 * 1024
        for entry in entries
    )
    if len(entries) > MAX_ZIP_ENTRIES or unpacked > MAX_UNPACKED_BYTES or squeezed:
        raise ValidationError(
            f"The {what} unpacks to far more than its size suggests, so it cannot be "
            "accepted. Save it again from the program that made it, or upload a PDF.",
            code="zip_bomb",
        )
    if any(
        entry.filename.startswith(("/", "\\")) or ".." in entry.filename.split("/")
        for entry in entries
    ):
        raise ValidationError(
            f"The {what} holds files with unsafe names, so it cannot be accepted.",
            code="unsafe_names",
        )
    if any(entry.filename.lower().endswith("vbaproject.bin") for entry in entries):
        raise ValidationError(
            f"The {what} contains macros. Save it without macros (as .docx or .xlsx) "
            "and upload it again.",
            code="macros",
        )


# A name that says what a file is must agree with what its content is.
_NAMED_TYPES = {
    ".pdf": (PDF, "a PDF"),
    ".docx": (DOCX, "a Word document"),
    ".doc": (DOCX, "a Word document"),
}


# Names in a PDF that run something when it is opened or clicked. Their bytes are
# looked for in the file and in the document catalogue pypdf reads (object streams
# are compressed, so the bytes alone can miss them).
# (Long names only: three bytes such as "/JS" turn up by chance in compressed data.)
_PDF_ACTIONS = (b"/JavaScript", b"/Launch", b"/EmbeddedFile", b"/RichMedia")


def _check_pdf_actions(data):
    found = any(name in data for name in _PDF_ACTIONS)
    if not found:
        try:
            root = PdfReader(io.BytesIO(data)).trailer["/Root"]
            names = root.get("/Names") or {}
            found = "/JavaScript" in names or "/EmbeddedFiles" in names or "/AA" in root
            action = root.get("/OpenAction")
            if hasattr(action, "get"):
                found = found or action.get("/S") in ("/JavaScript", "/Launch")
        except Exception:  # unreadable here: reading its text will say so, with limits
            return
    if found:
        raise ValidationError(
            "The PDF contains scripts, attachments or actions that run when it is opened, "
            "so it cannot be accepted. Print it to a new PDF and upload that.",
            code="active_content",
        )


def _check_name(name, content_type):
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    expected = _NAMED_TYPES.get(suffix)
    if expected and content_type and content_type != expected[0]:
        raise ValidationError(
            "The file is called %(name)s but its content is not %(kind)s. Upload the "
            "document itself, saved as a PDF, a Word document (.docx) or plain text.",
            code="wrong_type",
            params={"name": name, "kind": expected[1]},
        )


def name_contradicts_content(name, data):
    """What is wrong when a stored file's name says one type and its bytes (`data`,
    its start is enough) another, as a sentence; None when they agree."""
    try:
        _check_name(name, _sniff(data))
    except ValidationError as error:
        return error.messages[0]
    return None


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


def check_document(upload):
    """Check an uploaded evidence document without reading its text (in a request).

    Raises ValidationError with a message an officer can act on.
    """
    _check_size(upload)
    data = _read_all(upload)
    content_type = _sniff(data)
    _check_name(upload.name, content_type)
    if content_type == DOCX:
        _check_zip(data, "Word document")
    elif content_type == PDF:
        _check_pdf_actions(data)
    elif content_type not in (PDF, TEXT):
        raise ValidationError(
            "The file must be a PDF, a Word document (.docx) or a plain text file. "
            "This file's content is none of those, whatever its name says.",
            code="wrong_type",
        )
    return CheckedDocument(
        content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest()
    )


def _text_of(data, content_type):
    if content_type == PDF:
        return _pdf_text(data)
    if content_type == DOCX:
        return _docx_text(data)
    return _decode_text(data)


def extract_text(data, content_type):
    """(text, note) of a checked document, read in a child process with limits on its
    CPU time and memory; text past MAX_TEXT_CHARS is dropped and the note says so.
    Raises ValidationError when the file cannot be read within them."""
    text = run_limited(_text_of, data, content_type)
    if len(text) > MAX_TEXT_CHARS:
        return text[:MAX_TEXT_CHARS], TEXT_CAPPED_NOTE.format(limit=MAX_TEXT_CHARS)
    return text, ""


def read_document(upload):
    """Check an uploaded document and extract its text, in one go (the command line
    and tests; the application checks in the request and extracts on the queue)."""
    checked = check_document(upload)
    text, note = extract_text(_read_all(upload), checked.content_type)
    return ReadDocument(
        content_type=checked.content_type,
        text=text,
        size=checked.size,
        sha256=checked.sha256,
        note=note,
    )


def _limited_child(connection, function, args):
    resource.setrlimit(resource.RLIMIT_CPU, (EXTRACT_CPU_SECONDS, EXTRACT_CPU_SECONDS + 5))
    resource.setrlimit(resource.RLIMIT_AS, (EXTRACT_MEMORY_BYTES, EXTRACT_MEMORY_BYTES))
    try:
        connection.send(("ok", function(*args)))
    except ValidationError as error:
        connection.send(("refused", error.messages[0]))
    except MemoryError:
        connection.send(("limit", ""))
    finally:
        connection.close()


def run_limited(function, *args):
    """`function(*args)` in a forked child with EXTRACT_CPU_SECONDS of CPU time and
    EXTRACT_MEMORY_BYTES of memory. Its ValidationError comes back as one; a child that
    passes a limit is stopped and reported as a ValidationError too."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_limited_child, args=(send, function, args), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(EXTRACT_CPU_SECONDS * 2):
            raise EOFError
        outcome, value = receive.recv()
    except EOFError:
        outcome, value = "limit", ""
    finally:
        child.kill()
        child.join()
        receive.close()
    if outcome == "ok":
        return value
    if outcome == "refused":
        raise ValidationError(value, code="unreadable")
    raise ValidationError(
        "The file could not be read within the time and memory allowed for one "
        "document. Save it again as a smaller file, or upload a PDF.",
        code="too_costly",
    )


def read_table(upload):
    """Rows (lists of strings) from an uploaded CSV or XLSX file; the first row is
    the header."""
    _check_size(upload)
    data = _read_all(upload)
    content_type = _sniff(data)
    if content_type == XLSX:
        _check_zip(data, "spreadsheet")
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
