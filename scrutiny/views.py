from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from reviews.models import Review
from scrutiny.models import ScrutinyBody


def home(request):
    return render(request, "home.html")


@login_required
def dashboard(request):
    reviews = (
        Review.objects.for_user(request.user)
        .select_related("body")
        .order_by("body__name", "-commissioned_on")
    )
    bodies = ScrutinyBody.objects.for_user(request.user).prefetch_related("roles")
    return render(request, "dashboard.html", {"reviews": reviews, "bodies": bodies})
