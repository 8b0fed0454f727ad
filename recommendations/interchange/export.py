"""A review out to one JSON-ready dict.

The plain fields of every object come from its shape in fields.py; this module adds
what a shape cannot know: which rows belong to the review and in what order, the
local references (`ref`) it makes up for people, meetings, evidence, findings and
conclusions, and the files.
"""

from django.utils.text import slugify

from recommendations.interchange.fields import (
    ASSESSMENT,
    ATTENDANCE,
    BODY,
    CONCLUSION,
    DATA_ROW,
    DATA_TABLE,
    DOCUMENT,
    EVIDENCE,
    EVIDENCE_KINDS,
    FINDING,
    FOLLOW_UP,
    FORMAT,
    KEY_LINE,
    MEETING,
    MEMBERSHIP,
    MILESTONE,
    ORGANISATION,
    PERSON,
    QUESTION,
    QUESTION_GROUP,
    RECOMMENDATION,
    RESPONDING_BODY,
    RESPONSE,
    REVIEW,
    SECTION,
    STATUS_CHANGE,
    TARGET_DATE_CHANGE,
    VARIATION,
    VERSION,
    WITNESS,
    WORKING_GROUP_MEMBER,
)
from recommendations.interchange.files import file_export
from reviews.models import DataSet, Document, OralEvidence, QuestionSet, WrittenSubmission


def review_export(*, review, with_files=False) -> dict:
    """The whole of `review` as a JSON-ready dict.

    Document files and response letters are embedded as base64 only when
    `with_files` is true; otherwise a document keeps its metadata (name, type,
    size, SHA-256) and text, and its file is `null`.
    """
    return _Exporter(review, with_files=with_files).export()


def _unique_ref(base, taken):
    ref, n = base, 2
    while ref in taken:
        ref, n = f"{base}-{n}", n + 1
    taken.add(ref)
    return ref


def _name(organisation):
    return organisation.name if organisation else None


