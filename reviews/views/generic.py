"""Building blocks for the pages inside a review.

Every page finds the review through `Review.objects.for_user` (other bodies' reviews
are 404), read pages need only that, and pages that change anything also need
`review.user_can_edit` (403 for a member who may read but not change). Each child
object is looked up within the review, never by its id alone.
"""

import copy

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import Truncator
from django.views import View
from django.views.generic import CreateView, DeleteView, FormView, TemplateView, UpdateView

from reviews import concurrency
from reviews.forms.ordering import OrderForm
from reviews.models import Review
from reviews.services import (
    child_save,
    ordered_item_move,
    ordered_items_reorder,
    review_lock,
)

# Rows on one page of a list: meetings, evidence, search results, history.
PAGE_SIZE = 25

# The name of the second submit button of a form adding one of many ("Save and add
# another"): the form comes back empty, with a banner naming what was saved.
ADD_ANOTHER = "add_another"


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
    add_another = False  # offer "Save and add another": the form adds one of many

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
        context["add_another"] = self.add_another and ADD_ANOTHER
        return context

    def get_title(self):
        return self.title

    def saved(self, obj, message=None):
        """The response to a save of `obj`: the section (or `get_success_url`) with
        `message`, or, after "Save and add another", this form again, empty, with a
        banner naming what was saved."""
        message = message or self.success_message
        if self.add_another and ADD_ANOTHER in self.request.POST:
            name = Truncator(str(obj)).chars(100)
            messages.success(self.request, f"{message.rstrip('.')}: {name}. Add another below.")
            return HttpResponseRedirect(self.request.get_full_path())
        messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url())

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
        return self.saved(self.object)


class EditConflictMixin:
    """Before `FormView`/`UpdateView` in the bases (after any mixin whose `post`
    checks permission): a save from a form loaded before someone else saved the
    same record is refused (`reviews.concurrency`).

    The form gets a hidden `edit_token`. On POST the review's row is locked, then the
    record's own; if the record no longer matches the token, nothing is saved and
    the form comes back (HTTP 409) with what changed, for the person to merge and
    save again. `get_edit_instance` returns the record read afresh, so what is saved
    is read under the lock; an unsaved record (created on first save) is found again
    under the review's lock."""

    edit_noun = ""  # "this …" in the messages; the model's verbose name by default

    def get_edit_instance(self):
        """The record the form edits, read now (unsaved if it does not exist yet)."""
        self.object = self.get_object()
        return self.object

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        instance = getattr(form, "instance", None)  # a plain form shows a record too
        if instance is None:
            instance = self.get_edit_instance()
        concurrency.attach_token(form, instance)
        return form

    def post(self, request, *args, **kwargs):
        """`ProcessFormView.post` with the check between the locks and the save."""
        with transaction.atomic():
            review_lock(self.review)
            instance = self.get_edit_instance()
            if instance.pk is None:
                current = copy.copy(instance)
            else:
                manager = type(instance)._default_manager
                current = manager.select_for_update().filter(pk=instance.pk).first()
                if current is None:
                    raise Http404("Someone deleted this while you were editing it.")
                # The form's own copy, read under the row's lock.
                self.get_edit_instance()
            form = self.get_form()
            token = request.POST.get(concurrency.TOKEN_FIELD)
            if concurrency.is_stale(token, concurrency.record_values(form, current)):
                return self.edit_conflict(form, current, token)
            if form.is_valid():
                return self.form_valid(form)
            return self.form_invalid(form)

    def edit_conflict(self, form, current, token):
        """The form again, as posted, with what changed since it was loaded; saved
        again, it applies what it then holds."""
        form.is_valid()
        conflict = concurrency.describe(
            form, current, token, me=self.request.user, noun=self.edit_noun
        )
        context = self.get_context_data(form=form, edit_conflict=conflict)
        return self.render_to_response(context, status=409)


class ChildCreateView(ChildMixin, CreateView):
    add_another = True


class ChildUpdateView(EditConflictMixin, ChildMixin, UpdateView):
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


class PasteView(ChildMixin, FormView):
    """Many at once from pasted text, in two steps: the form, then a preview of what
    will be created with "Confirm and save" and "Change" (back to the text, as it
    was). Confirming reads the same text again and saves it all in one transaction
    (`save_items`, a service); nothing is saved before."""

    template_name = "reviews/paste.html"
    preview_headings = ["Text"]
    noun_plural = "items"

    def get_form_kwargs(self):
        return FormView.get_form_kwargs(self)

    def preview_rows(self, items):
        """Each item as the cells of a preview row, under `preview_headings`."""
        return [[item] for item in items]

    def save_items(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        items = form.cleaned_data["items"]
        if "change" in self.request.POST:
            return self.render_to_response(self.get_context_data(form=form))
        if "confirm" not in self.request.POST:
            context = self.get_context_data(
                form=form,
                preview_headings=self.preview_headings,
                preview=self.preview_rows(items),
            )
            return self.render_to_response(context)
        self.save_items(form)
        messages.success(self.request, f"{len(items)} {self.noun_plural} added.")
        return HttpResponseRedirect(self.get_success_url())


class ChildOrderView(ChildMixin, FormView):
    """The whole list's order in one form (a number for each item), instead of a
    page load per step up or down; works without JavaScript."""

    form_class = OrderForm
    noun_plural = "items"

    def get_title(self):
        return f"Change the order of the {self.noun_plural}"

    def get_form_kwargs(self):
        return {**FormView.get_form_kwargs(self), "items": self.get_queryset()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = "Give each a number: 1 comes first."
        return context

    def form_valid(self, form):
        ordered_items_reorder(review=self.review, items=form.order())
        messages.success(self.request, f"The order of the {self.noun_plural} has been saved.")
        return HttpResponseRedirect(self.get_success_url())
