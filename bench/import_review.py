"""Benchmark: importing a review N times the size of the reference review.

Builds a scrutiny-review document `--scale` times the reference review (the demo's
`early-intervention`, exported without files) and times `review_import` of it into
a fresh, migrated database; then times `load_demo` into an empty one. Each
measurement runs in a fresh process of its own, so its CPU time and peak memory are
its alone: wall time, CPU time (of the Python process; the database server's is in
the wall time only), queries, rows written, the process's peak RSS, and, in a
separate run under tracemalloc (which slows it), the peak memory Python allocated.

PostgreSQL by default (databases made from a migrated template and dropped after),
SQLite with `--sqlite`. See bench/README.md.
"""

import argparse
import copy
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
REFERENCE_SLUG = "early-intervention"


# --- the document -----------------------------------------------------------------------


def _suffix(value, i, sep):
    return value if i == 0 or value is None else f"{value}{sep}{i + 1}"


def _ref(ref, i):
    return _suffix(ref, i, "~")


def _org(name, i):
    return _suffix(name, i, " #")


def _shift_position(item, i, length):
    if item.get("position") is not None:
        item["position"] += i * length


def multiply(data, scale):
    """`data` (an exported review) with every list `scale` times over.

    Copy i (from 0) of each organisation, person, meeting, evidence item, finding and
    conclusion gets its own name or reference, and the copies of everything that
    refers to them refer to copy i: each copy is a whole review's worth of rows, with
    the same texts, that the import's checks accept (a working group has one chair, a
    report one section of each kind; numbers and sequences stay unique).
    """
    source = data
    data = copy.deepcopy(source)
    review, body = data["review"], data["body"]
    copies = range(scale)

    data["organisations"] = [
        {**copy.deepcopy(o), "name": _org(o["name"], i)}
        for i in copies
        for o in source["organisations"]
    ]
    data["people"] = [
        {
            **copy.deepcopy(p),
            "ref": _ref(p["ref"], i),
            "family_name": _suffix(p["family_name"], i, " "),
            "organisation": _org(p["organisation"], i),
        }
        for i in copies
        for p in source["people"]
    ]
    body["memberships"] = [
        {**copy.deepcopy(m), "person": _ref(m["person"], i), "council": _org(m["council"], i)}
        for i in copies
        for m in source["body"]["memberships"]
    ]

    original = source["review"]
    lists = {}
    for name in ("status_changes", "key_lines", "milestones", "variations"):
        lists[name] = []
        for i in copies:
            for item in copy.deepcopy(original[name]):
                _shift_position(item, i, len(original[name]))
                if name == "variations":
                    item["meeting"] = _ref(item["meeting"], i)
                lists[name].append(item)

    lists["working_group"] = []
    for i in copies:
        for item in copy.deepcopy(original["working_group"]):
            _shift_position(item, i, len(original["working_group"]))
            item["person"] = _ref(item["person"], i)
            if i and item["role"] == "chair":
                item["role"] = "member"
            lists["working_group"].append(item)

    lists["meetings"] = []
    for i in copies:
        for item in copy.deepcopy(original["meetings"]):
            item["ref"] = _ref(item["ref"], i)
            for a in item["attendance"]:
                a["person"] = _ref(a["person"], i)
            for w in item["witnesses"]:
                w["person"] = _ref(w["person"], i)
                w["organisation"] = _org(w["organisation"], i)
            lists["meetings"].append(item)

    lists["evidence"] = []
    for i in copies:
        for item in copy.deepcopy(original["evidence"]):
            _shift_position(item, i, len(original["evidence"]))
            item["ref"] = _ref(item["ref"], i)
            item["meeting"] = _ref(item["meeting"], i)
            if "given_by" in item:
                item["given_by"] = [_ref(r, i) for r in item["given_by"]]
            for group in item.get("groups", []):
                group["partner"] = _org(group["partner"], i)
            lists["evidence"].append(item)

    for name in ("findings", "conclusions"):
        lists[name] = []
        for i in copies:
            for item in copy.deepcopy(original[name]):
                _shift_position(item, i, len(original[name]))
                item["ref"] = _ref(item["ref"], i)
                item["evidence"] = [_ref(r, i) for r in item["evidence"]]
                if name == "conclusions":
                    item["findings"] = [_ref(r, i) for r in item["findings"]]
                lists[name].append(item)

    lists["sections"] = []
    for i in copies:
        for item in copy.deepcopy(original["sections"]):
            _shift_position(item, i, len(original["sections"]))
            if i and item["kind"] != "other":
                # One section of each kind per report: the copies are "other" sections.
                item["title"] = item["title"] or item["kind"]
                item["kind"] = "other"
            lists["sections"].append(item)

    numbers = max((r["number"] for r in original["recommendations"]), default=0)
    lists["recommendations"] = []
    for i in copies:
        for item in copy.deepcopy(original["recommendations"]):
            item["number"] += i * numbers
            item["conclusions"] = [_ref(r, i) for r in item["conclusions"]]
            lists["recommendations"].append(item)

    sequences = max((f["sequence"] for f in original["follow_ups"]), default=0)
    lists["follow_ups"] = []
    for i in copies:
        for item in copy.deepcopy(original["follow_ups"]):
            item["sequence"] += i * sequences
            for a in item["assessments"]:
                a["recommendation"] += i * numbers
            lists["follow_ups"].append(item)

    review.update(lists)
    review["slug"] = f"{original['slug']}-x{scale}"
    return data


