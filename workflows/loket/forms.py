"""Forms of the loket route. Business rules live in cases/services/loket.py; these only parse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models.loket import (
    AdviesvraagSoort,
    ArrangementSoort,
    Besluit,
    DoelenBereikt,
    Toetsdomein,
    Vervolg,
)
from cases.validators import PlausibleDate
from workflows.widgets import DateInput

DATE = DateInput()
TEXT = forms.Textarea(attrs={"rows": 3})


class AanvraagForm(forms.Form):
    leerling = forms.ModelChoiceField(queryset=None, label=_("Leerling"))
    school = forms.ModelChoiceField(queryset=None, label=_("Aanvragende school"))
    aanvraag_type = forms.ModelChoiceField(queryset=None, label=_("Soort aanvraag"))
    vraag = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, label=_("Hulpvraag"))
    ingezet = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        label=_("Wat heeft de school al ingezet? (de ondersteuningscascade)"),
    )

    def __init__(self, *args, leerlingen, scholen, typen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leerling"].queryset = leerlingen
        self.fields["school"].queryset = scholen
        self.fields["aanvraag_type"].queryset = typen


class IndienenForm(forms.Form):
    toelichting = forms.CharField(
        widget=TEXT, required=False, max_length=5000, label=_("Toelichting (optioneel)")
    )


class TriageForm(forms.Form):
    volledig = forms.TypedChoiceField(
        choices=[("1", _("Volledig: naar de consulent")), ("0", _("Onvolledig: terug naar de school"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        label=_("Is de aanvraag volledig?"),
    )
    aanvraag_type = forms.ModelChoiceField(queryset=None, required=False, label=_("Soort aanvraag"))
    urgent = forms.BooleanField(required=False, label=_("Urgent"))
    toelichting = forms.CharField(
        widget=TEXT, required=False, max_length=5000, label=_("Toelichting (bij onvolledig: wat ontbreekt)")
    )

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        from cases.models import AanvraagType

        qs = AanvraagType.objects.filter(actief=True)
        self.fields["aanvraag_type"].queryset = qs.filter(swv_id=item.swv_id) if item is not None else qs


class BesluitForm(forms.Form):
    beoordeling = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), max_length=10000, label=_("Beoordeling")
    )
    besluit = forms.ChoiceField(choices=Besluit.choices, widget=forms.RadioSelect, label=_("Besluit"))
    arrangement_soort = forms.ChoiceField(
        choices=[("", "—"), *ArrangementSoort.choices],
        required=False,
        label=_("Soort arrangement (bij toewijzen)"),
    )
    uren = forms.IntegerField(
        min_value=1, max_value=2000, required=False, label=_("Uren (bij toewijzen in uren)")
    )
    bedrag = forms.DecimalField(
        min_value=1,
        max_value=1_000_000,
        decimal_places=2,
        required=False,
        label=_("Bedrag in euro (bij toewijzen in budget)"),
    )
    aanbieder = forms.CharField(max_length=200, required=False, label=_("Aanbieder"))
    startdatum = forms.DateField(
        validators=[PlausibleDate(years=2)], widget=DATE, required=False, label=_("Startdatum")
    )
    einddatum = forms.DateField(
        validators=[PlausibleDate(years=4)], widget=DATE, required=False, label=_("Einddatum")
    )
    tussenevaluatie_op = forms.DateField(
        validators=[PlausibleDate(years=4)],
        widget=DATE,
        required=False,
        label=_("Tussentijdse evaluatie op (leeg = halverwege)"),
    )
    doelen = forms.CharField(widget=TEXT, required=False, max_length=5000, label=_("Doelen (bij toewijzen)"))
    motivering = forms.CharField(
        widget=TEXT,
        required=False,
        max_length=10000,
        label=_("Motivering (bij afwijzen; komt in de brief aan de ouders)"),
    )


class HeropenenForm(forms.Form):
    """Reopening a closed arrangement: the reason and the new end date (the evaluations follow it)."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Reden"))
    einddatum = forms.DateField(
        validators=[PlausibleDate(years=4)], widget=DATE, label=_("Nieuwe einddatum van het arrangement")
    )
    tussenevaluatie_op = forms.DateField(
        validators=[PlausibleDate(years=4)],
        widget=DATE,
        required=False,
        label=_("Tussentijdse evaluatie op (leeg = geen)"),
    )


