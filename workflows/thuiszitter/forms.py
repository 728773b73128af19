"""Forms of the thuiszitter and zorgplicht routes. Business rules live in the services; these only parse."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import School
from cases.models.thuiszitter import AanbodSoort, LeerplichtActieSoort, ThuiszitterType
from cases.models.zorgplicht import AanmeldingStatus
from cases.validators import PlausibleDate
from workflows.widgets import DateInput

DATE = DateInput()
TEXT = forms.Textarea(attrs={"rows": 3})


def _scholen(item):
    return School.objects.filter(swv=item.case.swv_id)


class MeldingForm(forms.Form):
    leerling = forms.ModelChoiceField(queryset=None, label=_("Leerling"))
    type = forms.ChoiceField(choices=ThuiszitterType.choices, label=_("Soort verzuim"))
    eerste_verzuimdag = forms.DateField(
        validators=[PlausibleDate(years=1)], widget=DATE, label=_("Eerste verzuimdag")
    )
    gemeld_op = forms.DateField(
        validators=[PlausibleDate(years=1)], widget=DATE, label=_("Datum melding"), required=False
    )
    officieel = forms.BooleanField(required=False, initial=True, label=_("Officieel (bij leerplicht bekend)"))
    risico = forms.BooleanField(required=False, label=_("Risicomelding"))
    school = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Verantwoordelijke school (alleen als de leerling geen stamschool heeft)"),
    )
    toelichting = forms.CharField(widget=TEXT, required=False, label=_("Toelichting"))

    def __init__(self, *args, leerlingen, scholen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leerling"].queryset = leerlingen
        self.fields["school"].queryset = scholen


class RegistratieForm(forms.Form):
    needs_item = True
    type = forms.ChoiceField(choices=ThuiszitterType.choices, label=_("Soort verzuim"))
    officieel = forms.BooleanField(required=False, label=_("Officieel (bij leerplicht bekend)"))
    risico = forms.BooleanField(required=False, label=_("Risico"))
    stamschool = forms.ModelChoiceField(queryset=None, required=False, label=_("Stamschool"))
    nieuwkomer = forms.BooleanField(required=False, label=_("Nieuwkomer"))
    verhuisleerling = forms.BooleanField(required=False, label=_("Verhuisleerling"))

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stamschool"].queryset = _scholen(item)
        m = item.case.thuiszitter
        self.initial.update(type=m.type, officieel=m.officieel, risico=m.risico, stamschool=m.stamschool_id)


class PlanForm(forms.Form):
    needs_item = True
    eigenaar = forms.ModelChoiceField(queryset=None, required=False, label=_("Eigenaar (stamschool)"))
    inhoud = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, label=_("Plan van aanpak")
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eigenaar"].queryset = _scholen(item)
        m = item.case.thuiszitter
        self.initial.setdefault("eigenaar", m.stamschool_id or item.case.school_id)


def parse_afspraken(text: str) -> list[dict]:
    """One afspraak per line: 'omschrijving | eigenaar | datum (jjjj-mm-dd of dd-mm-jjjj)'."""
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3:
            raise forms.ValidationError(
                _("Regel %(n)d: gebruik 'afspraak | eigenaar | datum'.") % {"n": n}, code="afspraak-formaat"
            )
        day = None
        for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
            try:
                day = dt.datetime.strptime(parts[2], fmt).date()
                break
            except ValueError:
                continue
        if day is None:
            raise forms.ValidationError(_("Regel %(n)d: onbekende datum.") % {"n": n}, code="afspraak-datum")
        out.append({"omschrijving": parts[0], "eigenaar": parts[1], "uiterlijk": day})
    return out


class CasusoverlegForm(forms.Form):
    datum = forms.DateField(validators=[PlausibleDate(years=1)], widget=DATE, label=_("Datum overleg"))
    voorzitter = forms.CharField(max_length=200, label=_("Voorzitter"))
    voorzitter_organisatie = forms.CharField(
        max_length=200, required=False, label=_("Organisatie voorzitter")
    )
    voorzitter_onafhankelijk = forms.BooleanField(
        required=False, label=_("De voorzitter is onafhankelijk (niet van de school of het gezin)")
    )
    deelnemers = forms.CharField(widget=TEXT, label=_("Deelnemers (één per regel)"))
    verslag = forms.CharField(widget=TEXT, required=False, label=_("Verslag"))
    afspraken = forms.CharField(
        widget=TEXT,
        required=False,
        label=_("Afspraken (één per regel: afspraak | eigenaar | datum)"),
    )

    def clean_afspraken(self):
        return parse_afspraken(self.cleaned_data.get("afspraken", ""))


class AanbodForm(forms.Form):
    needs_item = True
    soort = forms.ChoiceField(choices=AanbodSoort.choices, label=_("Onderwijs en/of zorg"))
    omschrijving = forms.CharField(max_length=300, label=_("Wat voor aanbod"))
    school = forms.ModelChoiceField(queryset=None, required=False, label=_("School (bij onderwijs)"))
    startdatum = forms.DateField(validators=[PlausibleDate(years=1)], widget=DATE, label=_("Startdatum"))

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = _scholen(item)


class TerugkeerForm(forms.Form):
    terugkeer_op = forms.DateField(
        validators=[PlausibleDate(years=1)], widget=DATE, label=_("Terug op school / in het aanbod op")
    )
    toelichting = forms.CharField(widget=TEXT, required=False, label=_("Toelichting"))


class ToelichtingForm(forms.Form):
    toelichting = forms.CharField(widget=TEXT, label=_("Toelichting"))


class ZorgplichtBesluitForm(forms.Form):
    needs_item = True
    uitkomst = forms.ChoiceField(
        choices=[c for c in AanmeldingStatus.choices if c[0] != AanmeldingStatus.AANGEMELD],
        widget=forms.RadioSelect,
        label=_("Uitkomst"),
    )
    school = forms.ModelChoiceField(queryset=None, required=False, label=_("Andere passende plek (school)"))
    omschrijving = forms.CharField(widget=TEXT, required=False, label=_("Omschrijving of motivering"))

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = _scholen(item)


class LeerplichtActieForm(forms.Form):
    soort = forms.ChoiceField(choices=LeerplichtActieSoort.choices, label=_("Actie"))
    datum = forms.DateField(validators=[PlausibleDate(years=1)], widget=DATE, label=_("Datum"))
    toelichting = forms.CharField(widget=TEXT, label=_("Toelichting"))

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices is not None:
            self.fields["soort"].choices = choices


class HeropenenForm(forms.Form):
    eerste_verzuimdag = forms.DateField(
        validators=[PlausibleDate(years=1)], widget=DATE, label=_("Nieuwe eerste verzuimdag")
    )
    reason = forms.CharField(widget=TEXT, label=_("Reden"))


class UitschrijvingForm(forms.Form):
    datum = forms.DateField(validators=[PlausibleDate(years=1)], widget=DATE, label=_("Datum uitschrijving"))
    vervolgplek_school = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Vervolgplek (school)")
    )
    vervolgplek_omschrijving = forms.CharField(
        max_length=300, required=False, label=_("Vervolgplek buiten het SWV (omschrijving)")
    )

    def __init__(self, *args, scholen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vervolgplek_school"].queryset = scholen


class AanmeldingForm(forms.Form):
    leerling = forms.ModelChoiceField(queryset=None, label=_("Leerling"))
    school = forms.ModelChoiceField(queryset=None, label=_("Aangemeld bij school"))
    aangemeld_op = forms.DateField(
        validators=[PlausibleDate(years=1)], widget=DATE, label=_("Schriftelijk aangemeld op")
    )
    toelichting = forms.CharField(widget=TEXT, required=False, label=_("Toelichting"))

    def __init__(self, *args, leerlingen, scholen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leerling"].queryset = leerlingen
        self.fields["school"].queryset = scholen


class VerlengenForm(forms.Form):
    kennisgeving = forms.CharField(
        widget=TEXT, label=_("Schriftelijke kennisgeving aan de ouders (datum en inhoud)")
    )


class PeildatumForm(forms.Form):
    peildatum = forms.DateField(validators=[PlausibleDate(years=5)], widget=DATE, label=_("Peildatum"))
