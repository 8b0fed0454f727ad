"""A review's life in the interface: for each stage, what is still needed before the
next one, who takes the next step and where; the officers' stage steps; and the
steps that follow an action by themselves.

`Review`'s verb methods move the status and keep the audit trail; this module says
what each step needs first (`officer_step`) and what the overview's "What happens
next" panel shows (`next_steps`). Apps above `reviews` add what follows a step
(`on_presented`) and what the panel shows once the report is presented
(`register_later_steps`) from their AppConfig.ready(), so `reviews` never names them.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse

from reviews import readiness
from reviews.drafts import report_issue_version
from reviews.models import Review
from scrutiny.exceptions import TransitionNotAllowed
from scrutiny.partial_dates import as_known

OFFICER = "an officer"
PUBLISHER = "democratic services"

# Functions (review, user) called in the transaction that presents a report.
AFTER_PRESENTED = []
# Functions (review, user) -> [Step] shown once the report is presented.
LATER_STEPS = []


def on_presented(function):
    AFTER_PRESENTED.append(function)
    return function


def register_later_steps(function):
    LATER_STEPS.append(function)
    return function


@dataclass
class Step:
    """One next step: `label` is its button (or link), `url` where it is taken:
    POSTed to when `post`, else a page asking for what it needs."""

    label: str
    url: str
    who: str
    allowed: bool
    post: bool = False
    needs: list = field(default_factory=list)  # readiness.Check: what stops it
    secondary: bool = False

    @property
    def can_take(self):
        return self.allowed and not self.needs


@dataclass
class NextSteps:
    stage: str
    summary: str
    steps: list
    warnings: list = field(default_factory=list)  # readiness.Check: worth knowing


def _url(review, name, **kwargs):
    return reverse(name, kwargs={"slug": review.slug, **kwargs})


# --- the officers' stage steps ------------------------------------------------------------


def _scope_needs(review):
    needs = []
    if not review.purpose.strip():
        needs.append(readiness.Check("Write the review's purpose.", _url(review, "reviews:scope")))
    if not review.key_lines.exists():
        needs.append(
            readiness.Check(
                "Add at least one key line of enquiry.", _url(review, "reviews:keyline_add")
            )
        )
    return needs


def _evidence_needs(review):
    if review.working_group.exists():
        return []
    return [
        readiness.Check(
            "Add the members of the working group.", _url(review, "reviews:working_group")
        )
    ]


def _drafting_needs(review):
    needs = []
    if not review.evidence.exists():
        needs.append(
            readiness.Check("Record the evidence gathered.", _url(review, "reviews:evidence"))
        )
    if not review.findings.exists():
        needs.append(
            readiness.Check("Record what the evidence found.", _url(review, "reviews:findings"))
        )
    return needs


# name in the URL → (verb on Review, what it needs, label, message when done)
OFFICER_STEPS = {
    "confirm-scope": (
        "confirm_scope",
        _scope_needs,
        "Confirm the scope",
        "The scope is confirmed. Next: the working group and evidence gathering.",
    ),
    "start-evidence": (
        "start_evidence_gathering",
        _evidence_needs,
        "Start evidence gathering",
        "Evidence gathering has started.",
    ),
    "start-drafting": (
        "start_drafting",
        _drafting_needs,
        "Start drafting the report",
        "Drafting has started. Issue the first draft when the report is ready to read.",
    ),
}


def officer_step(*, review, user, step):
    """Take one of the officers' stage steps. Returns the message to show; raises
    `TransitionNotAllowed` saying what is still needed."""
    verb, needs_of, _label, done = OFFICER_STEPS[step]
    needs = needs_of(review)
    if needs:
        raise TransitionNotAllowed(
            "This step cannot be taken yet. " + " ".join(need.message for need in needs)
        )
    getattr(review, verb)(user=user)
    return done


def _officer_step(review, user, step):
    _verb, needs_of, label, _done = OFFICER_STEPS[step]
    return Step(
        label,
        _url(review, "reviews:stage_step", step=step),
        OFFICER,
        review.user_can_run(user),
        post=True,
        needs=needs_of(review),
    )


# --- services the pages call ---------------------------------------------------------------


def draft_issue(*, review, user, note="", confirmed_warnings=()):
    """Issue the next draft once nothing blocks it and its warnings are confirmed."""
    checks = readiness.before_issuing_draft(review)
    if checks.blockers:
        raise TransitionNotAllowed(" ".join(check.message for check in checks.blockers))
    if checks.unconfirmed(confirmed_warnings):
        raise TransitionNotAllowed("Confirm that you have read the warnings first.")
    return report_issue_version(
        review=review, user=user, note=note, confirmed_warnings=checks.warning_messages
    )


def review_agree(*, review, user, agreed_on, meeting=""):
    """Record the Panel's agreement of the final report, once a draft has been issued."""
    needs = agreement_needs(review)
    if needs:
        raise TransitionNotAllowed(" ".join(need.message for need in needs))
    review.record_agreement(user=user, agreed_on=agreed_on, meeting=meeting)


