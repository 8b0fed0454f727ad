"""Running a task as a `Job` that people can watch."""

import contextlib
import logging

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
    """Run every queued task with a real database worker, then return: for the
    command line and the tests (a deployment runs `manage.py db_worker`)."""
    from django.core.management import call_command

    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
