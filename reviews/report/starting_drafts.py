"""Starting drafts: Markdown generated from the review's records, offered on a
section's edit page for the officer to accept and edit. Nothing here is printed:
the report prints only what is saved (`reviews.report.sections`).

`STARTING_DRAFTS` maps each kind of section that has one to its builder,
`(review, number) -> str`, `number` being the section's number today (for the
paragraph numbers the draft types, "3.1 "). `starting_draft(review, kind)` is what
the edit page calls."""

import datetime

from reviews.models import Evidence, Meeting, ReportSection, WorkingGroupMember, WrittenSubmission
from reviews.report.blocks import join_names, long_date
from reviews.report.sections import section_number

NUMBER_WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
}


def _list(items):
    return "\n".join(f"- {' '.join(item.split())}" for item in items)


def _chair(review):
    return next(
        (m for m in review.working_group.all() if m.role == WorkingGroupMember.GroupRole.CHAIR),
        None,
    )


# --- the foreword ---------------------------------------------------------------------


def foreword(review, number):
    """Key objectives, what the working group did (meetings and calls for evidence,
    in date order), what it found and concluded, and its recommendations."""
    parts = []
    key_lines = [k.text for k in review.key_lines.all()]
    if key_lines:
        parts += ["The key objectives identified for the working group were:", _list(key_lines)]
    parts += _events(review)
    findings = [f.text for f in review.findings.all()]
    if findings:
        parts += [
            "From these meetings the working group identified the following information:",
            _list(findings),
        ]
    conclusions = [c.text for c in review.conclusions.all()]
    if conclusions:
        parts += [
            "During the course of the meetings, the working group drew the following conclusions:",
            _list(conclusions),
        ]
    parts += _recommendations(review)
    return "\n\n".join(parts)


def _events(review):
    events = [
        (meeting.date, 0, _meeting_text(meeting))
        for meeting in review.meetings.all()
        if meeting.kind == Meeting.Kind.WORKING_GROUP
    ]
    for evidence in review.evidence.filter(kind=Evidence.Kind.CALL):
        call = evidence.callforevidence
        # A call known only to the month comes after that month's first; undated, last.
        when = call.published_on.first_day if call.published_on else datetime.date.max
        events.append((when, 1, call_sentence(call)))
    return [text for _, _, text in sorted(events, key=lambda event: event[:2])]


def _meeting_text(meeting):
    if meeting.notes.strip():
        return meeting.notes.strip()
    if meeting.purpose.strip():
        return f"On {long_date(meeting.date)} the working group met. {meeting.purpose}"
    return f"The working group met on {long_date(meeting.date)}."


def call_sentence(call):
    sentence = f"the working group invited views through {call.channel}"
    published = call.published_on
    if published:
        sentence = f"{'On' if published.day else 'In'} {long_date(published)} {sentence}"
    else:
        sentence = sentence[0].upper() + sentence[1:]
    sentence += f", with a closing date of {long_date(call.closes_on)}." if call.closes_on else "."
    count = call.responses_received
    if count == 0:
        sentence += " No responses were received."
    elif count == 1:
        sentence += " One response was received."
    elif count is not None:
        sentence += f" {count} responses were received."
    return sentence


def _recommendations(review):
    items = sorted(review.recommendations.all(), key=lambda r: r.number)
    if not items:
        return []
    words = NUMBER_WORDS.get(len(items), str(len(items)))
    noun = "recommendation" if len(items) == 1 else "recommendations"
    parts = [
        f"The working group drew up {words} key {noun} for the consideration of the "
        f"{review.body.name}:"
    ]
    for item in items:
        parts += [item.reason.strip(), "Recommendation:", _list([item.text])]
    return parts


# --- the acknowledgements -----------------------------------------------------------


def acknowledgements(review, number):
    """Who served on the working group (the Chair, who signs, apart), then those who
    gave evidence, once each, by organisation and family name."""
    chair = _chair(review)
    others = [m for m in review.working_group.all() if m != chair]
    items = []
    phrases = membership_sentence(others)
    if phrases:
        items.append(f"{', and '.join(phrases)}, who served on the working group.")
    providers = _submission_providers(review)
    if providers:
        items.append(f"{join_names(providers)}, who sent written submissions.")
    for organisation, people in _contributors(review):
        lines = [f"{organisation}:"] + [
            f"{name}, {job_title}" if job_title else name for name, job_title in people
        ]
        # Two spaces at a line's end keep the line break in Markdown.
        items.append("  \n".join(lines))
    lines = ["Acknowledgements to all those who took part in the review:"]
    if items:
        lines.append("\n".join(f"- {item}" for item in items))
    return "\n\n".join(lines)


