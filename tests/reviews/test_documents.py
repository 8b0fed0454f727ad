import io
import time
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from reviews import documents
from reviews.documents import DOCX, PDF, TEXT, check_document, read_document, read_table
from tests.pdfs import make_pdf


def upload(name, data):
    return SimpleUploadedFile(name, data)


def test_text_is_extracted_from_a_real_pdf():
    result = read_document(upload("minutes.pdf", make_pdf("Knife crime fell in Corby.")))
    assert result.content_type == PDF
    assert "Knife crime fell in Corby." in result.text
    assert len(result.sha256) == 64


def test_text_is_extracted_from_a_word_document_with_a_table():
    document = docx.Document()
    document.add_paragraph("Youth team caseloads")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Corby"
    table.rows[0].cells[1].text = "14 families"
    data = io.BytesIO()
    document.save(data)
    result = read_document(upload("caseloads.docx", data.getvalue()))
    assert result.content_type == DOCX
    assert "Youth team caseloads" in result.text
    assert "Corby\t14 families" in result.text


def test_plain_text_is_kept_as_written():
    result = read_document(upload("notes.txt", b"Zero responses by 19 May 2023."))
    assert result.content_type == TEXT
    assert result.text == "Zero responses by 19 May 2023."


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused():
    fake = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 10
    with pytest.raises(ValidationError) as error:
        read_document(upload("report.pdf", fake))
    assert error.value.code == "wrong_type"


def test_a_damaged_pdf_is_refused_with_a_message():
    with pytest.raises(ValidationError) as error:
        read_document(upload("report.pdf", b"%PDF-1.7\n garbage that is not a pdf"))
    assert error.value.code == "unreadable"


def test_a_file_over_the_size_cap_is_refused(settings):
    settings.MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        read_document(upload("big.txt", b"a" * 1001))
    assert error.value.code == "too_large"
    assert "1000" in error.value.message % error.value.params or "KB" in str(error.value)


def test_csv_rows_come_back_padded_to_the_header():
    data = b"Recipient,Amount\nBulwick Parish Council,2813.00\nClipston\n"
    assert read_table(upload("grants.csv", data)) == [
        ["Recipient", "Amount"],
        ["Bulwick Parish Council", "2813.00"],
        ["Clipston", ""],
    ]


def test_xlsx_rows_are_read_from_the_first_sheet():
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Recipient", "Amount"])
    workbook.active.append(["Whilton Parish Council", 5000])
    data = io.BytesIO()
    workbook.save(data)
    assert read_table(upload("grants.xlsx", data.getvalue())) == [
        ["Recipient", "Amount"],
        ["Whilton Parish Council", "5000"],
    ]


# --- hazards: each refused at once, with a message, before anything unpacks it --------


def _zip(entries):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return data.getvalue()


def _pdf_with(*, script=None, launch=None):
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(make_pdf("Minutes of the meeting."))))
    if script:
        action = {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject(script),
        }
    else:
        action = {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject(launch),
        }
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(action)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


DOCX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    "_rels/.rels": "<Relationships/>",
}
# 30 MB of one repeated byte: a few tens of KB once compressed.
BOMB = b"<w:t>" + b"A" * 30_000_000 + b"</w:t>"
HAZARDS = {
    "docx zip bomb": ("bomb.docx", _zip({**DOCX_PARTS, "word/document.xml": BOMB}), "zip_bomb"),
    "xlsx zip bomb": (
        "bomb.xlsx",
        _zip({**DOCX_PARTS, "xl/workbook.xml": "<workbook/>", "xl/worksheets/sheet1.xml": BOMB}),
        "zip_bomb",
    ),
    "zip-slip names": (
        "slip.docx",
        _zip({**DOCX_PARTS, "word/document.xml": "<w/>", "../../etc/cron.d/x": "* * * * *"}),
        "unsafe_names",
    ),
    "macro-enabled document renamed .docx": (
        "macros.docx",
        _zip({**DOCX_PARTS, "word/document.xml": "<w/>", "word/vbaProject.bin": b"\xd0\xcf"}),
        "macros",
    ),
    "HTML renamed .pdf": ("report.pdf", b"<html><script>alert(1)</script></html>", "wrong_type"),
    "PDF with JavaScript": ("report.pdf", _pdf_with(script="app.alert(1)"), "active_content"),
    "PDF with a launch action": ("report.pdf", _pdf_with(launch="cmd.exe"), "active_content"),
    "empty": ("empty.pdf", b"", "empty"),
}


@pytest.mark.parametrize("name", HAZARDS)
def test_a_hazardous_upload_is_refused_quickly_with_a_message(name, settings):
    filename, data, code = HAZARDS[name]
    reader = read_table if filename.endswith(".xlsx") else check_document
    started = time.process_time()

    with pytest.raises(ValidationError) as error:
        reader(upload(filename, data))

    assert error.value.code == code
    assert error.value.messages[0].endswith(".")
    assert time.process_time() - started < 2


def test_an_oversize_upload_is_refused_before_it_is_read(settings):
    settings.MAX_UPLOAD_BYTES = 1000

    with pytest.raises(ValidationError) as error:
        check_document(upload("big.pdf", b"%PDF-" + b"0" * 2000))

    assert error.value.code == "too_large"


def test_text_beyond_the_cap_is_cut_with_a_note(monkeypatch):
    monkeypatch.setattr(documents, "MAX_TEXT_CHARS", 100)

    result = read_document(upload("long.txt", b"word " * 1000))

    assert len(result.text) == 100
    assert "only the first 100 are kept" in result.note


def test_a_file_that_needs_too_much_memory_to_read_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "EXTRACT_MEMORY_BYTES", 200 * 1024 * 1024)

    with pytest.raises(ValidationError) as error:
        documents.run_limited(bytearray, 1024 * 1024 * 1024)

    assert error.value.code == "too_costly"
