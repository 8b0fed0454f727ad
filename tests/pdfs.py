"""Real PDFs for tests, drawn with WeasyPrint (the same engine as our reports)."""

from django.utils.html import escape
from weasyprint import HTML


def make_pdf(*paragraphs):
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return HTML(string=f"<html lang='en'><body>{body}</body></html>").write_pdf()
