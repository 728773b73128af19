"""Drive a PO→VO handover through the services (as the real users would), between two SWVs."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.core.files.base import ContentFile

from cases import clock
from cases.models import ConsentPurpose, Document, Overstap, WorkItem
from cases.roles import Role
from cases.services import overstap
from tests.factories import give_consent, make_user, make_world


def two_swvs() -> SimpleNamespace:
    """A PO SWV and a VO SWV sharing the pupil's woongemeente; the VO side has a leerplichtambtenaar
    for it. `po.leerling_a` (groep 8 at `po.school_a`) moves to `vo.school_a`."""
    po = make_world(sector="po")
    vo = make_world(sector="vo", mode="bto")
    po.gemeente_a.swvs.add(vo.swv)
    vo.leerplicht_po_gemeente = make_user(role=Role.LEERPLICHTAMBTENAAR, swv=vo.swv, gemeente=po.gemeente_a)
    return SimpleNamespace(po=po, vo=vo)


def _school_user(t, o):
    return t.po.school_b_user if o.case.school_id == t.po.school_b.pk else t.po.school_user


def fresh(o) -> Overstap:
    return Overstap.objects.select_related("case", "ontvangst_case", "vo_leerling").get(pk=o.pk)


def item(case, node) -> WorkItem:
    return WorkItem.objects.get(case=case, node=node, status="open")


def document(w, case, name="opp.pdf", kind="opp") -> Document:
    """A document on the case with a file behind it (a one-page PDF)."""
    d = Document.objects.create(
        case=case,
        kind=kind,
        file=f"docs/{name}",
        original_name=name,
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=w.school_user,
        uploaded_at=clock.now(),
    )
    d.file.save(name, ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return d


def geopend(t, *, leerling=None, groep=8) -> Overstap:
    """Opened by the PO school of the pupil (leerling_a: school A, leerling_b: school B)."""
    leerling = leerling or t.po.leerling_a
    by = t.po.school_b_user if leerling.stamschool_id == t.po.school_b.pk else t.po.school_user
    return overstap.overstap_create(by=by, leerling=leerling, school=leerling.stamschool, groep=groep)


def toestemming(t, o) -> Overstap:
    """The ouders' consent in the register, linked to the handover by the PO school."""
    give_consent(o.case.leerling, ConsentPurpose.OVERDRACHT)
    overstap.toestemming_record(overstap=o, by=_school_user(t, o))
    return fresh(o)


def dossier(t, o, *, vo_school=None, documenten=None) -> Overstap:
    """The transfer file for `vo_school` (VO school A), with one OPP handed over."""
    if documenten is None:
        documenten = [document(t.po, o.case)]
    overstap.dossier_record(
        overstap=o,
        by=_school_user(t, o),
        vo_school=vo_school or t.vo.school_a,
        ondersteuningsbehoeften="Structuur en voorspelbaarheid; extra instructie bij rekenen",
        wat_werkte="Een vaste plek en een dagplanning",
        stem_leerling="Ik wil graag bij mijn vriend in de klas",
        advies_vo="Start met een mentor die wekelijks contact houdt",
        documenten=documenten,
    )
    return fresh(o)


def met_toestemming(t, **kwargs) -> Overstap:
    return toestemming(t, geopend(t, **kwargs))


def met_dossier(t, *, vo_school=None, documenten=None, **kwargs) -> Overstap:
    return dossier(t, met_toestemming(t, **kwargs), vo_school=vo_school, documenten=documenten)


def verzonden(t, **kwargs) -> Overstap:
    o = met_dossier(t, **kwargs)
    overstap.verzenden_record(overstap=o, by=t.po.consulent)
    return fresh(o)


def ontvangen(t, **kwargs) -> Overstap:
    o = verzonden(t, **kwargs)
    overstap.ontvangst_record(overstap=o, by=t.vo.consulent)
    return fresh(o)


def overgedragen(t, **kwargs) -> Overstap:
    o = ontvangen(t, **kwargs)
    overstap.overdracht_record(
        overstap=o,
        by=t.vo.consulent,
        datum=clock.today(),
        deelnemers="PO-SWV\nVO-SWV\nPO-school\nVO-school\nouders",
        afspraken="Kennismaking in juni",
    )
    return fresh(o)


def geplaatst(t, op: dt.date | None = None, **kwargs) -> Overstap:
    o = overgedragen(t, **kwargs)
    overstap.plaatsing_record(overstap=o, by=t.vo.school_user, geplaatst_op=op or clock.today())
    return fresh(o)
