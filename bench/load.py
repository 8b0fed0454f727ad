"""Benchmark: the production stack under a working day's load, then a burst of PDF
requests.

One command does everything: it makes a PostgreSQL database (`bench_load_<scale>x`)
with `scale` times the demo data (bench/pages.py's generator), collects the static
files into a temporary folder, starts the production processes on 127.0.0.1
(gunicorn with 3 sync workers and `--timeout 30`, one `db_worker`; production
settings, see bench/load_settings.py), runs locust headless against them
(bench/locustfile.py: visitors, officers, members), then sends 20 simultaneous PDF
requests from signed-in officers and waits for the renders. It prints the figures
beside the goals, stops everything it started and drops the database (unless
--keep). See bench/README.md.
"""

import argparse
import contextlib
import csv
import datetime
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import pages  # noqa: E402  (the data generator, shared with bench/pages.py)

PASSWORD = "scrutiny-demo"  # load_demo's; the generated users are given it too
SEARCH_WORDS = ["support", "cadets"]  # common and rare, as bench/pages.py searches
SERVER_SETTINGS = "bench.load_settings"
GOAL_P95_MS = 1000
SEEN = ("PDF", "progress page", "ready page")  # what a person asking for a PDF should see
BURST_TIMEOUT = 60  # seconds a burst request may take before we give up on it


# --- processes ---------------------------------------------------------------------------


def psql(database, sql):
    command = pages.psql_command("psql", "-d", database, "-tAc", sql)
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()


def database_exists(name):
    return psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"


