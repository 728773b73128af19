"""Forms of the ouder and consent pages; the API uses the same forms as its input schema."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cases import policies
from cases.models import Case, Consent, ConsentPurpose, Document, LeerlingGehoord, Ouder
from workflows.widgets import DateInput

DATE = DateInput()

YES_NO = [("1", _("Ja")), ("0", _("Nee"))]


def yes_no(label, help_text=""):
    return forms.TypedChoiceField(
        choices=YES_NO,
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        label=label,
        help_text=help_text,
    )


class OuderForm(forms.Form):
    naam = forms.CharField(max_length=200, label=_("Naam"))
    relatie = forms.ChoiceField(
        choices=Ouder.Relatie.choices, initial=Ouder.Relatie.OUDER, label=_("Relatie")
    )
    gezag = yes_no(
        _("Heeft gezag"), _("Alleen een ouder met gezag geeft toestemming en krijgt de besluiten.")
    )
    adres = forms.CharField(max_length=300, required=False, label=_("Adres"))
    email = forms.EmailField(required=False, label=_("E-mail"))
    telefoon = forms.CharField(max_length=30, required=False, label=_("Telefoon"))
    voorkeurstaal = forms.ChoiceField(
        choices=Ouder.Taal.choices, initial=Ouder.Taal.NL, label=_("Voorkeurstaal")
    )
    ontvangt_brieven = yes_no(_("Ontvangt brieven"))

    @classmethod
    def initial_for(cls, ouder: Ouder | None) -> dict:
        if ouder is None:
            return {"gezag": "1", "ontvangt_brieven": "1"}
        data = {name: getattr(ouder, name) for name in cls.base_fields}
        data["gezag"] = "1" if ouder.gezag else "0"
        data["ontvangt_brieven"] = "1" if ouder.ontvangt_brieven else "0"
        return data


class ConsentForm(forms.Form):
    """Record a consent. `ouder`, `case` and `document` are limited to the pupil (and what the user sees)."""

    purpose = forms.ChoiceField(choices=ConsentPurpose.choices, label=_("Doel"))
    gever = forms.ChoiceField(
        choices=Consent.Gever.choices,
        initial=Consent.Gever.OUDER,
        widget=forms.RadioSelect,
        label=_("Gegeven door"),
    )
    ouder = forms.ModelChoiceField(
        queryset=Ouder.objects.none(), required=False, label=_("Ouder/verzorger (met gezag)")
    )
    gegeven_op = forms.DateField(widget=DATE, label=_("Gegeven op"))
    wijze = forms.ChoiceField(
        choices=[
            (Consent.Wijze.DOCUMENT, Consent.Wijze.DOCUMENT.label),
            (Consent.Wijze.OVERLEG, Consent.Wijze.OVERLEG.label),
        ],
        widget=forms.RadioSelect,
        label=_("Hoe"),
    )
    overleg = forms.CharField(
        max_length=300,
        required=False,
        label=_("Overleg"),
        help_text=_("Bij een overleg: welk overleg en wanneer."),
    )
    case = forms.ModelChoiceField(
        queryset=Case.objects.none(),
        required=False,
        label=_("Casus"),
        help_text=_("De casus waar het ondertekende document bij hoort (of waarvoor de toestemming geldt)."),
    )
    document = forms.ModelChoiceField(
        queryset=Document.objects.none(), required=False, label=_("Ondertekend document (al in het dossier)")
    )
    file = forms.FileField(required=False, label=_("Of: ondertekend document toevoegen"))
    reikwijdte = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("Reikwijdte"),
        help_text=_("Welke gegevens, met wie, waarvoor."),
    )
    geldig_tot = forms.DateField(widget=DATE, required=False, label=_("Geldig tot en met"))

    def __init__(self, *args, leerling, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ouder"].queryset = leerling.ouders.filter(gezag=True).order_by("pk")
        cases = policies.visible_cases(user).filter(leerling=leerling)
        self.fields["case"].queryset = cases.order_by("-opened_at", "-pk")
        self.fields["document"].queryset = Document.objects.filter(case__in=cases.values("pk")).order_by(
            "-pk"
        )


class WithdrawForm(forms.Form):
    reden = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
        label=_("Reden (optioneel)"),
    )


class LeerlingGehoordForm(forms.Form):
    """The pupil's own view on a case (hoorrecht)."""

    gehoord_op = forms.DateField(widget=DATE, label=_("Gehoord op"))
    gehoord_door = forms.CharField(max_length=200, label=_("Gehoord door (naam en functie)"))
    wijze = forms.ChoiceField(choices=LeerlingGehoord.Wijze.choices, label=_("Hoe"))
    mening = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        label=_("Mening van de leerling"),
        help_text=_("Zo veel mogelijk in de eigen woorden van de leerling."),
    )
    reden_niet_gehoord = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
        label=_("Waarom niet gehoord"),
        help_text=_("Alleen als de leerling niet is gehoord."),
    )
