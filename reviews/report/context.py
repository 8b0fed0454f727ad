"""What the report's part builders share besides the (prefetched) review."""

from dataclasses import dataclass

from reviews.models import ReportSection, WorkingGroupMember
from reviews.report.content import RecommendationItem


@dataclass
class ReportContext:
    """Worked out once per report, so that no builder works it out again."""

    final: bool
    authored: dict  # the authored ReportSection of each kind, "other" sections apart
    others: list  # the "other" authored sections, in their order
    recommendations: list[RecommendationItem]
    chair: WorkingGroupMember | None
    # Who sent written submissions, once each, in the order of the evidence.


def report_context(review, *, final):
    authored, others = {}, []
    for section in review.sections.all():
        if section.kind == ReportSection.Kind.OTHER:
            others.append(section)
        else:
            authored[section.kind] = section
    return ReportContext(
        final=final,
        authored=authored,
        others=others,
        recommendations=_recommendation_items(review),
        chair=_chair(review),
    )


def _recommendation_items(review):
    return [
        RecommendationItem(
            number=r.number,
            reason=r.reason,
            text=r.text,
            addressee=r.addressee_label,
        )
        for r in sorted(review.recommendations.all(), key=lambda r: r.number)
    ]


def _chair(review):
    return next(
        (m for m in review.working_group.all() if m.role == WorkingGroupMember.GroupRole.CHAIR),
        None,
    )
