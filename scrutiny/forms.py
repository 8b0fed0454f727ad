from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from scrutiny.models import RespondingBody, Role, User


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with GOV.UK wording for its errors."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your scrutiny officer.",
    }


class RespondingBodyForm(forms.ModelForm):
    """Who responds to the body's recommendations, and on what statutory basis."""

    class Meta:
        model = RespondingBody
        fields = ["name", "short_name", "basis", "respondents"]
        labels = {
            "name": "Name, as printed",
            "short_name": "Short name",
            "basis": "Why they respond, and within what period",
            "respondents": "Who answers for them",
        }
        help_texts = {
            "name": "For example, 'The Police, Fire and Crime Commissioner' or 'Cabinet'",
            "short_name": "For narrow columns, for example 'Commissioner' or 'ICB'",
            "respondents": "People with the respondent role in this body. They see the "
            "recommendations addressed to them, write the responses and get the reminders.",
        }
        widgets = {
            "basis": forms.RadioSelect,
            "respondents": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "name": {"required": "Enter the name, as printed"},
            "short_name": {"required": "Enter a short name"},
            "basis": {"required": "Select why they respond"},
        }

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.body = body
        respondents = self.fields["respondents"]
        respondents.queryset = (
            User.objects.filter(roles__body=body, roles__role=Role.Name.RESPONDENT)
            .select_related("person")
            .order_by("last_name", "first_name", "username")
        )
        respondents.label_from_instance = lambda user: user.display_name
        respondents.required = False
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.label_size = "s"
        self.helper.legend_size = "s"
