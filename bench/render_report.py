"""Benchmark: rendering the reference review's report to PDF.

Measures, in one run, on the same print HTML (templates/report/print.html):

- WeasyPrint, as the app renders the PDF (a cold render, several times);
- exporting the unchanged report again (the PDF cache: assembling the HTML, hashing
  it, reading the cached file);
- LibreOffice (`soffice --headless --convert-to pdf`), when installed;
- Chromium (`chromium --headless --print-to-pdf`), when installed.

It builds its own SQLite database and media folder in a temporary directory, loads
the demo data and leaves the project's database alone. See bench/README.md.
"""

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(workdir):
    os.environ["DJANGO_SETTINGS_MODULE"] = "scrutiny.settings.local"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("DJANGO_DEBUG", "false")
    import django

    django.setup()
    from django.core.management import call_command

    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("load_demo", allow_without_debug=True, stdout=quiet)


def timed(function, runs):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return times, result


def pages(pdf_path):
    from pypdf import PdfReader

    try:
        return len(PdfReader(str(pdf_path)).pages)
    except Exception:  # a converter that wrote something unreadable
        return "?"


def describe(times):
    if len(times) == 1:
        return f"{times[0]:.3f} s"
    return (
        f"median {statistics.median(times):.3f} s "
        f"(min {min(times):.3f}, max {max(times):.3f}, {len(times)} runs)"
    )


def run_external(label, command, output, runs):
    times = []
    for _ in range(runs):
        if output.exists():
            output.unlink()
        started = time.perf_counter()
        completed = subprocess.run(command, capture_output=True, timeout=300, check=False)
        times.append(time.perf_counter() - started)
        if completed.returncode != 0 or not output.exists():
            message = (completed.stderr or completed.stdout).decode(errors="replace").strip()
            print(f"{label:<32} failed: {message.splitlines()[-1] if message else 'no output'}")
            return
    size = output.stat().st_size
    print(f"{label:<32} {describe(times)}; {pages(output)} pages, {size:,} bytes")


# Each renderer in a fresh process of its own, so CPU time and peak memory are its
# alone: `python -c` with the print HTML's path. Prints the CPU seconds and, in a
# separate run under tracemalloc (which slows it), the peak bytes Python allocated.
_RENDER_IN_PROCESS = """
import os, resource, sys, tracemalloc
sys.path.insert(0, {root!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "scrutiny.settings.local"
os.environ["DATABASE_URL"] = {database!r}
os.environ["DJANGO_MEDIA_ROOT"] = {media!r}
import django
django.setup()
html = open({html!r}, encoding="utf-8").read()
from weasyprint import HTML
from reviews import pdf
from reviews.models import Review
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

if {memory!r}:
    tracemalloc.start()
before = cpu()
kind = {kind!r}
if kind == "plain":
    HTML(string=html).write_pdf()
elif kind == "plain-ua":
    # WeasyPrint's own tagging (importing reviews.pdf put reviews/pdf_tags.py in its place)
    import weasyprint.pdf, weasyprint.pdf.tags
    weasyprint.pdf.add_tags = weasyprint.pdf.tags.add_tags
    HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
elif kind == "project":
    pdf.render_pdf(html)
elif kind == "cached-export":
    pdf.report_pdf(Review.objects.get(slug={slug!r}))
peak = tracemalloc.get_traced_memory()[1] if {memory!r} else 0
print(cpu() - before, peak)
"""


