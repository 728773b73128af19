"""Drive a zorg-naar-onderwijs screening through the services (as the real users would)."""

from __future__ import annotations

from cases import clock
from cases.models import ConsentPurpose, WorkItem, ZorgOnderwijsScreening
from cases.roles import Role
from cases.services import screening
from cases.services.consent import valid_consent
from tests.factories import give_consent, make_user


def actors(w):
    """The SO school's IB'er and the screeningsteam coördinator of world `w` (created once)."""
    if not hasattr(w, "so_user"):
        w.so_user = make_user(role=Role.SCHOOL, swv=w.swv, school=w.special)
        w.screeningsteam = make_user(role=Role.SCREENINGSTEAM, swv=w.swv)
    return w


def fresh(s) -> ZorgOnderwijsScreening:
    return ZorgOnderwijsScreening.objects.select_related("case").get(pk=s.pk)


def item(s, node) -> WorkItem:
    return WorkItem.objects.get(case=s.case, node=node, status="open")


def aangemeld(w, *, leerling=None, toestemming=True, **kwargs) -> ZorgOnderwijsScreening:
    """Registered for screening; with `toestemming` the consent for the screening is in the register first."""
    actors(w)
    leerling = leerling or w.leerling_a
    if toestemming and valid_consent(leerling, ConsentPurpose.SCREENING) is None:
        give_consent(leerling, ConsentPurpose.SCREENING)
    return screening.aanmelding_create(
        by=w.so_user,
        leerling=leerling,
        school=w.special,
        herkomst=kwargs.pop("herkomst", "dagbehandeling"),
        **kwargs,
    )


def geadviseerd(w, advies="volledig", **kwargs) -> ZorgOnderwijsScreening:
    s = aangemeld(w, **kwargs)
    extra = {"uren_onderwijs": 12, "uren_zorg": 10} if advies == "gedeeltelijk" else {}
    screening.advies_record(
        screening=s,
        by=w.screeningsteam,
        deelnemers="orthopedagoog\nSO-school\njeugdarts",
        bevindingen="Leerbaar in een groep met structuur.",
        advies=advies,
        **extra,
    )
    return fresh(s)


def geinformeerd(w, advies="volledig", **kwargs) -> ZorgOnderwijsScreening:
    s = geadviseerd(w, advies, **kwargs)
    screening.informeren_record(
        screening=s, by=w.screeningsteam, ouders_op=clock.today(), bestuur_op=clock.today()
    )
    return fresh(s)


def geplaatst(w, advies="volledig", plaatsing=None, **kwargs) -> ZorgOnderwijsScreening:
    s = geinformeerd(w, advies, **kwargs)
    plaatsing = (
        plaatsing or {"volledig": "volledig", "gedeeltelijk": "gedeeltelijk", "nog_niet": "niet"}[advies]
    )
    screening.plaatsing_record(
        screening=s, by=w.so_user, plaatsing=plaatsing, afwijking_motivering=kwargs.get("motivering", "")
    )
    return fresh(s)
