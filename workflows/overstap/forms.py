"""Forms of the overstap route. Business rules live in cases/services/overstap.py; these only parse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Deskundige, Document, Ouder, School, Swv
from cases.validators import PlausibleDate
from workflows.widgets import DateInput

DATE = DateInput()
TEXT = forms.Textarea(attrs={"rows": 3})
GROEPEN = [(7, _("Groep 7")), (8, _("Groep 8"))]


def _overstap(item):
    from cases.services.overstap import overstap_of_case

    return overstap_of_case(item.case)


class OverstapForm(forms.Form):
    leerling = forms.ModelChoiceField(queryset=None, label=_("Leerling"))
    school = forms.ModelChoiceField(queryset=None, label=_("PO-school"))
    groep = forms.TypedChoiceField(choices=GROEPEN, coerce=int, label=_("Groep"))
    aanleiding = forms.CharField(widget=TEXT, required=False, label=_("Aanleiding (ondersteuningsbehoefte)"))

    def __init__(self, *args, leerlingen, scholen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leerling"].queryset = leerlingen
        self.fields["school"].queryset = scholen


class ToestemmingForm(forms.Form):
    ouder = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Ouder met gezag die nu toestemming gaf (leeg: de toestemming staat al in het register)"),
    )
    gegeven_op = forms.DateField(
        validators=[PlausibleDate(years=1)], widget=DATE, required=False, label=_("Toestemming gegeven op")
    )
    overleg = forms.CharField(max_length=300, required=False, label=_("In welk gesprek"))

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ouder"].queryset = Ouder.objects.filter(leerling_id=item.case.leerling_id, gezag=True)


class DossierForm(forms.Form):
    vo_school = forms.ModelChoiceField(
        queryset=School.objects.filter(swv__sector=Swv.Sector.VO).select_related("swv"),
        label=_("VO-school (uit het landelijke scholenregister)"),
    )
    ondersteuningsbehoeften = forms.CharField(widget=TEXT, label=_("Ondersteuningsbehoeften"))
    wat_werkte = forms.CharField(widget=TEXT, required=False, label=_("Wat werkte"))
    stem_leerling = forms.CharField(widget=TEXT, required=False, label=_("Stem van de leerling"))
    advies_vo = forms.CharField(widget=TEXT, label=_("Advies voor de VO-school"))
    documenten = forms.ModelMultipleChoiceField(
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Documenten die worden overgedragen (o.a. het OPP)"),
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        from cases.services.overstap import selectable_documents

        self.fields["documenten"].queryset = selectable_documents(_overstap(item))


class VerzendenForm(forms.Form):
    deskundige = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Onafhankelijke deskundige (bij VSO of praktijkonderwijs, als het SWV dat vraagt)"),
    )
    deskundige_advies = forms.CharField(widget=TEXT, required=False, label=_("Advies van de deskundige"))

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deskundige"].queryset = Deskundige.objects.filter(swv_id=item.case.swv_id)


class OntvangstForm(forms.Form):
    opmerking = forms.CharField(widget=TEXT, required=False, label=_("Opmerking"))


class WarmeOverdrachtForm(forms.Form):
    datum = forms.DateField(
        validators=[PlausibleDate(years=1)], widget=DATE, label=_("Datum warme overdracht")
    )
    deelnemers = forms.CharField(
        widget=TEXT,
        label=_("Deelnemers (beide samenwerkingsverbanden, beide scholen, ouders; één per regel)"),
    )
    afspraken = forms.CharField(widget=TEXT, required=False, label=_("Afspraken"))


class PlaatsingForm(forms.Form):
    geplaatst_op = forms.DateField(validators=[PlausibleDate(years=2)], widget=DATE, label=_("Geplaatst per"))


class ControleForm(forms.Form):
    toelichting = forms.CharField(widget=TEXT, required=False, label=_("Toelichting"))


class VervolgForm(forms.Form):
    vervolg_case = forms.ModelChoiceField(
        queryset=Case.objects.none(), label=_("TLV-aanvraag of ondersteuningsaanvraag")
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        from cases.models import Overstap
        from cases.services.overstap import overstap_of_case, vervolg_choices

        try:
            overstap = overstap_of_case(case)
        except Overstap.DoesNotExist:  # not a handover's case: nothing to link (the service refuses)
            return
        self.fields["vervolg_case"].queryset = vervolg_choices(overstap)


class SchooljaarForm(forms.Form):
    schooljaar = forms.IntegerField(
        min_value=2000, max_value=2100, label=_("Eerste VO-schooljaar (beginjaar, bijv. 2027 voor 2027-2028)")
    )
