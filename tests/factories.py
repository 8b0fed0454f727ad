"""One factory per model (factory_boy). Defaults make a valid, minimal object."""

import datetime

import factory
from factory.django import DjangoModelFactory

from recommendations import models as rec
from reviews import models as rv
from scrutiny import models as core
from scrutiny.partial_dates import PartialDate


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = core.Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")


class ScrutinyBodyFactory(DjangoModelFactory):
    class Meta:
        model = core.ScrutinyBody

    name = factory.Sequence(lambda n: f"Test Police and Crime Panel {n}")
    slug = factory.Sequence(lambda n: f"panel-{n}")
    scrutinised_title = "Police and Crime Commissioner"
    scrutinised_abbreviation = "PCC"


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = core.Person

    honorific = "Councillor"
    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")


class PanelMembershipFactory(DjangoModelFactory):
    class Meta:
        model = core.PanelMembership

    body = factory.SubFactory(ScrutinyBodyFactory)
    person = factory.SubFactory(PersonFactory)
    kind = core.PanelMembership.Kind.COUNCILLOR


class JobFactory(DjangoModelFactory):
    class Meta:
        model = core.Job

    key = factory.Sequence(lambda n: f"report-pdf:1:{n:064x}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = core.User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.uk")
    person = factory.SubFactory(PersonFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RespondingBodyFactory(DjangoModelFactory):
    class Meta:
        model = core.RespondingBody
        django_get_or_create = ("body", "name")

    body = factory.SubFactory(ScrutinyBodyFactory)
    name = factory.Sequence(lambda n: f"Responding body {n}")
    short_name = factory.Sequence(lambda n: f"Body {n}")
    basis = core.RespondingBody.Basis.PCP_S29


def commissioner_of(body):
    """The body's Commissioner as a responding body (s.29), as the migration makes it
    for every body: what recommendations are addressed to unless a test says else."""
    return RespondingBodyFactory(
        body=body, name=f"The {body.scrutinised_title}", short_name="Commissioner"
    )


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = core.Role
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    body = factory.SubFactory(ScrutinyBodyFactory)
    role = core.Role.Name.OFFICER

    @factory.post_generation
    def answers_for(obj, create, extracted, **kwargs):
        """A respondent answers for the given responding bodies; by default for the
        body's Commissioner (as the migration linked every respondent)."""
        if create and obj.role == core.Role.Name.RESPONDENT:
            for responding in extracted if extracted is not None else [commissioner_of(obj.body)]:
                responding.respondents.add(obj.user)


class ReviewFactory(DjangoModelFactory):
    class Meta:
        model = rv.Review

    body = factory.SubFactory(ScrutinyBodyFactory)
    slug = factory.Sequence(lambda n: f"review-{n}")
    short_title = factory.Sequence(lambda n: f"Topic {n}")
    working_group_name = factory.LazyAttribute(lambda r: f"{r.short_title} Working Group")
    title = factory.LazyAttribute(lambda r: f"Scrutiny of {r.short_title.lower()}")
    topic = factory.LazyAttribute(lambda r: r.short_title)
    commissioned_on = datetime.date(2024, 1, 10)


class KeyLineOfEnquiryFactory(DjangoModelFactory):
    class Meta:
        model = rv.KeyLineOfEnquiry

    review = factory.SubFactory(ReviewFactory)
    text = factory.Sequence(lambda n: f"Key question {n}?")
    position = factory.Sequence(int)


class WorkingGroupMemberFactory(DjangoModelFactory):
    class Meta:
        model = rv.WorkingGroupMember

    review = factory.SubFactory(ReviewFactory)
    person = factory.SubFactory(PersonFactory)
    role = rv.WorkingGroupMember.GroupRole.MEMBER


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = rv.Milestone

    review = factory.SubFactory(ReviewFactory)
    description = "Approval of draft report by working group"
    # "March – April 2024": a period known to the month.
    planned_start = PartialDate(2024, 3)
    planned_end = PartialDate(2024, 4)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = rv.Meeting

    review = factory.SubFactory(ReviewFactory)
    date = datetime.date(2024, 2, 1)
    kind = rv.Meeting.Kind.WORKING_GROUP
    purpose = "To hear evidence"


class TimetableVariationFactory(DjangoModelFactory):
    class Meta:
        model = rv.TimetableVariation

    review = factory.SubFactory(ReviewFactory)
    agreed_on = datetime.date(2024, 2, 2)
    agreed_at = "Police and Crime Panel"
    description = "Final report may come later."


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = rv.Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)


