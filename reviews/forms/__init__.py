"""Forms validate input only (STYLE.md). Rules the database enforces are repeated
here as field errors so the officer sees the message beside the field, not a crash.

One module per part of a review (`base` holds what they share); every form is
importable from `reviews.forms`.
"""

from reviews.forms.base import DATE_HINT, GovUKFormMixin, date_field
from reviews.forms.data_tables import DataTableForm
from reviews.forms.drafts import (
    COMMENT_MAX_LENGTH,
    CommentForm,
    CompareForm,
    IssueVersionForm,
    ReplyForm,
)
from reviews.forms.evidence import (
    CallForEvidenceForm,
    DataSetForm,
    DocumentForm,
    EvidenceFormMixin,
    OralEvidenceForm,
    QuestionForm,
    QuestionGroupForm,
    QuestionSetForm,
    WrittenSubmissionForm,
)
from reviews.forms.findings import ConclusionForm, FindingForm, LinkedToEvidenceMixin
from reviews.forms.meetings import AttendanceForm, MeetingForm, WitnessForm
from reviews.forms.ordering import OrderForm
from reviews.forms.paste import PasteFindingsForm, PasteKeyLinesForm, PasteQuestionsForm
from reviews.forms.report import (
    MARKDOWN_HINT,
    AgreementForm,
    OtherSectionForm,
    PresentationForm,
    PublishForm,
    ReportSectionForm,
)
from reviews.forms.scope import (
    KeyLineForm,
    MilestoneForm,
    NewReviewForm,
    ReviewForm,
    VariationForm,
    WorkingGroupMemberForm,
)

__all__ = [
    "COMMENT_MAX_LENGTH",
    "DATE_HINT",
    "MARKDOWN_HINT",
    "AgreementForm",
    "AttendanceForm",
    "CallForEvidenceForm",
    "CommentForm",
    "CompareForm",
    "ConclusionForm",
    "DataSetForm",
    "DataTableForm",
    "DocumentForm",
    "EvidenceFormMixin",
    "FindingForm",
    "GovUKFormMixin",
    "IssueVersionForm",
    "KeyLineForm",
    "LinkedToEvidenceMixin",
    "MeetingForm",
    "MilestoneForm",
    "NewReviewForm",
    "OralEvidenceForm",
    "OrderForm",
    "OtherSectionForm",
    "PasteFindingsForm",
    "PasteKeyLinesForm",
    "PasteQuestionsForm",
    "PresentationForm",
    "PublishForm",
    "QuestionForm",
    "QuestionGroupForm",
    "QuestionSetForm",
    "WrittenSubmissionForm",
    "ReplyForm",
    "ReportSectionForm",
    "ReviewForm",
    "VariationForm",
    "WitnessForm",
    "WorkingGroupMemberForm",
    "date_field",
]
