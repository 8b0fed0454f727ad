"""Publishing the final report: a frozen final version and the PDF rendered once and
kept with its checksum; nothing of a published review can be edited; the public reads
published reports and nothing else."""

import datetime
import hashlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reviews.models import Finding, PublishedReport, ReportSection, ReportVersion
from scrutiny.exceptions import TransitionNotAllowed
from tests.factories import FindingFactory, ReviewFactory
from tests.reviews.report_helpers import agree, fill, media, publish  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


@pytest.fixture
def agreed(review, publisher):
    return agree(fill(review), publisher)


@pytest.fixture
def published(agreed, publisher):
    return publish(review=agreed, user=publisher)


# --- the service ----------------------------------------------------------------------


def test_publishing_freezes_a_final_version_and_keeps_the_pdf_with_its_checksum(agreed, publisher):
    publication = publish(review=agreed, user=publisher)

    version = publication.version
    assert (version.kind, version.number, version.issued_by) == ("final", 1, publisher)
    assert "Final Report" in version.html and "DRAFT" not in version.html
    assert version.sections["recommendation-1"]["text"].endswith(
        "That the PCC consider multi-year grants."
    )
    with publication.pdf.open("rb") as handle:
        stored = handle.read()
    assert stored.startswith(b"%PDF-")
    assert hashlib.sha256(stored).hexdigest() == publication.sha256
    assert (publication.sequence, publication.published_by) == (1, publisher)


def test_the_final_version_is_numbered_after_the_drafts(agreed, publisher):
    ReportVersion.objects.create(review=agreed, number=1, html="<p>draft</p>")
    ReportVersion.objects.create(review=agreed, number=2, html="<p>draft</p>")

    publication = publish(review=agreed, user=publisher)

    assert publication.version.number == 3


def test_a_report_the_panel_has_not_agreed_cannot_be_published(review, publisher):
    fill(review)

    with pytest.raises(TransitionNotAllowed):
        publish(review=review, user=publisher)

    assert not PublishedReport.objects.exists()
    assert not ReportVersion.objects.exists()


def test_publishing_again_needs_a_correction_reason(published, publisher):
    with pytest.raises(TransitionNotAllowed):
        publish(review=published.review, user=publisher)

    assert PublishedReport.objects.count() == 1


def test_a_correction_is_a_new_publication_with_its_reason(published, publisher):
    correction = publish(
        review=published.review, user=publisher, correction_reason="A date was wrong."
    )

    assert (correction.sequence, correction.correction_reason) == (2, "A date was wrong.")
    assert correction.version.number == published.version.number + 1
    assert PublishedReport.objects.filter(pk=published.pk).exists()


# --- a published report cannot be edited ----------------------------------------------


def test_officers_can_no_longer_edit_a_published_review(published, officer):
    assert not published.review.user_can_edit(officer)


def test_editing_a_published_report_is_refused_and_nothing_changes(client, published, officer):
    review = published.review
    finding = Finding.objects.get(review=review)
    client.force_login(officer)

    response = client.post(
        reverse("reviews:finding_edit", kwargs={"slug": review.slug, "pk": finding.pk}),
        {"text": "Changed after publication."},
    )

    assert response.status_code == 403
    assert "has been published" in response.content.decode()
    finding.refresh_from_db()
    assert finding.text == "Funding is in the mainstream budget."


def test_writing_a_section_of_a_published_report_is_refused(client, published, officer):
    review = published.review
    client.force_login(officer)

    response = client.post(
        reverse("reviews:report_section_write", kwargs={"slug": review.slug, "kind": "foreword"}),
        {"body": "Rewritten."},
    )

    assert response.status_code == 403
    foreword = ReportSection.objects.get(review=review, kind="foreword")
    assert foreword.body == "Early intervention matters."


def test_nothing_can_be_added_to_a_published_review(client, published, officer):
    review = published.review
    client.force_login(officer)

    response = client.post(
        reverse("reviews:finding_add", kwargs={"slug": review.slug}), {"text": "New."}
    )

    assert response.status_code == 403
    assert Finding.objects.filter(review=review).count() == 1