def document_size(data):
    """How many objects of each list the document holds (nested ones included)."""
    review = data["review"]
    evidence = review["evidence"]
    groups = [g for e in evidence for g in e.get("groups", [])]
    tables = [t for e in evidence for t in e.get("tables", [])]
    return {
        "organisations": len(data["organisations"]),
        "people": len(data["people"]),
        "memberships": len(data["body"]["memberships"]),
        **{
            name: len(review[name])
            for name in (
                "key_lines",
                "working_group",
                "milestones",
                "meetings",
                "variations",
                "evidence",
                "findings",
                "conclusions",
                "sections",
                "recommendations",
                "follow_ups",
            )
        },
        "attendance+witnesses": sum(
            len(m["attendance"]) + len(m["witnesses"]) for m in review["meetings"]
        ),
        "question groups": len(groups),
        "questions": sum(len(g["questions"]) for g in groups),
        "data tables": len(tables),
        "data rows": sum(len(t["rows"]) for t in tables),
        "text (MB)": round(sum(len(e.get("extracted_text") or "") for e in evidence) / 1e6, 1),
    }


# --- the child process: one measurement ---------------------------------------------------


def _setup_django(database_url, media):
    os.environ["DJANGO_SETTINGS_MODULE"] = "scrutiny.settings.local"
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_MEDIA_ROOT"] = str(media)
    # DEBUG off: the connection keeps no log of its queries (they are counted below).
    os.environ["DJANGO_DEBUG"] = "false"
    import django

    django.setup()


def _cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _row_counts():
    from django.apps import apps

    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def child(args):
    """Run one measurement in this (fresh) process and print its figures as JSON."""
    import tracemalloc

    _setup_django(args.database_url, args.media)
    from django.core.management import call_command
    from django.db import connection

    if args.child == "migrate":
        call_command("migrate", verbosity=0, stdout=io.StringIO())
        return

    from recommendations.interchange import review_import

    data = None
    if args.child == "import":
        data = json.loads(Path(args.document).read_text(encoding="utf-8"))
    before = _row_counts()
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    connection.ensure_connection()
    if args.memory:
        tracemalloc.start()
    with connection.execute_wrapper(count):
        started, cpu = time.perf_counter(), _cpu()
        if args.child == "import":
            review_import(data=data)
        else:
            call_command("load_demo", allow_without_debug=True, stdout=io.StringIO())
        wall, cpu = time.perf_counter() - started, _cpu() - cpu
    peak = tracemalloc.get_traced_memory()[1] if args.memory else None
    after = _row_counts()
    written = {
        label: after[label] - before[label] for label in after if after[label] != before[label]
    }
    print(
        json.dumps(
            {
                "wall": wall,
                "cpu": cpu,
                "queries": queries,
                "rows": sum(written.values()),
                "history_rows": sum(n for label, n in written.items() if ".Historical" in label),
                "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "tracemalloc_peak_mib": peak / 2**20 if peak is not None else None,
            }
        )
    )


# --- the parent: databases and runs ---------------------------------------------------------


class Databases:
    """Fresh, migrated databases: PostgreSQL ones copied from a migrated template,
    or SQLite files copied from a migrated one."""

    def __init__(self, *, sqlite, server, workdir, media):
        self.sqlite, self.server, self.workdir, self.media = (
            sqlite,
            server.rstrip("/"),
            workdir,
            media,
        )
        self.prefix = f"bench_import_{os.getpid()}"
        self.made = []
        self.template = self._make(f"{self.prefix}_template", template=None)
        run_child("migrate", self.url(self.template), media)

    def url(self, name):
        if self.sqlite:
            return f"sqlite:///{self.workdir / (name + '.sqlite3')}"
        return f"{self.server}/{name}"

    def _admin(self, sql):
        import psycopg2

        connection = psycopg2.connect(f"{self.server}/postgres")
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
        finally:
            connection.close()

    def _make(self, name, template):
        if self.sqlite:
            path = self.workdir / f"{name}.sqlite3"
            if template:
                shutil.copyfile(self.workdir / f"{template}.sqlite3", path)
        else:
            self._admin(f'DROP DATABASE IF EXISTS "{name}"')
            self._admin(
                f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
            )
        self.made.append(name)
        return name

    def fresh(self, n):
        return self._make(f"{self.prefix}_{n}", template=self.template)

    def drop(self, name):
        if not self.sqlite:
            self._admin(f'DROP DATABASE IF EXISTS "{name}"')
        else:
            (self.workdir / f"{name}.sqlite3").unlink(missing_ok=True)
        self.made.remove(name)

    def drop_all(self):
        for name in list(self.made):
            self.drop(name)


