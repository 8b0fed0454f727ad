"""Who gets what at every URL: the access table.

`ACCESS` has an entry for every named URL pattern outside the admin's model pages.
Each entry is a list of cases; a case says how to build the URL's kwargs, optionally a
query string, and what each role gets on a GET:

    an HTTP status (200, 403, 404, 405 …)
    LOGIN        a redirect to the site's login page with ?next=<the page asked for>
    ADMIN_LOGIN  a redirect to the admin's login page with ?next=<the page asked for>
    (REDIRECT, url_name, kwargs)   a redirect to that page

A kwarg's value is a dotted path into the objects of `AccessObjects` ("review.slug",
"presented_review:keyline.pk": the key line of the presented review) or, when it names
no object, used as it is ("oral"). Pages inside a review are written with `in_review`,
which makes two cases: the body's review before it is presented (a respondent gets
404) and once it is presented to the Commissioner (a respondent may read it).

To add a URL: add its entry here (and, if it needs a new kind of object, a line in
`REVIEW_CHILDREN`). `test_every_url_pattern_is_in_the_access_table` fails, naming the
pattern, until you do.

The admin's model pages (changelist, add, change, history, delete, one history
record, a user's password form: several hundred patterns) follow one rule rather than
an entry each: anonymous visitors and every role without staff status are sent to the
admin login; the superuser gets 200. `ADMIN_RULE_EXCEPTIONS` lists the pages where a
superuser is refused on purpose (audit trails cannot be added to, changed or deleted).
`test_admin_model_pages` requests every one of those pages for every registered model,
with a real object made by the model's factory.
"""

import datetime
import operator
from urllib.parse import urlparse

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_tasks_db.models import DBTaskResult

from recommendations.models import (
    CalendarFeed,
    FollowUp,
    ReminderSent,
    Response,
    TargetDateChange,
)
from reviews.models import Evidence, Review, ReviewStatusChange
from reviews.tasks import render_report_pdf
from tests import factories as f
from tests.factories import ReviewFactory, UserFactory

LOGIN = "login"
ADMIN_LOGIN = "admin_login"
REDIRECT = "redirect"

ROLES = ["anonymous", "member", "officer", "publisher", "respondent", "other_officer", "superuser"]


def everyone(outcome, **exceptions):
    """The same outcome for every role but those named."""
    return {role: exceptions.get(role, outcome) for role in ROLES}


EVERYONE_200 = everyone(200)
SIGNED_IN_200 = everyone(200, anonymous=LOGIN)
# Only the superuser may use the admin; everyone else is asked to sign in to it.
ADMIN_ONLY = everyone(ADMIN_LOGIN, superuser=200)

# Reading a page of the body's review. Before it is presented, the body's staff see
# it; respondents and other bodies' officers get 404 (its existence is not disclosed).
# Once presented, the respondent may read it too. The superuser holds no role in the
# body: the app's pages are scoped by role, and a superuser works through the admin.
READ = (
    everyone(200, anonymous=LOGIN, respondent=404, other_officer=404, superuser=404),
    everyone(200, anonymous=LOGIN, other_officer=404, superuser=404),
)
# Changing the review (a form page): only the body's officers. Members and publishers
# may read the review but not change it (403); so may the respondent once presented.
EDIT = (
    everyone(403, anonymous=LOGIN, officer=200, respondent=404, other_officer=404, superuser=404),
    everyone(403, anonymous=LOGIN, officer=200, other_officer=404, superuser=404),
)
# A POST-only change (reorder buttons): the permission check comes first, then an
# officer's GET is refused as the wrong method.
POST_ONLY_EDIT = (
    {**EDIT[0], "officer": 405},
    {**EDIT[1], "officer": 405},
)
# The draft report is the body's own working paper: its officers, members and
# publishers read it; the respondent never does (404 while the review itself is hidden
# from them, 403 once it is presented).
DRAFTS_READ = (READ[0], {**READ[1], "respondent": 403})
# Officers issue drafts until the report is agreed (so not on the presented review).
DRAFTS_ISSUE = (EDIT[0], {**EDIT[1], "officer": 403})
# Officers and members reply to comments; publishers read them only.
DRAFTS_REPLY = (
    {**DRAFTS_READ[0], "publisher": 403},
    {**DRAFTS_READ[1], "publisher": 403},
)
# Approving and signing the foreword (POST only): anyone who may read drafts gets as
# far as the method check; the model decides who may act (tests/reviews/
# test_report_review_views.py).
# Publishing steps: only the body's publisher; the others who may read the review 403.
PUBLISH = (
    everyone(403, anonymous=LOGIN, publisher=200, respondent=404, other_officer=404, superuser=404),
    everyone(403, anonymous=LOGIN, publisher=200, other_officer=404, superuser=404),
)
DRAFTS_POST_ONLY = tuple(
    {role: 405 if outcome == 200 else outcome for role, outcome in expect.items()}
    for expect in DRAFTS_READ
)


