"""Reviewing the draft report: issuing frozen versions, comments, approvals, the
chair's signature, reads and what changed (models and services)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils.safestring import SafeString

from reviews import drafts as services
from reviews.models import (
    ReportApproval,
    ReportRead,
    ReportVersion,
    Review,
    WorkingGroupMember,
)
from scrutiny.exceptions import TransitionNotAllowed
from scrutiny.models import Role
from tests.factories import (
    RecommendationFactory,
    ReportCommentFactory,
    ReportSectionFactory,
    ReportVersionFactory,
    RoleFactory,
    UserFactory,
    WorkingGroupMemberFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafting(review):
    """A review being drafted, with a foreword and two recommendations."""
    review.status = Review.Status.DRAFTING
    review.save()
    ReportSectionFactory(review=review, body="The working group thanks everyone.")
    RecommendationFactory(review=review, number=1, text="That the PCC review how data is recorded.")
    RecommendationFactory(review=review, number=2, text="That the Panel revisit this in a year.")
    return review


def wg_user(review, role=WorkingGroupMember.GroupRole.MEMBER):
    """A user with the member role in the body whose person is in the working group."""
    user = UserFactory()
    RoleFactory(user=user, body=review.body, role=Role.Name.MEMBER)
    WorkingGroupMemberFactory(review=review, person=user.person, role=role)
    return user


@pytest.fixture
def chair(review):
    return wg_user(review, role="chair")


@pytest.fixture
def wg_member(review):
    return wg_user(review)


# --- issuing --------------------------------------------------------------------------


def test_issuing_numbers_versions_one_two_three(drafting, officer):
    numbers = [
        services.report_issue_version(review=drafting, user=officer).number for _ in range(3)
    ]

    assert numbers == [1, 2, 3]
    assert list(drafting.report_versions.values_list("number", flat=True)) == [1, 2, 3]


def test_an_issued_version_records_who_issued_it_and_the_note(drafting, officer):
    version = services.report_issue_version(review=drafting, user=officer, note="First draft")

    assert version.issued_by == officer
    assert version.note == "First draft"
    assert version.kind == ReportVersion.Kind.DRAFT


def test_issuing_freezes_the_report_html_and_the_text_of_each_part(drafting, officer):
    version = services.report_issue_version(review=drafting, user=officer)

    assert "That the PCC review how data is recorded." in version.html
    assert version.sections["recommendation-1"]["text"].count("review how data is recorded") == 1
    assert version.sections["recommendation-1"]["title"]
    assert "foreword" in version.sections


def test_parts_keep_their_order(drafting, officer):
    version = services.report_issue_version(review=drafting, user=officer)
    version.refresh_from_db()

    anchors = [anchor for anchor, _ in services.ordered_sections(version)]

    assert anchors.index("foreword") < anchors.index("recommendation-1")
    assert anchors.index("recommendation-1") < anchors.index("recommendation-2")


def test_parts_without_positions_keep_the_order_of_the_report(review):
    version = ReportVersionFactory(
        review=review,
        html='<h2 id="b">B</h2><h2 id="a">A</h2>',
        sections={"a": {"title": "A", "text": ""}, "b": {"title": "B", "text": ""}},
    )

    assert [anchor for anchor, _ in services.ordered_sections(version)] == ["b", "a"]


def test_editing_the_review_afterwards_does_not_change_version_one(drafting, officer):
    first = services.report_issue_version(review=drafting, user=officer)
    recommendation = drafting.recommendations.get(number=1)
    recommendation.text = "That the PCC publish the data every quarter."
    recommendation.save()

    second = services.report_issue_version(review=drafting, user=officer)
    first.refresh_from_db()

    assert "review how data is recorded" in first.sections["recommendation-1"]["text"]
    assert "publish the data every quarter" not in first.html
    assert "publish the data every quarter" in second.sections["recommendation-1"]["text"]
    assert "publish the data every quarter" in second.html


def test_an_issued_version_cannot_be_changed(drafting, officer):
    version = services.report_issue_version(review=drafting, user=officer)
    version = ReportVersion.objects.get(pk=version.pk)
    version.html = "<p>Something else</p>"

    with pytest.raises(TransitionNotAllowed):
        version.save()

    assert "review how data is recorded" in ReportVersion.objects.get(pk=version.pk).html


def test_changing_an_issued_versions_sections_in_place_is_refused(officer, review):
    version = ReportVersionFactory(review=review)
    version = ReportVersion.objects.get(pk=version.pk)
    version.sections["recommendation-1"]["text"] = "Rewritten"

    with pytest.raises(TransitionNotAllowed):
        version.save()


def test_no_drafts_are_issued_once_the_report_is_agreed(review, officer):
    review.status = Review.Status.AGREED
    review.save()

    with pytest.raises(TransitionNotAllowed):
        services.report_issue_version(review=review, user=officer)

    assert not review.report_versions.exists()
    assert not review.user_can_issue_draft(officer)


# --- who may read, comment, approve --------------------------------------------------


def test_the_bodys_staff_read_drafts_and_the_respondent_never_does(
    review, officer, member, publisher, respondent, other_officer
):
    review.status = Review.Status.PRESENTED
    review.agreed_on = review.presented_on = review.commissioned_on

    assert review.user_can_read_drafts(officer)
    assert review.user_can_read_drafts(member)
    assert review.user_can_read_drafts(publisher)
    assert not review.user_can_read_drafts(respondent)
    assert not review.user_can_read_drafts(other_officer)


def test_any_member_of_the_body_may_comment_but_only_the_working_group_approves(
    review, member, wg_member, officer
):
    version = ReportVersionFactory(review=review)

    assert version.user_can_comment(member)
    assert not version.user_can_approve(member)
    assert version.user_can_comment(wg_member)
    assert version.user_can_approve(wg_member)
    assert not version.user_can_comment(officer)
    assert not version.user_can_approve(officer)


def test_a_draft_reviewer_comments_but_does_not_approve(review):
    reviewer = wg_user(review, role="draft_reviewer")
    version = ReportVersionFactory(review=review)

    assert version.user_can_comment(reviewer)
    assert not version.user_can_approve(reviewer)
    with pytest.raises(PermissionDenied):
        version.approve(user=reviewer)


def test_only_the_latest_version_takes_comments_and_approvals(review, wg_member):
    first = ReportVersionFactory(review=review, number=1)
    ReportVersionFactory(review=review, number=2)

    assert not first.user_can_comment(wg_member)
    with pytest.raises(PermissionDenied):
        first.approve(user=wg_member)


# --- approvals and the foreword -------------------------------------------------------


def test_a_working_group_member_approves_a_version(review, wg_member):
    version = ReportVersionFactory(review=review)

    approval = version.approve(user=wg_member)

    assert approval.member.person == wg_member.person
    assert approval.approved_by == wg_member
    assert version.approval_by(wg_member) == approval


def test_approving_twice_is_refused(review, wg_member):
    version = ReportVersionFactory(review=review)
    version.approve(user=wg_member)

    with pytest.raises(TransitionNotAllowed):
        version.approve(user=wg_member)

    assert ReportApproval.objects.filter(version=version).count() == 1


def test_a_member_approves_each_version_separately(review, wg_member):
    first = ReportVersionFactory(review=review, number=1)
    first.approve(user=wg_member)
    second = ReportVersionFactory(review=review, number=2)

    second.approve(user=wg_member)

    assert ReportApproval.objects.filter(member__person=wg_member.person).count() == 2


def test_the_chair_signs_the_foreword(review, chair):
    version = ReportVersionFactory(review=review)

    version.sign_foreword(user=chair)

    version.refresh_from_db()
    assert version.foreword_signed_by == chair
    assert version.foreword_signed_at is not None


def test_only_the_chair_signs_the_foreword(review, chair, wg_member, officer, member):
    version = ReportVersionFactory(review=review)

    for user in (wg_member, officer, member):
        with pytest.raises(PermissionDenied):
            version.sign_foreword(user=user)

    version.refresh_from_db()
    assert version.foreword_signed_at is None


def test_the_foreword_is_signed_once_per_version(review, chair):
    version = ReportVersionFactory(review=review)
    version.sign_foreword(user=chair)

    with pytest.raises(TransitionNotAllowed):
        version.sign_foreword(user=chair)


# --- comments -------------------------------------------------------------------------


def test_a_member_comments_on_a_recommendation(review, member):
    version = ReportVersionFactory(review=review)

    comment = services.report_comment_add(
        version=version, user=member, anchor="recommendation-1", text="By when?"
    )

    assert comment.anchor == "recommendation-1"
    assert comment.author == member
    assert comment.parent is None


def test_a_comment_must_be_about_a_part_of_the_version(review, member):
    version = ReportVersionFactory(review=review)

    with pytest.raises(ValueError):
        services.report_comment_add(version=version, user=member, anchor="nowhere", text="?")

    assert not version.comments.exists()


def test_an_officer_cannot_start_a_comment(review, officer):
    version = ReportVersionFactory(review=review)

    with pytest.raises(PermissionDenied):
        services.report_comment_add(
            version=version, user=officer, anchor="foreword", text="Note to self"
        )


def test_an_officer_replies_to_a_comment(review, officer, member):
    comment = ReportCommentFactory(version__review=review, author=member)

    reply = services.report_comment_reply(comment=comment, user=officer, text="Done in v2.")

    assert reply.parent == comment
    assert reply.anchor == comment.anchor
    assert reply.version == comment.version
    assert list(comment.replies.all()) == [reply]


def test_a_resolved_comment_takes_no_replies(review, officer, member):
    comment = ReportCommentFactory(version__review=review, author=member)
    comment.resolve(user=officer)

    with pytest.raises(TransitionNotAllowed):
        services.report_comment_reply(comment=comment, user=officer, text="Late")

    assert not comment.replies.exists()


def test_the_publisher_cannot_reply_or_resolve(review, publisher, member):
    comment = ReportCommentFactory(version__review=review, author=member)

    with pytest.raises(PermissionDenied):
        services.report_comment_reply(comment=comment, user=publisher, text="Hello")
    with pytest.raises(PermissionDenied):
        services.report_comment_resolve(comment=comment, user=publisher)


def test_resolving_records_who_and_when(review, officer, member):
    comment = ReportCommentFactory(version__review=review, author=member)

    services.report_comment_resolve(comment=comment, user=officer)

    comment.refresh_from_db()
    assert comment.resolved_by == officer
    assert comment.is_resolved


def test_only_top_level_comments_are_resolved_and_only_once(review, officer, member):
    comment = ReportCommentFactory(version__review=review, author=member)
    reply = services.report_comment_reply(comment=comment, user=officer, text="Changed.")

    with pytest.raises(TransitionNotAllowed):
        reply.resolve(user=officer)
    comment.resolve(user=officer)
    with pytest.raises(TransitionNotAllowed):
        comment.resolve(user=officer)

    reply.refresh_from_db()
    assert reply.resolved_at is None


def test_a_member_cannot_resolve(review, member):
    comment = ReportCommentFactory(version__review=review, author=member)

    with pytest.raises(PermissionDenied):
        services.report_comment_resolve(comment=comment, user=member)

    comment.refresh_from_db()
    assert not comment.is_resolved


def test_comment_threads_group_replies_under_their_comment(review, officer, member):
    version = ReportVersionFactory(review=review)
    comment = ReportCommentFactory(version=version, author=member)
    reply = services.report_comment_reply(comment=comment, user=officer, text="Yes.")

    threads = services.comment_threads(version, officer)

    assert list(threads) == ["recommendation-1"]
    (top,) = threads["recommendation-1"]
    assert top == comment
    assert top.thread_replies == [reply]
    assert top.can_resolve and top.can_reply


# --- reads ----------------------------------------------------------------------------


def test_reading_a_version_is_recorded_once_per_user(review, member):
    version = ReportVersionFactory(review=review)

    services.report_record_read(version=version, user=member)
    services.report_record_read(version=version, user=member)

    assert ReportRead.objects.filter(version=version, user=member).count() == 1


def test_the_last_version_read_before_this_one(review, member):
    first = ReportVersionFactory(review=review, number=1)
    second = ReportVersionFactory(review=review, number=2)
    third = ReportVersionFactory(review=review, number=3)
    services.report_record_read(version=first, user=member)
    services.report_record_read(version=third, user=member)

    assert services.last_read_before(version=third, user=member) == first
    assert services.last_read_before(version=second, user=member) == first
    assert services.last_read_before(version=first, user=member) is None


# --- what changed ---------------------------------------------------------------------


def sections(**parts):
    return {
        anchor.replace("_", "-"): {"title": title, "text": text, "position": n}
        for n, (anchor, (title, text)) in enumerate(parts.items(), start=1)
    }


def test_the_diff_shows_only_the_parts_that_changed(review):
    old = ReportVersionFactory(
        review=review,
        number=1,
        sections=sections(
            foreword=("Foreword", "Thanks to all."),
            recommendation_1=("Recommendation 1", "That the PCC review the data."),
        ),
    )
    new = ReportVersionFactory(
        review=review,
        number=2,
        sections=sections(
            foreword=("Foreword", "Thanks to all."),
            recommendation_1=("Recommendation 1", "That the PCC publish the data."),
        ),
    )

    (change,) = services.sections_diff(old, new)

    assert change.anchor == "recommendation-1"
    assert change.status == "changed"
    (paragraph,) = change.paragraphs
    assert "<del" in paragraph["html"] and "review" in paragraph["html"]
    assert "<ins" in paragraph["html"] and "publish" in paragraph["html"]


def test_changes_are_marked_for_screen_readers_not_by_colour_alone():
    html = services.words_diff("review the data", "publish the data")

    assert '<span class="govuk-visually-hidden">Removed: </span>review</del>' in html
    assert '<span class="govuk-visually-hidden">Added: </span>publish</ins>' in html
    assert html.endswith(" the data")


def test_the_diff_escapes_the_text():
    html = services.words_diff("a <b>bold", "a <script>x")

    assert "<b>" not in html and "<script>" not in html
    assert "&lt;" in html and "&gt;" in html


def test_the_diff_shows_added_and_removed_parts(review):
    old = ReportVersionFactory(
        review=review, number=1, sections=sections(appendix_a=("Appendix A", "Scope."))
    )
    new = ReportVersionFactory(
        review=review, number=2, sections=sections(appendix_b=("Appendix B", "Data."))
    )

    changes = {c.anchor: c.status for c in services.sections_diff(old, new)}

    assert changes == {"appendix-b": "added", "appendix-a": "removed"}


def test_unchanged_paragraphs_are_counted_not_repeated():
    out = services.paragraphs_diff("One.\nTwo.\nThree.", "One.\nTwo.\nThree, changed.")

    assert out[0] == {"unchanged": 2}
    assert "changed" in out[1]["html"]


# --- links inside the frozen report ---------------------------------------------------


def test_a_comment_link_follows_each_parts_heading():
    html = (
        '<section><h2 id="foreword">Foreword</h2><p>Text</p></section>'
        '<div id="recommendation-1"><h4>Recommendation 1</h4><p>That</p></div>'
    )
    parts = {
        "foreword": ("/c?anchor=foreword", "/c#part-foreword", 0, "Foreword"),
        "recommendation-1": ("/c?anchor=recommendation-1", "/c#r", 2, "Recommendation 1"),
    }

    out = services.with_part_links(html, parts)

    assert out.index("</h2>") < out.index("Comment on this section") < out.index("<p>Text")
    assert out.index("</h4>") < out.index("Comment on this recommendation") < out.index("<p>That")
    assert 'href="/c?anchor=recommendation-1"' in out
    assert "2 comments" in out


def test_a_part_without_a_heading_has_its_links_at_its_start_not_at_a_later_heading():
    html = (
        '<div id="recommendation-6"><ul><li>Because.</li></ul><p>That.</p></div>'
        '<h2 id="appendices">Appendices</h2><p>After</p>'
    )
    parts = {"recommendation-6": ("/c?anchor=recommendation-6", "/c#r", 0, "Recommendation 6")}

    out = services.with_part_links(html, parts)

    assert out.index("Comment on this recommendation") < out.index("<ul>")
    assert out.index("Comment on this recommendation") < out.index("Appendices")


def test_without_permission_to_comment_only_the_count_is_linked():
    html = '<h2 id="foreword">Foreword</h2><p>Text</p>'

    out = services.with_part_links(html, {"foreword": (None, "/c#f", 1, "Foreword")})

    assert "Comment on" not in out
    assert "1 comment<" in out


def test_link_text_is_escaped():
    html = '<h2 id="foreword">Foreword</h2>'

    out = services.with_part_links(html, {"foreword": ("/c", "/c", 0, "<script>")})

    assert "<script>" not in out


def test_a_member_outside_the_working_group_cannot_approve(review, member):
    version = ReportVersionFactory(review=review)

    with pytest.raises(PermissionDenied):
        version.approve(user=member)

    assert not ReportApproval.objects.exists()


def test_the_reports_headings_move_down_a_level_under_the_page_heading():
    html = services.under_page_heading('<h1 class="c">A</h1><h2 id="x">B</h2><h6>C</h6><hr>')

    assert html == '<h2 class="c">A</h2><h3 id="x">B</h3><h6>C</h6><hr>'
    assert isinstance(html, SafeString)


def test_a_rewritten_phrase_reads_as_the_old_phrase_then_the_new():
    html = services.words_diff(
        "That the PCC review how data is currently recorded.",
        "That the PCC publish the referral data every quarter.",
    )

    assert html.startswith("That the PCC <del")
    assert "review how data is currently recorded</del>" in html
    assert "publish the referral data every quarter</ins>." in html
