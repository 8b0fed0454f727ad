"""What is due, gathered for the dashboard (and, by `reminders`, for the reminder
e-mails): responses still to come, follow-ups coming due or overdue, what is
received but not yet published."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q

from recommendations.models import FollowUp, RecommendationAddressee, Response
from reviews.models import Review
from scrutiny.models import RespondingBody, Role, ScrutinyBody


@dataclass(frozen=True)
class DueResponses:
    """A presented review with responses still to come from one responding body."""

    review: Review
    responding_body: RespondingBody
    due_on: datetime.date
    outstanding: int
    today: datetime.date

    @property
    def is_overdue(self):
        return self.due_on < self.today

    @property
    def days(self):
        return abs((self.due_on - self.today).days)


@dataclass(frozen=True)
class DueFollowUp:
    """A follow-up coming due or overdue; `follow_up` is None for a first follow-up
    that has not been scheduled yet (it is due all the same)."""

    review: Review
    sequence: int
    due_on: datetime.date
    follow_up: FollowUp | None
    today: datetime.date

    @property
    def is_overdue(self):
        return self.due_on < self.today

    @property
    def days(self):
        return abs((self.due_on - self.today).days)


@dataclass(frozen=True)
class ToPublish:
    review: Review
    responses: int
    follow_ups: int


@dataclass
class DashboardDue:
    responses: list = field(default_factory=list)
    follow_ups: list = field(default_factory=list)
    to_publish: list = field(default_factory=list)
    notice_days: int = 0
    applies: bool = False  # the user holds a role that answers, follows up or publishes

    def __bool__(self):
        return bool(self.responses or self.follow_ups or self.to_publish)

    @property
    def overdue_count(self):
        return sum(1 for item in [*self.responses, *self.follow_ups] if item.is_overdue)


def _outstanding_responses(reviews, today):
    """DueResponses for each responding body of each presented review of `reviews`
    with responses still to come from it: one query, grouped in SQL."""
    rows = (
        RecommendationAddressee.objects.filter(
            recommendation__review__in=reviews.filter(
                status=Review.Status.PRESENTED, presented_on__isnull=False
            )
        )
        .awaiting_response()
        .values("recommendation__review", "responding_body")
        .annotate(outstanding=Count("pk"))
        .order_by()
    )
    counts = {(r["recommendation__review"], r["responding_body"]): r["outstanding"] for r in rows}
    reviews_by_pk = Review.objects.select_related("body").in_bulk({k[0] for k in counts})
    bodies = RespondingBody.objects.in_bulk({k[1] for k in counts})
    items = [
        DueResponses(
            review=reviews_by_pk[review_pk],
            responding_body=bodies[body_pk],
            due_on=bodies[body_pk].response_due_on(reviews_by_pk[review_pk]),
            outstanding=outstanding,
            today=today,
        )
        for (review_pk, body_pk), outstanding in counts.items()
    ]
    return sorted(
        items,
        key=lambda item: (item.due_on, item.review.working_group_name, item.responding_body.name),
    )


def _follow_ups_due(reviews, today, by):
    """DueFollowUp for each follow-up of `reviews` due on or before `by`, including a
    presented review's first follow-up that nobody has scheduled yet."""
    items = [
        DueFollowUp(review=f.review, sequence=f.sequence, due_on=f.due_on, follow_up=f, today=today)
        for f in FollowUp.objects.filter(review__in=reviews)
        .due_by(by)
        .select_related("review__body")
    ]
    unscheduled = reviews.filter(
        status=Review.Status.PRESENTED, presented_on__isnull=False, follow_ups__isnull=True
    ).select_related("body")
    for review in unscheduled:
        if review.follow_up_due_on <= by:
            items.append(
                DueFollowUp(
                    review=review,
                    sequence=1,
                    due_on=review.follow_up_due_on,
                    follow_up=None,
                    today=today,
                )
            )
    return sorted(items, key=lambda item: (item.due_on, item.review.working_group_name))


def _answers_for(user, body, responding_body):
    """Officers follow every response of their body; respondents their own."""
    if user.has_role(body, Role.Name.OFFICER):
        return True
    answering = user.__dict__.setdefault(
        "_responding_for", set(user.responding_for.values_list("pk", flat=True))
    )
    return responding_body.pk in answering


def dashboard_due(*, user, today) -> DashboardDue:
    """What needs attention, for the dashboard: responses still to come (officers and
    the Commissioner's office), follow-ups due within the notice period or overdue
    (the same people), and what is received but not yet published (publishers).
    A fixed number of queries, however many bodies and reviews."""
    notice_days = settings.SCRUTINY_FOLLOW_UP_NOTICE_DAYS
    due = DashboardDue(notice_days=notice_days)
    if not user.is_authenticated:
        return due
    visible = Review.objects.for_user(user)
    answering = ScrutinyBody.objects.for_user(user, roles=[Role.Name.OFFICER, Role.Name.RESPONDENT])
    publishing = ScrutinyBody.objects.for_user(user, roles=[Role.Name.PUBLISHER])
    roles = set(user.roles.values_list("role", flat=True))
    due.applies = bool(roles & {Role.Name.OFFICER, Role.Name.RESPONDENT, Role.Name.PUBLISHER})
    if roles & {Role.Name.OFFICER, Role.Name.RESPONDENT}:
        mine = visible.filter(body__in=answering)
        due.responses = [
            item
            for item in _outstanding_responses(mine, today)
            if _answers_for(user, item.review.body, item.responding_body)
        ]
        due.follow_ups = _follow_ups_due(mine, today, today + datetime.timedelta(days=notice_days))
    if Role.Name.PUBLISHER in roles:
        rows = (
            visible.filter(body__in=publishing)
            .annotate(
                received=Count(
                    "recommendations__responses",
                    filter=Q(recommendations__responses__status=Response.Status.SUBMITTED),
                    distinct=True,
                ),
                completed=Count(
                    "follow_ups",
                    filter=Q(
                        follow_ups__status=FollowUp.Status.COMPLETED,
                        follow_ups__published_at__isnull=True,
                    ),
                    distinct=True,
                ),
            )
            .filter(Q(received__gt=0) | Q(completed__gt=0))
            .select_related("body")
            .order_by("working_group_name")
        )
        due.to_publish = [
            ToPublish(review=r, responses=r.received, follow_ups=r.completed) for r in rows
        ]
    return due
