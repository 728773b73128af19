"""Forms of the schakel route. Business rules live in cases/services/schakel.py; these only parse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import NazorgCheckpoint, School
from cases.models.schakel import SchakelSoort, SignaalBron
from cases.validators import PlausibleDate
from workflows.widgets import DateInput

DATE = DateInput()
TEXT = forms.Textarea(attrs={"rows": 3})

BESLUIT_CHOICES = [
    ("definitief", _("Definitief: de leerling blijft op de ontvangende school (de TLV eindigt)")),
    ("terug", _("Terug naar de huidige school")),
    ("verlengen", _("Proefplaatsing eenmalig verlengen")),
]


class SignaalForm(forms.Form):
    leerling = forms.ModelChoiceField(queryset=None, label=_("Leerling"))
    soort = forms.ChoiceField(choices=SchakelSoort.choices, label=_("Soort overstap"))
    bron = forms.ChoiceField(choices=SignaalBron.choices, label=_("Signaal uit"))
    huidige_school = forms.ModelChoiceField(queryset=None, label=_("Huidige school"))
    ontvangende_school = forms.ModelChoiceField(queryset=None, required=False, label=_("Ontvangende school"))
    toelichting = forms.CharField(widget=TEXT, required=False, label=_("Toelichting"))

    def __init__(self, *args, leerlingen, scholen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leerling"].queryset = leerlingen
        self.fields["huidige_school"].queryset = scholen
        self.fields["ontvangende_school"].queryset = scholen


class OverlegForm(forms.Form):
    needs_item = True
    datum = forms.DateField(validators=[PlausibleDate(years=1)], widget=DATE, label=_("Datum schakeloverleg"))
    deelnemers = forms.CharField(
        widget=TEXT, label=_("Deelnemers (huidige school, ontvangende school, SWV, ouders; één per regel)")
    )
    ontvangende_school = forms.ModelChoiceField(queryset=None, required=False, label=_("Ontvangende school"))
    afspraken = forms.CharField(widget=TEXT, required=False, label=_("Afspraken"))

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        t = item.case.schakeltraject
        self.fields["ontvangende_school"].queryset = School.objects.filter(swv=item.case.swv_id).exclude(
            pk=t.huidige_school_id
        )
        self.initial.setdefault("ontvangende_school", t.ontvangende_school_id)


class PlanForm(forms.Form):
    plan = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label=_("Schakelplan"))
    extra_begeleiding = forms.CharField(widget=TEXT, label=_("Extra begeleiding voor de ontvangende school"))
    proef_start = forms.DateField(
        validators=[PlausibleDate(years=1)], widget=DATE, label=_("Proefplaatsing start op")
    )


class BesluitForm(forms.Form):
    besluit = forms.ChoiceField(choices=BESLUIT_CHOICES, widget=forms.RadioSelect, label=_("Besluit"))
    motivering = forms.CharField(widget=TEXT, label=_("Motivering"))


class NazorgForm(forms.Form):
    oordeel = forms.ChoiceField(
        choices=NazorgCheckpoint.Oordeel.choices, widget=forms.RadioSelect, label=_("Hoe gaat het?")
    )
    toelichting = forms.CharField(widget=TEXT, label=_("Toelichting"))


class SchooljaarForm(forms.Form):
    schooljaar = forms.IntegerField(
        min_value=2000, max_value=2100, label=_("Schooljaar (beginjaar, bijv. 2026 voor 2026-2027)")
    )


class KwartaalForm(forms.Form):
    jaar = forms.IntegerField(min_value=2000, max_value=2100, label=_("Jaar"))
    kwartaal = forms.TypedChoiceField(
        choices=[(1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")], coerce=int, label=_("Kwartaal")
    )