class WitnessFactory(DjangoModelFactory):
    class Meta:
        model = rv.Witness

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory, honorific="")
    job_title = "Head of Service"


class OralEvidenceFactory(DjangoModelFactory):
    class Meta:
        model = rv.OralEvidence

    review = factory.SubFactory(ReviewFactory)
    title = factory.Sequence(lambda n: f"Oral evidence {n}")
    summary = "What the witness said."


class QuestionSetFactory(DjangoModelFactory):
    class Meta:
        model = rv.QuestionSet

    review = factory.SubFactory(ReviewFactory)
    title = factory.Sequence(lambda n: f"Questions for partners {n}")


class QuestionGroupFactory(DjangoModelFactory):
    class Meta:
        model = rv.QuestionGroup

    question_set = factory.SubFactory(QuestionSetFactory)
    heading = "Police"


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = rv.Question

    group = factory.SubFactory(QuestionGroupFactory)
    text = "How many referrals did you receive?"


class CallForEvidenceFactory(DjangoModelFactory):
    class Meta:
        model = rv.CallForEvidence

    review = factory.SubFactory(ReviewFactory)
    title = "Request for views from schools"
    channel = "Schools weekly update"
    published_on = datetime.date(2024, 4, 25)
    closes_on = datetime.date(2024, 5, 19)


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = rv.Document

    review = factory.SubFactory(ReviewFactory)
    title = factory.Sequence(lambda n: f"Evidence document {n}")
    extracted_text = "Text of the document."


class DataSetFactory(DjangoModelFactory):
    class Meta:
        model = rv.DataSet

    review = factory.SubFactory(ReviewFactory)
    title = "Grant funding"


class DataTableFactory(DjangoModelFactory):
    class Meta:
        model = rv.DataTable

    dataset = factory.SubFactory(DataSetFactory)
    title = "Community fund"
    columns = [{"name": "Recipient", "type": "text"}, {"name": "Amount", "type": "money"}]


class DataRowFactory(DjangoModelFactory):
    class Meta:
        model = rv.DataRow

    table = factory.SubFactory(DataTableFactory)
    cells = ["A parish council", "1000.00"]


class FindingFactory(DjangoModelFactory):
    class Meta:
        model = rv.Finding

    review = factory.SubFactory(ReviewFactory)
    text = factory.Sequence(lambda n: f"Finding {n}.")


class ConclusionFactory(DjangoModelFactory):
    class Meta:
        model = rv.Conclusion

    review = factory.SubFactory(ReviewFactory)
    text = factory.Sequence(lambda n: f"Conclusion {n}.")


class ReportSectionFactory(DjangoModelFactory):
    class Meta:
        model = rv.ReportSection

    review = factory.SubFactory(ReviewFactory)
    kind = rv.ReportSection.Kind.FOREWORD
    body = "A foreword."


