"""The working day that bench/load.py plays against gunicorn: visitors reading the
public pages, officers signing in and working on their reviews (mostly reading,
now and then adding evidence or a key line of enquiry), members reading the draft
report. Not run on its own: bench/load.py writes the plan (users, review slugs,
URLs) to a JSON file and names it in SCRUTINY_LOAD_PLAN.

Every request is named by the page it opens, not its URL, so the table groups them.
"""

import itertools
import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ["SCRUTINY_LOAD_PLAN"]).read_text(encoding="utf-8"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_officers = itertools.cycle(PLAN["officers"])
_members = itertools.cycle(PLAN["members"])
_adds = itertools.count(1)

# Every request's start, name, time and success, written when locust quits, so that
# bench/load.py can take exact percentiles, and leave out the sign-ins and ramp-up.
RECORD = {"spawned_at": None, "requests": []}


@events.request.add_listener
def _record(request_type, name, response_time, exception=None, **kwargs):
    start = time.time() - response_time / 1000
    RECORD["requests"].append([start, request_type, name, response_time, exception is None])


@events.spawning_complete.add_listener
def _spawned(user_count, **kwargs):
    RECORD["spawned_at"] = RECORD["spawned_at"] or time.time()


@events.quitting.add_listener
def _write(**kwargs):
    if os.environ.get("SCRUTINY_LOAD_RECORD"):
        Path(os.environ["SCRUTINY_LOAD_RECORD"]).write_text(json.dumps(RECORD))


class Page:
    """GET `url` as `name`; a failure if the status is not 2xx/3xx or a signed-in
    page came back as the sign-in page (the session was lost)."""

    def __init__(self, user, signed_in):
        self.user, self.signed_in = user, signed_in

    def get(self, url, name):
        with self.user.client.get(url, name=name, catch_response=True) as response:
            if response.status_code >= 400:
                response.failure(f"HTTP {response.status_code}")
            elif self.signed_in and "/accounts/login/" in response.url:
                response.failure("signed out: redirected to the sign-in page")
            else:
                response.success()
            return response


class Visitor(HttpUser):
    """Anyone: the home page, the public tracker, published reports and responses."""

    weight = 2
    wait_time = between(1, 5)

    def on_start(self):
        self.page = Page(self, signed_in=False)
        self.public = PLAN["public"]

    @task(3)
    def home(self):
        self.page.get("/", "home")

    @task(3)
    def public_tracker(self):
        self.page.get(self.public["tracker"], "public tracker, first page")

    @task(2)
    def public_tracker_page(self):
        page = random.randint(1, self.public["tracker_pages"])
        self.page.get(f"{self.public['tracker']}?page={page}", "public tracker, page n")

    @task(2)
    def published_report(self):
        if self.public["reports"]:
            self.page.get(random.choice(self.public["reports"]), "public report")

    @task(1)
    def public_responses(self):
        if self.public["responses"]:
            self.page.get(random.choice(self.public["responses"]), "public responses")


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(1, 5)
    pool = None

    def on_start(self):
        self.me = next(self.pool)
        self.page = Page(self, signed_in=True)
        self.sign_in()

    def sign_in(self):
        login = PLAN["login"]
        form = self.client.get(login, name="sign in (form)")
        token = CSRF.search(form.text)
        data = {
            "username": self.me["username"],
            "password": PLAN["password"],
            "csrfmiddlewaretoken": token.group(1) if token else "",
        }
        with self.client.post(login, data, name="sign in", catch_response=True) as response:
            if response.status_code >= 400 or "/accounts/login/" in response.url:
                response.failure(f"sign-in failed for {self.me['username']}")
            else:
                response.success()

    def post_form(self, url, data, name):
        """GET the form, then POST it with its CSRF token; a failure if the form comes
        back (a validation error) or anything but a redirect to another page."""
        form = self.page.get(url, f"{name} (form)")
        token = CSRF.search(form.text or "")
        if not token:
            return
        data = {**data, "csrfmiddlewaretoken": token.group(1)}
        with self.client.post(url, data, name=name, catch_response=True) as response:
            if response.status_code >= 400:
                response.failure(f"HTTP {response.status_code}")
            elif not response.history or response.url.endswith(url):
                response.failure("the form came back (not saved)")
            else:
                response.success()

    @task(3)
    def dashboard(self):
        self.page.get(PLAN["dashboard"], "dashboard")

    @task(2)
    def tracker(self):
        self.page.get(PLAN["tracker"], "tracker, first page")

    @task(1)
    def tracker_page(self):
        page = random.randint(1, self.me["tracker_pages"])
        self.page.get(f"{PLAN['tracker']}?page={page}", "tracker, page n")

    @task(1)
    def tracker_charts(self):
        self.page.get(PLAN["tracker_charts"], "tracker charts")

    def review(self):
        return random.choice(self.me["reviews"])


class Officer(SignedIn):
    """An officer of one body, on their body's reviews."""

    weight = 5
    pool = _officers

    @task(4)
    def overview(self):
        self.page.get(self.review()["overview"], "review overview")

    @task(3)
    def evidence_list(self):
        self.page.get(self.review()["evidence"], "evidence list")

    @task(2)
    def evidence_search(self):
        word = random.choice(PLAN["search_words"])
        self.page.get(f"{self.review()['evidence']}?q={word}", "evidence search")

    @task(2)
    def evidence_detail(self):
        items = self.review()["evidence_items"]
        if items:
            self.page.get(random.choice(items), "evidence detail")

    @task(1)
    def search_all(self):
        word = random.choice(PLAN["search_words"])
        self.page.get(f"{PLAN['search']}?q={word}", "search all reviews")

    @task(1)
    def add_oral_evidence(self):
        if self.me["editable"]:
            review = random.choice(self.me["editable"])
            n = next(_adds)
            data = {
                "title": f"Oral evidence from the load benchmark, {n}",
                "meeting": "",
                "summary": "The witness described how the service handles calls at peak "
                "times and what support officers receive.",
            }
            self.post_form(review["add_oral"], data, "add oral evidence")

    @task(1)
    def add_key_line(self):
        if self.me["editable"]:
            review = random.choice(self.me["editable"])
            text = f"How well does the service support victims? (load benchmark {next(_adds)})"
            self.post_form(review["add_key_line"], {"text": text}, "add key line")


class Member(SignedIn):
    """A councillor on the panel: reads the draft report and the reviews."""

    weight = 3
    pool = _members

    @task(5)
    def draft_report(self):
        if self.me["drafts"]:
            self.page.get(random.choice(self.me["drafts"]), "draft report")

    @task(2)
    def overview(self):
        self.page.get(self.review()["overview"], "review overview")
