"""Forms and completion of the inbox tasks after the TLV besluit (bezwaar, verlenging signals).

These WorkItems have no viewflow task; the generic work-item page (workflows/views.py) shows the form
from FORMS and completes the task through the services here.
"""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from cases.models import School
from cases.models.tlv import TlvCategorie, TlvSoort
from cases.models.tlv_lifecycle import AdviesUitkomst, Commissie
from cases.services import bezwaar as bezwaar_services
from cases.services import tlv_lifecycle, tlv_variants

DATE = forms.DateInput(attrs={"type": "date"})
CLUSTERS = [("", "—"), (3, _("cluster 3")), (4, _("cluster 4"))]


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
    op = forms.DateField(widget=DATE, label=_("Datum hoorzitting"))
    verslag = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), label=_("Verslag"))


class AdviesForm(forms.Form):
    uitkomst = forms.ChoiceField(
        choices=AdviesUitkomst.choices, widget=forms.RadioSelect, label=_("Advies van de commissie")
    )
    tekst = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label=_("Advies"))
    op = forms.DateField(widget=DATE, label=_("Datum advies"))


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
    ingangsdatum = forms.DateField(widget=DATE, required=False, label=_("Ingangsdatum"))
    einddatum = forms.DateField(widget=DATE, required=False, label=_("Einddatum"))
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


FORMS = {
    "externe_zienswijze": ZienswijzeForm,
    "bezwaar_ontvankelijkheid": OntvankelijkheidForm,
    "bezwaar_hoorzitting": HoorzittingForm,
    "bezwaar_advies": AdviesForm,
    "bezwaar_beslissing": BeslissingForm,
    "tlv_verlenging_review": ReviewForm,
    "tlv_vso_vo_review": ReviewForm,
}


def make_form(item, data=None):
    cls = FORMS[item.node]
    if cls is BeslissingForm:
        scholen = School.objects.filter(swv=item.case.swv_id).exclude(soort="regulier")
        return cls(data, scholen=scholen)
    return cls(data)


def complete(item, user, data):
    node = item.node
    if node.startswith("bezwaar_"):
        b = bezwaar_services.open_bezwaar(item.case)
        if b is None:
            raise Http404
        if node == "bezwaar_ontvankelijkheid":
            return bezwaar_services.ontvankelijkheid_record(bezwaar=b, by=user, **data)
        if node == "bezwaar_hoorzitting":
            return bezwaar_services.hoorzitting_record(bezwaar=b, by=user, **data)
        if node == "bezwaar_advies":
            return bezwaar_services.advies_record(bezwaar=b, by=user, **data)
        if node == "bezwaar_beslissing":
            return bezwaar_services.beslissing_record(bezwaar=b, by=user, **data)
    if node == "externe_zienswijze":
        return tlv_variants.zienswijze_record(aanvraag=item.case.tlv, by=user, **data)
    if node in ("tlv_verlenging_review", "tlv_vso_vo_review"):
        return tlv_lifecycle.review_complete(item=item, by=user, **data)
    raise Http404
