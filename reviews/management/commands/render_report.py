"""Write a review's report as PDF: the current report (draft or final, as the review
stands), or with --published the final PDF exactly as it was published."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reviews.models import Review
from reviews.pdf import report_pdf


class Command(BaseCommand):
    help = "Render a review's report to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The review's slug, e.g. early-intervention.")
        parser.add_argument("--output", "-o", required=True, help="Where to write the PDF.")
        parser.add_argument(
            "--published",
            action="store_true",
            help="Write the stored PDF of the latest publication instead of rendering.",
        )

    def handle(self, *args, slug, output, published, **options):
        try:
            review = Review.objects.select_related("body").get(slug=slug)
        except Review.DoesNotExist:
            raise CommandError(f"No review with the slug {slug!r}.") from None
        started = time.perf_counter()
        if published:
            publication = review.publications.order_by("-sequence").first()
            if publication is None:
                raise CommandError(f"The report of {slug!r} has not been published.")
            with publication.pdf.open("rb") as handle:
                data = handle.read()
            source = f"published {publication.published_at:%-d %B %Y}, SHA-256 {publication.sha256}"
        else:
            data = report_pdf(review)
            source = "the report as it stands"
        Path(output).write_bytes(data)
        self.stdout.write(
            f"Wrote {output} ({len(data):,} bytes, {source}) "
            f"in {time.perf_counter() - started:.2f} s."
        )
