"""`send_reminders`: the officers of each body, and the respondents of each
responding body about their own responses, get an e-mail about responses and
follow-ups coming due and overdue — once."""

import datetime
import io
import smtplib
from unittest import mock

import pytest
from django.core.management import call_command

from recommendations.models import FollowUp, ReminderSent, Response
from recommendations.services import reminders_send
from scrutiny.jobs import run_queued_tasks
from scrutiny.models import RespondingBody, Role
from tests.factories import (
    RecommendationFactory,
    RespondingBodyFactory,
    ResponseFactory,
    RoleFactory,
    ScrutinyBodyFactory,
    UserFactory,
)
from tests.recommendations.conftest import FOLLOW_UP_DUE, RESPONSE_DUE, presented

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def awaiting(to_commissioner):
    """A presented review with one response still to come (due 10 August 2024)."""
    return to_commissioner


def recipients(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


def test_officers_and_respondents_are_reminded_of_responses_coming_due(
    mailoutbox, awaiting, officer, respondent, member, publisher, other_officer
):
    sent = reminders_send(today=RESPONSE_DUE - 10 * DAY)

    assert len(sent) == 2
    assert recipients(mailoutbox) == sorted([officer.email, respondent.email])
    message = mailoutbox[0]
    assert (
        "1 response of The Police and Crime Commissioner to the recommendations is due on "
        "10 August 2024" in message.body
    )
    assert awaiting.review.working_group_name in message.subject
    assert ReminderSent.objects.filter(kind=ReminderSent.Kind.RESPONSE_DUE).count() == 2


def test_each_addressee_s_respondents_hear_of_their_own_responses_only(
    mailoutbox, body, presented_review, officer, respondent
):
    """Cabinet (two months) and the ICB (28 days): each one's respondent is reminded
    of their own response, on their own date; the officer of both."""
    cabinet = RespondingBodyFactory(
        body=body, name="Cabinet", basis=RespondingBody.Basis.EXECUTIVE_9FE
    )
    icb = RespondingBodyFactory(
        body=body, name="NHS Northamptonshire ICB", basis=RespondingBody.Basis.HEALTH
    )
    cabinet_member = RoleFactory(body=body, role=Role.Name.RESPONDENT, answers_for=[cabinet]).user
    icb_officer = RoleFactory(body=body, role=Role.Name.RESPONDENT, answers_for=[icb]).user
    RecommendationFactory(review=presented_review, addressees=[cabinet, icb])

    reminders_send(today=datetime.date(2024, 7, 1))  # the ICB's due 8 July, Cabinet's 10 August

    bodies = {message.to[0]: message.body for message in mailoutbox}
    assert set(bodies) == {officer.email, icb_officer.email}
    assert (
        "NHS Northamptonshire ICB to the recommendations is due on 8 July 2024"
        in (bodies[icb_officer.email])
    )
    assert "Cabinet" not in bodies[icb_officer.email]

    mailoutbox.clear()
    reminders_send(today=datetime.date(2024, 8, 1))

    bodies = {message.to[0]: message.body for message in mailoutbox}
    assert set(bodies) == {officer.email, cabinet_member.email, icb_officer.email}
    assert "Cabinet to the recommendations is due on 10 August 2024" in bodies[cabinet_member.email]
    assert "ICB" not in bodies[cabinet_member.email]
    assert "was due on 8 July 2024" in bodies[icb_officer.email]  # now overdue
    assert respondent.email not in bodies  # answers for the Commissioner, not addressed


def test_running_twice_in_a_day_sends_nothing_twice(mailoutbox, awaiting, officer, respondent):
    today = RESPONSE_DUE - 10 * DAY
    reminders_send(today=today)
    reminders_send(today=today)

    assert len(mailoutbox) == 2


def test_the_next_day_sends_nothing_new_but_overdue_is_a_new_reminder(
    mailoutbox, awaiting, officer, respondent
):
    reminders_send(today=RESPONSE_DUE - 10 * DAY)
    reminders_send(today=RESPONSE_DUE - 9 * DAY)
    assert len(mailoutbox) == 2

    reminders_send(today=RESPONSE_DUE + DAY)

    assert len(mailoutbox) == 4
    overdue = mailoutbox[-1]
    assert (
        "1 response of The Police and Crime Commissioner to the recommendations was due on "
        "10 August 2024" in overdue.body
    )
    assert ReminderSent.objects.filter(kind=ReminderSent.Kind.RESPONSE_OVERDUE).count() == 2


def test_nothing_is_sent_before_the_window_or_once_the_response_is_received(
    mailoutbox, awaiting, officer
):
    reminders_send(today=RESPONSE_DUE - 15 * DAY)
    assert mailoutbox == []

    ResponseFactory(recommendation=awaiting, status=Response.Status.SUBMITTED)
    reminders_send(today=RESPONSE_DUE + DAY)
    assert mailoutbox == []


def test_people_without_an_address_or_no_longer_active_get_nothing(mailoutbox, awaiting, body):
    RoleFactory(user=UserFactory(email=""), body=body, role=Role.Name.OFFICER)
    RoleFactory(user=UserFactory(is_active=False), body=body, role=Role.Name.OFFICER)

    assert reminders_send(today=RESPONSE_DUE) == []


def test_each_body_reminds_only_its_own_people(mailoutbox, awaiting, officer):
    other_body = ScrutinyBodyFactory()
    theirs = RoleFactory(body=other_body, role=Role.Name.OFFICER).user
    RecommendationFactory(review=presented(other_body))

    reminders_send(today=RESPONSE_DUE)

    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {officer.email, theirs.email}
    assert awaiting.review.working_group_name in by_address[officer.email].body
    assert awaiting.review.working_group_name not in by_address[theirs.email].body


def test_a_follow_up_not_yet_scheduled_is_still_reminded(mailoutbox, presented_review, officer):
    reminders_send(today=FOLLOW_UP_DUE - 7 * DAY)

    assert len(mailoutbox) == 1
    assert "Follow-up 1 is due on 10 December 2024" in mailoutbox[0].body
    assert ReminderSent.objects.get().kind == ReminderSent.Kind.FOLLOW_UP_DUE


def test_a_scheduled_follow_up_overdue(mailoutbox, presented_review, officer, respondent):
    FollowUp.schedule_first(review=presented_review)

    reminders_send(today=FOLLOW_UP_DUE + DAY)

    assert recipients(mailoutbox) == sorted([officer.email, respondent.email])
    assert "Follow-up 1 was due on 10 December 2024" in mailoutbox[0].body


def test_several_reminders_for_one_person_come_in_one_message(mailoutbox, body, officer, awaiting):
    second = presented(body, presented_on=datetime.date(2024, 6, 12))
    RecommendationFactory(review=second)

    reminders_send(today=RESPONSE_DUE)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Scrutiny: 2 scrutiny dates need attention"
    assert ReminderSent.objects.filter(recipient=officer).count() == 2


def test_a_failed_send_records_nothing_so_the_next_run_tries_again(mailoutbox, awaiting, officer):
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPException("down")),
        pytest.raises(smtplib.SMTPException),
    ):
        reminders_send(today=RESPONSE_DUE)
    assert not ReminderSent.objects.exists()

    reminders_send(today=RESPONSE_DUE)

    assert len(mailoutbox) == 1


