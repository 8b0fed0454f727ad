"""People appear by name wherever the app shows them — never by the username they
sign in with. One rule, `User.display_name`: their person's formal name, else the
account's name, else its e-mail address."""

import datetime

import pytest
from django.urls import reverse

from recommendations.models import Response
from recommendations.services import reminders_send
from reviews import drafts
from reviews.models import Review, WorkingGroupMember
from scrutiny.models import Role
from tests.factories import (
    PersonFactory,
    RecommendationFactory,
    ReportSectionFactory,
    ResponseFactory,
    RoleFactory,
    UserFactory,
    WorkingGroupMemberFactory,
)
from tests.recommendations.conftest import RESPONSE_DUE, presented

pytestmark = pytest.mark.django_db

# Sign-in names nobody else would recognise, and that no page would print by chance.
OFFICER_SIGN_IN = "zq-officer-7731"
COUNCILLOR_SIGN_IN = "zq-member-5520"


@pytest.fixture
def officer(body):
    user = UserFactory(username=OFFICER_SIGN_IN, first_name="Alex", last_name="Morgan", person=None)
    RoleFactory(user=user, body=body, role=Role.Name.OFFICER)
    return user


@pytest.fixture
def councillor(body):
    user = UserFactory(
        username=COUNCILLOR_SIGN_IN,
        person=PersonFactory(honorific="Councillor", given_name="Zoe", family_name="McGhee"),
    )
    RoleFactory(user=user, body=body, role=Role.Name.MEMBER)
    return user


def assert_named(page, *names):
    for name in names:
        assert name in page
    assert OFFICER_SIGN_IN not in page
    assert COUNCILLOR_SIGN_IN not in page


def test_the_one_rule_formal_name_then_account_name_then_e_mail():
    councillor = UserFactory.build(
        username="zmcghee",
        person=PersonFactory.build(honorific="Councillor", given_name="Zoe", family_name="McGhee"),
    )
    officer = UserFactory.build(
        username="amorgan", first_name="Alex", last_name="Morgan", person=None
    )
    unnamed = UserFactory.build(username="x17", email="clerk@example.gov.uk", person=None)
    erased = UserFactory.build(username="erased-3", email="", person=None)

    assert [u.display_name for u in (councillor, officer, unnamed, erased)] == [
        "Councillor Zoe McGhee",
        "Alex Morgan",
        "clerk@example.gov.uk",
        "a former user",
    ]
    # Wherever a user is printed as it is (`{{ user }}`, the admin's choices), too.
    assert str(officer) == "Alex Morgan"


def test_the_dashboard_and_the_history_name_the_officer(client, officer, review):
    client.force_login(officer)
    client.post(reverse("reviews:keyline_add", kwargs={"slug": review.slug}), {"text": "Why?"})

    dashboard = client.get(reverse("dashboard")).content.decode()
    history = client.get(reverse("reviews:history", kwargs={"slug": review.slug})).content.decode()

    assert_named(dashboard, "Alex Morgan")
    assert_named(history, "by Alex Morgan")


def test_draft_pages_name_who_issued_commented_and_replied(client, officer, councillor, review):
    review.status = Review.Status.DRAFTING
    review.save()
    WorkingGroupMemberFactory(
        review=review, person=councillor.person, role=WorkingGroupMember.GroupRole.CHAIR
    )
    ReportSectionFactory(review=review, body="Thank you.")
    RecommendationFactory(review=review, number=1, text="That the PCC publish the data.")
    version = drafts.report_issue_version(review=review, user=officer)
    comment = drafts.report_comment_add(
        version=version, user=councillor, anchor="recommendation-1", text="By when?"
    )
    drafts.report_comment_reply(comment=comment, user=officer, text="By March.")
    version.sign_foreword(user=councillor)
    client.force_login(officer)
    slug = {"slug": review.slug}

    pages = [
        client.get(reverse("reviews:report_versions", kwargs=slug)),
        client.get(reverse("reviews:report_draft", kwargs=slug)),
        client.get(reverse("reviews:report_comment", kwargs={**slug, "number": 1})),
    ]

    versions, draft, comments = (p.content.decode() for p in pages)
    assert_named(versions, "by Alex Morgan")
    assert_named(draft, "by Alex Morgan", "by Councillor Zoe McGhee")
    assert_named(comments, "Councillor Zoe McGhee", "Alex Morgan")


def test_the_reminder_e_mail_greets_the_officer_by_name(mailoutbox, body, officer):
    RecommendationFactory(review=presented(body), number=1)

    reminders_send(today=RESPONSE_DUE - datetime.timedelta(days=10))

    (message,) = mailoutbox
    assert message.body.startswith("Hello Alex Morgan,")
    assert_named(message.body, "Alex Morgan")


def test_the_target_date_history_names_who_moved_the_date(client, body, officer):
    recommendation = RecommendationFactory(review=presented(body), number=1)
    response = ResponseFactory(
        recommendation=recommendation,
        status=Response.Status.SUBMITTED,
        received_on=RESPONSE_DUE,
        target_date=datetime.date(2025, 3, 31),
    )
    response.change_target_date(
        new_date=datetime.date(2025, 9, 30), reason="Supplier delayed.", user=officer
    )
    client.force_login(officer)

    page = client.get(recommendation.get_absolute_url()).content.decode()

    assert_named(page, "Alex Morgan")
