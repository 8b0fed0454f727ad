"""The pages for reviewing the draft report: members read, comment and approve;
officers issue versions, reply and resolve; everyone else is kept out."""

import pytest
from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews import drafts as services
from reviews.models import ReportApproval, ReportComment, ReportRead, Review, WorkingGroupMember
from scrutiny.models import Role
from tests.factories import (
    PersonFactory,
    RecommendationFactory,
    ReportCommentFactory,
    ReportSectionFactory,
    RoleFactory,
    UserFactory,
    WorkingGroupMemberFactory,
)

pytestmark = pytest.mark.django_db

OLD_WORDS = "review how data is currently recorded"
NEW_WORDS = "publish the referral data every quarter"


@pytest.fixture
def drafting(review):
    review.status = Review.Status.DRAFTING
    review.save()
    ReportSectionFactory(review=review, body="Thank you to everyone who gave evidence.")
    RecommendationFactory(review=review, number=1, text=f"That the PCC {OLD_WORDS}.")
    RecommendationFactory(review=review, number=2, text="That the Panel revisit this.")
    return review


@pytest.fixture
def councillor(review):
    """A member of the body in the review's working group."""
    user = UserFactory(person=PersonFactory(given_name="Gill", family_name="Mercer"))
    RoleFactory(user=user, body=review.body, role=Role.Name.MEMBER)
    WorkingGroupMemberFactory(review=review, person=user.person)
    return user


@pytest.fixture
def chair(review):
    user = UserFactory(person=PersonFactory(given_name="Zoe", family_name="McGhee"))
    RoleFactory(user=user, body=review.body, role=Role.Name.MEMBER)
    WorkingGroupMemberFactory(
        review=review, person=user.person, role=WorkingGroupMember.GroupRole.CHAIR
    )
    return user


@pytest.fixture
def version(drafting, officer):
    return services.report_issue_version(review=drafting, user=officer, note="First draft")


def url(name, review, **kwargs):
    return reverse(f"reviews:{name}", kwargs={"slug": review.slug, **kwargs})


# --- reading -------------------------------------------------------------------------------


def test_a_member_reads_the_latest_draft_with_a_comment_link_per_recommendation(
    client, councillor, version
):
    client.force_login(councillor)

    response = client.get(url("report_draft", version.review))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Draft report, version 1" in content
    assert OLD_WORDS in content
    assert '<article class="report' in content  # the frozen report, not escaped
    assert "&lt;article" not in content
    comment_link = url("report_comment", version.review, number=1) + "?anchor=recommendation-1"
    assert comment_link in content
    assert "Comment on this recommendation" in content


def test_opening_the_draft_records_a_read(client, councillor, version):
    client.force_login(councillor)

    client.get(url("report_draft", version.review))

    assert ReportRead.objects.filter(version=version, user=councillor).exists()


def test_the_draft_page_says_when_nothing_has_been_issued(client, councillor, drafting):
    client.force_login(councillor)

    response = client.get(url("report_draft", drafting))

    assert response.status_code == 200
    assert b"No draft has been issued yet" in response.content


def test_the_respondent_cannot_read_drafts_even_after_presentation(client, respondent, version):
    review = version.review
    Review.objects.filter(pk=review.pk).update(
        status=Review.Status.PRESENTED,
        agreed_on=review.commissioned_on,
        presented_on=review.commissioned_on,
    )
    client.force_login(respondent)

    assert client.get(url("report_draft", review)).status_code == 403
    assert not ReportRead.objects.exists()


def test_another_bodys_officer_gets_404(client, other_officer, version):
    client.force_login(other_officer)

    for name, kwargs in [
        ("report_draft", {}),
        ("report_versions", {}),
        ("report_comment", {"number": 1}),
        ("report_diff", {}),
    ]:
        assert client.get(url(name, version.review, **kwargs)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, version):
    path = url("report_version", version.review, number=1)

    response = client.get(path)

    assert response.status_code == 302
    assert response.url == redirect_to_login(path).url


def test_the_draft_nav_link_is_hidden_from_those_who_cannot_read_drafts(
    client, respondent, officer, version
):
    review = version.review
    Review.objects.filter(pk=review.pk).update(
        status=Review.Status.PRESENTED,
        agreed_on=review.commissioned_on,
        presented_on=review.commissioned_on,
    )
    draft_link = f'href="{url("report_draft", review)}"'

    client.force_login(respondent)
    assert draft_link not in client.get(url("scope", review)).content.decode()
    client.force_login(officer)
    assert draft_link in client.get(url("scope", review)).content.decode()


# --- issuing ---------------------------------------------------------------------------------


