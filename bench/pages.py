"""Benchmark: the server time and queries of every page a user opens, at 1×, 10× and
100× the demo data.

For each scale it makes a throwaway database (PostgreSQL `bench_pages_<scale>x` by
default, or a SQLite file with --sqlite), runs the migrations, loads the demo
(`load_demo`: the reference review and the illustrative one) and generates the rest
with bulk inserts: at 100× about 200 reviews over 10 scrutiny bodies. Then it opens
each page with Django's test client, signed in as an officer of the demo body (and,
for the pages across reviews, as an officer of every body), and times it.

The scales' databases are generated first; then the timed runs go round-robin over
the scales, each round a fresh process per scale that opens every page once to warm
up and once timed, so that other work on a shared machine weighs on every scale
alike. The parent prints one table: the median of the rounds. See bench/README.md.
"""

import argparse
import datetime
import hashlib
import io
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REFERENCE_SLUG = "early-intervention"  # the reference review: drafting, typical size
PRESENTED_SLUG = "illustrative-101-non-emergency-service"  # closed: responses, follow-ups
DEMO_BODY_SLUG = "northamptonshire-pfcp"
OFFICER = "officer"  # load_demo's officer of the demo body
ALL_BODIES_OFFICER = "bench-all-bodies"
GOAL_PAGES = {"dashboard", "review overview"}  # the project's goal: under 200 ms at 100×
GOAL_MS = 200
RATIO_LIMIT = 2


# --- the parent: one process per scale, then the table ---------------------------------


def settings_module():
    if (ROOT / "scrutiny" / "settings" / "local.py").exists():
        return "scrutiny.settings.local"
    return "scrutiny.settings"


def psql_command(name, *args):
    return [name, "-h", "127.0.0.1", "-U", "postgres", *args]


def create_database(name):
    subprocess.run(psql_command("dropdb", "--if-exists", name), check=True, capture_output=True)
    subprocess.run(psql_command("createdb", name), check=True, capture_output=True)


def drop_database(name):
    subprocess.run(psql_command("dropdb", "--if-exists", name), check=False, capture_output=True)


def scale_env(args, scale, workdir):
    """The environment of the worker processes of one scale, and its database name
    (None for SQLite). Creates the database."""
    media = workdir / f"media-{scale}x"
    media.mkdir(parents=True, exist_ok=True)
    if args.sqlite:
        database_url = f"sqlite:///{workdir / f'bench-{scale}x.sqlite3'}"
        name = None
    else:
        name = f"{args.db_name}_{scale}x"
        create_database(name)
        database_url = f"postgres://postgres@127.0.0.1:5432/{name}"
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE=settings_module(),
        DATABASE_URL=database_url,
        DJANGO_MEDIA_ROOT=str(media),
        DJANGO_DEBUG="false",
    )
    return env, name


def run_worker(args, env, task, scale, out, round_number=0):
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        task,
        "--scale",
        str(scale),
        "--round",
        str(round_number),
        "--seed",
        str(args.seed),
        "--search-word",
        args.search_word,
        "--rare-word",
        args.rare_word,
        "--out",
        str(out),
    ]
    subprocess.run(command, env=env, check=True, cwd=ROOT)
    return json.loads(Path(out).read_text())


def merge_rounds(data, rounds):
    """One scale's results: its data, and per page the first round's counts and the
    median of every round's time."""
    rows = []
    for first, *others in zip(*(r["rows"] for r in rounds), strict=True):
        row = dict(first)
        times = [r["time"] for r in (first, *others) if r.get("time") is not None]
        row["times"] = times
        row["median"] = statistics.median(times) if times and not row.get("error") else None
        rows.append(row)
    return {**data, "measure_seconds": sum(r["seconds"] for r in rounds), "rows": rows}


def fmt_ms(seconds):
    if seconds is None:
        return "–"
    ms = seconds * 1000
    return f"{ms:,.0f}" if ms >= 10 else f"{ms:.1f}"


def is_goal_page(page):
    return page in GOAL_PAGES or page.endswith(": dashboard")


def print_table(results):
    """One row per page: time and queries at each scale, the largest/smallest time
    ratio, and flags (ratio over RATIO_LIMIT; goal pages over GOAL_MS at the largest
    scale; errors)."""
    scales = [r["scale"] for r in results]
    pages = list(dict.fromkeys(row["page"] for r in results for row in r["rows"]))
    by_scale = [{row["page"]: row for row in r["rows"]} for r in results]
    compare = len(results) > 1
    header = ["page"]
    for s in scales:
        header += [f"{s}× ms", f"{s}× q"]
    if compare:
        header.append(f"{scales[-1]}×/{scales[0]}×")
    header.append("flag")
    lines = []
    for page in pages:
        line, flags = [page], []
        for rows_at in by_scale:
            row = rows_at.get(page)
            if row is None:
                line += ["–", "–"]
            elif row.get("error"):
                line += [str(row.get("status") or "error"), "–"]
                flags.append("error")
            else:
                line += [fmt_ms(row["median"]), str(row["queries"])]
        first = by_scale[0].get(page, {}).get("median")
        last = by_scale[-1].get(page, {}).get("median")
        if compare:
            if first and last:
                ratio = last / first
                line.append(f"{ratio:.1f}")
                if ratio > RATIO_LIMIT:
                    flags.append(f"ratio>{RATIO_LIMIT}")
            else:
                line.append("–")
        if is_goal_page(page) and last and last * 1000 > GOAL_MS:
            flags.append(f">{GOAL_MS}ms")
        line.append(" ".join(dict.fromkeys(flags)))
        lines.append(line)
    widths = [max(len(str(x)) for x in col) for col in zip(header, *lines, strict=True)]

    def show(cells):
        middle = [str(c).rjust(w) for c, w in zip(cells[1:-1], widths[1:-1], strict=True)]
        cells = [str(cells[0]).ljust(widths[0]), *middle, str(cells[-1]).ljust(widths[-1])]
        return "| " + " | ".join(cells) + " |"

    rule = ["-" * (widths[0] + 2), *("-" * (w + 1) + ":" for w in widths[1:-1])]
    print(show(header))
    print("|" + "|".join([*rule, "-" * (widths[-1] + 2)]) + "|")
    for line in lines:
        print(show(line))


def print_memory(results):
    exports = [row["page"] for row in results[0]["rows"] if row.get("peak_bytes") is not None]
    if not exports:
        return
    print("\nPeak memory (tracemalloc) while the export is built and its body consumed:\n")
    header = ["export", *(f"{r['scale']}×" for r in results)]
    print("| " + " | ".join(header) + " |")
    print("|---|" + "---:|" * len(results))
    for page in exports:
        cells = [page]
        for r in results:
            row = next((x for x in r["rows"] if x["page"] == page), None)
            if row and row.get("peak_bytes") is not None:
                size = row.get("body_bytes", 0)
                cells.append(f"{row['peak_bytes'] / 2**20:.1f} MB ({size / 1024:,.0f} KB body)")
            else:
                cells.append("–")
        print("| " + " | ".join(cells) + " |")


