"""Confirming the warnings shown before a step (issuing a draft, publishing): a
checkbox that appears only when there are warnings, and must then be ticked."""

from django import forms


class ConfirmWarningsMixin:
    """Takes `warnings` (`reviews.readiness.Check`s); `confirmed_warnings` are their
    messages once the box is ticked."""

    def __init__(self, *args, warnings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings = list(warnings)
        if self.warnings:
            count = len(self.warnings)
            self.fields["confirm_warnings"] = forms.BooleanField(
                label=f"I have read the {'warnings' if count > 1 else 'warning'} above "
                "and want to go ahead",
                required=True,
                error_messages={
                    "required": f"Confirm that you have read the "
                    f"{'warnings' if count > 1 else 'warning'}, or put "
                    f"{'them' if count > 1 else 'it'} right first"
                },
            )

    @property
    def confirmed_warnings(self):
        if self.cleaned_data.get("confirm_warnings"):
            return [warning.message for warning in self.warnings]
        return []