class ReportVersionFactory(DjangoModelFactory):
    """A frozen version as `report_issue_version` makes one, with two small parts."""

    class Meta:
        model = rv.ReportVersion

    review = factory.SubFactory(ReviewFactory)
    number = factory.Sequence(lambda n: n + 1)
    html = (
        '<section id="foreword"><h2>Chair\'s Foreword</h2><p>A foreword.</p></section>'
        '<section id="recommendation-1"><h3>Recommendation 1</h3>'
        "<p>That the PCC test things.</p></section>"
    )
    sections = factory.LazyFunction(
        lambda: {
            "foreword": {"title": "Chair's Foreword", "text": "A foreword.", "position": 1},
            "recommendation-1": {
                "title": "Recommendation 1",
                "text": "That the PCC test things.",
                "position": 2,
            },
        }
    )


class PublishedReportFactory(DjangoModelFactory):
    """A review's report as published (a final version; no PDF is rendered): what
    makes a review's recommendations, responses and follow-ups public."""

    class Meta:
        model = rv.PublishedReport

    review = factory.SubFactory(ReviewFactory)
    version = factory.SubFactory(
        ReportVersionFactory,
        review=factory.SelfAttribute("..review"),
        kind=rv.ReportVersion.Kind.FINAL,
        number=99,
    )
    pdf = "reports/published.pdf"
    sha256 = "0" * 64
    published_by = factory.SubFactory(UserFactory)


class ReportCommentFactory(DjangoModelFactory):
    class Meta:
        model = rv.ReportComment

    version = factory.SubFactory(ReportVersionFactory)
    anchor = "recommendation-1"
    author = factory.SubFactory(UserFactory)
    text = "Could this say by when?"


class ReportReadFactory(DjangoModelFactory):
    class Meta:
        model = rv.ReportRead

    version = factory.SubFactory(ReportVersionFactory)
    user = factory.SubFactory(UserFactory)


class ReportApprovalFactory(DjangoModelFactory):
    class Meta:
        model = rv.ReportApproval

    version = factory.SubFactory(ReportVersionFactory)
    member = factory.SubFactory(
        WorkingGroupMemberFactory, review=factory.SelfAttribute("..version.review")
    )
    approved_by = factory.SubFactory(UserFactory, person=factory.SelfAttribute("..member.person"))


class RecommendationFactory(DjangoModelFactory):
    class Meta:
        model = rec.Recommendation

    review = factory.SubFactory(ReviewFactory)
    number = factory.Sequence(lambda n: n + 1)
    reason = "The importance of testing."
    text = "That the PCC test things."

    @factory.post_generation
    def addressees(obj, create, extracted, **kwargs):
        """The responding bodies it is addressed to; by default the Commissioner,
        none if `to_panel` (pass a list to choose)."""
        if not create:
            return
        if extracted is None:
            extracted = [] if obj.to_panel else [commissioner_of(obj.review.body)]
        for responding in extracted:
            rec.RecommendationAddressee.objects.create(
                recommendation=obj, responding_body=responding
            )


class ResponseFactory(DjangoModelFactory):
    class Meta:
        model = rec.Response

    recommendation = factory.SubFactory(RecommendationFactory)
    # The recommendation's first addressee unless given.
    responding_body = factory.LazyAttribute(
        lambda o: o.recommendation.addressee_links.order_by("pk").first().responding_body
    )
    decision = rec.Response.Decision.ACCEPTED
    response_text = "We accept this recommendation."
    target_date = datetime.date(2025, 3, 31)


class FollowUpFactory(DjangoModelFactory):
    class Meta:
        model = rec.FollowUp

    review = factory.SubFactory(ReviewFactory)
    due_on = datetime.date(2025, 6, 1)


class FollowUpAssessmentFactory(DjangoModelFactory):
    class Meta:
        model = rec.FollowUpAssessment

    follow_up = factory.SubFactory(FollowUpFactory)
    recommendation = factory.SubFactory(
        RecommendationFactory, review=factory.SelfAttribute("..follow_up.review")
    )
    implementation = rec.FollowUpAssessment.Implementation.IN_PROGRESS
    rag = rec.FollowUpAssessment.Rag.AMBER
    outcome = rec.FollowUpAssessment.Outcome.CARRIED_FORWARD
