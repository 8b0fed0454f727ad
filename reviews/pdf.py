"""The report as a PDF: the print skeleton through WeasyPrint, cached by content.

`print_html(review)` is the whole print document (the shared partials plus the print
stylesheet, inlined). A PDF is kept in MEDIA_ROOT under `report-cache/<review id>/`
named by the SHA-256 of that HTML (and of `RENDERER`), so exporting an unchanged
report again reads the file instead of rendering. `start_render` queues the render on
the task queue, so a page can start it and poll (`render_status`) instead of waiting
on one long request.
"""

import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.template.loader import render_to_string

from reviews.report import assemble_report
from scrutiny.models import Job

# WeasyPrint reports each step of a render on this logger at INFO. The steps are
# shown on the PDF status page (`_ProgressHandler`), not written to the server's log;
# set up before importing WeasyPrint, which logs while loading its own stylesheets.
_progress_logger = logging.getLogger("weasyprint.progress")
_progress_logger.propagate = False
_progress_logger.setLevel(logging.INFO)

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402

from reviews import pdf_tags  # noqa: E402
from reviews.pdf_text import keep_together  # noqa: E402

# WeasyPrint's structure tree, with the fixes PDF/UA-1 needs (see reviews/pdf_tags.py).
pdf_tags.install()

logger = logging.getLogger(__name__)

CACHE_DIR = "report-cache"
PDF_VARIANT = "pdf/ua-1"
# Part of every cache key: change it when the same HTML should render differently
# (a change in reviews/pdf_tags.py or reviews/pdf_text.py), so no PDF made the old
# way is served again.
RENDERER = "weasyprint-70.0 pdf/ua-1 tags-2 text-1"


def _stylesheet(name):
    path = finders.find(f"report/{name}")
    if not path:
        raise FileNotFoundError(f"static/report/{name} is missing")
    return Path(path).read_text(encoding="utf-8")


def print_html(review=None, *, report=None, final=None):
    """The print document for `review` (or an already assembled `report`)."""
    report = report or assemble_report(review, final=final)
    return render_to_string(
        "report/print.html",
        {
            "report": report,
            "print_css": _stylesheet("print.css"),
            "draft_css": _stylesheet("print-draft.css") if report.is_draft else "",
        },
    )


def html_key(html):
    return hashlib.sha256(f"{RENDERER}\n{html}".encode()).hexdigest()


def is_key(value):
    """A key is a SHA-256 in hex: nothing else may name a file in the cache."""
    return len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def _url_fetcher():
    """The print HTML needs nothing from the network or the disk: data: URIs only."""
    return URLFetcher(allowed_protocols={"data"})


def render_pdf(html):
    """HTML → PDF bytes: A4 (set by the stylesheet), tagged PDF/UA-1 (page furniture
    as Artifacts, one structure element per element however many pages it crosses),
    bookmarks from the headings, title and language from the document; dates and
    numbered references kept on one line. Every PDF the app makes comes from here:
    the task queue's render, the publication and the management command."""
    return HTML(string=keep_together(html), url_fetcher=_url_fetcher()).write_pdf(
        pdf_variant=PDF_VARIANT, pdf_identifier=False, uncompressed_pdf=False
    )


def cache_path(review_id, key):
    return f"{CACHE_DIR}/{review_id}/{key}.pdf"


def cached_pdf(review_id, key):
    """The cached PDF's bytes, or None."""
    path = cache_path(review_id, key)
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as handle:
        return handle.read()


def pdf_for_html(review_id, html):
    """The PDF for this print HTML: from the cache, or rendered and cached."""
    key = html_key(html)
    pdf = cached_pdf(review_id, key)
    if pdf is None:
        pdf = render_pdf(html)
        _store(review_id, key, pdf)
    return pdf


# How many rendered PDFs to keep per review: the current one and a few recent ones
# (someone may still be downloading a PDF of the report as it stood a moment ago).
CACHE_KEEP = 5


def _store(review_id, key, pdf):
    path = cache_path(review_id, key)
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(pdf))
        _prune(review_id)


