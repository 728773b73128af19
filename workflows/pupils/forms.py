"""The form for a new pupil: the page "Nieuwe leerling" and the API (`POST /api/v1/pupils/`) use it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cases import policies
from cases.models import Gemeente
from cases.services.leerlingen import normalise_number
from cases.validators import BIRTH_NOT_BEFORE, PlausibleDate, validate_bsn, validate_onderwijsnummer

ISO_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LeerlingNieuwForm(forms.Form):
    voornaam = forms.CharField(max_length=100, label=_("Voornaam"))
    achternaam = forms.CharField(max_length=150, label=_("Achternaam"))
    geboortedatum = forms.DateField(
        validators=[PlausibleDate(years=0, not_before=BIRTH_NOT_BEFORE)],
        widget=ISO_DATE,
        label=_("Geboortedatum"),
    )
    bsn = forms.CharField(
        max_length=12,
        required=False,
        label=_("BSN"),
        help_text=_("9 cijfers. Heeft de leerling geen BSN, vul dan het onderwijsnummer in."),
    )
    onderwijsnummer = forms.CharField(max_length=12, required=False, label=_("Onderwijsnummer"))
    woongemeente = forms.ModelChoiceField(queryset=Gemeente.objects.none(), label=_("Woongemeente"))
    stamschool = forms.ModelChoiceField(queryset=None, label=_("School (stamschool)"))
    ouder_naam = forms.CharField(max_length=200, required=False, label=_("Naam ouder/verzorger (optioneel)"))
    ouder_email = forms.EmailField(required=False, label=_("E-mail ouder/verzorger"))
    ouder_telefoon = forms.CharField(max_length=30, required=False, label=_("Telefoon ouder/verzorger"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scholen = policies.leerling_create_schools(user)
        self.fields["stamschool"].queryset = scholen
        self.fields["woongemeente"].queryset = (
            Gemeente.objects.filter(swvs__in=scholen.values("swv_id")).distinct().order_by("name")
        )
        if len(scholen) == 1 and not self.is_bound:
            self.initial.setdefault("stamschool", scholen[0].pk)

    def clean_bsn(self):
        value = normalise_number(self.cleaned_data.get("bsn", ""))
        if value:
            validate_bsn(value)
        return value

    def clean_onderwijsnummer(self):
        value = normalise_number(self.cleaned_data.get("onderwijsnummer", ""))
        if value:
            validate_onderwijsnummer(value)
        return value

    def clean(self):
        data = super().clean()
        no_number = not data.get("bsn") and not data.get("onderwijsnummer")
        if no_number and not self.has_error("bsn") and not self.has_error("onderwijsnummer"):
            self.add_error("bsn", _("Vul het BSN of het onderwijsnummer van de leerling in."))
        if not data.get("ouder_naam") and (data.get("ouder_email") or data.get("ouder_telefoon")):
            self.add_error("ouder_naam", _("Vul ook de naam van de ouder of verzorger in."))
        return data
