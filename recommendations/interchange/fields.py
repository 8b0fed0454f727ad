"""The field lists: every object of the scrutiny-review format, key by key, once.

Each shape lists an object's keys in the order an export writes them, with the key's
JSON type, whether it is required and the default an import fills in when it is left
out. export.py and importer.py read these for the plain fields (shapes.py says which
those are); docs/review-json.md documents the same keys in one table per shape, under
a heading naming it, and tests/recommendations/test_interchange_docs.py holds the two
together. A new key goes here and in the doc — and makes a new version (see the doc).
"""

from recommendations.interchange.shapes import (
    BOOLEAN,
    DATE,
    DATE_TIME,
    FILE,
    INTEGER,
    JSON_LIST,
    JSON_OBJECT,
    LIST,
    MEETING_REF,
    OBJECT,
    ORGANISATION_NAME,
    PARTIAL_DATE,
    PERSON_REF,
    POSITION,
    RECOMMENDATION_NUMBER,
    REF,
    RESPONDING_BODY_NAME,
    STRING,
    Field,
    Shape,
    required,
)
from recommendations.models import FollowUp, Response
from reviews.models import Attendance, Evidence, Review
from scrutiny.models import Organisation, RespondingBody

FORMAT = "scrutiny-review"
VERSION = 3
# The versions an import reads: an older document is brought up to this one first
# (versions.py; version 2 → 3 in upgrade.py).
READS_VERSIONS = (1, 2, 3)

# --- the document, top to bottom -----------------------------------------------------

DOCUMENT = Shape(
    "The document",
    required("format"),
    required("version", INTEGER),
    required("body", OBJECT),
    Field("organisations", LIST),
    Field("people", LIST),
    required("review", OBJECT),
)

BODY = Shape(
    "body",
    required("slug"),
    required("name"),
    required("scrutinised_title"),
    Field("scrutinised_abbreviation", STRING),
    Field("scrutinised_office", ORGANISATION_NAME),
    Field("default_response_period_months", INTEGER, default=2),
    Field("follow_up_interval_months", INTEGER, default=6),
    Field("memberships", LIST),
    Field("responding_bodies", LIST),
)

RESPONDING_BODY = Shape(
    "body.responding_bodies[]",
    required("name"),
    required("short_name"),
    Field("basis", STRING, default=RespondingBody.Basis.PCP_S29),
)

MEMBERSHIP = Shape(
    "body.memberships[]",
    required("person", PERSON_REF),
    required("kind"),
    Field("council", ORGANISATION_NAME),
    Field("started_on", DATE),
    Field("ended_on", DATE),
)

ORGANISATION = Shape(
    "organisations[]",
    required("name"),
    Field("short_name", STRING),
    Field("kind", STRING, default=Organisation.Kind.OTHER),
    Field("website", STRING),
)

PERSON = Shape(
    "people[]",
    required("ref", REF),
    Field("honorific", STRING),
    required("given_name"),
    required("family_name"),
    Field("job_title", STRING),
    Field("organisation", ORGANISATION_NAME),
    Field("email", STRING),
)

