import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recommendations.interchange import review_import


class Command(BaseCommand):
    help = "Import a review from scrutiny-review JSON (see docs/review-json.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file.")
        parser.add_argument(
            "--files-root",
            help="Folder that files given by 'path' are read from (default: the JSON file's).",
        )

    def handle(self, *args, file, files_root, **options):
        path = Path(file)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            review = review_import(data=data, files_root=files_root or path.resolve().parent)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Imported review '{review.slug}': {review}."))
