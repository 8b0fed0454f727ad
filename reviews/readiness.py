"""What is checked before a draft is issued and before the final report is published.

Each check gives a blocker (the step cannot be taken until it is put right) or a
warning (the step may go ahead once someone says they have read it; what they
confirmed is kept with the version they issued: `ReportVersion.confirmed_warnings`).
The issuing and publishing services ask these; the pages show them before the
button, so nobody finds out by failing.
"""

from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.urls import reverse

from reviews.documents import name_contradicts_content
from reviews.models import Document, ReportComment, ReportSection, ReportVersion, Review
from reviews.report import assemble_report

# Bytes of a stored file read to tell what it is: enough for every signature sniffed.
SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class Check:
    message: str
    url: str = ""  # where to put it right


@dataclass
class Readiness:
    blockers: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def is_ready(self):
        return not self.blockers

    @property
    def warning_messages(self):
        return [warning.message for warning in self.warnings]

    def unconfirmed(self, confirmed):
        """The warnings not among `confirmed` (messages someone said they read)."""
        return [w for w in self.warnings if w.message not in set(confirmed or ())]


def _url(review, name, **kwargs):
    return reverse(name, kwargs={"slug": review.slug, **kwargs})


def empty_parts(review):
    """The foreword and sections with nothing written in them: the draft shows each
    with a placeholder, and the final report would leave it out."""
    report = assemble_report(review, final=False)
    parts = [report.foreword, *report.sections]
    return [
        part
        for part in parts
        if part.blocks
        and all(block.kind == "placeholder" for block in part.blocks)
        and not part.recommendations
    ]


def mismatched_evidence(review):
    """Evidence documents whose stored content is not what their name says (a text
    file called fake.pdf), checked from the file's own bytes as uploads are."""
    found = []
    documents = Document.objects.filter(review=review).exclude(file="")
    for document in documents.only("pk", "title", "file", "original_filename"):
        evidence = document
        name = document.original_filename or document.file.name.rsplit("/", 1)[-1]
        try:
            with default_storage.open(document.file.name, "rb") as handle:
                head = handle.read(SNIFF_BYTES)
        except OSError:
            found.append((evidence, f"The file of “{evidence.title}” ({name}) is missing."))
            continue
        problem = name_contradicts_content(name, head)
        if problem:
            found.append((evidence, f"“{evidence.title}”: {problem}"))
    return found


def _evidence_blockers(review):
    return [
        Check(message, _url(review, "reviews:evidence_detail", pk=evidence.pk))
        for evidence, message in mismatched_evidence(review)
    ]


def _recommendations_without_conclusions(review):
    numbers = list(
        review.recommendations.filter(conclusions__isnull=True)
        .order_by("number")
        .values_list("number", flat=True)
    )
    if not numbers:
        return []
    listed = ", ".join(str(n) for n in numbers)
    return [
        Check(
            f"Recommendation{'s' if len(numbers) > 1 else ''} {listed} "
            f"{'are' if len(numbers) > 1 else 'is'} not linked to any conclusion.",
            reverse("recommendations:list", kwargs={"slug": review.slug}),
        )
    ]


def _empty_part_checks(review):
    return [
        Check(
            f"“{part.heading}” has nothing written in it.",
            _url(review, "reviews:report"),
        )
        for part in empty_parts(review)
    ]


def latest_draft(review):
    return review.report_versions.filter(kind=ReportVersion.Kind.DRAFT).order_by("-number").first()


def approvals_of(version):
    """(approved, of): approvals of `version` by its working group's approving members."""
    members = version.review.working_group.filter(role__in=ReportVersion.APPROVING_ROLES)
    return version.approvals.filter(member__in=members).count(), members.count()


def _open_comments(version):
    return ReportComment.objects.filter(version=version).open().count()


def before_issuing_draft(review):
    result = Readiness()
    if review.status in (Review.Status.COMMISSIONED, Review.Status.SCOPED):
        result.blockers.append(
            Check(
                "Start evidence gathering before issuing a draft: the review is "
                f"‘{review.get_status_display()}’.",
                review.get_absolute_url(),
            )
        )
    if not review.is_open_for_drafts:
        result.blockers.append(
            Check("The final report has been agreed, so no more drafts can be issued.")
        )
    result.blockers += _evidence_blockers(review)
    if not review.sections.filter(kind=ReportSection.Kind.FOREWORD).exclude(body="").exists():
        result.warnings.append(
            Check("The chair's foreword has not been written.", _url(review, "reviews:report"))
        )
    result.warnings += _recommendations_without_conclusions(review)
    previous = latest_draft(review)
    if previous is not None and (count := _open_comments(previous)):
        result.warnings.append(
            Check(
                f"{count} comment{'s' if count != 1 else ''} on version {previous.number} "
                f"{'are' if count != 1 else 'is'} still open.",
                _url(review, "reviews:report_comment", number=previous.number),
            )
        )
    return result


def before_publishing(review):
    """Checks before the final report is published (the first time; a correction is
    checked the same way)."""
    result = Readiness()
    if not review.is_agreed:
        result.blockers.append(
            Check(
                "The Panel must agree the final report before it can be published.",
                review.get_absolute_url(),
            )
        )
    result.blockers += _empty_part_checks(review)
    result.blockers += _evidence_blockers(review)
    draft = latest_draft(review)
    if draft is None:
        result.warnings.append(
            Check("No draft was issued to the working group.", _url(review, "reviews:report"))
        )
    else:
        approved, of = approvals_of(draft)
        if approved < of:
            result.warnings.append(
                Check(
                    f"Draft version {draft.number} was approved by {approved} of {of} members "
                    "of the working group.",
                    _url(review, "reviews:report_versions"),
                )
            )
        if draft.foreword_signed_at is None:
            result.warnings.append(
                Check(
                    f"The chair has not signed the foreword of draft version {draft.number}.",
                    draft.get_absolute_url(),
                )
            )
        if count := _open_comments(draft):
            result.warnings.append(
                Check(
                    f"{count} comment{'s' if count != 1 else ''} on draft version "
                    f"{draft.number} {'are' if count != 1 else 'is'} still open.",
                    _url(review, "reviews:report_comment", number=draft.number),
                )
            )
    result.warnings += _recommendations_without_conclusions(review)
    return result
