"""Shared fixtures: a body, a review in it, and a user for each role (plus a stranger
who is an officer of another body)."""

import pytest

from scrutiny.models import Role
from tests.factories import ReviewFactory, RoleFactory, ScrutinyBodyFactory, UserFactory

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def own_media_folder(settings, tmp_path):
    """Each test keeps files in a folder of its own, so a PDF cached by another test,
    or by an earlier run, never answers for this one."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media, "base_url": None},
        },
    }
    return media


@pytest.fixture
def body(db):
    return ScrutinyBodyFactory()


@pytest.fixture
def review(body):
    return ReviewFactory(body=body)


def _user_with_role(body, role):
    user = UserFactory()
    RoleFactory(user=user, body=body, role=role)
    return user


@pytest.fixture
def officer(body):
    return _user_with_role(body, Role.Name.OFFICER)


@pytest.fixture
def member(body):
    return _user_with_role(body, Role.Name.MEMBER)


@pytest.fixture
def publisher(body):
    return _user_with_role(body, Role.Name.PUBLISHER)


@pytest.fixture
def respondent(body):
    return _user_with_role(body, Role.Name.RESPONDENT)


@pytest.fixture
def other_officer(db):
    """An officer of a different body: must see nothing of `body`."""
    return _user_with_role(ScrutinyBodyFactory(), Role.Name.OFFICER)


@pytest.fixture
def user_for_role(body, officer, member, publisher, respondent, other_officer):
    """Look up a user by access-table name; None means anonymous."""
    return {
        "anonymous": None,
        "officer": officer,
        "member": member,
        "publisher": publisher,
        "respondent": respondent,
        "other_officer": other_officer,
    }.__getitem__
