"""Publishing the final report: one service that spans the review, its versions, the
PDF renderer and file storage (STYLE.md, "Services").

A publication freezes a final `ReportVersion`, renders its PDF once, and keeps the
file with its SHA-256. From then on the review's content cannot be edited
(`Review.user_can_edit`). A correction is a new publication with the next sequence
number and a reason, which is shown publicly; earlier publications are kept.
"""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from reviews.models import PublishedReport, ReportVersion, Review
from reviews.pdf import pdf_for_html, print_html
from reviews.report import assemble_report, render_report_body, report_sections_text
from scrutiny.exceptions import TransitionNotAllowed


def report_publish(*, review, user, correction_reason=""):
    """Publish the final report of `review` (or a correction of it). Returns the new
    `PublishedReport`. Raises `TransitionNotAllowed` before the Panel has agreed the
    report, or for a second publication without a reason."""
    correction_reason = (correction_reason or "").strip()
    if not review.is_agreed:
        raise TransitionNotAllowed(
            "The Panel must agree the final report before it can be published."
        )
    if review.is_published and not correction_reason:
        raise TransitionNotAllowed(
            "This report is already published. To publish a correction, say what was "
            "corrected and why."
        )
    if not review.is_published and correction_reason:
        raise TransitionNotAllowed("A report that has not been published cannot be corrected.")

    # Render outside the transaction: it takes seconds and needs no lock.
    report = assemble_report(review, final=True)
    body = render_report_body(review, report=report)
    sections = report_sections_text(review, report=report)
    pdf = pdf_for_html(review.pk, print_html(report=report))
    digest = hashlib.sha256(pdf).hexdigest()

    with transaction.atomic():
        # One publisher at a time: the version and sequence numbers come next in line.
        Review.objects.select_for_update().filter(pk=review.pk).first()
        latest = review.report_versions.aggregate(n=Max("number"))["n"] or 0
        version = ReportVersion.objects.create(
            review=review,
            number=latest + 1,
            kind=ReportVersion.Kind.FINAL,
            html=body,
            sections=sections,
            note=correction_reason or "The final report as published.",
            issued_by=user,
        )
        sequence = (review.publications.aggregate(n=Max("sequence"))["n"] or 0) + 1
        publication = PublishedReport(
            review=review,
            version=version,
            sequence=sequence,
            sha256=digest,
            correction_reason=correction_reason,
            published_by=user,
        )
        name = f"{review.slug}-final-report" + (
            f"-correction-{sequence - 1}" if sequence > 1 else ""
        )
        publication.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
        try:
            publication.save()
        except Exception:
            publication.pdf.delete(save=False)
            raise
    return publication
