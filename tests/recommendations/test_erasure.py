"""Erasing a person's personal data on request: gone from the live record, its history
and their sign-in; published reports stay as published, and the erasure says so."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from recommendations.services import person_erase
from reviews.models import PublishedReport
from scrutiny.models import Person
from tests.conftest import PASSWORD
from tests.factories import (
    FindingFactory,
    PersonFactory,
    ReportVersionFactory,
    ReviewFactory,
    UserFactory,
    WitnessFactory,
    WorkingGroupMemberFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    person = PersonFactory(given_name="Anita", family_name="Shields", email="anita@example.org")
    person.job_title = "Co-opted member"
    person.save()  # a second version in the history
    return person


def test_erasure_removes_the_name_from_the_record_and_every_earlier_version(person):
    WitnessFactory(person=person, job_title="Head of Youth Services")

    person_erase(person=person, reason="Request 2026/41")

    person.refresh_from_db()
    assert (person.given_name, person.family_name, person.email) == (
        "Erased",
        f"person {person.pk}",
        "",
    )
    names = set(person.history.values_list("given_name", "family_name", "email", "job_title"))
    assert names == {("Erased", f"person {person.pk}", "", "")}
    assert person.appearances.get().job_title == ""
    assert "Shields" not in str(person.appearances.get())


def test_erasure_closes_the_person_s_sign_in(client, person):
    user = UserFactory(person=person, username="anita.shields")

    person_erase(person=person, reason="Request 2026/41")

    user.refresh_from_db()
    assert not user.is_active
    assert user.username == f"erased-{user.pk}"
    response = client.post(reverse("login"), {"username": "anita.shields", "password": PASSWORD})
    assert response.status_code == 200  # the form again: no such account
    assert "_auth_user_id" not in client.session


def test_published_reports_are_kept_and_named_in_the_answer(person):
    published = ReviewFactory()
    WorkingGroupMemberFactory(review=published, person=person)
    version = ReportVersionFactory(review=published, html="<p>Mrs Anita Shields</p>")
    PublishedReport.objects.create(
        review=published, version=version, pdf="x.pdf", sha256="0" * 64, published_by=UserFactory()
    )
    draft = ReviewFactory()
    FindingFactory(review=draft, text="Anita Shields noted the gap in the data.")

    erasure = person_erase(person=person, reason="Request 2026/41")

    assert erasure.published_reviews == [published]
    version.refresh_from_db()
    assert "Anita Shields" in version.html  # the published record is kept as published
    assert [review for review, _ in erasure.mentions] == [draft]


def test_the_command_says_what_stays_published(person):
    out = io.StringIO()

    call_command("erase_person", person.pk, reason="Request 2026/41", stdout=out)

    assert "Erased the personal data of" in out.getvalue()
    assert Person.objects.get(pk=person.pk).given_name == "Erased"
