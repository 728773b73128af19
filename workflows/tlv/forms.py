"""The TLV's forms: the aanvraag, its tasks up to the besluit, the case actions after the besluit
(bekendmaking, bezwaar, verlenging, einde) and the inbox tasks of the bezwaar and the verlenging.

Used by the TLV's pages (workflows/tlv/views.py), and as input schemas by workflows/tlv/tasks.py (tasks),
workflows/tlv/actions.py (case actions) and workflows/creation.py (a new aanvraag), for pages and API alike.
Labels are Dutch (translatable); validation of business rules lives in the services.
"""

from django import forms
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from cases.models import Deskundige, Leerling, Ouder, School
from cases.models.tlv import CvaUitkomst, TlvCategorie, TlvSoort
from cases.models.tlv_lifecycle import AdviesUitkomst, Beroep, Commissie, Indiener
from cases.validators import PlausibleDate
from workflows.widgets import DateInput

DATE = DateInput()
CLUSTERS = [("", "—"), (3, _("cluster 3")), (4, _("cluster 4"))]


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


class PlaatsingForm(forms.Form):
    op = forms.DateField(
        validators=[PlausibleDate(years=20)], widget=DATE, label=gettext_lazy("Ingeschreven op")
    )


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


# --- the aanvraag and its tasks up to the besluit


class AanvraagForm(forms.Form):
    leerling = forms.ModelChoiceField(queryset=Leerling.objects.none(), label=_("Leerling"))
    gevraagde_soort = forms.ChoiceField(choices=TlvSoort.choices, label=_("Gevraagde soort"))
    gevraagde_cluster = forms.TypedChoiceField(
        choices=CLUSTERS, coerce=int, empty_value=None, required=False, label=_("Cluster (alleen SO)")
    )
    gevraagde_categorie = forms.ChoiceField(
        choices=[("", "—"), *TlvCategorie.choices], required=False, label=_("Gevraagde categorie (SO/VSO)")
    )
    onderbouwing = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label=_("Onderbouwing van de aanvraag")
    )

    def __init__(self, *args, leerlingen=None, **kwargs):
        super().__init__(*args, **kwargs)
        if leerlingen is not None:
            self.fields["leerling"].queryset = leerlingen


class AanvraagEditForm(AanvraagForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["leerling"]


class VolledigheidForm(forms.Form):
    volledig = forms.TypedChoiceField(
        choices=[
            ("1", _("Dossier is volledig: in behandeling nemen")),
            ("0", _("Dossier is onvolledig: terug naar de school")),
        ],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        label=_("Uitkomst"),
    )
    ontbrekende_stukken = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Ontbrekende stukken")
    )
    hersteltermijn_tot = forms.DateField(
        validators=[PlausibleDate(years=1)],
        widget=DATE,
        required=False,
        label=_("Hersteltermijn tot en met (leeg: standaard 2 weken)"),
    )


class ToelichtingForm(forms.Form):
    toelichting = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Toelichting"))


class DeskundigenAdviesForm(forms.Form):
    advies = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), label=_("Advies"))
    aanbeveling = forms.ChoiceField(
        choices=CvaUitkomst.choices[:2], widget=forms.RadioSelect, label=_("Aanbeveling")
    )


class BtoReviewForm(forms.Form):
    oordeel = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), label=_("Uw onafhankelijke oordeel"))
    aanbeveling = forms.ChoiceField(
        choices=CvaUitkomst.choices, widget=forms.RadioSelect, label=_("Aanbeveling")
    )


class CvaAdviesForm(forms.Form):
    uitkomst = forms.ChoiceField(choices=CvaUitkomst.choices, widget=forms.RadioSelect, label=_("Advies"))
    soort = forms.ChoiceField(choices=[("", "—"), *TlvSoort.choices], required=False, label=_("Soort"))
    cluster = forms.TypedChoiceField(
        choices=CLUSTERS, coerce=int, empty_value=None, required=False, label=_("Cluster (SO)")
    )
    categorie = forms.ChoiceField(
        choices=[("", "—"), *TlvCategorie.choices], required=False, label=_("Categorie")
    )
    motivering = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label=_("Motivering")
    )
    vraag = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("Gevraagde informatie (bij 'meer informatie nodig')"),
    )
    antwoord_tot = forms.DateField(
        widget=DATE,
        required=False,
        label=_("Antwoord uiterlijk op (leeg: de antwoordtermijn van het samenwerkingsverband)"),
    )


def _school_with_swv(school) -> str:
    """A school of the national register, with its SWV: placements may lie outside the region."""
    cluster = f" cluster {school.cluster}" if school.cluster else ""
    return f"{school} — {school.get_soort_display()}{cluster} — {school.swv.code}"


