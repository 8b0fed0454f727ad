from django.urls import path

from reviews import report_review_views as rr
from reviews import report_views as rp
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
    # reviewing the draft report
    path("<slug:slug>/report/versions/", rr.VersionsView.as_view(), name="report_versions"),
    path("<slug:slug>/report/versions/new/", rr.IssueView.as_view(), name="report_issue"),
    path("<slug:slug>/report/draft/", rr.DraftView.as_view(), name="report_draft"),
    path(
        "<slug:slug>/report/versions/<int:number>/",
        rr.DraftView.as_view(),
        name="report_version",
    ),
    path(
        "<slug:slug>/report/versions/<int:number>/comments/",
        rr.CommentsView.as_view(),
        name="report_comment",
    ),
    path(
        "<slug:slug>/report/comments/<int:pk>/reply/",
        rr.ReplyView.as_view(),
        name="report_comment_reply",
    ),
    path(
        "<slug:slug>/report/comments/<int:pk>/resolve/",
        rr.ResolveView.as_view(),
        name="report_comment_resolve",
    ),
    path(
        "<slug:slug>/report/versions/<int:number>/approve/",
        rr.ApproveView.as_view(),
        name="report_approve",
    ),
    path(
        "<slug:slug>/report/versions/<int:number>/sign-foreword/",
        rr.SignForewordView.as_view(),
        name="report_sign_foreword",
    ),
    path("<slug:slug>/report/changes/", rr.DiffView.as_view(), name="report_diff"),
    # the report: authored sections, the report as it stands, its PDF, publishing
    path("<slug:slug>/report/", rp.ReportView.as_view(), name="report"),
    path("<slug:slug>/report/preview/", rp.ReportOnlineView.as_view(), name="report_online"),
    path(
        "<slug:slug>/report/sections/<str:kind>/write/",
        rp.SectionWriteView.as_view(),
        name="report_section_write",
    ),
    path(
        "<slug:slug>/report/sections/add/",
        rp.OtherSectionCreate.as_view(),
        name="report_section_add",
    ),
    path(
        "<slug:slug>/report/sections/<int:pk>/edit/",
        rp.OtherSectionUpdate.as_view(),
        name="report_section_edit",
    ),
    path(
        "<slug:slug>/report/sections/<int:pk>/delete/",
        rp.OtherSectionDelete.as_view(),
        name="report_section_delete",
    ),
    path("<slug:slug>/report/pdf/", rp.PdfView.as_view(), name="report_pdf"),
    path(
        "<slug:slug>/report/pdf/<str:key>/",
        rp.PdfStatusView.as_view(),
        name="report_pdf_status",
    ),
    path(
        "<slug:slug>/report/pdf/<str:key>/download/",
        rp.PdfDownloadView.as_view(),
        name="report_pdf_download",
    ),
    path("<slug:slug>/report/agree/", rp.AgreeView.as_view(), name="report_agree"),
    path("<slug:slug>/report/present/", rp.PresentView.as_view(), name="report_present"),
    path("<slug:slug>/report/publish/", rp.PublishView.as_view(), name="report_publish"),
]
