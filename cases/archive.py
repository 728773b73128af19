"""Archiving as zaakgericht werken does it: a case's result (resultaattype) sets its archiefnominatie and
archiefactietermijn, counted from a brondatum (the closure, the end of the TLV's validity, the pupil's 18th
birthday). Pure functions of a case's data plus the per-route result lists; an SWV overrides nominatie, term
and brondatum rule per result (cases.models.ArchiefRegel).

A route declares its closed list of results with `register_results(route, result_of, *types)`: `result_of`
reads the result from the closed route record. A new route adds its own list the same way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Archiefnominatie(models.TextChoices):
    BEWAREN = "bewaren", _("Blijvend bewaren")
    VERNIETIGEN = "vernietigen", _("Vernietigen")


class BrondatumRegel(models.TextChoices):
    AFGEHANDELD = "afgehandeld", _("Datum van afsluiten")
    EINDE_GELDIGHEID = "einde_geldigheid", _("Einde geldigheid van de TLV")
    ACHTTIENDE_VERJAARDAG = "achttiende_verjaardag", _("18e verjaardag van de leerling")


@dataclass(frozen=True)
class Resultaattype:
    code: str
    label: object
    archiefnominatie: str = Archiefnominatie.VERNIETIGEN
    termijn_jaren: int = 2
    brondatum: str = BrondatumRegel.AFGEHANDELD
    bron: object = ""  # where the default comes from (the beheer page shows it for the archivaris to confirm)


@dataclass(frozen=True)
class RouteResults:
    types: dict[str, Resultaattype]
    result_of: Callable  # (case) -> the code of one of `types`


RESULTS: dict[str, RouteResults] = {}


def register_results(route: str, result_of: Callable, *types: Resultaattype) -> None:
    RESULTS[route] = RouteResults(types={t.code: t for t in types}, result_of=result_of)


def result_choices(route: str) -> list[tuple[str, object]]:
    entry = RESULTS.get(route)
    return [(t.code, t.label) for t in entry.types.values()] if entry else []


def result_label(route: str, code: str):
    entry = RESULTS.get(route)
    t = entry.types.get(code) if entry else None
    return t.label if t else code


def add_years(day: dt.date, years: int) -> dt.date:
    """`day` plus whole years; 29 February becomes 28 February in a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def brondatum(rule: str, case, closed_on: dt.date) -> dt.date:
    """The date the archive term counts from. A rule whose date is unknown (a TLV without an einddatum)
    counts from the closure, and never from before it."""
    if rule == BrondatumRegel.EINDE_GELDIGHEID:
        tlv = getattr(case, "tlv", None) if case.route == "tlv" else None
        einde = getattr(tlv, "einddatum", None)
        return max(einde, closed_on) if einde else closed_on
    if rule == BrondatumRegel.ACHTTIENDE_VERJAARDAG:
        return max(add_years(case.leerling.geboortedatum, 18), closed_on)
    return closed_on


def archiefactiedatum(brondatum_: dt.date, termijn_jaren: int) -> dt.date:
    return add_years(brondatum_, termijn_jaren)


# --- the routes' closed result lists -----------------------------------------------------------------------


def _tlv_result(case) -> str:
    return case.tlv.status  # toegekend, afgewezen, ingetrokken, buiten_behandeling


def _thuiszitter_result(case) -> str:
    m = case.thuiszitter
    if m.vrijstelling_op:
        return "vrijstelling"
    if m.verhuisleerling:
        return "verhuisd"
    return "teruggekeerd"


def _zorgplicht_result(case) -> str:
    return case.aanmelding.status


def _screening_result(case) -> str:
    return case.screening.plaatsing or "niet"


def _loket_result(case) -> str:
    a = case.ondersteuningsaanvraag
    return "afgewezen" if a.besluit == "afwijzen" else "toegewezen"


def _schakel_result(case) -> str:
    return case.schakeltraject.uitkomst or "terug"


