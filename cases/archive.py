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


B, V = Archiefnominatie.BEWAREN, Archiefnominatie.VERNIETIGEN
register_results(
    "tlv",
    _tlv_result,
    Resultaattype("toegekend", _("TLV toegekend"), V, 5, BrondatumRegel.EINDE_GELDIGHEID),
    Resultaattype("afgewezen", _("TLV afgewezen"), V, 5),
    Resultaattype("ingetrokken", _("Aanvraag ingetrokken"), V, 1),
    Resultaattype("buiten_behandeling", _("Buiten behandeling gesteld"), V, 1),
)
register_results(
    "thuiszitter",
    _thuiszitter_result,
    Resultaattype(
        "teruggekeerd", _("Teruggekeerd naar onderwijs"), V, 5, BrondatumRegel.ACHTTIENDE_VERJAARDAG
    ),
    Resultaattype("vrijstelling", _("Vrijstelling"), V, 5, BrondatumRegel.ACHTTIENDE_VERJAARDAG),
    Resultaattype("verhuisd", _("Verhuisd"), V, 2),
)
register_results(
    "zorgplicht",
    _zorgplicht_result,
    Resultaattype("toegelaten", _("Toegelaten"), V, 2),
    Resultaattype("elders_geplaatst", _("Andere passende plek"), V, 2),
    Resultaattype("geen_plek", _("Geen plek"), V, 5),
)
register_results(
    "screening",
    _screening_result,
    Resultaattype("volledig", _("Geplaatst: volledig onderwijs"), V, 5),
    Resultaattype("gedeeltelijk", _("Geplaatst: gedeeltelijk"), V, 5, BrondatumRegel.ACHTTIENDE_VERJAARDAG),
    Resultaattype("niet", _("Niet geplaatst"), V, 5, BrondatumRegel.ACHTTIENDE_VERJAARDAG),
)
register_results(
    "schakel",
    _schakel_result,
    Resultaattype("definitief", _("Definitief geplaatst"), V, 5),
    Resultaattype("terug", _("Terug naar de huidige school"), V, 5),
)
register_results(
    "loket",
    _loket_result,
    Resultaattype("toegewezen", _("Ondersteuning toegewezen en geëvalueerd"), V, 5),
    Resultaattype("afgewezen", _("Ondersteuningsaanvraag afgewezen"), V, 5),
)
