"""Several machines' worth of processes against one PostgreSQL: two web servers
(gunicorn) and a task worker (db_worker), sharing only the database and the file
store. A PDF asked for through one web server is served by the other, so nothing
about it lives in one process's memory."""

import html
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.db import connection

from scrutiny.models import Role
from tests.conftest import PASSWORD
from tests.factories import ReviewFactory, RoleFactory, UserFactory
from tests.reviews.report_helpers import fill

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite's test database is in one process's memory",
)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url():
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def stack(tmp_path):
    """Two gunicorn servers and one worker on the test database (and the test
    settings' media folder)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "scrutiny.settings.test",
        "DATABASE_URL": _database_url(),
    }
    ports = [_free_port(), _free_port()]
    commands = [
        [sys.executable, "-m", "gunicorn", "scrutiny.wsgi", "--bind", f"127.0.0.1:{port}"]
        for port in ports
    ] + [[sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-reload"]]
    processes = [
        subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(tmp_path / f"process-{i}.log").open("w"),
        )
        for i, command in enumerate(commands)
    ]
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url in urls:
            _wait_until_up(url)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)


def _wait_until_up(url, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url + "/accounts/login/", timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


class Browser:
    """Just enough of a browser: cookies, CSRF tokens, form posts."""

    def __init__(self):
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, url):
        with self.opener.open(url, timeout=30) as response:
            return response.geturl(), response.headers, response.read()

    def post(self, url, data):
        token = next(c.value for c in self.cookies if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        with self.opener.open(request, timeout=30) as response:
            return response.geturl(), response.headers, response.read()

    def sign_in(self, base, user):
        self.get(base + "/accounts/login/")
        self.post(
            base + "/accounts/login/", {"username": user.get_username(), "password": PASSWORD}
        )


@pytest.mark.django_db(transaction=True)
def test_a_pdf_asked_for_through_one_server_is_served_by_the_other(stack):
    first, second = stack
    review = fill(ReviewFactory())
    officer = UserFactory()
    RoleFactory(user=officer, body=review.body, role=Role.Name.OFFICER)
    browser = Browser()
    browser.sign_in(first, officer)

    status_url, _, page = browser.post(f"{first}/reviews/{review.slug}/report/pdf/", {})
    path = urllib.parse.urlsplit(status_url).path

    deadline = time.monotonic() + 120
    while True:
        _, headers, page = browser.get(second + path)
        text = html.unescape(page.decode())
        if "The PDF is ready" in text or "could not be prepared" in text:
            break
        assert time.monotonic() < deadline, "the worker never finished the PDF"
        assert headers["Refresh"] == "2"
        time.sleep(0.5)

    assert "The PDF is ready" in text
    download = re.search(r'href="([^"]+)">Download the PDF<', text).group(1)
    _, headers, pdf = browser.get(second + download)
    assert headers["Content-Type"] == "application/pdf"
    assert pdf.startswith(b"%PDF-")
