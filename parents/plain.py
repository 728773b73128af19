"""What a parent reads: the legal state of each route in plain words (cases.selectors.ROUTE_RECORD)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.selectors import ROUTE_RECORD

PLAIN = {
    "tlv": {
        "concept": _("De school bereidt de aanvraag voor; die is nog niet ingediend."),
        "ingediend": _("De school heeft de aanvraag ingediend bij het samenwerkingsverband."),
        "onvolledig": _("Het samenwerkingsverband mist nog stukken; de school vult de aanvraag aan."),
        "in_behandeling": _("Het samenwerkingsverband behandelt de aanvraag."),
        "deskundigenadvies": _("Twee deskundigen bekijken de aanvraag en geven advies."),
        "cva_advies": _("De commissie geeft advies; daarna volgt het besluit."),
        "meer_informatie": _("Het samenwerkingsverband heeft meer informatie nodig van de school."),
        "toegekend": _("De toelaatbaarheidsverklaring is toegekend."),
        "afgewezen": _("De aanvraag is afgewezen. In de brief staat hoe u bezwaar kunt maken."),
        "ingetrokken": _("De aanvraag is ingetrokken."),
        "buiten_behandeling": _("De aanvraag is niet in behandeling genomen."),
    },
    "thuiszitter": {
        "gemeld": _("De school heeft gemeld dat uw kind thuis zit."),
        "geregistreerd": _("Het samenwerkingsverband heeft de melding geregistreerd."),
        "plan_van_aanpak": _("Er wordt een plan gemaakt om uw kind weer naar school te laten gaan."),
        "casusoverleg": _("Uw kind wordt besproken in een overleg met school, samenwerkingsverband en u."),
        "passend_aanbod": _("Er is een passend aanbod voor uw kind."),
        "monitoring": _("Uw kind gaat weer naar school; het samenwerkingsverband volgt hoe het gaat."),
        "afgesloten": _("Dit traject is afgesloten."),
    },
    "zorgplicht": {
        "aangemeld": _("Uw kind is aangemeld; de school zoekt uit welke plek past."),
        "toegelaten": _("Uw kind is toegelaten."),
        "elders_geplaatst": _("Er is een andere passende school gevonden en aanvaard."),
        "geen_plek": _("Er is (nog) geen plek gevonden."),
    },
    "screening": {
        "aangemeld": _("Uw kind is aangemeld voor een screening; die loopt."),
        "geadviseerd": _("Het screeningsteam heeft advies gegeven."),
        "geinformeerd": _("U en het schoolbestuur zijn over het advies geïnformeerd."),
        "afgesloten": _("De screening is afgesloten met een besluit over de plaatsing."),
    },
    "schakel": {
        "signaal": _("Er wordt een overleg gepland over een overstap naar een andere school."),
        "overleg": _("Het overleg is geweest; er is een plan voor de overstap."),
        "proefplaatsing": _("Uw kind gaat op proef naar de nieuwe school."),
        "nazorg": _("De overstap is definitief; de school volgt hoe het gaat."),
        "afgesloten": _("Dit traject is afgesloten."),
    },
}


def plain_status(case) -> str:
    """The state of the case's route record in plain words (the legal label when there is no plain one)."""
    record = getattr(case, ROUTE_RECORD.get(case.route, ""), None)
    if record is None:
        return ""
    text = PLAIN.get(case.route, {}).get(record.status)
    return str(text) if text else record.get_status_display()
