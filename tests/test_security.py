"""Security: sign-in lockout, the Content-Security-Policy, production settings that
refuse to start unsafely, and private evidence files."""

import datetime
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from scrutiny.middleware import LAST_SEEN
from tests.conftest import PASSWORD
from tests.factories import (
    DocumentFactory,
    KeyLineOfEnquiryFactory,
    ReviewFactory,
    RoleFactory,
    UserFactory,
)

BASE_DIR = Path(settings.BASE_DIR)
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


# --- sign-in lockout (django-axes) ---------------------------------------------------------


@pytest.fixture
def account(db):
    return UserFactory(username="councillor.shields")


def sign_in(client, password):
    return client.post(reverse("login"), {"username": "councillor.shields", "password": password})


def test_correct_password_signs_in(client, account):
    response = sign_in(client, PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(account.pk)


def test_fewer_failures_than_the_limit_do_not_lock_the_account(client, account):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong password")

    response = sign_in(client, PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(account.pk)


def test_after_five_failures_the_correct_password_is_refused(client, account):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(5):
        sign_in(client, "wrong password")

    response = sign_in(client, PASSWORD)

    assert SESSION_KEY not in client.session
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert "Your account is locked" in response.content.decode()
    attempt = AccessAttempt.objects.get(username="councillor.shields")
    assert attempt.failures_since_start >= 5


def test_lockout_is_per_account(client, account):
    other = UserFactory(username="councillor.jones")
    for _ in range(5):
        sign_in(client, "wrong password")

    response = client.post(reverse("login"), {"username": other.username, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(other.pk)


PROXY = "10.0.0.1"


def sign_in_through_proxy(client, password, client_address, username="councillor.shields"):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


@pytest.fixture
def behind_one_proxy(settings):
    # As settings/base.py sets them for SCRUTINY_TRUSTED_PROXY_COUNT=1.
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")


def test_behind_a_proxy_failures_from_one_address_do_not_lock_out_another(
    client, account, behind_one_proxy
):
    for _ in range(5):
        sign_in_through_proxy(client, "wrong password", "203.0.113.9")
    locked = sign_in_through_proxy(client, PASSWORD, "203.0.113.9")

    response = sign_in_through_proxy(client, PASSWORD, "198.51.100.7")

    assert locked.status_code == 429
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(account.pk)


def test_without_a_trusted_proxy_a_forged_forwarded_address_does_not_escape_the_lock(
    client, account
):
    for n in range(5):
        client.post(
            reverse("login"),
            {"username": "councillor.shields", "password": "wrong password"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )

    response = client.post(
        reverse("login"),
        {"username": "councillor.shields", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )

    assert response.status_code == 429


# --- sessions end ------------------------------------------------------------------------------


def test_a_session_idle_for_too_long_is_signed_out(client, account):
    sign_in(client, PASSWORD)
    client.get(reverse("dashboard"))
    session = client.session
    session[LAST_SEEN] = time.time() - settings.SESSION_IDLE_SECONDS - 1
    session.save()

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert SESSION_KEY not in client.session


def test_a_busy_session_still_ends_at_its_fixed_time(client, account):
    sign_in(client, PASSWORD)
    client.get(reverse("dashboard"))
    end = client.session.get_expiry_date()

    client.get(reverse("dashboard"))

    assert client.session.get_expiry_date() == end
    signed_in_for = end - timezone.now()
    assert (
        datetime.timedelta(hours=11)
        < signed_in_for
        <= datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    )


# --- headers -----------------------------------------------------------------------------------


def test_browser_features_the_service_never_uses_are_switched_off(client, db):
    policy = client.get(reverse("home"))["Permissions-Policy"]

    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert f"{feature}=()" in policy


# --- Content-Security-Policy -----------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["home", "login"])
def test_page_carries_a_csp_nonce_that_its_inline_script_uses(client, db, url_name):
    response = client.get(reverse(url_name))

    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    nonce = re.search(r"'nonce-([^']+)'", script_src).group(1)
    assert "'unsafe-inline'" not in script_src
    inline_nonces = re.findall(r'<script nonce="([^"]+)">', response.content.decode())
    assert inline_nonces and set(inline_nonces) == {nonce}


def test_each_response_gets_a_new_nonce(client, db):
    first = client.get(reverse("home"))["Content-Security-Policy"]
    second = client.get(reverse("home"))["Content-Security-Policy"]

    assert re.search(r"'nonce-([^']+)'", first).group(1) != re.search(
        r"'nonce-([^']+)'", second
    ).group(1)


def test_policy_forbids_framing_and_plugins(client, db):
    policy = client.get(reverse("home"))["Content-Security-Policy"]

    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy


# --- production settings ----------------------------------------------------------------


def production_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "scrutiny.settings.production"
    env.update(extra)
    return env


def run(args, env):
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# A developer's own .env must not mask a missing variable: the settings read it with
# environ.Env.read_env, which these runs turn off.
WITHOUT_DOTENV = "import environ; environ.Env.read_env = lambda *args, **kwargs: None; "


def test_production_refuses_to_start_without_a_secret_key():
    result = run(
        ["-c", WITHOUT_DOTENV + "import django; django.setup()"],
        production_env(DJANGO_ALLOWED_HOSTS="scrutiny.example.gov.uk"),
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run(
        ["-c", WITHOUT_DOTENV + "import django; django.setup()"],
        production_env(DJANGO_SECRET_KEY=secrets.token_urlsafe(50)),
    )

    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_ALLOWED_HOSTS="scrutiny.example.gov.uk",
        ),
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


# --- private evidence files ----------------------------------------------------------------


@pytest.fixture
def document(review):
    document = DocumentFactory(
        review=review,
        file=ContentFile(b"%PDF-1.4 minutes of 9 March 2023", name="minutes.pdf"),
        original_filename="Minutes 9 March 2023.pdf",
        content_type="application/pdf",
    )
    yield document
    document.file.delete(save=False)


def download_url(document):
    return reverse(
        "reviews:document_download", kwargs={"slug": document.review.slug, "pk": document.pk}
    )


def test_officer_downloads_the_evidence_file_as_an_attachment(client, officer, document):
    client.force_login(officer, backend=MODEL_BACKEND)

    response = client.get(download_url(document))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes of 9 March 2023"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Minutes 9 March 2023.pdf" in response["Content-Disposition"]


def test_other_body_s_officer_gets_404_for_the_evidence_file(client, other_officer, document):
    client.force_login(other_officer, backend=MODEL_BACKEND)

    response = client.get(download_url(document))

    assert response.status_code == 404
    assert b"%PDF" not in response.content


def test_anonymous_visitor_is_sent_to_sign_in_for_the_evidence_file(client, document):
    url = download_url(document)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_evidence_file_for_another_review_s_url_is_404(client, officer, document, body):
    other_review = ReviewFactory(body=body)
    client.force_login(officer, backend=MODEL_BACKEND)

    response = client.get(
        reverse("reviews:document_download", kwargs={"slug": other_review.slug, "pk": document.pk})
    )

    assert response.status_code == 404


def test_evidence_file_is_stored_under_media_root_not_the_static_tree(document):
    path = Path(document.file.path).resolve()

    assert path.is_file()
    assert path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    for static_dir in [BASE_DIR / "static", *map(Path, settings.STATICFILES_DIRS)]:
        assert not path.is_relative_to(static_dir.resolve())


def test_evidence_file_is_not_served_from_its_storage_path(client, officer, document):
    client.force_login(officer, backend=MODEL_BACKEND)

    for url in (f"/{document.file.name}", f"{settings.MEDIA_URL or '/'}{document.file.name}"):
        response = client.get(url)
        assert response.status_code == 404, url


def test_production_media_root_is_outside_the_static_tree():
    result = run(
        [
            "-c",
            "from django.conf import settings; print(settings.MEDIA_ROOT); "
            "print(settings.STATIC_ROOT); print(settings.STATICFILES_DIRS[0])",
        ],
        production_env(
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_ALLOWED_HOSTS="scrutiny.example.gov.uk",
        ),
    )

    media_root, static_root, static_dir = (Path(p) for p in result.stdout.split())
    assert not media_root.is_relative_to(static_root)
    assert not media_root.is_relative_to(static_dir)


# --- changes by POST need the body's officer ------------------------------------------------

REFUSED = {"member": 403, "publisher": 403, "respondent": 404, "other_officer": 404}


@pytest.mark.parametrize("role", REFUSED)
def test_deleting_a_key_line_is_refused_to_all_but_the_officer(client, user_for_role, review, role):
    key_line = KeyLineOfEnquiryFactory(review=review)
    client.force_login(user_for_role(role), backend=MODEL_BACKEND)

    response = client.post(
        reverse("reviews:keyline_delete", kwargs={"slug": review.slug, "pk": key_line.pk})
    )

    assert response.status_code == REFUSED[role]
    assert review.key_lines.filter(pk=key_line.pk).exists()


def test_anonymous_post_to_delete_a_key_line_is_sent_to_sign_in(client, review):
    key_line = KeyLineOfEnquiryFactory(review=review)
    url = reverse("reviews:keyline_delete", kwargs={"slug": review.slug, "pk": key_line.pk})

    response = client.post(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"
    assert review.key_lines.filter(pk=key_line.pk).exists()


def test_officer_deletes_a_key_line(client, officer, review):
    key_line = KeyLineOfEnquiryFactory(review=review)
    client.force_login(officer, backend=MODEL_BACKEND)

    response = client.post(
        reverse("reviews:keyline_delete", kwargs={"slug": review.slug, "pk": key_line.pk})
    )

    assert response.status_code == 302
    assert not review.key_lines.filter(pk=key_line.pk).exists()


@pytest.mark.parametrize("role", REFUSED)
def test_editing_the_scope_is_refused_to_all_but_the_officer(client, user_for_role, review, role):
    client.force_login(user_for_role(role), backend=MODEL_BACKEND)

    response = client.post(
        reverse("reviews:scope_edit", kwargs={"slug": review.slug}),
        {"title": "Changed by someone who may not", "topic": "Changed"},
    )

    assert response.status_code == REFUSED[role]
    review.refresh_from_db()
    assert review.title != "Changed by someone who may not"


def test_a_key_line_of_another_review_cannot_be_deleted_through_this_one(
    client, officer, review, body
):
    other_key_line = KeyLineOfEnquiryFactory(review=ReviewFactory(body=body))
    client.force_login(officer, backend=MODEL_BACKEND)

    response = client.post(
        reverse("reviews:keyline_delete", kwargs={"slug": review.slug, "pk": other_key_line.pk})
    )

    assert response.status_code == 404
    assert other_key_line.review.key_lines.filter(pk=other_key_line.pk).exists()


def test_the_body_s_officer_lets_a_locked_out_person_sign_in_again(client, account, body):
    RoleFactory(user=account, body=body, role="member")
    officer = UserFactory()
    RoleFactory(user=officer, body=body, role="officer")
    for _ in range(5):
        sign_in(client, "wrong password")
    assert sign_in(client, PASSWORD).status_code == 429

    helper = Client()
    helper.force_login(officer, backend=MODEL_BACKEND)
    page = helper.get(reverse("sign_ins", kwargs={"body_slug": body.slug})).content.decode()
    assert account.display_name in page
    helper.post(
        reverse("sign_in_unlock", kwargs={"body_slug": body.slug}),
        {"username": "councillor.shields"},
    )

    assert sign_in(client, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="councillor.shields").exists()
