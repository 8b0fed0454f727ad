"""Searching the evidence of every review the user may see."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode

from reviews.models import Evidence, Review
from reviews.search import search_evidence
from reviews.views.generic import PAGE_SIZE


@login_required
def search_all(request):
    """Search the evidence of every review the user may see."""
    query = request.GET.get("q", "").strip()
    page = None
    if query:
        evidence = Evidence.objects.filter(review__in=Review.objects.for_user(request.user))
        results = search_evidence(evidence.select_related("review"), query)
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/search.html",
        {"query": query, "query_string": urlencode({"q": query}), "page": page},
    )
