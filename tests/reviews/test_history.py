"""A review's history of changes: a changed long text as a word-level diff (a changed
figure stands out however long the text), short values and labels in full."""

import pytest
from django.urls import reverse

from recommendations.models import FollowUp, FollowUpAssessment
from tests.factories import FindingFactory, RecommendationFactory
from tests.recommendations.conftest import presented

pytestmark = pytest.mark.django_db

LONG = (
    "The OPFCC currently had an Early Intervention Team with approximately 21 staff and a "
    "Youth team with an establishment of 11 staff and 8 staff in-post, working across the "
    "county with schools, the police and both councils' children's services."
)


def history(client, review):
    return client.get(reverse("reviews:history", kwargs={"slug": review.slug})).content.decode()


def test_a_changed_figure_in_a_long_text_is_marked_word_by_word(client, officer, review):
    finding = FindingFactory(review=review, text=LONG)
    finding.text = LONG.replace("21 staff", "22 staff")
    finding.save()
    client.force_login(officer)

    page = history(client, review)

    assert 'Removed: </span>21</del><ins class="app-diff__added">' in page
    assert "Added: </span>22</ins>" in page
    # The rest of the text is there in full, not cut at 150 characters.
    assert "children&#x27;s services." in page


def test_the_item_is_named_in_whole_words(client, officer, review):
    finding = FindingFactory(review=review, text=LONG)
    finding.text = LONG.replace("21 staff", "22 staff")
    finding.save()
    client.force_login(officer)

    page = history(client, review)

    # Finding's own name stops at 80 characters, mid-word ("…11 staff a").
    assert "with an establishment of 11 staff and 8 staff in-post, working across" in page


def test_short_values_show_in_full_with_their_labels(client, officer, body):
    review = presented(body)
    recommendation = RecommendationFactory(review=review, number=1)
    follow_up = FollowUp.schedule_first(review=review)
    assessment = FollowUpAssessment.objects.create(
        follow_up=follow_up,
        recommendation=recommendation,
        implementation="in_progress",
        rag="amber",
        outcome="carried_forward",
    )
    assessment.implementation, assessment.rag = "implemented", "green"
    assessment.save()
    client.force_login(officer)

    page = history(client, review)

    assert ">RAG rating</th>" in page  # not "Rag rating"
    assert "Amber – acceptable progress" in page and "Green – achieved" in page
    assert ">In progress<" in page and ">Implemented<" in page
