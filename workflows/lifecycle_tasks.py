"""Forms and completion of the inbox tasks after the TLV besluit (bezwaar, verlenging signals).

These WorkItems have no viewflow task; workflows/registry.py maps their nodes to these forms and to the
services, for the work-item page and the API alike.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import School
from cases.models.tlv import TlvCategorie, TlvSoort
from cases.models.tlv_lifecycle import AdviesUitkomst, Commissie
from cases.validators import PlausibleDate
from cases.widgets import DateInput

DATE = DateInput()
CLUSTERS = [("", "—"), (3, _("cluster 3")), (4, _("cluster 4"))]


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

    def __init__(self, *args, scholen=None, **kwargs):
        super().__init__(*args, **kwargs)
        if scholen is not None:
            self.fields["school"].queryset = scholen


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