# The Commissioner's response and progress updates: the body's officers, and the
# Commissioner's office once the report is presented (on recommendations addressed to
# it). Nobody responds before presentation (the officer's 403).
RESPOND = (
    everyone(403, anonymous=LOGIN, respondent=404, other_officer=404, superuser=404),
    everyone(403, anonymous=LOGIN, officer=200, respondent=200, other_officer=404, superuser=404),
)
OFFICE_OR_OFFICER = ({**RESPOND[0], "officer": 200}, RESPOND[1])
# Publishing a response or a follow-up (POST only): the publisher gets as far as the
# method check; everyone else who may read the review is refused.
PUBLISH_POST_ONLY = (
    everyone(403, anonymous=LOGIN, publisher=405, respondent=404, other_officer=404, superuser=404),
    everyone(403, anonymous=LOGIN, publisher=405, other_officer=404, superuser=404),
)
# Public pages of one review: only once its report is published, then for anyone
# (tests/recommendations/test_public_pages.py publishes one); presented is not enough.
NOT_PUBLIC_UNTIL_PUBLISHED = (everyone(404), everyone(404))
# A body's calendar settings: its officers; its other people 403; other bodies 404.
BODY_OFFICER = everyone(403, anonymous=LOGIN, officer=200, other_officer=404, superuser=404)


def in_review(expect, label="", **kwargs):
    """The two cases of a page inside a review: before and after presentation.
    `kwargs` name objects of the review ("keyline.pk"); the slug is added."""
    cases = []
    for review, state, outcome in (
        ("review", "review not yet presented", expect[0]),
        ("presented_review", "review presented", expect[1]),
    ):
        built = {"slug": f"{review}.slug"}
        for key, value in kwargs.items():
            built[key] = f"{review}:{value}" if "." in value else value
        case = f"{label}, {state}" if label else state
        cases.append({"case": case, "kwargs": built, "expect": outcome})
    return cases


