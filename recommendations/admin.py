"""Admin for recommendations, the Commissioner's responses and follow-ups.

Statuses are read-only; the actions call the models' verb methods. A response's target
date is moved only through `Response.change_target_date`, so the admin asks for the
reason and the old date is kept."""

from django import forms
from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from recommendations.models import (
    FollowUp,
    FollowUpAssessment,
    Recommendation,
    RecommendationAddressee,
    ReminderSent,
    Response,
    TargetDateChange,
)
from reviews.admin import FrozenOncePublished
from scrutiny.admin import transition_action
from scrutiny.exceptions import TransitionNotAllowed


class TargetDateChangeInline(admin.TabularInline):
    """The history of a response's target date: written only by `change_target_date`."""

    model = TargetDateChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "old_date", "new_date", "reason", "changed_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FollowUpAssessmentInline(admin.StackedInline):
    model = FollowUpAssessment
    extra = 0
    autocomplete_fields = ["recommendation"]


class AddresseeInline(admin.TabularInline):
    model = RecommendationAddressee
    extra = 0
    autocomplete_fields = ["responding_body"]


@admin.register(Recommendation)
class RecommendationAdmin(FrozenOncePublished, SimpleHistoryAdmin):
    list_display = ["number", "__str__", "review", "to_panel"]
    list_display_links = ["number", "__str__"]
    list_filter = ["addressees", "to_panel", "review__body", "review__status"]
    inlines = [AddresseeInline]
    search_fields = ["text", "reason", "review__working_group_name", "review__slug"]
    autocomplete_fields = ["review", "conclusions"]
    list_select_related = ["review"]


class ResponseAdminForm(forms.ModelForm):
    target_date_reason = forms.CharField(
        label="Why the target date changed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when you change the target date; the old date is kept.",
    )

    def clean(self):
        cleaned = super().clean()
        moving = self.instance.pk and "target_date" in self.changed_data
        if moving and not (cleaned.get("target_date_reason") or "").strip():
            self.add_error("target_date_reason", "Say why the target date has changed.")
        return cleaned


@admin.register(Response)
class ResponseAdmin(SimpleHistoryAdmin):
    form = ResponseAdminForm
    list_display = [
        "recommendation",
        "responding_body",
        "decision",
        "status",
        "target_date",
        "received_on",
    ]
    list_filter = ["status", "decision", "recommendation__review__body", "responding_body"]
    search_fields = [
        "response_text",
        "actions",
        "lead_officer",
        "recommendation__text",
        "recommendation__review__working_group_name",
    ]
    autocomplete_fields = ["recommendation"]
    list_select_related = ["recommendation__review"]
    readonly_fields = [
        "status",
        "entered_by",
        "submitted_by",
        "submitted_at",
        "published_by",
        "published_at",
        "letter_filename",
        "letter_size",
        "letter_sha256",
    ]
    inlines = [TargetDateChangeInline]
    actions = [
        transition_action(
            "submit",
            description="Record the selected responses as received",
            done="{count} response(s) recorded as received.",
        ),
        transition_action(
            "publish",
            description="Publish the selected responses",
            done="{count} response(s) published.",
        ),
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
            super().save_model(request, obj, form, change)
            return
        if "target_date" not in form.changed_data:
            super().save_model(request, obj, form, change)
            return
        # Save the other edits with the old date, then move the date the one way that
        # keeps its history.
        new_date = obj.target_date
        obj.target_date = form.initial.get("target_date")
        super().save_model(request, obj, form, change)
        obj.change_target_date(
            new_date=new_date, reason=form.cleaned_data["target_date_reason"], user=request.user
        )


@admin.register(TargetDateChange)
class TargetDateChangeAdmin(admin.ModelAdmin):
    """Read-only: each row is written by `Response.change_target_date`."""

    list_display = ["response", "old_date", "new_date", "changed_by", "changed_at"]
    list_filter = ["response__recommendation__review__body"]
    search_fields = ["reason", "response__recommendation__text"]
    date_hierarchy = "changed_at"
    list_select_related = ["response__recommendation", "changed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "review", "sequence", "due_on", "held_on", "status"]
    list_filter = ["status", "review__body"]
    search_fields = ["review__working_group_name", "review__slug", "meeting", "summary"]
    autocomplete_fields = ["review"]
    date_hierarchy = "due_on"
    list_select_related = ["review"]
    readonly_fields = ["status", "completed_by", "completed_at", "published_by", "published_at"]
    inlines = [FollowUpAssessmentInline]
    actions = ["complete", "publish"]

    @admin.action(description="Complete the selected follow-ups (on the date they were held)")
    def complete(self, request, queryset):
        for follow_up in queryset.select_related("review__body"):
            if follow_up.held_on is None:
                self.message_user(
                    request, f"{follow_up}: record the date it was held first.", messages.ERROR
                )
                continue
            try:
                next_follow_up = follow_up.complete(user=request.user, held_on=follow_up.held_on)
            except TransitionNotAllowed as error:
                self.message_user(request, f"{follow_up}: {error}", messages.ERROR)
                continue
            done = f"{follow_up} completed."
            if next_follow_up:
                done += f" Follow-up {next_follow_up.sequence} is due on {next_follow_up.due_on}."
            self.message_user(request, done, messages.SUCCESS)

    @admin.action(description="Publish the selected completed follow-ups")
    def publish(self, request, queryset):
        for follow_up in queryset:
            try:
                follow_up.publish(user=request.user)
            except TransitionNotAllowed as error:
                self.message_user(request, f"{follow_up}: {error}", messages.ERROR)
            else:
                self.message_user(request, f"{follow_up} published.", messages.SUCCESS)


@admin.register(FollowUpAssessment)
class FollowUpAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["recommendation", "follow_up", "implementation", "rag", "outcome"]
    list_filter = ["implementation", "rag", "outcome", "follow_up__review__body"]
    search_fields = ["progress_update", "comment", "recommendation__text"]
    autocomplete_fields = ["follow_up", "recommendation"]
    list_select_related = ["recommendation", "follow_up__review"]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    """Read-only: the record `send_reminders` keeps so nothing is sent twice."""

    list_display = ["kind", "review", "due_on", "email", "sent_on"]
    list_filter = ["kind", "sent_on", "review__body"]
    search_fields = ["email", "review__working_group_name"]
    date_hierarchy = "sent_on"
    list_select_related = ["review"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
