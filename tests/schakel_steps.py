"""Drive a schakeltraject through the services (as the real users would)."""

from __future__ import annotations

import datetime as dt

from cases import clock
from cases.models import Schakeltraject, Tlv, WorkItem
from cases.services import schakel
from tests import tlv_steps


def fresh(t) -> Schakeltraject:
    return Schakeltraject.objects.select_related("case").get(pk=t.pk)


def item(t, node) -> WorkItem:
    return WorkItem.objects.get(case=t.case, node=node, status="open")


def active_tlv(w) -> Tlv:
    """An SO TLV for leerling_a at the special school, in force 4 Jan 2027 – 31 Jul 2028."""
    a = tlv_steps.bekendgemaakt(w)
    return Tlv.objects.get(aanvraag=a)


def signaal(w, *, soort="so_po", leerling=None, **kwargs) -> Schakeltraject:
    return schakel.signaal_create(
        by=kwargs.pop("by", w.consulent),
        leerling=leerling or w.leerling_a,
        soort=soort,
        bron=kwargs.pop("bron", "opp_evaluatie"),
        huidige_school=kwargs.pop("huidige_school", w.special),
        **kwargs,
    )


def met_overleg(w, **kwargs) -> Schakeltraject:
    t = signaal(w, **kwargs)
    schakel.overleg_record(
        traject=t,
        by=w.consulent,
        datum=clock.today(),
        deelnemers="SO-school\nontvangende school\nSWV\nouders",
        ontvangende_school=w.school_b,
        afspraken="Wennen in groep 6",
    )
    return fresh(t)


def in_proef(w, proef_start: dt.date | None = None, **kwargs) -> Schakeltraject:
    t = met_overleg(w, **kwargs)
    schakel.plan_record(
        traject=t,
        by=w.consulent,
        plan="Twee dagen per week, na 4 weken volledig",
        extra_begeleiding="Ambulant begeleider 2 uur per week",
        proef_start=proef_start or clock.today(),
    )
    return fresh(t)


def definitief(w, **kwargs) -> Schakeltraject:
    t = in_proef(w, **kwargs)
    schakel.besluit_record(traject=t, by=w.consulent, besluit="definitief", motivering="Gaat goed")
    return fresh(t)
