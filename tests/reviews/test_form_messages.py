"""Every form speaks GOV.UK: a message that names the field and says what to do, never
Django's generic wording; dates that do not exist are called so; radios offer no
'---------' choice; and an error only for what the person did.

The first tests walk every form class built on `GovUKFormMixin`, so a form added
later is checked without a line here (only a new keyword it needs, in `KWARGS`)."""

import inspect

import pytest
from django import forms
from django.urls import reverse

import recommendations.forms
import reviews.forms  # noqa: F401 (every form defined, for the walk)
from reviews.forms.base import DateField, GovUKFormMixin
from reviews.readiness import Check
from scrutiny.models import ScrutinyBody
from tests import factories as f

GENERIC = [
    "This field is required.",
    "Select a valid choice",
    "Enter a whole number.",
    "Enter a number.",
    "Enter a valid date",
    "out of range",
    "Enter a valid URL.",
]


def all_form_classes():
    def walk(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    return sorted(
        {c for c in walk(GovUKFormMixin) if issubclass(c, forms.BaseForm)},
        key=lambda c: c.__qualname__,
    )


def keyword_names(cls):
    """Keyword-only arguments the form's `__init__`s need."""
    names = set()
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init:
            for p in inspect.signature(init).parameters.values():
                if p.kind is p.KEYWORD_ONLY:
                    names.add(p.name)
    return names


@pytest.fixture
def kwargs_for(review):
    meeting = f.MeetingFactory(review=review)
    f.WorkingGroupMemberFactory(review=review)
    question_set = f.QuestionSetFactory(review=review)
    kwargs = {
        "review": review,
        "meeting": meeting,
        "bodies": ScrutinyBody.objects.filter(pk=review.body_id),
        "version": f.ReportVersionFactory(review=review),
        "numbers": [1, 2],
        "is_correction": True,
        "records_receipt": True,
        "response": f.ResponseFactory(recommendation__review=review),
        "question_set": question_set,
        "witness": None,
        "items": [f.KeyLineOfEnquiryFactory(review=review)],
        "warnings": [Check("The chair has not signed the foreword.", "/")],
    }

    def build(cls, **extra):
        wanted = keyword_names(cls)
        missing = wanted - kwargs.keys()
        assert not missing, f"{cls.__qualname__} needs {missing}: add them to this fixture"
        return cls(**{k: kwargs[k] for k in wanted}, **extra)

    return build


def test_there_are_forms_to_walk():
    names = {c.__name__ for c in all_form_classes()}
    assert {
        "NewReviewForm",
        "MeetingForm",
        "ResponseForm",
        "PasteQuestionsForm",
        "OrderForm",
    } <= names


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", all_form_classes(), ids=lambda c: c.__name__)
def test_an_empty_form_says_what_to_do_for_each_field(form_class, kwargs_for):
    form = kwargs_for(form_class, data={}, files={})
    form.is_valid()
    for field, errors in form.errors.items():
        for message in errors:
            assert not any(g in message for g in GENERIC), (field, message)
    for name, field in form.fields.items():
        if field.required and not isinstance(field.widget, forms.HiddenInput):
            assert name in form.errors, f"{name} is required but gave no error"


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", all_form_classes(), ids=lambda c: c.__name__)
def test_no_radio_offers_a_dashes_choice(form_class, kwargs_for):
    form = kwargs_for(form_class)
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.RadioSelect):
            labels = [str(label) for _, label in field.choices]
            assert "---------" not in labels, name


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", all_form_classes(), ids=lambda c: c.__name__)
def test_a_date_that_does_not_exist_is_called_so(form_class, kwargs_for):
    form = kwargs_for(form_class)
    for name, field in form.fields.items():
        if not isinstance(field, DateField):
            continue
        day = {f"{name}_0": "31", f"{name}_1": "2", f"{name}_2": "2026"}
        bound = kwargs_for(form_class, data=day)
        assert bound.errors[name] == [f"{field.label} must be a real date"]


@pytest.mark.django_db
def test_an_empty_new_review_names_each_missing_field(client, officer):
    client.force_login(officer)
    # What a browser sends for the form left blank.
    response = client.post(reverse("reviews:create"), {"short_title": "", "topic": ""})
    errors = response.context["form"].errors
    assert errors["short_title"] == ["Enter a short title"]
    assert errors["topic"] == ["Enter the topic of the review"]
    assert "This field is required." not in response.content.decode()


@pytest.mark.django_db
def test_a_response_with_no_decision_asks_only_for_the_decision(kwargs_for):
    form = kwargs_for(recommendations.forms.ResponseForm, data={"response_text": "We will."})
    assert not form.is_valid()
    assert form.errors["decision"] == ["Select the Commissioner's decision"]
    assert "reason" not in form.errors


@pytest.mark.django_db
def test_a_response_not_accepted_still_needs_its_reason(kwargs_for):
    data = {"decision": "not_accepted", "response_text": "No."}
    form = kwargs_for(recommendations.forms.ResponseForm, data=data)
    assert not form.is_valid()
    assert "reason" in form.errors