def drop_database(name):
    # --force: a connection left behind by a killed process must not keep it alive.
    subprocess.run(
        pages.psql_command("dropdb", "--if-exists", "--force", name),
        check=False,
        capture_output=True,
    )


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stack:
    """gunicorn and db_worker as Procfile runs them, each in its own process group so
    that stopping them stops their children (gunicorn's workers) too."""

    def __init__(self, env, workdir, port, database):
        self.env, self.workdir, self.port, self.database = env, workdir, port, database
        self.processes = {}
        self.gunicorn_log = workdir / "gunicorn.log"
        self.worker_log = workdir / "db_worker.log"

    def start(self):
        python = sys.executable
        web = [
            *(python, "-m", "gunicorn", "scrutiny.wsgi"),
            *("--bind", f"127.0.0.1:{self.port}", "--workers", "3", "--timeout", "30"),
            # Not Procfile's, but on a shared machine every gunicorn would otherwise
            # take the same control socket (~/.gunicorn/gunicorn.ctl).
            "--no-control-socket",
        ]
        worker = [python, "manage.py", "db_worker"]
        for name, command, log in [
            ("gunicorn", web, self.gunicorn_log),
            ("db_worker", worker, self.worker_log),
        ]:
            with log.open("ab") as out:
                self.processes[name] = subprocess.Popen(
                    command,
                    cwd=ROOT,
                    env=self.env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )

    def wait_until_up(self, timeout=60):
        import requests

        deadline = time.monotonic() + timeout
        while True:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited ({process.returncode}): see its log")
            try:
                if requests.get(f"{self.url}/accounts/login/", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer within a minute")
            time.sleep(0.5)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        for process in self.processes.values():
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for name, process in self.processes.items():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                print(f"{name} did not stop within 20 s: killing it", flush=True)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes = {}

    def log_text(self):
        return self.gunicorn_log.read_text(errors="replace") if self.gunicorn_log.exists() else ""


class CpuSampler:
    """Where the machine's CPU time went while a phase ran, by process: gunicorn
    (master and workers), the db_worker, locust, this script, PostgreSQL's backends
    for the benchmark's database, and everything else (other people's work on a
    shared machine). Samples every process's CPU time twice a second; a process that
    ends between two samples loses at most half a second's worth."""

    def __init__(self, stack, interval=0.5):
        self.stack, self.interval = stack, interval
        self.first, self.last = {}, {}
        self.stop = threading.Event()

    def category(self, process, trees):
        if process.pid in trees:
            return trees[process.pid]
        if process.pid == os.getpid():
            return "load.py (sampling; the burst's client)"
        command = " ".join(process.info["cmdline"] or [])
        if "locustfile" in command:
            return "locust"
        if command.startswith("postgres"):
            if f" {self.stack.database} " in f"{command} ":
                return "PostgreSQL, the benchmark's database"
            return "PostgreSQL, other databases"
        return "other processes"

    def sample(self, into):
        import psutil

        trees = {}
        for name, popen in self.stack.processes.items():
            try:
                root = psutil.Process(popen.pid)
                for p in [root, *root.children(recursive=True)]:
                    trees[p.pid] = name
            except psutil.NoSuchProcess:
                continue
        for process in psutil.process_iter(["cmdline", "cpu_times"]):
            times = process.info["cpu_times"]
            if times is None:
                continue
            into[process.pid] = (self.category(process, trees), times.user + times.system)

    def run(self):
        while not self.stop.wait(self.interval):
            self.sample(self.last)

    def __enter__(self):
        import psutil

        self.started, self.machine = time.perf_counter(), psutil.cpu_times()
        self.sample(self.first)
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        import psutil

        self.stop.set()
        self.thread.join()
        self.sample(self.last)
        machine, wall = psutil.cpu_times(), time.perf_counter() - self.started
        used = {}
        for pid, (category, cpu) in self.last.items():
            before = self.first.get(pid, (category, 0.0))[1]
            used[category] = used.get(category, 0.0) + max(0.0, cpu - before)
        idle = (machine.idle + getattr(machine, "iowait", 0)) - (
            self.machine.idle + getattr(self.machine, "iowait", 0)
        )
        self.result = {
            "wall": wall,
            "cpus": os.cpu_count(),
            "by_process": dict(sorted(used.items(), key=lambda kv: -kv[1])),
            "idle": idle,
        }
        return False


def count_log(text):
    """Worker timeouts, and the server errors Django logged, in a piece of the log."""
    errors = re.findall(r"^(?:ERROR|Internal Server Error:?)[^\n]*$", text, re.M)
    return {
        "worker timeouts": text.count("WORKER TIMEOUT"),
        "server errors logged": len(errors),
        "examples": list(dict.fromkeys(errors))[:5],
    }


# --- the parent -------------------------------------------------------------------------------


def run_step(label, command, env, timings):
    started = time.perf_counter()
    print(f"\n=== {label} ===", flush=True)
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    timings[label] = time.perf_counter() - started


def self_command(*args):
    return [sys.executable, str(Path(__file__).resolve()), *args]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100, help="Times the demo data (1, 10, 100).")
    parser.add_argument("--users", type=int, default=50, help="Simultaneous locust users.")
    parser.add_argument("--spawn-rate", type=float, default=10, help="Users started per second.")
    parser.add_argument("--seconds", type=int, default=60, help="How long the mixed load runs.")
    parser.add_argument("--burst", type=int, default=20, help="Simultaneous PDF requests.")
    parser.add_argument(
        "--burst-wait",
        type=int,
        default=180,
        help="How long to wait, after the burst, for the PDFs to be rendered (s).",
    )
    parser.add_argument("--keep", action="store_true", help="Keep the database and work folder.")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Use the database and work folder a --keep run left, instead of generating.",
    )
    parser.add_argument("--db-name", default="bench_load", help="Database name prefix.")
    parser.add_argument("--seed", type=int, default=2024, help="Random seed of the generator.")
    parser.add_argument("--port", type=int, help="gunicorn's port (default: a free one).")
    parser.add_argument("--json", help="Also write every figure to this JSON file.")
    # Internal: generate, or write the plan, in a process set up for the database.
    parser.add_argument("--worker", choices=["generate", "prepare"], help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args)

    # Stop everything on SIGTERM as on Ctrl+C: both become KeyboardInterrupt.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    name = f"{args.db_name}_{args.scale}x"
    workdir = Path(tempfile.gettempdir()) / f"scrutiny-bench-load-{args.scale}x"
    media, static = workdir / "media", workdir / "static"
    database_url = f"postgres://postgres@127.0.0.1:5432/{name}"
    data_env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE=pages.settings_module(),
        DATABASE_URL=database_url,
        DJANGO_MEDIA_ROOT=str(media),
        DJANGO_DEBUG="false",
    )
    server_env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE=SERVER_SETTINGS,
        DATABASE_URL=database_url,
        DJANGO_MEDIA_ROOT=str(media),
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        EMAIL_URL="consolemail://",  # nothing leaves the machine
        SCRUTINY_BENCH_STATIC_ROOT=str(static),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    timings, stack, results = {}, None, {"scale": args.scale}
    started = time.perf_counter()
    results["load_average"] = {"start": os.getloadavg()}
    reused = args.reuse and database_exists(name) and media.is_dir()
    if args.reuse and not reused:
        print(f"Nothing to reuse ({name}, {media}): generating.", flush=True)
    try:
        if not reused:
            drop_database(name)
            shutil.rmtree(workdir, ignore_errors=True)
            media.mkdir(parents=True)
            pages.create_database(name)
            run_step(
                f"generating {args.scale}× (migrate, load_demo, bulk inserts)",
                self_command("--worker", "generate", "--scale", str(args.scale), "--seed",
                             str(args.seed), "--out", str(workdir / "data.json")),
                data_env,
                timings,
            )  # fmt: skip
        plan_path = workdir / "plan.json"
        run_step(
            "the plan: users, pages, PDFs (and a cold PDF cache)",
            self_command("--worker", "prepare", "--out", str(plan_path)),
            data_env,
            timings,
        )
        run_step(
            "collectstatic",
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            server_env,
            timings,
        )
        plan = json.loads(plan_path.read_text())
        data = json.loads((workdir / "data.json").read_text())
        results.update(data=data, plan_summary=plan["summary"])

        stack = Stack(server_env, workdir, args.port or free_port(), name)
        print(f"\n=== starting gunicorn (3 workers) and db_worker on {stack.url} ===", flush=True)
        stack.start()
        stack.wait_until_up()

        log_start = len(stack.log_text())
        label = f"locust: {args.users} users for {args.seconds} s"
        started_load = time.perf_counter()
        with CpuSampler(stack) as cpu:
            results["mixed"] = run_locust(args, stack, plan_path, workdir)
        results["mixed"]["cpu"] = cpu.result
        timings[label] = time.perf_counter() - started_load
        text = stack.log_text()
        results["mixed"]["log"] = count_log(text[log_start:])

        log_start = len(text)
        print(f"\n=== burst: {args.burst} simultaneous PDF requests ===", flush=True)
        started_burst = time.perf_counter()
        results["burst"] = run_burst(args, stack, plan)
        timings["burst and renders"] = time.perf_counter() - started_burst
        results["burst"]["log"] = count_log(stack.log_text()[log_start:])
        results["load_average"]["end"] = os.getloadavg()
    except Exception:
        for log in (workdir / "gunicorn.log", workdir / "db_worker.log"):
            if log.exists():
                print(f"\n--- the end of {log.name} ---")
                print("\n".join(log.read_text(errors="replace").splitlines()[-30:]))
        raise
    finally:
        if stack:
            print("\n=== stopping gunicorn and db_worker ===", flush=True)
            stack.stop()
        if args.keep:
            print(f"Kept database {name} and {workdir} (logs, media, locust CSVs).")
        else:
            drop_database(name)
            shutil.rmtree(workdir, ignore_errors=True)
    results["timings"] = timings
    results["total_seconds"] = time.perf_counter() - started
    print_report(args, results, reused)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str))
    return 0