class TweedeAkkoordForm(forms.Form):
    akkoord = forms.TypedChoiceField(
        choices=[
            ("1", _("Akkoord met de toewijzing boven budget")),
            ("0", _("Geen akkoord: terug naar de consulent")),
        ],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        label=_("Tweede akkoord"),
    )
    toelichting = forms.CharField(widget=TEXT, required=False, max_length=5000, label=_("Toelichting"))


class EvaluatieForm(forms.Form):
    doelen_bereikt = forms.ChoiceField(
        choices=DoelenBereikt.choices, widget=forms.RadioSelect, label=_("Doelen bereikt?")
    )
    vervolg = forms.ChoiceField(choices=Vervolg.choices, widget=forms.RadioSelect, label=_("Vervolg"))
    uren_gebruikt = forms.IntegerField(
        min_value=0, max_value=2000, required=False, label=_("Uren gebruikt tot nu toe")
    )
    bedrag_gebruikt = forms.DecimalField(
        min_value=0,
        max_value=1_000_000,
        decimal_places=2,
        required=False,
        label=_("Bedrag gebruikt tot nu toe (euro)"),
    )
    toelichting = forms.CharField(widget=TEXT, max_length=5000, label=_("Toelichting"))


class AdviesvraagForm(forms.Form):
    """A school's advice or consultation question; without a pupil it is anonymous."""

    school = forms.ModelChoiceField(queryset=None, label=_("Vragende school"))
    soort = forms.ChoiceField(
        choices=AdviesvraagSoort.choices, widget=forms.RadioSelect, label=_("Soort vraag")
    )
    leerling = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Leerling (leeg laten voor een anonieme vraag)"),
        help_text=_("Noem een leerling alleen als de ouders toestemming gaven om gegevens te delen."),
    )
    vraag = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        label=_("Uw vraag"),
        help_text=_("Noem in een anonieme vraag geen naam, geboortedatum of BSN van de leerling."),
    )

    def __init__(self, *args, scholen, leerlingen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = scholen
        self.fields["leerling"].queryset = leerlingen


class AntwoordForm(forms.Form):
    antwoord = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), max_length=10000, label=_("Antwoord")
    )


class OmzettenForm(forms.Form):
    """Turn a question into a full support request (the ouders have consented)."""

    leerling = forms.ModelChoiceField(queryset=None, label=_("Leerling"))
    aanvraag_type = forms.ModelChoiceField(queryset=None, label=_("Soort aanvraag"))
    ingezet = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        label=_("Wat heeft de school al ingezet? (de ondersteuningscascade)"),
    )

    def __init__(self, *args, leerlingen, typen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leerling"].queryset = leerlingen
        self.fields["aanvraag_type"].queryset = typen


class ToetsgegevensForm(forms.Form):
    """LWOO / PrO: per domain the instrument and the DLE (empty = not tested), and the IQ where asked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in Toetsdomein.choices:
            self.fields[f"instrument_{code}"] = forms.CharField(
                required=False, max_length=80, label=_("%(domein)s: toetsinstrument") % {"domein": label}
            )
            self.fields[f"dle_{code}"] = forms.IntegerField(
                required=False, min_value=0, max_value=120, label=_("%(domein)s: DLE") % {"domein": label}
            )
        self.fields["iq"] = forms.IntegerField(
            required=False, min_value=30, max_value=160, label=_("IQ (alleen als de criteria erom vragen)")
        )

    def service_data(self) -> dict:
        d = self.cleaned_data
        uitslagen = [
            {"domein": code, "instrument": d[f"instrument_{code}"], "dle": d[f"dle_{code}"]}
            for code, _label in Toetsdomein.choices
            if d[f"instrument_{code}"] or d[f"dle_{code}"] is not None
        ]
        return {"uitslagen": uitslagen, "iq": d["iq"]}
