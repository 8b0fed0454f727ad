import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recommendations.interchange import review_import
from scrutiny.models import ScrutinyBody


class Command(BaseCommand):
    help = "Import a review from scrutiny-review JSON (see docs/review-json.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file.")
        parser.add_argument(
            "--body",
            metavar="SLUG",
            help="Import into this existing scrutiny body (its officers keep their access) "
            "instead of the body the file names.",
        )
        parser.add_argument(
            "--files-root",
            help="Folder that files given by 'path' are read from (default: the JSON file's).",
        )

    def handle(self, *args, file, files_root, body, **options):
        path = Path(file)
        into = None
        if body is not None:
            into = ScrutinyBody.objects.filter(slug=body).first()
            if into is None:
                known = ", ".join(ScrutinyBody.objects.values_list("slug", flat=True)) or "none"
                raise CommandError(f"No scrutiny body '{body}'. Bodies: {known}.")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            review = review_import(
                data=data, files_root=files_root or path.resolve().parent, body=into
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Imported review '{review.slug}' into {review.body}: {review}.")
        )