ACCESS = {
    "home": [{"expect": EVERYONE_200}],
    "dashboard": [{"expect": SIGNED_IN_200}],
    "login": [{"expect": EVERYONE_200}],
    "accessibility": [{"expect": EVERYONE_200}],
    # Signing out is POST only (a link must not sign anyone out).
    "logout": [{"expect": everyone(405)}],
    # --- reviews ------------------------------------------------------------------------
    # Only someone who is an officer of some body may start a review.
    "reviews:create": [{"expect": everyone(403, anonymous=LOGIN, officer=200, other_officer=200)}],
    # Searches only the reviews the user may see (tests/reviews/test_search.py).
    "reviews:search": [
        {"case": "no query", "expect": SIGNED_IN_200},
        {"case": "a query", "query": "q=referrals", "expect": SIGNED_IN_200},
    ],
    "reviews:detail": in_review(READ),
    # An officer moves the review to its next stage (POST only, from the overview).
    "reviews:stage_step": in_review(POST_ONLY_EDIT, step="confirm-scope"),
    "reviews:history": in_review(READ),
    "reviews:scope": in_review(READ),
    "reviews:scope_edit": in_review(EDIT),
    "reviews:keyline_add": in_review(EDIT),
    "reviews:keyline_paste": in_review(EDIT),
    "reviews:keyline_edit": in_review(EDIT, pk="keyline.pk"),
    "reviews:keyline_delete": in_review(EDIT, pk="keyline.pk"),
    "reviews:keyline_order": in_review(EDIT),
    "reviews:keyline_move": in_review(POST_ONLY_EDIT, pk="keyline.pk"),
    "reviews:timetable": in_review(READ),
    "reviews:milestone_add": in_review(EDIT),
    "reviews:milestone_edit": in_review(EDIT, pk="milestone.pk"),
    "reviews:milestone_delete": in_review(EDIT, pk="milestone.pk"),
    "reviews:milestone_order": in_review(EDIT),
    "reviews:milestone_move": in_review(POST_ONLY_EDIT, pk="milestone.pk"),
    "reviews:variation_add": in_review(EDIT),
    "reviews:variation_edit": in_review(EDIT, pk="variation.pk"),
    "reviews:variation_delete": in_review(EDIT, pk="variation.pk"),
    "reviews:working_group": in_review(READ),
    "reviews:member_add": in_review(EDIT),
    "reviews:member_edit": in_review(EDIT, pk="member.pk"),
    "reviews:member_delete": in_review(EDIT, pk="member.pk"),
    "reviews:member_order": in_review(EDIT),
    "reviews:member_move": in_review(POST_ONLY_EDIT, pk="member.pk"),
    "reviews:meetings": in_review(READ),
    "reviews:meeting_add": in_review(EDIT),
    "reviews:meeting_detail": in_review(READ, pk="meeting.pk"),
    "reviews:meeting_edit": in_review(EDIT, pk="meeting.pk"),
    "reviews:meeting_delete": in_review(EDIT, pk="meeting.pk"),
    "reviews:meeting_attendance": in_review(EDIT, pk="meeting.pk"),
    "reviews:witness_add": in_review(EDIT, meeting_pk="meeting.pk"),
    "reviews:witness_edit": in_review(EDIT, meeting_pk="witness.meeting.pk", pk="witness.pk"),
    "reviews:witness_delete": in_review(EDIT, meeting_pk="witness.meeting.pk", pk="witness.pk"),
    "reviews:evidence": in_review(READ),
    "reviews:evidence_add": in_review(EDIT),
    "reviews:evidence_add_kind": [
        case for kind in Evidence.Kind.values for case in in_review(EDIT, label=kind, kind=kind)
    ],
    "reviews:evidence_detail": [
        case
        for kind in ("oral_evidence", "question_set", "call", "document", "dataset")
        for case in in_review(READ, label=kind, pk=f"{kind}.pk")
    ],
    "reviews:evidence_edit": [
        case
        for kind in ("oral_evidence", "question_set", "call", "document", "dataset")
        for case in in_review(EDIT, label=kind, pk=f"{kind}.pk")
    ],
    "reviews:evidence_delete": in_review(EDIT, pk="oral_evidence.pk"),
    "reviews:evidence_order": in_review(EDIT),
    "reviews:evidence_move": in_review(POST_ONLY_EDIT, pk="oral_evidence.pk"),
    "reviews:document_download": in_review(READ, pk="document.pk"),
    "reviews:question_group_add": in_review(EDIT, evidence_pk="question_set.pk"),
    "reviews:question_group_edit": in_review(
        EDIT, evidence_pk="question_group.question_set.pk", pk="question_group.pk"
    ),
    "reviews:question_add": in_review(
        EDIT, evidence_pk="question.group.question_set.pk", group_pk="question.group.pk"
    ),
    "reviews:question_paste": in_review(EDIT, evidence_pk="question_set.pk"),
    "reviews:question_edit": in_review(
        EDIT, evidence_pk="question.group.question_set.pk", pk="question.pk"
    ),
    "reviews:data_table_add": in_review(EDIT, evidence_pk="dataset.pk"),
    "reviews:data_table_edit": in_review(
        EDIT, evidence_pk="data_table.dataset.pk", pk="data_table.pk"
    ),
    "reviews:findings": in_review(READ),
    "reviews:finding_add": in_review(EDIT),
    "reviews:finding_paste": in_review(EDIT),
    "reviews:finding_edit": in_review(EDIT, pk="finding.pk"),
    "reviews:finding_delete": in_review(EDIT, pk="finding.pk"),
    "reviews:finding_order": in_review(EDIT),
    "reviews:finding_move": in_review(POST_ONLY_EDIT, pk="finding.pk"),
    "reviews:conclusion_add": in_review(EDIT),
    "reviews:conclusion_edit": in_review(EDIT, pk="conclusion.pk"),
    "reviews:conclusion_delete": in_review(EDIT, pk="conclusion.pk"),
    "reviews:conclusion_order": in_review(EDIT),
    "reviews:conclusion_move": in_review(POST_ONLY_EDIT, pk="conclusion.pk"),
    # --- recommendations ----------------------------------------------------------------
    "recommendations:list": in_review(READ),
    "recommendations:add": in_review(EDIT),
    "recommendations:edit": in_review(EDIT, pk="recommendation.pk"),
    "recommendations:delete": in_review(EDIT, pk="recommendation.pk"),
    "recommendations:move": in_review(POST_ONLY_EDIT, pk="recommendation.pk"),
    "recommendations:detail": in_review(READ, pk="recommendation.pk"),
    # --- the Commissioner's responses (tests/recommendations/test_responses.py) --------
    "recommendations:responses": in_review(READ),
    "recommendations:responses_publish": in_review(PUBLISH_POST_ONLY),
    "recommendations:respond": in_review(
        RESPOND, pk="recommendation.pk", to="response.responding_body.pk"
    ),
    "recommendations:response_publish": in_review(
        PUBLISH_POST_ONLY, pk="response.recommendation.pk", to="response.responding_body.pk"
    ),
    "recommendations:target_date": in_review(
        OFFICE_OR_OFFICER, pk="response.recommendation.pk", to="response.responding_body.pk"
    ),
    "recommendations:response_letter": in_review(
        READ, pk="response.recommendation.pk", to="response.responding_body.pk"
    ),
    # --- the follow-up (tests/recommendations/test_follow_up_views.py) -----------------
    "recommendations:follow_ups": in_review(READ),
    "recommendations:follow_up_schedule": in_review(POST_ONLY_EDIT),
    "recommendations:follow_up": in_review(READ, pk="follow_up.pk"),
    "recommendations:follow_up_progress": in_review(
        OFFICE_OR_OFFICER, pk="follow_up.pk", recommendation_pk="recommendation.pk"
    ),
    "recommendations:follow_up_assess": in_review(
        EDIT, pk="follow_up.pk", recommendation_pk="recommendation.pk"
    ),
    "recommendations:follow_up_complete": in_review(EDIT, pk="follow_up.pk"),
    "recommendations:follow_up_publish": in_review(PUBLISH_POST_ONLY, pk="completed_follow_up.pk"),
    "recommendations:follow_up_report": in_review(READ, pk="follow_up.pk"),
    "recommendations:follow_up_print": in_review(READ, pk="follow_up.pk"),
    "recommendations:follow_up_pdf": in_review(READ, pk="follow_up.pk"),
    # --- the tracker, calendar feeds and public pages (tests/recommendations/) ---------
    # Every signed-in user gets the tracker of what they may see (the superuser, with
    # no role, an empty one).
    "tracker:list": [{"expect": SIGNED_IN_200}],
    "tracker:charts": [{"expect": SIGNED_IN_200}],
    "tracker:export_csv": [{"expect": SIGNED_IN_200}],
    "tracker:export_xlsx": [{"expect": SIGNED_IN_200}],
    "tracker:calendar": [{"kwargs": {"body_slug": "review.body.slug"}, "expect": BODY_OFFICER}],
    "sign_ins": [{"kwargs": {"body_slug": "review.body.slug"}, "expect": BODY_OFFICER}],
    # Who responds to the body's recommendations: kept by its officers.
    "responding_bodies": [{"kwargs": {"body_slug": "review.body.slug"}, "expect": BODY_OFFICER}],
    "responding_body_add": [{"kwargs": {"body_slug": "review.body.slug"}, "expect": BODY_OFFICER}],
    "responding_body_edit": [
        {
            "kwargs": {
                "body_slug": "review.body.slug",
                "pk": "presented_review:response.responding_body.pk",
            },
            "expect": BODY_OFFICER,
        }
    ],
    "sign_in_unlock": [
        {"kwargs": {"body_slug": "review.body.slug"}, "expect": {**BODY_OFFICER, "officer": 405}}
    ],
    "tracker:calendar_regenerate": [
        {"kwargs": {"body_slug": "review.body.slug"}, "expect": {**BODY_OFFICER, "officer": 405}}
    ],
    # Calendar apps cannot sign in: the secret token is the key.
    "tracker:calendar_feed": [
        {
            "case": "the body's token",
            "kwargs": {"token": "review:calendar_feed.token"},
            "expect": EVERYONE_200,
        },
        {"case": "a wrong token", "kwargs": {"token": "not-the-token"}, "expect": everyone(404)},
    ],
    "public_tracker:list": [{"expect": EVERYONE_200}],
    "public_tracker:responses": in_review(NOT_PUBLIC_UNTIL_PUBLISHED),
    # --- reviewing the draft report -------------------------------------------------------
    "reviews:report_versions": in_review(DRAFTS_READ),
    "reviews:report_issue": in_review(DRAFTS_ISSUE),
    "reviews:report_draft": in_review(DRAFTS_READ),
    "reviews:report_version": in_review(DRAFTS_READ, number="report_version.number"),
    "reviews:report_comment": in_review(DRAFTS_READ, number="report_version.number"),
    "reviews:report_comment_reply": in_review(DRAFTS_REPLY, pk="report_comment.pk"),
    "reviews:report_comment_resolve": in_review(POST_ONLY_EDIT, pk="report_comment.pk"),
    "reviews:report_approve": in_review(DRAFTS_POST_ONLY, number="report_version.number"),
    "reviews:report_sign_foreword": in_review(DRAFTS_POST_ONLY, number="report_version.number"),
    "reviews:report_diff": in_review(DRAFTS_READ),
    # --- the report: its sections, as it stands, its PDF, publishing ---------------------
    "reviews:report": in_review(READ),
    "reviews:report_online": in_review(READ),
    "reviews:report_section_write": in_review(EDIT, kind="foreword"),
    "reviews:report_section_add": in_review(EDIT),
    "reviews:report_section_edit": in_review(EDIT, pk="report_section.pk"),
    "reviews:report_section_delete": in_review(EDIT, pk="report_section.pk"),
    "reviews:report_pdf": in_review(READ),
    # A key that was never rendered: the status page offers to prepare the PDF; there
    # is nothing to download (tests/reviews/test_report_views.py renders real ones).
    "reviews:report_pdf_status": in_review(READ, key="0" * 64),
    "reviews:report_pdf_download": in_review(
        (everyone(404, anonymous=LOGIN), everyone(404, anonymous=LOGIN)), key="0" * 64
    ),
    # Democratic services (the publisher) record agreement and presentation, and publish.
    "reviews:report_agree": in_review(PUBLISH),
    "reviews:report_present": in_review(PUBLISH),
    "reviews:report_publish": in_review(PUBLISH),
    # --- published reports: public, but only once published (tests/reviews/
    # test_report_publishing.py publishes one); an unpublished review is 404 to all.
    "public:report": [{"kwargs": {"slug": "presented_review.slug"}, "expect": everyone(404)}],
    "public:report_pdf": [{"kwargs": {"slug": "presented_review.slug"}, "expect": everyone(404)}],
    "public:report_pdf_sequence": [
        {"kwargs": {"slug": "presented_review.slug", "sequence": 1}, "expect": everyone(404)}
    ],
    # --- the admin site's own pages -----------------------------------------------------
    "admin:index": [{"expect": ADMIN_ONLY}],
    "admin:app_list": [
        {"case": app, "kwargs": {"app_label": app}, "expect": ADMIN_ONLY}
        for app in ("scrutiny", "reviews", "recommendations")
    ],
    # Anyone may see the admin's sign-in form; a signed-in superuser is sent on to
    # the admin index.
    "admin:login": [{"expect": everyone(200, superuser=(REDIRECT, "admin:index", {}))}],
    # POST only for the superuser; anyone else is sent to the admin index (and from
    # there to its login).
    "admin:logout": [{"expect": everyone((REDIRECT, "admin:index", {}), superuser=405)}],
    "admin:password_change": [{"expect": ADMIN_ONLY}],
    "admin:password_change_done": [{"expect": ADMIN_ONLY}],
    "admin:jsi18n": [{"expect": ADMIN_ONLY}],
    "admin:autocomplete": [
        {
            "case": "people for a working group",
            "query": "app_label=reviews&model_name=workinggroupmember&field_name=person",
            "expect": ADMIN_ONLY,
        },
        {
            "case": "reviews for a recommendation",
            "query": "app_label=recommendations&model_name=recommendation&field_name=review",
            "expect": ADMIN_ONLY,
        },
        # Without saying which field it serves, the lookup refuses.
        {"case": "no field named", "expect": {**ADMIN_ONLY, "superuser": 403}},
    ],
    "admin:view_on_site": [
        {
            "kwargs": {"content_type_id": "review_content_type.pk", "object_id": "review.pk"},
            "expect": {
                **ADMIN_ONLY,
                "superuser": (REDIRECT, "reviews:detail", {"slug": "review.slug"}),
            },
        }
    ],
}