class BesluitForm(forms.Form):
    besluit = forms.ChoiceField(
        choices=[("toekennen", _("Toekennen")), ("afwijzen", _("Afwijzen"))],
        widget=forms.RadioSelect,
        label=_("Besluit"),
    )
    soort = forms.ChoiceField(choices=[("", "—"), *TlvSoort.choices], required=False, label=_("Soort"))
    cluster = forms.TypedChoiceField(
        choices=CLUSTERS, coerce=int, empty_value=None, required=False, label=_("Cluster (SO)")
    )
    categorie = forms.ChoiceField(
        choices=[("", "—"), *TlvCategorie.choices], required=False, label=_("Categorie")
    )
    categorie_motivering = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("Motivering categorie (VSO midden/hoog)"),
    )
    ingangsdatum = forms.DateField(
        validators=[PlausibleDate(years=2)], widget=DATE, required=False, label=_("Ingangsdatum")
    )
    einddatum = forms.DateField(
        validators=[PlausibleDate(years=20)], widget=DATE, required=False, label=_("Einddatum")
    )
    school = forms.ModelChoiceField(
        queryset=School.objects.none(), required=False, label=_("School van plaatsing")
    )
    beoogde_school = forms.ModelChoiceField(
        queryset=School.objects.none(),
        required=False,
        label=_("Beoogde reguliere school"),
        help_text=_("Verplicht voor een leerling van 4 tot en met 8 jaar op de ingangsdatum."),
    )
    motivering = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label=_("Motivering"))

    def __init__(self, *args, scholen=None, reguliere_scholen=None, **kwargs):
        super().__init__(*args, **kwargs)
        if scholen is not None:
            self.fields["school"].queryset = scholen
            self.fields["school"].label_from_instance = _school_with_swv
        if reguliere_scholen is not None:  # the regular schools of the case's SWV
            self.fields["beoogde_school"].queryset = reguliere_scholen


# --- inbox tasks after the besluit (bezwaar, verlenging signals): work items without a viewflow task


class BekendmakenForm(forms.Form):
    gecontroleerd = forms.BooleanField(
        label=_("Ik heb de besluitbrief en de ontvangers (ouders en school) gecontroleerd"),
        help_text=_("Na het bekendmaken gaan de brieven uit en loopt de bezwaartermijn."),
    )


class OntvankelijkheidForm(forms.Form):
    ontvankelijk = forms.TypedChoiceField(
        choices=[
            ("1", _("Ontvankelijk: advies vragen aan de commissie")),
            ("0", _("Niet-ontvankelijk: voorleggen aan de beslisser")),
        ],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        label=_("Ontvankelijkheid"),
    )
    verschoonbaar = forms.BooleanField(
        required=False, label=_("Te laat, maar de termijnoverschrijding is verschoonbaar (Awb 6:11)")
    )
    commissie = forms.ChoiceField(
        choices=[("", _("standaard van het samenwerkingsverband")), *Commissie.choices],
        required=False,
        label=_("Bezwaaradviescommissie"),
    )
    motivering = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Motivering")
    )


class HoorzittingForm(forms.Form):
    op = forms.DateField(validators=[PlausibleDate(years=1)], widget=DATE, label=_("Datum hoorzitting"))
    verslag = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), label=_("Verslag"))


class AdviesForm(forms.Form):
    uitkomst = forms.ChoiceField(
        choices=AdviesUitkomst.choices, widget=forms.RadioSelect, label=_("Advies van de commissie")
    )
    tekst = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label=_("Advies"))
    op = forms.DateField(validators=[PlausibleDate(years=1)], widget=DATE, label=_("Datum advies"))


class BeslissingForm(forms.Form):
    uitkomst = forms.ChoiceField(
        choices=AdviesUitkomst.choices, widget=forms.RadioSelect, label=_("Beslissing op bezwaar")
    )
    motivering = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label=_("Motivering"))
    afwijking = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("Motivering afwijking van het advies (alleen bij afwijken)"),
    )
    soort = forms.ChoiceField(
        choices=[("", "—"), *TlvSoort.choices], required=False, label=_("Herzien besluit: soort (gegrond)")
    )
    cluster = forms.TypedChoiceField(
        choices=CLUSTERS, coerce=int, empty_value=None, required=False, label=_("Cluster (SO)")
    )
    categorie = forms.ChoiceField(
        choices=[("", "—"), *TlvCategorie.choices], required=False, label=_("Categorie")
    )
    ingangsdatum = forms.DateField(
        validators=[PlausibleDate(years=2)], widget=DATE, required=False, label=_("Ingangsdatum")
    )
    einddatum = forms.DateField(
        validators=[PlausibleDate(years=20)], widget=DATE, required=False, label=_("Einddatum")
    )
    school = forms.ModelChoiceField(
        queryset=School.objects.none(), required=False, label=_("School van plaatsing")
    )

    def __init__(self, *args, scholen=None, reguliere_scholen=None, **kwargs):
        super().__init__(*args, **kwargs)
        if scholen is not None:
            self.fields["school"].queryset = scholen
            self.fields["school"].label_from_instance = _school_with_swv


class ReviewForm(forms.Form):
    keuze = forms.ChoiceField(
        choices=[
            ("verlenging", _("Verlenging aanvragen (nieuwe aanvraag, gekoppeld aan deze TLV)")),
            ("vervolg", _("Geen verlenging: vervolg vastleggen (bijv. terugplaatsing)")),
        ],
        widget=forms.RadioSelect,
        label=_("Vervolg na de einddatum"),
    )
    toelichting = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Toelichting / vervolg")
    )


class ZienswijzeForm(forms.Form):
    zienswijze = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), label=_("Zienswijze"))