def _submission_providers(review):
    submissions = WrittenSubmission.objects.filter(review=review).select_related(
        "organisation", "person"
    )
    names = (s.provider_name for s in submissions.order_by("position", "pk"))
    return list(dict.fromkeys(name for name in names if name))


def _contributors(review):
    seen, groups = set(), {}
    for meeting in review.meetings.prefetch_related("witnesses__person__organisation"):
        for witness in meeting.witnesses.all():
            if witness.person_id in seen:
                continue
            seen.add(witness.person_id)
            organisation = witness.organisation or witness.person.organisation
            name = organisation.name if organisation else "Others who gave evidence"
            groups.setdefault(name, []).append(witness)
    return [
        (
            name,
            [
                (w.person.full_name, w.job_title or w.person.job_title)
                for w in sorted(
                    witnesses, key=lambda w: (w.person.family_name, w.person.given_name)
                )
            ],
        )
        for name, witnesses in sorted(groups.items())
    ]


def membership_sentence(members):
    """ "Councillors A, B and C; and the Independent Co-opted Members D and E"."""
    councillors = [m for m in members if m.person.honorific.lower() == "councillor"]
    others = [m for m in members if m not in councillors]
    phrases = []
    if councillors:
        names = [m.person.full_name for m in councillors]
        label = "Councillors" if len(names) > 1 else "Councillor"
        phrases.append(f"{label} {join_names(names)}")
    if others:
        phrases.append(_others_phrase(others))
    return phrases


def _others_phrase(members):
    roles = WorkingGroupMember.GroupRole
    co_opted = all(m.role in (roles.CO_OPTED, roles.DRAFT_REVIEWER) for m in members)
    if not co_opted:
        return join_names(m.person.formal_name for m in members)
    names = [m.person.full_name for m in members]
    label = "Independent Co-opted Members" if len(names) > 1 else "Independent Co-opted Member"
    return f"the {label} {join_names(names)}"


# --- numbered sections ----------------------------------------------------------------


def context_and_background(review, number):
    """Who the working group were."""
    members = list(review.working_group.select_related("person"))
    if not members:
        return ""
    chair = _chair(review)
    phrases = [f"{chair.person.formal_name} (Chair)"] if chair else []
    phrases += membership_sentence([m for m in members if m != chair])
    listed = "; ".join(phrases[:-1]) + ("; and " if len(phrases) > 1 else "") + phrases[-1]
    return f"{number}.1 The working group comprised {listed}."


def methodology(review, number):
    """What evidence was gathered, from the evidence records."""
    evidence = list(review.evidence.select_related("callforevidence"))
    lines = []
    oral_meetings = {e.meeting_id for e in evidence if e.kind == Evidence.Kind.ORAL}
    if oral_meetings:
        n = len(oral_meetings)
        lines.append(f"Oral evidence heard at {n} meeting{'s' * (n != 1)} of the working group.")
    submissions = sum(e.kind == Evidence.Kind.WRITTEN for e in evidence)
    if submissions:
        lines.append(f"Written submissions: {submissions}.")
    for e in evidence:
        if e.kind == Evidence.Kind.QUESTIONS:
            lines.append(f"Written questions: {e.title}.")
        elif e.kind == Evidence.Kind.CALL:
            lines.append(call_sentence(e.callforevidence))
        elif e.kind in (Evidence.Kind.DOCUMENT, Evidence.Kind.DATA):
            lines.append(f"{e.get_kind_display()}: {e.title}.")
    if not lines:
        return ""
    return f"{number}.1 Evidence was gathered from:\n\n{_list(lines)}"


def recommendations_intro(review, number):
    count = review.recommendations.count()
    if not count:
        return ""
    words = NUMBER_WORDS.get(count, str(count))
    noun = "recommendation" if count == 1 else "recommendations"
    return (
        f"{number}.1 The working group drew up {words} key {noun} and recommends to the "
        f"{review.body.name} that it agrees the following:"
    )


STARTING_DRAFTS = {
    ReportSection.Kind.FOREWORD: foreword,
    ReportSection.Kind.ACKNOWLEDGEMENTS: acknowledgements,
    ReportSection.Kind.CONTEXT: context_and_background,
    ReportSection.Kind.METHODOLOGY: methodology,
    ReportSection.Kind.RECOMMENDATIONS_INTRO: recommendations_intro,
}


def starting_draft(review, kind):
    """Markdown to start the section of `kind` from ("" if the records give none)."""
    build = STARTING_DRAFTS.get(kind)
    if build is None:
        return ""
    return build(review, section_number(kind)).strip()
