"""Generated input (Hypothesis): whatever is typed into a form or put in an import file,
the answer is a page or a clear error -- never a server error, and nothing half-saved."""

import copy
import datetime
import os
import re

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommendations.interchange import review_export, review_import
from reviews.models import Review
from scrutiny.models import Role
from tests.factories import (
    ConclusionFactory,
    KeyLineOfEnquiryFactory,
    RecommendationFactory,
    ReviewFactory,
    RoleFactory,
    UserFactory,
)

# At least 500 examples for each form and for import files (SCRUTINY_EXAMPLES to try
# fewer while working on a form).
EXAMPLES = int(os.environ.get("SCRUTINY_EXAMPLES", 500))
GENERATED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What people (and attackers) type: ordinary words, nothing, figures, numbers that are
# too big or negative, impossible dates, markup, control characters, very long text.
values = st.one_of(
    st.text(max_size=60),
    st.just(""),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["31", "2", "29", "0", "13", "-1", "2026", "99999", "1e9", "£2,813.00"]),
    st.sampled_from(["<script>alert(1)</script>", '=HYPERLINK("x")', "\x00", "' OR 1=1 --"]),
    st.integers(min_value=1, max_value=200_000).map(lambda n: "word " * (n // 5)),
)


def field_names(html):
    """The names of the inputs of the page's main (POST) form."""
    form = re.search(r'<form method="post"(.*?)</form>', html, re.S)
    names = re.findall(r'name="([^"]+)"', form.group(1) if form else "")
    return sorted({name for name in names if name != "csrfmiddlewaretoken"})


@pytest.fixture
def review(db):
    review = ReviewFactory()
    KeyLineOfEnquiryFactory(review=review)
    ConclusionFactory(review=review)
    RecommendationFactory(review=review, number=1)
    return review


@pytest.fixture
def officer_client(review):
    officer = UserFactory()
    RoleFactory(user=officer, body=review.body, role=Role.Name.OFFICER)
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    return client


FORMS = [
    ("reviews:create", {}),
    ("reviews:scope_edit", {"slug": None}),
    ("reviews:keyline_add", {"slug": None}),
    ("reviews:milestone_add", {"slug": None}),
    ("reviews:variation_add", {"slug": None}),
    ("reviews:member_add", {"slug": None}),
    ("reviews:meeting_add", {"slug": None}),
    ("reviews:evidence_add_kind", {"slug": None, "kind": "oral"}),
    ("reviews:evidence_add_kind", {"slug": None, "kind": "questions"}),
    ("reviews:evidence_add_kind", {"slug": None, "kind": "call"}),
    ("reviews:evidence_add_kind", {"slug": None, "kind": "data"}),
    ("reviews:finding_add", {"slug": None}),
    ("reviews:conclusion_add", {"slug": None}),
    ("reviews:report_section_write", {"slug": None, "kind": "foreword"}),
    ("recommendations:add", {"slug": None}),
]


@pytest.mark.parametrize(
    "name,kwargs", FORMS, ids=[f"{n}:{k.get('kind', '')}".rstrip(":") for n, k in FORMS]
)
def test_no_input_to_a_form_gives_a_server_error(officer_client, review, name, kwargs):
    url = reverse(name, kwargs={k: review.slug if v is None else v for k, v in kwargs.items()})
    page = officer_client.get(url)
    assert page.status_code == 200
    fields = field_names(page.content.decode())
    assert fields, f"no form fields found on {url}"

    @GENERATED
    @given(st.fixed_dictionaries({}, optional=dict.fromkeys(fields, values)))
    def post(data):
        response = officer_client.post(url, data)
        # The form again (200), a redirect after saving (302), or the form again
        # because it cannot tell what the person saw (409: posted without its edit
        # token) -- a page every time, never a server error.
        assert response.status_code in (200, 302, 409), (response.status_code, data)

    post()


# --- import files -----------------------------------------------------------------------------


@pytest.fixture
def document(review):
    data = review_export(review=review)
    Review.objects.all().delete()
    return data


def _paths(node, path=()):
    """Every (path, value) in a JSON document."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


def _set(node, path, value):
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value


def _remove(node, path):
    for step in path[:-1]:
        node = node[step]
    del node[path[-1]]


damage = st.one_of(
    values,
    st.none(),
    st.booleans(),
    st.just([]),
    st.just({}),
    st.sampled_from(["2023-02-30", "May 2023", "not a date", "2023-13-01T25:00:00"]),
    st.just("x" * 1_000_000),
    st.integers(min_value=-(10**18), max_value=10**18),
)


def test_no_import_file_gives_anything_but_a_clear_error_and_nothing_is_half_imported(
    document,
):
    paths = [path for path, _ in _paths(document) if path]

    @GENERATED
    @given(
        st.lists(st.tuples(st.sampled_from(paths), st.booleans(), damage), min_size=1, max_size=4)
    )
    def try_import(changes):
        data = copy.deepcopy(document)
        data["review"]["slug"] = f"imported-{datetime.datetime.now().timestamp()}"
        for path, remove, value in changes:
            try:
                if remove:
                    _remove(data, path)
                else:
                    _set(data, path, value)
            except (KeyError, IndexError, TypeError):
                continue  # an earlier change already took that part away
        before = Review.objects.count()
        try:
            review_import(data=data)
        except ValueError:
            assert Review.objects.count() == before  # nothing half-imported
        else:
            assert Review.objects.count() == before + 1

    try_import()
