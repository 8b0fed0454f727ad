"""Recommendations inside a review: list, write, renumber; each addressee's
response to each (written, received, published, its target date moved with a reason)
and its letter.

Every lookup goes through `Recommendation.objects.for_user`, so another body's
recommendations (and, for the Commissioner's office, those not addressed to it) are
404; what a user may do to one is asked of the model's `user_can_*` methods.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView

from recommendations.forms import RecommendationForm, ResponseForm, TargetDateChangeForm
from recommendations.models import (
    FollowUpAssessment,
    Recommendation,
    Response,
    addressees_prefetch,
)
from recommendations.services import (
    recommendation_move,
    response_save,
    responses_publish,
)
from reviews.views.generic import (
    ChildCreateView,
    ChildDeleteView,
    ChildUpdateView,
    EditConflictMixin,
    ReviewMixin,
    ReviewPage,
)
from scrutiny.exceptions import TransitionNotAllowed

SECTION = ("Recommendations", "recommendations:list")
RESPONSES = ("Responses", "recommendations:responses")


def visible_recommendations(review, user):
    return Recommendation.objects.for_user(user).filter(review=review)


def with_visible_responses(recommendations, user):
    """The recommendations as a list, each addressee (`links`) with
    `visible_response`: its response if `user` may see it (drafts only to the people
    writing them), else None."""
    recommendations = list(
        recommendations.select_related("review__body").prefetch_related(
            *addressees_prefetch(timezone.localdate())
        )
    )
    for recommendation in recommendations:
        recommendation.mark_visible_responses(user)
    return recommendations


class RecommendationListView(ReviewPage):
    template_name = "recommendations/recommendation_list.html"
    section = SECTION

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["recommendations"] = with_visible_responses(
            visible_recommendations(self.review, user)
            .prefetch_related("conclusions")
            .with_overdue(timezone.localdate()),
            user,
        )
        return context


class RecommendationCreate(ChildCreateView):
    model = Recommendation
    form_class = RecommendationForm
    form_takes_review = True
    section = SECTION
    title = "Add a recommendation"
    success_message = "Recommendation added."


class RecommendationUpdate(ChildUpdateView):
    model = Recommendation
    form_class = RecommendationForm
    form_takes_review = True
    section = SECTION

    def get_title(self):
        return f"Edit recommendation {self.object.number}"


class RecommendationDelete(ChildDeleteView):
    model = Recommendation
    section = SECTION
    title = "Delete this recommendation?"


class RecommendationMove(ReviewMixin, View):
    """Renumber by moving one place up or down (a button per row, no JavaScript)."""

    requires_edit = True
    section = SECTION
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        recommendation = get_object_or_404(self.review.recommendations, pk=kwargs["pk"])
        direction = request.POST.get("direction")
        if direction not in ("up", "down"):
            messages.error(request, "Choose whether to move it up or down.")
        elif recommendation_move(recommendation=recommendation, direction=direction):
            messages.success(
                request, f"Moved {direction}: it is now recommendation {recommendation.number}."
            )
        return HttpResponseRedirect(self.section_url() + f"#item-{recommendation.pk}")


# --- one recommendation and its response ------------------------------------------------


class RecommendationMixin(ReviewMixin):
    """`get_recommendation()`: one the user may see, within the URL's review."""

    recommendation_kwarg = "pk"

    def get_recommendation(self):
        if not hasattr(self, "_recommendation"):
            self._recommendation = get_object_or_404(
                visible_recommendations(self.review, self.request.user)
                .select_related("review__body")
                .prefetch_related(*addressees_prefetch(timezone.localdate())),
                pk=self.kwargs[self.recommendation_kwarg],
            )
        return self._recommendation

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recommendation"] = self.get_recommendation()
        return context


class RecommendationDetailView(RecommendationMixin, ReviewPage):
    template_name = "recommendations/recommendation_detail.html"
    section = SECTION

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recommendation = self.get_recommendation()
        user = self.request.user
        for link in recommendation.links:
            response = link.response
            if response is not None and not response.user_can_view(user):
                response = None
            link.visible_response = response
            link.changes = (
                response.target_date_changes.select_related("changed_by__person")
                if response
                else []
            )
            link.can_respond = recommendation.user_can_respond(user, link.responding_body)
            link.can_publish = bool(response and response.user_can_publish(user))
            link.can_change_target_date = bool(
                response and response.user_can_change_target_date(user)
            )
            link.url_kwargs = {
                "slug": self.review.slug,
                "pk": recommendation.pk,
                "to": link.responding_body_id,
            }
            link.letter_url = (
                reverse("recommendations:response_letter", kwargs=link.url_kwargs)
                if response and response.letter
                else ""
            )
        context["assessments"] = (
            FollowUpAssessment.objects.filter(recommendation=recommendation)
            .select_related("follow_up")
            .order_by("follow_up__sequence")
        )
        return context


class AddresseeMixin(RecommendationMixin):
    """`get_link()`: the URL's addressee (`to`, a responding body) of the recommendation."""

    def get_link(self):
        link = self.get_recommendation().link_for(self.kwargs["to"])
        if link is None:
            raise Http404("The recommendation is not addressed to them.")
        return link

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["link"] = self.get_link()
        context["responding_body"] = self.get_link().responding_body
        return context


