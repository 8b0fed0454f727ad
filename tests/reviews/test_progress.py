"""Where a review stands: the task list on its overview and the dashboard."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    KeyLineOfEnquiryFactory,
    MeetingFactory,
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
