"""Forms for reviewing the draft report online. They validate input only; who may
use them is decided by the models' `user_can_*` methods."""

from django import forms
from django.core.exceptions import ValidationError

from reviews.drafts import ordered_sections
from reviews.forms.base import GovUKFormMixin
from reviews.forms.readiness import ConfirmWarningsMixin

COMMENT_MAX_LENGTH = 5000


class IssueVersionForm(GovUKFormMixin, ConfirmWarningsMixin, forms.Form):
    note = forms.CharField(
        label="What has changed in this version (optional)",
        help_text=(
            "Members see this note with the version. For example, "
            "‘Recommendation 3 reworded after the meeting on 30 April’."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CommentForm(GovUKFormMixin, forms.Form):
    anchor = forms.ChoiceField(
        label="Which part of the report is your comment about?",
        error_messages={"required": "Choose which part of the report your comment is about"},
    )
    text = forms.CharField(
        label="Your comment",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter your comment",
            "max_length": f"Your comment must be {COMMENT_MAX_LENGTH} characters or fewer",
        },
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anchor"].choices = [("", "Choose a part")] + [
            (anchor, part["title"]) for anchor, part in ordered_sections(version)
        ]


class ReplyForm(GovUKFormMixin, forms.Form):
    text = forms.CharField(
        label="Your reply",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter your reply",
            "max_length": f"Your reply must be {COMMENT_MAX_LENGTH} characters or fewer",
        },
    )


class CompareForm(GovUKFormMixin, forms.Form):
    """Which two versions to compare (a GET form)."""

    old = forms.TypedChoiceField(label="Earlier version", coerce=int)
    new = forms.TypedChoiceField(label="Later version", coerce=int)

    def __init__(self, *args, numbers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, f"Version {n}") for n in numbers]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices

    def clean(self):
        cleaned = super().clean()
        old, new = cleaned.get("old"), cleaned.get("new")
        if old is not None and new is not None and old >= new:
            self.add_error(
                "new",
                ValidationError("Choose a later version than the earlier one", code="order"),
            )
        return cleaned
