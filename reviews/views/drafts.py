"""Pages for reviewing the draft report online. Thin: the review is found through
`ReviewMixin` (other bodies' reviews are 404), `DraftAccessMixin` lets in only those
who may read drafts (403 otherwise), the models' `user_can_*` methods decide each
action, and a service or model method does it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from reviews import drafts as services
from reviews.forms import CompareForm, IssueVersionForm
from reviews.models import ReportVersion
from reviews.views.generic import ReviewMixin
from scrutiny.exceptions import TransitionNotAllowed

DRAFT_REPORT = ("Draft report", "reviews:report_versions")


def version_url(version, name="reviews:report_version", fragment=""):
    url = reverse(name, kwargs={"slug": version.review.slug, "number": version.number})
    return f"{url}#{fragment}" if fragment else url


def comments_url(version, fragment=""):
    return version_url(version, "reviews:report_comment", fragment)


class DraftAccessMixin:
    """After `ReviewMixin` in the bases: once the review is known, only those who may
    read its drafts get in; then `self.version` is the version the URL names."""

    section = DRAFT_REPORT

    def dispatch(self, request, *args, **kwargs):
        if not self.review.user_can_read_drafts(request.user):
            raise PermissionDenied("The draft report is for the body's officers and members.")
        self.version = self.get_version()
        return super().dispatch(request, *args, **kwargs)

    def get_version(self):
        if "number" not in self.kwargs:
            return None
        version = get_object_or_404(self.review.report_versions, number=self.kwargs["number"])
        version.review = self.review
        return version

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["version"] = self.version
        return context


class DraftPage(ReviewMixin, DraftAccessMixin, TemplateView):
    pass


# --- versions and approvals -------------------------------------------------------------


class VersionsView(DraftPage):
    template_name = "drafts/versions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = list(services.versions_with_counts(self.review))
        for version in versions:
            version.review = self.review
        context["versions"] = versions
        context["latest"] = versions[-1] if versions else None
        context["approval_rows"] = services.approval_table(self.review, versions)
        context["approving_count"] = len(context["approval_rows"])
        context["draft_reviewers"] = self.review.working_group.exclude(
            role__in=ReportVersion.APPROVING_ROLES
        ).select_related("person")
        context["can_issue"] = self.review.user_can_issue_draft(self.request.user)
        return context


class IssueView(ReviewMixin, DraftAccessMixin, FormView):
    requires_edit = True
    form_class = IssueVersionForm
    template_name = "drafts/issue.html"

    def get(self, request, *args, **kwargs):
        self.check_can_issue()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.check_can_issue()
        return super().post(request, *args, **kwargs)

    def check_can_issue(self):
        if not self.review.user_can_issue_draft(self.request.user):
            raise PermissionDenied("Drafts can no longer be issued: the report has been agreed.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        latest = self.review.report_versions.order_by("-number").first()
        context["latest"] = latest
        context["next_number"] = (latest.number if latest else 0) + 1
        return context

    def form_valid(self, form):
        version = services.report_issue_version(
            review=self.review, user=self.request.user, note=form.cleaned_data["note"]
        )
        carried = version.comments.filter(carried_from__isnull=False).count()
        carried_note = (
            f" {carried} open comment{' was' if carried == 1 else 's were'} carried over to it."
            if carried
            else ""
        )
        messages.success(
            self.request,
            f"Draft version {version.number} has been issued to the working group.{carried_note}",
        )
        return HttpResponseRedirect(version_url(version))


# --- reading a version --------------------------------------------------------------------


class DraftView(DraftPage):
    """A version of the report to read, with its contents and a comment link per part.
    Without a number in the URL: the latest version."""

    template_name = "drafts/draft.html"

    def get_version(self):
        version = super().get_version()
        if version is None:
            version = self.review.report_versions.order_by("-number").first()
            if version is not None:
                version.review = self.review
        return version

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_issue"] = self.review.user_can_issue_draft(self.request.user)
        version = self.version
        if version is None:
            return context
        user = self.request.user
        counts = services.versions_with_counts(self.review).get(pk=version.pk)
        threads = services.comment_threads(version, user)
        can_comment = version.user_can_comment(user)
        parts = services.ordered_sections(version)
        links = {
            anchor: (
                f"{comments_url(version)}?anchor={anchor}#comment-form" if can_comment else None,
                comments_url(version, f"part-{anchor}"),
                len(threads.get(anchor, [])),
                part["title"],
            )
            for anchor, part in parts
        }
        linked = services.anchors_in(version.html, links)
        context.update(
            {
                "body": services.under_page_heading(services.with_part_links(version.html, links)),
                "parts": [
                    {"anchor": a, "title": p["title"], "comments": len(threads.get(a, []))}
                    for a, p in parts
                    if a in linked
                ],
                "counts": counts,
                "can_comment": can_comment,
                "can_approve": version.user_can_approve(user),
                "my_approval": version.approval_by(user),
                "can_sign_foreword": version.user_can_sign_foreword(user),
                "foreword_signed_by": services.display_name(version.foreword_signed_by)
                if version.foreword_signed_at
                else "",
                "last_read": services.changed_since_read(version=version, user=user),
                "latest_number": self.review.report_versions.order_by("-number")
                .values_list("number", flat=True)
                .first(),
                "approving_count": self.review.working_group.filter(
                    role__in=version.APPROVING_ROLES
                ).count(),
            }
        )
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.version is not None:
            services.report_record_read(version=self.version, user=request.user)
        return response


# --- approvals and the foreword ---------------------------------------------------------


class VersionActionView(ReviewMixin, DraftAccessMixin, View):
    """POST: a member acts on a version; the model's verb method checks who and when."""

    http_method_names = ["post"]
    success_message = ""

    def act(self, version, user):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        try:
            self.act(self.version, request.user)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, self.success_message.format(number=self.version.number))
        return HttpResponseRedirect(version_url(self.version))


class ApproveView(VersionActionView):
    success_message = "You have approved draft version {number}."

    def act(self, version, user):
        version.approve(user=user)


class SignForewordView(VersionActionView):
    success_message = "You have signed the foreword of draft version {number}."

    def act(self, version, user):
        version.sign_foreword(user=user)


# --- what changed ---------------------------------------------------------------------------


class DiffView(DraftPage):
    """What changed between two versions: by default, since the last version this user
    read before the latest (or the one before the latest)."""

    template_name = "drafts/diff.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = {v.number: v for v in self.review.report_versions.all()}
        for version in versions.values():
            version.review = self.review
        numbers = sorted(versions)
        context["enough_versions"] = len(numbers) >= 2
        if not context["enough_versions"]:
            return context
        data = {"old": self.request.GET.get("old"), "new": self.request.GET.get("new")}
        if not data["new"]:
            data["new"] = numbers[-1]
        if not data["old"]:
            data["old"] = self.default_old(versions, data["new"])
        form = CompareForm(data, numbers=numbers)
        context["form"] = form
        if form.is_valid():
            old, new = versions[form.cleaned_data["old"]], versions[form.cleaned_data["new"]]
            read = services.last_read_before(version=new, user=self.request.user)
            context.update(
                {
                    "old": old,
                    "new": new,
                    "changes": services.sections_diff(old, new),
                    "part_count": len(new.sections),
                    "since_read": read is not None and read.number == old.number,
                }
            )
        return context

    def default_old(self, versions, new_number):
        """The last version this user read before `new_number`, else the one before it."""
        try:
            new = versions[int(new_number)]
        except (KeyError, ValueError):
            return ""
        read = services.last_read_before(version=new, user=self.request.user)
        if read is not None:
            return read.number
        return max((n for n in versions if n < new.number), default="")
