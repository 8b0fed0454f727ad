import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recommendations.interchange import review_export
from reviews.models import Review


class Command(BaseCommand):
    help = "Export a whole review as scrutiny-review JSON (see docs/review-json.md)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The review's slug.")
        parser.add_argument("--output", "-o", help="File to write; standard output if omitted.")
        parser.add_argument(
            "--with-files",
            action="store_true",
            help="Embed document files and response letters as base64.",
        )

    def handle(self, *args, slug, output, with_files, **options):
        try:
            review = Review.objects.select_related("body").get(slug=slug)
        except Review.DoesNotExist:
            raise CommandError(f"There is no review with the slug '{slug}'.") from None
        text = json.dumps(
            review_export(review=review, with_files=with_files), indent=2, ensure_ascii=False
        )
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"Exported '{slug}' to {output}.")
        else:
            self.stdout.write(text)
