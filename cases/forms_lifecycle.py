"""Forms of the TLV's case actions after the besluit (bekendmaking, bezwaar, verlenging, einde).

Used by the case pages (cases/views_lifecycle.py) and, as input schemas, by workflows/actions.py (the API).
"""

from django import forms
from django.utils.translation import gettext_lazy

from cases.models import Deskundige, Ouder, School
from cases.models.tlv_lifecycle import Beroep, Indiener
from cases.validators import PlausibleDate
from cases.widgets import DateInput

DATE = DateInput()


class BezwaarForm(forms.Form):
    ontvangen_op = forms.DateField(
        validators=[PlausibleDate(years=1)], widget=DATE, label=gettext_lazy("Ontvangen op")
    )
    verzonden_op = forms.DateField(
        validators=[PlausibleDate(years=1)],
        widget=DATE,
        required=False,
        label=gettext_lazy("Verzonden op (poststempel, bij bezwaar per post)"),
    )
    indiener = forms.ChoiceField(choices=Indiener.choices, label=gettext_lazy("Ingediend door"))
    ouder = forms.ModelChoiceField(
        queryset=Ouder.objects.none(),
        required=False,
        label=gettext_lazy("Welke ouder/verzorger (bij één ouder)"),
    )
    ingediend_door = forms.CharField(
        required=False,
        max_length=200,
        label=gettext_lazy("Naam zoals op het bezwaarschrift (leeg: de naam van de indiener)"),
    )
    gronden = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label=gettext_lazy("Gronden"))
    file = forms.FileField(required=False, label=gettext_lazy("Bezwaarschrift (PDF, DOCX, JPG of PNG)"))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["ouder"].queryset = Ouder.objects.filter(leerling=case.leerling_id)


class ProCriteriaForm(forms.Form):
    iq = forms.IntegerField(min_value=0, max_value=200, label=gettext_lazy("Totaal-IQ"))
    didactische_leeftijd = forms.IntegerField(
        min_value=1, label=gettext_lazy("Didactische leeftijd (DL, maanden)")
    )
    dle_rekenen = forms.IntegerField(min_value=0, label=gettext_lazy("DLE rekenen/wiskunde"))
    dle_begrijpend_lezen = forms.IntegerField(min_value=0, label=gettext_lazy("DLE begrijpend lezen"))
    dle_technisch_lezen = forms.IntegerField(min_value=0, label=gettext_lazy("DLE technisch lezen"))
    dle_spelling = forms.IntegerField(min_value=0, label=gettext_lazy("DLE spelling"))


class ComplexForm(forms.Form):
    reden = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), label=gettext_lazy("Waarom complex (of SO categorie hoog)")
    )
    deskundige = forms.ModelChoiceField(
        queryset=Deskundige.objects.none(), label=gettext_lazy("Externe deskundige")
    )
    ontvangende_school = forms.ModelChoiceField(
        queryset=School.objects.none(), label=gettext_lazy("Ontvangende school")
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["deskundige"].queryset = Deskundige.objects.filter(
                swv=case.swv_id, user__isnull=False
            ).exclude(school=case.school_id)
            self.fields["ontvangende_school"].queryset = School.objects.filter(swv=case.swv_id).exclude(
                soort="regulier"
            )


class CorrectieForm(forms.Form):
    einddatum = forms.DateField(
        validators=[PlausibleDate(years=20)],
        widget=DATE,
        required=False,
        label=gettext_lazy("Juiste einddatum"),
    )
    besluit_motivering = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=gettext_lazy("Juiste motivering")
    )
    reason = forms.CharField(label=gettext_lazy("Reden van de correctie"))


class EindeForm(forms.Form):
    per = forms.DateField(validators=[PlausibleDate(years=20)], widget=DATE, label=gettext_lazy("Per datum"))
    reden = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=gettext_lazy("Reden"))


class IntrekkingForm(forms.Form):
    motivering = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=gettext_lazy("Motivering"))


class VerdagingForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), label=gettext_lazy("Reden (wordt aan de indiener gemeld)")
    )


class BeroepForm(forms.Form):
    ingesteld_op = forms.DateField(
        validators=[PlausibleDate(years=1)], widget=DATE, label=gettext_lazy("Beroep ingesteld op")
    )
    rechtbank = forms.CharField(label=gettext_lazy("Rechtbank"))


class UitspraakForm(forms.Form):
    uitspraak_op = forms.DateField(
        validators=[PlausibleDate(years=1)], widget=DATE, label=gettext_lazy("Datum uitspraak")
    )
    uitkomst = forms.ChoiceField(
        choices=[c for c in Beroep.Uitkomst.choices if c[0]], label=gettext_lazy("Uitkomst")
    )
    toelichting = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=gettext_lazy("Toelichting")
    )


class IntrekkenBezwaarForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=gettext_lazy("Hoe en wanneer"))