def test_an_officer_issues_a_version(client, officer, drafting):
    client.force_login(officer)

    response = client.post(
        url("report_issue", drafting), {"note": "For the April meeting", "confirm_warnings": "on"}
    )

    version = drafting.report_versions.get()
    assert response.status_code == 302
    assert response.url == url("report_version", drafting, number=1)
    assert version.note == "For the April meeting"
    assert OLD_WORDS in version.html


def test_members_cannot_issue_versions(client, councillor, drafting):
    client.force_login(councillor)

    assert client.get(url("report_issue", drafting)).status_code == 403
    assert client.post(url("report_issue", drafting)).status_code == 403
    assert not drafting.report_versions.exists()


def test_no_versions_are_issued_after_the_report_is_agreed(client, officer, drafting):
    Review.objects.filter(pk=drafting.pk).update(status=Review.Status.AGREED)
    client.force_login(officer)

    assert client.post(url("report_issue", drafting)).status_code == 403
    assert not drafting.report_versions.exists()


# --- comments ----------------------------------------------------------------------------------


def test_the_comment_link_preselects_its_part(client, councillor, version):
    client.force_login(councillor)

    response = client.get(
        url("report_comment", version.review, number=1) + "?anchor=recommendation-1"
    )

    assert response.status_code == 200
    assert response.context["form"]["anchor"].value() == "recommendation-1"
    assert b'value="recommendation-1" selected' in response.content


def test_a_member_comments_on_a_recommendation(client, councillor, version):
    client.force_login(councillor)

    response = client.post(
        url("report_comment", version.review, number=1),
        {"anchor": "recommendation-1", "text": "Could this say by when?"},
    )

    comment = ReportComment.objects.get()
    assert response.status_code == 302
    assert response.url.endswith(f"#comment-{comment.pk}")
    assert (comment.anchor, comment.author, comment.version) == (
        "recommendation-1",
        councillor,
        version,
    )
    page = client.get(url("report_comment", version.review, number=1)).content.decode()
    assert "Could this say by when?" in page


def test_a_comment_needs_a_part_and_some_words(client, councillor, version):
    client.force_login(councillor)

    response = client.post(url("report_comment", version.review, number=1), {"text": ""})

    assert response.status_code == 200
    assert b"Choose which part of the report your comment is about" in response.content
    assert b"Enter your comment" in response.content
    assert not ReportComment.objects.exists()


def test_an_officer_cannot_start_a_comment(client, officer, version):
    client.force_login(officer)

    response = client.post(
        url("report_comment", version.review, number=1),
        {"anchor": "foreword", "text": "Hmm"},
    )

    assert response.status_code == 403
    assert not ReportComment.objects.exists()


def test_an_officer_replies_and_the_member_sees_the_reply(client, officer, councillor, version):
    comment = ReportCommentFactory(version=version, author=councillor, text="By when?")
    client.force_login(officer)

    response = client.post(
        url("report_comment_reply", version.review, pk=comment.pk),
        {"text": "We have added a date in version 2."},
    )

    assert response.status_code == 302
    reply = comment.replies.get()
    assert reply.author == officer
    client.force_login(councillor)
    page = client.get(url("report_comment", version.review, number=1)).content.decode()
    assert "We have added a date in version 2." in page


def test_an_officer_resolves_a_comment(client, officer, councillor, version):
    comment = ReportCommentFactory(version=version, author=councillor)
    client.force_login(officer)

    response = client.post(url("report_comment_resolve", version.review, pk=comment.pk))

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.resolved_by == officer
    page = client.get(url("report_comment", version.review, number=1)).content.decode()
    assert "0 open" in page and "1 resolved" in page


def test_resolving_twice_says_so(client, officer, councillor, version):
    comment = ReportCommentFactory(version=version, author=councillor)
    comment.resolve(user=officer)
    client.force_login(officer)

    response = client.post(
        url("report_comment_resolve", version.review, pk=comment.pk), follow=True
    )

    assert "already resolved" in response.content.decode()


def test_members_cannot_resolve(client, councillor, version):
    comment = ReportCommentFactory(version=version, author=councillor)
    client.force_login(councillor)

    response = client.post(url("report_comment_resolve", version.review, pk=comment.pk))

    assert response.status_code == 403
    comment.refresh_from_db()
    assert not comment.is_resolved


def test_replies_are_to_comments_not_to_replies(client, officer, councillor, version):
    comment = ReportCommentFactory(version=version, author=councillor)
    reply = services.report_comment_reply(comment=comment, user=officer, text="Yes")
    client.force_login(officer)

    assert client.get(url("report_comment_reply", version.review, pk=reply.pk)).status_code == 404


def test_a_comment_on_another_review_is_not_found(client, officer, version):
    elsewhere = ReportCommentFactory()
    client.force_login(officer)

    response = client.post(url("report_comment_resolve", version.review, pk=elsewhere.pk))

    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert not elsewhere.is_resolved


