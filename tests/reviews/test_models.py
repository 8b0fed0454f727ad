"""Reviews: every status change, the due dates they set, the database's rules about
dates and the working group, who may see and edit a review, and data-table totals."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from reviews.models import Review, ReviewStatusChange, WorkingGroupMember
from scrutiny.exceptions import TransitionNotAllowed
from scrutiny.partial_dates import PartialDate
from tests.factories import (
    CallForEvidenceFactory,
    DataRowFactory,
    DataTableFactory,
    MilestoneFactory,
    PersonFactory,
    ReviewFactory,
    RoleFactory,
    ScrutinyBodyFactory,
    WorkingGroupMemberFactory,
)

pytestmark = pytest.mark.django_db

S = Review.Status
AGREED_ON = datetime.date(2024, 5, 20)
PRESENTED_ON = datetime.date(2024, 6, 10)


def review_in(status, **fields):
    """A review already at `status`, with the dates a review there would have."""
    if "presented_on" in fields:
        fields.setdefault("agreed_on", fields["presented_on"])
        fields.setdefault("commissioned_on", fields["presented_on"] - datetime.timedelta(days=300))
    if status in (S.AGREED, S.PRESENTED, S.CLOSED):
        fields.setdefault("agreed_on", AGREED_ON)
    if status in (S.PRESENTED, S.CLOSED):
        fields.setdefault("presented_on", PRESENTED_ON)
    return ReviewFactory(status=status, **fields)


def validation_messages(error):
    return [message for messages in error.message_dict.values() for message in messages]


# --- transitions ----------------------------------------------------------------------

# (method, from, to, extra keyword arguments)
ALLOWED = [
    ("confirm_scope", S.COMMISSIONED, S.SCOPED, {}),
    ("start_evidence_gathering", S.SCOPED, S.EVIDENCE, {}),
    ("start_drafting", S.EVIDENCE, S.DRAFTING, {}),
    ("record_agreement", S.DRAFTING, S.AGREED, {"agreed_on": AGREED_ON, "meeting": "Panel"}),
    ("present", S.AGREED, S.PRESENTED, {"presented_on": PRESENTED_ON}),
    ("close", S.PRESENTED, S.CLOSED, {"note": "All recommendations followed up."}),
]
ALLOWED_FROM = {method: source for method, source, _, _ in ALLOWED}
KWARGS = {method: kwargs for method, _, _, kwargs in ALLOWED}
DISALLOWED = [
    pytest.param(method, status, id=f"{method}-from-{status}")
    for method, _, _, _ in ALLOWED
    for status in S.values
    if status != ALLOWED_FROM[method]
]


@pytest.mark.parametrize(
    ("method", "source", "target", "kwargs"),
    [pytest.param(*row, id=row[0]) for row in ALLOWED],
)
def test_allowed_move_changes_status_and_records_who_and_when(
    officer, method, source, target, kwargs
):
    review = review_in(source)
    before = timezone.now()

    getattr(review, method)(user=officer, **kwargs)

    review.refresh_from_db()
    assert review.status == target
    assert review.status_changed_by == officer
    assert before <= review.status_changed_at <= timezone.now()
    change = ReviewStatusChange.objects.get(review=review)
    assert (change.from_status, change.to_status, change.changed_by) == (source, target, officer)
    assert before <= change.changed_at <= timezone.now()


@pytest.mark.parametrize(("method", "status"), DISALLOWED)
def test_disallowed_move_raises_and_changes_nothing(officer, method, status):
    review = review_in(status)

    with pytest.raises(TransitionNotAllowed):
        getattr(review, method)(user=officer, **KWARGS[method])

    review.refresh_from_db()
    assert review.status == status
    assert review.status_changed_by is None
    assert not ReviewStatusChange.objects.filter(review=review).exists()


def test_disallowed_move_names_the_current_and_the_wanted_status(officer):
    review = review_in(S.COMMISSIONED)

    with pytest.raises(TransitionNotAllowed, match="'Commissioned' cannot become 'Closed'"):
        review.close(user=officer)

    assert not ReviewStatusChange.objects.filter(review=review).exists()


def test_a_review_goes_from_commissioned_to_closed_keeping_every_step(officer, review):
    for method, _, _, kwargs in ALLOWED:
        getattr(review, method)(user=officer, **kwargs)

    steps = list(review.status_changes.values_list("from_status", "to_status"))
    assert steps == [(source, target) for _, source, target, _ in ALLOWED]
    review.refresh_from_db()
    assert review.status == S.CLOSED


def test_record_agreement_keeps_the_date_and_the_meeting(officer):
    review = review_in(S.DRAFTING)

    review.record_agreement(
        user=officer, agreed_on=AGREED_ON, meeting="Police, Fire and Crime Panel"
    )

    review.refresh_from_db()
    assert review.agreed_on == AGREED_ON
    assert review.agreed_at_meeting == "Police, Fire and Crime Panel"


def test_present_keeps_the_date_and_the_panel_s_response_period(officer):
    review = review_in(S.AGREED)

    review.present(user=officer, presented_on=PRESENTED_ON, response_period_months=3)

    review.refresh_from_db()
    assert review.presented_on == PRESENTED_ON
    assert review.response_period_months == 3


def test_present_without_a_period_keeps_the_one_already_set(officer):
    review = review_in(S.AGREED, response_period_months=4)

    review.present(user=officer, presented_on=PRESENTED_ON)

    review.refresh_from_db()
    assert review.response_period_months == 4


def test_close_keeps_the_note_on_the_status_change(officer):
    review = review_in(S.PRESENTED)

    review.close(user=officer, note="All recommendations followed up.")

    assert review.status_changes.get().note == "All recommendations followed up."


def test_agreement_dated_before_commissioning_is_refused_and_nothing_changes(officer):
    review = review_in(S.DRAFTING, commissioned_on=datetime.date(2024, 1, 10))

    with pytest.raises(ValidationError) as error:
        review.record_agreement(user=officer, agreed_on=datetime.date(2023, 12, 1))

    assert "The report cannot be agreed before it was commissioned." in validation_messages(
        error.value
    )
    review.refresh_from_db()
    assert (review.status, review.agreed_on) == (S.DRAFTING, None)
    assert not review.status_changes.exists()


def test_presentation_dated_before_agreement_is_refused_and_nothing_changes(officer):
    review = review_in(S.AGREED)

    with pytest.raises(ValidationError) as error:
        review.present(user=officer, presented_on=AGREED_ON - datetime.timedelta(days=1))

    assert "The report cannot be presented before it was agreed." in validation_messages(
        error.value
    )
    review.refresh_from_db()
    assert (review.status, review.presented_on) == (S.AGREED, None)
    assert not review.status_changes.exists()


# --- due dates -----------------------------------------------------------------------


def test_response_is_due_the_body_s_default_two_months_after_presentation():
    review = review_in(S.PRESENTED, presented_on=datetime.date(2024, 6, 10))

    assert review.body.default_response_period_months == 2
    assert review.response_due_on == datetime.date(2024, 8, 10)


def test_response_period_set_by_the_panel_for_the_report_wins():
    review = review_in(S.PRESENTED, presented_on=datetime.date(2024, 6, 10))
    review.response_period_months = 3

    assert review.response_due_on == datetime.date(2024, 9, 10)


def test_response_period_follows_the_body_s_own_default():
    body = ScrutinyBodyFactory(default_response_period_months=1)
    review = review_in(S.PRESENTED, body=body, presented_on=datetime.date(2024, 6, 10))

    assert review.response_due_on == datetime.date(2024, 7, 10)


@pytest.mark.parametrize(
    ("presented_on", "due_on"),
    [
        pytest.param(datetime.date(2024, 8, 31), datetime.date(2024, 10, 31), id="31-aug"),
        pytest.param(datetime.date(2022, 12, 31), datetime.date(2023, 2, 28), id="31-dec"),
        pytest.param(datetime.date(2023, 12, 31), datetime.date(2024, 2, 29), id="31-dec-leap"),
        pytest.param(datetime.date(2024, 7, 31), datetime.date(2024, 9, 30), id="31-jul"),
    ],
)
def test_response_due_date_at_month_ends(presented_on, due_on):
    review = review_in(S.PRESENTED, presented_on=presented_on)

    assert review.response_due_on == due_on


def test_no_response_is_due_before_presentation(review):
    assert review.response_due_on is None


def test_follow_up_is_due_six_months_after_presentation_by_default():
    review = review_in(S.PRESENTED, presented_on=datetime.date(2024, 6, 10))

    assert review.follow_up_due_on == datetime.date(2024, 12, 10)


def test_follow_up_is_due_after_the_body_s_own_interval():
    body = ScrutinyBodyFactory(follow_up_interval_months=4)
    review = review_in(S.PRESENTED, body=body, presented_on=datetime.date(2024, 6, 10))

    assert review.follow_up_due_on == datetime.date(2024, 10, 10)


def test_no_follow_up_is_due_before_presentation(review):
    assert review.follow_up_due_on is None


# --- dates in order ------------------------------------------------------------------


def test_review_presented_before_agreed_is_rejected(body):
    review = ReviewFactory.build(
        body=body, agreed_on=datetime.date(2024, 5, 20), presented_on=datetime.date(2024, 5, 19)
    )

    with pytest.raises(ValidationError) as error:
        review.full_clean()

    assert error.value.message_dict[NON_FIELD_ERRORS] == [
        "The report cannot be presented before it was agreed."
    ]


def test_review_presented_before_agreed_is_refused_by_the_database(body):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(
            body=body,
            agreed_on=datetime.date(2024, 5, 20),
            presented_on=datetime.date(2024, 5, 19),
        )

    assert not Review.objects.filter(body=body).exists()


def test_review_agreed_before_commissioned_is_rejected(body):
    review = ReviewFactory.build(
        body=body, commissioned_on=datetime.date(2024, 1, 10), agreed_on=datetime.date(2024, 1, 9)
    )

    with pytest.raises(ValidationError) as error:
        review.full_clean()

    assert error.value.message_dict[NON_FIELD_ERRORS] == [
        "The report cannot be agreed before it was commissioned."
    ]


def test_review_agreed_before_commissioned_is_refused_by_the_database(body):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(
            body=body,
            commissioned_on=datetime.date(2024, 1, 10),
            agreed_on=datetime.date(2024, 1, 9),
        )

    assert not Review.objects.filter(body=body).exists()


def test_review_agreed_on_the_day_it_was_commissioned_is_fine(body):
    review = ReviewFactory.build(
        body=body, commissioned_on=datetime.date(2024, 1, 10), agreed_on=datetime.date(2024, 1, 10)
    )

    review.full_clean()


def test_milestone_ending_before_it_starts_is_rejected(review):
    milestone = MilestoneFactory.build(
        review=review,
        planned_start=datetime.date(2024, 3, 1),
        planned_end=datetime.date(2024, 2, 28),
    )

    with pytest.raises(ValidationError) as error:
        milestone.full_clean()

    assert error.value.message_dict[NON_FIELD_ERRORS] == [
        "The planned end cannot be before the planned date."
    ]


def test_milestone_ending_in_the_month_it_starts_is_fine(review):
    """Known to the month, an end in the start's month may be after the start's day."""
    MilestoneFactory.build(
        review=review, planned_start=PartialDate(2024, 3, 20), planned_end=PartialDate(2024, 3)
    ).full_clean()


def test_milestone_ending_the_month_before_it_starts_is_refused_by_the_database(review):
    with pytest.raises(IntegrityError), transaction.atomic():
        MilestoneFactory(
            review=review, planned_start=PartialDate(2024, 3), planned_end=PartialDate(2024, 2, 28)
        )


def test_milestone_ending_before_it_starts_is_refused_by_the_database(review):
    with pytest.raises(IntegrityError), transaction.atomic():
        MilestoneFactory(
            review=review,
            planned_start=datetime.date(2024, 3, 1),
            planned_end=datetime.date(2024, 2, 28),
        )

    assert not review.milestones.exists()


def test_milestone_with_only_a_start_is_fine(review):
    MilestoneFactory.build(
        review=review, planned_start=datetime.date(2024, 3, 1), planned_end=None
    ).full_clean()


def test_call_for_evidence_closing_before_it_is_published_is_rejected(review):
    call = CallForEvidenceFactory.build(
        review=review,
        published_on=datetime.date(2023, 5, 19),
        closes_on=datetime.date(2023, 5, 18),
    )

    with pytest.raises(ValidationError) as error:
        call.full_clean()

    assert error.value.message_dict[NON_FIELD_ERRORS] == [
        "A call for evidence cannot close before it is published."
    ]


def test_call_for_evidence_closing_before_it_is_published_is_refused_by_the_database(review):
    with pytest.raises(IntegrityError), transaction.atomic():
        CallForEvidenceFactory(
            review=review,
            published_on=datetime.date(2023, 5, 19),
            closes_on=datetime.date(2023, 5, 18),
        )

    assert not review.evidence.exists()


# --- the working group -------------------------------------------------------------


def test_second_chair_is_rejected(review):
    WorkingGroupMemberFactory(review=review, role=WorkingGroupMember.GroupRole.CHAIR)
    second = WorkingGroupMemberFactory.build(review=review, role=WorkingGroupMember.GroupRole.CHAIR)

    with pytest.raises(ValidationError) as error:
        second.full_clean()

    assert error.value.message_dict[NON_FIELD_ERRORS] == ["The working group already has a chair."]


def test_second_chair_is_refused_by_the_database(review):
    WorkingGroupMemberFactory(review=review, role=WorkingGroupMember.GroupRole.CHAIR)

    with pytest.raises(IntegrityError), transaction.atomic():
        WorkingGroupMemberFactory(review=review, role=WorkingGroupMember.GroupRole.CHAIR)

    assert review.working_group.filter(role=WorkingGroupMember.GroupRole.CHAIR).count() == 1


def test_each_working_group_has_its_own_chair(review):
    WorkingGroupMemberFactory(review=review, role=WorkingGroupMember.GroupRole.CHAIR)

    WorkingGroupMemberFactory(role=WorkingGroupMember.GroupRole.CHAIR)

    assert WorkingGroupMember.objects.filter(role=WorkingGroupMember.GroupRole.CHAIR).count() == 2


def test_many_ordinary_members_are_fine(review):
    WorkingGroupMemberFactory(review=review)
    WorkingGroupMemberFactory(review=review)

    assert review.working_group.count() == 2


def test_person_twice_in_one_working_group_is_rejected(review):
    person = PersonFactory()
    WorkingGroupMemberFactory(review=review, person=person)
    again = WorkingGroupMemberFactory.build(
        review=review, person=person, role=WorkingGroupMember.GroupRole.DRAFT_REVIEWER
    )

    with pytest.raises(ValidationError) as error:
        again.full_clean()

    assert error.value.message_dict[NON_FIELD_ERRORS] == [
        "This person is already in the working group."
    ]


def test_person_twice_in_one_working_group_is_refused_by_the_database(review):
    person = PersonFactory()
    WorkingGroupMemberFactory(review=review, person=person)

    with pytest.raises(IntegrityError), transaction.atomic():
        WorkingGroupMemberFactory(review=review, person=person)

    assert review.working_group.count() == 1


def test_person_may_sit_on_two_working_groups(review):
    person = PersonFactory()
    WorkingGroupMemberFactory(review=review, person=person)

    WorkingGroupMemberFactory(person=person)

    assert person.working_groups.count() == 2


# --- who may see and edit -----------------------------------------------------------

ROLES = ["anonymous", "member", "officer", "publisher", "respondent", "other_officer"]
SEES_BEFORE_PRESENTATION = {"member", "officer", "publisher"}
SEES_ONCE_PRESENTED = {"member", "officer", "publisher", "respondent"}


def _user(user_for_role, role):
    return user_for_role(role) or AnonymousUser()


@pytest.mark.parametrize("role", ROLES)
def test_for_user_lists_a_review_before_presentation_only_to_the_body_s_staff(
    user_for_role, review, role
):
    visible = Review.objects.for_user(_user(user_for_role, role))

    assert (review in visible) == (role in SEES_BEFORE_PRESENTATION)


@pytest.mark.parametrize("role", ROLES)
def test_for_user_lists_a_presented_review_to_the_respondent_too(user_for_role, body, role):
    presented = review_in(S.PRESENTED, body=body)

    visible = Review.objects.for_user(_user(user_for_role, role))

    assert (presented in visible) == (role in SEES_ONCE_PRESENTED)


@pytest.mark.parametrize("role", ROLES)
def test_user_can_view_before_presentation(user_for_role, review, role):
    assert review.user_can_view(_user(user_for_role, role)) == (role in SEES_BEFORE_PRESENTATION)


@pytest.mark.parametrize("role", ROLES)
def test_user_can_view_once_presented(user_for_role, body, role):
    presented = review_in(S.PRESENTED, body=body)

    assert presented.user_can_view(_user(user_for_role, role)) == (role in SEES_ONCE_PRESENTED)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_body_s_officer_can_edit(user_for_role, review, role):
    assert review.user_can_edit(_user(user_for_role, role)) == (role == "officer")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_body_s_publisher_can_publish(user_for_role, review, role):
    assert review.user_can_publish(_user(user_for_role, role)) == (role == "publisher")


def test_for_user_lists_a_review_once_for_a_user_with_several_roles(officer, body, review):
    RoleFactory(user=officer, body=body, role="member")

    assert list(Review.objects.for_user(officer)) == [review]


def test_in_progress_leaves_out_closed_reviews(body):
    open_review = review_in(S.EVIDENCE, body=body)
    review_in(S.CLOSED, body=body)

    assert list(Review.objects.filter(body=body).in_progress()) == [open_review]


def test_presented_lists_presented_and_closed_reviews(body):
    review_in(S.AGREED, body=body)
    presented = review_in(S.PRESENTED, body=body)
    closed = review_in(S.CLOSED, body=body)

    assert set(Review.objects.filter(body=body).presented()) == {presented, closed}


# --- data tables -----------------------------------------------------------------------


@pytest.fixture
def grant_table(db):
    table = DataTableFactory(
        columns=[
            {"name": "Recipient", "type": "text"},
            {"name": "Amount", "type": "money"},
            {"name": "Projects", "type": "number"},
        ],
    )
    DataRowFactory(table=table, cells=["Corby Youth Club", "2813.00", "2"], position=1)
    DataRowFactory(table=table, cells=["Kettering Boxing", "1500.50", "1"], position=2)
    DataRowFactory(table=table, cells=["Daventry Scouts", "", "1"], position=3)
    return table


def test_totals_sum_each_numeric_column(grant_table):
    assert grant_table.totals() == {"Amount": Decimal("4313.50"), "Projects": Decimal("4")}


def test_totals_skip_cells_that_are_not_numbers(grant_table):
    DataRowFactory(table=grant_table, cells=["Brixworth", "to be confirmed", "1"])

    assert grant_table.totals() == {"Amount": Decimal("4313.50"), "Projects": Decimal("5")}


def test_totals_treat_a_short_row_as_blank(grant_table):
    DataRowFactory(table=grant_table, cells=["Towcester", "100.00"])

    assert grant_table.totals() == {"Amount": Decimal("4413.50"), "Projects": Decimal("4")}


def test_printed_total_that_matches_the_rows_is_no_discrepancy(grant_table):
    grant_table.printed_totals = {"Amount": "4313.50"}

    assert grant_table.total_discrepancies() == {}


def test_printed_total_that_differs_from_the_rows_is_reported(grant_table):
    grant_table.printed_totals = {"Amount": "4313.00", "Projects": "4"}

    assert grant_table.total_discrepancies() == {"Amount": (Decimal("4313.00"), Decimal("4313.50"))}
