"""Admin for the core: bodies, organisations, people, panel membership, users and roles.

The admin is for superusers looking after the data. Status fields are never edited
here: they move only through the models' verb methods, which the admin exposes as
actions (see `transition_action`).
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from scrutiny.exceptions import TransitionNotAllowed
from scrutiny.models import (
    Job,
    Organisation,
    PanelMembership,
    Person,
    RespondingBody,
    Role,
    ScrutinyBody,
    User,
)


def transition_action(method_name, *, description, done, **method_kwargs):
    """An admin action calling `obj.<method_name>(user=request.user, **method_kwargs)`
    for each selected object. A refused move is reported, never forced: the other
    objects still move, and nothing is saved for the refused one."""

    def action(modeladmin, request, queryset):
        moved = 0
        for obj in queryset:
            try:
                getattr(obj, method_name)(user=request.user, **method_kwargs)
            except TransitionNotAllowed as error:
                modeladmin.message_user(request, f"{obj}: {error}", level=messages.ERROR)
            except ValidationError as error:
                text = "; ".join(error.messages)
                modeladmin.message_user(request, f"{obj}: {text}", level=messages.ERROR)
            else:
                moved += 1
        if moved:
            modeladmin.message_user(request, done.format(count=moved), level=messages.SUCCESS)

    action.__name__ = method_name
    return admin.action(description=description)(action)


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["user", "body"]


class PanelMembershipInline(admin.TabularInline):
    model = PanelMembership
    extra = 0
    autocomplete_fields = ["person", "council"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


@admin.register(ScrutinyBody)
class ScrutinyBodyAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "scrutinised_title",
        "default_response_period_months",
        "follow_up_interval_months",
    ]
    search_fields = ["name", "slug", "scrutinised_title"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["scrutinised_office"]
    inlines = [PanelMembershipInline, RoleInline]


@admin.register(RespondingBody)
class RespondingBodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "body", "basis"]
    list_filter = ["body", "basis"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["respondents"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["family_name", "given_name", "honorific", "job_title", "organisation"]
    list_filter = ["organisation__kind"]
    search_fields = ["given_name", "family_name", "job_title", "email", "organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(PanelMembership)
class PanelMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "body", "kind", "council", "started_on", "ended_on"]
    list_filter = ["body", "kind"]
    search_fields = ["person__given_name", "person__family_name", "body__name", "council__name"]
    autocomplete_fields = ["body", "person", "council"]
    list_select_related = ["person", "body", "council"]


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "body"]
    list_filter = ["role", "body"]
    search_fields = ["user__username", "user__email", "body__name"]
    autocomplete_fields = ["user", "body"]
    list_select_related = ["user", "body"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        ("Scrutiny", {"fields": ["person"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        ("Scrutiny", {"classes": ["wide"], "fields": ["email", "person"]}),
    ]
    list_display = ["username", "email", "person", "is_staff", "is_superuser", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "roles__role", "roles__body"]
    search_fields = [
        "username",
        "email",
        "first_name",
        "last_name",
        "person__given_name",
        "person__family_name",
    ]
    autocomplete_fields = ["person"]
    inlines = [RoleInline]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Background work people waited for: to see what failed, and why. Read only:
    the task queue writes these rows."""

    list_display = ["key", "state", "step", "queued_at", "finished_at"]
    list_filter = ["state"]
    search_fields = ["key"]
    readonly_fields = [field.name for field in Job._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