def test_the_command_sends_with_links_when_given_the_site_address(mailoutbox, awaiting, officer):
    out = io.StringIO()

    call_command(
        "send_reminders",
        date=RESPONSE_DUE.isoformat(),
        site_url="https://scrutiny.example.gov.uk/",
        stdout=out,
    )
    call_command("send_reminders", date=RESPONSE_DUE.isoformat(), stdout=out)

    assert len(mailoutbox) == 1
    assert (
        f"https://scrutiny.example.gov.uk/reviews/{awaiting.review.slug}/recommendations/responses/"
        in mailoutbox[0].body
    )
    assert "1 reminder e-mail sent." in out.getvalue()
    assert "0 reminder e-mails sent." in out.getvalue()


def test_a_new_reminder_goes_out_beside_one_already_sent(mailoutbox, body, officer, awaiting):
    reminders_send(today=RESPONSE_DUE - 10 * DAY)
    later = presented(body, presented_on=datetime.date(2024, 6, 20))  # due 20 August
    RecommendationFactory(review=later)

    reminders_send(today=RESPONSE_DUE - 2 * DAY)

    assert len(mailoutbox) == 2
    assert later.working_group_name in mailoutbox[1].body
    assert awaiting.review.working_group_name not in mailoutbox[1].body


def test_the_command_can_leave_the_sending_to_a_worker(mailoutbox, awaiting, officer):
    out = io.StringIO()

    call_command("send_reminders", date=RESPONSE_DUE.isoformat(), queue=True, stdout=out)

    assert "queued" in out.getvalue()
    assert mailoutbox == []
    run_queued_tasks()
    assert len(mailoutbox) == 1
