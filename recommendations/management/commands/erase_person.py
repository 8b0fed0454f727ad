"""Erase a person's personal data on request (UK GDPR). See
recommendations/services/erasure.py for what is erased and what is kept, and why."""

from django.core.management.base import BaseCommand, CommandError

from recommendations.services import person_erase
from scrutiny.models import Person


class Command(BaseCommand):
    help = "Erase a person's personal data on request; says what stays published."

    def add_arguments(self, parser):
        parser.add_argument("person_id", type=int, help="The person's id (see the admin).")
        parser.add_argument("--reason", required=True, help="The request, e.g. its reference.")

    def handle(self, *args, person_id, reason, **options):
        person = Person.objects.filter(pk=person_id).first()
        if person is None:
            raise CommandError(f"There is no person with id {person_id}.")
        name = person.formal_name
        erasure = person_erase(person=person, reason=reason)
        self.stdout.write(self.style.SUCCESS(f"Erased the personal data of {name}."))
        if erasure.published_reviews:
            self.stdout.write(
                "Still named in these published reports, kept as published because the "
                "panel must publish its reports (UK GDPR article 17(3)(b)):"
            )
            for review in erasure.published_reviews:
                self.stdout.write(f"  - {review.working_group_name} ({review.slug})")
        if erasure.mentions:
            self.stdout.write("Their name still appears in this unpublished text; edit it:")
            for review, what in erasure.mentions:
                self.stdout.write(f"  - {review.working_group_name}: {what}")
