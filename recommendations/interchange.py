"""A whole review as one JSON document ("scrutiny-review", version 1), out and back in.

`review_export` writes everything a review holds — scope, working group, timetable,
meetings, every kind of evidence, findings, conclusions, report prose,
recommendations, responses and follow-ups — together with the body, organisations
and people it refers to. `review_import` restores such a document. The schema is
described field by field in docs/review-json.md.

Import is a restore, not a re-enactment: statuses, dates and timestamps are set as
data, no status transition runs and nothing is recorded as any user's action.
Organisations (by name), people (by honorific, names and organisation) and the body
(by slug) are reused when they already exist, so a second review can be imported
into a database that already knows them.
"""

import base64
import binascii
import datetime
import hashlib
import mimetypes
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from recommendations.models import (
    FollowUp,
    FollowUpAssessment,
    Recommendation,
    Response,
    TargetDateChange,
)
from reviews.models import (
    Attendance,
    CallForEvidence,
    Conclusion,
    DataRow,
    DataSet,
    DataTable,
    Document,
    Evidence,
    Finding,
    KeyLineOfEnquiry,
    Meeting,
    Milestone,
    OralEvidence,
    Question,
    QuestionGroup,
    QuestionSet,
    ReportSection,
    Review,
    ReviewStatusChange,
    TimetableVariation,
    Witness,
    WorkingGroupMember,
)
from scrutiny.models import Organisation, PanelMembership, Person, ScrutinyBody

FORMAT = "scrutiny-review"
VERSION = 1
# Written to each history row the import creates, so the audit trail says where a
# row came from without pretending a user made it.
CHANGE_REASON = "Restored from a scrutiny-review JSON file"

EVIDENCE_CLASSES = {
    Evidence.Kind.ORAL: OralEvidence,
    Evidence.Kind.QUESTIONS: QuestionSet,
    Evidence.Kind.CALL: CallForEvidence,
    Evidence.Kind.DOCUMENT: Document,
    Evidence.Kind.DATA: DataSet,
}


# --- export ---------------------------------------------------------------------------


def review_export(*, review, with_files=False) -> dict:
    """The whole of `review` as a JSON-ready dict.

    Document files and response letters are embedded as base64 only when
    `with_files` is true; otherwise a document keeps its metadata (name, type,
    size, SHA-256) and text, and its file is `null`.
    """
    return _Exporter(review, with_files=with_files).export()


def _iso(value):
    return value.isoformat() if value is not None else None


def _unique_ref(base, taken):
    ref, n = base, 2
    while ref in taken:
        ref, n = f"{base}-{n}", n + 1
    taken.add(ref)
    return ref


