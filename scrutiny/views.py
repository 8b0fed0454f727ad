from django.contrib.auth.decorators import login_required
from django.db.models import Max, Prefetch
from django.shortcuts import render
from django.utils import timezone

from recommendations.services import dashboard_due
from reviews.models import Review
from scrutiny.models import Role, ScrutinyBody


def home(request):
    # Published reports only: the public never sees a draft.
    published = (
        Review.objects.published()
        .select_related("body")
        .annotate(published_at=Max("publications__published_at"))
        .order_by("-published_at")
    )
    return render(request, "home.html", {"published_reports": published})


@login_required
def dashboard(request):
    reviews = (
        Review.objects.for_user(request.user)
        .select_related("body")
        .order_by("body__name", "-commissioned_on")
    )
    # Each body with only this user's roles and the reviews they may see: three
    # queries however many bodies and reviews there are.
    bodies = ScrutinyBody.objects.for_user(request.user).prefetch_related(
        Prefetch("roles", queryset=Role.objects.filter(user=request.user), to_attr="user_roles"),
        Prefetch(
            "reviews",
            queryset=Review.objects.for_user(request.user).order_by(
                "-commissioned_on", "short_title"
            ),
            to_attr="visible_reviews",
        ),
    )
    can_start_review = any(
        role.role == Role.Name.OFFICER for body in bodies for role in body.user_roles
    )
    return render(
        request,
        "dashboard.html",
        {
            "reviews": reviews,
            "bodies": bodies,
            "can_start_review": can_start_review,
            "due": dashboard_due(user=request.user, today=timezone.localdate()),
        },
    )
