"""Recommendations inside a review: list, write, renumber."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views import View

from recommendations.forms import RecommendationForm
from recommendations.models import Recommendation
from recommendations.services import recommendation_move
from reviews.generic import (
    ChildCreateView,
    ChildDeleteView,
    ChildUpdateView,
    ReviewMixin,
    ReviewPage,
)

SECTION = ("Recommendations", "recommendations:list")


class RecommendationListView(ReviewPage):
    template_name = "recommendations/recommendation_list.html"
    section = SECTION

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recommendations"] = self.review.recommendations.prefetch_related("conclusions")
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
