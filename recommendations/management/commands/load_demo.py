"""Load the demo reviews and the demo sign-ins. Safe to run again: it adds only what is
missing and changes nothing that exists."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from recommendations.interchange import review_import
from recommendations.interchange.upgrade import commissioner_name
from reviews.drafts import report_issue_version
from reviews.models import Review
from scrutiny.models import Organisation, Person, Role, ScrutinyBody, User

DEMO_PASSWORD = "scrutiny-demo"
DEMO_BODY_SLUG = "northamptonshire-pfcp"
REFERENCE_SLUG = "early-intervention"
OTHER_BODY = {
    "slug": "example-borough-osc",
    "name": "Example Borough Council Overview and Scrutiny Committee",
    "scrutinised_title": "Cabinet of Example Borough Council",
}
OPFCC = "Office of the Northamptonshire Police, Fire and Crime Commissioner"


def fixtures_dir():
    return Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = (
        "Load the demo reviews (fixtures/demo/*.json) and create the demo sign-ins, all "
        f"with the password '{DEMO_PASSWORD}'. Running it again changes nothing. Never run "
        "it on a site with real users: the demo sign-ins, one of them a superuser, have a "
        "published password."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Load even though DEBUG is off (e.g. a public demo site). Never on real data.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "DEBUG is off, so this looks like a real site: the demo would add sign-ins "
                "with a published password, one of them a superuser. Use "
                "--allow-without-debug if this really is a demo site."
            )
        root = fixtures_dir()
        for path in sorted((root / "demo").glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            slug = data["review"]["slug"]
            if Review.objects.filter(slug=slug).exists():
                self.stdout.write(f"Review '{slug}' is already loaded; left as it is.")
                continue
            review = review_import(data=data, files_root=root)
            self.stdout.write(self.style.SUCCESS(f"Loaded review '{review.slug}': {review}."))
        with transaction.atomic():
            sign_ins = self.ensure_sign_ins()
            self.ensure_first_draft()
        self.print_sign_ins(sign_ins)

    def ensure_first_draft(self):
        """The reference review is a draft report: issue it as draft version 1, so the
        working group can read, comment on and approve it straight away."""
        review = Review.objects.filter(slug=REFERENCE_SLUG).first()
        if review is None or review.report_versions.exists():
            return
        version = report_issue_version(
            review=review,
            user=User.objects.get(username="officer"),
            note="The draft report as circulated to the working group.",
        )
        self.stdout.write(f"Issued {version} for the working group to review.")

    def ensure_sign_ins(self):
        """Create each demo user and role that is missing; never reset an existing one."""
        panel = ScrutinyBody.objects.get(slug=DEMO_BODY_SLUG)
        other, _ = ScrutinyBody.objects.get_or_create(
            slug=OTHER_BODY["slug"],
            defaults={
                "name": OTHER_BODY["name"],
                "scrutinised_title": OTHER_BODY["scrutinised_title"],
            },
        )
        chair = Person.objects.filter(
            honorific="Councillor", given_name="Zoe", family_name="McGhee", organisation=None
        ).first()
        respondent_person, _ = Person.objects.get_or_create(
            honorific="",
            given_name="Robin",
            family_name="Example",
            organisation=Organisation.objects.get(name=OPFCC),
            defaults={"job_title": "Scrutiny liaison officer (invented demo person)"},
        )
        # The demo's staff sign-ins are invented people (the real review's officers
        # are named in its report, not given accounts): each has a name, so pages
        # and e-mails name them as they would a real officer.
        wanted = [
            # username, person, superuser, roles (body, role), invented name
            ("officer", None, False, [(panel, Role.Name.OFFICER)], ("Alex", "Morgan")),
            ("member", chair, False, [(panel, Role.Name.MEMBER)], ("", "")),
            ("publisher", None, False, [(panel, Role.Name.PUBLISHER)], ("Jo", "Patel")),
            ("respondent", respondent_person, False, [(panel, Role.Name.RESPONDENT)], ("", "")),
            ("admin", None, True, [(panel, Role.Name.OFFICER)], ("Sam", "Reed")),
            ("other-officer", None, False, [(other, Role.Name.OFFICER)], ("Chris", "Lee")),
        ]
        sign_ins = []
        for username, person, superuser, roles, (first, last) in wanted:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "person": person,
                    "first_name": first,
                    "last_name": last,
                    "is_staff": superuser,
                    "is_superuser": superuser,
                    "email": f"{username}@example.org",
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            for body, role in roles:
                Role.objects.get_or_create(user=user, body=body, role=role)
                label = Role.Name(role).label
                sign_ins.append((username, f"Superuser; {label}" if superuser else label, body))
        # The demo respondent answers for the Commissioner (the demo files name him
        # from the body's `scrutinised_title`).
        commissioner = panel.responding_bodies.filter(
            name=commissioner_name(panel.scrutinised_title)
        ).first()
        respondent = User.objects.get(username="respondent")
        if commissioner is not None and not commissioner.respondents.filter(pk=respondent.pk):
            commissioner.respondents.add(respondent)
        return sign_ins

    def print_sign_ins(self, sign_ins):
        rows = [("username", "password", "role", "body")]
        rows += [(u, DEMO_PASSWORD, role, body.name) for u, role, body in sign_ins]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        self.stdout.write(f"\nDemo sign-ins (every password is '{DEMO_PASSWORD}'):")
        for n, row in enumerate(rows):
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
            self.stdout.write("  " + "  ".join(cells).rstrip())
            if n == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
