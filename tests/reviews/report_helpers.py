"""Shared by the report tests: files go to a temporary media folder, and a review
ready to publish (agreed by the Panel, with a little of everything)."""

import datetime

import pytest

from reviews import readiness
from reviews.models import ReportSection, WorkingGroupMember
from reviews.publishing import report_publish
from tests.factories import (
    ConclusionFactory,
    FindingFactory,
    KeyLineOfEnquiryFactory,
    PersonFactory,
    RecommendationFactory,
    ReportSectionFactory,
    WorkingGroupMemberFactory,
)


@pytest.fixture
def media(settings, tmp_path):
    """Uploads, the PDF cache and published PDFs in a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    return tmp_path


def fill(review):
    """A little of everything the report prints."""
    chair = PersonFactory(honorific="Councillor", given_name="Zoe", family_name="Ashby")
    WorkingGroupMemberFactory(review=review, person=chair, role=WorkingGroupMember.GroupRole.CHAIR)
    KeyLineOfEnquiryFactory(review=review, text="How is early intervention funded?")
    FindingFactory(review=review, text="Funding is in the mainstream budget.")
    conclusion = ConclusionFactory(review=review, text="Grants should run for longer.")
    recommendation = RecommendationFactory(
        review=review,
        number=1,
        reason="The importance of longer-term funding.",
        text="That the PCC consider multi-year grants.",
    )
    recommendation.conclusions.add(conclusion)
    ReportSectionFactory(
        review=review, kind=ReportSection.Kind.FOREWORD, body="Early intervention matters."
    )
    # Every numbered section has something in it: publishing refuses empty headings.
    ReportSectionFactory(
        review=review,
        kind=ReportSection.Kind.OTHER,
        title="Purposes and Rationale",
        body="To understand how early intervention is funded.",
    )
    for kind in (
        ReportSection.Kind.CONTEXT,
        ReportSection.Kind.PANEL_ROLE,
        ReportSection.Kind.METHODOLOGY,
        ReportSection.Kind.BACKGROUND,
        ReportSection.Kind.CORE_QUESTIONS,
    ):
        ReportSectionFactory(review=review, kind=kind, body=f"What {kind.label} says.")
    review.purpose = "To understand how early intervention is funded."
    review.save(update_fields=["purpose"])
    return review


def publish(*, review, user, **kwargs):
    """Publish as a publisher who read and confirmed the warnings shown to them."""
    warnings = readiness.before_publishing(review).warning_messages
    return report_publish(review=review, user=user, confirmed_warnings=warnings, **kwargs)


def agree(review, user):
    review.status = review.Status.DRAFTING
    review.save()
    review.record_agreement(user=user, agreed_on=datetime.date(2024, 6, 1), meeting="Panel")
    return review
