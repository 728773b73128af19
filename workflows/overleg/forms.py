"""Forms of the case tables. Business rules live in cases/services/overleg.py; these only parse."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cases import profiles
from cases.models import DeelnemerRol, OverlegSoort
from cases.roles import Role
from cases.validators import PlausibleDate
from workflows.widgets import DateInput

DATE = DateInput()
TEXT = forms.Textarea(attrs={"rows": 3})


def _person(user) -> str:
    return user.get_full_name() or user.username


class AfspraakUitkomstForm(forms.Form):
    """Completing an agreement's task: what was done."""

    uitkomst = forms.CharField(widget=TEXT, max_length=5000, label=_("Wat is er met de afspraak gedaan?"))


class TerugkoppelingForm(forms.Form):
    """The chair's follow-up task."""

    toelichting = forms.CharField(
        widget=TEXT, max_length=5000, label=_("Terugkoppeling: hoe zijn de afspraken uitgevoerd?")
    )


class TimeInput(forms.TimeInput):
    """A time picker (HH:MM), whatever the active language."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


YES_NO_UNKNOWN = [("", _("Niet vastgelegd")), ("1", _("Ja")), ("0", _("Nee"))]


def _yes_no(value):
    return {"1": True, "0": False}.get(value)


class PlanForm(forms.Form):
    """Plan a case table: kind, date and place, chair, follow-up, and the cases on its agenda."""

    swv = forms.ModelChoiceField(queryset=None, label=_("Samenwerkingsverband"))
    soort = forms.ChoiceField(choices=OverlegSoort.choices, label=_("Soort overleg"))
    datum = forms.DateField(widget=DATE, validators=[PlausibleDate(years=1)], label=_("Datum"))
    tijd = forms.TimeField(widget=TimeInput(), required=False, label=_("Tijd"))
    plaats = forms.CharField(max_length=200, required=False, label=_("Plaats"))
    voorzitter = forms.ModelChoiceField(queryset=None, label=_("Voorzitter"))
    vervolg_weken = forms.IntegerField(
        min_value=1,
        max_value=26,
        initial=4,
        label=_("Terugkoppeling na (weken)"),
        help_text=_("De voorzitter krijgt dan een taak om de afspraken na te gaan."),
    )
    casussen = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Casussen op de agenda"),
        help_text=_("Houd Ctrl (of Cmd) ingedrukt om meer casussen te kiezen."),
    )
    vraag = forms.CharField(widget=TEXT, required=False, max_length=5000, label=_("Vraag aan het overleg"))
    anoniem = forms.BooleanField(
        required=False,
        label=_("Geanonimiseerd bespreken (alleen bij een consultatie of actietafel, zonder toestemming)"),
    )

    def __init__(self, *args, swvs, voorzitters, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["swv"].queryset = swvs
        self.fields["voorzitter"].queryset = voorzitters
        self.fields["voorzitter"].label_from_instance = _person
        self.fields["casussen"].queryset = cases
        self.fields["casussen"].label_from_instance = lambda c: (
            f"{c.reference} — {c.leerling} ({c.school.name})"
        )
        if swvs.count() == 1:
            swv = swvs.first()
            self.fields["swv"].initial = swv.pk
            rules = profiles.current(swv).r  # only the kinds of case table this SWV holds
            self.fields["soort"].choices = [(k, v) for k, v in OverlegSoort.choices if rules.casustafel_on(k)]


class DeelnemerForm(forms.Form):
    user = forms.ModelChoiceField(queryset=None, required=False, label=_("Gebruiker (of vul een naam in)"))
    naam = forms.CharField(max_length=200, required=False, label=_("Naam"))
    rol = forms.ChoiceField(choices=DeelnemerRol.choices, label=_("Rol in het overleg"))
    organisatie = forms.CharField(max_length=200, required=False, label=_("Organisatie"))
    school = forms.ModelChoiceField(queryset=None, required=False, label=_("School"))
    gemeente = forms.ModelChoiceField(queryset=None, required=False, label=_("Gemeente"))

    def __init__(self, *args, users, schools, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = _person
        self.fields["school"].queryset = schools
        self.fields["gemeente"].queryset = gemeenten

    def clean(self):
        data = super().clean()
        if not data.get("user") and not (data.get("naam") or "").strip():
            raise forms.ValidationError(_("Kies een gebruiker of vul een naam in."), code="deelnemer-naam")
        return data


class AgendapuntForm(forms.Form):
    case = forms.ModelChoiceField(queryset=None, label=_("Casus"))
    vraag = forms.CharField(widget=TEXT, required=False, max_length=5000, label=_("Vraag aan het overleg"))
    anoniem = forms.BooleanField(required=False, label=_("Geanonimiseerd bespreken"))

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda c: f"{c.reference} — {c.leerling} ({c.school.name})"


class RecordForm(forms.Form):
    verslag = forms.CharField(widget=TEXT, required=False, max_length=10000, label=_("Algemeen verslag"))
    aanwezig = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label=_("Aanwezig")
    )

    def __init__(self, *args, deelnemers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aanwezig"].queryset = deelnemers
        self.fields["aanwezig"].label_from_instance = lambda d: f"{d.naam} ({d.get_rol_display()})"


class PuntVerslagForm(forms.Form):
    verslag = forms.CharField(widget=TEXT, max_length=10000, label=_("Verslag"))
    ouders_aanwezig = forms.TypedChoiceField(
        choices=YES_NO_UNKNOWN, coerce=_yes_no, empty_value=None, required=False, label=_("Ouders aanwezig")
    )


OWNER_ROLE_CHOICES = [
    ("", _("— een persoon (hierboven) —")),
    (Role.SCHOOL, Role.SCHOOL.label),
    (Role.CONSULENT, Role.CONSULENT.label),
    (Role.LEERPLICHTAMBTENAAR, Role.LEERPLICHTAMBTENAAR.label),
    (Role.DESKUNDIGE, Role.DESKUNDIGE.label),
    (Role.CVA_VOORZITTER, Role.CVA_VOORZITTER.label),
    (Role.BESLISSER, Role.BESLISSER.label),
    (Role.SCREENINGSTEAM, Role.SCREENINGSTEAM.label),
]


class AfspraakForm(forms.Form):
    omschrijving = forms.CharField(max_length=300, label=_("Afspraak"))
    eigenaar = forms.ModelChoiceField(queryset=None, required=False, label=_("Eigenaar (persoon)"))
    eigenaar_rol = forms.ChoiceField(
        choices=OWNER_ROLE_CHOICES, required=False, label=_("Of: rol (de werkvoorraad van die rol)")
    )
    eigenaar_school = forms.ModelChoiceField(
        queryset=None, required=False, label=_("School (bij de rol school; anders de school van de casus)")
    )
    uiterlijk = forms.DateField(widget=DATE, validators=[PlausibleDate(years=1)], label=_("Uiterlijk"))

    def __init__(self, *args, users, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eigenaar"].queryset = users
        self.fields["eigenaar"].label_from_instance = _person
        self.fields["eigenaar_school"].queryset = schools

    def clean(self):
        data = super().clean()
        if data.get("eigenaar") and data.get("eigenaar_rol"):
            raise forms.ValidationError(
                _("Kies een persoon óf een rol als eigenaar, niet allebei."), code="afspraak-eigenaar"
            )
        if not data.get("eigenaar") and not data.get("eigenaar_rol"):
            raise forms.ValidationError(
                _("Kies wie de afspraak uitvoert: een persoon of een rol."), code="afspraak-eigenaar"
            )
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=TEXT, required=False, max_length=300, label=_("Toelichting"))


class CancelForm(forms.Form):
    reason = forms.CharField(widget=TEXT, max_length=300, label=_("Reden van annuleren"))