def run_child(kind, database_url, media, *, document=None, memory=False):
    command = [
        sys.executable,
        __file__,
        "--child",
        kind,
        "--database-url",
        database_url,
        "--media",
        str(media),
    ]
    if document:
        command += ["--document", str(document)]
    if memory:
        command.append("--memory")
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        sys.exit(f"{kind} failed:\n{completed.stderr}")
    lines = completed.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines and kind != "migrate" else None


def build_document(workdir, scale):
    """Export the reference review from a database with the demo loaded, then multiply it."""
    code = f"""
import io, json, os, sys
sys.path.insert(0, {str(ROOT)!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "scrutiny.settings.local"
os.environ["DATABASE_URL"] = {f"sqlite:///{workdir / 'reference.sqlite3'}"!r}
os.environ["DJANGO_MEDIA_ROOT"] = {str(workdir / "reference-media")!r}
os.environ["DJANGO_DEBUG"] = "false"
import django
django.setup()
from django.core.management import call_command
from recommendations.interchange import review_export
from reviews.models import Review
call_command("migrate", verbosity=0, stdout=io.StringIO())
call_command("load_demo", allow_without_debug=True, stdout=io.StringIO())
data = review_export(review=Review.objects.get(slug={REFERENCE_SLUG!r}), with_files=False)
print(json.dumps(data))
"""
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        sys.exit(f"Exporting the reference review failed:\n{completed.stderr}")
    reference = json.loads(completed.stdout.strip().splitlines()[-1])
    return multiply(reference, scale)


def measure(label, kind, databases, media, *, document=None, runs, memory):
    results = []
    for run in range(runs + (1 if memory else 0)):
        traced = memory and run == runs
        name = databases.fresh(run)
        try:
            results.append(
                run_child(kind, databases.url(name), media, document=document, memory=traced)
            )
        finally:
            databases.drop(name)
            shutil.rmtree(media, ignore_errors=True)
    timed = results[:runs]
    best = min(timed, key=lambda r: r["wall"])
    line = (
        f"{label:<28} wall {best['wall']:8.2f} s   CPU {best['cpu']:8.2f} s   "
        f"queries {best['queries']:>7,}   rows {best['rows']:>7,} "
        f"({best['history_rows']:,} history)   peak RSS {best['maxrss_mib']:6.0f} MiB"
    )
    if memory:
        line += f"   peak Python (tracemalloc) {results[-1]['tracemalloc_peak_mib']:6.1f} MiB"
    if runs > 1:
        line += f"   [best of {runs}; walls " + ", ".join(f"{r['wall']:.2f}" for r in timed) + "]"
    print(line, flush=True)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10, help="Times the reference review.")
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL.")
    parser.add_argument(
        "--server",
        default=os.environ.get("BENCH_POSTGRES", DEFAULT_SERVER),
        help=f"PostgreSQL server to make the databases on (default {DEFAULT_SERVER}).",
    )
    parser.add_argument("--runs", type=int, default=1, help="Timed runs of each (best shown).")
    parser.add_argument(
        "--no-memory", action="store_true", help="Skip the extra tracemalloc run of each."
    )
    parser.add_argument("--skip-load-demo", action="store_true")
    parser.add_argument("--keep", action="store_true", help="Keep the working directory.")
    # The measurement itself, in a fresh process (used by the parent).
    parser.add_argument(
        "--child", choices=["migrate", "import", "load_demo"], help=argparse.SUPPRESS
    )
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--media", help=argparse.SUPPRESS)
    parser.add_argument("--document", help=argparse.SUPPRESS)
    parser.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    workdir = Path(tempfile.mkdtemp(prefix="scrutiny-bench-import-"))
    media = workdir / "media"
    databases = None
    try:
        print(f"Exporting the reference review and multiplying it by {args.scale} …", flush=True)
        data = build_document(workdir, args.scale)
        document = workdir / f"review-x{args.scale}.json"
        document.write_text(json.dumps(data), encoding="utf-8")
        size = ", ".join(f"{k} {v}" for k, v in document_size(data).items())
        print(f"The document: {document.stat().st_size / 1e6:.1f} MB of JSON; {size}")
        engine = "SQLite" if args.sqlite else f"PostgreSQL ({args.server})"
        print(f"Each into a fresh, migrated {engine} database, in a fresh process:\n", flush=True)
        databases = Databases(sqlite=args.sqlite, server=args.server, workdir=workdir, media=media)
        memory = not args.no_memory
        measure(
            f"review_import, {args.scale}x",
            "import",
            databases,
            media,
            document=document,
            runs=args.runs,
            memory=memory,
        )
        if not args.skip_load_demo:
            measure(
                "load_demo (2 reviews)",
                "load_demo",
                databases,
                media,
                runs=args.runs,
                memory=memory,
            )
        if args.keep:
            print(f"\nKept: {workdir}")
    finally:
        if databases is not None:
            databases.drop_all()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
