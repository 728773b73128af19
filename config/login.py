"""The login form: a user name longer than any account's is refused as a form error before anything looks
it up (the lockout log stores user names of at most 255 characters; a longer one was a 500)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    def clean_username(self):
        username = self.cleaned_data.get("username") or ""
        limit = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD).max_length
        if len(username) > limit:
            raise forms.ValidationError(
                _("Een gebruikersnaam is hoogstens %(limit)d tekens lang. Controleer wat u heeft ingevuld.")
                % {"limit": limit},
                code="gebruikersnaam-te-lang",
            )
        return username