# Admin model pages where the superuser is refused on purpose. The audit trails are
# written only by the models' methods; evidence is added through its own kind's admin.
ADMIN_RULE_EXCEPTIONS = {
    "admin:reviews_reviewstatuschange_add": {"superuser": 403},
    "admin:reviews_reviewstatuschange_delete": {"superuser": 403},
    "admin:recommendations_targetdatechange_add": {"superuser": 403},
    "admin:recommendations_targetdatechange_delete": {"superuser": 403},
    "admin:recommendations_remindersent_add": {"superuser": 403},
    "admin:recommendations_remindersent_delete": {"superuser": 403},
    "admin:reviews_evidence_add": {"superuser": 403},
    # django-axes keeps its sign-in records read-only.
    "admin:axes_accessattempt_add": {"superuser": 403},
    "admin:axes_accesslog_add": {"superuser": 403},
    "admin:axes_accessfailurelog_add": {"superuser": 403},
    # The task queue writes its own records: django-tasks-db's and ours are read-only.
    "admin:django_tasks_database_dbtaskresult_add": {"superuser": 403},
    "admin:django_tasks_database_dbtaskresult_delete": {"superuser": 403},
    "admin:scrutiny_job_add": {"superuser": 403},
}

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


# --- walking the URL configuration --------------------------------------------------


