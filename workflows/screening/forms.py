"""Forms of the screening route. Business rules live in cases/services/screening.py; these only parse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models.screening import Advies, Herkomst, Plaatsing, Vrijstelling
from cases.validators import PlausibleDate
from workflows.widgets import DateInput

DATE = DateInput()
TEXT = forms.Textarea(attrs={"rows": 3})


class AanmeldingForm(forms.Form):
    leerling = forms.ModelChoiceField(queryset=None, label=_("Kind (leerling)"))
    school = forms.ModelChoiceField(queryset=None, label=_("Aanmeldende school"))
    herkomst = forms.ChoiceField(choices=Herkomst.choices, label=_("Komt uit"))
    herkomst_toelichting = forms.CharField(
        max_length=300, required=False, label=_("Zorgaanbieder / toelichting")
    )
    vrijstelling = forms.ChoiceField(choices=Vrijstelling.choices, label=_("Vrijstelling (leerplicht)"))
    toelichting = forms.CharField(widget=TEXT, required=False, label=_("Toelichting"))

    def __init__(self, *args, leerlingen, scholen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leerling"].queryset = leerlingen
        self.fields["school"].queryset = scholen


class AdviesForm(forms.Form):
    deelnemers = forms.CharField(widget=TEXT, label=_("Deelnemers screeningsteam (één per regel)"))
    bevindingen = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label=_("Bevindingen"))
    advies = forms.ChoiceField(choices=Advies.choices, widget=forms.RadioSelect, label=_("Advies"))
    uren_onderwijs = forms.IntegerField(
        min_value=1, max_value=40, required=False, label=_("Uren onderwijs per week (bij gedeeltelijk)")
    )
    uren_zorg = forms.IntegerField(
        min_value=1, max_value=40, required=False, label=_("Uren zorg per week (bij gedeeltelijk)")
    )
    herscreening_op = forms.DateField(
        validators=[PlausibleDate(years=5)],
        widget=DATE,
        required=False,
        label=_("Herscreening op (bij nog niet; leeg = standaardinterval)"),
    )


class InformerenForm(forms.Form):
    ouders_op = forms.DateField(
        validators=[PlausibleDate(years=1)], widget=DATE, label=_("Ouders geïnformeerd op")
    )
    bestuur_op = forms.DateField(
        validators=[PlausibleDate(years=1)], widget=DATE, label=_("Schoolbestuur geïnformeerd op")
    )
    toelichting = forms.CharField(widget=TEXT, required=False, label=_("Toelichting"))


class PlaatsingForm(forms.Form):
    plaatsing = forms.ChoiceField(
        choices=Plaatsing.choices, widget=forms.RadioSelect, label=_("Plaatsingsbesluit")
    )
    afwijking_motivering = forms.CharField(
        widget=TEXT,
        required=False,
        label=_("Waarom wijkt het besluit af van het advies? (alleen bij afwijking)"),
    )


class HerscreeningForm(forms.Form):
    opnieuw_aanmelden = forms.BooleanField(required=False, label=_("Opnieuw aanmelden voor screening"))
    toelichting = forms.CharField(widget=TEXT, label=_("Toelichting"))