# --- the mixed load --------------------------------------------------------------------------


def run_locust(args, stack, plan_path, workdir):
    prefix = workdir / "locust"
    command = [
        *(sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py")),
        *("--headless", "-u", str(args.users), "-r", str(args.spawn_rate)),
        *("-t", f"{args.seconds}s", "--stop-timeout", "10"),
        *("--host", stack.url, "--csv", str(prefix), "--only-summary"),
        *("--loglevel", "WARNING", "--exit-code-on-error", "0"),
    ]
    record = workdir / "requests.json"
    env = dict(os.environ, SCRUTINY_LOAD_PLAN=str(plan_path), SCRUTINY_LOAD_RECORD=str(record))
    print(f"\n=== locust: {args.users} users, {args.seconds} s ===", flush=True)
    log = workdir / "locust.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            process.wait(timeout=args.seconds + 120)
        except subprocess.TimeoutExpired:
            process.terminate()
            process.wait(timeout=20)
            raise RuntimeError(f"locust did not finish: see {log}") from None
        finally:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=20)
    if process.returncode != 0:
        print(log.read_text(errors="replace")[-3000:])
        raise RuntimeError(f"locust exited with {process.returncode}")
    return {
        **read_locust_csv(prefix),
        **summarise(json.loads(record.read_text())),
    }


