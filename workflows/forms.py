"""Task forms. Labels are Dutch (translatable); validation of business rules lives in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import DocumentKind, Leerling, School
from cases.models.tlv import CvaUitkomst, TlvCategorie, TlvSoort

DATE = forms.DateInput(attrs={"type": "date"})
CLUSTERS = [("", "—"), (3, _("cluster 3")), (4, _("cluster 4"))]


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


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(choices=DocumentKind.choices, label=_("Soort document"))
    file = forms.FileField(label=_("Bestand (PDF, DOCX, JPG of PNG)"))


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
        widget=DATE, required=False, label=_("Hersteltermijn tot en met (leeg: standaard 2 weken)")
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
    ingangsdatum = forms.DateField(widget=DATE, required=False, label=_("Ingangsdatum"))
    einddatum = forms.DateField(widget=DATE, required=False, label=_("Einddatum"))
    school = forms.ModelChoiceField(
        queryset=School.objects.none(), required=False, label=_("School van plaatsing")
    )
    motivering = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label=_("Motivering"))

    def __init__(self, *args, scholen=None, **kwargs):
        super().__init__(*args, **kwargs)
        if scholen is not None:
            self.fields["school"].queryset = scholen


class EscalatieForm(forms.Form):
    action_taken = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Genomen actie"))


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Reden"))


class ReassignForm(forms.Form):
    to = forms.ModelChoiceField(queryset=None, label=_("Toewijzen aan"))
    reason = forms.CharField(label=_("Reden"))

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = candidates
        self.fields["to"].label_from_instance = lambda u: u.get_full_name() or u.username
