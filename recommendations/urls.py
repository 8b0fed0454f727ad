from django.urls import path

from recommendations import follow_up_views as f
from recommendations import views

app_name = "recommendations"

urlpatterns = [
    path("", views.RecommendationListView.as_view(), name="list"),
    path("add/", views.RecommendationCreate.as_view(), name="add"),
    path("<int:pk>/", views.RecommendationDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.RecommendationUpdate.as_view(), name="edit"),
    path("<int:pk>/delete/", views.RecommendationDelete.as_view(), name="delete"),
    path("<int:pk>/move/", views.RecommendationMove.as_view(), name="move"),
    # each addressee's response (`to`: the responding body)
    path("responses/", views.ResponseListView.as_view(), name="responses"),
    path("responses/publish/", views.ResponsesPublishView.as_view(), name="responses_publish"),
    path("<int:pk>/response/<int:to>/", views.ResponseEditView.as_view(), name="respond"),
    path(
        "<int:pk>/response/<int:to>/publish/",
        views.ResponsePublishView.as_view(),
        name="response_publish",
    ),
    path(
        "<int:pk>/response/<int:to>/target-date/",
        views.TargetDateChangeView.as_view(),
        name="target_date",
    ),
    path(
        "<int:pk>/response/<int:to>/letter/",
        views.ResponseLetterView.as_view(),
        name="response_letter",
    ),
    # the follow-up
    path("follow-up/", f.FollowUpListView.as_view(), name="follow_ups"),
    path("follow-up/schedule/", f.FollowUpScheduleView.as_view(), name="follow_up_schedule"),
    path("follow-up/<int:pk>/", f.FollowUpDetailView.as_view(), name="follow_up"),
    path(
        "follow-up/<int:pk>/recommendations/<int:recommendation_pk>/progress/",
        f.ProgressUpdateView.as_view(),
        name="follow_up_progress",
    ),
    path(
        "follow-up/<int:pk>/recommendations/<int:recommendation_pk>/assess/",
        f.AssessView.as_view(),
        name="follow_up_assess",
    ),
    path(
        "follow-up/<int:pk>/complete/",
        f.FollowUpCompleteView.as_view(),
        name="follow_up_complete",
    ),
    path("follow-up/<int:pk>/publish/", f.FollowUpPublishView.as_view(), name="follow_up_publish"),
    path("follow-up/<int:pk>/report/", f.FollowUpReportView.as_view(), name="follow_up_report"),
    path(
        "follow-up/<int:pk>/print/",
        f.FollowUpReportView.as_view(print_view=True),
        name="follow_up_print",
    ),
    path("follow-up/<int:pk>/report.pdf", f.FollowUpPdfView.as_view(), name="follow_up_pdf"),
]