def percentile(values, p):
    """Nearest-rank percentile of a sorted list."""
    if not values:
        return None
    return values[min(len(values) - 1, max(0, math.ceil(p / 100 * len(values)) - 1))]


def figures(requests_):
    """Count, rate, percentiles and errors of some of the recorded requests."""
    if not requests_:
        return None
    times = sorted(r[3] for r in requests_)
    span = max(r[0] + r[3] / 1000 for r in requests_) - min(r[0] for r in requests_)
    return {
        "requests": len(times),
        "rps": len(times) / span if span > 0 else None,
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "p99": percentile(times, 99),
        "max": times[-1],
        "failures": sum(1 for r in requests_ if not r[4]),
    }


def summarise(record):
    """Exact figures from every request locust made: all of them; without the
    sign-ins (each checks a password hash at production strength, PBKDF2, slow on
    purpose); and after the sign-ins, from the moment the last user started and the
    last sign-in answered: the working day once everyone is in."""
    everything = record["requests"]
    signing_in = [r for r in everything if r[2].startswith("sign in")]
    work = [r for r in everything if not r[2].startswith("sign in")]
    settled = max([record["spawned_at"] or 0, *(r[0] + r[3] / 1000 for r in signing_in)])
    steady = [r for r in work if r[0] >= settled]
    names = sorted({(r[1], r[2]) for r in everything})

    def by_name(rows):
        return {
            f"{method} {name}": figures([r for r in rows if (r[1], r[2]) == (method, name)])
            for method, name in names
        }

    first = min((r[0] for r in everything), default=settled)
    return {
        "all": figures(everything),
        "without sign-in": figures(work),
        "after sign-ins": figures(steady),
        "settled_after_seconds": settled - first,
        "by_name": by_name(everything),
        "steady_by_name": by_name(steady),
    }