class _Exporter:
    def __init__(self, review, *, with_files):
        self.review = review
        self.with_files = with_files
        self.evidence = [e.specific for e in review.evidence.order_by("position", "pk")]
        self.meetings = list(review.meetings.order_by("date", "pk"))
        self.findings = list(review.findings.order_by("position", "pk"))
        self.conclusions = list(review.conclusions.order_by("position", "pk"))
        self.evidence_refs = {e.pk: f"evidence-{n}" for n, e in enumerate(self.evidence, 1)}
        self.finding_refs = {f.pk: f"finding-{n}" for n, f in enumerate(self.findings, 1)}
        self.conclusion_refs = {c.pk: f"conclusion-{n}" for n, c in enumerate(self.conclusions, 1)}
        taken = set()
        self.meeting_refs = {
            m.pk: _unique_ref(f"{m.kind.replace('_', '-')}-{m.date.isoformat()}", taken)
            for m in self.meetings
        }
        self._collect_people()

    def _collect_people(self):
        review = self.review
        people = {m.person for m in review.working_group.select_related("person")}
        for meeting in self.meetings:
            people |= {a.person for a in meeting.attendance.select_related("person")}
            people |= {w.person for w in meeting.witnesses.select_related("person")}
        for item in self.evidence:
            if isinstance(item, OralEvidence):
                people |= set(item.given_by.all())

        def natural(person):
            org = person.organisation.name if person.organisation else ""
            return (person.family_name, person.given_name, person.honorific, org, person.pk)

        taken = set()
        self.people = sorted(people, key=natural)
        self.person_refs = {
            p.pk: _unique_ref(slugify(p.formal_name) or "person", taken) for p in self.people
        }
        self.memberships = sorted(
            review.body.memberships.filter(person__in=self.people).select_related("council"),
            key=lambda m: self.person_refs[m.person_id],
        )

    def _organisations(self):
        review = self.review
        orgs = {p.organisation for p in self.people}
        orgs |= {m.council for m in self.memberships}
        orgs.add(review.body.scrutinised_office)
        for meeting in self.meetings:
            orgs |= {w.organisation for w in meeting.witnesses.select_related("organisation")}
        for item in self.evidence:
            if isinstance(item, QuestionSet):
                orgs |= {g.partner for g in item.groups.select_related("partner")}
        orgs.discard(None)
        return [
            {
                "name": o.name,
                "short_name": o.short_name,
                "kind": o.kind,
                "website": o.website,
            }
            for o in sorted(orgs, key=lambda o: o.name)
        ]

    def export(self):
        review = self.review
        body = review.body
        return {
            "format": FORMAT,
            "version": VERSION,
            "body": {
                "slug": body.slug,
                "name": body.name,
                "scrutinised_title": body.scrutinised_title,
                "scrutinised_abbreviation": body.scrutinised_abbreviation,
                "scrutinised_office": _name(body.scrutinised_office),
                "default_response_period_months": body.default_response_period_months,
                "follow_up_interval_months": body.follow_up_interval_months,
                "memberships": [
                    {
                        "person": self.person_refs[m.person_id],
                        "kind": m.kind,
                        "council": _name(m.council),
                        "started_on": _iso(m.started_on),
                        "ended_on": _iso(m.ended_on),
                    }
                    for m in self.memberships
                ],
            },
            "organisations": self._organisations(),
            "people": [
                {
                    "ref": self.person_refs[p.pk],
                    "honorific": p.honorific,
                    "given_name": p.given_name,
                    "family_name": p.family_name,
                    "job_title": p.job_title,
                    "organisation": _name(p.organisation),
                    "email": p.email,
                }
                for p in self.people
            ],
            "review": self._review(),
        }

    def _review(self):
        r = self.review
        return {
            "slug": r.slug,
            "short_title": r.short_title,
            "working_group_name": r.working_group_name,
            "title": r.title,
            "topic": r.topic,
            "purpose": r.purpose,
            "rationale": r.rationale,
            "outcomes": r.outcomes,
            "approach": r.approach,
            "information_required": r.information_required,
            "information_note": r.information_note,
            "resources": r.resources,
            "timetable_note": r.timetable_note,
            "commissioned_on": _iso(r.commissioned_on),
            "is_illustrative": r.is_illustrative,
            "status": r.status,
            "status_changed_at": _iso(r.status_changed_at),
            "agreed_on": _iso(r.agreed_on),
            "agreed_at_meeting": r.agreed_at_meeting,
            "presented_on": _iso(r.presented_on),
            "response_period_months": r.response_period_months,
            "status_changes": [
                {
                    "from_status": c.from_status,
                    "to_status": c.to_status,
                    "changed_at": _iso(c.changed_at),
                    "note": c.note,
                }
                for c in r.status_changes.order_by("changed_at", "pk")
            ],
            "key_lines": [
                {"text": k.text, "position": k.position}
                for k in r.key_lines.order_by("position", "pk")
            ],
            "working_group": [
                {"person": self.person_refs[m.person_id], "role": m.role, "position": m.position}
                for m in r.working_group.order_by("position", "pk")
            ],
            "milestones": [
                {
                    "description": m.description,
                    "planned_label": m.planned_label,
                    "planned_start": _iso(m.planned_start),
                    "planned_end": _iso(m.planned_end),
                    "actual_on": _iso(m.actual_on),
                    "position": m.position,
                }
                for m in r.milestones.order_by("position", "pk")
            ],
            "meetings": [self._meeting(m) for m in self.meetings],
            "variations": [
                {
                    "agreed_on": _iso(v.agreed_on),
                    "agreed_at": v.agreed_at,
                    "meeting": self.meeting_refs.get(v.meeting_id),
                    "description": v.description,
                }
                for v in r.variations.order_by("agreed_on", "pk")
            ],
            "evidence": [self._evidence(e) for e in self.evidence],
            "findings": [
                {
                    "ref": self.finding_refs[f.pk],
                    "text": f.text,
                    "evidence": self._refs(f.evidence.all(), self.evidence_refs),
                    "position": f.position,
                }
                for f in self.findings
            ],
            "conclusions": [
                {
                    "ref": self.conclusion_refs[c.pk],
                    "text": c.text,
                    "evidence": self._refs(c.evidence.all(), self.evidence_refs),
                    "findings": self._refs(c.findings.all(), self.finding_refs),
                    "position": c.position,
                }
                for c in self.conclusions
            ],
            "sections": [
                {"kind": s.kind, "title": s.title, "body": s.body, "position": s.position}
                for s in r.sections.order_by("position", "pk")
            ],
            "recommendations": [
                self._recommendation(rec)
                for rec in r.recommendations.order_by("number").select_related("response")
            ],
            "follow_ups": [self._follow_up(f) for f in r.follow_ups.order_by("sequence")],
        }

    @staticmethod
    def _refs(objects, refs):
        """Local references in the order the referenced rows are printed."""
        order = list(refs.values())
        return sorted((refs[o.pk] for o in objects), key=order.index)

    def _meeting(self, m):
        return {
            "ref": self.meeting_refs[m.pk],
            "kind": m.kind,
            "date": _iso(m.date),
            "title": m.title,
            "purpose": m.purpose,
            "notes": m.notes,
            "location": m.location,
            "attendance": sorted(
                (
                    {"person": self.person_refs[a.person_id], "status": a.status}
                    for a in m.attendance.all()
                ),
                key=lambda a: a["person"],
            ),
            "witnesses": sorted(
                (
                    {
                        "person": self.person_refs[w.person_id],
                        "job_title": w.job_title,
                        "organisation": _name(w.organisation),
                    }
                    for w in m.witnesses.select_related("organisation")
                ),
                key=lambda w: w["person"],
            ),
        }

    def _evidence(self, e):
        data = {
            "ref": self.evidence_refs[e.pk],
            "kind": e.kind,
            "title": e.title,
            "summary": e.summary,
            "meeting": self.meeting_refs.get(e.meeting_id),
            "received_on": _iso(e.received_on),
            "position": e.position,
        }
        if isinstance(e, OralEvidence):
            data["given_by"] = sorted(self.person_refs[p.pk] for p in e.given_by.all())
        elif isinstance(e, QuestionSet):
            data["introduction"] = e.introduction
            data["sent_on"] = _iso(e.sent_on)
            data["groups"] = [
                {
                    "heading": g.heading,
                    "partner": _name(g.partner),
                    "how_we_work_together": g.how_we_work_together,
                    "position": g.position,
                    "questions": [
                        {"text": q.text, "answer": q.answer, "position": q.position}
                        for q in g.questions.order_by("position", "pk")
                    ],
                }
                for g in e.groups.order_by("position", "pk").select_related("partner")
            ]
        elif isinstance(e, CallForEvidence):
            data["channel"] = e.channel
            data["published_on"] = _iso(e.published_on)
            data["closes_on"] = _iso(e.closes_on)
            data["responses_received"] = e.responses_received
            data["text"] = e.text
        elif isinstance(e, Document):
            data["original_filename"] = e.original_filename
            data["content_type"] = e.content_type
            data["size"] = e.size
            data["sha256"] = e.sha256
            data["author"] = e.author
            data["source_url"] = e.source_url
            data["extracted_text"] = e.extracted_text
            data["file"] = self._file(e.file, e.original_filename)
        elif isinstance(e, DataSet):
            data["introduction"] = e.introduction
            data["tables"] = [
                {
                    "title": t.title,
                    "description": t.description,
                    "columns": t.columns,
                    "printed_totals": t.printed_totals,
                    "position": t.position,
                    "rows": [
                        {"cells": row.cells, "position": row.position}
                        for row in t.rows.order_by("position", "pk")
                    ],
                }
                for t in e.tables.order_by("position", "pk")
            ]
        return data

    def _file(self, field_file, name=""):
        if not field_file or not self.with_files:
            return None
        with field_file.open("rb") as handle:
            content = handle.read()
        return {
            "name": name or PurePosixPath(field_file.name).name,
            "base64": base64.b64encode(content).decode("ascii"),
        }

    def _recommendation(self, rec):
        response = getattr(rec, "response", None)
        return {
            "number": rec.number,
            "reason": rec.reason,
            "text": rec.text,
            "addressee": rec.addressee,
            "addressee_other": rec.addressee_other,
            "conclusions": self._refs(rec.conclusions.all(), self.conclusion_refs),
            "response": self._response(response) if response else None,
        }

    def _response(self, response):
        return {
            "decision": response.decision,
            "reason": response.reason,
            "response_text": response.response_text,
            "actions": response.actions,
            "lead_officer": response.lead_officer,
            "target_date": _iso(response.target_date),
            "received_on": _iso(response.received_on),
            "status": response.status,
            "submitted_at": _iso(response.submitted_at),
            "published_at": _iso(response.published_at),
            "letter": self._file(response.letter),
            "letter_filename": response.letter_filename,
            "letter_size": response.letter_size,
            "letter_sha256": response.letter_sha256,
            "target_date_changes": [
                {
                    "old_date": _iso(c.old_date),
                    "new_date": _iso(c.new_date),
                    "reason": c.reason,
                    "changed_at": _iso(c.changed_at),
                }
                for c in response.target_date_changes.order_by("changed_at", "pk")
            ],
        }

    def _follow_up(self, follow_up):
        return {
            "sequence": follow_up.sequence,
            "due_on": _iso(follow_up.due_on),
            "held_on": _iso(follow_up.held_on),
            "meeting": follow_up.meeting,
            "summary": follow_up.summary,
            "status": follow_up.status,
            "completed_at": _iso(follow_up.completed_at),
            "published_at": _iso(follow_up.published_at),
            "assessments": [
                {
                    "recommendation": a.recommendation.number,
                    "progress_update": a.progress_update,
                    "implementation": a.implementation,
                    "rag": a.rag,
                    "comment": a.comment,
                    "outcome": a.outcome,
                }
                for a in follow_up.assessments.select_related("recommendation").order_by(
                    "recommendation__number"
                )
            ],
        }


