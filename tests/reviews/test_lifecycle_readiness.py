"""The checks before issuing a draft and before publishing: blockers stop the step,
warnings need a confirmation that is kept; the published version carries the
approvals and the sign-off of the draft it was agreed from."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from reviews import readiness
from reviews.drafts import report_issue_version
from reviews.models import ReportSection, Review, WorkingGroupMember
from reviews.publishing import report_publish
from scrutiny.exceptions import TransitionNotAllowed
from tests.factories import (
    DocumentFactory,
    ReportApprovalFactory,
    ReportCommentFactory,
    UserFactory,
    WorkingGroupMemberFactory,
)
from tests.pdfs import make_pdf
from tests.reviews.report_helpers import agree, fill, media, publish  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def document(review, name, content):
    item = DocumentFactory(review=review, title="Grant report", original_filename=name)
    item.file.save(name, ContentFile(content), save=True)
    return item


def messages(checks):
    return [check.message for check in checks]


# --- blockers -----------------------------------------------------------------------------


def test_a_text_file_named_as_a_pdf_blocks_issuing_and_publishing(review, publisher):
    agree(fill(review), publisher)
    document(review, "fake.pdf", b"Just some words, not a PDF at all.\n")

    issue = readiness.before_issuing_draft(review)
    publishing = readiness.before_publishing(review)

    expected = "“Grant report”: The file is called fake.pdf but its content is not a PDF."
    assert any(m.startswith(expected) for m in messages(issue.blockers))
    assert any(m.startswith(expected) for m in messages(publishing.blockers))
    with pytest.raises(TransitionNotAllowed, match="fake.pdf"):
        publish(review=review, user=publisher)
    assert not review.publications.exists()


def test_a_real_pdf_is_not_a_blocker(review, publisher):
    agree(fill(review), publisher)
    document(review, "report.pdf", make_pdf("A real PDF"))

    assert readiness.before_publishing(review).blockers == []


def test_empty_headings_block_publishing(review, publisher):
    agree(fill(review), publisher)
    review.sections.filter(kind=ReportSection.Kind.PANEL_ROLE).delete()

    blockers = messages(readiness.before_publishing(review).blockers)

    assert blockers == ["“4. Panel Role” has nothing written in it."]
    with pytest.raises(TransitionNotAllowed, match="Panel Role"):
        publish(review=review, user=publisher)


def test_a_blocker_on_the_publish_page_hides_the_button(client, review, publisher):
    agree(fill(review), publisher)
    review.sections.filter(kind=ReportSection.Kind.BACKGROUND).delete()
    client.force_login(publisher)

    page = client.get(reverse("reviews:report_publish", kwargs={"slug": review.slug}))

    text = page.content.decode()
    assert "Before publishing, put these right" in text
    assert "“6. Report Background” has nothing written in it." in text
    assert "Publish the final report</button>" not in text


# --- warnings -----------------------------------------------------------------------------


@pytest.fixture
def drafted(review, officer, publisher):
    """A filled review with a second approving member, draft version 1 issued with an
    open comment, approved by the chair only, its foreword unsigned; then agreed."""
    fill(review)
    WorkingGroupMemberFactory(review=review, role=WorkingGroupMember.GroupRole.MEMBER)
    review.status = Review.Status.DRAFTING
    review.save()
    version = report_issue_version(review=review, user=officer)
    ReportCommentFactory(version=version)
    chair = review.working_group.get(role=WorkingGroupMember.GroupRole.CHAIR)
    ReportApprovalFactory(version=version, member=chair, approved_by=UserFactory())
    review.record_agreement(user=publisher, agreed_on=review.commissioned_on, meeting="Panel")
    return review


def test_publishing_warns_of_approvals_the_foreword_and_open_comments(drafted):
    warnings = messages(readiness.before_publishing(drafted).warnings)

    assert warnings == [
        "Draft version 1 was approved by 1 of 2 members of the working group.",
        "The chair has not signed the foreword of draft version 1.",
        "1 comment on draft version 1 is still open.",
    ]


def test_unconfirmed_warnings_stop_publication(drafted, publisher):
    with pytest.raises(TransitionNotAllowed, match="Confirm that you have read the warnings"):
        report_publish(review=drafted, user=publisher)

    assert not drafted.publications.exists()


def test_confirmed_warnings_are_kept_with_the_published_version(drafted, publisher):
    publication = publish(review=drafted, user=publisher)

    version = publication.version
    assert version.issued_by == publisher and version.issued_at
    assert "Draft version 1 was approved by 1 of 2 members of the working group." in (
        version.confirmed_warnings
    )


def test_issuing_a_draft_warns_of_comments_still_open_on_the_last(client, review, officer):
    fill(review)
    review.status = Review.Status.DRAFTING
    review.save()
    ReportCommentFactory(version=report_issue_version(review=review, user=officer))
    client.force_login(officer)
    url = reverse("reviews:report_issue", kwargs={"slug": review.slug})

    page = client.get(url).content.decode()
    refused = client.post(url, {"note": ""})
    client.post(url, {"note": "", "confirm_warnings": "on"})

    assert "1 comment on version 1 is still open." in page
    assert "Confirm that you have read the warning" in refused.content.decode()
    version = review.report_versions.get(number=2)
    assert version.confirmed_warnings == ["1 comment on version 1 is still open."]


def test_recommendations_without_conclusions_are_a_warning(review, publisher):
    agree(fill(review), publisher)
    assert not any(
        "conclusion" in m for m in messages(readiness.before_publishing(review).warnings)
    )
    review.recommendations.get().conclusions.clear()

    warnings = messages(readiness.before_publishing(review).warnings)

    assert "Recommendation 1 is not linked to any conclusion." in warnings


# --- what the published version carries ----------------------------------------------------


def test_the_published_version_carries_the_approvals_and_sign_off_it_was_agreed_with(
    client, drafted, publisher
):
    draft = drafted.report_versions.get(number=1)
    draft.foreword_signed_by = UserFactory()
    draft.foreword_signed_at = draft.issued_at
    draft.save(update_fields=["foreword_signed_by", "foreword_signed_at"])

    final = publish(review=drafted, user=publisher).version

    assert final.approvals.count() == 1
    assert final.foreword_signed_at == draft.foreword_signed_at
    client.force_login(publisher)
    page = client.get(final.get_absolute_url()).content.decode()
    assert "1 of 2 members" in page
    assert "Not signed" not in page


def test_the_publishers_note_is_labelled_as_the_publishers(client, drafted, publisher):
    final = publish(review=drafted, user=publisher).version
    client.force_login(publisher)

    page = client.get(
        reverse("reviews:report_diff", kwargs={"slug": drafted.slug}),
        {"old": 1, "new": final.number},
    ).content.decode()

    assert "The publisher's note on version 2" in page
    assert "The officer's note" not in page
