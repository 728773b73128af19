"""Drive a thuiszitter melding through the services (as the real users would)."""

from __future__ import annotations

import datetime as dt

from cases import clock
from cases.models import ConsentPurpose, ThuiszitterMelding, WorkItem
from cases.services import thuiszitter
from cases.services.consent import valid_consent
from tests.factories import give_consent


def fresh(m: ThuiszitterMelding) -> ThuiszitterMelding:
    return ThuiszitterMelding.objects.select_related("case").get(pk=m.pk)


def item(m, node) -> WorkItem:
    return WorkItem.objects.get(case=m.case, node=node, status="open")


def school_user(w, m):
    return w.school_b_user if m.case.school_id == w.school_b.pk else w.school_user


def gemeld(w, *, leerling=None, days_ago=10, by=None, **kwargs) -> ThuiszitterMelding:
    leerling = leerling or w.leerling_a
    return thuiszitter.melding_create(
        by=by or w.school_user,
        leerling=leerling,
        type=kwargs.pop("type", "relatief"),
        eerste_verzuimdag=kwargs.pop("eerste_verzuimdag", clock.today() - dt.timedelta(days=days_ago)),
        **kwargs,
    )


def geregistreerd(w, **kwargs) -> ThuiszitterMelding:
    m = gemeld(w, **kwargs)
    thuiszitter.registratie_record(
        melding=m,
        by=w.consulent,
        type=m.type,
        officieel=True,
        risico=False,
        stamschool=m.case.leerling.stamschool,
    )
    return fresh(m)


def met_plan(w, **kwargs) -> ThuiszitterMelding:
    m = geregistreerd(w, **kwargs)
    thuiszitter.plan_record(melding=m, by=school_user(w, m), eigenaar=m.stamschool, inhoud="Rooster opbouwen")
    return fresh(m)


def met_overleg(w, **kwargs) -> ThuiszitterMelding:
    m = met_plan(w, **kwargs)
    if valid_consent(m.case.leerling, ConsentPurpose.CASUSOVERLEG) is None:
        give_consent(m.case.leerling, ConsentPurpose.CASUSOVERLEG)
    thuiszitter.casusoverleg_record(
        melding=m,
        by=w.consulent,
        datum=clock.today(),
        voorzitter="J. Jansen",
        voorzitter_onafhankelijk=True,
        deelnemers="school\nouders\nleerplicht",
        afspraken=[{"omschrijving": "Intake zorg", "eigenaar": "GGD", "uiterlijk": clock.today()}],
    )
    return fresh(m)


def met_aanbod(w, **kwargs) -> ThuiszitterMelding:
    m = met_overleg(w, **kwargs)
    thuiszitter.aanbod_record(
        melding=m,
        by=w.consulent,
        soort="onderwijs_zorg",
        omschrijving="Deeltijd + zorg",
        startdatum=clock.today(),
    )
    return fresh(m)