# --- the public --------------------------------------------------------------------------


def test_anyone_can_read_the_published_report(client, published):
    review = published.review

    response = client.get(reverse("public:report", kwargs={"slug": review.slug}))

    assert response.status_code == 200
    page = response.content.decode()
    assert "That the PCC consider multi-year grants." in page
    assert published.sha256 in page
    assert reverse("public:report_pdf", kwargs={"slug": review.slug}) in page


def test_the_public_pdf_is_the_stored_file(client, published):
    response = client.get(reverse("public:report_pdf", kwargs={"slug": published.review.slug}))

    body = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(body).hexdigest() == published.sha256


def test_the_public_page_shows_corrections_with_their_reasons(client, published, publisher):
    review = published.review
    publish(review=review, user=publisher, correction_reason="A date was wrong.")

    page = client.get(reverse("public:report", kwargs={"slug": review.slug})).content.decode()

    assert "A date was wrong." in page
    assert (
        reverse("public:report_pdf_sequence", kwargs={"slug": review.slug, "sequence": 1}) in page
    )


def test_the_public_page_shows_what_was_published_not_later_records(client, published):
    review = published.review
    FindingFactory(review=review, text="Added later through the admin.")

    page = client.get(reverse("public:report", kwargs={"slug": review.slug})).content.decode()

    assert "Added later through the admin." not in page


def test_home_lists_published_reports_only(client, published, body):
    ReviewFactory(body=body, working_group_name="Unpublished Working Group")

    page = client.get(reverse("home")).content.decode()

    assert published.review.working_group_name in page
    assert reverse("public:report", kwargs={"slug": published.review.slug}) in page
    assert "Unpublished Working Group" not in page


@pytest.mark.parametrize("name", ["public:report", "public:report_pdf"])
def test_an_unpublished_report_is_not_public(client, review, officer, name):
    url = reverse(name, kwargs={"slug": review.slug})

    assert client.get(url).status_code == 404
    client.force_login(officer)
    assert client.get(url).status_code == 404


def _review_urls(slug):
    """Every URL inside a review, its other arguments filled with plausible values."""
    values = {"pk": 1, "number": 1, "kind": "foreword", "key": "0" * 64, "meeting_pk": 1}
    values |= {"evidence_pk": 1, "group_pk": 1, "sequence": 1, "to": 1}
    for resolver in get_resolver().url_patterns:
        if not isinstance(resolver, URLResolver):
            continue
        namespace = resolver.namespace
        if namespace not in ("reviews", "recommendations"):
            continue
        for pattern in resolver.url_patterns:
            if not isinstance(pattern, URLPattern) or not pattern.name:
                continue
            names = set(pattern.pattern.regex.groupindex) | set(resolver.pattern.regex.groupindex)
            if "slug" not in names:
                continue
            kwargs = {n: values.get(n, 1 if n.endswith("pk") else slug) for n in names}
            kwargs["slug"] = slug
            yield (
                f"{namespace}:{pattern.name}",
                reverse(f"{namespace}:{pattern.name}", kwargs=kwargs),
            )


def test_anonymous_visitors_reach_no_draft_url(client, published, review):
    """Not the draft of an unpublished review, nor the drafts and working papers of a
    published one: every page inside a review sends them to sign in."""
    urls = [*_review_urls(review.slug), *_review_urls(published.review.slug)]
    assert len(urls) > 40

    for name, url in urls:
        response = client.get(url)
        # Sent to sign in; or 404 where the URL's own arguments are checked first.
        assert response.status_code in (302, 404), name
        if response.status_code == 302:
            assert response.url.startswith(reverse("login")), name


def test_the_date_agreed_is_on_the_public_page(client, published):
    page = client.get(
        reverse("public:report", kwargs={"slug": published.review.slug})
    ).content.decode()

    assert f"{datetime.date(2024, 6, 1):%-d %B %Y}" in page
