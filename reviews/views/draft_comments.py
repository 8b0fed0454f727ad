"""Comments on a draft version of the report, part by part: adding one, replying,
and an officer marking one resolved. Thin, like `drafts`: `DraftAccessMixin` lets
in only those who may read drafts; the models' `user_can_*` methods decide each
action."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import FormView

from reviews import drafts as services
from reviews.forms import CommentForm, ReplyForm
from reviews.models import ReportComment
from reviews.views.drafts import DraftAccessMixin, comments_url
from reviews.views.generic import ReviewMixin
from scrutiny.exceptions import TransitionNotAllowed


class CommentsView(ReviewMixin, DraftAccessMixin, FormView):
    """The comments on a version, part by part, and the form to add one."""

    template_name = "drafts/comments.html"
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
                    1
                    for comments in threads.values()
                    for c in comments
                    if not c.is_resolved and not c.is_carried_forward
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
    template_name = "drafts/reply.html"
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
