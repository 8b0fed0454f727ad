"""A scrutiny-review document back into the database.

Import is a restore, not a re-enactment: statuses, dates and timestamps are set as
data, no status transition runs and nothing is recorded as any user's action.
Organisations (by name), people (by honorific, names and organisation) and the body
(by slug) are reused when they already exist, so a second review can be imported
into a database that already knows them.

The plain fields of every object are read through its shape in fields.py; this
module adds what a shape cannot know: the local references, the rows that are
reused rather than created, and the checks that span keys. Evidence is in
import_evidence.py.

Each row is checked as it is read, in the document's order, so the first problem is
the one reported; the rows are kept (rows.py) and written in bulk once the whole
document has been read. The organisations, people and panel memberships that may
already exist are looked up a list at a time, not one by one.
"""

from django.db import transaction
from django.utils import timezone

from recommendations.interchange.fields import (
    ASSESSMENT,
    ATTENDANCE,
    BODY,
    CONCLUSION,
    DOCUMENT,
    FINDING,
    FOLLOW_UP,
    FORMAT,
    KEY_LINE,
    MEETING,
    MEMBERSHIP,
    MILESTONE,
    ORGANISATION,
    PERSON,
    RECOMMENDATION,
    RESPONDING_BODY,
    RESPONSE,
    REVIEW,
    REVIEW_LISTS,
    SECTION,
    STATUS_CHANGE,
    TARGET_DATE_CHANGE,
    VARIATION,
    WITNESS,
    WORKING_GROUP_MEMBER,
)
from recommendations.interchange.files import FileStore
from recommendations.interchange.import_evidence import EvidenceImport
from recommendations.interchange.rows import Rows
from recommendations.interchange.validation import as_list, save
from recommendations.interchange.versions import upgrade
from recommendations.models import (
    FollowUp,
    FollowUpAssessment,
    Recommendation,
    RecommendationAddressee,
    Response,
    TargetDateChange,
)
from reviews.models import (
    Attendance,
    Conclusion,
    Finding,
    KeyLineOfEnquiry,
    Meeting,
    Milestone,
    ReportSection,
    Review,
    ReviewStatusChange,
    TimetableVariation,
    Witness,
    WorkingGroupMember,
)
from scrutiny.models import Organisation, PanelMembership, Person, RespondingBody, ScrutinyBody


def review_import(*, data, files_root=None, body=None) -> Review:
    """Create the review described by `data` (a decoded scrutiny-review document).

    `files_root` is the folder that files given by `path` are read from; paths may not
    leave it. `body`, a `ScrutinyBody`, imports the review into that body (keeping its
    officers' access) instead of the body the document names; the document's panel
    memberships are added to it as they would be to its own.

    Everything is saved in one transaction: on any problem a `ValueError` says what
    and where, and nothing is saved.
    """
    if not isinstance(data, dict):
        raise ValueError("This is not a scrutiny-review document: expected a JSON object.")
    if data.get("format") != FORMAT:
        raise ValueError(
            f"This is not a scrutiny-review document (format is {data.get('format')!r}, "
            f"expected {FORMAT!r})."
        )
    data = upgrade(data)
    # The document with its optional keys filled in ("organisations" and "people" may
    # be left out, as docs/review-json.md says).
    data = DOCUMENT.read(data, "document")
    slug = data["review"].get("slug") if isinstance(data["review"], dict) else None
    if slug and Review.objects.filter(slug=slug).exists():
        raise ValueError(
            f"A review with the slug {slug!r} already exists; nothing was imported. "
            "Delete or rename the existing review first."
        )
    importer = _Importer(data, files=FileStore(files_root), body=body)
    try:
        with transaction.atomic():
            review = importer.run()
            importer.rows.write()
            # Evidence rows were written before their questions, answers and tables.
            importer.index_evidence(review)
            return review
    except BaseException:
        # The database rolls back by itself; files written to storage do not.
        importer.files.delete_stored()
        raise


