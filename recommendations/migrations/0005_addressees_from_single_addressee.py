"""A body with respondents or with recommendations to the Commissioner or the office
gets a responding body for whom it scrutinises (named from its `scrutinised_title`,
s.29 of the 2011 Act), answered for by its respondents; each recommendation's single
addressee becomes its addressees: the Commissioner or the office → that responding
body (and its response becomes that body's), the panel → no response needed,
another body → a responding body named as it was, with no statutory duty. Each new
addressee row is recorded in the history as made by this migration."""

from django.db import migrations
from django.utils import timezone

REASON = "Moved from the recommendation's single addressee"


def short_name(name, limit=40):
    words = name.removeprefix("The ").split()
    return (words[-1] if words else name)[:limit]


def forwards(apps, schema_editor):
    ScrutinyBody = apps.get_model("scrutiny", "ScrutinyBody")
    RespondingBody = apps.get_model("scrutiny", "RespondingBody")
    Role = apps.get_model("scrutiny", "Role")
    Recommendation = apps.get_model("recommendations", "Recommendation")
    Addressee = apps.get_model("recommendations", "RecommendationAddressee")
    HistoricalAddressee = apps.get_model("recommendations", "HistoricalRecommendationAddressee")
    Response = apps.get_model("recommendations", "Response")

    now = timezone.now()
    commissioner = {}

    def commissioner_of(body):
        """Made for a body when one of its recommendations or respondents needs it."""
        if body.pk not in commissioner:
            title = body.scrutinised_title.strip() or "Commissioner"
            name = title if title.lower().startswith("the ") else f"The {title}"
            responding = RespondingBody.objects.create(
                body=body,
                name=name,
                short_name=body.scrutinised_abbreviation or "Commissioner",
                basis="prsra_s29",
            )
            responding.respondents.set(
                Role.objects.filter(body=body, role="respondent").values_list("user", flat=True)
            )
            commissioner[body.pk] = responding
        return commissioner[body.pk]

    for body in ScrutinyBody.objects.filter(roles__role="respondent").distinct():
        commissioner_of(body)

    others = {}
    for recommendation in Recommendation.objects.select_related("review__body"):
        body_id = recommendation.review.body_id
        if recommendation.addressee == "panel":
            recommendation.to_panel = True
            recommendation.save(update_fields=["to_panel"])
            if not Response.objects.filter(recommendation=recommendation).exists():
                continue
            # A response was recorded all the same: keep it, as the Commissioner's.
            responding = commissioner_of(recommendation.review.body)
        elif recommendation.addressee == "other":
            name = recommendation.addressee_other.strip() or "Another body"
            key = (body_id, name.casefold())
            if key not in others:
                others[key], _ = RespondingBody.objects.get_or_create(
                    body_id=body_id,
                    name=name,
                    defaults={"short_name": short_name(name), "basis": "none"},
                )
            responding = others[key]
        else:
            responding = commissioner_of(recommendation.review.body)
        link = Addressee.objects.create(recommendation=recommendation, responding_body=responding)
        HistoricalAddressee.objects.create(
            id=link.pk,
            recommendation_id=recommendation.pk,
            responding_body_id=responding.pk,
            history_date=now,
            history_type="+",
            history_change_reason=REASON,
        )
        Response.objects.filter(recommendation=recommendation).update(responding_body=responding)


def backwards(apps, schema_editor):
    Recommendation = apps.get_model("recommendations", "Recommendation")
    for recommendation in Recommendation.objects.prefetch_related(
        "addressee_links__responding_body"
    ):
        links = list(recommendation.addressee_links.all())
        if not links:
            recommendation.addressee = "panel" if recommendation.to_panel else "commissioner"
        elif links[0].responding_body.basis == "none":
            recommendation.addressee = "other"
            recommendation.addressee_other = links[0].responding_body.name
        else:
            recommendation.addressee = "commissioner"
        recommendation.save(update_fields=["addressee", "addressee_other"])


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0004_addressees_each_responding"),
        ("scrutiny", "0003_responding_bodies"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
