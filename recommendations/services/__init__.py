"""Work that spans apps or leaves the process: keyword-only functions.

Responses are saved (with their letter) and published here; what is due is gathered
for the dashboard and for the reminder e-mails; the body's calendar is written here.
One module per part; every name is importable from `recommendations.services`.
"""

from recommendations.services.calendar_feed import calendar_ics
from recommendations.services.due import (
    DashboardDue,
    DueFollowUp,
    DueResponses,
    ToPublish,
    dashboard_due,
)
from recommendations.services.follow_ups import follow_up_record_progress, follow_up_row
from recommendations.services.recommendations import recommendation_move
from recommendations.services.reminders import REMINDER_DAYS, Reminder, reminders_send
from recommendations.services.responses import response_save, responses_publish

__all__ = [
    "REMINDER_DAYS",
    "DashboardDue",
    "DueFollowUp",
    "DueResponses",
    "Reminder",
    "ToPublish",
    "calendar_ics",
    "dashboard_due",
    "follow_up_record_progress",
    "follow_up_row",
    "recommendation_move",
    "reminders_send",
    "response_save",
    "responses_publish",
]
