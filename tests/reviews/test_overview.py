"""The review overview and the dashboard: what they show, and that their number of
queries does not grow with the number of rows."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.models import Attendance, Review
from scrutiny.models import Role
from tests.factories import (
    AttendanceFactory,
    CallForEvidenceFactory,
    ConclusionFactory,
    DocumentFactory,
    FindingFactory,
    KeyLineOfEnquiryFactory,
    MeetingFactory,
    MilestoneFactory,
    OralEvidenceFactory,
    RecommendationFactory,
    ResponseFactory,
    ReviewFactory,
    RoleFactory,
    ScrutinyBodyFactory,
    TimetableVariationFactory,
    WitnessFactory,
    WorkingGroupMemberFactory,
)


def add_rows(review):
    """One more of everything the overview lists."""
    KeyLineOfEnquiryFactory(review=review)
    WorkingGroupMemberFactory(review=review)
    MilestoneFactory(review=review)
    TimetableVariationFactory(review=review)
    meeting = MeetingFactory(review=review)
    AttendanceFactory(meeting=meeting)
    AttendanceFactory(meeting=meeting, status=Attendance.Status.APOLOGIES)
    WitnessFactory(meeting=meeting)
    oral = OralEvidenceFactory(review=review, meeting=meeting)
    CallForEvidenceFactory(review=review)
    DocumentFactory(review=review)
    finding = FindingFactory(review=review)
    finding.evidence.add(oral)
    conclusion = ConclusionFactory(review=review)
    conclusion.evidence.add(oral)
    ResponseFactory(recommendation=RecommendationFactory(review=review))


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_overview_queries_do_not_grow_with_rows(client, officer, body):
    # Presented, so that each recommendation shows its response too.
    review = ReviewFactory(
        body=body,
        status=Review.Status.PRESENTED,
        agreed_on=datetime.date(2024, 5, 1),
        presented_on=datetime.date(2024, 5, 2),
    )
    client.force_login(officer)
    add_rows(review)
    with_one = count_queries(client, review.get_absolute_url())
    add_rows(review)
    add_rows(review)

    assert count_queries(client, review.get_absolute_url()) == with_one


def test_dashboard_queries_do_not_grow_with_bodies_or_reviews(client, officer, body, review):
    client.force_login(officer)
    with_one = count_queries(client, reverse("dashboard"))
    ReviewFactory.create_batch(3, body=body)
    other_body = ScrutinyBodyFactory()
    RoleFactory(user=officer, body=other_body, role=Role.Name.MEMBER)
    ReviewFactory.create_batch(2, body=other_body)

    assert count_queries(client, reverse("dashboard")) == with_one


def test_dashboard_shows_only_the_users_own_roles(client, officer, member, body):
    client.force_login(officer)

    page = client.get(reverse("dashboard")).content.decode()

    assert "Panel officer" in page
    assert "Working group member" not in page


def test_respondent_is_told_why_unpresented_reviews_are_not_listed(client, respondent, review):
    client.force_login(respondent)

    page = client.get(reverse("dashboard")).content.decode()

    assert review.working_group_name not in page
    assert "once their final report has been presented" in page


def test_officers_are_offered_a_new_review_and_members_are_not(client, officer, member):
    client.force_login(officer)
    assert "Start a new review" in client.get(reverse("dashboard")).content.decode()

    client.force_login(member)
    assert "Start a new review" not in client.get(reverse("dashboard")).content.decode()


def test_the_commissioners_office_sees_only_recommendations_addressed_to_it(client, respondent):
    from tests.factories import RecommendationFactory

    review = ReviewFactory(body=respondent.roles.get().body, status="presented")
    review.presented_on = datetime.date(2025, 1, 10)
    review.save()
    RecommendationFactory(review=review, text="That the PCC publish data.")
    RecommendationFactory(review=review, text="That the Panel revisit this.", to_panel=True)
    client.force_login(respondent)
    page = client.get(review.get_absolute_url()).content.decode()
    assert "That the PCC publish data." in page
    assert "That the Panel revisit this." not in page
