"""Building blocks for the pages inside a review.

Every page finds the review through `Review.objects.for_user` (other bodies' reviews
are 404), read pages need only that, and pages that change anything also need
`review.user_can_edit` (403 for a member who may read but not change). Each child
object is looked up within the review, never by its id alone.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import CreateView, DeleteView, TemplateView, UpdateView

from reviews.models import Review
from reviews.services import child_save, ordered_item_move

# Rows on one page of a list: meetings, evidence, search results, history.
PAGE_SIZE = 25


def get_review_for(user, slug):
    """The review, if `user` may see it; otherwise 404 so its existence is not leaked."""
    return get_object_or_404(Review.objects.for_user(user).select_related("body"), slug=slug)


class ReviewMixin(LoginRequiredMixin):
    """Resolve `self.review` for the URL's slug and check the user may see/change it."""

    requires_edit = False
    section = None  # (title, url name) of the page this one belongs to, for breadcrumbs

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.review = get_review_for(request.user, kwargs["slug"])
        self.can_edit = self.review.user_can_edit(request.user)
        if self.requires_edit and not self.can_edit:
            if self.review.is_published:
                raise PermissionDenied(
                    "The final report of this review has been published, so its content "
                    "can no longer be changed."
                )
            raise PermissionDenied("Only the body's officers can change a review.")
        return super().dispatch(request, *args, **kwargs)

    def section_url(self):
        return reverse(self.section[1], kwargs={"slug": self.review.slug})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["review"] = self.review
        context["can_edit"] = self.can_edit
        if self.section:
            context["section_title"], context["section_url"] = self.section[0], self.section_url()
        return context


class ReviewPage(ReviewMixin, TemplateView):
    """A read page inside a review."""


class ChildMixin(ReviewMixin):
    """Create/update/delete of an object that belongs to the review."""

    requires_edit = True
    template_name = "reviews/form_page.html"
    review_lookup = "review"  # path from the model to its review
    form_takes_review = False
    title = ""
    success_message = "Saved."

    def get_queryset(self):
        return self.model.objects.filter(**{self.review_lookup: self.review})

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.form_takes_review:
            kwargs["review"] = self.review
        elif (
            "instance" in kwargs and kwargs["instance"] is None and hasattr(self.model, "review_id")
        ):
            # A new object is born inside this review (delete forms take no instance).
            kwargs["instance"] = self.model(review=self.review)
        return kwargs

    def siblings(self):
        """The rows a new object is placed after."""
        return self.get_queryset()

    def get_success_url(self):
        return self.section_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.get_title()
        context["cancel_url"] = self.section_url()
        return context

    def get_title(self):
        return self.title

    def form_valid(self, form):
        try:
            self.object = child_save(form=form, review=self.review, siblings=self.siblings())
        except IntegrityError:
            # Two people saved at the same moment and the database kept the first (a
            # recommendation number, say): say so instead of failing.
            form.add_error(
                None,
                "Someone saved a change that clashes with this one a moment ago (for "
                "example, the same number). Check the page and save again.",
            )
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class ChildCreateView(ChildMixin, CreateView):
    pass


class ChildUpdateView(ChildMixin, UpdateView):
    success_message = "Your changes have been saved."


class ChildDeleteView(ChildMixin, DeleteView):
    template_name = "reviews/confirm_delete.html"
    success_message = "Deleted."

    def form_valid(self, form):
        messages.success(self.request, f"Deleted: {self.object}")
        return super(ChildMixin, self).form_valid(form)


class ChildMoveView(ReviewMixin, View):
    """POST up/down: works without JavaScript (a button per row)."""

    requires_edit = True
    http_method_names = ["post"]
    model = None
    review_lookup = "review"

    def post(self, request, *args, **kwargs):
        siblings = self.model.objects.filter(**{self.review_lookup: self.review})
        item = get_object_or_404(siblings, pk=kwargs["pk"])
        direction = request.POST.get("direction")
        if direction not in ("up", "down"):
            messages.error(request, "Choose whether to move it up or down.")
        elif ordered_item_move(item=item, siblings=siblings, direction=direction):
            messages.success(request, f"Moved {direction}: {item}")
        return HttpResponseRedirect(self.section_url() + f"#item-{item.pk}")
