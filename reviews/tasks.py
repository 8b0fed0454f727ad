"""Work the task queue runs for reviews (`manage.py db_worker`)."""

from django_tasks import task

from scrutiny.jobs import running


@task()
def render_report_pdf(*, job_key, review_id, key):
    """Render a report's staged print HTML into the PDF cache."""
    from reviews.pdf import render_staged

    with running(job_key) as job:
        render_staged(review_id, key, progress=job.beat)


@task()
def read_document_text(*, job_key, document_id):
    """Read an uploaded document's text, for search (reviews.services)."""
    from reviews.models import Document
    from reviews.services import document_read_text

    with running(job_key):
        document = Document.objects.filter(pk=document_id).first()
        if document is not None:  # deleted since it was uploaded: nothing to read
            document_read_text(document=document)