class ResponseEditView(AddresseeMixin, EditConflictMixin, FormView):
    """Write the response. The Commissioner's office saves a draft and sends it; an
    officer entering a response received by letter records it as received. A save
    from a form loaded before someone else saved (or sent) the response is refused
    (`EditConflictMixin`)."""

    template_name = "recommendations/response_form.html"
    form_class = ResponseForm
    section = SECTION
    edit_noun = "response"

    def get(self, request, *args, **kwargs):
        self.check_permission()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.check_permission()
        return super().post(request, *args, **kwargs)

    def check_permission(self):
        responding_body = self.get_link().responding_body
        if not self.get_recommendation().user_can_respond(self.request.user, responding_body):
            raise PermissionDenied("You cannot write this response to the recommendation.")

    @property
    def is_officer(self):
        return self.review.user_can_run(self.request.user)

    def get_edit_instance(self):
        """The response read now (the recommendation's cached one may be older than
        the save's lock), or a new one."""
        recommendation = self.get_recommendation()
        responding_body = self.get_link().responding_body
        return Response.objects.filter(
            recommendation=recommendation, responding_body=responding_body
        ).first() or Response(recommendation=recommendation, responding_body=responding_body)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_edit_instance()
        kwargs["records_receipt"] = self.is_officer
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        response = self.get_link().response
        context["response"] = response
        context["is_draft"] = response is None or response.is_draft
        context["is_officer"] = self.is_officer
        context["cancel_url"] = self.get_recommendation().get_absolute_url()
        return context

    def form_valid(self, form):
        # Only a draft is sent; a received response is corrected in place.
        send = self.request.POST.get("action") == "send" and form.instance.is_draft
        try:
            response = response_save(
                form=form,
                recommendation=self.get_recommendation(),
                responding_body=self.get_link().responding_body,
                user=self.request.user,
                send=send,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if send:
            messages.success(
                self.request,
                f"Response of {response.responding_body.name} to recommendation "
                f"{response.recommendation.number} recorded as received on "
                f"{response.received_on:%-d %B %Y}.",
            )
        elif response.is_draft:
            messages.success(self.request, "Draft saved. It has not been sent yet.")
        else:
            messages.success(self.request, "Your changes to the response have been saved.")
        return HttpResponseRedirect(response.recommendation.get_absolute_url())


class ResponseObjectMixin(AddresseeMixin):
    """A view of an addressee's response, which must exist and be visible."""

    def get_response(self):
        response = self.get_link().response
        if response is None or not response.user_can_view(self.request.user):
            raise Http404("There is no response to this recommendation yet.")
        return response


class ResponsePublishView(ResponseObjectMixin, View):
    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        self.check()
        return self.http_method_not_allowed(request, *args, **kwargs)

    def check(self):
        if not self.get_response().user_can_publish(self.request.user):
            raise PermissionDenied("Only democratic services publish a received response.")

    def post(self, request, *args, **kwargs):
        self.check()
        response = self.get_response()
        try:
            response.publish(user=request.user)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"The response of {response.responding_body.name} to recommendation "
                f"{response.recommendation.number} is published beside the report.",
            )
        return HttpResponseRedirect(response.recommendation.get_absolute_url())


class TargetDateChangeView(ResponseObjectMixin, FormView):
    template_name = "recommendations/target_date_form.html"
    form_class = TargetDateChangeForm
    section = SECTION

    def get(self, request, *args, **kwargs):
        self.check()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.check()
        return super().post(request, *args, **kwargs)

    def check(self):
        if not self.get_response().user_can_change_target_date(self.request.user):
            raise PermissionDenied("You cannot change this target date.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "response": self.get_response()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        response = self.get_response()
        context["response"] = response
        context["changes"] = response.target_date_changes.select_related("changed_by__person")
        context["cancel_url"] = self.get_recommendation().get_absolute_url()
        return context

    def form_valid(self, form):
        response = self.get_response()
        try:
            response.change_target_date(
                new_date=form.cleaned_data["new_date"],
                reason=form.cleaned_data["reason"],
                user=self.request.user,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Target date changed to {response.target_date:%-d %B %Y}. The old date and "
            "the reason are kept.",
        )
        return HttpResponseRedirect(self.get_recommendation().get_absolute_url())


class ResponseLetterView(ResponseObjectMixin, View):
    """The letter, only to those who may see the response: never a public file URL."""

    def get(self, request, *args, **kwargs):
        response = self.get_response()
        if not response.letter:
            raise Http404("No letter is attached to this response.")
        return FileResponse(
            response.letter.open("rb"),
            as_attachment=True,
            filename=response.letter_filename or response.letter.name.rsplit("/", 1)[-1],
            content_type="application/pdf",
        )


# --- all the responses of a review -------------------------------------------------------


class ResponseListView(ReviewPage):
    template_name = "recommendations/response_list.html"
    section = RESPONSES

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        recommendations = with_visible_responses(
            visible_recommendations(self.review, user).needing_response(),
            user,
        )
        links = [link for r in recommendations for link in r.links]
        received = [
            link.visible_response
            for link in links
            if link.visible_response and not link.visible_response.is_draft
        ]
        context.update(
            recommendations=recommendations,
            received_count=len(received),
            to_publish=sum(1 for r in received if r.status == Response.Status.SUBMITTED),
            can_publish=self.review.user_can_publish(user),
            overdue_count=sum(1 for link in links if link.is_overdue),
            expected_count=len(links),
            responding_bodies=sorted(
                {link.responding_body for link in links}, key=lambda b: b.name.casefold()
            ),
        )
        return context


class ResponsesPublishView(ReviewMixin, View):
    """Publish every received response of the review at once."""

    http_method_names = ["get", "post"]

    def check(self):
        if not self.review.user_can_publish(self.request.user):
            raise PermissionDenied("Only democratic services publish responses.")

    def get(self, request, *args, **kwargs):
        self.check()
        return self.http_method_not_allowed(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.check()
        count = responses_publish(review=self.review, user=request.user)
        if count:
            messages.success(request, f"{count} response{'s' if count != 1 else ''} published.")
        else:
            messages.error(request, "There are no received responses waiting to be published.")
        return HttpResponseRedirect(reverse(RESPONSES[1], kwargs={"slug": self.review.slug}))
