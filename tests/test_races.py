"""Saves at the same moment: the database decides, people get a message, never a
server error, and ordered items never share a position. PostgreSQL only: it is the
production database, and SQLite's test database cannot be shared between threads."""

import threading
from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from recommendations.models import Recommendation
from reviews.models import KeyLineOfEnquiry
from scrutiny.models import Role
from tests.factories import ReviewFactory, RoleFactory, UserFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent requests need PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),
]


def at_once(count, user, request):
    """Run `request(client)` for `user` in `count` threads released together; the
    status codes they got."""
    start = threading.Barrier(count)
    statuses = []

    def run(client):
        start.wait()
        try:
            statuses.append(request(client).status_code)
        finally:
            connection.close()

    clients = [Client(raise_request_exception=False) for _ in range(count)]
    for client in clients:
        client.force_login(user)
    threads = [threading.Thread(target=run, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(statuses)


@pytest.fixture
def review():
    return ReviewFactory()


@pytest.fixture
def officer(review):
    user = UserFactory()
    RoleFactory(user=user, body=review.body, role=Role.Name.OFFICER)
    return user


def test_twenty_adds_of_one_recommendation_number_save_one_and_explain_the_rest(review, officer):
    url = reverse("recommendations:add", kwargs={"slug": review.slug})
    data = {
        "number": 78,
        "reason": "The importance of timely data.",
        "text": "That the PFCC publish the figures.",
        "addressed_to": ["panel"],
    }

    statuses = at_once(20, officer, lambda client: client.post(url, data))

    assert statuses[500] == 0
    assert statuses[302] == 1
    assert statuses[200] == 19  # the form again, with its message
    assert Recommendation.objects.filter(review=review, number=78).count() == 1


def test_thirty_key_lines_added_at_once_take_thirty_positions(review, officer):
    url = reverse("reviews:keyline_add", kwargs={"slug": review.slug})

    statuses = at_once(30, officer, lambda client: client.post(url, {"text": "What works?"}))

    assert statuses == Counter({302: 30})
    positions = list(
        KeyLineOfEnquiry.objects.filter(review=review).values_list("position", flat=True)
    )
    assert sorted(positions) == list(range(1, 31))
