"""Pages cost the same number of queries however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    CallForEvidenceFactory,
    ConclusionFactory,
    DataSetFactory,
    DocumentFactory,
    FindingFactory,
    KeyLineOfEnquiryFactory,
    MeetingFactory,
    OralEvidenceFactory,
    QuestionSetFactory,
    RecommendationFactory,
    WitnessFactory,
    WorkingGroupMemberFactory,
)


def add_rows(review, times):
    for _ in range(times):
        meeting = MeetingFactory(review=review)
        WitnessFactory(meeting=meeting)
        WorkingGroupMemberFactory(review=review)
        KeyLineOfEnquiryFactory(review=review)
        document = DocumentFactory(review=review, meeting=meeting)
        OralEvidenceFactory(review=review, meeting=meeting)
        QuestionSetFactory(review=review)
        CallForEvidenceFactory(review=review)
        DataSetFactory(review=review)
        FindingFactory(review=review).evidence.add(document)
        conclusion = ConclusionFactory(review=review)
        conclusion.evidence.add(document)
        RecommendationFactory(review=review).conclusions.add(conclusion)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "reviews:detail",
        "reviews:evidence",
        "reviews:meetings",
        "reviews:findings",
        "reviews:working_group",
        "reviews:scope",
        "recommendations:list",
    ],
)
def test_page_query_count_does_not_grow_with_rows(client, officer, review, name):
    client.force_login(officer)
    url = reverse(name, kwargs={"slug": review.slug})
    add_rows(review, 1)
    once = queries_for(client, url)
    add_rows(review, 9)
    ten_times = queries_for(client, url)
    assert ten_times == once
