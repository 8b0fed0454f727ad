"""The history of changes to a review."""

from django.core.paginator import Paginator

from reviews.history import review_history, with_changes
from reviews.views.generic import PAGE_SIZE, ReviewPage


class HistoryView(ReviewPage):
    template_name = "reviews/history.html"
    section = ("History of changes", "reviews:history")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(review_history(self.review), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        with_changes(page.object_list)
        context["page"] = page
        return context
