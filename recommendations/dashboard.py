"""The site's front pages: the public home page and a signed-in user's dashboard.

They draw on every app, so they live in the top one (imports run recommendations →
reviews → scrutiny)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Max, Prefetch
from django.shortcuts import render
from django.utils import timezone

from recommendations.services import dashboard_due
from reviews.models import Meeting, Review
from reviews.progress import with_progress_counts
from scrutiny.models import Role, ScrutinyBody

UPCOMING_MEETINGS = 10


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
    today = timezone.localdate()
    visible = Review.objects.for_user(request.user)
    # Each body with only this user's roles and the reviews they may see, with the
    # counts behind each review's progress: a fixed number of queries however many
    # bodies and reviews there are.
    bodies = ScrutinyBody.objects.for_user(request.user).prefetch_related(
        Prefetch("roles", queryset=Role.objects.filter(user=request.user), to_attr="user_roles"),
        Prefetch(
            "reviews",
            queryset=with_progress_counts(visible).order_by("-commissioned_on", "short_title"),
            to_attr="visible_reviews",
        ),
    )
    can_start_review = any(
        role.role == Role.Name.OFFICER for body in bodies for role in body.user_roles
    )
    upcoming = (
        Meeting.objects.filter(review__in=visible, date__gte=today)
        .select_related("review")
        .order_by("date", "pk")[:UPCOMING_MEETINGS]
    )
    return render(
        request,
        "dashboard.html",
        {
            "bodies": bodies,
            "can_start_review": can_start_review,
            "upcoming_meetings": upcoming,
            "due": dashboard_due(user=request.user, today=today),
        },
    )
