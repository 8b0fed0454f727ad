from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from reviews.models import Document, Review


def get_review_for(user, slug):
    """The review, if `user` may see it; otherwise 404 so its existence is not leaked."""
    return get_object_or_404(Review.objects.for_user(user).select_related("body"), slug=slug)


@login_required
def review_detail(request, slug):
    review = get_review_for(request.user, slug)
    return render(
        request,
        "reviews/review_detail.html",
        {
            "review": review,
            "can_edit": review.user_can_edit(request.user),
            "key_lines": review.key_lines.all(),
            "working_group": review.working_group.select_related("person"),
            "meetings": review.meetings.all(),
            "evidence": review.evidence.all(),
            "conclusions": review.conclusions.all(),
            "recommendations": review.recommendations.all(),
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