def _refs(objects, refs):
    """Local references in the order the referenced rows are printed."""
    order = list(refs.values())
    return sorted((refs[o.pk] for o in objects), key=order.index)


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
            elif isinstance(item, WrittenSubmission) and item.person:
                people.add(item.person)

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
            elif isinstance(item, WrittenSubmission):
                orgs.add(item.organisation)
        orgs.discard(None)
        return [ORGANISATION.dump(o) for o in sorted(orgs, key=lambda o: o.name)]

    def export(self):
        body = self.review.body
        return DOCUMENT.dump(
            None,
            format=FORMAT,
            version=VERSION,
            body=BODY.dump(
                body,
                scrutinised_office=_name(body.scrutinised_office),
                memberships=[
                    MEMBERSHIP.dump(
                        m, person=self.person_refs[m.person_id], council=_name(m.council)
                    )
                    for m in self.memberships
                ],
                responding_bodies=[
                    RESPONDING_BODY.dump(b) for b in body.responding_bodies.order_by("name", "pk")
                ],
            ),
            organisations=self._organisations(),
            people=[
                PERSON.dump(p, ref=self.person_refs[p.pk], organisation=_name(p.organisation))
                for p in self.people
            ],
            review=self._review(),
        )

    def _review(self):
        r = self.review
        return REVIEW.dump(
            r,
            status_changes=[
                STATUS_CHANGE.dump(c) for c in r.status_changes.order_by("changed_at", "pk")
            ],
            key_lines=[KEY_LINE.dump(k) for k in r.key_lines.order_by("position", "pk")],
            working_group=[
                WORKING_GROUP_MEMBER.dump(m, person=self.person_refs[m.person_id])
                for m in r.working_group.order_by("position", "pk")
            ],
            milestones=[MILESTONE.dump(m) for m in r.milestones.order_by("position", "pk")],
            meetings=[self._meeting(m) for m in self.meetings],
            variations=[
                VARIATION.dump(v, meeting=self.meeting_refs.get(v.meeting_id))
                for v in r.variations.order_by("agreed_on", "pk")
            ],
            evidence=[self._evidence(e) for e in self.evidence],
            findings=[
                FINDING.dump(
                    f,
                    ref=self.finding_refs[f.pk],
                    evidence=_refs(f.evidence.all(), self.evidence_refs),
                )
                for f in self.findings
            ],
            conclusions=[
                CONCLUSION.dump(
                    c,
                    ref=self.conclusion_refs[c.pk],
                    evidence=_refs(c.evidence.all(), self.evidence_refs),
                    findings=_refs(c.findings.all(), self.finding_refs),
                )
                for c in self.conclusions
            ],
            sections=[SECTION.dump(s) for s in r.sections.order_by("position", "pk")],
            recommendations=[
                self._recommendation(rec)
                for rec in r.recommendations.order_by("number").prefetch_related(
                    "addressee_links__responding_body", "responses__responding_body"
                )
            ],
            follow_ups=[self._follow_up(f) for f in r.follow_ups.order_by("sequence")],
        )

    def _meeting(self, m):
        attendance = [
            ATTENDANCE.dump(a, person=self.person_refs[a.person_id]) for a in m.attendance.all()
        ]
        witnesses = [
            WITNESS.dump(
                w, person=self.person_refs[w.person_id], organisation=_name(w.organisation)
            )
            for w in m.witnesses.select_related("organisation")
        ]
        return MEETING.dump(
            m,
            ref=self.meeting_refs[m.pk],
            attendance=sorted(attendance, key=lambda a: a["person"]),
            witnesses=sorted(witnesses, key=lambda w: w["person"]),
        )

    def _evidence(self, e):
        shape = EVIDENCE + EVIDENCE_KINDS[e.kind]
        given = {"ref": self.evidence_refs[e.pk], "meeting": self.meeting_refs.get(e.meeting_id)}
        if isinstance(e, OralEvidence):
            given["given_by"] = sorted(self.person_refs[p.pk] for p in e.given_by.all())
        elif isinstance(e, QuestionSet):
            given["groups"] = [
                QUESTION_GROUP.dump(
                    g,
                    partner=_name(g.partner),
                    questions=[QUESTION.dump(q) for q in g.questions.order_by("position", "pk")],
                )
                for g in e.groups.order_by("position", "pk").select_related("partner")
            ]
        elif isinstance(e, Document):
            given["file"] = file_export(e.file, e.original_filename, with_files=self.with_files)
            if isinstance(e, WrittenSubmission):
                given["organisation"] = _name(e.organisation)
                given["person"] = self.person_refs.get(e.person_id)
        elif isinstance(e, DataSet):
            given["tables"] = [
                DATA_TABLE.dump(
                    t, rows=[DATA_ROW.dump(row) for row in t.rows.order_by("position", "pk")]
                )
                for t in e.tables.order_by("position", "pk")
            ]
        return shape.dump(e, **given)

    def _recommendation(self, rec):
        return RECOMMENDATION.dump(
            rec,
            addressees=[link.responding_body.name for link in rec.links],
            conclusions=_refs(rec.conclusions.all(), self.conclusion_refs),
            responses=[
                self._response(response)
                for response in sorted(
                    rec.responses.all(), key=lambda r: r.responding_body.name.casefold()
                )
            ],
        )

    def _response(self, response):
        return RESPONSE.dump(
            response,
            addressee=response.responding_body.name,
            letter=file_export(response.letter, with_files=self.with_files),
            target_date_changes=[
                TARGET_DATE_CHANGE.dump(c)
                for c in response.target_date_changes.order_by("changed_at", "pk")
            ],
        )

    def _follow_up(self, follow_up):
        assessments = follow_up.assessments.select_related("recommendation")
        return FOLLOW_UP.dump(
            follow_up,
            assessments=[
                ASSESSMENT.dump(a, recommendation=a.recommendation.number)
                for a in assessments.order_by("recommendation__number")
            ],
        )