def _name(organisation):
    return organisation.name if organisation else None


# --- import ---------------------------------------------------------------------------


def review_import(*, data, files_root=None) -> Review:
    """Create the review described by `data` (a decoded scrutiny-review document).

    `files_root` is the folder that files given by `path` are read from; paths may not
    leave it. Everything is saved in one transaction: on any problem a `ValueError`
    says what and where, and nothing is saved.
    """
    if not isinstance(data, dict):
        raise ValueError("This is not a scrutiny-review document: expected a JSON object.")
    if data.get("format") != FORMAT:
        raise ValueError(
            f"This is not a scrutiny-review document (format is {data.get('format')!r}, "
            f"expected {FORMAT!r})."
        )
    if data.get("version") != VERSION:
        raise ValueError(
            f"Unsupported scrutiny-review version {data.get('version')!r}: this version of "
            f"Scrutiny reads version {VERSION} only."
        )
    _fields(
        data,
        "document",
        required=("format", "version", "body", "review"),
        optional={"organisations": [], "people": []},
    )
    slug = data["review"].get("slug") if isinstance(data["review"], dict) else None
    if slug and Review.objects.filter(slug=slug).exists():
        raise ValueError(
            f"A review with the slug {slug!r} already exists; nothing was imported. "
            "Delete or rename the existing review first."
        )
    importer = _Importer(data, files_root=files_root)
    try:
        with transaction.atomic():
            review = importer.run()
            # Evidence rows were saved before their questions, answers and tables.
            for evidence in review.evidence.all():
                evidence.reindex()
            return review
    except BaseException:
        # The database rolls back by itself; files written to storage do not.
        for name in importer.stored_files:
            default_storage.delete(name)
        raise


