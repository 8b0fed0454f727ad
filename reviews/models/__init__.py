"""A scrutiny review: scope, working group, timetable, meetings, evidence, findings,
conclusions and the prose only people can write for its report.

Status moves only through the verb methods on `Review`; each checks the current
state, records who and when, and raises `TransitionNotAllowed` otherwise.

One module per part of a review; every name is importable from `reviews.models` as
before. `evidence_upload_path` and `published_report_path` must stay importable
here: the migrations name them by this path.
"""

# isort: off
# The modules are imported in the order the models were first written in, which is
# the order Django registers them in (and lists them, and their related objects).
from reviews.models.review import (
    OrderedInReview,
    Review,
    ReviewQuerySet,
    ReviewStatusChange,
)
from reviews.models.scope import KeyLineOfEnquiry, Milestone, WorkingGroupMember
from reviews.models.meetings import Attendance, Meeting, TimetableVariation, Witness
from reviews.models.evidence import (
    CallForEvidence,
    DataRow,
    DataSet,
    DataTable,
    Document,
    Evidence,
    OralEvidence,
    Question,
    QuestionGroup,
    QuestionSet,
    WrittenSubmission,
    evidence_upload_path,
)
from reviews.models.findings import Conclusion, Finding
from reviews.models.reports import (
    PublishedReport,
    ReportApproval,
    ReportComment,
    ReportRead,
    ReportSection,
    ReportVersion,
    published_report_path,
)
# isort: on

# The history models django-simple-history makes for each model with `history`.
HistoricalReview = Review.history.model
HistoricalKeyLineOfEnquiry = KeyLineOfEnquiry.history.model
HistoricalWorkingGroupMember = WorkingGroupMember.history.model
HistoricalMilestone = Milestone.history.model
HistoricalMeeting = Meeting.history.model
HistoricalTimetableVariation = TimetableVariation.history.model
HistoricalAttendance = Attendance.history.model
HistoricalWitness = Witness.history.model
HistoricalEvidence = Evidence.history.model
HistoricalOralEvidence = OralEvidence.history.model
HistoricalQuestionSet = QuestionSet.history.model
HistoricalQuestionGroup = QuestionGroup.history.model
HistoricalQuestion = Question.history.model
HistoricalCallForEvidence = CallForEvidence.history.model
HistoricalDocument = Document.history.model
HistoricalDataSet = DataSet.history.model
HistoricalWrittenSubmission = WrittenSubmission.history.model
HistoricalDataTable = DataTable.history.model
HistoricalFinding = Finding.history.model
HistoricalConclusion = Conclusion.history.model
HistoricalReportSection = ReportSection.history.model

__all__ = [
    "Attendance",
    "CallForEvidence",
    "Conclusion",
    "DataRow",
    "DataSet",
    "DataTable",
    "Document",
    "Evidence",
    "Finding",
    "HistoricalAttendance",
    "HistoricalCallForEvidence",
    "HistoricalConclusion",
    "HistoricalDataSet",
    "HistoricalDataTable",
    "HistoricalDocument",
    "HistoricalEvidence",
    "HistoricalFinding",
    "HistoricalKeyLineOfEnquiry",
    "HistoricalMeeting",
    "HistoricalMilestone",
    "HistoricalOralEvidence",
    "HistoricalQuestion",
    "HistoricalQuestionGroup",
    "HistoricalQuestionSet",
    "HistoricalReportSection",
    "HistoricalReview",
    "HistoricalTimetableVariation",
    "HistoricalWitness",
    "HistoricalWrittenSubmission",
    "HistoricalWorkingGroupMember",
    "KeyLineOfEnquiry",
    "Meeting",
    "Milestone",
    "OralEvidence",
    "OrderedInReview",
    "PublishedReport",
    "Question",
    "QuestionGroup",
    "QuestionSet",
    "ReportApproval",
    "ReportComment",
    "ReportRead",
    "ReportSection",
    "ReportVersion",
    "Review",
    "ReviewQuerySet",
    "ReviewStatusChange",
    "TimetableVariation",
    "Witness",
    "WorkingGroupMember",
    "WrittenSubmission",
    "evidence_upload_path",
    "published_report_path",
]
