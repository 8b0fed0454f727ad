"""Work the task queue runs for reviews (`manage.py db_worker`)."""

from django_tasks import task

from scrutiny.jobs import running


@task()
def render_report_pdf(*, job_key, review_id, key):
    """Render a report's staged print HTML into the PDF cache."""
    from reviews.pdf import render_staged

    with running(job_key) as job:
        render_staged(review_id, key, progress=job.beat)
