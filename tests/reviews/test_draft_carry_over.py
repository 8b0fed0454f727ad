"""Between draft versions: the "Changed since you last read it" banner clears once
the new version is read or approved, and comments still open on a version are
carried to the next one, still open and linked to their original."""

import pytest
from django.urls import reverse

from reviews import drafts as services
from reviews.models import ReportComment, Review, WorkingGroupMember
from scrutiny.exceptions import TransitionNotAllowed
from scrutiny.models import Role
from tests.factories import (
    PersonFactory,
    RecommendationFactory,
    ReportSectionFactory,
    RoleFactory,
    UserFactory,
    WorkingGroupMemberFactory,
)

pytestmark = pytest.mark.django_db

BANNER = "Changed since you last read it"


@pytest.fixture
def drafting(review):
    review.status = Review.Status.DRAFTING
    review.save()
    ReportSectionFactory(review=review, body="Thank you to everyone who gave evidence.")
    RecommendationFactory(review=review, number=1, text="That the PCC publish the data.")
    RecommendationFactory(review=review, number=2, text="That the Panel revisit this.")
    return review


@pytest.fixture
def councillor(review):
    user = UserFactory(
        person=PersonFactory(honorific="Councillor", given_name="Gill", family_name="Mercer")
    )
    RoleFactory(user=user, body=review.body, role=Role.Name.MEMBER)
    WorkingGroupMemberFactory(
        review=review, person=user.person, role=WorkingGroupMember.GroupRole.MEMBER
    )
    return user


@pytest.fixture
def version_one(drafting, officer):
    return services.report_issue_version(review=drafting, user=officer, note="First draft")


def draft_page(client, review):
    return client.get(reverse("reviews:report_draft", kwargs={"slug": review.slug}))


def comments_page(client, review, number):
    return client.get(
        reverse("reviews:report_comment", kwargs={"slug": review.slug, "number": number})
    )


def test_the_changed_banner_shows_once_then_clears_after_reading(
    client, officer, councillor, version_one
):
    client.force_login(councillor)
    draft_page(client, version_one.review)  # reads version 1
    services.report_issue_version(review=version_one.review, user=officer)

    first_visit = draft_page(client, version_one.review).content.decode()
    next_visit = draft_page(client, version_one.review).content.decode()

    assert BANNER in first_visit and "You last read version 1" in first_visit
    assert BANNER not in next_visit


def test_approving_the_new_version_clears_the_changed_banner(
    client, officer, councillor, version_one
):
    client.force_login(councillor)
    draft_page(client, version_one.review)
    version_two = services.report_issue_version(review=version_one.review, user=officer)
    # Read elsewhere (say, the comments page) and approved without reopening the draft.
    version_two.approve(user=councillor)

    page = draft_page(client, version_one.review).content.decode()

    assert BANNER not in page
    assert "You approved this version" in page


def test_an_open_comment_is_carried_to_the_next_version_with_its_replies(
    officer, councillor, version_one
):
    comment = services.report_comment_add(
        version=version_one, user=councillor, anchor="recommendation-1", text="Say by when."
    )
    services.report_comment_reply(comment=comment, user=officer, text="We will ask the PCC.")
    resolved = services.report_comment_add(
        version=version_one, user=councillor, anchor="recommendation-2", text="Typo."
    )
    resolved.resolve(user=officer)

    version_two = services.report_issue_version(review=version_one.review, user=officer)

    carried = version_two.comments.get(parent__isnull=True)
    assert (carried.text, carried.author, carried.anchor) == (
        "Say by when.",
        councillor,
        "recommendation-1",
    )
    assert carried.carried_from == comment
    assert not carried.is_resolved
    assert [r.text for r in carried.replies.all()] == ["We will ask the PCC."]
    assert list(ReportComment.objects.open()) == [carried]
    assert not version_two.comments.filter(text="Typo.").exists()


def test_the_carried_comment_is_shown_open_on_version_two_and_linked_both_ways(
    client, officer, councillor, version_one
):
    comment = services.report_comment_add(
        version=version_one, user=councillor, anchor="recommendation-1", text="Say by when."
    )
    version_two = services.report_issue_version(review=version_one.review, user=officer)
    carried = version_two.comments.get()
    client.force_login(officer)

    two = comments_page(client, version_one.review, 2)
    one = comments_page(client, version_one.review, 1)

    page_two = two.content.decode()
    assert "Say by when." in page_two and "1 open" in page_two
    assert f"#comment-{comment.pk}" in page_two and "Made on" in page_two
    assert "Councillor Gill Mercer" in page_two
    page_one = one.content.decode()
    assert "Carried to version 2" in page_one and "0 open" in page_one
    assert f"#comment-{carried.pk}" in page_one
    versions = {v.number: v for v in services.versions_with_counts(version_one.review)}
    assert (versions[1].open_comments, versions[2].open_comments) == (0, 1)


def test_the_original_of_a_carried_comment_is_answered_where_it_was_carried(
    officer, councillor, version_one
):
    comment = services.report_comment_add(
        version=version_one, user=councillor, anchor="recommendation-1", text="Say by when."
    )
    services.report_issue_version(review=version_one.review, user=officer)
    comment.refresh_from_db()

    with pytest.raises(TransitionNotAllowed, match="carried to a later version"):
        comment.resolve(user=officer)
    with pytest.raises(TransitionNotAllowed, match="carried to a later version"):
        services.report_comment_reply(comment=comment, user=officer, text="Noted.")


def test_a_comment_carried_twice_stays_one_open_comment(officer, councillor, version_one):
    services.report_comment_add(
        version=version_one, user=councillor, anchor="recommendation-1", text="Say by when."
    )
    services.report_issue_version(review=version_one.review, user=officer)
    version_three = services.report_issue_version(review=version_one.review, user=officer)

    assert ReportComment.objects.open().count() == 1
    assert ReportComment.objects.open().get().version == version_three


def test_issuing_the_next_version_says_how_many_comments_were_carried(
    client, officer, councillor, version_one
):
    services.report_comment_add(
        version=version_one, user=councillor, anchor="recommendation-1", text="Say by when."
    )
    client.force_login(officer)

    response = client.post(
        reverse("reviews:report_issue", kwargs={"slug": version_one.review.slug}),
        # The open comment is one of the warnings shown before issuing: confirmed.
        {"note": "Dates added.", "confirm_warnings": "on"},
        follow=True,
    )

    page = response.content.decode()
    assert "Draft version 2 has been issued to the working group." in page
    assert "1 open comment was carried over to it." in page
