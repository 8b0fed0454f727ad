"""Pages outside any one review: the home page and dashboard, the tracker across
reviews and bodies, calendar feeds, and the public pages. Included once, at the site
root, by scrutiny/urls.py (which names apps only as strings: it sits below them)."""

from django.urls import include, path

from recommendations import dashboard, public_views, tracker_views

tracker_patterns = [
    path("", tracker_views.TrackerView.as_view(), name="list"),
    path("charts/", tracker_views.ChartsView.as_view(), name="charts"),
    path("export.csv", tracker_views.ExportView.as_view(kind="csv"), name="export_csv"),
    path("export.xlsx", tracker_views.ExportView.as_view(kind="xlsx"), name="export_xlsx"),
    path(
        "bodies/<slug:body_slug>/calendar/",
        tracker_views.CalendarView.as_view(),
        name="calendar",
    ),
    path(
        "bodies/<slug:body_slug>/calendar/new-address/",
        tracker_views.CalendarRegenerateView.as_view(),
        name="calendar_regenerate",
    ),
    path("calendars/<str:token>.ics", tracker_views.calendar_feed, name="calendar_feed"),
]

public_patterns = [
    path("tracker/", tracker_views.PublicTrackerView.as_view(), name="list"),
    path("reviews/<slug:slug>/responses/", public_views.public_responses, name="responses"),
]

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("tracker/", include((tracker_patterns, "tracker"))),
    path("public/", include((public_patterns, "public_tracker"))),
]
