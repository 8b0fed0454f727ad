"""The report as a PDF: the print skeleton through WeasyPrint, cached by content.

`print_html(review)` is the whole print document (the shared partials plus the print
stylesheet, inlined). A PDF is kept in MEDIA_ROOT under `report-cache/<review id>/`
named by the SHA-256 of that HTML, so exporting an unchanged report again reads the
file instead of rendering. `start_render` renders in a background thread, so a page
can start it and poll (`render_status`) instead of waiting on one long request.
"""

import hashlib
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from reviews.report import assemble_report

# WeasyPrint reports each step of a render on this logger at INFO. The steps are
# shown on the PDF status page (`_ProgressHandler`), not written to the server's log;
# set up before importing WeasyPrint, which logs while loading its own stylesheets.
_progress_logger = logging.getLogger("weasyprint.progress")
_progress_logger.propagate = False
_progress_logger.setLevel(logging.INFO)

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402

logger = logging.getLogger(__name__)

CACHE_DIR = "report-cache"
PDF_VARIANT = "pdf/ua-1"


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
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def is_key(value):
    """A key is a SHA-256 in hex: nothing else may name a file in the cache."""
    return len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def _url_fetcher():
    """The print HTML needs nothing from the network or the disk: data: URIs only."""
    return URLFetcher(allowed_protocols={"data"})


def render_pdf(html):
    """HTML → PDF bytes: A4 (set by the stylesheet), tagged PDF/UA-1, bookmarks from
    the headings, title and language from the document."""
    return HTML(string=html, url_fetcher=_url_fetcher()).write_pdf(
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


def report_pdf(review, *, final=None):
    """The current report of `review` as PDF bytes (cached)."""
    return pdf_for_html(review.pk, print_html(review, final=final))


# --- rendering in the background ---------------------------------------------------


@dataclass
class RenderJob:
    key: str
    started_at: float = field(default_factory=time.monotonic)
    finished_at: float | None = None
    error: str = ""
    step: str = "Waiting to start"
    thread: threading.Thread | None = None

    @property
    def elapsed(self):
        return (self.finished_at or time.monotonic()) - self.started_at


_jobs: dict[tuple[int, str], RenderJob] = {}
_jobs_by_thread: dict[int, RenderJob] = {}
_jobs_lock = threading.Lock()
# How long the last render took, to tell people roughly how long to wait.
_last_duration = {"seconds": None}


class _ProgressHandler(logging.Handler):
    """WeasyPrint reports its steps ("Step 5 - Creating layout - Page 12") on its
    progress logger; keep the latest one for the job rendering in that thread."""

    def emit(self, record):
        job = _jobs_by_thread.get(threading.get_ident())
        if job is not None:
            job.step = record.getMessage()


_progress_logger.addHandler(_ProgressHandler(level=logging.INFO))


def _run(review_id, key, html, job):
    _jobs_by_thread[threading.get_ident()] = job
    try:
        _store(review_id, key, render_pdf(html))
    except Exception as error:  # reported on the status page, and logged
        logger.exception("Rendering the report PDF failed")
        job.error = str(error) or error.__class__.__name__
    finally:
        _jobs_by_thread.pop(threading.get_ident(), None)
        job.finished_at = time.monotonic()
        if not job.error:
            _last_duration["seconds"] = job.elapsed


def start_render(review_id, html):
    """Start rendering `html` in a background thread unless it is cached or already
    being rendered. Returns the key to ask `render_status` about."""
    key = html_key(html)
    if default_storage.exists(cache_path(review_id, key)):
        return key
    with _jobs_lock:
        job = _jobs.get((review_id, key))
        if job is None or job.error:
            job = RenderJob(key=key)
            job.thread = threading.Thread(
                target=_run, args=(review_id, key, html, job), daemon=True, name=f"pdf-{key[:8]}"
            )
            _jobs[(review_id, key)] = job
            job.thread.start()
    return key


@dataclass
class RenderStatus:
    state: str  # "ready", "rendering", "failed" or "unknown"
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


def render_status(review_id, key):
    if not is_key(key):
        return RenderStatus("unknown")
    if default_storage.exists(cache_path(review_id, key)):
        return RenderStatus("ready")
    job = _jobs.get((review_id, key))
    if job is None:
        # Not started here (another process, or the server restarted): start again.
        return RenderStatus("unknown")
    if job.error:
        return RenderStatus("failed", elapsed=job.elapsed, error=job.error)
    return RenderStatus(
        "rendering", elapsed=job.elapsed, expected=_last_duration["seconds"], step=job.step
    )


def wait_for(review_id, key, timeout=None):
    """Block until a background render finishes (tests and the command line)."""
    job = _jobs.get((review_id, key))
    if job and job.thread:
        job.thread.join(timeout)
