"""E-mail reminders of responses and follow-ups coming due and overdue. Run it daily
from cron; running it again the same day (or any day) sends nothing twice."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from recommendations.services import REMINDER_DAYS, reminders_send
from recommendations.tasks import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail each body's officers and Commissioner's office about responses and "
        "follow-ups due within --days days or overdue. Each reminder is sent once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=REMINDER_DAYS,
            help=f"Remind this many days ahead (default {REMINDER_DAYS}).",
        )
        parser.add_argument(
            "--date",
            help="Act as if today were this date (YYYY-MM-DD); for testing a schedule.",
        )
        parser.add_argument(
            "--site-url",
            default="",
            help="The site's address (https://scrutiny.example.gov.uk), to put links in "
            "the e-mails.",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Put the sending on the task queue and return at once (for cron: a slow "
            "mail server then holds up a worker, not the scheduler).",
        )

    def handle(self, *args, **options):
        if options["days"] < 0:
            raise CommandError("--days cannot be negative.")
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date must be YYYY-MM-DD: {error}") from error
        if options["queue"]:
            send_reminders.enqueue(
                today=today.isoformat(), days=options["days"], site_url=options["site_url"]
            )
            self.stdout.write(self.style.SUCCESS("Reminders queued for a worker to send."))
            return
        sent = reminders_send(today=today, days=options["days"], site_url=options["site_url"])
        for message in sent:
            self.stdout.write(f"Sent to {', '.join(message.to)}: {message.subject}")
        self.stdout.write(
            self.style.SUCCESS(f"{len(sent)} reminder e-mail{'s' if len(sent) != 1 else ''} sent.")
        )