def render_in_fresh_process(kind, *, workdir, html_path, slug, runs):
    """(median CPU seconds, median peak Python memory in MiB) of `kind`, each over
    `runs` fresh processes."""
    results = {}
    for memory in (False, True):
        code = _RENDER_IN_PROCESS.format(
            root=str(ROOT),
            database=os.environ["DATABASE_URL"],
            media=os.environ["DJANGO_MEDIA_ROOT"],
            html=str(html_path),
            kind=kind,
            slug=slug,
            memory=memory,
        )
        values = []
        for _ in range(runs):
            out = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout.split()
            values.append(float(out[-1 if memory else -2]))
        results[memory] = statistics.median(values)
    return results[False], results[True] / 2**20


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slug", default="early-intervention")
    parser.add_argument("--runs", type=int, default=3, help="Runs of each measurement.")
    parser.add_argument("--keep", action="store_true", help="Keep the working directory.")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="scrutiny-bench-"))
    try:
        print(f"Setting up a database with the demo data in {workdir} …")
        setup_django(workdir)

        from reviews import pdf
        from reviews.models import Review
        from reviews.report import assemble_report

        review = Review.objects.get(slug=args.slug)
        print(f"Review: {review} ({review.get_status_display()})\n")

        assemble_times, report = timed(lambda: assemble_report(review), args.runs)
        html_times, html = timed(lambda: pdf.print_html(report=report), args.runs)
        html_path = workdir / "print.html"
        html_path.write_text(html, encoding="utf-8")
        print(f"{'Assembling the report (data)':<32} {describe(assemble_times)}")
        print(f"{'Rendering the print HTML':<32} {describe(html_times)}; {len(html):,} characters")

        render_times, data = timed(lambda: pdf.render_pdf(html), args.runs)
        weasy_path = workdir / "weasyprint.pdf"
        weasy_path.write_bytes(data)
        print(
            f"{'WeasyPrint (cold render)':<32} {describe(render_times)}; "
            f"{pages(weasy_path)} pages, {len(data):,} bytes"
        )

        # The app's export: first one renders and caches, the next ones read the cache.
        first, _ = timed(lambda: pdf.report_pdf(review), 1)
        cached, again = timed(lambda: pdf.report_pdf(review), args.runs)
        assert again == pdf.report_pdf(review)
        print(f"{'Export, first (render + cache)':<32} {describe(first)}")
        print(f"{'Export again, unchanged (cache)':<32} {describe(cached)}")

        print("\nEach in a fresh process (median of the runs): CPU time, peak Python memory")
        fresh = {}
        for kind, label in [
            ("plain", "Plain WeasyPrint, same HTML"),
            ("plain-ua", "Plain WeasyPrint, PDF/UA-1"),
            ("project", "The project's render_pdf"),  # + pdf_tags.py, pdf_text.py
            ("cached-export", "Cached export (report_pdf)"),
        ]:
            fresh[kind] = render_in_fresh_process(
                kind, workdir=workdir, html_path=html_path, slug=args.slug, runs=args.runs
            )
            cpu, rss = fresh[kind]
            print(f"{label:<32} {cpu:.2f} s CPU, {rss:.0f} MiB peak")
        project, plain = fresh["project"], fresh["plain-ua"]
        print(
            f"{'Project / plain PDF/UA-1':<32} {project[0] / plain[0]:.2f}x CPU, "
            f"{project[1] / plain[1]:.2f}x memory (goal: 1.1x CPU at most)"
        )
        print(
            f"{'PDF/UA-1 tagging / untagged':<32} "
            f"{fresh['plain-ua'][0] / fresh['plain'][0]:.2f}x CPU"
        )

        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice:
            outdir = workdir / "libreoffice"
            outdir.mkdir()
            run_external(
                "LibreOffice (soffice)",
                [
                    soffice,
                    "--headless",
                    f"-env:UserInstallation=file://{workdir / 'lo-profile'}",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(outdir),
                    str(html_path),
                ],
                outdir / "print.pdf",
                args.runs,
            )
        else:
            print(f"{'LibreOffice (soffice)':<32} not installed")

        chromium = next(
            (c for c in ("/usr/bin/chromium", shutil.which("chromium")) if c and Path(c).exists()),
            None,
        )
        if chromium:
            output = workdir / "chromium.pdf"
            run_external(
                "Chromium (--print-to-pdf)",
                [
                    chromium,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--disable-background-networking",
                    f"--user-data-dir={workdir / 'chromium-profile'}",
                    "--no-pdf-header-footer",
                    f"--print-to-pdf={output}",
                    html_path.as_uri(),
                ],
                output,
                args.runs,
            )
        else:
            print(f"{'Chromium (--print-to-pdf)':<32} not installed")

        print(
            "\nLibreOffice and Chromium are given the same print HTML. Neither fills in the "
            "contents' page numbers (CSS target-counter and leader); LibreOffice ignores "
            "CSS paged media altogether. The times compare engines, not equal output."
        )
        if args.keep:
            print(f"Kept: {workdir}")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
