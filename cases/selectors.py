"""Read-side queries about pupils: search and the pupil overview across all routes.

Everything is scoped through cases.policies: a pupil is found only when the user may open them, and the
overview shows only the cases (and their timeline lines) the user may see.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from cases import clock, policies
from cases.models import CaseEvent, Leerling, Tlv
from cases.models.tlv_lifecycle import TlvStatusGeldig

# the route record of each route, reached from Case (route and phase on every case list)
ROUTE_RECORD = {
    "tlv": "tlv",
    "thuiszitter": "thuiszitter",
    "zorgplicht": "aanmelding",
    "screening": "screening",
    "schakel": "schakeltraject",
    "loket": "ondersteuningsaanvraag",
    "overstap": "overstap",
}


def phase_label(case) -> str:
    """The legal state of the case's route record, in the reader's language."""
    record = getattr(case, ROUTE_RECORD.get(case.route, ""), None)
    return record.get_status_display() if record is not None else ""


DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d", "%d-%m-%y")


@dataclass(frozen=True)
class PupilQuery:
    kind: str  # "bsn" (BSN or onderwijsnummer), "geboortedatum", "naam" or "" (nothing asked)
    value: object = None


def parse_pupil_query(text: str) -> PupilQuery:
    """What was typed: a 9-digit number (BSN or onderwijsnummer), a date of birth, or a name."""
    text = (text or "").strip()
    if not text:
        return PupilQuery("")
    compact = re.sub(r"[\s.]", "", text)
    if compact.isdigit() and len(compact) in (8, 9):
        return PupilQuery("bsn", compact.zfill(9))
    for fmt in DATE_FORMATS:
        try:
            return PupilQuery("geboortedatum", dt.datetime.strptime(text, fmt).date())
        except ValueError:
            continue
    return PupilQuery("naam", text)


def search_leerlingen(user, query: PupilQuery) -> QuerySet:
    """Pupils this user may open that match the query (the caller refuses BSN searches where needed)."""
    qs = policies.visible_leerlingen(user).select_related(
        "stamschool", "huidige_plaatsing", "woongemeente", "swv"
    )
    if query.kind == "bsn":
        return qs.filter(Q(bsn=query.value) | Q(onderwijsnummer=query.value))
    if query.kind == "geboortedatum":
        return qs.filter(geboortedatum=query.value)
    if query.kind == "naam":
        for term in str(query.value).split():
            qs = qs.filter(Q(voornaam__icontains=term) | Q(achternaam__icontains=term))
        return qs
    return qs.none()


def leerling_for(user, pk) -> Leerling | None:
    return (
        policies.visible_leerlingen(user)
        .filter(pk=pk)
        .select_related("stamschool", "huidige_plaatsing", "woongemeente", "swv")
        .first()
    )


def pupil_cases(user, leerling) -> QuerySet:
    """The pupil's cases this user may see, newest first, with their route records for the phase."""
    return (
        policies.visible_cases(user)
        .filter(leerling=leerling)
        .select_related("school", *ROUTE_RECORD.values())
        .order_by("-opened_at", "-pk")
    )


def pupil_timeline(user, leerling) -> QuerySet:
    """One timeline across all routes: the lines of every case of this pupil the user may see."""
    return (
        CaseEvent.objects.filter(case__in=pupil_cases(user, leerling).values("pk"))
        .select_related("case", "actor")
        .order_by("-at", "-pk")
    )


def active_tlv(user, leerling, *, today: dt.date | None = None) -> Tlv | None:
    """The pupil's active TLV (actief, einddatum not passed; it may start later), if its case is visible."""
    today = today or clock.today()
    return (
        Tlv.objects.filter(
            case__in=policies.visible_cases(user).filter(leerling=leerling).values("pk"),
            status=TlvStatusGeldig.ACTIEF,
            einddatum__gte=today,
        )
        .select_related("plaatsingsschool", "case")
        .order_by("-einddatum")
        .first()
    )
