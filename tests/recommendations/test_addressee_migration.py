"""The migration from one addressee per recommendation to responding bodies: each
old addressee lands where the format's version 1 upgrade puts it, responses follow,
respondents answer for the Commissioner, and the history records the move."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("recommendations", "0003_responses_follow_up_publishing_reminders_calendar")]
AFTER = [("recommendations", "0006_single_addressee_removed")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_old_addressee_becomes_a_responding_body_or_the_panel():
    old = migrate(BEFORE)
    body = old.get_model("scrutiny", "ScrutinyBody").objects.create(
        name="Panel", slug="panel", scrutinised_title="Police, Fire and Crime Commissioner"
    )
    old.get_model("scrutiny", "ScrutinyBody").objects.create(
        name="Council", slug="council", scrutinised_title="Cabinet"
    )
    user = old.get_model("scrutiny", "User").objects.create(username="office")
    old.get_model("scrutiny", "Role").objects.create(user=user, body=body, role="respondent")
    review = old.get_model("reviews", "Review").objects.create(
        body=body, slug="r", working_group_name="Group", topic="Topic"
    )
    Recommendation = old.get_model("recommendations", "Recommendation")
    made = {
        addressee: Recommendation.objects.create(
            review=review,
            number=n,
            reason="R",
            text="T",
            addressee=addressee,
            addressee_other="The local authorities" if addressee == "other" else "",
        )
        for n, addressee in enumerate(["commissioner", "office", "panel", "other"], start=1)
    }
    old.get_model("recommendations", "Response").objects.create(
        recommendation=made["office"],
        decision="accepted",
        response_text="Yes.",
        received_on=datetime.date(2024, 7, 1),
    )

    new = migrate(AFTER)

    RespondingBody = new.get_model("scrutiny", "RespondingBody")
    assert [(b.body.slug, b.name, b.basis) for b in RespondingBody.objects.order_by("name")] == [
        ("panel", "The Police, Fire and Crime Commissioner", "prsra_s29"),
        ("panel", "The local authorities", "none"),
    ]  # the council, with no respondents or such recommendations, gets none
    commissioner = RespondingBody.objects.get(basis="prsra_s29")
    assert [u.username for u in commissioner.respondents.all()] == ["office"]
    rows = {
        r.number: ([link.responding_body.name for link in r.addressee_links.all()], r.to_panel)
        for r in new.get_model("recommendations", "Recommendation").objects.all()
    }
    assert rows == {
        1: ([commissioner.name], False),
        2: ([commissioner.name], False),
        3: ([], True),
        4: (["The local authorities"], False),
    }
    response = new.get_model("recommendations", "Response").objects.get()
    assert response.responding_body_id == commissioner.pk
    history = new.get_model("recommendations", "HistoricalRecommendationAddressee")
    assert (
        history.objects.filter(
            history_change_reason="Moved from the recommendation's single addressee"
        ).count()
        == 3
    )
