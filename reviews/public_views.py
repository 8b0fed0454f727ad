"""The published report for the public: HTML first, the PDF as the download (as
GDS advises), with every correction and its reason. What is shown is what was
published (the frozen final version and the stored PDF), never the live records."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404, render

from reviews.models import PublishedReport, Review
from reviews.report import contents_from_sections


def _published_review(slug):
    return get_object_or_404(Review.objects.published().select_related("body"), slug=slug)


def report(request, slug):
    review = _published_review(slug)
    publications = list(review.publications.select_related("version").order_by("sequence"))
    latest = publications[-1]
    nav = contents_from_sections(latest.version.sections)
    return render(
        request,
        "report/public_report.html",
        {
            "review": review,
            "publication": latest,
            "publications": publications,
            "corrections": [p for p in publications if p.correction_reason],
            "nav": nav,
        },
    )


def report_pdf(request, slug, sequence=None):
    """The stored PDF, byte for byte as published (its SHA-256 is on the report page)."""
    review = _published_review(slug)
    publications = PublishedReport.objects.filter(review=review)
    if sequence is None:
        publication = publications.order_by("-sequence").first()
    else:
        publication = get_object_or_404(publications, sequence=sequence)
    suffix = f"-{publication.sequence}" if sequence is not None else ""
    return FileResponse(
        publication.pdf.open("rb"),
        as_attachment=False,
        filename=f"{review.slug}-final-report{suffix}.pdf",
        content_type="application/pdf",
    )