class _Importer(EvidenceImport):
    def __init__(self, data, *, files, body=None):
        self.data = data
        self.into_body = body
        self.files = files
        self.rows = Rows()
        self.organisations = {}
        self.people = {}
        self.meetings = {}
        self.evidence = {}
        self.findings = {}
        self.conclusions = {}
        self.recommendations = {}
        self.responding_bodies = {}

    # lookups of local references ------------------------------------------------------
    def _ref(self, table, ref, path, what):
        if ref is None:
            return None
        try:
            return table[ref]
        except (KeyError, TypeError):
            raise ValueError(f"{path}: no {what} with reference {ref!r}.") from None

    def organisation(self, name, path):
        return self._ref(self.organisations, name, path, "organisation (in organisations)")

    def person(self, ref, path):
        return self._ref(self.people, ref, path, "person (in people)")

    def meeting(self, ref, path):
        return self._ref(self.meetings, ref, path, "meeting (in review.meetings)")

    def refs(self, table, refs, path, what):
        return [
            self._ref(table, ref, f"{path}[{i}]", what) for i, ref in enumerate(as_list(refs, path))
        ]

    def _check_unused(self, table, item, path):
        if item["ref"] in table:
            raise ValueError(f"{path}: the reference {item['ref']!r} is used twice.")

    # the document, top to bottom ------------------------------------------------------
    def run(self):
        organisations = as_list(self.data["organisations"], "organisations")
        existing = _existing_organisations(organisations)
        for i, item in enumerate(organisations):
            self._organisation(item, f"organisations[{i}]", existing)
        people = as_list(self.data["people"], "people")
        existing = _existing_people(people)
        for i, item in enumerate(people):
            self._person(item, f"people[{i}]", existing)
        # The body (and then the review) is saved on its own, after what it refers to.
        self.rows.write()
        body = self._body(self.data["body"], "body")
        return self._review(self.data["review"], "review", body)

    def _organisation(self, item, path, existing):
        item = ORGANISATION.read(item, path)
        if item["name"] in self.organisations:
            raise ValueError(f"{path}: {item['name']!r} is listed twice.")
        org = existing.lookup(item["name"])
        if org is None:
            # Its name was looked up above: no organisation in the database has it.
            org = Organisation(**ORGANISATION.values(item, path))
            self.rows.add(org, path, absent_from_db=True)
        self.organisations[item["name"]] = org

    def _person(self, item, path, existing):
        item = PERSON.read(item, path)
        self._check_unused(self.people, item, path)
        org = self.organisation(item["organisation"], f"{path}.organisation")
        # An organisation this import makes has no people in the database yet.
        organisation = None if org is None else org.pk or ("new", id(org))
        key = (item["honorific"], item["given_name"], item["family_name"], organisation)
        person = existing.lookup(key)
        if person is None:
            person = self.rows.add(Person(organisation=org, **PERSON.values(item, path)), path)
            # A later person with the same names and organisation is this one.
            existing.found(key, person)
        self.people[item["ref"]] = person

    def _body(self, item, path):
        item = BODY.read(item, path)
        body = self.into_body or ScrutinyBody.objects.filter(slug=item["slug"]).first()
        members = set()
        if body is None:
            office = self.organisation(item["scrutinised_office"], f"{path}.scrutinised_office")
            body = save(ScrutinyBody(scrutinised_office=office, **BODY.values(item, path)), path)
            self.rows.made(body)
        else:
            members = set(body.memberships.values_list("person_id", flat=True))
        for i, m in enumerate(as_list(item["memberships"], f"{path}.memberships")):
            at = f"{path}.memberships[{i}]"
            m = MEMBERSHIP.read(m, at)
            person = self.person(m["person"], f"{at}.person")
            # Only a person with no membership in the body gets one; an existing
            # membership is kept as it is (and its dates here are not read).
            if person.pk not in members:
                members.add(person.pk)
                council = self.organisation(m["council"], f"{at}.council")
                membership = PanelMembership(
                    body=body, person=person, council=council, **MEMBERSHIP.values(m, at)
                )
                # `members` holds every person with a membership in the body.
                self.rows.add(membership, at, absent_from_db=True)
        self._responding_bodies(body, item["responding_bodies"], f"{path}.responding_bodies")
        return body

    def _responding_bodies(self, body, items, path):
        """The body's responding bodies, by name: those it has already are kept as they
        are; the others are made."""
        self.responding_bodies = {b.name: b for b in body.responding_bodies.all()}
        for i, r in enumerate(as_list(items, path)):
            at = f"{path}[{i}]"
            values = RESPONDING_BODY.values(RESPONDING_BODY.read(r, at), at)
            if not isinstance(values["name"], str):
                raise ValueError(f"{at}.name: expected a string.")
            if values["name"] not in self.responding_bodies:
                made = save(RespondingBody(body=body, **values), at)
                self.responding_bodies[made.name] = made

    def responding_body(self, name, path):
        return self._ref(
            self.responding_bodies, name, path, "responding body (in body.responding_bodies)"
        )

    def _review(self, item, path, body):
        item = REVIEW.read(item, path)
        review = self.rows.made(save(Review(body=body, **REVIEW.values(item, path)), path))
        for name in REVIEW_LISTS:
            handler = getattr(self, f"_{name}")
            for i, entry in enumerate(as_list(item[name], f"{path}.{name}")):
                handler(review, entry, f"{path}.{name}[{i}]", i)
        return review

    # scope, working group and timetable ------------------------------------------------
    def _status_changes(self, review, item, path, index):
        item = STATUS_CHANGE.read(item, path)
        self.rows.add(ReviewStatusChange(review=review, **STATUS_CHANGE.values(item, path)), path)

    def _key_lines(self, review, item, path, index):
        item = KEY_LINE.read(item, path)
        self.rows.add(KeyLineOfEnquiry(review=review, **KEY_LINE.values(item, path, index)), path)

    def _working_group(self, review, item, path, index):
        item = WORKING_GROUP_MEMBER.read(item, path)
        member = WorkingGroupMember(
            review=review,
            person=self.person(item["person"], f"{path}.person"),
            **WORKING_GROUP_MEMBER.values(item, path, index),
        )
        self.rows.add(member, path)

    def _milestones(self, review, item, path, index):
        item = MILESTONE.read(item, path)
        self.rows.add(Milestone(review=review, **MILESTONE.values(item, path, index)), path)

    def _meetings(self, review, item, path, index):
        item = MEETING.read(item, path)
        self._check_unused(self.meetings, item, path)
        meeting = self.rows.add(Meeting(review=review, **MEETING.values(item, path)), path)
        self.meetings[item["ref"]] = meeting
        for i, a in enumerate(as_list(item["attendance"], f"{path}.attendance")):
            at = f"{path}.attendance[{i}]"
            a = ATTENDANCE.read(a, at)
            person = self.person(a["person"], f"{at}.person")
            self.rows.add(
                Attendance(meeting=meeting, person=person, **ATTENDANCE.values(a, at)), at
            )
        for i, w in enumerate(as_list(item["witnesses"], f"{path}.witnesses")):
            at = f"{path}.witnesses[{i}]"
            w = WITNESS.read(w, at)
            witness = Witness(
                meeting=meeting,
                person=self.person(w["person"], f"{at}.person"),
                organisation=self.organisation(w["organisation"], f"{at}.organisation"),
                **WITNESS.values(w, at),
            )
            self.rows.add(witness, at)

    def _variations(self, review, item, path, index):
        item = VARIATION.read(item, path)
        variation = TimetableVariation(
            review=review,
            # The dates are read before the meeting is looked up, as the keys come.
            **VARIATION.values(item, path),
            meeting=self.meeting(item["meeting"], f"{path}.meeting"),
        )
        self.rows.add(variation, path)

    # findings, conclusions and the report ----------------------------------------------
    def _findings(self, review, item, path, index):
        item = FINDING.read(item, path)
        self._check_unused(self.findings, item, path)
        finding = self.rows.add(Finding(review=review, **FINDING.values(item, path, index)), path)
        self.rows.link(
            finding,
            "evidence",
            self.refs(self.evidence, item["evidence"], f"{path}.evidence", "evidence"),
        )
        self.findings[item["ref"]] = finding

    def _conclusions(self, review, item, path, index):
        item = CONCLUSION.read(item, path)
        self._check_unused(self.conclusions, item, path)
        conclusion = self.rows.add(
            Conclusion(review=review, **CONCLUSION.values(item, path, index)), path
        )
        self.rows.link(
            conclusion,
            "evidence",
            self.refs(self.evidence, item["evidence"], f"{path}.evidence", "evidence"),
        )
        self.rows.link(
            conclusion,
            "findings",
            self.refs(self.findings, item["findings"], f"{path}.findings", "finding"),
        )
        self.conclusions[item["ref"]] = conclusion

    def _sections(self, review, item, path, index):
        item = SECTION.read(item, path)
        self.rows.add(ReportSection(review=review, **SECTION.values(item, path, index)), path)

    # recommendations, responses, follow-up ---------------------------------------------
    def _recommendations(self, review, item, path, index):
        item = RECOMMENDATION.read(item, path)
        recommendation = self.rows.add(
            Recommendation(review=review, **RECOMMENDATION.values(item, path)), path
        )
        self.rows.link(
            recommendation,
            "conclusions",
            self.refs(self.conclusions, item["conclusions"], f"{path}.conclusions", "conclusion"),
        )
        self.recommendations[recommendation.number] = recommendation
        answered = {}  # responding body id: has it a response yet?
        for i, name in enumerate(as_list(item["addressees"], f"{path}.addressees")):
            at = f"{path}.addressees[{i}]"
            responding_body = self.responding_body(name, at)
            if responding_body.pk in answered:
                raise ValueError(f"{at}: {name!r} is listed twice.")
            answered[responding_body.pk] = False
            link = RecommendationAddressee(
                recommendation=recommendation, responding_body=responding_body
            )
            self.rows.add(link, at)
        for i, r in enumerate(as_list(item["responses"], f"{path}.responses")):
            self._response(recommendation, answered, r, f"{path}.responses[{i}]")

    def _response(self, recommendation, answered, item, path):
        item = RESPONSE.read(item, path)
        responding_body = self.responding_body(item["addressee"], f"{path}.addressee")
        if responding_body is None or responding_body.pk not in answered:
            raise ValueError(
                f"{path}.addressee: {item['addressee']!r} is not one of the recommendation's "
                "addressees."
            )
        if answered[responding_body.pk]:
            raise ValueError(
                f"{path}.addressee: {item['addressee']!r} has a response already: each "
                "addressee responds once."
            )
        answered[responding_body.pk] = True
        response = Response(
            recommendation=recommendation,
            responding_body=responding_body,
            **RESPONSE.values(item, path),
        )
        if item["letter"] is not None:
            name, content = self.files.read(item["letter"], f"{path}.letter")
            self.files.save(response.letter, name, content)
        self.rows.add(response, path)
        changes = as_list(item["target_date_changes"], f"{path}.target_date_changes")
        for i, c in enumerate(changes):
            at = f"{path}.target_date_changes[{i}]"
            c = TARGET_DATE_CHANGE.read(c, at)
            change = TargetDateChange(response=response, **TARGET_DATE_CHANGE.values(c, at))
            # The format's default for a change given without a time: the import's.
            change.changed_at = change.changed_at or timezone.now()
            self.rows.add(change, at)

    def _follow_ups(self, review, item, path, index):
        item = FOLLOW_UP.read(item, path)
        follow_up = self.rows.add(FollowUp(review=review, **FOLLOW_UP.values(item, path)), path)
        for i, a in enumerate(as_list(item["assessments"], f"{path}.assessments")):
            at = f"{path}.assessments[{i}]"
            a = ASSESSMENT.read(a, at)
            recommendation = self._ref(
                self.recommendations,
                a["recommendation"],
                f"{at}.recommendation",
                "recommendation (by number)",
            )
            assessment = FollowUpAssessment(
                follow_up=follow_up, recommendation=recommendation, **ASSESSMENT.values(a, at)
            )
            self.rows.add(assessment, at)