# The defaults, result by result, with where each comes from (selectielijst-style: the record, the
# nominatie, the term, the brondatum and the reasoning). An SWV is a private legal person: the Archiefwet
# covers only its tasks of public authority (openbaar gezag), here the TLV-beschikking (WPO, WEC, WVO). A
# sector selectielijst of the PO-Raad and the VO-raad (concept, endorsed by the members in 2022) sets 7
# years for the TLV-beschikking, because the funding (bekostiging) data it drives are kept 7 years.
# Everything else falls under the AVG (art. 5 lid 1 onder e: not longer than needed for its purpose); where
# the law names a term for the underlying records we follow it, elsewhere the reasoning says why. These are
# defaults: the beheer page shows them as such, and the SWV's archivaris confirms or overrides them per
# result (ArchiefRegel). "Bewaren" (permanent) is nowhere the default: no single case here is of lasting
# historical value; an SWV that thinks otherwise sets it per result.
B, V = Archiefnominatie.BEWAREN, Archiefnominatie.VERNIETIGEN
TLV_BESCHIKKING = _(
    "TLV-beschikking (openbaar gezag, Archiefwet): 7 jaar, als de bekostigingsgegevens die zij bepaalt "
    "(sectorselectielijst PO-Raad/VO-raad, concept 2022)."
)
register_results(
    "tlv",
    _tlv_result,
    Resultaattype(
        "toegekend",
        _("TLV toegekend"),
        V,
        7,
        BrondatumRegel.EINDE_GELDIGHEID,
        bron=TLV_BESCHIKKING,  # counted from the end of validity: the bekostiging runs until then
    ),
    Resultaattype("afgewezen", _("TLV afgewezen"), V, 7, bron=TLV_BESCHIKKING),
    Resultaattype(
        "ingetrokken",
        _("Aanvraag ingetrokken"),
        V,
        1,
        bron=_(
            "Geen beschikking genomen: AVG art. 5 (niet langer dan nodig); 1 jaar om een nieuwe aanvraag "
            "aan de vorige te kunnen koppelen."
        ),
    ),
    Resultaattype(
        "buiten_behandeling",
        _("Buiten behandeling gesteld"),
        V,
        1,
        bron=_(
            "Besluit om niet te behandelen (Awb 4:5): bezwaar en beroep zijn binnen een jaar afgerond; "
            "daarna AVG art. 5."
        ),
    ),
)
THUISZITTER_BRON = _(
    "Geen wettelijke termijn (de leerplicht is een taak van de gemeente): AVG art. 5; tot 5 jaar na de "
    "18e verjaardag, het einde van de kwalificatieplicht (Leerplichtwet 1969 art. 4a), zodat een "
    "terugval nog te volgen is."
)
register_results(
    "thuiszitter",
    _thuiszitter_result,
    Resultaattype(
        "teruggekeerd",
        _("Teruggekeerd naar onderwijs"),
        V,
        5,
        BrondatumRegel.ACHTTIENDE_VERJAARDAG,
        bron=THUISZITTER_BRON,
    ),
    Resultaattype(
        "vrijstelling", _("Vrijstelling"), V, 5, BrondatumRegel.ACHTTIENDE_VERJAARDAG, bron=THUISZITTER_BRON
    ),
    Resultaattype(
        "verhuisd",
        _("Verhuisd"),
        V,
        2,
        bron=_("De leerling valt onder een ander SWV, dat het dossier voortzet: AVG art. 5; 2 jaar."),
    ),
)
ZORGPLICHT_BRON = _(
    "Zorgplicht van het schoolbestuur (Wet passend onderwijs): AVG art. 5; 2 jaar, de "
    "termijn waarin een klacht of een geschil bij de Geschillencommissie passend onderwijs speelt."
)
register_results(
    "zorgplicht",
    _zorgplicht_result,
    Resultaattype("toegelaten", _("Toegelaten"), V, 2, bron=ZORGPLICHT_BRON),
    Resultaattype("elders_geplaatst", _("Andere passende plek"), V, 2, bron=ZORGPLICHT_BRON),
    Resultaattype(
        "geen_plek",
        _("Geen plek"),
        V,
        5,
        bron=_("Geen plek gevonden: een mogelijke thuiszitter; AVG art. 5; 5 jaar, als de thuiszitter."),
    ),
)
SCREENING_BRON = _(
    "Advies en plaatsingsbesluit van de school (geen openbaar gezag van het SWV): AVG art. 5; 5 jaar, "
    "lang genoeg voor een herscreening."
)
register_results(
    "screening",
    _screening_result,
    Resultaattype("volledig", _("Geplaatst: volledig onderwijs"), V, 5, bron=SCREENING_BRON),
    Resultaattype(
        "gedeeltelijk",
        _("Geplaatst: gedeeltelijk"),
        V,
        5,
        BrondatumRegel.ACHTTIENDE_VERJAARDAG,
        bron=_("Een (gedeeltelijke) vrijstelling loopt door: AVG art. 5; tot 5 jaar na de 18e verjaardag."),
    ),
    Resultaattype(
        "niet",
        _("Niet geplaatst"),
        V,
        5,
        BrondatumRegel.ACHTTIENDE_VERJAARDAG,
        bron=_("Het kind blijft buiten het onderwijs: AVG art. 5; tot 5 jaar na de 18e verjaardag."),
    ),
)
SCHAKEL_BRON = _(
    "Volgt de TLV die het traject beëindigt of heroriënteert: AVG art. 5; 5 jaar na afsluiten (de nazorg "
    "duurt 12 maanden)."
)
register_results(
    "schakel",
    _schakel_result,
    Resultaattype("definitief", _("Definitief geplaatst"), V, 5, bron=SCHAKEL_BRON),
    Resultaattype("terug", _("Terug naar de huidige school"), V, 5, bron=SCHAKEL_BRON),
)