def _prune(review_id):
    folder = f"{CACHE_DIR}/{review_id}"
    try:
        _, files = default_storage.listdir(folder)
        paths = [f"{folder}/{name}" for name in files if name.endswith(".pdf")]
        paths.sort(key=default_storage.get_modified_time, reverse=True)
        for old in paths[CACHE_KEEP:]:
            default_storage.delete(old)
    except OSError:  # another process pruned at the same time: nothing lost
        logger.warning("Could not prune the PDF cache of review %s", review_id, exc_info=True)


def cached_download(review_id, key, filename):
    """A download of the cached PDF for `key` (which must be ready)."""
    return FileResponse(
        default_storage.open(cache_path(review_id, key), "rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )


def report_pdf(review, *, final=None):
    """The current report of `review` as PDF bytes (cached)."""
    return pdf_for_html(review.pk, print_html(review, final=final))


# --- rendering in the background ---------------------------------------------------
# A render runs on the task queue (reviews.tasks.render_report_pdf), never inside a
# request. The print HTML is staged in storage beside the cache, so any worker on any
# machine can render it; its progress is a scrutiny.Job row that every web process
# reads. Nothing about a render lives in one process's memory.

JOB_PREFIX = "report-pdf"


def job_key(review_id, key):
    return f"{JOB_PREFIX}:{review_id}:{key}"


def staged_path(review_id, key):
    return f"{CACHE_DIR}/{review_id}/{key}.html"


class _ProgressHandler(logging.Handler):
    """WeasyPrint reports its steps ("Step 5 - Creating layout - Page 12") on its
    progress logger; pass them, at most once a second, to the job rendering in this
    thread."""

    def __init__(self):
        super().__init__(level=logging.INFO)
        self.local = threading.local()

    def emit(self, record):
        report = getattr(self.local, "report", None)
        now = time.monotonic()
        if report is not None and now - getattr(self.local, "last", 0) >= 1:
            self.local.last = now
            report(record.getMessage())


_progress = _ProgressHandler()
_progress_logger.addHandler(_progress)


def render_staged(review_id, key, *, progress=None):
    """Render the staged print HTML for `key` into the cache (in a worker)."""
    path = cache_path(review_id, key)
    if default_storage.exists(path):
        return
    with default_storage.open(staged_path(review_id, key), "rb") as handle:
        html = handle.read().decode("utf-8")
    _progress.local.report = progress
    try:
        _store(review_id, key, render_pdf(html))
    finally:
        _progress.local.report = None
    default_storage.delete(staged_path(review_id, key))


def start_render(review_id, html):
    """Queue a render of `html` unless it is cached or already queued or rendering.
    Returns the key to ask `render_status` about."""
    from reviews.tasks import render_report_pdf

    key = html_key(html)
    if default_storage.exists(cache_path(review_id, key)):
        return key
    if not default_storage.exists(staged_path(review_id, key)):
        default_storage.save(staged_path(review_id, key), ContentFile(html.encode("utf-8")))
    Job.start(job_key(review_id, key), render_report_pdf, review_id=review_id, key=key)
    return key


@dataclass
class RenderStatus:
    state: str  # "ready", "rendering" (queued or running), "failed" or "unknown"
    elapsed: float = 0.0
    expected: float | None = None
    error: str = ""
    step: str = ""

    @property
    def percent(self):
        """A rough progress estimate from how long the last render took."""
        if self.state == "ready":
            return 100
        if not self.expected:
            return None
        return min(95, int(100 * self.elapsed / self.expected))


def _last_duration():
    """How long the last report render took, to tell people roughly how long to wait."""
    last = (
        Job.objects.filter(key__startswith=f"{JOB_PREFIX}:", state=Job.State.DONE)
        .order_by("-finished_at")
        .first()
    )
    return last.duration if last else None


def render_status(review_id, key):
    if not is_key(key):
        return RenderStatus("unknown")
    if default_storage.exists(cache_path(review_id, key)):
        return RenderStatus("ready")
    job = Job.objects.filter(key=job_key(review_id, key)).first()
    if job is None:
        return RenderStatus("unknown")
    if job.has_failed:
        return RenderStatus("failed", elapsed=job.elapsed, error=job.failure)
    if job.state == Job.State.QUEUED:
        return RenderStatus("rendering", elapsed=job.elapsed, step="Waiting for a worker")
    return RenderStatus("rendering", elapsed=job.elapsed, expected=_last_duration(), step=job.step)