def review_present(*, review, user, presented_on, response_period_months=None):
    """Record that the report went to the Commissioner; what follows from that (the
    first follow-up) is scheduled in the same transaction."""
    with transaction.atomic():
        review.present(
            user=user, presented_on=presented_on, response_period_months=response_period_months
        )
        for function in AFTER_PRESENTED:
            function(review=review, user=user)


# --- the "What happens next" panel ---------------------------------------------------------


def agreement_needs(review):
    if readiness.latest_draft(review) is None:
        return [
            readiness.Check(
                "An officer issues a draft for the working group first.",
                _url(review, "reviews:report_versions"),
            )
        ]
    return []


def _publish_step(review, user):
    checks = readiness.before_publishing(review)
    step = Step(
        "Publish the final report",
        _url(review, "reviews:report_publish"),
        PUBLISHER,
        review.user_can_publish(user),
        needs=checks.blockers,
    )
    return step, checks.warnings


def _drafting(review, user):
    draft = readiness.latest_draft(review)
    if draft is None:
        summary = "The report is being drafted. No draft has been issued yet."
    else:
        approved, of = readiness.approvals_of(draft)
        signed = "signed" if draft.foreword_signed_at else "not signed"
        summary = (
            f"Draft version {draft.number} is with the working group: approved by "
            f"{approved} of {of} members; the chair's foreword is {signed}."
        )
    issue = Step(
        "Issue a draft" if draft is None else "Issue a new draft",
        _url(review, "reviews:report_issue"),
        OFFICER,
        review.user_can_issue_draft(user),
        needs=readiness.before_issuing_draft(review).blockers,
        secondary=draft is not None,
    )
    agree = Step(
        "Record the Panel's agreement",
        _url(review, "reviews:report_agree"),
        PUBLISHER,
        review.user_can_publish(user),
        needs=agreement_needs(review),
    )
    warnings = readiness.before_publishing(review).warnings if draft is not None else []
    return summary, [issue, agree], warnings


def next_steps(review, user):
    """What the review's overview says happens next, for `user`."""
    status = review.Status(review.status)
    warnings = []
    if status == Review.Status.COMMISSIONED:
        summary = "Agree the scope: the purpose, the key lines of enquiry and the timetable."
        steps = [_officer_step(review, user, "confirm-scope")]
    elif status == Review.Status.SCOPED:
        summary = "The scope is agreed. Set up the working group, then gather evidence."
        steps = [_officer_step(review, user, "start-evidence")]
    elif status == Review.Status.EVIDENCE:
        summary = (
            "The working group is gathering evidence: meetings, witnesses, documents, "
            "then findings, conclusions and recommendations. Issuing the first draft "
            "starts drafting."
        )
        steps = [
            Step(
                "Issue the first draft",
                _url(review, "reviews:report_issue"),
                OFFICER,
                review.user_can_issue_draft(user),
                needs=_drafting_needs(review),
            ),
            _officer_step(review, user, "start-drafting"),
        ]
        steps[1].secondary = True
    elif status == Review.Status.DRAFTING:
        summary, steps, warnings = _drafting(review, user)
    elif status == Review.Status.AGREED:
        agreed = review.agreed_on
        on = "on" if getattr(agreed, "day", None) else "in"  # "in July 2017"
        summary = (
            f"The Panel agreed the final report {on} {as_known(agreed)}. Send it to "
            "the Commissioner and publish it."
        )
        publish, warnings = _publish_step(review, user)
        present = Step(
            "Record that it was sent to the Commissioner",
            _url(review, "reviews:report_present"),
            PUBLISHER,
            review.user_can_publish(user),
        )
        steps = [present, publish]
    else:
        summary = _after_presentation_summary(review)
        steps = []
        if not review.is_published:
            publish, warnings = _publish_step(review, user)
            steps.append(publish)
        for later in LATER_STEPS:
            steps += later(review, user)
    return NextSteps(status.label, summary, steps, warnings)


def _after_presentation_summary(review):
    if review.status == Review.Status.CLOSED:
        return "The review is closed."
    published = "published" if review.is_published else "not published yet"
    return (
        f"The report went to the Commissioner on {review.presented_on:%-d %B %Y} and is "
        f"{published}. The response is due by {review.response_due_on:%-d %B %Y}; the "
        f"follow-up by {review.follow_up_due_on:%-d %B %Y}."
    )