def print_summary(results):
    print("\nData and set-up per scale:\n")
    keys = list(results[0]["counts"])
    header = ["", *(f"{r['scale']}×" for r in results)]
    print("| " + " | ".join(header) + " |")
    print("|---|" + "---:|" * len(results))
    for key in keys:
        cells = [key, *(f"{r['counts'].get(key, 0):,}" for r in results)]
        print("| " + " | ".join(cells) + " |")
    for label, key in [
        ("migrate + load_demo (s)", "setup_seconds"),
        ("generate (s)", "generate_seconds"),
        ("measure (s)", "measure_seconds"),
    ]:
        print("| " + " | ".join([label, *(f"{r[key]:.0f}" for r in results)]) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100", help="Comma-separated, e.g. 1,10,100.")
    parser.add_argument(
        "--runs", type=int, default=3, help="Timed runs per page (the median is shown)."
    )
    parser.add_argument("--keep", action="store_true", help="Keep the databases and media.")
    parser.add_argument("--sqlite", action="store_true", help="Use SQLite files, not PostgreSQL.")
    parser.add_argument("--db-name", default="bench_pages", help="Database name prefix.")
    parser.add_argument("--seed", type=int, default=2024, help="Random seed of the generator.")
    parser.add_argument(
        "--search-word", default="support", help="A common word to search for (most evidence)."
    )
    parser.add_argument(
        "--rare-word", default="cadets", help="A rarer word to search for (a few per cent)."
    )
    parser.add_argument("--json", help="Also write every figure to this JSON file.")
    # Internal: generate or measure one scale in this process.
    parser.add_argument("--worker", choices=["generate", "measure"], help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--round", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args)

    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    workdir = Path(tempfile.mkdtemp(prefix="scrutiny-bench-pages-"))
    envs, databases, data, rounds = {}, [], {}, {s: [] for s in scales}
    started = time.perf_counter()
    try:
        for scale in scales:
            print(f"\n=== {scale}×: setting up and generating ===", flush=True)
            envs[scale], name = scale_env(args, scale, workdir)
            databases.append(name)
            out = workdir / f"data-{scale}x.json"
            data[scale] = run_worker(args, envs[scale], "generate", scale, out)
        # Round-robin over the scales, so that the other work on the machine weighs
        # on each scale alike; each round is a fresh process per scale.
        for n in range(args.runs):
            # Alternate the order too: no scale always runs last in a round.
            for scale in scales if n % 2 == 0 else scales[::-1]:
                print(f"\n=== round {n + 1} of {args.runs}: {scale}× ===", flush=True)
                out = workdir / f"round-{n}-{scale}x.json"
                rounds[scale].append(run_worker(args, envs[scale], "measure", scale, out, n))
    finally:
        for name in databases:
            if name and not args.keep:
                drop_database(name)
            elif name:
                print(f"Kept database {name}")
        if args.keep:
            print(f"Kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    results = [merge_rounds(data[s], rounds[s]) for s in scales]
    print(
        f"\nServer time (median of {args.runs} rounds, each a warm-up and a timed run, ms) "
        f"and queries per "
        f"page; {'SQLite' if args.sqlite else 'PostgreSQL'}; "
        f"{datetime.date.today():%Y-%m-%d}; total {time.perf_counter() - started:.0f} s.\n"
    )
    print_table(results)
    print_memory(results)
    print_summary(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


# --- the worker: set up, generate, measure ------------------------------------------------


def worker(args):
    import django

    # WhiteNoise warns that collectstatic has not run; static files are not measured.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()
    if args.worker == "generate":
        result = generate(args)
    else:
        started = time.perf_counter()
        rows = measure_pages(words=(args.search_word, args.rare_word), first=args.round == 0)
        result = {"rows": rows, "seconds": time.perf_counter() - started}
    Path(args.out).write_text(json.dumps(result, indent=2))
    return 0


def generate(args):
    from django.core.management import call_command

    started = time.perf_counter()
    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("load_demo", allow_without_debug=True, stdout=quiet)
    setup_seconds = time.perf_counter() - started
    print(f"migrate + load_demo: {setup_seconds:.1f} s", flush=True)

    started = time.perf_counter()
    Generator(scale=args.scale, seed=args.seed).run()
    generate_seconds = time.perf_counter() - started
    counts = data_counts()
    print(f"generated in {generate_seconds:.1f} s: {counts}", flush=True)
    return {
        "scale": args.scale,
        "counts": counts,
        "setup_seconds": setup_seconds,
        "generate_seconds": generate_seconds,
    }


def data_counts():
    from django.db.models import Sum
    from django.db.models.functions import Length

    from recommendations.models import FollowUp, FollowUpAssessment, Recommendation, Response
    from reviews.models import Document, Evidence, Review
    from scrutiny.models import ScrutinyBody, User

    text = Document.objects.aggregate(n=Sum(Length("extracted_text")))["n"] or 0
    big = Document.objects.annotate(n=Length("extracted_text")).filter(n__gte=1_000_000)
    return {
        "scrutiny bodies": ScrutinyBody.objects.count(),
        "reviews": Review.objects.count(),
        "reviews published": Review.objects.published().count(),
        "users": User.objects.count(),
        "evidence items": Evidence.objects.count(),
        "documents": Document.objects.count(),
        "documents of 1 MB or more": big.count(),
        "… of them in the demo body": big.filter(review__body__slug=DEMO_BODY_SLUG).count(),
        "extracted text (MB)": round(text / 2**20),
        "recommendations": Recommendation.objects.count(),
        "responses": Response.objects.count(),
        "follow-ups": FollowUp.objects.count(),
        "follow-up assessments": FollowUpAssessment.objects.count(),
    }


# --- the generator --------------------------------------------------------------------------

TOPICS = [
    "Rural crime",
    "Fire prevention in the home",
    "Victim services",
    "Road safety",
    "Domestic abuse",
    "Knife crime",
    "Police estates",
    "Fleet replacement",
    "Neighbourhood policing",
    "Cyber crime and fraud",
    "Youth diversion",
    "Anti-social behaviour",
    "Police recruitment and retention",
    "Community safety partnerships",
    "The 101 non-emergency service",
    "Drugs and county lines",
    "Violence against women and girls",
    "Hate crime",
    "Reducing reoffending",
    "Fire and rescue collaboration",
    "The police and crime plan budget",
    "Mental health and policing",
    "Business crime",
    "Wildlife crime",
    "Serious violence duty",
    "Stop and search",
    "Custody provision",
    "Restorative justice",
    "Modern slavery",
    "Missing persons",
    "Emergency services cadets",
    "Water safety",
    "Rural fire cover",
    "Commissioning of victim support",
    "Community grants",
    "Public confidence in policing",
    "Body-worn video",
    "Road traffic collisions",
    "Prevention of arson",
    "Speed enforcement",
]
AREAS = [
    "Cumbria",
    "Lancashire",
    "Derbyshire",
    "Kent",
    "Dorset",
    "Essex",
    "Norfolk",
    "Suffolk",
    "Surrey",
    "Wiltshire",
    "Devon and Cornwall",
    "Avon and Somerset",
    "Leicestershire",
    "Lincolnshire",
    "Staffordshire",
    "Warwickshire",
    "Hertfordshire",
    "Cheshire",
    "Durham",
    "Cleveland",
]
GIVEN = "Alex Sam Jo Chris Pat Robin Morgan Jamie Kim Lee Ashley Taylor Jordan Casey Drew"
FAMILY = "Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Wright Walker Hughes"
STATUS_WEIGHTS = {
    "commissioned": 8,
    "scoped": 8,
    "evidence": 17,
    "drafting": 15,
    "agreed": 5,
    "presented": 22,
    "closed": 25,
}
STATUS_PATH = ["commissioned", "scoped", "evidence", "drafting", "agreed", "presented", "closed"]
EVIDENCE_KINDS = {"document": 45, "oral": 15, "questions": 12, "call": 8, "data": 20}
DUMMY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Generator:
    """Realistic data around the demo, `scale` times its two reviews, by bulk inserts.

    Reviews get every status from commissioned to closed, with the rows each status
    implies (evidence from 'gathering evidence' on, findings and recommendations from
    the draft on, responses and follow-ups once presented) and dates to match, so
    due, overdue and upcoming queries find something. Each generated row also gets one
    historical ('+') row, so the history tables grow with the data as they would."""

    def __init__(self, *, scale, seed):
        from django.utils import timezone

        self.scale = scale
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.history = {}  # model → instances to give a historical row
        self.specs = []  # one dict per generated review: the review and its rows
        self.updates = []  # (Review copy, day): a changed historical row per status change
        self.timings = {}

    # --- helpers ------------------------------------------------------------------------
    def when(self, day, hour=10):
        """An aware datetime on `day` (a date, or the first day of a partial date)."""
        from django.utils import timezone

        day = getattr(day, "first_day", day)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    def between(self, start, end):
        if end <= start:
            return start
        return start + datetime.timedelta(days=self.rng.randint(0, (end - start).days))

    def remember(self, model, objs, dated=None):
        """Queue historical rows for `objs`, dated by `dated(obj)` (a date)."""
        for obj in objs:
            day = dated(obj) if dated else self.today
            day = getattr(day, "first_day", day)  # a partial date's first day
            obj._history_date = self.when(min(day, self.today), self.rng.randint(8, 18))
        self.history.setdefault(model, []).extend(objs)

    def bulk(self, model, objs, dated=None, history=True):
        from django.db import connection

        batch = 100 if connection.vendor == "sqlite" else 500
        created = model.objects.bulk_create(objs, batch_size=batch)
        if history and hasattr(model, "history"):
            self.remember(model, created, dated)
        return created

    def name(self):
        return f"{self.rng.choice(GIVEN.split())} {self.rng.choice(FAMILY.split())}"

    def sentences(self, n):
        return " ".join(self.rng.choice(self.pool) for _ in range(n))

    def window(self, size):
        """`size` characters of real document text, from a random place."""
        start = self.rng.randrange(0, max(1, len(self.corpus) - size))
        start = self.corpus.find(" ", start) + 1
        return self.corpus[start : start + size]

    def insert_children(self, model, objs):
        """Insert the child table rows of multi-table inherited `objs` (whose parent
        rows exist): bulk_create does not do multi-table inheritance."""
        from django.db import connection

        fields = model._meta.local_concrete_fields
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
        sql += f"VALUES ({marks})"
        params = [
            [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
            for obj in objs
        ]
        with connection.cursor() as cursor:
            for i in range(0, len(params), 200):
                cursor.executemany(sql, params[i : i + 200])

    # --- the run ------------------------------------------------------------------------
    def run(self):
        from django.db import connection, transaction

        self.load_texts()
        with transaction.atomic():
            steps = [
                self.make_bodies,
                self.publish_presented_demo_review,
                self.make_reviews,
                self.make_status_changes,
                self.make_scope,
                self.make_meetings,
                self.make_evidence,
                self.make_findings,
                self.make_recommendations,
                self.make_report,
                self.make_responses,
                self.make_follow_ups,
                self.write_history,
            ]
            for step in steps:
                started = time.perf_counter()
                step()
                self.timings[step.__name__] = time.perf_counter() - started
        # As autovacuum would: statistics for the planner, a visibility map.
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        self.timings["vacuum_analyze"] = time.perf_counter() - started
        print(
            "  generation steps: "
            + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.timings.items()),
            flush=True,
        )

    def load_texts(self):
        """Real text: the demo's seed documents, and the reference review's prose."""
        from reviews.models import Conclusion, Finding, ReportSection, ReportVersion, Review
        from scrutiny.models import User

        seeds = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in seeds]
        self.big_text = max(texts, key=len)
        self.corpus = re.sub(r"[ \t]+", " ", "\n".join(texts))
        flat = re.sub(r"\s+", " ", self.corpus)
        self.pool = [
            s for s in re.split(r"(?<=[.!?])\s+", flat) if 60 <= len(s) <= 300 and "  " not in s
        ]
        self.reference = Review.objects.get(slug=REFERENCE_SLUG)
        self.presented_demo = Review.objects.get(slug=PRESENTED_SLUG)
        self.finding_texts = list(Finding.objects.values_list("text", flat=True))
        self.conclusion_texts = list(Conclusion.objects.values_list("text", flat=True))
        from recommendations.models import Recommendation

        self.recommendation_texts = list(Recommendation.objects.values_list("reason", "text"))
        self.sections = list(
            ReportSection.objects.filter(review=self.reference).values(
                "kind", "title", "body", "position"
            )
        )
        self.version = ReportVersion.objects.filter(review=self.reference).first()
        self.demo_officer = User.objects.get(username=OFFICER)
        self.demo_publisher = User.objects.get(username="publisher")

    # --- bodies, people, users ------------------------------------------------------------
    def make_bodies(self):
        from recommendations.models import CalendarFeed
        from scrutiny.models import (
            Organisation,
            PanelMembership,
            Person,
            Role,
            ScrutinyBody,
            User,
        )

        existing = list(ScrutinyBody.objects.order_by("pk"))
        wanted = max(len(existing), math.ceil(self.scale / 10))
        new = []
        for n in range(wanted - len(existing)):
            area = AREAS[n % len(AREAS)] + (f" {n // len(AREAS) + 1}" if n >= len(AREAS) else "")
            new.append(
                ScrutinyBody(
                    name=f"{area} Police and Crime Panel",
                    slug=f"{slugify(area)}-pcp",
                    scrutinised_title=f"{area} Police and Crime Commissioner",
                    scrutinised_abbreviation="PCC",
                    default_response_period_months=self.rng.choice([2, 2, 2, 3]),
                    follow_up_interval_months=self.rng.choice([6, 6, 12]),
                )
            )
        self.bulk(ScrutinyBody, new, lambda b: self.today - datetime.timedelta(days=2000))
        self.bodies = list(ScrutinyBody.objects.order_by("pk"))

        offices = self.bulk(
            Organisation,
            [
                Organisation(
                    name=f"Office of the {body.scrutinised_title} (bench {body.pk})",
                    short_name="OPCC",
                    kind=Organisation.Kind.COMMISSIONER,
                )
                for body in self.bodies
            ],
        )
        people, memberships = [], []
        self.pools = {}
        for body, office in zip(self.bodies, offices, strict=True):
            pool = {"councillor": [], "co_opted": [], "staff": []}
            for kind, n in [("councillor", 14), ("co_opted", 3), ("staff", 15)]:
                for _ in range(n):
                    person = Person(
                        honorific={"councillor": "Councillor", "co_opted": "Mrs"}.get(kind, ""),
                        given_name=self.rng.choice(GIVEN.split()),
                        family_name=self.rng.choice(FAMILY.split()),
                        job_title="Policy officer" if kind == "staff" else "",
                        organisation=office if kind == "staff" else None,
                    )
                    pool[kind].append(person)
                    people.append(person)
            self.pools[body.pk] = pool
        self.bulk(Person, people)
        for body in self.bodies:
            pool = self.pools[body.pk]
            for kind in ("councillor", "co_opted"):
                for person in pool[kind]:
                    memberships.append(
                        PanelMembership(
                            body=body,
                            person=person,
                            kind=PanelMembership.Kind.COUNCILLOR
                            if kind == "councillor"
                            else PanelMembership.Kind.CO_OPTED,
                            started_on=self.today - datetime.timedelta(days=1500),
                        )
                    )
        self.bulk(PanelMembership, memberships)

        users, roles = [], []
        self.body_users = {}
        for body in self.bodies:
            pool = self.pools[body.pk]
            mine = {"officer": [], "member": [], "publisher": [], "respondent": []}
            plan = [
                ("officer", [None, None]),
                ("publisher", [None]),
                ("respondent", pool["staff"][:2]),
                ("member", pool["councillor"][:10] + pool["co_opted"][:1]),
            ]
            for role, persons in plan:
                for n, person in enumerate(persons):
                    user = User(
                        username=f"{body.slug}-{role}-{n + 1}",
                        email=f"{role}{n + 1}@{body.slug}.example.org",
                        password="!bench-unusable",
                        person=person,
                    )
                    users.append(user)
                    mine[role].append(user)
                    roles.append((user, body, role))
            self.body_users[body.pk] = mine
        everyone = User(username=ALL_BODIES_OFFICER, password="!bench-unusable")
        users.append(everyone)
        self.bulk(User, users, history=False)
        roles = [Role(user=u, body=b, role=r) for u, b, r in roles]
        roles += [Role(user=everyone, body=b, role=Role.Name.OFFICER) for b in self.bodies]
        self.bulk(Role, roles)
        demo = next(b for b in self.bodies if b.slug == DEMO_BODY_SLUG)
        self.body_users[demo.pk]["officer"].append(self.demo_officer)
        self.body_users[demo.pk]["publisher"].append(self.demo_publisher)
        CalendarFeed.objects.bulk_create(
            [CalendarFeed(body=b) for b in self.bodies], ignore_conflicts=True
        )

    # --- publications ------------------------------------------------------------------------
    def dummy_pdf(self):
        from django.core.files.storage import default_storage

        if not hasattr(self, "_pdf"):
            self._pdf = default_storage.save(
                "reports/bench/final-report.pdf", io.BytesIO(DUMMY_PDF)
            )
        return self._pdf

    def publish_presented_demo_review(self):
        """The demo publishes nothing; publish its closed review (a final version with
        the reference report's frozen HTML, and a small dummy PDF), so the public report
        page exists at every scale."""
        from reviews.models import PublishedReport, ReportVersion

        review = self.presented_demo
        final = ReportVersion.objects.create(
            review=review,
            number=1,
            kind=ReportVersion.Kind.FINAL,
            html=self.version.html,
            sections=self.version.sections,
            issued_by=self.demo_officer,
            issued_at=self.when(review.agreed_on),
        )
        PublishedReport.objects.create(
            review=review,
            version=final,
            pdf=self.dummy_pdf(),
            sha256=hashlib.sha256(DUMMY_PDF).hexdigest(),
            published_by=self.demo_publisher,
            published_at=self.when(review.presented_on),
        )

    # --- reviews ------------------------------------------------------------------------------
    def review_dates(self, status):
        d = datetime.timedelta
        today, r = self.today, self.rng.randint
        agreed = presented = None
        if status == "closed":
            presented = today - d(days=r(400, 2000))
        elif status == "presented":
            presented = today - d(days=r(5, 540))
        if presented:
            agreed = presented - d(days=r(7, 45))
        elif status == "agreed":
            agreed = today - d(days=r(3, 60))
        if agreed:
            commissioned = agreed - d(days=r(270, 540))
        else:
            ago = {"drafting": (240, 600), "evidence": (90, 400), "scoped": (30, 150)}
            commissioned = today - d(days=r(*ago.get(status, (0, 60))))
        return commissioned, agreed, presented

    def make_reviews(self):
        from reviews.models import Review

        reviews = []
        wanted = 2 * self.scale - Review.objects.count()
        used = set(Review.objects.values_list("slug", flat=True))
        statuses = list(STATUS_WEIGHTS)
        weights = list(STATUS_WEIGHTS.values())
        # Start with the demo's second body, so the bodies fill evenly.
        order = self.bodies[1:] + self.bodies[:1]
        for n in range(wanted):
            body = order[n % len(order)]
            status = self.rng.choices(statuses, weights)[0]
            topic = TOPICS[n % len(TOPICS)]
            slug = slugify(f"{topic} {body.slug.split('-')[0]}")
            if slug in used:
                slug = f"{slug}-{n}"
            used.add(slug)
            commissioned, agreed, presented = self.review_dates(status)
            end = presented or agreed or self.today
            reviews.append(
                Review(
                    body=body,
                    slug=slug,
                    short_title=topic,
                    working_group_name=f"{topic} Working Group",
                    title=f"Scrutiny review of {topic.lower()} by the {body.name}",
                    topic=topic,
                    purpose=self.sentences(2) if status != "commissioned" else "",
                    rationale=self.sentences(3),
                    outcomes=self.sentences(2),
                    approach=self.sentences(2),
                    information_required="\n".join(self.sentences(1) for _ in range(4)),
                    resources=self.sentences(1),
                    commissioned_on=commissioned,
                    status=status,
                    status_changed_at=self.when(end),
                    status_changed_by=self.demo_officer,
                    agreed_on=agreed,
                    agreed_at_meeting=f"{body.name}, {agreed:%-d %B %Y}" if agreed else "",
                    presented_on=presented,
                    response_period_months=self.rng.choice([None] * 4 + [3]),
                )
            )
            self.specs.append({"level": STATUS_PATH.index(status), "end": end})
        reviews = self.bulk(Review, reviews, lambda r: r.commissioned_on)
        for review, spec in zip(reviews, self.specs, strict=True):
            spec["review"] = review

    def make_status_changes(self):
        from reviews.models import Review, ReviewStatusChange

        changes, updates = [], []
        for spec in self.specs:
            review = spec["review"]
            start, end = review.commissioned_on, spec["end"]
            steps = STATUS_PATH[: spec["level"] + 1]
            for n, (a, b) in enumerate(zip(steps, steps[1:], strict=False)):
                day = start + (end - start) * (n + 1) / max(1, len(steps) - 1)
                changes.append(
                    ReviewStatusChange(
                        review=review,
                        from_status=a,
                        to_status=b,
                        changed_by=self.demo_officer,
                        changed_at=self.when(day),
                    )
                )
                # A changed historical row per status change, as saving it would make.
                row = Review(**{f.attname: getattr(review, f.attname) for f in Review._meta.fields})
                row.status = b
                updates.append((row, day))
        ReviewStatusChange.objects.bulk_create(changes, batch_size=500)
        self.updates = updates

    def make_scope(self):
        from reviews.models import KeyLineOfEnquiry, Milestone, WorkingGroupMember
        from scrutiny.partial_dates import PartialDate

        key_lines, members, milestones = [], [], []
        described = [
            "Initial meeting to develop the draft scope",
            "Scope agreed by the panel",
            "Evidence gathering",
            "Drafting of the report",
            "Approval of draft report by working group",
            "Final report to the panel",
        ]
        for spec in self.specs:
            review, level = spec["review"], spec["level"]
            for n in range(4 if level else self.rng.randint(0, 4)):
                key_lines.append(
                    KeyLineOfEnquiry(review=review, position=n, text=self.sentences(1) + "?")
                )
            spec["members"] = []
            if level < 1:
                continue
            pool = self.pools[review.body_id]
            councillors = self.rng.sample(pool["councillor"], 7)
            people = [
                (councillors[0], WorkingGroupMember.GroupRole.CHAIR),
                *((p, WorkingGroupMember.GroupRole.MEMBER) for p in councillors[1:6]),
                (self.rng.choice(pool["co_opted"]), WorkingGroupMember.GroupRole.CO_OPTED),
                (councillors[6], WorkingGroupMember.GroupRole.DRAFT_REVIEWER),
            ]
            for n, (person, role) in enumerate(people):
                member = WorkingGroupMember(review=review, person=person, role=role, position=n)
                members.append(member)
                spec["members"].append(member)
            start, end = review.commissioned_on, spec["end"] + datetime.timedelta(days=30)
            for n, description in enumerate(described):
                a = start + (end - start) * n / len(described)
                b = start + (end - start) * (n + 1) / len(described)
                milestones.append(
                    Milestone(
                        review=review,
                        position=n,
                        description=description,
                        # A period of months, as a timetable prints it.
                        planned_start=PartialDate(a.year, a.month),
                        planned_end=PartialDate(b.year, b.month),
                        actual_on=b if b < self.today else None,
                    )
                )
        self.bulk(KeyLineOfEnquiry, key_lines, lambda o: o.review.commissioned_on)
        self.bulk(WorkingGroupMember, members, lambda o: o.review.commissioned_on)
        self.bulk(Milestone, milestones, lambda o: o.review.commissioned_on)

    def make_meetings(self):
        from reviews.models import Attendance, Meeting, TimetableVariation, Witness

        meetings = []
        for spec in self.specs:
            review, level = spec["review"], spec["level"]
            spec["meetings"] = []
            if level < 1:
                continue
            n = (
                1
                if level == 1
                else self.rng.randint(3, 8)
                if level == 2
                else self.rng.randint(5, 12)
            )
            start = review.commissioned_on
            # Reviews in progress have meetings to come (the dashboard lists them).
            end = spec["end"] + datetime.timedelta(days=60 if level < 4 else 0)
            for day in sorted(self.between(start, end) for _ in range(n)):
                panel = self.rng.random() < 0.2
                meeting = Meeting(
                    review=review,
                    kind=Meeting.Kind.PANEL if panel else Meeting.Kind.WORKING_GROUP,
                    date=day,
                    title=review.body.name if panel else review.working_group_name,
                    purpose=self.sentences(1),
                    notes=self.sentences(3) if day < self.today else "",
                    location="Council offices, committee room 2",
                )
                meetings.append(meeting)
                spec["meetings"].append(meeting)
        self.bulk(Meeting, meetings, lambda m: m.date)
        attendance, witnesses, variations = [], [], []
        for spec in self.specs:
            staff = self.pools[spec["review"].body_id]["staff"]
            for meeting in spec["meetings"]:
                if meeting.kind == Meeting.Kind.WORKING_GROUP and meeting.date < self.today:
                    for member in spec["members"][:7]:
                        attendance.append(
                            Attendance(
                                meeting=meeting,
                                person=member.person,
                                status=Attendance.Status.APOLOGIES
                                if self.rng.random() < 0.15
                                else Attendance.Status.PRESENT,
                            )
                        )
                    for person in self.rng.sample(staff, self.rng.randint(0, 3)):
                        witnesses.append(
                            Witness(
                                meeting=meeting,
                                person=person,
                                job_title=person.job_title,
                                organisation_id=person.organisation_id,
                            )
                        )
            if spec["level"] >= 3 and self.rng.random() < 0.4 and spec["meetings"]:
                meeting = self.rng.choice(spec["meetings"])
                variations.append(
                    TimetableVariation(
                        review=spec["review"],
                        agreed_on=meeting.date,
                        agreed_at=spec["review"].body.name,
                        meeting=meeting,
                        description=self.sentences(2),
                    )
                )
        self.bulk(Attendance, attendance, lambda a: a.meeting.date)
        self.bulk(Witness, witnesses, lambda w: w.meeting.date)
        self.bulk(TimetableVariation, variations, lambda v: v.agreed_on)

    def make_evidence(self):
        from reviews.models import (
            CallForEvidence,
            DataRow,
            DataSet,
            DataTable,
            Document,
            Evidence,
            OralEvidence,
            Question,
            QuestionGroup,
            QuestionSet,
        )

        kinds, weights = list(EVIDENCE_KINDS), list(EVIDENCE_KINDS.values())
        # A few documents of over 1 MB (like the demo's council agenda pack), in
        # reviews chosen at random: one each.
        gathering = [spec for spec in self.specs if spec["level"] >= 2]
        big = 0 if self.scale < 10 else 1 + self.scale // 25
        big_reviews = {id(spec) for spec in self.rng.sample(gathering, min(big, len(gathering)))}
        items = []  # (spec, child instance, parts)
        for spec in self.specs:
            review, level = spec["review"], spec["level"]
            spec["evidence"] = []
            if level < 2:
                continue
            n = self.rng.randint(8, 50) if level == 2 else self.rng.randint(20, 110)
            staff = self.pools[review.body_id]["staff"]
            for position in range(n):
                kind = self.rng.choices(kinds, weights)[0]
                big = position == 0 and id(spec) in big_reviews
                if big:
                    kind = "document"
                meeting = self.rng.choice(spec["meetings"]) if spec["meetings"] else None
                received = self.between(review.commissioned_on, min(spec["end"], self.today))
                common = {
                    "review": review,
                    "kind": kind,
                    "position": position,
                    "title": self.sentences(1)[:200],
                    "summary": self.sentences(2),
                    "meeting": meeting if kind in ("oral", "questions") else None,
                    "received_on": received,
                }
                extra = {"parts": []}
                if kind == "document":
                    size = self.rng.randint(8_000, 32_000)  # ~20 KB on average
                    text = self.big_text if big else self.window(size)
                    name = f"{slugify(common['title'])[:60]}.pdf"
                    child = Document(
                        **common,
                        file=f"evidence/{review.pk}/bench/{name}",
                        original_filename=name,
                        content_type="application/pdf",
                        size=len(text) * 3,
                        sha256=hashlib.sha256(text.encode()).hexdigest(),
                        author=f"{review.body.scrutinised_title}",
                        extracted_text=text,
                    )
                    extra["parts"] = [child.author, child.original_filename, text]
                elif kind == "oral":
                    child = OralEvidence(**common)
                    extra["given_by"] = self.rng.sample(staff, self.rng.randint(1, 4))
                    extra["parts"] = [str(p) for p in extra["given_by"]]
                elif kind == "questions":
                    child = QuestionSet(**common, introduction=self.sentences(2), sent_on=received)
                    extra["groups"] = [
                        (
                            self.sentences(1)[:200],
                            self.sentences(2),
                            [
                                (
                                    self.sentences(1),
                                    self.sentences(3) if self.rng.random() < 0.7 else "",
                                )
                                for _ in range(self.rng.randint(2, 6))
                            ],
                        )
                        for _ in range(self.rng.randint(2, 5))
                    ]
                    for heading, together, questions in extra["groups"]:
                        extra["parts"] += [heading, together]
                        for text, answer in questions:
                            extra["parts"] += [text, answer]
                elif kind == "call":
                    closes = received + datetime.timedelta(days=self.rng.randint(14, 42))
                    child = CallForEvidence(
                        **common,
                        channel="Schools weekly update",
                        published_on=received,
                        closes_on=closes,
                        responses_received=self.rng.choice([None, 0, 3, 12, 40]),
                        text=self.sentences(12),
                    )
                    extra["parts"] = [child.channel, child.text]
                else:
                    child = DataSet(**common, introduction=self.sentences(1))
                    extra["tables"] = []
                    for _ in range(self.rng.randint(1, 3)):
                        rows = [
                            [
                                f"{self.rng.choice(FAMILY.split())} Parish Council",
                                self.sentences(1),
                                self.rng.choice(AREAS),
                                f"{self.rng.randint(500, 10000)}.00",
                            ]
                            for _ in range(self.rng.randint(4, 25))
                        ]
                        extra["tables"].append((self.sentences(1)[:200], self.sentences(2), rows))
                        extra["parts"] += [" ".join(row) for row in rows]
                    extra["parts"] = [child.introduction, *extra["parts"]]
                items.append((spec, child, extra))
        parents = [
            Evidence(
                **{
                    f.attname: getattr(child, f.attname)
                    for f in Evidence._meta.concrete_fields
                    if f.attname not in ("id", "created_at", "search_document")
                },
                search_document="\n".join(
                    p for p in [child.title, child.summary, *extra["parts"]] if p
                ),
            )
            for _, child, extra in items
        ]
        self.bulk(Evidence, parents, history=False)
        by_class = {}
        for parent, (spec, child, _) in zip(parents, items, strict=True):
            child.pk = child.id = child.evidence_ptr_id = parent.pk
            child.created_at = parent.created_at
            spec["evidence"].append(child)
            by_class.setdefault(type(child), []).append(child)
        for model, children in by_class.items():
            self.insert_children(model, children)
            self.remember(model, children, lambda e: e.received_on or e.review.commissioned_on)
        del parents

        given_by, groups, tables = [], [], []
        for _, child, extra in items:
            for person in extra.get("given_by", []):
                given_by.append(
                    OralEvidence.given_by.through(oralevidence_id=child.pk, person_id=person.pk)
                )
            for n, (heading, together, questions) in enumerate(extra.get("groups", [])):
                group = QuestionGroup(
                    question_set_id=child.pk, heading=heading, how_we_work_together=together
                )
                group.position = n
                group._questions = questions
                group._day = child.received_on
                groups.append(group)
            for n, (title, description, rows) in enumerate(extra.get("tables", [])):
                total = sum(float(row[3]) for row in rows)
                table = DataTable(
                    dataset_id=child.pk,
                    title=title,
                    description=description,
                    position=n,
                    columns=[
                        {"name": "Recipient", "type": "text"},
                        {"name": "Purpose", "type": "text"},
                        {"name": "Area", "type": "text"},
                        {"name": "Amount", "type": "money"},
                    ],
                    printed_totals={"Amount": f"{total:.2f}"},
                )
                table._rows = rows
                table._day = child.received_on
                tables.append(table)
        OralEvidence.given_by.through.objects.bulk_create(given_by, batch_size=500)
        self.bulk(QuestionGroup, groups, lambda g: g._day)
        self.bulk(
            Question,
            [
                Question(group=g, text=text, answer=answer, position=n)
                for g in groups
                for n, (text, answer) in enumerate(g._questions)
            ],
            lambda q: q.group._day,
        )
        self.bulk(DataTable, tables, lambda t: t._day)
        DataRow.objects.bulk_create(
            [
                DataRow(table=t, cells=row, position=n)
                for t in tables
                for n, row in enumerate(t._rows)
            ],
            batch_size=500,
        )

    def make_findings(self):
        from reviews.models import Conclusion, Finding

        findings, conclusions = [], []
        for spec in self.specs:
            review, level = spec["review"], spec["level"]
            spec["findings"], spec["conclusions"] = [], []
            if level < 3:
                continue
            for n in range(self.rng.randint(6, 16)):
                finding = Finding(
                    review=review, position=n, text=self.rng.choice(self.finding_texts)
                )
                findings.append(finding)
                spec["findings"].append(finding)
            for n in range(self.rng.randint(3, 6)):
                conclusion = Conclusion(
                    review=review, position=n, text=self.rng.choice(self.conclusion_texts)
                )
                conclusions.append(conclusion)
                spec["conclusions"].append(conclusion)
        self.bulk(Finding, findings, lambda f: f.review.commissioned_on)
        self.bulk(Conclusion, conclusions, lambda c: c.review.commissioned_on)
        finding_evidence, conclusion_evidence, conclusion_findings = [], [], []
        seen = set()
        for spec in self.specs:
            evidence = spec["evidence"]
            for finding in spec["findings"]:
                for item in self.rng.sample(evidence, min(len(evidence), self.rng.randint(1, 3))):
                    finding_evidence.append(
                        Finding.evidence.through(finding_id=finding.pk, evidence_id=item.pk)
                    )
            for conclusion in spec["conclusions"]:
                for item in self.rng.sample(evidence, min(len(evidence), self.rng.randint(1, 2))):
                    conclusion_evidence.append(
                        Conclusion.evidence.through(
                            conclusion_id=conclusion.pk, evidence_id=item.pk
                        )
                    )
                for finding in self.rng.sample(spec["findings"], self.rng.randint(1, 3)):
                    if (conclusion.pk, finding.pk) not in seen:
                        seen.add((conclusion.pk, finding.pk))
                        conclusion_findings.append(
                            Conclusion.findings.through(
                                conclusion_id=conclusion.pk, finding_id=finding.pk
                            )
                        )
        for model, rows in [
            (Finding.evidence.through, finding_evidence),
            (Conclusion.evidence.through, conclusion_evidence),
            (Conclusion.findings.through, conclusion_findings),
        ]:
            model.objects.bulk_create(rows, batch_size=500)

    def responding_bodies(self, body_id):
        """The body's Commissioner (s.29) and local authorities (no duty), made once."""
        from scrutiny.models import RespondingBody

        cache = self.__dict__.setdefault("_responding", {})
        if body_id not in cache:
            commissioner, _ = RespondingBody.objects.get_or_create(
                body_id=body_id, name="The Commissioner", defaults={"short_name": "Commissioner"}
            )
            councils, _ = RespondingBody.objects.get_or_create(
                body_id=body_id,
                name="The local authorities",
                defaults={"short_name": "Councils", "basis": RespondingBody.Basis.NONE},
            )
            commissioner.respondents.add(*self.body_users.get(body_id, {}).get("respondent", []))
            cache[body_id] = {"commissioner": commissioner, "other": councils}
        return cache[body_id]

    def make_recommendations(self):
        from recommendations.models import Recommendation, RecommendationAddressee

        addressees = (
            [("commissioner",)] * 17 + [("panel",)] * 2 + [("other",), ("commissioner", "other")]
        )
        recommendations = []
        for spec in self.specs:
            spec["recommendations"] = []
            if spec["level"] < 3:
                continue
            for number in range(1, self.rng.randint(4, 14) + 1):
                reason, text = self.rng.choice(self.recommendation_texts)
                chosen = self.rng.choice(addressees)
                recommendation = Recommendation(
                    review=spec["review"],
                    number=number,
                    reason=reason,
                    text=text,
                    to_panel="panel" in chosen,
                )
                responding = self.responding_bodies(spec["review"].body_id)
                recommendation.bench_to = [responding[k] for k in chosen if k != "panel"]
                recommendations.append(recommendation)
                spec["recommendations"].append(recommendation)
        self.bulk(Recommendation, recommendations, lambda r: r.review.agreed_on or self.today)
        self.bulk(
            RecommendationAddressee,
            [
                RecommendationAddressee(recommendation=r, responding_body=b)
                for r in recommendations
                for b in r.bench_to
            ],
            lambda link: link.recommendation.review.agreed_on or self.today,
        )
        links = []
        for spec in self.specs:
            for recommendation in spec["recommendations"]:
                for conclusion in self.rng.sample(
                    spec["conclusions"], min(len(spec["conclusions"]), self.rng.randint(1, 2))
                ):
                    links.append(
                        Recommendation.conclusions.through(
                            recommendation_id=recommendation.pk, conclusion_id=conclusion.pk
                        )
                    )
        Recommendation.conclusions.through.objects.bulk_create(links, batch_size=500)

    def make_report(self):
        """Sections, draft versions with comments, a final version from 'agreed' on, and
        the publication of most presented and closed reports."""
        from reviews.models import PublishedReport, ReportComment, ReportSection, ReportVersion

        sections, versions = [], []
        for spec in self.specs:
            review, level = spec["review"], spec["level"]
            spec["versions"] = []
            if level < 3:
                continue
            for section in self.sections:
                sections.append(ReportSection(review=review, **section))
            drafts = self.rng.randint(0, 3) if level == 3 else self.rng.randint(1, 3)
            start = review.commissioned_on + (spec["end"] - review.commissioned_on) * 2 / 3
            for number in range(1, drafts + 2 if level >= 4 else drafts + 1):
                final = level >= 4 and number == drafts + 1
                version = ReportVersion(
                    review=review,
                    number=number,
                    kind=ReportVersion.Kind.FINAL if final else ReportVersion.Kind.DRAFT,
                    html=self.version.html,
                    sections=self.version.sections,
                    note=self.sentences(1),
                    issued_by=self.demo_officer,
                    issued_at=self.when(
                        review.agreed_on if final else self.between(start, spec["end"])
                    ),
                )
                versions.append(version)
                spec["versions"].append(version)
        self.bulk(ReportSection, sections, lambda s: s.review.commissioned_on)
        self.bulk(ReportVersion, versions)
        anchors = list(self.version.sections)
        comments, replies, publications = [], [], []
        for spec in self.specs:
            review = spec["review"]
            users = self.body_users[review.body_id]
            for version in spec["versions"]:
                if version.kind != ReportVersion.Kind.DRAFT:
                    continue
                for _ in range(self.rng.randint(0, 6)):
                    comment = ReportComment(
                        version=version,
                        anchor=self.rng.choice(anchors),
                        author=self.rng.choice(users["member"]),
                        text=self.sentences(1),
                        created_at=version.issued_at + datetime.timedelta(days=2),
                    )
                    if self.rng.random() < 0.5:
                        comment.resolved_by = users["officer"][0]
                        comment.resolved_at = comment.created_at + datetime.timedelta(days=3)
                    comments.append(comment)
            final = next((v for v in spec["versions"] if v.kind == ReportVersion.Kind.FINAL), None)
            chance = {4: 0.2, 5: 0.6, 6: 0.9}.get(spec["level"], 0)
            if final and self.rng.random() < chance:
                publications.append(
                    PublishedReport(
                        review=review,
                        version=final,
                        pdf=self.dummy_pdf(),
                        sha256=hashlib.sha256(DUMMY_PDF).hexdigest(),
                        published_by=users["publisher"][0],
                        published_at=self.when(review.presented_on or review.agreed_on, 14),
                    )
                )
        ReportComment.objects.bulk_create(comments, batch_size=500)
        for comment in comments:
            if self.rng.random() < 0.3:
                replies.append(
                    ReportComment(
                        version=comment.version,
                        anchor=comment.anchor,
                        parent=comment,
                        author=self.body_users[comment.version.review.body_id]["officer"][0],
                        text=self.sentences(1),
                        created_at=comment.created_at + datetime.timedelta(days=1),
                    )
                )
        ReportComment.objects.bulk_create(replies, batch_size=500)
        PublishedReport.objects.bulk_create(publications, batch_size=500)

    def make_responses(self):
        from dateutil.relativedelta import relativedelta

        from recommendations.models import Response, TargetDateChange

        responses = []
        for spec in self.specs:
            review, level = spec["review"], spec["level"]
            if level < 5:
                continue
            period = review.response_period_months or review.body.default_response_period_months
            due = review.presented_on + relativedelta(months=period)
            users = self.body_users[review.body_id]
            for recommendation in spec["recommendations"]:
                commissioner = self.responding_bodies(review.body_id)["commissioner"]
                if commissioner not in recommendation.bench_to:
                    continue
                if level == 6:
                    status = "published"
                elif due >= self.today:
                    status = self.rng.choices(["none", "draft", "submitted"], [5, 3, 2])[0]
                else:
                    status = self.rng.choices(
                        ["none", "draft", "submitted", "published"], [3, 1, 3, 3]
                    )[0]
                if status == "none":
                    continue
                decision = self.rng.choices(
                    ["accepted", "partially_accepted", "not_accepted"], [65, 25, 10]
                )[0]
                received = min(
                    self.today,
                    review.presented_on + datetime.timedelta(days=self.rng.randint(20, 90)),
                )
                response = Response(
                    recommendation=recommendation,
                    responding_body=commissioner,
                    decision=decision,
                    reason="" if decision == "accepted" else self.sentences(2),
                    response_text=self.sentences(3),
                    actions="\n".join(f"- {self.sentences(1)}" for _ in range(3)),
                    lead_officer=self.name(),
                    target_date=received + datetime.timedelta(days=self.rng.randint(90, 540)),
                    status=status,
                    entered_by=users["respondent"][0],
                )
                if status != "draft":
                    response.received_on = received
                    response.submitted_by = users["respondent"][0]
                    response.submitted_at = self.when(received)
                if status == "published":
                    response.published_by = users["publisher"][0]
                    response.published_at = self.when(received + datetime.timedelta(days=10))
                responses.append(response)
        self.bulk(Response, responses, lambda r: r.received_on or self.today)
        changes = [
            TargetDateChange(
                response=r,
                old_date=r.target_date - datetime.timedelta(days=90),
                new_date=r.target_date,
                reason=self.sentences(1),
                changed_by=self.body_users[r.recommendation.review.body_id]["respondent"][0],
                changed_at=self.when(r.received_on),
            )
            for r in responses
            if r.received_on and self.rng.random() < 0.1
        ]
        TargetDateChange.objects.bulk_create(changes, batch_size=500)

    def make_follow_ups(self):
        from recommendations.models import FollowUp, FollowUpAssessment

        outcomes = [
            ("implemented", "green", "closed"),
            ("in_progress", "amber", "carried_forward"),
            ("not_implemented", "red", "closed"),
            ("not_implemented", "red", "carried_forward"),
            ("no_longer_applicable", "green", "closed"),
        ]
        follow_ups, assessments = [], []
        for spec in self.specs:
            review, level = spec["review"], spec["level"]
            if level < 5 or not spec["recommendations"]:
                continue
            users = self.body_users[review.body_id]
            due = review.body.follow_up_due_after(review.presented_on)
            sequence, pending = 1, list(spec["recommendations"])
            while pending:
                follow_up = FollowUp(review=review, sequence=sequence, due_on=due)
                follow_ups.append(follow_up)
                done = level == 6 or (
                    due < self.today - datetime.timedelta(days=30) and self.rng.random() < 0.6
                )
                carried = []
                for recommendation in pending:
                    assessment = FollowUpAssessment(
                        follow_up=follow_up,
                        recommendation=recommendation,
                        progress_update=self.sentences(2),
                    )
                    if done:
                        choices = (
                            outcomes if level < 6 or sequence > 1 else outcomes[:3] + outcomes[4:]
                        )
                        implementation, rag, outcome = self.rng.choice(choices)
                        if level == 6 and sequence > 1:
                            outcome = "closed"
                        assessment.implementation, assessment.rag = implementation, rag
                        assessment.outcome, assessment.comment = outcome, self.sentences(1)
                        if outcome == "carried_forward":
                            carried.append(recommendation)
                    elif self.rng.random() < 0.6:
                        continue  # no update yet
                    assessments.append(assessment)
                if not done:
                    break
                held = min(self.today, due + datetime.timedelta(days=self.rng.randint(0, 40)))
                follow_up.status = FollowUp.Status.COMPLETED
                follow_up.held_on = held
                follow_up.meeting = f"{review.body.name}, {held:%-d %B %Y}"
                follow_up.summary = self.sentences(2)
                follow_up.completed_by = users["officer"][0]
                follow_up.completed_at = self.when(held, 20)
                if level == 6 or self.rng.random() < 0.7:
                    follow_up.published_by = users["publisher"][0]
                    follow_up.published_at = self.when(held + datetime.timedelta(days=7))
                sequence += 1
                due = review.body.follow_up_due_after(held)
                pending = carried
        self.bulk(
            FollowUp, follow_ups, lambda f: f.held_on or f.due_on - datetime.timedelta(days=90)
        )
        for assessment in assessments:
            assessment.follow_up = assessment.follow_up  # refresh the id after bulk_create
        self.bulk(
            FollowUpAssessment,
            assessments,
            lambda a: a.follow_up.held_on or a.follow_up.due_on - datetime.timedelta(days=30),
        )

    # --- history ----------------------------------------------------------------------------
    def write_history(self):
        from reviews.models import Review

        for model, objs in self.history.items():
            model.history.bulk_history_create(objs, batch_size=500, default_user=self.demo_officer)
        rows = []
        for row, day in self.updates:
            row._history_date = self.when(min(day, self.today))
            rows.append(row)
        Review.history.bulk_history_create(
            rows, batch_size=500, update=True, default_user=self.demo_officer
        )


# --- measuring --------------------------------------------------------------------------------


def page_list(search_word, rare_word):
    """(label, url, user) for every page measured; user None is a visitor."""
    from django.db.models.functions import Length
    from django.urls import reverse

    from recommendations.models import CalendarFeed, FollowUp, Recommendation
    from reviews.models import Document, Review
    from scrutiny.models import ScrutinyBody, User

    officer = User.objects.get(username=OFFICER)
    everyone = User.objects.filter(username=ALL_BODIES_OFFICER).first() or officer
    reference = Review.objects.get(slug=REFERENCE_SLUG)
    presented = Review.objects.get(slug=PRESENTED_SLUG)
    ref = {"slug": reference.slug}
    pres = {"slug": presented.slug}
    biggest = (
        Document.objects.filter(review=reference)
        .annotate(n=Length("extracted_text"))
        .order_by("-n")
        .first()
    )
    meeting = reference.meetings.order_by("date", "pk").first()
    recommendation = Recommendation.objects.filter(review=presented).order_by("number").first()
    follow_up = FollowUp.objects.filter(review=presented).order_by("sequence").first()
    feed = CalendarFeed.for_body(ScrutinyBody.objects.get(slug=DEMO_BODY_SLUG))

    def last_page(user, public=False):
        n = (
            Recommendation.objects.public().count()
            if public
            else Recommendation.objects.for_user(user).count()
        )
        return max(1, math.ceil(n / 25))

    search = f"{reverse('reviews:search')}?q={search_word}"
    rare = f"{reverse('reviews:search')}?q={rare_word}"
    pages = [
        ("home", reverse("home"), None),
        ("dashboard", reverse("dashboard"), officer),
        ("review overview", reverse("reviews:detail", kwargs=ref), officer),
        ("scope", reverse("reviews:scope", kwargs=ref), officer),
        ("timetable", reverse("reviews:timetable", kwargs=ref), officer),
        ("working group", reverse("reviews:working_group", kwargs=ref), officer),
        ("meetings", reverse("reviews:meetings", kwargs=ref), officer),
        (
            "meeting detail",
            reverse("reviews:meeting_detail", kwargs={**ref, "pk": meeting.pk}),
            officer,
        ),
        ("evidence list", reverse("reviews:evidence", kwargs=ref), officer),
        (
            f"evidence list, search '{search_word}'",
            f"{reverse('reviews:evidence', kwargs=ref)}?q={search_word}",
            officer,
        ),
        (
            f"evidence detail ({len(biggest.extracted_text) / 2**20:.2f} MB document)",
            reverse("reviews:evidence_detail", kwargs={**ref, "pk": biggest.pk}),
            officer,
        ),
        ("findings", reverse("reviews:findings", kwargs=ref), officer),
        ("recommendations", reverse("recommendations:list", kwargs=ref), officer),
        ("responses (closed review)", reverse("recommendations:responses", kwargs=pres), officer),
        ("recommendation detail (closed review)", recommendation.get_absolute_url(), officer),
        ("follow-ups (closed review)", reverse("recommendations:follow_ups", kwargs=pres), officer),
        ("follow-up detail (closed review)", follow_up.get_absolute_url(), officer),
        ("report overview", reverse("reviews:report", kwargs=ref), officer),
        ("report online", reverse("reviews:report_online", kwargs=ref), officer),
        ("report versions", reverse("reviews:report_versions", kwargs=ref), officer),
        ("draft report", reverse("reviews:report_draft", kwargs=ref), officer),
        ("history", reverse("reviews:history", kwargs=ref), officer),
        (f"search all reviews '{search_word}'", search, officer),
        (f"search all reviews '{rare_word}'", rare, officer),
        ("tracker, first page", reverse("tracker:list"), officer),
        (
            "tracker, last page",
            f"{reverse('tracker:list')}?page={last_page(officer)}",
            officer,
        ),
        ("tracker charts", reverse("tracker:charts"), officer),
        ("export CSV", reverse("tracker:export_csv"), officer),
        ("export XLSX", reverse("tracker:export_xlsx"), officer),
        ("calendar feed (.ics)", feed.get_absolute_url(), None),
        ("public tracker, first page", reverse("public_tracker:list"), None),
        (
            "public tracker, last page",
            f"{reverse('public_tracker:list')}?page={last_page(None, public=True)}",
            None,
        ),
        ("public responses", reverse("public_tracker:responses", kwargs=pres), None),
        ("public report", reverse("public:report", kwargs=pres), None),
        # The same pages across reviews, for an officer of every body.
        ("all bodies: dashboard", reverse("dashboard"), everyone),
        (f"all bodies: search '{search_word}'", search, everyone),
        (f"all bodies: search '{rare_word}'", rare, everyone),
        ("all bodies: tracker, first page", reverse("tracker:list"), everyone),
        (
            "all bodies: tracker, last page",
            f"{reverse('tracker:list')}?page={last_page(everyone)}",
            everyone,
        ),
        ("all bodies: tracker charts", reverse("tracker:charts"), everyone),
        ("all bodies: export CSV", reverse("tracker:export_csv"), everyone),
        ("all bodies: export XLSX", reverse("tracker:export_xlsx"), everyone),
    ]
    return pages


def fetch(client, url):
    """GET `url` and read the whole body (a streamed one too); (status, bytes)."""
    response = client.get(url)
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    response.close()
    return response.status_code, size


def measure_pages(*, words, first):
    """Open each page twice in this process: a warm-up (counting its queries), then
    timed. In the first round, exports are run once more under tracemalloc."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    # DEBUG is off, so templates would need collectstatic's manifest: plain static URLs.
    static = override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    )
    static.enable()
    clients = {}
    rows = []
    for label, url, user in page_list(*words):
        key = user.pk if user else None
        if key not in clients:
            clients[key] = Client(HTTP_HOST="localhost")
            if user:
                clients[key].force_login(user)
        client = clients[key]
        row = {"page": label, "url": url}
        try:
            with CaptureQueriesContext(connection) as queries:
                status, size = fetch(client, url)  # the warm-up, counting queries
            row.update(status=status, queries=len(queries), body_bytes=size)
            if status != 200:
                row["error"] = f"HTTP {status}"
            started = time.perf_counter()
            fetch(client, url)
            row["time"] = time.perf_counter() - started
            if first and "export" in label:
                tracemalloc.start()
                tracemalloc.reset_peak()
                fetch(client, url)
                row["peak_bytes"] = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
        except Exception as error:  # report the page, go on with the others
            row.update(error=f"{type(error).__name__}: {error}", status=None)
        if first or row.get("error"):
            print(
                f"  {label:<46} {fmt_ms(row.get('time')):>8} ms {row.get('queries', '–'):>4} q "
                f"{row.get('body_bytes', 0) / 1024:>8,.0f} KB {row.get('error', '')}",
                flush=True,
            )
        rows.append(row)
    static.disable()
    return rows


if __name__ == "__main__":
    sys.exit(main())
