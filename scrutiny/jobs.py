"""Running a task as a `Job` that people can watch."""

import contextlib
import logging

from django.db import transaction

from scrutiny.models import Job

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def running(job_key):
    """Inside a task: mark the job running, then done, or failed with the error the
    person waiting is shown (and the log gets the traceback). The error is raised
    again so the task queue records the failure too."""
    job = Job.objects.get(key=job_key)
    job.begin()
    try:
        yield job
    except Exception as error:
        logger.exception("Job %s failed", job_key)
        job.fail(str(error) or error.__class__.__name__)
        raise
    job.succeed()


def run_queued_tasks():
    """Run every queued task here and now, as django-tasks-db's worker runs each one
    (claim it, run it, record its result), then return: for the command line and
    the tests. A deployment runs `manage.py db_worker`, whose loop also recycles
    database connections -- which would close a test's transaction under it."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="in-process",
        excluded_queue_names=[],
    )
    while True:
        with transaction.atomic():
            result = DBTaskResult.objects.ready().get_locked()
            if result is None:
                return
            result.claim(worker.worker_id)
        worker.run_task(result)
