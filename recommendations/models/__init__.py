"""Recommendations, each addressee's response, and the follow-up of what happened.

Who may do what is written once, here, as `user_can_*` methods that views and
templates both ask; the statutory clock of each addressee (a response due the period
its responding body's statutory basis sets after the report was presented) is
computed in SQL by `AddresseeQuerySet`, so lists, filters and counts agree with
`RecommendationAddressee.response_due_on` to the day.

One module per part; every name is importable from `recommendations.models` as
before. `response_letter_path` and `new_calendar_token` must stay importable here:
the migrations name them by this path.
"""

# isort: off
# The modules are imported in the order the models were first written in, which is
# the order Django registers them in.
from recommendations.models.recommendations import Recommendation, RecommendationQuerySet
from recommendations.models.addressees import (
    AddresseeQuerySet,
    RecommendationAddressee,
    addressees_prefetch,
    first_date_due_on_or_after,
)
from recommendations.models.responses import (
    Response,
    ResponseQuerySet,
    TargetDateChange,
    response_letter_path,
)
from recommendations.models.follow_ups import FollowUp, FollowUpAssessment, FollowUpQuerySet
from recommendations.models.reminders import CalendarFeed, ReminderSent, new_calendar_token
# isort: on

# The history models django-simple-history makes for each model with `history`.
HistoricalRecommendation = Recommendation.history.model
HistoricalResponse = Response.history.model
HistoricalRecommendationAddressee = RecommendationAddressee.history.model
HistoricalFollowUp = FollowUp.history.model
HistoricalFollowUpAssessment = FollowUpAssessment.history.model

__all__ = [
    "AddresseeQuerySet",
    "HistoricalRecommendationAddressee",
    "RecommendationAddressee",
    "addressees_prefetch",
    "CalendarFeed",
    "FollowUp",
    "FollowUpAssessment",
    "FollowUpQuerySet",
    "HistoricalFollowUp",
    "HistoricalFollowUpAssessment",
    "HistoricalRecommendation",
    "HistoricalResponse",
    "Recommendation",
    "RecommendationQuerySet",
    "ReminderSent",
    "Response",
    "ResponseQuerySet",
    "TargetDateChange",
    "first_date_due_on_or_after",
    "new_calendar_token",
    "response_letter_path",
]
