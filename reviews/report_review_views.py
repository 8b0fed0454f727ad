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

from reviews import report_review as services
from reviews.generic import ReviewMixin
from reviews.models import ReportComment, ReportVersion
from reviews.report_review_forms import CommentForm, CompareForm, IssueVersionForm, ReplyForm
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
    template_name = "report_review/versions.html"

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
    template_name = "report_review/issue.html"

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
        messages.success(
            self.request,
            f"Draft version {version.number} has been issued to the working group.",
        )
        return HttpResponseRedirect(version_url(version))


# --- reading a version --------------------------------------------------------------------


class DraftView(DraftPage):
    """A version of the report to read, with its contents and a comment link per part.
    Without a number in the URL: the latest version."""

    template_name = "report_review/draft.html"

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
                "last_read": services.last_read_before(version=version, user=user),
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


# --- comments ------------------------------------------------------------------------------


class CommentsView(ReviewMixin, DraftAccessMixin, FormView):
    """The comments on a version, part by part, and the form to add one."""

    template_name = "report_review/comments.html"
    form_class = CommentForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["version"] = self.version
        return kwargs

    def get_initial(self):
        anchor = self.request.GET.get("anchor")
        return {"anchor": anchor} if anchor in self.version.sections else {}

    def post(self, request, *args, **kwargs):
        if not self.version.user_can_comment(request.user):
            raise PermissionDenied("Only members of the body comment on the current draft.")
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        threads = services.comment_threads(self.version, user)
        parts = services.ordered_sections(self.version)
        form = context["form"]
        chosen = form["anchor"].value()
        context.update(
            {
                "can_comment": self.version.user_can_comment(user),
                "parts": [
                    {"anchor": a, "title": p["title"], "comments": threads[a]}
                    for a, p in parts
                    if a in threads
                ],
                "chosen_part": self.version.sections.get(chosen) if chosen else None,
                "open_count": sum(
                    1 for comments in threads.values() for c in comments if not c.is_resolved
                ),
                "resolved_count": sum(
                    1 for comments in threads.values() for c in comments if c.is_resolved
                ),
                "latest_number": self.review.report_versions.order_by("-number")
                .values_list("number", flat=True)
                .first(),
            }
        )
        return context

    def form_valid(self, form):
        comment = services.report_comment_add(
            version=self.version,
            user=self.request.user,
            anchor=form.cleaned_data["anchor"],
            text=form.cleaned_data["text"],
        )
        title = self.version.sections[comment.anchor]["title"]
        messages.success(self.request, f"Your comment on ‘{title}’ has been added.")
        return HttpResponseRedirect(comments_url(self.version, f"comment-{comment.pk}"))


class CommentMixin:
    """A top-level comment on one of the review's versions (after the review is known)."""

    def get_comment(self):
        comment = get_object_or_404(
            ReportComment.objects.filter(
                version__review=self.review, parent__isnull=True
            ).select_related("version", "author__person"),
            pk=self.kwargs["pk"],
        )
        comment.version.review = self.review
        return comment


class ReplyView(ReviewMixin, DraftAccessMixin, CommentMixin, FormView):
    template_name = "report_review/reply.html"
    form_class = ReplyForm

    def get_version(self):
        self.comment = self.get_comment()
        return self.comment.version

    def get(self, request, *args, **kwargs):
        self.check_can_reply()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.check_can_reply()
        if self.comment.is_resolved:
            messages.error(request, "This comment has been resolved, so it takes no more replies.")
            return HttpResponseRedirect(self.back_url())
        return super().post(request, *args, **kwargs)

    def check_can_reply(self):
        if not self.comment.user_can_reply(self.request.user):
            raise PermissionDenied("Only the body's officers and members reply to comments.")

    def back_url(self):
        return comments_url(self.version, f"comment-{self.comment.pk}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["comment"] = self.comment
        context["part"] = self.version.sections.get(self.comment.anchor)
        context["replies"] = self.comment.replies.select_related("author__person")
        context["back_url"] = self.back_url()
        return context

    def form_valid(self, form):
        services.report_comment_reply(
            comment=self.comment, user=self.request.user, text=form.cleaned_data["text"]
        )
        messages.success(self.request, "Your reply has been added.")
        return HttpResponseRedirect(self.back_url())


class ResolveView(ReviewMixin, CommentMixin, View):
    """POST: an officer marks a comment resolved."""

    requires_edit = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        comment = self.get_comment()
        try:
            services.report_comment_resolve(comment=comment, user=request.user)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The comment has been marked as resolved.")
        return HttpResponseRedirect(comments_url(comment.version, f"comment-{comment.pk}"))


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

    template_name = "report_review/diff.html"

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