# The lists are imported in this order: what is referred to comes before what refers
# to it (meetings before evidence, evidence before findings, and so on).
REVIEW_LISTS = (
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

REVIEW = Shape(
    "review",
    required("slug"),
    required("short_title"),
    required("working_group_name"),
    required("title"),
    required("topic"),
    Field("purpose", STRING),
    Field("rationale", STRING),
    Field("outcomes", STRING),
    Field("approach", STRING),
    Field("information_required", STRING),
    Field("information_note", STRING),
    Field("resources", STRING),
    Field("timetable_note", STRING),
    Field("commissioned_on", DATE),
    Field("is_illustrative", BOOLEAN),
    Field("status", STRING, default=Review.Status.COMMISSIONED),
    Field("status_changed_at", DATE_TIME),
    Field("agreed_on", PARTIAL_DATE),
    Field("agreed_at_meeting", STRING),
    Field("presented_on", DATE),
    Field("response_period_months", INTEGER),
    *(Field(name, LIST) for name in REVIEW_LISTS),
)

# --- scope, working group and timetable -----------------------------------------------

STATUS_CHANGE = Shape(
    "review.status_changes[]",
    required("from_status"),
    required("to_status"),
    required("changed_at", DATE_TIME),
    Field("note", STRING),
)

KEY_LINE = Shape("review.key_lines[]", required("text"), POSITION)

WORKING_GROUP_MEMBER = Shape(
    "review.working_group[]", required("person", PERSON_REF), required("role"), POSITION
)

MILESTONE = Shape(
    "review.milestones[]",
    required("description"),
    Field("planned_start", PARTIAL_DATE),
    Field("planned_end", PARTIAL_DATE),
    Field("actual_on", PARTIAL_DATE),
    POSITION,
)

MEETING = Shape(
    "review.meetings[]",
    required("ref", REF),
    required("kind"),
    required("date", DATE),
    Field("title", STRING),
    Field("purpose", STRING),
    Field("notes", STRING),
    Field("location", STRING),
    Field("attendance", LIST),
    Field("witnesses", LIST),
)

ATTENDANCE = Shape(
    "review.meetings[].attendance[]",
    required("person", PERSON_REF),
    Field("status", STRING, default=Attendance.Status.PRESENT),
)

WITNESS = Shape(
    "review.meetings[].witnesses[]",
    required("person", PERSON_REF),
    Field("job_title", STRING),
    Field("organisation", ORGANISATION_NAME),
)

VARIATION = Shape(
    "review.variations[]",
    required("agreed_on", DATE),
    required("agreed_at"),
    Field("meeting", MEETING_REF),
    required("description"),
)

# --- evidence ----------------------------------------------------------------------------

EVIDENCE = Shape(
    "review.evidence[]",
    required("ref", REF),
    required("kind"),
    required("title"),
    Field("summary", STRING),
    Field("meeting", MEETING_REF),
    Field("received_on", PARTIAL_DATE),
    POSITION,
)

# What each kind adds to EVIDENCE, written after it.
EVIDENCE_KINDS = {
    Evidence.Kind.ORAL: Shape("review.evidence[] of kind oral", Field("given_by", LIST)),
    Evidence.Kind.QUESTIONS: Shape(
        "review.evidence[] of kind questions",
        Field("introduction", STRING),
        Field("sent_on", DATE),
        Field("groups", LIST),
    ),
    Evidence.Kind.CALL: Shape(
        "review.evidence[] of kind call",
        Field("channel", STRING),
        Field("published_on", PARTIAL_DATE),
        Field("closes_on", PARTIAL_DATE),
        Field("responses_received", INTEGER),
        Field("text", STRING),
    ),
    Evidence.Kind.DOCUMENT: Shape(
        "review.evidence[] of kind document",
        Field("original_filename", STRING),
        Field("content_type", STRING),
        Field("size", INTEGER),
        Field("sha256", STRING),
        Field("author", STRING),
        Field("published_on", PARTIAL_DATE),
        Field("source_url", STRING),
        # null: take the text from a text/… file (import_evidence.py).
        Field("extracted_text", STRING, default=None),
        Field("file", FILE),
    ),
    # A document too: its file is given and read as a document's is.
    Evidence.Kind.WRITTEN: Shape(
        "review.evidence[] of kind written",
        required("provider"),
        Field("organisation", ORGANISATION_NAME),
        Field("person", PERSON_REF),
        Field("public_count", INTEGER),
        Field("text", STRING),
        Field("original_filename", STRING),
        Field("content_type", STRING),
        Field("size", INTEGER),
        Field("sha256", STRING),
        Field("source_url", STRING),
        Field("extracted_text", STRING, default=None),
        Field("file", FILE),
    ),
    Evidence.Kind.DATA: Shape(
        "review.evidence[] of kind data",
        Field("introduction", STRING),
        Field("tables", LIST),
    ),
}

QUESTION_GROUP = Shape(
    "review.evidence[].groups[]",
    required("heading"),
    Field("partner", ORGANISATION_NAME),
    Field("how_we_work_together", STRING),
    POSITION,
    Field("questions", LIST),
)

QUESTION = Shape(
    "review.evidence[].groups[].questions[]",
    required("text"),
    Field("answer", STRING),
    POSITION,
)

DATA_TABLE = Shape(
    "review.evidence[].tables[]",
    required("title"),
    Field("description", STRING),
    required("columns", JSON_LIST),
    Field("printed_totals", JSON_OBJECT),
    POSITION,
    Field("rows", LIST),
)

DATA_COLUMN = Shape("review.evidence[].tables[].columns[]", required("name"), required("type"))

DATA_ROW = Shape("review.evidence[].tables[].rows[]", required("cells", JSON_LIST), POSITION)

# --- findings, conclusions and the report ------------------------------------------------

FINDING = Shape(
    "review.findings[]",
    required("ref", REF),
    required("text"),
    Field("evidence", LIST),
    POSITION,
)

CONCLUSION = Shape(
    "review.conclusions[]",
    required("ref", REF),
    required("text"),
    Field("evidence", LIST),
    Field("findings", LIST),
    POSITION,
)

SECTION = Shape(
    "review.sections[]",
    required("kind"),
    Field("title", STRING),
    Field("body", STRING),
    POSITION,
)

# --- recommendations, responses and follow-up --------------------------------------------

RECOMMENDATION = Shape(
    "review.recommendations[]",
    required("number", INTEGER),
    required("reason"),
    required("text"),
    Field("addressees", LIST),
    Field("to_panel", BOOLEAN),
    Field("conclusions", LIST),
    Field("responses", LIST),
)

RESPONSE = Shape(
    "review.recommendations[].responses[]",
    required("addressee", RESPONDING_BODY_NAME),
    required("decision"),
    Field("reason", STRING),
    required("response_text"),
    Field("actions", STRING),
    Field("lead_officer", STRING),
    Field("target_date", DATE),
    Field("received_on", DATE),
    Field("status", STRING, default=Response.Status.DRAFT),
    Field("submitted_at", DATE_TIME),
    Field("published_at", DATE_TIME),
    Field("letter", FILE),
    Field("letter_filename", STRING),
    Field("letter_size", INTEGER, default=0),
    Field("letter_sha256", STRING),
    Field("target_date_changes", LIST),
)

TARGET_DATE_CHANGE = Shape(
    "review.recommendations[].responses[].target_date_changes[]",
    Field("old_date", DATE),
    required("new_date", DATE),
    required("reason"),
    # null: the time of the import (importer.py).
    Field("changed_at", DATE_TIME),
)

FOLLOW_UP = Shape(
    "review.follow_ups[]",
    required("sequence", INTEGER),
    required("due_on", DATE),
    Field("held_on", DATE),
    Field("meeting", STRING),  # where it was held, as text
    Field("summary", STRING),
    Field("status", STRING, default=FollowUp.Status.SCHEDULED),
    Field("completed_at", DATE_TIME),
    Field("published_at", DATE_TIME),
    Field("assessments", LIST),
)

# A progress update may come before the panel's assessment: then implementation, rag
# and outcome are all "".
ASSESSMENT = Shape(
    "review.follow_ups[].assessments[]",
    required("recommendation", RECOMMENDATION_NUMBER),
    Field("progress_update", STRING),
    Field("implementation", STRING),
    Field("rag", STRING),
    Field("comment", STRING),
    Field("outcome", STRING),
)

# --- files -------------------------------------------------------------------------------

ATTACHED_FILE = Shape(
    "Files",
    Field("name", STRING),
    Field("base64", STRING, default=None),
    Field("path", STRING, default=None),
)