def read_locust_csv(prefix):
    def number(value):
        try:
            return float(value)
        except (TypeError, ValueError):
            return None

    rows = []
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows.append(
                {
                    "method": row["Type"],
                    "name": row["Name"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": number(row["Requests/s"]),
                    "p50": number(row["50%"]),
                    "p95": number(row["95%"]),
                    "p99": number(row["99%"]),
                    "max": number(row["Max Response Time"]),
                }
            )
    failures = []
    with open(f"{prefix}_failures.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            failures.append(
                {
                    "method": row["Method"],
                    "name": row["Name"],
                    "error": row["Error"],
                    "occurrences": int(row["Occurrences"]),
                }
            )
    total = next(r for r in rows if r["name"] == "Aggregated")
    pages_ = [r for r in rows if r["name"] != "Aggregated"]
    return {"total": total, "pages": pages_, "failures": failures}


# --- the burst of PDFs -----------------------------------------------------------------------


def sign_in(base, username):
    import requests

    session = requests.Session()
    form = session.get(f"{base}/accounts/login/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    response = session.post(
        f"{base}/accounts/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        timeout=60,
    )
    if "/accounts/login/" in response.url:
        raise RuntimeError(f"could not sign in as {username}")
    return session


def pdf_outcome(response):
    """What a person would see: the PDF, a progress page, or an error."""
    if response.status_code >= 400:
        return f"HTTP {response.status_code}"
    if response.headers.get("Content-Type", "").startswith("application/pdf"):
        return "PDF"
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", response.text, re.S)
    heading = heading.group(1).strip() if heading else ""
    if heading == "Preparing the PDF":
        return "progress page"
    if heading == "The PDF is ready":
        return "ready page"
    if heading == "The PDF could not be prepared":
        return "failed page"
    return f"other page ({heading[:40]})"


def run_burst(args, stack, plan):
    """Sign in one session per request, release them together, then poll the
    progress pages (as the page's Refresh header does) until every PDF is ready."""
    import requests

    items = plan["burst"]["items"]
    items = [
        {**items[i % len(items)], "url": stack.url + items[i % len(items)]["url"]}
        for i in range(args.burst)
    ]
    if not items:
        return {"items": [], "note": "nothing to ask a PDF of"}
    started = time.perf_counter()
    sessions = [sign_in(stack.url, plan["burst"]["username"]) for _ in items]
    sign_in_seconds = time.perf_counter() - started
    barrier = threading.Barrier(len(items))
    results = [None] * len(items)

    def ask(i, item, session):
        barrier.wait()
        began = time.perf_counter()
        try:
            if item["method"] == "POST":
                token = session.cookies.get("csrftoken")
                response = session.post(
                    item["url"], {"csrfmiddlewaretoken": token}, timeout=BURST_TIMEOUT
                )
            else:
                response = session.get(item["url"], timeout=BURST_TIMEOUT)
            outcome, poll = pdf_outcome(response), response.url
        except requests.RequestException as error:
            outcome, poll = f"no answer: {type(error).__name__}", None
        results[i] = {
            **item,
            "session": i,
            "outcome": outcome,
            "seconds": time.perf_counter() - began,
            "poll": poll,
        }

    with CpuSampler(stack) as sampler:
        threads = [
            threading.Thread(target=ask, args=(i, item, session), daemon=True)
            for i, (item, session) in enumerate(zip(items, sessions, strict=True))
        ]
        burst_started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(BURST_TIMEOUT + 10)
        results = [r for r in results if r is not None]

        # Then every PDF asked for, polled every two seconds until ready or failed (the
        # same PDF asked for twice is polled once).
        waiting = {}
        for r in results:
            if r["outcome"] in ("PDF", "ready page"):
                r["ready_after"] = r["seconds"]
            elif r["poll"] and r["outcome"] == "progress page":
                waiting.setdefault(r["poll"], []).append(r)
        deadline = time.perf_counter() + args.burst_wait
        polls = 0
        while waiting and time.perf_counter() < deadline:
            time.sleep(2)
            for url, mine in list(waiting.items()):
                session = sessions[mine[0]["session"]]
                try:
                    outcome = pdf_outcome(session.get(url, timeout=BURST_TIMEOUT))
                except requests.RequestException as error:
                    outcome = f"no answer: {type(error).__name__}"
                polls += 1
                if outcome == "progress page":
                    continue
                for r in mine:
                    r["final"] = outcome
                    if outcome in ("PDF", "ready page"):
                        r["ready_after"] = time.perf_counter() - burst_started
                del waiting[url]
        for mine in waiting.values():
            for r in mine:
                r["final"] = f"still rendering after {args.burst_wait} s"
    return {
        "items": results,
        "rendered": rendered_pdfs(stack.workdir / "media" / "report-cache"),
        "cpu": sampler.result,
        "sign_in_seconds": sign_in_seconds,
        "polls": polls,
        "distinct": len({(i["method"], i["url"]) for i in items}),
    }


def rendered_pdfs(folder):
    """(bytes, pages) of every PDF in the cache: all rendered in this run."""
    from pypdf import PdfReader

    found = []
    for path in sorted(folder.glob("*/*.pdf")):
        try:
            found.append((path.stat().st_size, len(PdfReader(path).pages)))
        except Exception:  # a PDF being written as we look: skip it
            continue
    return found


# --- the report ---------------------------------------------------------------------------------


def ms(value):
    return "–" if value is None else f"{value:,.0f}"


def table(header, rows, align=None):
    align = align or ["l"] + ["r"] * (len(header) - 1)
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---:" if a == "r" else "---" for a in align) + "|")
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")


def print_report(args, results, reused):
    data = results.get("data", {})
    print(
        f"\n\n# Load: {args.scale}× the demo data, {args.users} users for {args.seconds} s; "
        f"{datetime.date.today():%Y-%m-%d}; total {results['total_seconds']:.0f} s\n"
    )
    if data.get("counts"):
        counts = data["counts"]
        print(
            "Data: "
            + ", ".join(
                f"{counts[k]:,} {k}"
                for k in ("reviews", "evidence items", "recommendations", "users")
                if k in counts
            )
            + ("; reused from an earlier --keep run" if reused else "")
            + "\n"
        )
    if results.get("plan_summary"):
        print("Plan: " + ", ".join(f"{k} {v}" for k, v in results["plan_summary"].items()) + "\n")
    table(["step", "seconds"], [(k, f"{v:.0f}") for k, v in results["timings"].items()])
    loads = results["load_average"]
    print(
        f"\nMachine: {os.cpu_count()} CPUs, shared; load average (1, 5, 15 min) at the start "
        + ", ".join(f"{x:.1f}" for x in loads["start"])
        + (", at the end " + ", ".join(f"{x:.1f}" for x in loads["end"]) if "end" in loads else "")
    )
    mixed = results.get("mixed")
    if mixed:
        print_mixed(mixed)
    burst = results.get("burst")
    if burst and burst.get("items"):
        print_burst(args, burst)


def print_mixed(mixed):
    log = mixed["log"]
    columns = [c for c in ("all", "without sign-in", "after sign-ins") if mixed.get(c)]
    print("\n## Mixed load (locust)\n")
    print(
        "Columns: every request; every request but the sign-ins; after the sign-ins (the "
        f"requests started once every user had started and signed in, "
        f"{mixed['settled_after_seconds']:.0f} s into the run). Latencies in ms.\n"
    )

    def row(label, key, fmt, goal=""):
        return (label, *(fmt(mixed[c][key]) for c in columns), goal)

    p95 = mixed[columns[-1]]["p95"]
    errors = mixed["all"]["failures"]
    table(
        ["figure", *columns, "goal"],
        [
            row("requests", "requests", lambda v: f"{v:,}"),
            row("requests/s", "rps", lambda v: "–" if v is None else f"{v:.1f}"),
            row("p50", "p50", ms),
            row("p95", "p95", ms, f"≤ {GOAL_P95_MS:,}" + flag(p95 <= GOAL_P95_MS)),
            row("p99", "p99", ms),
            row("max", "max", ms),
            row("errors", "failures", lambda v: f"{v:,}", "0" + flag(errors == 0)),
        ],
    )
    print()
    print_cpu(mixed["cpu"], mixed["all"]["requests"])
    print()
    table(
        ["in gunicorn's log", "count", "goal"],
        [
            ("WORKER TIMEOUT", log["worker timeouts"], "0" + flag(log["worker timeouts"] == 0)),
            ("server errors logged", log["server errors logged"], "0"),
        ],
    )
    print("\nPer request (ms; ⚠ p95 over the goal); after the sign-ins in the last two:\n")
    names = sorted(mixed["by_name"], key=lambda n: -(mixed["by_name"][n]["p95"] or 0))
    rows = []
    for name in names:
        r, s = mixed["by_name"][name], mixed["steady_by_name"].get(name)
        rows.append(
            (
                name,
                r["requests"],
                r["failures"],
                ms(r["p50"]),
                ms(r["p95"]) + (" ⚠" if r["p95"] > GOAL_P95_MS else ""),
                ms(r["max"]),
                ms(s["p50"]) if s else "–",
                (ms(s["p95"]) + (" ⚠" if s["p95"] > GOAL_P95_MS else "")) if s else "–",
            )
        )
    header = ["request", "count", "errors", "p50", "p95", "max", "after: p50", "after: p95"]
    table(header, rows)
    if mixed["failures"]:
        print("\nFailing requests, by name:\n")
        table(
            ["request", "error", "occurrences"],
            [
                (f"{f['method']} {f['name']}", f["error"][:120], f["occurrences"])
                for f in sorted(mixed["failures"], key=lambda f: -f["occurrences"])
            ],
        )
    for example in log["examples"]:
        print(f"  log: {example[:160]}")


def print_cpu(cpu, requests_=None):
    """CPU-seconds by process over the phase, and each one's share of the machine."""
    capacity = cpu["cpus"] * cpu["wall"]
    rows = [
        (name, f"{seconds:.1f}", f"{100 * seconds / capacity:.0f} %")
        for name, seconds in cpu["by_process"].items()
        if seconds >= 0.1
    ]
    rows.append(("idle", f"{cpu['idle']:.1f}", f"{100 * cpu['idle'] / capacity:.0f} %"))
    web = cpu["by_process"].get("gunicorn", 0)
    per = f"; gunicorn {1000 * web / requests_:.0f} ms a request" if requests_ else ""
    print(
        f"Where the CPU went ({cpu['cpus']} CPUs × {cpu['wall']:.0f} s = {capacity:.0f} "
        f"CPU-seconds{per}):\n"
    )
    table(["process", "CPU-seconds", "share of the machine"], rows)


def flag(ok):
    return " ✓" if ok else " ✗"


def print_burst(args, burst):
    items = burst["items"]
    print(
        f"\n## Burst: {len(items)} simultaneous PDF requests "
        f"({burst['distinct']} different PDFs), officers signed in beforehand\n"
    )
    rows = []
    for kind in dict.fromkeys(i["kind"] for i in items):
        mine = [i for i in items if i["kind"] == kind]
        outcomes = {}
        for i in mine:
            outcomes[i["outcome"]] = outcomes.get(i["outcome"], 0) + 1
        seconds = [i["seconds"] for i in mine]
        ready = [i["ready_after"] for i in mine if "ready_after" in i]
        rows.append(
            (
                kind,
                len(mine),
                outcomes.get("PDF", 0),
                outcomes.get("progress page", 0) + outcomes.get("ready page", 0),
                sum(n for o, n in outcomes.items() if o not in SEEN),
                f"{statistics.median(seconds):.1f}",
                f"{max(seconds):.1f}",
                f"{len(ready)} of {len(mine)}"
                + (f", last after {max(ready):.0f} s" if ready else ""),
            )
        )
    table(
        ["request", "n", "got the PDF", "progress page", "error", "median s", "max s", "ready"],
        rows,
    )
    others = {}
    for i in items:
        for key in ("outcome", "final"):
            value = i.get(key, "")
            if value and value not in SEEN:
                others[f"{i['kind']}: {value}"] = others.get(f"{i['kind']}: {value}", 0) + 1
    for text, n in others.items():
        print(f"  {n} × {text}")
    log = burst["log"]
    if burst["rendered"]:
        pages_ = sorted(p for _, p in burst["rendered"])
        size = sum(b for b, _ in burst["rendered"]) / 2**20
        print(
            f"\nRendered: {len(pages_)} PDFs, {size:.1f} MB, "
            f"{pages_[0]}–{pages_[-1]} pages (median {statistics.median(pages_):.0f})."
        )
    print()
    print_cpu(burst["cpu"])
    print()
    table(
        ["figure", "measured", "goal"],
        [
            (
                "gunicorn worker timeouts",
                log["worker timeouts"],
                "0" + flag(log["worker timeouts"] == 0),
            ),
            ("server errors in gunicorn's log", log["server errors logged"], "0"),
            ("polls of the progress pages (every 2 s)", burst["polls"], ""),
            ("signing in the officers beforehand (s)", f"{burst['sign_in_seconds']:.0f}", ""),
        ],
    )
    for example in log["examples"]:
        print(f"  log: {example[:160]}")


# --- the workers: generate, and write the plan --------------------------------------------


def worker(args):
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()
    if args.worker == "generate":
        result = pages.generate(argparse.Namespace(scale=args.scale, seed=args.seed))
    else:
        result = prepare()
    Path(args.out).write_text(json.dumps(result, indent=2, default=str))
    return 0


def prepare():
    """Give the generated users the demo password, start from a cold PDF cache, and
    write the plan the locustfile and the burst follow: who signs in, which pages."""
    from django.conf import settings
    from django.contrib.auth.hashers import check_password, make_password
    from django.db.models import Count
    from django.urls import reverse

    from recommendations.models import FollowUp, Recommendation, Response
    from reviews.models import Evidence, Review
    from scrutiny.models import Job, Role, User

    # One hash for every user: PBKDF2 at production strength, as a sign-in checks it.
    hashed = make_password(PASSWORD)
    User.objects.filter(password="!bench-unusable").update(password=hashed)
    started = time.process_time()
    check_password(PASSWORD, hashed)
    check_ms = 1000 * (time.process_time() - started)

    # Renders from an earlier --keep run would make the burst a cache hit.
    Job.objects.filter(key__startswith="report-pdf:").delete()
    shutil.rmtree(Path(settings.MEDIA_ROOT) / "report-cache", ignore_errors=True)

    def review_pages(review):
        slug = {"slug": review.slug}
        items = Evidence.objects.filter(review=review).order_by("?").values_list("pk", flat=True)
        return {
            "slug": review.slug,
            "overview": reverse("reviews:detail", kwargs=slug),
            "evidence": reverse("reviews:evidence", kwargs=slug),
            "evidence_items": [
                reverse("reviews:evidence_detail", kwargs={**slug, "pk": pk}) for pk in items[:5]
            ],
            "add_oral": reverse("reviews:evidence_add_kind", kwargs={**slug, "kind": "oral"}),
            "add_key_line": reverse("reviews:keyline_add", kwargs=slug),
            "draft": reverse("reviews:report_draft", kwargs=slug),
        }

    reviews = Review.objects.select_related("body").annotate(
        n_evidence=Count("evidence", distinct=True),
        n_versions=Count("report_versions", distinct=True),
        n_published=Count("publications", distinct=True),
    )
    by_body = {}
    for review in reviews.order_by("pk"):
        by_body.setdefault(review.body_id, []).append(review)
    working = [Review.Status.EVIDENCE, Review.Status.DRAFTING]

    def person(user, role):
        mine = by_body.get(role.body_id, [])
        read = [r for r in mine if r.n_evidence]
        return {
            "username": user.username,
            "body": role.body.slug,
            "reviews": [review_pages(r) for r in read or mine],
            "editable": [
                review_pages(r) for r in read if r.status in working and not r.n_published
            ],
            "drafts": [review_pages(r)["draft"] for r in mine if r.n_versions],
            "tracker_pages": max(1, math.ceil(Recommendation.objects.for_user(user).count() / 25)),
        }

    def people(role_name):
        roles = (
            Role.objects.filter(role=role_name)
            .exclude(user__username=pages.ALL_BODIES_OFFICER)
            .select_related("user", "body")
            .order_by("user__username")
        )
        return [person(r.user, r) for r in roles if by_body.get(r.body_id)]

    officers, members = people(Role.Name.OFFICER), people(Role.Name.MEMBER)
    # The burst: report PDFs of reviews with a report, follow-up PDFs, half and half,
    # spread over the bodies.
    with_report = [r for r in reviews.order_by("body_id", "-pk") if r.n_versions]
    follow_ups = list(
        FollowUp.objects.select_related("review").order_by("review__body_id", "-pk")[:200]
    )
    burst = []
    for n in range(20):
        if n % 2 == 0 and with_report:
            review = with_report[(n // 2) * max(1, len(with_report) // 10) % len(with_report)]
            url = reverse("reviews:report_pdf", kwargs={"slug": review.slug})
            burst.append({"kind": "report PDF (POST)", "method": "POST", "url": url})
        elif follow_ups:
            f = follow_ups[(n // 2) * max(1, len(follow_ups) // 10) % len(follow_ups)]
            url = reverse(
                "recommendations:follow_up_pdf", kwargs={"slug": f.review.slug, "pk": f.pk}
            )
            burst.append({"kind": "follow-up PDF (GET)", "method": "GET", "url": url})
    published = Review.objects.published().order_by("pk")
    answered = (
        Review.objects.filter(recommendations__responses__status=Response.Status.PUBLISHED)
        .distinct()
        .order_by("pk")
    )
    public_recommendations = Recommendation.objects.public().count()
    plan = {
        "password": PASSWORD,
        "login": reverse("login"),
        "dashboard": reverse("dashboard"),
        "tracker": reverse("tracker:list"),
        "tracker_charts": reverse("tracker:charts"),
        "search": reverse("reviews:search"),
        "search_words": SEARCH_WORDS,
        "public": {
            "tracker": reverse("public_tracker:list"),
            "tracker_pages": max(1, math.ceil(public_recommendations / 25)),
            "reports": [reverse("public:report", kwargs={"slug": r.slug}) for r in published],
            "responses": [
                reverse("public_tracker:responses", kwargs={"slug": r.slug}) for r in answered
            ],
        },
        "officers": officers,
        "members": members,
        "burst": {"username": pages.ALL_BODIES_OFFICER, "items": burst},
    }
    plan["summary"] = {
        "officers": len(officers),
        "members": len(members),
        "published reports": len(plan["public"]["reports"]),
        "reviews with published responses": len(plan["public"]["responses"]),
        "burst PDFs": len({b["url"] for b in burst}),
        "CPU ms to check one password": round(check_ms),
    }
    print(f"  plan: {plan['summary']}", flush=True)
    return plan


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\nInterrupted: everything started was stopped.", file=sys.stderr)
        sys.exit(130)
