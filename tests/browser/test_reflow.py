"""Every kind of page, at 320 CSS pixels wide and through axe-core: a crawl of the demo
reviews (one drafting, one closed with responses and follow-ups), following the links a
signed-in officer and an anonymous visitor can see.

Each page goes through `assert_no_axe_violations`, which also checks reflow
(tests/browser/reflow.py): nothing outside a table's scroll region may reach past
320 px. A view is visited once for each review (once if it belongs to none), except
evidence, whose every item is visited: a document, a data table and a questionnaire are
laid out differently under one view. Downloads and the admin are left out: the admin is
for staff only and is named in the accessibility statement as not fully accessible.
"""

import io
import os
import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import expect

from reviews.models import Evidence, Review
from scrutiny.models import Role
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import sign_in
from tests.factories import RoleFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set to a folder to keep a full-page screenshot of every page crawled, at 320 px, to
# look at: a page can pass the measurement and still read badly.
SCREENSHOTS = os.environ.get("SCRUTINY_REFLOW_SCREENSHOTS")
NOT_CRAWLED = ("/admin/", "/static/", "/media/")
EVERY_INSTANCE = {"reviews:evidence_detail"}


@pytest.fixture
def demo(db):
    call_command("load_demo", allow_without_debug=True, stdout=io.StringIO())
    return Review.objects.select_related("body").get(slug="early-intervention")


def _key(match):
    if match.view_name in EVERY_INSTANCE:
        return (match.view_name, tuple(sorted(match.kwargs.items())))
    return (match.view_name, match.kwargs.get("slug"))


def screenshot(page, path):
    before = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
    page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)
    page.set_viewport_size(before)


def crawl(page, live_server, start):
    """Visit every page reachable from `start` by following links, one per view (see
    the module's docstring), checking each. Returns the paths visited and the failures."""
    queue, queued, seen = deque([start]), {start}, set()
    visited, failures = [], []
    while queue:
        path = queue.popleft()
        if path.startswith(NOT_CRAWLED):
            continue
        try:
            match = resolve(urlsplit(path).path)
        except Resolver404:
            continue
        if _key(match) in seen:
            continue
        url = f"{live_server.url}{path}"
        # Asked first through the context's own request client (same cookies), so that
        # downloads (PDFs, spreadsheets, calendar feeds) are never opened as pages.
        response = page.request.get(url, max_redirects=0)
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        seen.add(_key(match))
        page.goto(url)
        visited.append(path)
        try:
            assert_no_axe_violations(page)
        except AssertionError as error:
            failures.append(str(error))
        if SCREENSHOTS:
            screenshot(page, path)
        for href in page.eval_on_selector_all("a[href]", "links => links.map((a) => a.href)"):
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" != live_server.url:
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if link not in queued:
                queued.add(link)
                queue.append(link)
    return visited, failures


def test_every_page_an_officer_reaches_reflows_and_passes_axe(page, live_server, demo):
    officer = UserFactory()
    RoleFactory(user=officer, body=demo.body, role=Role.Name.OFFICER)
    sign_in(page, live_server, officer)

    visited, failures = crawl(page, live_server, "/dashboard/")

    # The crawl reached the pages that matter most on a small screen.
    for path in [
        "/reviews/early-intervention/meetings/",
        "/reviews/early-intervention/timetable/",
        "/tracker/",
        "/tracker/charts/",
        "/accessibility/",
    ]:
        assert path in visited, f"the crawl never reached {path}"
    # Every item of evidence, data tables among them, and well over a hundred pages.
    evidence_pages = [p for p in visited if re.fullmatch(r"/reviews/[\w-]+/evidence/\d+/", p)]
    assert len(evidence_pages) == Evidence.objects.count()
    assert len(visited) > 100
    assert not failures, f"{len(failures)} of {len(visited)} pages failed:\n\n" + "\n\n".join(
        failures
    )


def test_every_public_page_reflows_and_passes_axe(page, live_server, demo):
    page.goto(live_server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Scrutiny reviews")

    visited, failures = crawl(page, live_server, "/")

    assert {"/", "/accounts/login/", "/public/tracker/", "/accessibility/"} <= set(visited)
    assert not failures, f"{len(failures)} of {len(visited)} pages failed:\n\n" + "\n\n".join(
        failures
    )
