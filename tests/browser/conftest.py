"""Playwright against Debian's Chromium, and signing in through the real form.

Browser tests use `live_server`, which serves static files through the staticfiles
finders, so `npm run build` must have written `static/build/` first.
"""

import os

import pytest

from tests.conftest import PASSWORD

# Playwright's sync API runs an event loop in the test thread; Django refuses
# database access from a thread with a running loop unless told it is safe. The
# tests only touch the database between browser calls, never concurrently.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
        ],
    }


def sign_in(page, live_server, user):
    """Sign `user` in through the login form, as a person would."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")
