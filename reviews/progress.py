"""Where a review stands, as the GOV.UK task list shows it: scope → working group →
meetings → evidence → findings and conclusions → recommendations → report."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse_lazy

from reviews.models import (
    Conclusion,
    Evidence,
    Finding,
    KeyLineOfEnquiry,
    Meeting,
    ReportVersion,
    WorkingGroupMember,
)

COMPLETED = "Completed"
IN_PROGRESS = "In progress"
NOT_STARTED = "Not yet started"
CANNOT_START = "Cannot start yet"


@dataclass(frozen=True)
class Task:
    name: str
    url: str  # lazy: the dashboard counts tasks and never links to them
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


# Per-review counts behind the task list: annotation name → a function giving the
# rows to count (each with a `review` foreign key). Apps above `reviews` add theirs
# with `register_task` instead of being named here.
COUNTS = {
    "n_key_lines": lambda: KeyLineOfEnquiry.objects.all(),
    "n_members": lambda: WorkingGroupMember.objects.all(),
    "n_chairs": lambda: WorkingGroupMember.objects.filter(role=WorkingGroupMember.GroupRole.CHAIR),
    "n_meetings": lambda: Meeting.objects.filter(kind=Meeting.Kind.WORKING_GROUP),
    "n_evidence": lambda: Evidence.objects.all(),
    "n_findings": lambda: Finding.objects.all(),
    "n_conclusions": lambda: Conclusion.objects.all(),
    "n_versions": lambda: ReportVersion.objects.all(),
}
# Tasks other apps add after the built-in ones: functions review → Task.
EXTRA_TASKS = []


def register_task(build, **counts):
    """Add a task to every review's list. `build(review)` returns the `Task`;
    `counts` are the annotations it reads, as COUNTS has them."""
    COUNTS.update(counts)
    EXTRA_TASKS.append(build)


def count_per_review(rows):
    """The number of `rows` of each review, as a subquery. One small grouped query per
    relation: joining several to-many relations under one aggregate would multiply
    the rows scanned (a review with 10 of each of 7 children is 10 million rows)."""
    grouped = rows.filter(review=OuterRef("pk")).order_by().values("review").annotate(n=Count("pk"))
    return Coalesce(Subquery(grouped.values("n")[:1]), 0)


def with_progress_counts(reviews):
    """Annotate a Review queryset with what `review_tasks` needs, in one query whose
    cost grows with each review's own rows only."""
    return reviews.annotate(**{name: count_per_review(rows()) for name, rows in COUNTS.items()})


def task_status(done, started):
    if done:
        return COMPLETED
    return IN_PROGRESS if started else NOT_STARTED


def plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def review_tasks(review):
    """The review's `TaskList`. `review` must come from `with_progress_counts`."""

    def url(name):
        return reverse_lazy(name, kwargs={"slug": review.slug})

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
            task_status(scope_done, review.purpose or review.n_key_lines),
            plural(review.n_key_lines, "key line") + " of enquiry",
        ),
        Task(
            "Working group",
            url("reviews:working_group"),
            task_status(review.n_members and review.n_chairs, review.n_members),
            plural(review.n_members, "member")
            + ("" if review.n_chairs or not review.n_members else ", no chair yet"),
        ),
        Task(
            "Meetings",
            url("reviews:meetings"),
            task_status(gathering_over and review.n_meetings, review.n_meetings),
            plural(review.n_meetings, "working group meeting"),
        ),
        Task(
            "Evidence",
            url("reviews:evidence"),
            task_status(gathering_over and review.n_evidence, review.n_evidence),
            plural(review.n_evidence, "source"),
        ),
        Task(
            "Findings and conclusions",
            url("reviews:findings"),
            task_status(review.n_conclusions, review.n_findings)
            if review.n_evidence or review.n_findings
            else CANNOT_START,
            f"{plural(review.n_findings, 'finding')}, {plural(review.n_conclusions, 'conclusion')}",
        ),
    ]
    tasks += [build(review) for build in EXTRA_TASKS]
    return TaskList(tasks)