def walk(patterns, namespace=""):
    """Yield (namespaced name or None, pattern) for every pattern, recursively."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield name, namespace, pattern


def admin_model_pages():
    """{"admin:<app>_<model>_<page>": model} for every model registered in the admin."""
    pages = {}
    for model, model_admin in admin.site._registry.items():
        for pattern in model_admin.get_urls():
            if pattern.name:
                pages[f"admin:{pattern.name}"] = (model, pattern)
    return pages


def all_patterns():
    return list(walk(get_resolver().url_patterns))


def is_admin_unnamed(namespace, pattern):
    """The admin's unnamed patterns: the old `<object_id>/` redirect to the change
    page and the catch-all. Covered by the admin rule (see the tests below)."""
    return namespace == "admin:" and pattern.name is None


def test_every_url_pattern_is_in_the_access_table():
    admin_pages = admin_model_pages()
    missing = [
        name or str(pattern.pattern)
        for name, namespace, pattern in all_patterns()
        if name not in ACCESS
        and name not in admin_pages
        and not is_admin_unnamed(namespace, pattern)
    ]
    assert missing == [], f"URL patterns with no entry in ACCESS: {missing}"


def test_every_entry_in_the_access_table_is_a_url_pattern():
    names = {name for name, _, _ in all_patterns() if name}
    stale = sorted((set(ACCESS) | set(ADMIN_RULE_EXCEPTIONS)) - names)
    assert stale == [], f"ACCESS entries with no URL pattern: {stale}"


def test_every_case_covers_every_role():
    incomplete = [
        f"{name} {case.get('case', '')}".strip()
        for name, cases in ACCESS.items()
        for case in cases
        if set(case["expect"]) != set(ROLES)
    ]
    assert incomplete == []


# --- objects the URLs are built from ------------------------------------------------


def _document(review):
    return f.DocumentFactory(
        review=review,
        file=ContentFile(b"%PDF-1.4 evidence", name="evidence.pdf"),
        original_filename="evidence.pdf",
        content_type="application/pdf",
    )


def _response(review):
    """A received response with its letter, to a recommendation to the Commissioner."""
    return f.ResponseFactory(
        recommendation=f.RecommendationFactory(review=review),
        status=Response.Status.SUBMITTED,
        received_on=datetime.date(2024, 7, 1),
        letter=ContentFile(b"%PDF-1.4 letter", name="letter.pdf"),
        letter_filename="letter.pdf",
    )


# What a page inside a review may need, made on first use for that review.
REVIEW_CHILDREN = {
    "keyline": lambda review: f.KeyLineOfEnquiryFactory(review=review),
    "milestone": lambda review: f.MilestoneFactory(review=review),
    "variation": lambda review: f.TimetableVariationFactory(review=review),
    "member": lambda review: f.WorkingGroupMemberFactory(review=review),
    "meeting": lambda review: f.MeetingFactory(review=review),
    "witness": lambda review: f.WitnessFactory(meeting__review=review),
    "oral_evidence": lambda review: f.OralEvidenceFactory(review=review),
    "question_set": lambda review: f.QuestionSetFactory(review=review),
    "question_group": lambda review: f.QuestionGroupFactory(question_set__review=review),
    "question": lambda review: f.QuestionFactory(group__question_set__review=review),
    "call": lambda review: f.CallForEvidenceFactory(review=review),
    "document": _document,
    "dataset": lambda review: f.DataSetFactory(review=review),
    "data_table": lambda review: f.DataTableFactory(dataset__review=review),
    "finding": lambda review: f.FindingFactory(review=review),
    "conclusion": lambda review: f.ConclusionFactory(review=review),
    "recommendation": lambda review: f.RecommendationFactory(review=review),
    "response": _response,
    "follow_up": lambda review: f.FollowUpFactory(review=review, sequence=1),
    "completed_follow_up": lambda review: f.FollowUpFactory(
        review=review, sequence=2, status=FollowUp.Status.COMPLETED
    ),
    "calendar_feed": lambda review: CalendarFeed.for_body(review.body),
    "report_version": lambda review: f.ReportVersionFactory(review=review),
    "report_comment": lambda review: f.ReportCommentFactory(version__review=review),
    "report_section": lambda review: f.ReportSectionFactory(review=review, kind="other"),
}


class AccessObjects(dict):
    """`review` (the body's review, not yet presented), `presented_review`, and
    "<review>:<child>" made by `REVIEW_CHILDREN` the first time a URL asks for it."""

    def __missing__(self, name):
        review, _, child = name.partition(":")
        if not child or child not in REVIEW_CHILDREN:
            raise KeyError(name)
        self[name] = REVIEW_CHILDREN[child](self[review])
        return self[name]

    def __contains__(self, name):
        review, _, child = name.partition(":")
        return dict.__contains__(self, name) or (
            dict.__contains__(self, review) and child in REVIEW_CHILDREN
        )


@pytest.fixture
def access_objects(body, review):
    presented_review = ReviewFactory(
        body=body,
        status=Review.Status.PRESENTED,
        agreed_on=datetime.date(2024, 6, 1),
        presented_on=datetime.date(2024, 6, 10),
    )
    objects = AccessObjects(
        review=review,
        presented_review=presented_review,
        review_content_type=ContentType.objects.get_for_model(Review),
    )
    yield objects
    for name, obj in objects.items():
        if name.endswith(":document"):
            obj.file.delete(save=False)
        if name.endswith(":response"):
            obj.letter.delete(save=False)


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def client_as(client, user_for_role, superuser):
    def sign_in(role):
        user = superuser if role == "superuser" else user_for_role(role)
        if user is not None:
            client.force_login(user, backend=MODEL_BACKEND)
        return client

    return sign_in


def build(spec, objects):
    """{"slug": "review.slug"} → {"slug": <the review's slug>}. A value that does not
    start with the name of one of the objects is used as it is ("reviews")."""
    built = {}
    for key, value in (spec or {}).items():
        root, _, rest = str(value).partition(".")
        if root not in objects:
            built[key] = value
        else:
            built[key] = operator.attrgetter(rest)(objects[root]) if rest else objects[root]
    return built


def assert_outcome(response, expected, objects):
    asked_for = response.request["PATH_INFO"]
    if response.request.get("QUERY_STRING"):
        asked_for += "?" + response.request["QUERY_STRING"]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url == redirect_to_login(asked_for).url
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302
        assert response.url == redirect_to_login(asked_for, reverse("admin:login")).url
    elif isinstance(expected, tuple):
        _, url_name, kwargs = expected
        assert response.status_code == 302
        assert urlparse(response.url).path == reverse(url_name, kwargs=build(kwargs, objects))
    else:
        assert response.status_code == expected


# --- the table, requested -----------------------------------------------------------


def _table_cases():
    for name, cases in ACCESS.items():
        for case in cases:
            for role in ROLES:
                label = f"{name}[{case['case']}]" if "case" in case else name
                yield pytest.param(name, case, role, id=f"{label}-{role}")


@pytest.mark.parametrize(("name", "case", "role"), list(_table_cases()))
def test_access(client_as, access_objects, name, case, role):
    url = reverse(name, kwargs=build(case.get("kwargs"), access_objects))
    if case.get("query"):
        url += "?" + case["query"]

    response = client_as(role).get(url)

    assert_outcome(response, case["expect"][role], access_objects)


# --- the admin's model pages ----------------------------------------------------------


def _status_change():
    review = ReviewFactory()
    review.confirm_scope(user=UserFactory())
    return ReviewStatusChange.objects.get(review=review)


def _target_date_change():
    response = f.ResponseFactory()
    response.change_target_date(new_date="2025-09-30", reason="Funding delayed", user=None)
    return TargetDateChange.objects.get(response=response)


def _reminder_sent():
    return ReminderSent.objects.create(
        kind=ReminderSent.Kind.RESPONSE_DUE,
        review=ReviewFactory(),
        due_on=datetime.date(2024, 8, 10),
        recipient=UserFactory(),
        email="officer@example.gov.uk",
        sent_on=datetime.date(2024, 7, 31),
    )


def _access_attempt():
    return AccessAttempt.objects.create(
        username="someone", ip_address="192.0.2.1", failures_since_start=1
    )


def _access_log():
    return AccessLog.objects.create(username="someone", ip_address="192.0.2.1")


def _access_failure_log():
    return AccessFailureLog.objects.create(username="someone", ip_address="192.0.2.1")


def _queued_task():
    result = render_report_pdf.enqueue(job_key="report-pdf:1:0", review_id=1, key="0")
    return DBTaskResult.objects.get(id=result.id)


# Models with no factory of their own: ours are made the way the app makes them; the
# others are registered by Django (groups) and django-axes (sign-in records).
ADMIN_OBJECT_MAKERS = {
    ReviewStatusChange: _status_change,
    TargetDateChange: _target_date_change,
    ReminderSent: _reminder_sent,
    Evidence: lambda: Evidence.objects.get(pk=f.OralEvidenceFactory().pk),
    Group: lambda: Group.objects.create(name="Editors"),
    AccessAttempt: _access_attempt,
    AccessLog: _access_log,
    AccessFailureLog: _access_failure_log,
    DBTaskResult: _queued_task,
}


def make_object(model):
    if model in ADMIN_OBJECT_MAKERS:
        return ADMIN_OBJECT_MAKERS[model]()
    for value in vars(f).values():
        meta = getattr(value, "_meta", None)
        if getattr(meta, "model", None) is model and value.__name__.endswith("Factory"):
            return value()
    raise AssertionError(f"No factory for {model.__name__}: add one to tests/factories.py")


def admin_url(obj, pattern):
    """The URL of an admin model page for `obj`. Most pages take `object_id` (or `id`,
    for the password form); simple_history's page for one history record has two
    unnamed groups: the object's id and the history record's id."""
    if pattern.pattern.regex.groupindex or not pattern.pattern.regex.groups:
        kwargs = {}
        for key in pattern.pattern.regex.groupindex:
            if key not in ("object_id", "id"):
                raise AssertionError(f"Cannot build {key!r} for {pattern.name}")
            kwargs[key] = obj.pk
        return reverse(f"admin:{pattern.name}", kwargs=kwargs)
    if pattern.name.endswith("_simple_history"):
        args = [obj.pk, obj.history.latest().history_id]
        return reverse(f"admin:{pattern.name}", args=args)
    raise AssertionError(f"Cannot build the arguments of {pattern.name}")


def _admin_models():
    return [
        pytest.param(model, id=f"{model._meta.app_label}.{model._meta.model_name}")
        for model in admin.site._registry
    ]


@pytest.mark.parametrize("model", _admin_models())
@pytest.mark.parametrize("role", ROLES)
def test_admin_model_pages(client_as, model, role):
    obj = make_object(model)
    client = client_as(role)
    pages = {name: pattern for name, (m, pattern) in admin_model_pages().items() if m is model}
    assert pages, f"{model.__name__} is registered but has no admin pages"

    outcomes = {}
    for name, pattern in sorted(pages.items()):
        expected = ADMIN_RULE_EXCEPTIONS.get(name, {}).get(role, ADMIN_ONLY[role])
        url = admin_url(obj, pattern)
        response = client.get(url)
        try:
            assert_outcome(response, expected, {})
        except AssertionError:
            outcomes[name] = (response.status_code, response.get("Location"), expected)

    assert outcomes == {}, f"admin pages not as the rule says: {outcomes}"


@pytest.mark.parametrize("role", ROLES)
def test_admin_old_object_url_redirects_to_the_change_page(client_as, role):
    review = ReviewFactory()
    url = reverse("admin:reviews_review_changelist") + f"{review.pk}/"

    response = client_as(role).get(url)

    change = (REDIRECT, "admin:reviews_review_change", {"object_id": "review.pk"})
    expected = change if role == "superuser" else ADMIN_LOGIN
    assert_outcome(response, expected, {"review": review})


@pytest.mark.parametrize("role", ROLES)
def test_admin_unknown_page(client_as, role):
    response = client_as(role).get(reverse("admin:index") + "no-such-page/")

    assert_outcome(response, 404 if role == "superuser" else ADMIN_LOGIN, {})
