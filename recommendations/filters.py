"""The recommendation tracker's filters (django-filter): by body, review, addressee,
response decision, implementation status and RAG rating of the latest assessment,
and overdue; sorted by a column.

The same FilterSet serves the signed-in tracker (everything the user may see) and
the public one (`public=True`: only what has been published). The queryset it is
given must carry `with_latest_assessment()`, `with_overdue()` and
`with_sort_keys()` annotations.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from recommendations.models import (
    FollowUpAssessment,
    Recommendation,
    RecommendationAddressee,
    Response,
)
from reviews.models import Review
from scrutiny.models import RespondingBody, ScrutinyBody

NONE = "none"
PANEL = "panel"


class TrackerFilterForm(forms.Form):
    """Every filter is a GOV.UK select (see `recommendations/_filter_fields.html`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"


class TrackerFilter(django_filters.FilterSet):
    body = django_filters.ModelChoiceFilter(
        field_name="review__body",
        queryset=ScrutinyBody.objects.none(),
        label="Scrutiny body",
        empty_label="All bodies",
    )
    review = django_filters.ModelChoiceFilter(
        queryset=Review.objects.none(), label="Review", empty_label="All reviews"
    )
    addressee = django_filters.ChoiceFilter(
        choices=[],
        method="filter_addressee",
        label="Addressed to",
        empty_label="Anyone",
    )
    decision = django_filters.ChoiceFilter(
        choices=[*Response.Decision.choices, (NONE, "No response yet")],
        method="filter_decision",
        label="Response",
        empty_label="Any response",
    )
    implementation = django_filters.ChoiceFilter(
        choices=[*FollowUpAssessment.Implementation.choices, (NONE, "Not yet assessed")],
        method="filter_implementation",
        label="Implementation (latest follow-up)",
        empty_label="Any",
    )
    rag = django_filters.ChoiceFilter(
        field_name="latest_rag",
        choices=[(value, value.title()) for value in FollowUpAssessment.Rag.values],
        label="RAG status (latest follow-up)",
        empty_label="Any",
    )
    overdue = django_filters.ChoiceFilter(
        choices=[("yes", "Overdue responses only"), ("no", "Not overdue")],
        method="filter_overdue",
        label="Overdue",
        empty_label="Overdue or not",
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("review__body__name", "body"),
            ("review__working_group_name", "review"),
            ("number", "number"),
            ("sort_addressee", "addressee"),
            ("sort_decision", "decision"),
            ("sort_target_date", "target_date"),
            ("latest_implementation", "implementation"),
            ("latest_rag", "rag"),
        ),
        # The headings of the tracker's columns, not labels made from the field names
        # ("Rag", "Addressee").
        field_labels={
            "review__body__name": "Scrutiny body",
            "review__working_group_name": "Review",
            "number": "Number",
            "sort_addressee": "Addressed to",
            "sort_decision": "Response",
            "sort_target_date": "Target date",
            "latest_implementation": "Implementation",
            "latest_rag": "RAG status",
        },
        label="Sort by",
        empty_label="Review and number",
    )

    class Meta:
        model = Recommendation
        fields = []
        form = TrackerFilterForm

    def __init__(self, *args, bodies, reviews, public=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.public = public
        self.filters["body"].queryset = bodies
        self.filters["review"].queryset = reviews
        responding = RespondingBody.objects.filter(body__in=bodies).order_by("name", "body__name")
        self.filters["addressee"].extra["choices"] = [(str(b.pk), b.name) for b in responding] + [
            (PANEL, "The panel itself")
        ]
        if public:
            # The public see a response only once published, and never its absence
            # as "overdue" on the tracker (the review's own page says when it was due).
            del self.filters["overdue"]

    @property
    def answered(self):
        """Q: a response the viewer may count (received; published for the public)."""
        if self.public:
            return Q(status=Response.Status.PUBLISHED)
        return Q(status__in=[Response.Status.SUBMITTED, Response.Status.PUBLISHED])

    def filter_addressee(self, queryset, name, value):
        if value == PANEL:
            return queryset.filter(to_panel=True)
        return queryset.filter(
            Exists(
                RecommendationAddressee.objects.filter(
                    recommendation=OuterRef("pk"), responding_body=value
                )
            )
        )

    def filter_decision(self, queryset, name, value):
        """A decision any addressee made; 'No response yet': some addressee has not
        answered (as far as the viewer may count)."""
        if value == NONE:
            answered = Response.objects.filter(
                self.answered,
                recommendation=OuterRef("recommendation"),
                responding_body=OuterRef("responding_body"),
            )
            unanswered = RecommendationAddressee.objects.filter(
                recommendation=OuterRef("pk")
            ).filter(~Exists(answered))
            return queryset.filter(Exists(unanswered))
        decided = Response.objects.filter(
            self.answered, recommendation=OuterRef("pk"), decision=value
        )
        return queryset.filter(Exists(decided))

    def filter_implementation(self, queryset, name, value):
        if value == NONE:
            return queryset.filter(latest_implementation="")
        return queryset.filter(latest_implementation=value)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(is_overdue=(value == "yes"))
