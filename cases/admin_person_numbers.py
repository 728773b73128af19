"""The pupil's BSN and onderwijsnummer in the admin, by the same rule as everywhere (cases.policies).

A beheerder manages pupils' records but is not one of the roles that see a BSN in full (BSN_ROLES): on the
change page both numbers are shown masked and read-only, never in an input's value, and neither is in the
history page's list of changes. A beheerder may still record or correct a number, write-only: a "new
number" field that starts empty, is checked (elfproef) and replaces the stored number only when filled in.
Entering a number reveals nothing the beheerder did not type (the model has no uniqueness on it, so no
"already in use" answer confirms another pupil's number); it is the same right the CSV import gives them.
Superusers and users who may see the BSN get the plain fields.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.template_utils import HistoricalRecordContextHelper

from cases import person_numbers, policies
from cases.validators import validate_bsn, validate_onderwijsnummer

MASKED_FIELDS = {"bsn": "bsn_gemaskeerd", "onderwijsnummer": "onderwijsnummer_gemaskeerd"}
NEW_FIELDS = {"bsn": "nieuw_bsn", "onderwijsnummer": "nieuw_onderwijsnummer"}


def _compact(value: str) -> str:
    text = (value or "").replace(" ", "").replace(".", "").strip()
    return "0" + text if len(text) == 8 and text.isdigit() else text


class MaskedPersonNumbersForm(forms.ModelForm):
    """The pupil form without the numbers' values: write-only inputs that replace them when filled in."""

    nieuw_bsn = forms.CharField(
        label=_("Nieuw BSN"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "Alleen invullen om het BSN vast te leggen of te corrigeren. Het huidige BSN ziet u alleen "
            "gemaskeerd; leeg laten houdt het zoals het is."
        ),
    )
    nieuw_onderwijsnummer = forms.CharField(
        label=_("Nieuw onderwijsnummer"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Alleen invullen om het onderwijsnummer vast te leggen of te corrigeren."),
    )

    def clean_nieuw_bsn(self):
        value = _compact(self.cleaned_data.get("nieuw_bsn", ""))
        if value:
            validate_bsn(value)
        return value

    def clean_nieuw_onderwijsnummer(self):
        value = _compact(self.cleaned_data.get("nieuw_onderwijsnummer", ""))
        if value:
            validate_onderwijsnummer(value)
        return value

    def clean(self):
        cleaned = super().clean()
        for field, new in NEW_FIELDS.items():
            if cleaned.get(new):
                setattr(self.instance, field, cleaned[new])  # before the model checks one is set
        return cleaned


class _MaskedHistoryHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        if change.field in person_numbers.PERSON_NUMBER_FIELDS:
            return person_numbers.mask(value)
        return super().prepare_delta_change_value(change, value)


class PersonNumberAdminMixin:
    """For LeerlingAdmin: masked, read-only numbers and write-only inputs for whoever may not see them."""

    def sees_person_numbers(self, request, obj=None) -> bool:
        if request.user.is_superuser:
            return True
        if obj is None:  # a new pupil: whether the user sees numbers of this SWV's pupils at all
            return policies.may_search_bsn(request.user)
        return policies.may_see_bsn(request.user, obj)

    def get_form(self, request, obj=None, **kwargs):
        if not self.sees_person_numbers(request, obj):
            kwargs["form"] = MaskedPersonNumbersForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if self.sees_person_numbers(request, obj):
            return fields
        out = []
        for name in fields:
            if name in MASKED_FIELDS:
                if obj is not None:
                    out.append(MASKED_FIELDS[name])
                out.append(NEW_FIELDS[name])
            elif name not in MASKED_FIELDS.values() and name not in NEW_FIELDS.values():
                out.append(name)
        return out

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.sees_person_numbers(request, obj) and obj is not None:
            readonly += list(MASKED_FIELDS.values())
        return readonly

    @admin.display(description=_("BSN (gemaskeerd)"))
    def bsn_gemaskeerd(self, obj):
        return person_numbers.mask(obj.bsn) or "—"

    @admin.display(description=_("Onderwijsnummer (gemaskeerd)"))
    def onderwijsnummer_gemaskeerd(self, obj):
        return person_numbers.mask(obj.onderwijsnummer) or "—"

    def get_historical_record_context_helper(self, request, historical_record):
        obj = getattr(historical_record, "instance", None)
        if self.sees_person_numbers(request, obj):
            return super().get_historical_record_context_helper(request, historical_record)
        return _MaskedHistoryHelper(self.model, historical_record)