# --- what already exists, looked up a list at a time --------------------------------------

# Values per query (`__in`), well under every database's limit on parameters.
LOOKUP_BATCH = 500


def _batches(values):
    values = sorted(values)
    return [values[i : i + LOOKUP_BATCH] for i in range(0, len(values), LOOKUP_BATCH)]


class _Existing:
    """Rows found in the database by a key, looked up before the list is read.

    A key of values the format does not allow (not text) could not be looked up with
    the others: it is looked up on its own, by `query`, as every key once was. `found`
    adds a row this import makes, which a later item with the same key reuses.
    """

    def __init__(self, rows, *, looked_up, query):
        self.rows = rows
        self.looked_up = looked_up
        self.query = query

    def lookup(self, key):
        if not self.looked_up(key):
            return self.query(key)
        return self.rows.get(key)

    def found(self, key, row):
        if self.looked_up(key):
            self.rows.setdefault(key, row)


def _text(*values):
    return all(isinstance(value, str) for value in values)


def _existing_organisations(items):
    """The organisations named in `items` that exist already, by name."""
    names = {item.get("name") for item in items if isinstance(item, dict)}
    rows = {}
    for batch in _batches(name for name in names if _text(name)):
        rows.update((org.name, org) for org in Organisation.objects.filter(name__in=batch))
    return _Existing(
        rows,
        looked_up=_text,
        query=lambda name: Organisation.objects.filter(name=name).first(),
    )


def _existing_people(items):
    """The people who exist already, by (honorific, given name, family name,
    organisation's pk or None): the first made, as the import always took."""
    family_names = {item.get("family_name") for item in items if isinstance(item, dict)}
    rows = {}
    for batch in _batches(name for name in family_names if _text(name)):
        for person in Person.objects.filter(family_name__in=batch).order_by("pk"):
            key = (person.honorific, person.given_name, person.family_name, person.organisation_id)
            rows.setdefault(key, person)

    def query(key):
        honorific, given_name, family_name, organisation = key
        if isinstance(organisation, tuple):  # one this import makes: nobody is in it yet
            return None
        people = Person.objects.filter(
            honorific=honorific,
            given_name=given_name,
            family_name=family_name,
            organisation=organisation,
        )
        return people.order_by("pk").first()

    return _Existing(rows, looked_up=lambda key: _text(*key[:3]), query=query)
