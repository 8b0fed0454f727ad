"""A review's own page (everything in it at a glance), and starting a new review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render

from reviews import forms, lifecycle, services
from reviews.models import Attendance, Evidence, Review, Witness
from reviews.progress import with_progress_counts
from scrutiny.models import Role, ScrutinyBody


@login_required
def review_create(request):
    bodies = ScrutinyBody.objects.for_user(request.user, roles=[Role.Name.OFFICER])
    if not bodies.exists():
        raise PermissionDenied("Only a body's officers can start a review.")
    form = forms.NewReviewForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        review = services.review_create(form=form, body=form.cleaned_data["body"])
        messages.success(request, f"{review.working_group_name} has been created.")
        return redirect(review)
    return render(request, "reviews/review_create.html", {"form": form})


EVIDENCE_TEXT = ("search_document", "search_vector")


@login_required
def review_detail(request, slug):
    review = get_object_or_404(
        with_progress_counts(Review.objects.for_user(request.user)).select_related("body"),
        slug=slug,
    )
    # Evidence is named here, never read: its words (a document's can run to a megabyte)
    # stay in the database.
    titles = Evidence.objects.defer(*EVIDENCE_TEXT)
    # Every list is fetched with its related rows up front, so the number of
    # queries does not grow with the number of meetings, evidence or findings.
    return render(
        request,
        "reviews/review_detail.html",
        {
            "review": review,
            "can_edit": review.user_can_edit(request.user),
            "key_lines": review.key_lines.all(),
            "working_group": review.working_group.select_related("person"),
            "milestones": review.milestones.all(),
            "variations": review.variations.select_related("meeting"),
            "meetings": review.meetings.prefetch_related(
                Prefetch(
                    "attendance",
                    queryset=Attendance.objects.select_related("person").order_by(
                        "person__family_name", "person__given_name"
                    ),
                ),
                Prefetch(
                    "witnesses",
                    queryset=Witness.objects.select_related("person", "organisation"),
                ),
            ),
            "evidence": review.evidence.select_related(
                "meeting", "oralevidence", "questionset", "callforevidence", "document", "dataset"
            ).defer(*EVIDENCE_TEXT, "document__extracted_text"),
            "findings": review.findings.prefetch_related(Prefetch("evidence", queryset=titles)),
            "conclusions": review.conclusions.prefetch_related(
                Prefetch("evidence", queryset=titles), "findings"
            ),
            "recommendations": _recommendations(review, request.user),
            "next": lifecycle.next_steps(review, request.user),
        },
    )


def _recommendations(review, user):
    """The recommendations app's rules (through the reverse relation): respondents see
    only those addressed to a body they answer for, and each addressee's response only
    where `user` may see it (`visible_response`)."""
    recommendations = list(
        review.recommendations.for_user(user).prefetch_related(
            "addressee_links__responding_body", "responses"
        )
    )
    for recommendation in recommendations:
        recommendation.mark_visible_responses(user)
    return recommendations
