from django.urls import path

from reviews.views import (
    draft_comments,
    drafts,
    evidence,
    findings,
    history,
    meetings,
    overview,
    report,
    scope,
    search,
    timetable,
    working_group,
)

app_name = "reviews"

urlpatterns = [
    path("new/", overview.review_create, name="create"),
    path("search/", search.search_all, name="search"),
    path("<slug:slug>/", overview.review_detail, name="detail"),
    path("<slug:slug>/history/", history.HistoryView.as_view(), name="history"),
    # scope
    path("<slug:slug>/scope/", scope.ScopeView.as_view(), name="scope"),
    path("<slug:slug>/scope/edit/", scope.ScopeEditView.as_view(), name="scope_edit"),
    path("<slug:slug>/key-lines/add/", scope.KeyLineCreate.as_view(), name="keyline_add"),
    path("<slug:slug>/key-lines/paste/", scope.KeyLinePaste.as_view(), name="keyline_paste"),
    path(
        "<slug:slug>/key-lines/<int:pk>/edit/", scope.KeyLineUpdate.as_view(), name="keyline_edit"
    ),
    path(
        "<slug:slug>/key-lines/<int:pk>/delete/",
        scope.KeyLineDelete.as_view(),
        name="keyline_delete",
    ),
    path("<slug:slug>/key-lines/<int:pk>/move/", scope.KeyLineMove.as_view(), name="keyline_move"),
    path("<slug:slug>/key-lines/order/", scope.KeyLineOrder.as_view(), name="keyline_order"),
    # timetable
    path("<slug:slug>/timetable/", timetable.TimetableView.as_view(), name="timetable"),
    path("<slug:slug>/timetable/add/", timetable.MilestoneCreate.as_view(), name="milestone_add"),
    path(
        "<slug:slug>/timetable/<int:pk>/edit/",
        timetable.MilestoneUpdate.as_view(),
        name="milestone_edit",
    ),
    path(
        "<slug:slug>/timetable/<int:pk>/delete/",
        timetable.MilestoneDelete.as_view(),
        name="milestone_delete",
    ),
    path(
        "<slug:slug>/timetable/<int:pk>/move/",
        timetable.MilestoneMove.as_view(),
        name="milestone_move",
    ),
    path(
        "<slug:slug>/timetable/order/",
        timetable.MilestoneOrder.as_view(),
        name="milestone_order",
    ),
    path("<slug:slug>/variations/add/", timetable.VariationCreate.as_view(), name="variation_add"),
    path(
        "<slug:slug>/variations/<int:pk>/edit/",
        timetable.VariationUpdate.as_view(),
        name="variation_edit",
    ),
    path(
        "<slug:slug>/variations/<int:pk>/delete/",
        timetable.VariationDelete.as_view(),
        name="variation_delete",
    ),
    # working group
    path(
        "<slug:slug>/working-group/", working_group.WorkingGroupView.as_view(), name="working_group"
    ),
    path("<slug:slug>/working-group/add/", working_group.MemberCreate.as_view(), name="member_add"),
    path(
        "<slug:slug>/working-group/<int:pk>/edit/",
        working_group.MemberUpdate.as_view(),
        name="member_edit",
    ),
    path(
        "<slug:slug>/working-group/<int:pk>/delete/",
        working_group.MemberDelete.as_view(),
        name="member_delete",
    ),
    path(
        "<slug:slug>/working-group/<int:pk>/move/",
        working_group.MemberMove.as_view(),
        name="member_move",
    ),
    path(
        "<slug:slug>/working-group/order/",
        working_group.MemberOrder.as_view(),
        name="member_order",
    ),
    # meetings
    path("<slug:slug>/meetings/", meetings.MeetingListView.as_view(), name="meetings"),
    path("<slug:slug>/meetings/add/", meetings.MeetingCreate.as_view(), name="meeting_add"),
    path(
        "<slug:slug>/meetings/<int:pk>/",
        meetings.MeetingDetailView.as_view(),
        name="meeting_detail",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/edit/", meetings.MeetingUpdate.as_view(), name="meeting_edit"
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/delete/",
        meetings.MeetingDelete.as_view(),
        name="meeting_delete",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/attendance/",
        meetings.AttendanceView.as_view(),
        name="meeting_attendance",
    ),
    path(
        "<slug:slug>/meetings/<int:meeting_pk>/witnesses/add/",
        meetings.WitnessCreate.as_view(),
        name="witness_add",
    ),
    path(
        "<slug:slug>/meetings/<int:meeting_pk>/witnesses/<int:pk>/edit/",
        meetings.WitnessUpdate.as_view(),
        name="witness_edit",
    ),
    path(
        "<slug:slug>/meetings/<int:meeting_pk>/witnesses/<int:pk>/delete/",
        meetings.WitnessDelete.as_view(),
        name="witness_delete",
    ),
    # evidence
    path("<slug:slug>/evidence/", evidence.EvidenceListView.as_view(), name="evidence"),
    path(
        "<slug:slug>/evidence/add/", evidence.EvidenceChooseKindView.as_view(), name="evidence_add"
    ),
    path(
        "<slug:slug>/evidence/add/<str:kind>/",
        evidence.EvidenceCreate.as_view(),
        name="evidence_add_kind",
    ),
    path(
        "<slug:slug>/evidence/<int:pk>/",
        evidence.EvidenceDetailView.as_view(),
        name="evidence_detail",
    ),
    path(
        "<slug:slug>/evidence/<int:pk>/edit/",
        evidence.EvidenceUpdate.as_view(),
        name="evidence_edit",
    ),
    path(
        "<slug:slug>/evidence/<int:pk>/delete/",
        evidence.EvidenceDelete.as_view(),
        name="evidence_delete",
    ),
    path(
        "<slug:slug>/evidence/<int:pk>/move/", evidence.EvidenceMove.as_view(), name="evidence_move"
    ),
    path("<slug:slug>/evidence/order/", evidence.EvidenceOrder.as_view(), name="evidence_order"),
    path(
        "<slug:slug>/evidence/<int:pk>/download/",
        evidence.document_download,
        name="document_download",
    ),
    path(
        "<slug:slug>/evidence/<int:evidence_pk>/groups/add/",
        evidence.QuestionGroupCreate.as_view(),
        name="question_group_add",
    ),
    path(
        "<slug:slug>/evidence/<int:evidence_pk>/groups/<int:pk>/edit/",
        evidence.QuestionGroupUpdate.as_view(),
        name="question_group_edit",
    ),
    path(
        "<slug:slug>/evidence/<int:evidence_pk>/groups/<int:group_pk>/questions/add/",
        evidence.QuestionCreate.as_view(),
        name="question_add",
    ),
    path(
        "<slug:slug>/evidence/<int:evidence_pk>/questions/paste/",
        evidence.QuestionPaste.as_view(),
        name="question_paste",
    ),
    path(
        "<slug:slug>/evidence/<int:evidence_pk>/questions/<int:pk>/edit/",
        evidence.QuestionUpdate.as_view(),
        name="question_edit",
    ),
    path(
        "<slug:slug>/evidence/<int:evidence_pk>/tables/add/",
        evidence.DataTableCreate.as_view(),
        name="data_table_add",
    ),
    path(
        "<slug:slug>/evidence/<int:evidence_pk>/tables/<int:pk>/edit/",
        evidence.DataTableUpdate.as_view(),
        name="data_table_edit",
    ),
    # findings and conclusions
    path("<slug:slug>/findings/", findings.FindingsView.as_view(), name="findings"),
    path("<slug:slug>/findings/add/", findings.FindingCreate.as_view(), name="finding_add"),
    path("<slug:slug>/findings/paste/", findings.FindingPaste.as_view(), name="finding_paste"),
    path(
        "<slug:slug>/findings/<int:pk>/edit/", findings.FindingUpdate.as_view(), name="finding_edit"
    ),
    path(
        "<slug:slug>/findings/<int:pk>/delete/",
        findings.FindingDelete.as_view(),
        name="finding_delete",
    ),
    path(
        "<slug:slug>/findings/<int:pk>/move/", findings.FindingMove.as_view(), name="finding_move"
    ),
    path("<slug:slug>/findings/order/", findings.FindingOrder.as_view(), name="finding_order"),
    path(
        "<slug:slug>/conclusions/add/", findings.ConclusionCreate.as_view(), name="conclusion_add"
    ),
    path(
        "<slug:slug>/conclusions/<int:pk>/edit/",
        findings.ConclusionUpdate.as_view(),
        name="conclusion_edit",
    ),
    path(
        "<slug:slug>/conclusions/<int:pk>/delete/",
        findings.ConclusionDelete.as_view(),
        name="conclusion_delete",
    ),
    path(
        "<slug:slug>/conclusions/<int:pk>/move/",
        findings.ConclusionMove.as_view(),
        name="conclusion_move",
    ),
    path(
        "<slug:slug>/conclusions/order/",
        findings.ConclusionOrder.as_view(),
        name="conclusion_order",
    ),
    # reviewing the draft report
    path("<slug:slug>/report/versions/", drafts.VersionsView.as_view(), name="report_versions"),
    path("<slug:slug>/report/versions/new/", drafts.IssueView.as_view(), name="report_issue"),
    path("<slug:slug>/report/draft/", drafts.DraftView.as_view(), name="report_draft"),
    path(
        "<slug:slug>/report/versions/<int:number>/",
        drafts.DraftView.as_view(),
        name="report_version",
    ),
    path(
        "<slug:slug>/report/versions/<int:number>/comments/",
        draft_comments.CommentsView.as_view(),
        name="report_comment",
    ),
    path(
        "<slug:slug>/report/comments/<int:pk>/reply/",
        draft_comments.ReplyView.as_view(),
        name="report_comment_reply",
    ),
    path(
        "<slug:slug>/report/comments/<int:pk>/resolve/",
        draft_comments.ResolveView.as_view(),
        name="report_comment_resolve",
    ),
    path(
        "<slug:slug>/report/versions/<int:number>/approve/",
        drafts.ApproveView.as_view(),
        name="report_approve",
    ),
    path(
        "<slug:slug>/report/versions/<int:number>/sign-foreword/",
        drafts.SignForewordView.as_view(),
        name="report_sign_foreword",
    ),
    path("<slug:slug>/report/changes/", drafts.DiffView.as_view(), name="report_diff"),
    # the report: authored sections, the report as it stands, its PDF, publishing
    path("<slug:slug>/report/", report.ReportView.as_view(), name="report"),
    path("<slug:slug>/report/preview/", report.ReportOnlineView.as_view(), name="report_online"),
    path(
        "<slug:slug>/report/sections/<str:kind>/write/",
        report.SectionWriteView.as_view(),
        name="report_section_write",
    ),
    path(
        "<slug:slug>/report/sections/add/",
        report.OtherSectionCreate.as_view(),
        name="report_section_add",
    ),
    path(
        "<slug:slug>/report/sections/<int:pk>/edit/",
        report.OtherSectionUpdate.as_view(),
        name="report_section_edit",
    ),
    path(
        "<slug:slug>/report/sections/<int:pk>/delete/",
        report.OtherSectionDelete.as_view(),
        name="report_section_delete",
    ),
    path("<slug:slug>/report/pdf/", report.PdfView.as_view(), name="report_pdf"),
    path(
        "<slug:slug>/report/pdf/<str:key>/",
        report.PdfStatusView.as_view(),
        name="report_pdf_status",
    ),
    path(
        "<slug:slug>/report/pdf/<str:key>/download/",
        report.PdfDownloadView.as_view(),
        name="report_pdf_download",
    ),
    path("<slug:slug>/report/agree/", report.AgreeView.as_view(), name="report_agree"),
    path("<slug:slug>/report/present/", report.PresentView.as_view(), name="report_present"),
    path("<slug:slug>/report/publish/", report.PublishView.as_view(), name="report_publish"),
]