def _overstap_result(case) -> str:
    from cases.models import Overstap

    o = Overstap.objects.filter(models.Q(case=case) | models.Q(ontvangst_case=case)).first()
    return "gestopt" if o is None or o.afsluiting == "toestemming_ingetrokken" else "geplaatst"


OVERSTAP_BRON = _(
    "Overdracht van leerlinggegevens tussen twee SWV's met toestemming van de ouders: AVG art. 5; 5 jaar, "
    "als de andere ondersteuningsdossiers."
)
register_results(
    "overstap",
    _overstap_result,
    Resultaattype("geplaatst", _("Geplaatst in het VO"), V, 5, bron=OVERSTAP_BRON),
    Resultaattype("gestopt", _("Overstap gestopt"), V, 5, bron=OVERSTAP_BRON),
)
register_results(
    "loket",
    _loket_result,
    Resultaattype(
        "toegewezen",
        _("Ondersteuning toegewezen en geëvalueerd"),
        V,
        7,
        bron=_(
            "Een toewijzing uit het budget van het SWV: financiële administratie, 7 jaar (BW 2:10 lid 3)."
        ),
    ),
    Resultaattype(
        "afgewezen",
        _("Ondersteuningsaanvraag afgewezen"),
        V,
        5,
        bron=_("Geen toewijzing: AVG art. 5; 5 jaar, als de andere ondersteuningsdossiers."),
    ),
)


def defaults_table(own_rules=()) -> list[dict]:
    """Every route's results with their default rule and its source, for the beheer page; `own_rules` (an
    SWV's ArchiefRegel rows) marks the results that SWV set itself."""
    from cases.models.case import Route

    own = {(r.route, r.resultaat): r for r in own_rules}

    def bevestigd(route, code):
        r = own.get((route, code))
        if r is None or r.bevestigd_op is None:
            return ""
        who = r.bevestigd_door.get_full_name() or r.bevestigd_door.username if r.bevestigd_door else ""
        return str(
            _("bevestigd door %(wie)s op %(datum)s")
            % {"wie": who, "datum": timezone.localtime(r.bevestigd_op).strftime("%d-%m-%Y")}
        )

    def eigen(route, t):
        r = own.get((route, t.code))
        if r is None or (r.archiefnominatie, r.termijn_jaren, r.brondatum) == (
            t.archiefnominatie,
            t.termijn_jaren,
            t.brondatum,
        ):
            return ""  # no rule, or the default taken over as it is
        return str(
            _("%(nominatie)s, %(n)s jaar, %(brondatum)s")
            % {
                "nominatie": Archiefnominatie(r.archiefnominatie).label,
                "n": r.termijn_jaren,
                "brondatum": BrondatumRegel(r.brondatum).label,
            }
        )

    return [
        {
            "route": route,
            "route_label": Route(route).label if route in Route.values else route,
            "eigen": eigen(route, t),
            "bevestigd": bevestigd(route, t.code),
            "code": t.code,
            "label": t.label,
            "archiefnominatie": Archiefnominatie(t.archiefnominatie).label,
            "termijn_jaren": t.termijn_jaren,
            "brondatum": BrondatumRegel(t.brondatum).label,
            "bron": t.bron,
        }
        for route, entry in RESULTS.items()
        for t in entry.types.values()
    ]
