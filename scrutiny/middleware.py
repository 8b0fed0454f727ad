"""Sessions that end: after SESSION_IDLE_SECONDS without a request, and at the latest
SESSION_COOKIE_AGE after sign-in however busy the user is."""

import datetime
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import timezone

LAST_SEEN = "scrutiny_last_seen"
# Note the time of a request at most this often: a session write per request would
# cost a database write per request.
RESOLUTION_SECONDS = 60


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self.check(request)
        return self.get_response(request)

    def check(self, request):
        session = request.session
        now = time.time()
        last_seen = session.get(LAST_SEEN)
        if last_seen is not None and now - last_seen > settings.SESSION_IDLE_SECONDS:
            logout(request)
            hours = settings.SESSION_IDLE_SECONDS / 3600
            messages.info(
                request,
                f"You were signed out after {hours:g} hours without activity. Sign in again.",
            )
            return
        if session.get("_session_expiry") is None or last_seen is None:
            start_session_clock(session)
        elif now - last_seen > RESOLUTION_SECONDS:
            session[LAST_SEEN] = now


def start_session_clock(session):
    """At sign-in: a fixed end, so that keeping the session busy never extends it, and
    the time of the last request."""
    session.set_expiry(timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE))
    session[LAST_SEEN] = time.time()


def on_sign_in(sender, request, user, **kwargs):
    start_session_clock(request.session)
