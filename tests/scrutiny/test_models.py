"""The core: which bodies a user acts in, their roles there, panel membership dates,
and the body's own periods."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from scrutiny.models import PanelMembership, Role, ScrutinyBody
from tests.factories import (
    PanelMembershipFactory,
    PersonFactory,
    ReviewFactory,
    RoleFactory,
    ScrutinyBodyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["member", "officer", "publisher", "respondent"]


# --- the bodies a user acts in ----------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_for_user_lists_the_body_to_each_of_its_roles(user_for_role, body, role):
    assert list(ScrutinyBody.objects.for_user(user_for_role(role))) == [body]


def test_for_user_lists_nothing_of_another_body(other_officer, body):
    assert body not in ScrutinyBody.objects.for_user(other_officer)


def test_for_user_lists_nothing_to_an_anonymous_visitor(body):
    assert not ScrutinyBody.objects.for_user(AnonymousUser()).exists()


def test_for_user_lists_nothing_to_a_user_without_roles(body):
    assert not ScrutinyBody.objects.for_user(UserFactory()).exists()


def test_for_user_lists_a_body_once_for_a_user_with_several_roles(officer, body):
    RoleFactory(user=officer, body=body, role=Role.Name.PUBLISHER)

    assert list(ScrutinyBody.objects.for_user(officer)) == [body]


def test_for_user_lists_every_body_the_user_acts_in(officer, body):
    second = ScrutinyBodyFactory()
    RoleFactory(user=officer, body=second, role=Role.Name.MEMBER)

    assert set(ScrutinyBody.objects.for_user(officer)) == {body, second}


def test_for_user_filtered_by_role_lists_only_bodies_where_the_user_holds_it(officer, body):
    second = ScrutinyBodyFactory()
    RoleFactory(user=officer, body=second, role=Role.Name.RESPONDENT)

    respondent_bodies = ScrutinyBody.objects.for_user(officer, roles=[Role.Name.RESPONDENT])

    assert list(respondent_bodies) == [second]


# --- roles ------------------------------------------------------------------------------


def test_roles_in_lists_the_user_s_roles_in_that_body(officer, body):
    RoleFactory(user=officer, body=body, role=Role.Name.MEMBER)

    assert officer.roles_in(body) == {Role.Name.OFFICER, Role.Name.MEMBER}


def test_roles_in_another_body_is_empty(other_officer, body):
    assert other_officer.roles_in(body) == set()


def test_has_role_is_true_for_any_of_the_roles_asked(publisher, body):
    assert publisher.has_role(body, Role.Name.OFFICER, Role.Name.PUBLISHER)


def test_has_role_is_false_for_a_role_not_held(member, body):
    assert not member.has_role(body, Role.Name.OFFICER)


def test_same_role_twice_in_one_body_is_refused_by_the_database(officer, body):
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user=officer, body=body, role=Role.Name.OFFICER)

    assert officer.roles.count() == 1


# --- panel membership ----------------------------------------------------------------------


def test_membership_ending_before_it_starts_is_rejected(body):
    membership = PanelMembershipFactory.build(
        body=body,
        person=PersonFactory(),
        started_on=datetime.date(2023, 5, 1),
        ended_on=datetime.date(2023, 4, 30),
    )

    with pytest.raises(ValidationError) as error:
        membership.full_clean()

    assert error.value.message_dict[NON_FIELD_ERRORS] == [
        "A membership cannot end before it starts."
    ]


def test_membership_ending_before_it_starts_is_refused_by_the_database(body):
    with pytest.raises(IntegrityError), transaction.atomic():
        PanelMembershipFactory(
            body=body,
            started_on=datetime.date(2023, 5, 1),
            ended_on=datetime.date(2023, 4, 30),
        )

    assert not PanelMembership.objects.filter(body=body).exists()


def test_membership_ending_on_the_day_it_starts_is_fine(body):
    PanelMembershipFactory.build(
        body=body,
        person=PersonFactory(),
        started_on=datetime.date(2023, 5, 1),
        ended_on=datetime.date(2023, 5, 1),
    ).full_clean()


def test_person_is_a_member_of_a_body_only_once(body):
    person = PersonFactory()
    PanelMembershipFactory(body=body, person=person)

    with pytest.raises(IntegrityError), transaction.atomic():
        PanelMembershipFactory(body=body, person=person)

    assert person.panel_memberships.count() == 1


# --- the body's periods --------------------------------------------------------------------


def test_body_defaults_to_two_months_for_a_response_and_six_for_follow_up():
    body = ScrutinyBodyFactory()

    assert (body.default_response_period_months, body.follow_up_interval_months) == (2, 6)


@pytest.mark.parametrize("field", ["default_response_period_months", "follow_up_interval_months"])
def test_body_period_of_zero_months_is_rejected(field):
    body = ScrutinyBodyFactory.build(**{field: 0})

    with pytest.raises(ValidationError) as error:
        body.full_clean()

    assert field in error.value.message_dict


@pytest.mark.parametrize("field", ["default_response_period_months", "follow_up_interval_months"])
def test_body_period_of_zero_months_is_refused_by_the_database(field):
    with pytest.raises(IntegrityError), transaction.atomic():
        ScrutinyBodyFactory(**{field: 0})

    assert not ScrutinyBody.objects.exists()


def test_follow_up_due_after_adds_the_body_s_interval_at_a_month_end():
    body = ScrutinyBodyFactory(follow_up_interval_months=6)

    assert body.follow_up_due_after(datetime.date(2023, 8, 31)) == datetime.date(2024, 2, 29)


@pytest.mark.django_db
def test_people_are_named_by_name_never_by_username():
    councillor = UserFactory(
        username="zmcghee",
        person=PersonFactory(honorific="Councillor", given_name="Zoe", family_name="McGhee"),
    )
    officer = UserFactory(username="officer", first_name="Alex", last_name="Morgan", person=None)

    assert councillor.display_name == "Councillor Zoe McGhee"
    assert officer.display_name == "Alex Morgan"


@pytest.mark.django_db
def test_the_history_and_the_dashboard_name_the_officer(client):
    officer = UserFactory(username="officer", first_name="Alex", last_name="Morgan", person=None)
    review = ReviewFactory()
    RoleFactory(user=officer, body=review.body, role="officer")
    client.force_login(officer)
    client.post(
        reverse("reviews:keyline_add", kwargs={"slug": review.slug}), {"text": "What works?"}
    )

    history = client.get(reverse("reviews:history", kwargs={"slug": review.slug}))
    dashboard = client.get(reverse("dashboard"))

    assert "Alex Morgan" in history.content.decode()
    assert "Alex Morgan" in dashboard.content.decode()
    assert ">officer<" not in history.content.decode()
