from django.urls import path

from reviews import section_views as s
from reviews import views

app_name = "reviews"

urlpatterns = [
    path("new/", s.review_create, name="create"),
    path("search/", s.search_all, name="search"),
    path("<slug:slug>/", views.review_detail, name="detail"),
    path("<slug:slug>/history/", s.HistoryView.as_view(), name="history"),
    # scope
    path("<slug:slug>/scope/", s.ScopeView.as_view(), name="scope"),
    path("<slug:slug>/scope/edit/", s.ScopeEditView.as_view(), name="scope_edit"),
    path("<slug:slug>/key-lines/add/", s.KeyLineCreate.as_view(), name="keyline_add"),
    path("<slug:slug>/key-lines/<int:pk>/edit/", s.KeyLineUpdate.as_view(), name="keyline_edit"),
    path(
        "<slug:slug>/key-lines/<int:pk>/delete/", s.KeyLineDelete.as_view(), name="keyline_delete"
    ),
    path("<slug:slug>/key-lines/<int:pk>/move/", s.KeyLineMove.as_view(), name="keyline_move"),
    # timetable
    path("<slug:slug>/timetable/", s.TimetableView.as_view(), name="timetable"),
    path("<slug:slug>/timetable/add/", s.MilestoneCreate.as_view(), name="milestone_add"),
    path(
        "<slug:slug>/timetable/<int:pk>/edit/", s.MilestoneUpdate.as_view(), name="milestone_edit"
    ),
    path(
        "<slug:slug>/timetable/<int:pk>/delete/",
        s.MilestoneDelete.as_view(),
        name="milestone_delete",
    ),
    path("<slug:slug>/timetable/<int:pk>/move/", s.MilestoneMove.as_view(), name="milestone_move"),
    path("<slug:slug>/variations/add/", s.VariationCreate.as_view(), name="variation_add"),
    path(
        "<slug:slug>/variations/<int:pk>/edit/",
        s.VariationUpdate.as_view(),
        name="variation_edit",
    ),
    path(
        "<slug:slug>/variations/<int:pk>/delete/",
        s.VariationDelete.as_view(),
        name="variation_delete",
    ),
    # working group
    path("<slug:slug>/working-group/", s.WorkingGroupView.as_view(), name="working_group"),
    path("<slug:slug>/working-group/add/", s.MemberCreate.as_view(), name="member_add"),
    path("<slug:slug>/working-group/<int:pk>/edit/", s.MemberUpdate.as_view(), name="member_edit"),
    path(
        "<slug:slug>/working-group/<int:pk>/delete/",
        s.MemberDelete.as_view(),
        name="member_delete",
    ),
    path("<slug:slug>/working-group/<int:pk>/move/", s.MemberMove.as_view(), name="member_move"),
    # meetings
    path("<slug:slug>/meetings/", s.MeetingListView.as_view(), name="meetings"),
    path("<slug:slug>/meetings/add/", s.MeetingCreate.as_view(), name="meeting_add"),
    path("<slug:slug>/meetings/<int:pk>/", s.MeetingDetailView.as_view(), name="meeting_detail"),
    path("<slug:slug>/meetings/<int:pk>/edit/", s.MeetingUpdate.as_view(), name="meeting_edit"),
    path("<slug:slug>/meetings/<int:pk>/delete/", s.MeetingDelete.as_view(), name="meeting_delete"),
    path(
        "<slug:slug>/meetings/<int:pk>/attendance/",
        s.AttendanceView.as_view(),
        name="meeting_attendance",
    ),
    path(
        "<slug:slug>/meetings/<int:meeting_pk>/witnesses/add/",
        s.WitnessCreate.as_view(),
        name="witness_add",
    ),
    path(
        "<slug:slug>/meetings/<int:meeting_pk>/witnesses/<int:pk>/delete/",
        s.WitnessDelete.as_view(),
        name="witness_delete",
    ),
    # evidence
    path("<slug:slug>/evidence/", s.EvidenceListView.as_view(), name="evidence"),
    path("<slug:slug>/evidence/add/", s.EvidenceChooseKindView.as_view(), name="evidence_add"),
    path(
        "<slug:slug>/evidence/add/<str:kind>/",
        s.EvidenceCreate.as_view(),
        name="evidence_add_kind",
    ),
    path("<slug:slug>/evidence/<int:pk>/", s.EvidenceDetailView.as_view(), name="evidence_detail"),
    path("<slug:slug>/evidence/<int:pk>/edit/", s.EvidenceUpdate.as_view(), name="evidence_edit"),
    path(
        "<slug:slug>/evidence/<int:pk>/delete/",
        s.EvidenceDelete.as_view(),
        name="evidence_delete",
    ),
    path("<slug:slug>/evidence/<int:pk>/move/", s.EvidenceMove.as_view(), name="evidence_move"),
    path(
        "<slug:slug>/evidence/<int:pk>/download/",
        views.document_download,
        name="document_download",
    ),
    path(
        "<slug:slug>/evidence/<int:evidence_pk>/groups/add/",
        s.QuestionGroupCreate.as_view(),
        name="question_group_add",
    ),
    path(
        "<slug:slug>/evidence/<int:evidence_pk>/groups/<int:pk>/edit/",
        s.QuestionGroupUpdate.as_view(),
        name="question_group_edit",
    ),
    path(
        "<slug:slug>/evidence/<int:evidence_pk>/groups/<int:group_pk>/questions/add/",
        s.QuestionCreate.as_view(),
        name="question_add",
    ),
    path(
        "<slug:slug>/evidence/<int:evidence_pk>/questions/<int:pk>/edit/",
        s.QuestionUpdate.as_view(),
        name="question_edit",
    ),
    path(
        "<slug:slug>/evidence/<int:evidence_pk>/tables/add/",
        s.DataTableCreate.as_view(),
        name="data_table_add",
    ),
    path(
        "<slug:slug>/evidence/<int:evidence_pk>/tables/<int:pk>/edit/",
        s.DataTableUpdate.as_view(),
        name="data_table_edit",
    ),
    # findings and conclusions
    path("<slug:slug>/findings/", s.FindingsView.as_view(), name="findings"),
    path("<slug:slug>/findings/add/", s.FindingCreate.as_view(), name="finding_add"),
    path("<slug:slug>/findings/<int:pk>/edit/", s.FindingUpdate.as_view(), name="finding_edit"),
    path("<slug:slug>/findings/<int:pk>/delete/", s.FindingDelete.as_view(), name="finding_delete"),
    path("<slug:slug>/findings/<int:pk>/move/", s.FindingMove.as_view(), name="finding_move"),
    path("<slug:slug>/conclusions/add/", s.ConclusionCreate.as_view(), name="conclusion_add"),
    path(
        "<slug:slug>/conclusions/<int:pk>/edit/",
        s.ConclusionUpdate.as_view(),
        name="conclusion_edit",
    ),
    path(
        "<slug:slug>/conclusions/<int:pk>/delete/",
        s.ConclusionDelete.as_view(),
        name="conclusion_delete",
    ),
    path(
        "<slug:slug>/conclusions/<int:pk>/move/",
        s.ConclusionMove.as_view(),
        name="conclusion_move",
    ),
]
