"""Forms of the inbox's own actions: wedervoorlegging, afwezigheid, and reassigning several tasks at once.
Only the shape of the input is checked here; the rules (a date after today, the vervanger's role, who may
reassign) live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.validators import PlausibleDate
from workflows.forms import DATE


def _user_label(user):
    return user.get_full_name() or user.username


class FollowUpForm(forms.Form):
    on = forms.DateField(label=_("Wedervoorleggen op"), widget=DATE, validators=[PlausibleDate(years=2)])
    reason = forms.CharField(label=_("Toelichting"), max_length=200, required=False)


class AfwezigheidForm(forms.Form):
    user = forms.ModelChoiceField(queryset=None, label=_("Afwezig"))
    vervanger = forms.ModelChoiceField(queryset=None, label=_("Vervanger"))
    starts_on = forms.DateField(label=_("Van"), widget=DATE, validators=[PlausibleDate(years=2)])
    ends_on = forms.DateField(label=_("Tot en met"), widget=DATE, validators=[PlausibleDate(years=2)])
    reason = forms.CharField(label=_("Toelichting"), max_length=200, required=False)

    def __init__(self, *args, users=None, vervangers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["vervanger"].queryset = vervangers
        self.fields["user"].label_from_instance = _user_label
        self.fields["vervanger"].label_from_instance = _user_label


class BulkReassignForm(forms.Form):
    tasks = forms.ModelMultipleChoiceField(queryset=None, label=_("Taken"))
    to = forms.ModelChoiceField(queryset=None, label=_("Toewijzen aan"))
    reason = forms.CharField(label=_("Reden"), max_length=200)

    def __init__(self, *args, tasks=None, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tasks"].queryset = tasks
        self.fields["to"].queryset = candidates
        self.fields["to"].label_from_instance = _user_label