def _fields(data, path, *, required=(), optional=None):
    """`data` as an object with every required key and no unknown one, defaults filled."""
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected an object, found {type(data).__name__}.")
    optional = optional or {}
    missing = [key for key in required if key not in data]
    if missing:
        raise ValueError(f"{path}: missing {', '.join(missing)}.")
    unknown = sorted(set(data) - set(required) - set(optional))
    if unknown:
        raise ValueError(f"{path}: unknown field(s) {', '.join(unknown)}.")
    return {**optional, **data}


def _list(value, path):
    if not isinstance(value, list):
        raise ValueError(f"{path}: expected a list, found {type(value).__name__}.")
    return value


def _date(value, path):
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"{path}: {value!r} is not a date (YYYY-MM-DD).") from None


def _datetime(value, path):
    if value is None:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"{path}: {value!r} is not a date and time (ISO 8601).") from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _describe(error):
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
            for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def _save(obj, path, *, exclude=None):
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        raise ValueError(f"{path}: {_describe(error)}") from None
    obj._change_reason = CHANGE_REASON
    obj.save()
    return obj


def _position(item, index):
    return index if item.get("position") is None else item["position"]


class _Importer:
    def __init__(self, data, *, files_root):
        self.data = data
        self.files_root = Path(files_root).resolve() if files_root is not None else None
        self.stored_files = []
        self.organisations = {}
        self.people = {}
        self.meetings = {}
        self.evidence = {}
        self.findings = {}
        self.conclusions = {}
        self.recommendations = {}

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
            self._ref(table, ref, f"{path}[{i}]", what) for i, ref in enumerate(_list(refs, path))
        ]

    # the document, top to bottom ------------------------------------------------------
    def run(self):
        for i, item in enumerate(_list(self.data["organisations"], "organisations")):
            self._organisation(item, f"organisations[{i}]")
        for i, item in enumerate(_list(self.data["people"], "people")):
            self._person(item, f"people[{i}]")
        body = self._body(self.data["body"], "body")
        return self._review(self.data["review"], "review", body)

    def _organisation(self, item, path):
        item = _fields(
            item,
            path,
            required=("name",),
            optional={"short_name": "", "kind": Organisation.Kind.OTHER, "website": ""},
        )
        if item["name"] in self.organisations:
            raise ValueError(f"{path}: {item['name']!r} is listed twice.")
        org = Organisation.objects.filter(name=item["name"]).first()
        if org is None:
            org = _save(
                Organisation(
                    name=item["name"],
                    short_name=item["short_name"],
                    kind=item["kind"],
                    website=item["website"],
                ),
                path,
            )
        self.organisations[item["name"]] = org

    def _person(self, item, path):
        item = _fields(
            item,
            path,
            required=("ref", "given_name", "family_name"),
            optional={"honorific": "", "job_title": "", "organisation": None, "email": ""},
        )
        if item["ref"] in self.people:
            raise ValueError(f"{path}: the reference {item['ref']!r} is used twice.")
        org = self.organisation(item["organisation"], f"{path}.organisation")
        person = (
            Person.objects.filter(
                honorific=item["honorific"],
                given_name=item["given_name"],
                family_name=item["family_name"],
                organisation=org,
            )
            .order_by("pk")
            .first()
        )
        if person is None:
            person = _save(
                Person(
                    honorific=item["honorific"],
                    given_name=item["given_name"],
                    family_name=item["family_name"],
                    job_title=item["job_title"],
                    organisation=org,
                    email=item["email"],
                ),
                path,
            )
        self.people[item["ref"]] = person

    def _body(self, item, path):
        item = _fields(
            item,
            path,
            required=("slug", "name", "scrutinised_title"),
            optional={
                "scrutinised_abbreviation": "",
                "scrutinised_office": None,
                "default_response_period_months": 2,
                "follow_up_interval_months": 6,
                "memberships": [],
            },
        )
        body = ScrutinyBody.objects.filter(slug=item["slug"]).first()
        if body is None:
            body = _save(
                ScrutinyBody(
                    slug=item["slug"],
                    name=item["name"],
                    scrutinised_title=item["scrutinised_title"],
                    scrutinised_abbreviation=item["scrutinised_abbreviation"],
                    scrutinised_office=self.organisation(
                        item["scrutinised_office"], f"{path}.scrutinised_office"
                    ),
                    default_response_period_months=item["default_response_period_months"],
                    follow_up_interval_months=item["follow_up_interval_months"],
                ),
                path,
            )
        for i, m in enumerate(_list(item["memberships"], f"{path}.memberships")):
            at = f"{path}.memberships[{i}]"
            m = _fields(
                m,
                at,
                required=("person", "kind"),
                optional={"council": None, "started_on": None, "ended_on": None},
            )
            person = self.person(m["person"], f"{at}.person")
            if not body.memberships.filter(person=person).exists():
                _save(
                    PanelMembership(
                        body=body,
                        person=person,
                        kind=m["kind"],
                        council=self.organisation(m["council"], f"{at}.council"),
                        started_on=_date(m["started_on"], f"{at}.started_on"),
                        ended_on=_date(m["ended_on"], f"{at}.ended_on"),
                    ),
                    at,
                )
        return body

    def _review(self, item, path, body):
        text = (
            "purpose",
            "rationale",
            "outcomes",
            "approach",
            "information_required",
            "information_note",
            "resources",
            "timetable_note",
            "agreed_at_meeting",
        )
        lists = (
            "status_changes",
            "key_lines",
            "working_group",
            "milestones",
            "meetings",
            "variations",
            "evidence",
            "findings",
            "conclusions",
            "sections",
            "recommendations",
            "follow_ups",
        )
        item = _fields(
            item,
            path,
            required=("slug", "short_title", "working_group_name", "title", "topic"),
            optional={
                **dict.fromkeys(text, ""),
                **dict.fromkeys(lists, []),
                "commissioned_on": None,
                "is_illustrative": False,
                "status": Review.Status.COMMISSIONED,
                "status_changed_at": None,
                "agreed_on": None,
                "presented_on": None,
                "response_period_months": None,
            },
        )
        review = _save(
            Review(
                body=body,
                slug=item["slug"],
                short_title=item["short_title"],
                working_group_name=item["working_group_name"],
                title=item["title"],
                topic=item["topic"],
                **{name: item[name] for name in text},
                commissioned_on=_date(item["commissioned_on"], f"{path}.commissioned_on"),
                is_illustrative=item["is_illustrative"],
                status=item["status"],
                status_changed_at=_datetime(item["status_changed_at"], f"{path}.status_changed_at"),
                agreed_on=_date(item["agreed_on"], f"{path}.agreed_on"),
                presented_on=_date(item["presented_on"], f"{path}.presented_on"),
                response_period_months=item["response_period_months"],
            ),
            path,
        )
        for name in lists:
            handler = getattr(self, f"_{name}")
            for i, entry in enumerate(_list(item[name], f"{path}.{name}")):
                handler(review, entry, f"{path}.{name}[{i}]", i)
        return review

    def _status_changes(self, review, item, path, index):
        item = _fields(
            item, path, required=("from_status", "to_status", "changed_at"), optional={"note": ""}
        )
        _save(
            ReviewStatusChange(
                review=review,
                from_status=item["from_status"],
                to_status=item["to_status"],
                changed_at=_datetime(item["changed_at"], f"{path}.changed_at"),
                note=item["note"],
            ),
            path,
        )

    def _key_lines(self, review, item, path, index):
        item = _fields(item, path, required=("text",), optional={"position": None})
        _save(
            KeyLineOfEnquiry(review=review, text=item["text"], position=_position(item, index)),
            path,
        )

    def _working_group(self, review, item, path, index):
        item = _fields(item, path, required=("person", "role"), optional={"position": None})
        _save(
            WorkingGroupMember(
                review=review,
                person=self.person(item["person"], f"{path}.person"),
                role=item["role"],
                position=_position(item, index),
            ),
            path,
        )

    def _milestones(self, review, item, path, index):
        item = _fields(
            item,
            path,
            required=("description",),
            optional={
                "planned_label": "",
                "planned_start": None,
                "planned_end": None,
                "actual_on": None,
                "position": None,
            },
        )
        _save(
            Milestone(
                review=review,
                description=item["description"],
                planned_label=item["planned_label"],
                planned_start=_date(item["planned_start"], f"{path}.planned_start"),
                planned_end=_date(item["planned_end"], f"{path}.planned_end"),
                actual_on=_date(item["actual_on"], f"{path}.actual_on"),
                position=_position(item, index),
            ),
            path,
        )

    def _meetings(self, review, item, path, index):
        item = _fields(
            item,
            path,
            required=("ref", "kind", "date"),
            optional={
                "title": "",
                "purpose": "",
                "notes": "",
                "location": "",
                "attendance": [],
                "witnesses": [],
            },
        )
        if item["ref"] in self.meetings:
            raise ValueError(f"{path}: the reference {item['ref']!r} is used twice.")
        meeting = _save(
            Meeting(
                review=review,
                kind=item["kind"],
                date=_date(item["date"], f"{path}.date"),
                title=item["title"],
                purpose=item["purpose"],
                notes=item["notes"],
                location=item["location"],
            ),
            path,
        )
        self.meetings[item["ref"]] = meeting
        for i, a in enumerate(_list(item["attendance"], f"{path}.attendance")):
            at = f"{path}.attendance[{i}]"
            a = _fields(a, at, required=("person",), optional={"status": "present"})
            person = self.person(a["person"], f"{at}.person")
            _save(Attendance(meeting=meeting, person=person, status=a["status"]), at)
        for i, w in enumerate(_list(item["witnesses"], f"{path}.witnesses")):
            at = f"{path}.witnesses[{i}]"
            w = _fields(
                w, at, required=("person",), optional={"job_title": "", "organisation": None}
            )
            _save(
                Witness(
                    meeting=meeting,
                    person=self.person(w["person"], f"{at}.person"),
                    job_title=w["job_title"],
                    organisation=self.organisation(w["organisation"], f"{at}.organisation"),
                ),
                at,
            )

    def _variations(self, review, item, path, index):
        item = _fields(
            item,
            path,
            required=("agreed_on", "agreed_at", "description"),
            optional={"meeting": None},
        )
        _save(
            TimetableVariation(
                review=review,
                agreed_on=_date(item["agreed_on"], f"{path}.agreed_on"),
                agreed_at=item["agreed_at"],
                meeting=self.meeting(item["meeting"], f"{path}.meeting"),
                description=item["description"],
            ),
            path,
        )

    # evidence ------------------------------------------------------------------------
    EVIDENCE_FIELDS = {
        Evidence.Kind.ORAL: {"given_by": []},
        Evidence.Kind.QUESTIONS: {"introduction": "", "sent_on": None, "groups": []},
        Evidence.Kind.CALL: {
            "channel": "",
            "published_on": None,
            "closes_on": None,
            "responses_received": None,
            "text": "",
        },
        Evidence.Kind.DOCUMENT: {
            "original_filename": "",
            "content_type": "",
            "size": None,
            "sha256": "",
            "author": "",
            "source_url": "",
            "extracted_text": None,
            "file": None,
        },
        Evidence.Kind.DATA: {"introduction": "", "tables": []},
    }

    def _evidence(self, review, item, path, index):
        kind = item.get("kind") if isinstance(item, dict) else None
        if kind not in EVIDENCE_CLASSES:
            raise ValueError(f"{path}.kind: {kind!r} is not one of {', '.join(EVIDENCE_CLASSES)}.")
        item = _fields(
            item,
            path,
            required=("ref", "kind", "title"),
            optional={
                "summary": "",
                "meeting": None,
                "received_on": None,
                "position": None,
                **self.EVIDENCE_FIELDS[kind],
            },
        )
        if item["ref"] in self.evidence:
            raise ValueError(f"{path}: the reference {item['ref']!r} is used twice.")
        evidence = EVIDENCE_CLASSES[kind](
            review=review,
            kind=kind,
            title=item["title"],
            summary=item["summary"],
            meeting=self.meeting(item["meeting"], f"{path}.meeting"),
            received_on=_date(item["received_on"], f"{path}.received_on"),
            position=_position(item, index),
        )
        getattr(self, f"_evidence_{kind}")(evidence, item, path)
        self.evidence[item["ref"]] = evidence

    def _evidence_oral(self, evidence, item, path):
        _save(evidence, path)
        evidence.given_by.set(
            self.refs(self.people, item["given_by"], f"{path}.given_by", "person (in people)")
        )

    def _evidence_questions(self, evidence, item, path):
        evidence.introduction = item["introduction"]
        evidence.sent_on = _date(item["sent_on"], f"{path}.sent_on")
        _save(evidence, path)
        for i, g in enumerate(_list(item["groups"], f"{path}.groups")):
            at = f"{path}.groups[{i}]"
            g = _fields(
                g,
                at,
                required=("heading",),
                optional={
                    "partner": None,
                    "how_we_work_together": "",
                    "position": None,
                    "questions": [],
                },
            )
            group = _save(
                QuestionGroup(
                    question_set=evidence,
                    heading=g["heading"],
                    partner=self.organisation(g["partner"], f"{at}.partner"),
                    how_we_work_together=g["how_we_work_together"],
                    position=_position(g, i),
                ),
                at,
            )
            for j, q in enumerate(_list(g["questions"], f"{at}.questions")):
                qat = f"{at}.questions[{j}]"
                q = _fields(q, qat, required=("text",), optional={"answer": "", "position": None})
                _save(
                    Question(
                        group=group, text=q["text"], answer=q["answer"], position=_position(q, j)
                    ),
                    qat,
                )

    def _evidence_call(self, evidence, item, path):
        evidence.channel = item["channel"]
        evidence.published_on = _date(item["published_on"], f"{path}.published_on")
        evidence.closes_on = _date(item["closes_on"], f"{path}.closes_on")
        evidence.responses_received = item["responses_received"]
        evidence.text = item["text"]
        _save(evidence, path)

    def _evidence_document(self, evidence, item, path):
        for name in ("original_filename", "content_type", "sha256", "author", "source_url"):
            setattr(evidence, name, item[name])
        evidence.size = item["size"] or 0
        text = item["extracted_text"]
        if item["file"] is not None:
            name, content = self._read_file(item["file"], f"{path}.file")
            digest = hashlib.sha256(content).hexdigest()
            if item["sha256"] and item["sha256"] != digest:
                raise ValueError(
                    f"{path}.file: the file's SHA-256 is {digest}, not {item['sha256']} as "
                    "recorded; it is not the file the document describes."
                )
            if item["size"] is not None and item["size"] != len(content):
                raise ValueError(
                    f"{path}.file: the file has {len(content)} bytes, not {item['size']}."
                )
            evidence.sha256 = digest
            evidence.size = len(content)
            evidence.original_filename = evidence.original_filename or name
            evidence.content_type = (
                evidence.content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
            )
            if text is None and evidence.content_type.startswith("text/"):
                try:
                    text = content.decode("utf-8")
                except UnicodeDecodeError:
                    raise ValueError(f"{path}.file: a text file that is not UTF-8.") from None
            evidence.file.save(name, ContentFile(content), save=False)
            self.stored_files.append(evidence.file.name)
        evidence.extracted_text = text or ""
        _save(evidence, path)

    def _evidence_data(self, evidence, item, path):
        evidence.introduction = item["introduction"]
        _save(evidence, path)
        types = set(DataTable.ColumnType.values)
        for i, t in enumerate(_list(item["tables"], f"{path}.tables")):
            at = f"{path}.tables[{i}]"
            t = _fields(
                t,
                at,
                required=("title", "columns"),
                optional={"description": "", "printed_totals": {}, "position": None, "rows": []},
            )
            for j, column in enumerate(_list(t["columns"], f"{at}.columns")):
                column = _fields(column, f"{at}.columns[{j}]", required=("name", "type"))
                if column["type"] not in types:
                    raise ValueError(
                        f"{at}.columns[{j}].type: {column['type']!r} is not one of "
                        f"{', '.join(sorted(types))}."
                    )
            table = _save(
                DataTable(
                    dataset=evidence,
                    title=t["title"],
                    description=t["description"],
                    columns=t["columns"],
                    printed_totals=t["printed_totals"],
                    position=_position(t, i),
                ),
                at,
            )
            for j, row in enumerate(_list(t["rows"], f"{at}.rows")):
                rat = f"{at}.rows[{j}]"
                row = _fields(row, rat, required=("cells",), optional={"position": None})
                cells = _list(row["cells"], f"{rat}.cells")
                if len(cells) != len(t["columns"]):
                    raise ValueError(
                        f"{rat}.cells: {len(cells)} cells for {len(t['columns'])} columns."
                    )
                _save(DataRow(table=table, cells=cells, position=_position(row, j)), rat)

    def _read_file(self, spec, path):
        spec = _fields(spec, path, optional={"name": "", "base64": None, "path": None})
        if (spec["base64"] is None) == (spec["path"] is None):
            raise ValueError(f"{path}: give the file as exactly one of base64 or path.")
        if spec["base64"] is not None:
            try:
                content = base64.b64decode(spec["base64"], validate=True)
            except (binascii.Error, TypeError, ValueError):
                raise ValueError(f"{path}.base64: not valid base64.") from None
            return spec["name"] or "file", content
        if self.files_root is None:
            raise ValueError(f"{path}.path: the file is given by path, but no files folder was.")
        target = (self.files_root / spec["path"]).resolve()
        if not target.is_relative_to(self.files_root):
            raise ValueError(f"{path}.path: {spec['path']!r} is outside the files folder.")
        if not target.is_file():
            raise ValueError(f"{path}.path: no file {spec['path']!r} in the files folder.")
        return spec["name"] or target.name, target.read_bytes()

    # conclusions -----------------------------------------------------------------------
    def _findings(self, review, item, path, index):
        item = _fields(
            item, path, required=("ref", "text"), optional={"evidence": [], "position": None}
        )
        if item["ref"] in self.findings:
            raise ValueError(f"{path}: the reference {item['ref']!r} is used twice.")
        finding = _save(
            Finding(review=review, text=item["text"], position=_position(item, index)), path
        )
        finding.evidence.set(
            self.refs(self.evidence, item["evidence"], f"{path}.evidence", "evidence")
        )
        self.findings[item["ref"]] = finding

    def _conclusions(self, review, item, path, index):
        item = _fields(
            item,
            path,
            required=("ref", "text"),
            optional={"evidence": [], "findings": [], "position": None},
        )
        if item["ref"] in self.conclusions:
            raise ValueError(f"{path}: the reference {item['ref']!r} is used twice.")
        conclusion = _save(
            Conclusion(review=review, text=item["text"], position=_position(item, index)), path
        )
        conclusion.evidence.set(
            self.refs(self.evidence, item["evidence"], f"{path}.evidence", "evidence")
        )
        conclusion.findings.set(
            self.refs(self.findings, item["findings"], f"{path}.findings", "finding")
        )
        self.conclusions[item["ref"]] = conclusion

    def _sections(self, review, item, path, index):
        item = _fields(
            item, path, required=("kind",), optional={"title": "", "body": "", "position": None}
        )
        _save(
            ReportSection(
                review=review,
                kind=item["kind"],
                title=item["title"],
                body=item["body"],
                position=_position(item, index),
            ),
            path,
        )

    # recommendations, responses, follow-up ---------------------------------------------
    def _recommendations(self, review, item, path, index):
        item = _fields(
            item,
            path,
            required=("number", "reason", "text", "addressee"),
            optional={"addressee_other": "", "conclusions": [], "response": None},
        )
        recommendation = _save(
            Recommendation(
                review=review,
                number=item["number"],
                reason=item["reason"],
                text=item["text"],
                addressee=item["addressee"],
                addressee_other=item["addressee_other"],
            ),
            path,
        )
        recommendation.conclusions.set(
            self.refs(self.conclusions, item["conclusions"], f"{path}.conclusions", "conclusion")
        )
        self.recommendations[recommendation.number] = recommendation
        if item["response"] is not None:
            self._response(recommendation, item["response"], f"{path}.response")

    def _response(self, recommendation, item, path):
        item = _fields(
            item,
            path,
            required=("decision", "response_text"),
            optional={
                "reason": "",
                "actions": "",
                "lead_officer": "",
                "target_date": None,
                "received_on": None,
                "status": Response.Status.DRAFT,
                "submitted_at": None,
                "published_at": None,
                "letter": None,
                "letter_filename": "",
                "letter_size": 0,
                "letter_sha256": "",
                "target_date_changes": [],
            },
        )
        response = Response(
            recommendation=recommendation,
            decision=item["decision"],
            reason=item["reason"],
            response_text=item["response_text"],
            actions=item["actions"],
            lead_officer=item["lead_officer"],
            target_date=_date(item["target_date"], f"{path}.target_date"),
            received_on=_date(item["received_on"], f"{path}.received_on"),
            status=item["status"],
            submitted_at=_datetime(item["submitted_at"], f"{path}.submitted_at"),
            published_at=_datetime(item["published_at"], f"{path}.published_at"),
            letter_filename=item["letter_filename"],
            letter_size=item["letter_size"],
            letter_sha256=item["letter_sha256"],
        )
        if item["letter"] is not None:
            name, content = self._read_file(item["letter"], f"{path}.letter")
            response.letter.save(name, ContentFile(content), save=False)
            self.stored_files.append(response.letter.name)
        _save(response, path)
        for i, c in enumerate(_list(item["target_date_changes"], f"{path}.target_date_changes")):
            at = f"{path}.target_date_changes[{i}]"
            c = _fields(
                c,
                at,
                required=("new_date", "reason"),
                optional={"old_date": None, "changed_at": None},
            )
            _save(
                TargetDateChange(
                    response=response,
                    old_date=_date(c["old_date"], f"{at}.old_date"),
                    new_date=_date(c["new_date"], f"{at}.new_date"),
                    reason=c["reason"],
                    changed_at=_datetime(c["changed_at"], f"{at}.changed_at") or timezone.now(),
                ),
                at,
            )

    def _follow_ups(self, review, item, path, index):
        item = _fields(
            item,
            path,
            required=("sequence", "due_on"),
            optional={
                "held_on": None,
                "meeting": "",
                "summary": "",
                "status": FollowUp.Status.SCHEDULED,
                "completed_at": None,
                "published_at": None,
                "assessments": [],
            },
        )
        follow_up = _save(
            FollowUp(
                review=review,
                sequence=item["sequence"],
                due_on=_date(item["due_on"], f"{path}.due_on"),
                held_on=_date(item["held_on"], f"{path}.held_on"),
                meeting=item["meeting"],
                summary=item["summary"],
                status=item["status"],
                completed_at=_datetime(item["completed_at"], f"{path}.completed_at"),
                published_at=_datetime(item["published_at"], f"{path}.published_at"),
            ),
            path,
        )
        for i, a in enumerate(_list(item["assessments"], f"{path}.assessments")):
            at = f"{path}.assessments[{i}]"
            a = _fields(
                a,
                at,
                required=("recommendation",),
                # A progress update may come before the panel's assessment: then
                # implementation, rag and outcome are all "".
                optional={
                    "progress_update": "",
                    "implementation": "",
                    "rag": "",
                    "comment": "",
                    "outcome": "",
                },
            )
            _save(
                FollowUpAssessment(
                    follow_up=follow_up,
                    recommendation=self._ref(
                        self.recommendations,
                        a["recommendation"],
                        f"{at}.recommendation",
                        "recommendation (by number)",
                    ),
                    progress_update=a["progress_update"],
                    implementation=a["implementation"],
                    rag=a["rag"],
                    comment=a["comment"],
                    outcome=a["outcome"],
                ),
                at,
            )
