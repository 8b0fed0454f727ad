"""Where a review stands, as the GOV.UK task list shows it: scope → working group →
meetings → evidence → findings and conclusions → recommendations → report."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse

COMPLETED = "Completed"
IN_PROGRESS = "In progress"
NOT_STARTED = "Not yet started"
CANNOT_START = "Cannot start yet"


@dataclass(frozen=True)
class Task:
    name: str
    url: str
    status: str
    hint: str = ""

    @property
    def is_complete(self):
        return self.status == COMPLETED


@dataclass(frozen=True)
class TaskList:
    tasks: list

    def __iter__(self):
        return iter(self.tasks)

    @property
    def completed(self):
        return sum(task.is_complete for task in self.tasks)

    @property
    def total(self):
        return len(self.tasks)


def with_progress_counts(reviews):
    """Annotate a Review queryset with what `review_tasks` needs, in one query."""
    return reviews.annotate(
        n_key_lines=Count("key_lines", distinct=True),
        n_members=Count("working_group", distinct=True),
        n_chairs=Count("working_group", filter=Q(working_group__role="chair"), distinct=True),
        n_meetings=Count("meetings", filter=Q(meetings__kind="working_group"), distinct=True),
        n_evidence=Count("evidence", distinct=True),
        n_findings=Count("findings", distinct=True),
        n_conclusions=Count("conclusions", distinct=True),
        n_recommendations=Count("recommendations", distinct=True),
        n_versions=Count("report_versions", distinct=True),
    )


def _status(done, started):
    if done:
        return COMPLETED
    return IN_PROGRESS if started else NOT_STARTED


def _plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def review_tasks(review):
    """The review's `TaskList`. `review` must come from `with_progress_counts`."""

    def url(name):
        return reverse(name, kwargs={"slug": review.slug})

    scope_done = bool(review.purpose and review.n_key_lines)
    # Meetings and evidence go on until the report is being drafted.
    gathering_over = review.status not in (
        review.Status.COMMISSIONED,
        review.Status.SCOPED,
        review.Status.EVIDENCE,
    )
    tasks = [
        Task(
            "Scope and terms of reference",
            url("reviews:scope"),
            _status(scope_done, review.purpose or review.n_key_lines),
            _plural(review.n_key_lines, "key line") + " of enquiry",
        ),
        Task(
            "Working group",
            url("reviews:working_group"),
            _status(review.n_members and review.n_chairs, review.n_members),
            _plural(review.n_members, "member")
            + ("" if review.n_chairs or not review.n_members else ", no chair yet"),
        ),
        Task(
            "Meetings",
            url("reviews:meetings"),
            _status(gathering_over and review.n_meetings, review.n_meetings),
            _plural(review.n_meetings, "working group meeting"),
        ),
        Task(
            "Evidence",
            url("reviews:evidence"),
            _status(gathering_over and review.n_evidence, review.n_evidence),
            _plural(review.n_evidence, "source"),
        ),
        Task(
            "Findings and conclusions",
            url("reviews:findings"),
            _status(review.n_conclusions, review.n_findings)
            if review.n_evidence or review.n_findings
            else CANNOT_START,
            f"{_plural(review.n_findings, 'finding')}, "
            f"{_plural(review.n_conclusions, 'conclusion')}",
        ),
        Task(
            "Recommendations",
            url("recommendations:list"),
            _status(review.n_recommendations, False)
            if review.n_conclusions or review.n_recommendations
            else CANNOT_START,
            _plural(review.n_recommendations, "recommendation"),
        ),
    ]
    return TaskList(tasks)
