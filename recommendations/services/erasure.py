"""Erasing a person's personal data on request (UK GDPR article 17).

What is erased: the person's name, title, job title, organisation and e-mail, in the
record and in every earlier version of it kept by the history; the job title they
had at each meeting they gave evidence at; their sign-in (made unusable, its name and
e-mail removed). Everything that refers to the person then shows "Erased person N".

What is not erased, and why: **published reports**. A panel must publish its reports
(Police Reform and Social Responsibility Act 2011, s.28(7)); the published version and
its PDF are the record of what was agreed and are kept as published -- the right to
erasure does not apply where processing is needed to comply with a legal obligation
or for a task in the public interest (article 17(3)(b)). The erasure reports which
published reports name the person, so the data protection officer can decide and
answer the request. Free text (minutes, findings, comments) may name the person too:
the erasure lists where their name appears in unpublished text, for an officer to edit.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from recommendations.models import Response
from reviews.models import (
    Conclusion,
    Evidence,
    Finding,
    ReportComment,
    ReportSection,
    Review,
    Witness,
)

ERASED = "Erased"


@dataclass
class Erasure:
    person_id: int
    published_reviews: list = field(default_factory=list)
    mentions: list = field(default_factory=list)  # (review, what) where the name is in text


def _erased_fields(person_id):
    return {
        "honorific": "",
        "given_name": ERASED,
        "family_name": f"person {person_id}",
        "job_title": "",
        "email": "",
        "organisation": None,
    }


def _mentions(name):
    """Unpublished text that names `name`: (review, what) pairs."""
    found = []
    sources = [
        (Evidence.objects.filter(search_document__icontains=name), "evidence"),
        (Finding.objects.filter(text__icontains=name), "a finding"),
        (Conclusion.objects.filter(text__icontains=name), "a conclusion"),
        (ReportSection.objects.filter(body__icontains=name), "an authored section"),
    ]
    for queryset, what in sources:
        for item in queryset.select_related("review").exclude(review__publications__isnull=False):
            found.append((item.review, f"{what}: {item}"))
    for comment in ReportComment.objects.filter(text__icontains=name).select_related(
        "version__review"
    ):
        found.append((comment.version.review, "a comment on a draft"))
    for response in Response.objects.filter(lead_officer__icontains=name).select_related(
        "recommendation__review"
    ):
        found.append((response.recommendation.review, "a response's lead officer"))
    return found


def person_erase(*, person, reason):
    """Erase `person`'s personal data (see the module's docstring); returns an
    `Erasure` saying which published reports still name them, and where their name
    appears in unpublished text."""
    name = person.full_name
    published = list(
        Review.objects.published()
        .filter(
            Q(working_group__person=person)
            | Q(meetings__witnesses__person=person)
            | Q(meetings__attendance__person=person)
        )
        .distinct()
    )
    mentions = _mentions(name)
    erased = _erased_fields(person.pk)
    with transaction.atomic():
        for key, value in erased.items():
            setattr(person, key, value)
        person._change_reason = f"Personal data erased on request: {reason}"
        person.save()
        # The history keeps every earlier version of the record: erase them too.
        person.history.update(
            **{("organisation_id" if k == "organisation" else k): v for k, v in erased.items()}
        )
        Witness.objects.filter(person=person).update(job_title="")
        Witness.history.filter(person_id=person.pk).update(job_title="")
        user = getattr(person, "user", None)
        if user is not None:
            user.username = f"erased-{user.pk}"
            user.first_name = user.last_name = user.email = ""
            user.is_active = False
            user.set_unusable_password()
            user.save()
    # Attendance and membership rows stay: they now name "Erased person N".
    return Erasure(person_id=person.pk, published_reviews=published, mentions=mentions)
