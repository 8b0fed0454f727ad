import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.models import Evidence
from reviews.search import search_evidence
from tests.factories import CallForEvidenceFactory, DocumentFactory, QuestionFactory


@pytest.mark.django_db
def test_search_finds_text_inside_a_document_and_shows_the_passage(review):
    DocumentFactory(
        review=review,
        title="Plan",
        extracted_text="Budget lines. " * 50
        + "The Youth Offending Service target for first time entrants.",
    )
    DocumentFactory(review=review, title="Other", extracted_text="Nothing relevant here.")
    results = list(search_evidence(Evidence.objects.filter(review=review), "offending target"))
    assert [e.title for e in results] == ["Plan"]
    assert "<mark>" in results[0].passage
    assert "Offending" in results[0].passage


@pytest.mark.django_db
def test_search_covers_answers_to_partner_questions(review):
    question = QuestionFactory(
        group__question_set__review=review, answer="63 cases open in the DA team"
    )
    question.group.question_set.reindex()
    results = list(search_evidence(Evidence.objects.filter(review=review), "cases open"))
    assert [e.pk for e in results] == [question.group.question_set.pk]


@pytest.mark.django_db
def test_search_escapes_html_in_the_passage(review):
    CallForEvidenceFactory(review=review, text="<script>alert(1)</script> schools newsletter")
    results = list(search_evidence(Evidence.objects.filter(review=review), "newsletter"))
    assert "<script" not in results[0].passage
    assert "<mark>newsletter</mark>" in results[0].passage


@pytest.mark.django_db
def test_a_query_with_no_words_finds_nothing(review):
    DocumentFactory(review=review)
    assert list(search_evidence(Evidence.objects.filter(review=review), "  ? ")) == []


@pytest.mark.django_db
def test_the_passage_is_where_the_whole_phrase_is(review):
    text = "Crime and Disorder Act. " * 40 + "Education input in schools around knife crime."
    DocumentFactory(review=review, title="Plan", extracted_text=text)
    (result,) = search_evidence(Evidence.objects.filter(review=review), "knife crime")
    assert "<mark>knife</mark>" in result.passage


@pytest.mark.django_db
def test_answers_in_the_imported_reference_review_can_be_found():
    import io

    from django.core.management import call_command

    call_command("load_demo", allow_without_debug=True, stdout=io.StringIO())
    evidence = Evidence.objects.filter(review__slug="early-intervention")
    titles = [e.title for e in search_evidence(evidence, "declined 31 referrals")]
    assert "Responses from OPFCC" in titles, titles


@pytest.mark.django_db
def test_the_next_page_of_results_keeps_the_search(client, officer, review):
    for n in range(30):
        DocumentFactory(review=review, title=f"Minutes {n}", extracted_text="youth diversion")
    client.force_login(officer)
    url = reverse("reviews:evidence", kwargs={"slug": review.slug})
    page = client.get(url, {"q": "youth diversion"}).content.decode()
    assert "30 results" in page
    assert 'href="?q=youth+diversion&amp;page=2"' in page


@pytest.mark.django_db
def test_a_match_deep_in_a_long_document_gets_its_passage(review):
    text = "Budget lines and staffing tables. " * 20_000 + "Detached youth workers patrol parks."
    DocumentFactory(review=review, title="Long plan", extracted_text=text)

    (result,) = search_evidence(Evidence.objects.filter(review=review), "detached youth workers")

    assert "<mark>Detached</mark>" in result.passage


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text vectors are PostgreSQL's")
def test_searching_never_parses_a_document_s_text(client, officer, review):
    for n in range(30):
        DocumentFactory(review=review, title=f"Minutes {n}", extracted_text="youth diversion")
    client.force_login(officer)
    url = reverse("reviews:evidence", kwargs={"slug": review.slug})

    with CaptureQueriesContext(connection) as queries:
        page = client.get(url, {"q": "youth diversion"}).content.decode()

    assert "30 results" in page
    sql = [q["sql"] for q in queries.captured_queries]
    # The stored vectors find and rank; nothing builds a vector from the text.
    assert not any("to_tsvector" in statement for statement in sql)
    # Passages come from short excerpts, for the shown page only.
    (headlines,) = [s for s in sql if "ts_headline" in s]
    assert "SUBSTRING" in headlines.upper()
