"""Saves from stale forms, at the same moment and one after another: exactly one
applies, every other gets the conflict page, nobody's saved change is silently
lost, and nothing is a server error. PostgreSQL only (the production database;
SQLite's test database cannot be shared between threads).

Each person's form is loaded (GET) before anyone saves, then posted as a browser
would post it: every field as the page showed it, with their own change. The
figures are printed (`pytest -s`) as well as checked."""

import threading
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from recommendations.models import Recommendation
from reviews.models import Review
from scrutiny.models import Role
from tests.factories import RecommendationFactory, ReviewFactory, RoleFactory, UserFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent requests need PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),
]

REPEATS = 10


class _Form(HTMLParser):
    """The fields of the page's POST form, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.data, self.inside, self._textarea, self._select = {}, False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") != "file":
            if attrs.get("type") in ("radio", "checkbox") and "checked" not in attrs:
                return
            if attrs.get("type") in ("submit", "button"):
                return
            self.data.setdefault(name, []).append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.setdefault(self._select, []).append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            text = self.data[self._textarea][0]
            self.data[self._textarea] = [text[1:] if text.startswith("\n") else text]
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


def loaded_form(client, url, **changes):
    """Open the form at `url`; what the browser will post, with `changes` typed in."""
    response = client.get(url)
    assert response.status_code == 200
    parser = _Form()
    parser.feed(response.content.decode())
    data = {k: v for k, v in parser.data.items() if k != "csrfmiddlewaretoken"}
    return {**data, **changes}


def at_once(posts):
    """Run each (client, url, data) POST in its own thread, released together; the
    responses in the same order."""
    start = threading.Barrier(len(posts))
    responses = [None] * len(posts)

    def run(i, client, url, data):
        start.wait()
        try:
            responses[i] = client.post(url, data)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def signed_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture
def review():
    return ReviewFactory()


@pytest.fixture
def officers(review):
    users = []
    for _ in range(2):
        user = UserFactory()
        RoleFactory(user=user, body=review.body, role=Role.Name.OFFICER)
        users.append(user)
    return users


def test_fifty_saves_from_one_stale_form_apply_one_and_refuse_forty_nine(review, officers):
    recommendation = RecommendationFactory(review=review)
    url = reverse("recommendations:edit", kwargs={"slug": review.slug, "pk": recommendation.pk})
    form = loaded_form(signed_in(officers[0]), url)  # one form, opened once
    clients = [signed_in(officers[0]) for _ in range(50)]
    texts = [f"That the PFCC publish the figures, version {i}." for i in range(50)]

    responses = at_once(
        [(client, url, {**form, "text": text}) for client, text in zip(clients, texts, strict=True)]
    )

    statuses = Counter(r.status_code for r in responses)
    final = Recommendation.objects.get(pk=recommendation.pk).text
    applied = [t for r, t in zip(responses, texts, strict=True) if r.status_code == 302]
    lost = [t for t in applied if t != final]
    kept = sum(
        1
        for r, t in zip(responses, texts, strict=True)
        if r.status_code == 409 and t in r.content.decode()
    )
    print(
        f"\n50 saves from one stale form: {statuses[302]} applied, {statuses[409]} conflict "
        f"pages ({kept} with the person's own text kept), {statuses[500]} server errors, "
        f"{len(lost)} silently lost"
    )
    assert statuses[500] == 0
    assert statuses[302] == 1
    assert statuses[409] == 49
    assert kept == 49
    assert lost == []
    assert "Someone else changed this recommendation" in next(
        r.content.decode() for r in responses if r.status_code == 409
    )


def cross_field(url, reload, a_change, b_change, officers, simultaneous):
    """A and B open the form; then A saves `a_change` and B saves `b_change` (one after
    the other, or at the same moment). (statuses, changes silently lost)."""
    a, b = signed_in(officers[0]), signed_in(officers[1])
    form_a = loaded_form(a, url, **a_change)
    form_b = loaded_form(b, url, **b_change)
    if simultaneous:
        responses = at_once([(a, url, form_a), (b, url, form_b)])
    else:
        responses = [a.post(url, form_a), b.post(url, form_b)]
    record = reload()
    lost = 0
    for response, change in zip(responses, (a_change, b_change), strict=True):
        applied = all(getattr(record, k) == v for k, v in change.items())
        if response.status_code == 302 and not applied:
            lost += 1
    return [r.status_code for r in responses], lost


def run_pairs(make, a_field, b_field, officers, simultaneous):
    outcomes, lost_total, a_survived = Counter(), 0, 0
    for i in range(REPEATS):
        url, reload = make()
        a_change = {a_field: f"A's {a_field}, round {i}."}
        b_change = {b_field: f"B's {b_field}, round {i}."}
        statuses, lost = cross_field(url, reload, a_change, b_change, officers, simultaneous)
        outcomes[tuple(statuses)] += 1
        lost_total += lost
        if getattr(reload(), a_field) == a_change[a_field]:
            a_survived += 1
    return outcomes, lost_total, a_survived


def recommendation_pair(review):
    def make():
        recommendation = RecommendationFactory(review=review)
        url = reverse("recommendations:edit", kwargs={"slug": review.slug, "pk": recommendation.pk})
        return url, lambda: Recommendation.objects.get(pk=recommendation.pk)

    return make


def scope_pair(body):
    def make():
        review = ReviewFactory(body=body)
        url = reverse("reviews:scope_edit", kwargs={"slug": review.slug})
        return url, lambda: Review.objects.get(pk=review.pk)

    return make


@pytest.mark.parametrize(
    "pair,a_field,b_field",
    [("recommendation", "reason", "text"), ("scope", "purpose", "rationale")],
)
def test_a_saves_then_b_saves_from_a_form_loaded_before(review, officers, pair, a_field, b_field):
    make = recommendation_pair(review) if pair == "recommendation" else scope_pair(review.body)

    outcomes, lost, a_survived = run_pairs(make, a_field, b_field, officers, simultaneous=False)

    print(
        f"\n{pair}, A {a_field} then B {b_field}, {REPEATS} times: outcomes {dict(outcomes)}, "
        f"A's change survived {a_survived}/{REPEATS}, {lost} silently lost"
    )
    assert outcomes == Counter({(302, 409): REPEATS})  # B gets the conflict page
    assert a_survived == REPEATS
    assert lost == 0


@pytest.mark.parametrize(
    "pair,a_field,b_field",
    [("recommendation", "reason", "text"), ("scope", "purpose", "rationale")],
)
def test_a_and_b_save_at_the_same_moment(review, officers, pair, a_field, b_field):
    make = recommendation_pair(review) if pair == "recommendation" else scope_pair(review.body)

    outcomes, lost, _ = run_pairs(make, a_field, b_field, officers, simultaneous=True)

    print(
        f"\n{pair}, A {a_field} and B {b_field} at once, {REPEATS} times: "
        f"outcomes {dict(outcomes)}, {lost} silently lost"
    )
    assert set(outcomes) <= {(302, 409), (409, 302)}  # one applies, the other is told
    assert sum(outcomes.values()) == REPEATS
    assert lost == 0
