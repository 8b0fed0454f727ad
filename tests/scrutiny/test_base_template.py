"""The page template every page shares: navigation by who is signed in, messages as
GOV.UK notification banners."""

from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse


def render_home(user, messages=()):
    request = RequestFactory().get("/")
    request.user = user
    request.csp_nonce = "test-nonce"
    return render_to_string("home.html", {"messages": list(messages)}, request=request)


def test_anonymous_visitors_are_offered_sign_in_only(client, db):
    page = client.get(reverse("home")).content.decode()

    assert f'href="{reverse("login")}"' in page
    assert "Sign out" not in page
    assert f'href="{reverse("dashboard")}"' not in page


def test_signed_in_users_sign_out_with_a_post_form(client, officer):
    client.force_login(officer)

    page = client.get(reverse("home")).content.decode()

    assert (
        f'<form class="app-service-navigation__form" method="post" action="{reverse("logout")}">'
        in page
    )
    assert 'name="csrfmiddlewaretoken"' in page
    assert f'href="{reverse("admin:index")}"' not in page


def test_staff_see_the_admin_link(client, officer):
    officer.is_staff = True
    officer.save()
    client.force_login(officer)

    page = client.get(reverse("home")).content.decode()

    assert f'href="{reverse("admin:index")}"' in page


def test_success_message_is_a_success_notification_banner(officer):
    page = render_home(officer, [Message(constants.SUCCESS, "The scope has been saved.")])

    assert "govuk-notification-banner--success" in page
    assert 'role="alert"' in page
    assert "The scope has been saved." in page


def test_info_message_is_a_plain_notification_banner(officer):
    page = render_home(officer, [Message(constants.INFO, "The report is due next week.")])

    assert "govuk-notification-banner--success" not in page
    assert 'role="region"' in page
    assert "Important" in page
    assert "The report is due next week." in page


def test_inline_script_carries_the_request_nonce(officer):
    page = render_home(officer)

    assert '<script nonce="test-nonce">' in page
