"""Admin for reviews: scope, working group, timetable, meetings, evidence and the prose
of the report. A review's status is read-only here; it moves through the actions,
which call `Review`'s verb methods and so record who and when."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from reviews.models import (
    Attendance,
    CallForEvidence,
    Conclusion,
    DataRow,
    DataSet,
    DataTable,
    Document,
    Evidence,
    Finding,
    KeyLineOfEnquiry,
    Meeting,
    Milestone,
    OralEvidence,
    Question,
    QuestionGroup,
    QuestionSet,
    ReportSection,
    Review,
    ReviewStatusChange,
    TimetableVariation,
    Witness,
    WorkingGroupMember,
)
from scrutiny.admin import transition_action

# How to reach the review from rows that do not point at it directly.
REVIEW_PATHS = {
    Review: (),
    Attendance: ("meeting",),
    Witness: ("meeting",),
    QuestionGroup: ("question_set",),
    Question: ("group", "question_set"),
    DataTable: ("dataset",),
    DataRow: ("table", "dataset"),
}


def review_of(obj):
    for step in REVIEW_PATHS.get(type(obj), ()):
        obj = getattr(obj, step)
    return obj if isinstance(obj, Review) else obj.review


class FrozenOncePublished:
    """Nobody -- superusers included -- changes or deletes what a published report was
    made from: a published report changes only through the correction path, which
    records a new publication with its reason. For admins and inlines alike."""

    def is_frozen(self, obj):
        return obj is not None and review_of(obj).is_published

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self.is_frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self.is_frozen(obj)

    def delete_queryset(self, request, queryset):
        if any(self.is_frozen(obj) for obj in queryset):
            raise PermissionDenied("Published reviews cannot be changed.")
        super().delete_queryset(request, queryset)


class FrozenInline(FrozenOncePublished):
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self.is_frozen(obj)


# --- inlines --------------------------------------------------------------------------


class KeyLineOfEnquiryInline(FrozenInline, admin.TabularInline):
    model = KeyLineOfEnquiry
    extra = 0


class WorkingGroupMemberInline(FrozenInline, admin.TabularInline):
    model = WorkingGroupMember
    extra = 0
    autocomplete_fields = ["person"]


class MilestoneInline(FrozenInline, admin.TabularInline):
    model = Milestone
    extra = 0


class TimetableVariationInline(FrozenInline, admin.StackedInline):
    model = TimetableVariation
    extra = 0
    autocomplete_fields = ["meeting"]


class ReportSectionInline(FrozenInline, admin.StackedInline):
    model = ReportSection
    extra = 0


class ReviewStatusChangeInline(admin.TabularInline):
    """The audit trail of status changes: read-only, written only by `Review._move`."""

    model = ReviewStatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "from_status", "to_status", "changed_by", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AttendanceInline(FrozenInline, admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person"]


class WitnessInline(FrozenInline, admin.TabularInline):
    model = Witness
    extra = 0
    autocomplete_fields = ["person", "organisation"]


class QuestionGroupInline(FrozenInline, admin.StackedInline):
    model = QuestionGroup
    extra = 0
    autocomplete_fields = ["partner"]
    show_change_link = True


class QuestionInline(FrozenInline, admin.StackedInline):
    model = Question
    extra = 0


class DataTableInline(FrozenInline, admin.StackedInline):
    model = DataTable
    extra = 0
    show_change_link = True


class DataRowInline(FrozenInline, admin.TabularInline):
    model = DataRow
    extra = 0


# --- reviews ----------------------------------------------------------------------


@admin.register(Review)
class ReviewAdmin(FrozenOncePublished, SimpleHistoryAdmin):
    list_display = ["working_group_name", "body", "status", "commissioned_on", "presented_on"]
    list_filter = ["status", "body", "is_illustrative"]
    search_fields = ["title", "short_title", "working_group_name", "slug", "topic"]
    prepopulated_fields = {"slug": ["short_title"]}
    autocomplete_fields = ["body"]
    date_hierarchy = "commissioned_on"
    list_select_related = ["body"]
    # The status and the dates the transitions set are read-only: they change only
    # through the actions below (and the app's own pages), which keep the audit trail.
    readonly_fields = [
        "status",
        "status_changed_at",
        "status_changed_by",
        "agreed_on",
        "agreed_at_meeting",
        "presented_on",
        "created_at",
        "updated_at",
    ]
    inlines = [
        KeyLineOfEnquiryInline,
        WorkingGroupMemberInline,
        MilestoneInline,
        TimetableVariationInline,
        ReportSectionInline,
        ReviewStatusChangeInline,
    ]
    actions = [
        transition_action(
            "confirm_scope",
            description="Confirm the scope of the selected reviews",
            done="Scope confirmed for {count} review(s).",
        ),
        transition_action(
            "start_evidence_gathering",
            description="Start evidence gathering for the selected reviews",
            done="Evidence gathering started for {count} review(s).",
        ),
        transition_action(
            "start_drafting",
            description="Start drafting the report for the selected reviews",
            done="Drafting started for {count} review(s).",
        ),
        transition_action(
            "close",
            description="Close the selected reviews",
            done="{count} review(s) closed.",
        ),
    ]


@admin.register(ReviewStatusChange)
class ReviewStatusChangeAdmin(admin.ModelAdmin):
    """Read-only: the trail is written by the transitions and never edited."""

    list_display = ["review", "from_status", "to_status", "changed_by", "changed_at"]
    list_filter = ["to_status", "review__body"]
    search_fields = ["review__working_group_name", "review__slug", "note"]
    date_hierarchy = "changed_at"
    list_select_related = ["review", "changed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InReviewAdmin(FrozenOncePublished, SimpleHistoryAdmin):
    """Rows that belong to one review and are printed in the order an officer sets."""

    list_filter = ["review__body"]
    autocomplete_fields = ["review"]
    list_select_related = ["review"]


@admin.register(KeyLineOfEnquiry)
class KeyLineOfEnquiryAdmin(InReviewAdmin):
    list_display = ["__str__", "review", "position"]
    search_fields = ["text", "review__working_group_name"]


@admin.register(WorkingGroupMember)
class WorkingGroupMemberAdmin(InReviewAdmin):
    list_display = ["person", "role", "review", "position"]
    list_filter = ["role", "review__body"]
    search_fields = ["person__given_name", "person__family_name", "review__working_group_name"]
    autocomplete_fields = ["review", "person"]


@admin.register(Milestone)
class MilestoneAdmin(InReviewAdmin):
    list_display = ["description", "review", "planned", "actual_on"]
    search_fields = ["description", "review__working_group_name"]


@admin.register(Meeting)
class MeetingAdmin(FrozenOncePublished, SimpleHistoryAdmin):
    list_display = ["__str__", "review", "kind", "date", "location"]
    list_filter = ["kind", "review__body"]
    search_fields = ["title", "purpose", "notes", "review__working_group_name"]
    autocomplete_fields = ["review"]
    date_hierarchy = "date"
    list_select_related = ["review"]
    inlines = [AttendanceInline, WitnessInline]


@admin.register(TimetableVariation)
class TimetableVariationAdmin(FrozenOncePublished, SimpleHistoryAdmin):
    list_display = ["__str__", "review", "agreed_at"]
    list_filter = ["review__body"]
    search_fields = ["description", "agreed_at", "review__working_group_name"]
    autocomplete_fields = ["review", "meeting"]
    list_select_related = ["review"]


@admin.register(Attendance)
class AttendanceAdmin(FrozenOncePublished, SimpleHistoryAdmin):
    list_display = ["person", "meeting", "status"]
    list_filter = ["status", "meeting__review__body"]
    search_fields = ["person__given_name", "person__family_name"]
    autocomplete_fields = ["meeting", "person"]
    list_select_related = ["person", "meeting"]


@admin.register(Witness)
class WitnessAdmin(FrozenOncePublished, SimpleHistoryAdmin):
    list_display = ["person", "job_title", "organisation", "meeting"]
    list_filter = ["meeting__review__body"]
    search_fields = ["person__given_name", "person__family_name", "job_title"]
    autocomplete_fields = ["meeting", "person", "organisation"]
    list_select_related = ["person", "organisation", "meeting"]


# --- evidence ---------------------------------------------------------------------


@admin.register(Evidence)
class EvidenceAdmin(FrozenOncePublished, admin.ModelAdmin):
    """Every piece of evidence, of any kind, in one list. Evidence is added through its
    own kind's admin (oral evidence, documents …) so that the kind's fields are filled.
    A plain ModelAdmin: history is recorded per kind (HistoricalOralEvidence …), so the
    base table's history is always empty; each kind's admin shows it."""

    list_select_related = ["review"]
    list_display = ["title", "kind", "review", "received_on"]
    list_filter = ["kind", "review__body"]
    search_fields = ["title", "summary", "review__working_group_name"]
    autocomplete_fields = ["review", "meeting"]
    readonly_fields = ["kind"]

    def has_add_permission(self, request):
        return False


class EvidenceKindAdmin(InReviewAdmin):
    list_display = ["title", "review", "received_on"]
    search_fields = ["title", "summary", "review__working_group_name"]
    autocomplete_fields = ["review", "meeting"]


@admin.register(OralEvidence)
class OralEvidenceAdmin(EvidenceKindAdmin):
    autocomplete_fields = ["review", "meeting", "given_by"]


@admin.register(QuestionSet)
class QuestionSetAdmin(EvidenceKindAdmin):
    list_display = ["title", "review", "sent_on"]
    inlines = [QuestionGroupInline]


@admin.register(QuestionGroup)
class QuestionGroupAdmin(FrozenOncePublished, SimpleHistoryAdmin):
    list_display = ["heading", "question_set", "partner", "position"]
    list_filter = ["question_set__review__body"]
    search_fields = ["heading", "partner__name", "question_set__title"]
    autocomplete_fields = ["question_set", "partner"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(FrozenOncePublished, SimpleHistoryAdmin):
    list_display = ["__str__", "group", "position"]
    list_filter = ["group__question_set__review__body"]
    search_fields = ["text", "answer", "group__heading"]
    autocomplete_fields = ["group"]


@admin.register(CallForEvidence)
class CallForEvidenceAdmin(EvidenceKindAdmin):
    list_display = ["title", "review", "channel", "published_on", "closes_on", "responses_received"]


@admin.register(Document)
class DocumentAdmin(EvidenceKindAdmin):
    list_display = ["title", "review", "original_filename", "author", "size"]
    search_fields = ["title", "original_filename", "author", "review__working_group_name"]


@admin.register(DataSet)
class DataSetAdmin(EvidenceKindAdmin):
    inlines = [DataTableInline]


@admin.register(DataTable)
class DataTableAdmin(FrozenOncePublished, SimpleHistoryAdmin):
    list_display = ["title", "dataset", "position"]
    list_filter = ["dataset__review__body"]
    search_fields = ["title", "description", "dataset__title"]
    autocomplete_fields = ["dataset"]
    inlines = [DataRowInline]


@admin.register(DataRow)
class DataRowAdmin(FrozenOncePublished, admin.ModelAdmin):
    list_display = ["__str__", "table", "position"]
    list_filter = ["table__dataset__review__body"]
    search_fields = ["table__title"]
    autocomplete_fields = ["table"]


# --- what the review concluded ----------------------------------------------------


@admin.register(Finding)
class FindingAdmin(InReviewAdmin):
    list_display = ["__str__", "review", "position"]
    search_fields = ["text", "review__working_group_name"]
    autocomplete_fields = ["review", "evidence"]


@admin.register(Conclusion)
class ConclusionAdmin(InReviewAdmin):
    list_display = ["__str__", "review", "position"]
    search_fields = ["text", "review__working_group_name"]
    autocomplete_fields = ["review", "evidence", "findings"]


@admin.register(ReportSection)
class ReportSectionAdmin(InReviewAdmin):
    list_display = ["__str__", "kind", "review", "position"]
    list_filter = ["kind", "review__body"]
    search_fields = ["title", "body", "review__working_group_name"]
