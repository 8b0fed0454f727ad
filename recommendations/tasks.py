"""Work the task queue runs for recommendations (`manage.py db_worker`)."""

import datetime

from django_tasks import task


@task()
def send_reminders(*, today, days, site_url=""):
    """E-mail the reminders due on `today` (an ISO date); each is sent once."""
    from recommendations.services import reminders_send

    sent = reminders_send(today=datetime.date.fromisoformat(today), days=days, site_url=site_url)
    return len(sent)
