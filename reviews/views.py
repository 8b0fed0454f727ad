from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from reviews.generic import get_review_for
from reviews.models import Attendance, Document, Review, Witness
from reviews.progress import with_progress_counts


@login_required
def review_detail(request, slug):
    review = get_object_or_404(
        with_progress_counts(Review.objects.for_user(request.user)).select_related("body"),
        slug=slug,
    )
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
            ).defer("document__extracted_text"),
            "findings": review.findings.prefetch_related("evidence"),
            "conclusions": review.conclusions.prefetch_related("evidence", "findings"),
            # The recommendations app's rule (through the reverse relation): the
            # Commissioner's office sees only those addressed to it.
            "recommendations": review.recommendations.for_user(request.user).select_related(
                "response"
            ),
        },
    )


@login_required
def document_download(request, slug, pk):
    review = get_review_for(request.user, slug)
    document = get_object_or_404(Document, pk=pk, review=review)
    if not document.file:
        raise Http404("This document has no file.")
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_filename or document.file.name.rsplit("/", 1)[-1],
        content_type=document.content_type or "application/octet-stream",
    )