# --- approvals and the foreword ------------------------------------------------------------------


def test_a_member_approves_and_the_approval_table_shows_it(client, councillor, version):
    client.force_login(councillor)

    response = client.post(url("report_approve", version.review, number=1))

    assert response.status_code == 302
    approval = ReportApproval.objects.get()
    assert approval.member.person == councillor.person
    page = client.get(url("report_versions", version.review))
    rows = page.context["approval_rows"]
    assert [(row["member"].person, row["cells"]) for row in rows] == [
        (councillor.person, [approval])
    ]
    content = page.content.decode()
    assert "Councillor Gill Mercer" in content
    assert "Approved" in content


def test_approving_twice_shows_an_error_and_keeps_one_approval(client, councillor, version):
    client.force_login(councillor)
    client.post(url("report_approve", version.review, number=1))

    response = client.post(url("report_approve", version.review, number=1), follow=True)

    assert "already approved" in response.content.decode()
    assert ReportApproval.objects.count() == 1


def test_a_member_outside_the_working_group_cannot_approve(client, member, version):
    client.force_login(member)

    assert client.post(url("report_approve", version.review, number=1)).status_code == 403
    assert not ReportApproval.objects.exists()


def test_the_chair_signs_the_foreword(client, chair, version):
    client.force_login(chair)

    response = client.post(url("report_sign_foreword", version.review, number=1))

    assert response.status_code == 302
    version.refresh_from_db()
    assert version.foreword_signed_by == chair
    page = client.get(url("report_draft", version.review)).content.decode()
    assert "Signed</strong> by Councillor Zoe McGhee" in page


def test_another_member_cannot_sign_the_foreword(client, councillor, version):
    client.force_login(councillor)

    response = client.post(url("report_sign_foreword", version.review, number=1))

    assert response.status_code == 403
    version.refresh_from_db()
    assert version.foreword_signed_at is None


# --- what changed ------------------------------------------------------------------------------


def test_the_diff_shows_the_changed_recommendations_old_and_new_words(
    client, officer, councillor, version
):
    client.force_login(councillor)
    client.get(url("report_draft", version.review))  # reads version 1
    recommendation = version.review.recommendations.get(number=1)
    recommendation.text = f"That the PCC {NEW_WORDS}."
    recommendation.save()
    services.report_issue_version(review=version.review, user=officer)

    draft = client.get(url("report_draft", version.review)).content.decode()
    assert "You last read version 1" in draft
    response = client.get(url("report_diff", version.review))

    assert response.status_code == 200
    assert (response.context["old"].number, response.context["new"].number) == (1, 2)
    changed = [change.anchor for change in response.context["changes"]]
    assert "recommendation-1" in changed
    assert "recommendation-2" not in changed
    content = response.content.decode()
    assert "Version 1 is the last you read" in content
    assert "<del" in content and "review how data is currently recorded" in content
    assert "<ins" in content and "publish the referral data every quarter" in content


def test_any_two_versions_can_be_compared(client, officer, version):
    for _ in range(2):
        services.report_issue_version(review=version.review, user=officer)
    client.force_login(officer)

    response = client.get(url("report_diff", version.review) + "?old=1&new=3")

    assert (response.context["old"].number, response.context["new"].number) == (1, 3)


def test_comparing_a_version_with_an_earlier_one_only(client, officer, version):
    services.report_issue_version(review=version.review, user=officer)
    client.force_login(officer)

    response = client.get(url("report_diff", version.review) + "?old=2&new=1")

    assert response.status_code == 200
    assert b"Choose a later version than the earlier one" in response.content
    assert "changes" not in response.context


# --- cost ------------------------------------------------------------------------------


def add_activity(version, officer, times):
    """Comments with replies, resolved ones, approvals and versions: rows every page shows."""
    for _ in range(times):
        comment = ReportCommentFactory(version=version, author=UserFactory())
        services.report_comment_reply(comment=comment, user=officer, text="Noted.")
        ReportCommentFactory(version=version, author=UserFactory()).resolve(user=officer)
        member = UserFactory()
        RoleFactory(user=member, body=version.review.body, role=Role.Name.MEMBER)
        WorkingGroupMemberFactory(review=version.review, person=member.person)
        version.approve(user=member)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("report_versions", {}),
        ("report_draft", {}),
        ("report_comment", {"number": 1}),
    ],
)
def test_the_pages_cost_the_same_however_many_comments_and_approvals(
    client, officer, version, name, kwargs
):
    client.force_login(officer)
    path = url(name, version.review, **kwargs)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    client.get(path)  # the first visit records a read; later ones update it
    add_activity(version, officer, 1)
    once = queries()
    add_activity(version, officer, 5)

    assert queries() == once
