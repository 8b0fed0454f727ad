"""Where a review stands: the task list on its overview and the dashboard."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    FindingFactory,
    KeyLineOfEnquiryFactory,
    MeetingFactory,
    RecommendationFactory,
    ReviewFactory,
    WorkingGroupMemberFactory,
)


def task_statuses(page):
    """{task name: status} read from the overview's GOV.UK task list."""
    import re

    items = re.findall(
        r'govuk-task-list__link"[^>]*>([^<]+)</a>.*?govuk-task-list__status"[^>]*>\s*(.*?)\s*</div>',
        page,
        re.S,
    )
    return {name: re.sub(r"<[^>]+>", "", status).strip() for name, status in items}


@pytest.mark.django_db
def test_a_new_review_starts_with_nothing_done(client, officer, review):
    client.force_login(officer)
    page = client.get(review.get_absolute_url()).content.decode()
    statuses = task_statuses(page)
    assert statuses["Scope and terms of reference"] == "Not yet started"
    assert statuses["Findings and conclusions"] == "Cannot start yet"
    assert statuses["Recommendations"] == "Cannot start yet"
    assert "0 of 6 sections completed" in page


@pytest.mark.django_db
def test_sections_complete_as_the_review_is_filled_in(client, officer, review):
    review.purpose = "To examine youth diversion."
    review.save()
    KeyLineOfEnquiryFactory(review=review)
    WorkingGroupMemberFactory(review=review, role="member")
    client.force_login(officer)
    statuses = task_statuses(client.get(review.get_absolute_url()).content.decode())
    assert statuses["Scope and terms of reference"] == "Completed"
    assert statuses["Working group"] == "In progress"  # no chair yet

    WorkingGroupMemberFactory(review=review, role="chair")
    ConclusionFactory(review=review).evidence.add(DocumentFactory(review=review))
    statuses = task_statuses(client.get(review.get_absolute_url()).content.decode())
    assert statuses["Working group"] == "Completed"
    assert statuses["Findings and conclusions"] == "Completed"
    assert statuses["Recommendations"] == "Not yet started"


@pytest.mark.django_db
def test_dashboard_lists_coming_meetings_of_the_users_reviews_only(client, officer, review):
    today = timezone.localdate()
    MeetingFactory(review=review, date=today + datetime.timedelta(days=3), purpose="Budgets")
    MeetingFactory(review=review, date=today - datetime.timedelta(days=3), purpose="Old news")
    MeetingFactory(
        review=ReviewFactory(), date=today + datetime.timedelta(days=1), purpose="Secret"
    )
    client.force_login(officer)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Meetings coming up" in page
    assert "Budgets" in page
    assert "Old news" not in page
    assert "Secret" not in page


MANY = 20


def _review_with_many_of_everything(review):
    KeyLineOfEnquiryFactory.create_batch(MANY, review=review)
    WorkingGroupMemberFactory.create_batch(MANY - 1, review=review, role="member")
    WorkingGroupMemberFactory(review=review, role="chair")
    MeetingFactory.create_batch(MANY, review=review, kind="working_group")
    DocumentFactory.create_batch(MANY, review=review)
    FindingFactory.create_batch(MANY, review=review)
    ConclusionFactory.create_batch(MANY, review=review)
    RecommendationFactory.create_batch(MANY, review=review)


def _scopes(sql):
    """Each SELECT of `sql` (the query and its subqueries), with what its parentheses
    hold left out."""
    top, inner, groups, depth = [], [], [], 0
    for char in sql:
        if char == "(":
            depth += 1
            if depth == 1:
                inner = []
                continue
        elif char == ")":
            depth -= 1
            if depth == 0:
                groups.append("".join(inner))
                top.append("()")
                continue
        (inner if depth else top).append(char)
    yield "".join(top)
    for group in groups:
        yield from _scopes(group)


def _aggregates_over_several_joins(queries):
    """Each SELECT that counts across more than one outer-joined table (Django joins
    a to-many relation with LEFT OUTER JOIN): its rows are the product of those
    tables' rows."""
    return [
        scope
        for query in queries
        for scope in _scopes(query["sql"].upper())
        if "COUNT(" in scope and scope.count(" LEFT OUTER JOIN ") > 1
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["dashboard", "overview"])
def test_progress_counts_are_right_and_never_multiply_across_relations(
    client, officer, review, page
):
    _review_with_many_of_everything(review)
    client.force_login(officer)
    url = reverse("dashboard") if page == "dashboard" else review.get_absolute_url()

    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()

    assert _aggregates_over_several_joins(queries.captured_queries) == []
    if page == "overview":
        for hint in [
            f"{MANY} key lines of enquiry",
            f"{MANY} members",
            f"{MANY} working group meetings",
            f"{MANY} sources",
            f"{MANY} findings, {MANY} conclusions",
            f"{MANY} recommendations",
        ]:
            assert hint in html
    else:
        # Working group, findings and conclusions, and recommendations are complete;
        # the scope has no purpose yet and evidence gathering has not ended.
        assert "3 of 6 sections completed" in html
