"""Publishing the final report: one service that spans the review, its versions, the
PDF renderer and file storage (STYLE.md, "Services").

A publication freezes a final `ReportVersion`, renders its PDF once, and keeps the
file with its SHA-256. From then on the review's content cannot be edited
(`Review.user_can_edit`); what follows the report -- responses, follow-ups -- goes
on. A correction is a new publication with the next sequence number and a reason,
which is shown publicly; earlier publications are kept.

Nothing is published past a blocker (`reviews.readiness.before_publishing`), and
warnings only once the publisher has confirmed them; those are kept with the final
version, which also carries the approvals and the chair's sign-off of the draft it
was agreed from.
"""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from reviews import readiness
from reviews.models import PublishedReport, ReportApproval, ReportVersion, Review
from reviews.pdf import pdf_for_html, print_html
from reviews.report import assemble_report, render_report_body, report_sections_text
from scrutiny.exceptions import TransitionNotAllowed


def check_publishable(review, confirmed_warnings):
    """Raise `TransitionNotAllowed` naming what stops publication, or the warnings
    the publisher has not confirmed. Returns the confirmed warnings."""
    checks = readiness.before_publishing(review)
    if checks.blockers:
        raise TransitionNotAllowed(
            "The report cannot be published yet: "
            + " ".join(check.message for check in checks.blockers)
        )
    unconfirmed = checks.unconfirmed(confirmed_warnings)
    if unconfirmed:
        raise TransitionNotAllowed(
            "Confirm that you have read the warnings before publishing: "
            + " ".join(check.message for check in unconfirmed)
        )
    return checks.warning_messages


def _carry_agreement(final, draft):
    """The final version shows the approvals and the foreword sign-off of the draft it
    was agreed from."""
    if draft is None:
        return
    final.foreword_signed_by = draft.foreword_signed_by
    final.foreword_signed_at = draft.foreword_signed_at
    final.save(update_fields=["foreword_signed_by", "foreword_signed_at"])
    ReportApproval.objects.bulk_create(
        ReportApproval(
            version=final,
            member_id=approval.member_id,
            approved_by_id=approval.approved_by_id,
            approved_at=approval.approved_at,
        )
        for approval in draft.approvals.all()
    )


def report_publish(*, review, user, correction_reason="", confirmed_warnings=()):
    """Publish the final report of `review` (or a correction of it). Returns the new
    `PublishedReport`. Raises `TransitionNotAllowed` before the Panel has agreed the
    report, past a blocker or an unconfirmed warning (`confirmed_warnings`: the
    messages of `readiness.before_publishing` the publisher confirmed), or for a
    second publication without a reason."""
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
    confirmed = check_publishable(review, confirmed_warnings)

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
        agreed_draft = readiness.latest_draft(review)
        version = ReportVersion.objects.create(
            review=review,
            number=latest + 1,
            kind=ReportVersion.Kind.FINAL,
            html=body,
            sections=sections,
            note=correction_reason or "The final report as published.",
            issued_by=user,
            confirmed_warnings=confirmed,
        )
        _carry_agreement(version, agreed_draft)
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
