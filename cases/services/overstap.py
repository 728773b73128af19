"""Overstap services (the warm PO→VO handover): the only code that changes an Overstap.

Shaped like the other routes on cases/services/routes.py. The PO side works on the record's own case in
the PO SWV (`case`); sending opens the receiving case in the VO SWV (`ontvangst_case`, with the pupil's
record in that SWV), where the VO side's tasks, terms and timeline live. Nothing of the PO case is shared
beyond the record's handed-over facts and documents (cases/policies.py decides who reads them).

Terms on the receiving case: `overstap_ontvangst` (the VO SWV registers receipt within 2 weeks; escalation
to its consulent) and `overstap_plaatsing` (placed by 1 October of the first VO school year; escalation to
the VO SWV's consulent and the leerplicht of the pupil's woongemeente).
"""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Q

from cases import clock, policies
from cases.deadlines import Unit
from cases.errors import NotPermitted, ValidationFailed
from cases.models import ConsentPurpose, Leerling, Membership, School, Swv, WorkItem
from cases.models.case import Case, Route
from cases.models.overstap import SOORT_VAN_SCHOOL, Overstap, OverstapSoort, OverstapStatus
from cases.roles import Role
from cases.services import consent as consent_services
from cases.services import deadlines as deadline_services
from cases.services import routes
from cases.services.archief import archive_on_close
from cases.services.common import record_event, refusals_logged, save_with_history
from cases.services.workitems import cancel_open_items

log = logging.getLogger("cases.services")

ONTVANGST = "overstap_ontvangst"
PLAATSING = "overstap_plaatsing"
GROEPEN = (7, 8)
VO_NODES = ("ontvangst", "warme_overdracht", "plaatsing", "controle")
PLAATSING_UITERLIJK = (10, 1)  # 1 October of the first VO school year (month, day)

CONDITION_MESSAGES = {
    "heeft_dossier": "Het overdrachtsdossier is niet compleet: kies de VO-school en beschrijf de "
    "ondersteuningsbehoeften en het advies voor de VO-school.",
    "heeft_overleg": "Er is nog geen warme overdracht vastgelegd.",
}

_record = routes.RouteRecord(
    Overstap,
    Route.OVERSTAP,
    condition_messages=CONDITION_MESSAGES,
    related=("vo_school", "vo_swv", "ontvangst_case", "vo_leerling"),
    one_open=(OverstapStatus.AFGESLOTEN, "een overstap naar het VO", "overstap-bestaat"),
)
_transition, _finish = _record.transition, routes.finish


def overstap_of_case(case: Case) -> Overstap:
    """The handover of a case: the sending case's record, or the record a receiving case belongs to."""
    return Overstap.objects.select_related(*_record.related).get(Q(case=case) | Q(ontvangst_case=case))


def plaatsing_uiterlijk(overstap: Overstap) -> dt.date:
    """1 October of the pupil's first VO school year: by then the pupil is in place."""
    month, day = PLAATSING_UITERLIJK
    return dt.date(overstap.schooljaar_vo, month, day)


def current_school_year(today: dt.date | None = None) -> int:
    """The first calendar year of the school year `today` lies in (a school year starts in August)."""
    today = today or clock.today()
    return today.year if today.month >= 8 else today.year - 1


# --- the receiving side, from the national school register ----------------------------------------------


def receiving_swv(vo_school: School | None) -> Swv:
    """The VO SWV that receives a handover to `vo_school`: the school's SWV in the national register.
    Refused for a school that is not VO (regulier VO, VSO or praktijkonderwijs) and for an SWV that is only
    in the register (nobody of it works on this platform, so nobody would receive the file)."""
    if vo_school is None:
        raise ValidationFailed("Kies de VO-school.", code="vo-school-ontbreekt", field="vo_school")
    swv = vo_school.swv
    if vo_school.soort not in SOORT_VAN_SCHOOL or swv is None or swv.sector != Swv.Sector.VO:
        raise ValidationFailed(
            f"{vo_school.name} is geen school voor voortgezet onderwijs (regulier VO, VSO of "
            "praktijkonderwijs). Kies de VO-school uit het landelijke scholenregister.",
            code="geen-vo-school",
            field="vo_school",
        )
    if not Membership.objects.filter(swv=swv, role=Role.CONSULENT).exists():
        raise ValidationFailed(
            f"Samenwerkingsverband {swv.code} is onbekend op dit platform: het staat alleen in het "
            "scholenregister en heeft hier geen consulent die de overdracht kan ontvangen.",
            code="swv-onbekend",
            field="vo_school",
        )
    return swv


def _vo_leerling(overstap: Overstap, swv: Swv, *, by) -> Leerling:
    """The pupil's record in the receiving SWV: found by BSN or onderwijsnummer, else made from the PO
    record's identifying facts (name, date of birth, numbers, woongemeente), nothing else."""
    po = overstap.case.leerling
    for field in ("bsn", "onderwijsnummer"):
        value = getattr(po, field)
        if value:
            found = Leerling.objects.filter(swv=swv, **{field: value}).first()
            if found is not None:
                return found
    return save_with_history(
        Leerling(
            swv=swv,
            voornaam=po.voornaam,
            achternaam=po.achternaam,
            geboortedatum=po.geboortedatum,
            bsn=po.bsn,
            onderwijsnummer=po.onderwijsnummer,
            woongemeente=po.woongemeente,
        ),
        by=by,
        reason=f"overstap PO-VO ontvangen van {overstap.case.swv.code}",
    )


# --- opening (the PO school) ------------------------------------------------------------------------------


def overstap_create(
    *,
    by,
    leerling: Leerling,
    school: School,
    groep: int,
    aanleiding: str = "",
    schooljaar_vo: int | None = None,
) -> Overstap:
    """The PO school opens a handover for a pupil in groep 7 or 8 (the consulent of the PO SWV may too)."""
    scope = policies.scope_of(by)
    if not scope.is_system and not (
        school.pk in scope.schools or scope.has_role(Role.CONSULENT, leerling.swv_id)
    ):
        raise NotPermitted(
            "Alleen de PO-school van de leerling of de consulent van het SWV opent een overstap."
        )
    if school.swv_id != leerling.swv_id or school.swv.sector != Swv.Sector.PO:
        raise ValidationFailed(
            "Een overstap naar het VO begint bij een PO-school van het samenwerkingsverband van de leerling.",
            code="geen-po-school",
            field="school",
        )
    if (
        not scope.is_system
        and not scope.has_role(Role.CONSULENT, leerling.swv_id)
        and school.pk
        not in (
            leerling.stamschool_id,
            leerling.huidige_plaatsing_id,
        )
    ):
        raise NotPermitted("Een school opent een overstap alleen voor een leerling van de eigen school.")
    if groep not in GROEPEN:
        raise ValidationFailed(
            "Een overstap naar het VO wordt voorbereid in groep 7 of 8.", code="groep", field="groep"
        )
    eerste_jaar = current_school_year() + (9 - groep)
    if schooljaar_vo is not None and not (current_school_year() < schooljaar_vo <= eerste_jaar + 1):
        raise ValidationFailed(
            "Het eerste schooljaar in het VO ligt na dit schooljaar, en hooguit een jaar na het gewone.",
            code="schooljaar",
            field="schooljaar_vo",
        )
    with transaction.atomic():
        case = _record.start_case(leerling=leerling, school=school, by=by, reason="overstap PO-VO geopend")
        o = Overstap(
            case=case,
            groep=groep,
            schooljaar_vo=schooljaar_vo or eerste_jaar,
            aanleiding=(aanleiding or "").strip(),
        )
        routes.record_created(
            o,
            by=by,
            reason="overstap PO-VO geopend",
            to_state=OverstapStatus.CONCEPT,
            summary=f"Overstap naar het VO geopend (groep {groep}, VO vanaf {o.schooljaar_vo}-"
            f"{o.schooljaar_vo + 1})",
            event_reason=o.aanleiding,
        )
        routes.start_flow(o, _flow(), by=by)
        return o


def task_created(overstap: Overstap, *, task, node: str) -> WorkItem:
    """The work item of a flow node: the PO side's on the PO case, the VO side's on the receiving case
    (in the VO SWV's inbox; a school task for the chosen VO school)."""
    from workflows.overstap.flow import OverstapFlow

    if node in VO_NODES:
        fields = {}
        if node == "controle":
            fields["due_at"] = clock.end_of_day(plaatsing_uiterlijk(overstap))
        return routes.task_item(
            case=overstap.ontvangst_case,
            task=task,
            node=node,
            node_roles=OverstapFlow.NODE_ROLES,
            school=overstap.vo_school,
            **fields,
        )
    return routes.task_item(
        case=overstap.case,
        task=task,
        node=node,
        node_roles=OverstapFlow.NODE_ROLES,
        school=overstap.case.school,
    )


# --- the PO side: consent, the transfer file, sending -----------------------------------------------------


def toestemming_record(
    *, overstap: Overstap, by, ouder=None, gegeven_op: dt.date | None = None, overleg: str = ""
) -> Overstap:
    """Link the ouders' consent for the handover from the consent register, recording it first when an
    ouder is named (given in a conversation). Refused without a valid consent."""
    with _record.step(overstap, action="toestemming overstap", by=by) as o:
        routes.require_status(
            o, OverstapStatus.CONCEPT, "De toestemming is al vastgelegd (status '{status}')."
        )
        item = _record.open_item(o, "toestemming", by)
        leerling = o.case.leerling
        if ouder is not None:
            consent_services.consent_record(
                leerling=leerling,
                by=by,
                purpose=ConsentPurpose.OVERDRACHT,
                gever="ouder",
                ouder=ouder,
                gegeven_op=gegeven_op,
                wijze="overleg",
                case=o.case,
                overleg=(overleg or "").strip() or "Gesprek over de overstap naar het VO",
                reikwijdte="Overdracht van het geselecteerde dossier aan de VO-school en het VO-"
                "samenwerkingsverband",
            )
        consent = consent_services.consent_require(leerling=leerling, purpose=ConsentPurpose.OVERDRACHT)
        _transition(o, "toestemming_vastleggen", by=by, consent=consent, reason=f"toestemming: {consent}")
        _finish(item, by=by)
        return o


def dossier_record(
    *,
    overstap: Overstap,
    by,
    vo_school: School | None,
    ondersteuningsbehoeften: str,
    advies_vo: str,
    wat_werkte: str = "",
    stem_leerling: str = "",
    documenten=(),
) -> Overstap:
    """The PO school prepares the transfer file: the VO school (which finds the receiving SWV), the facts
    and the documents it hands over (of the pupil's own cases in the PO SWV)."""
    with _record.step(overstap, action="overdrachtsdossier", by=by) as o:
        routes.require_status(
            o, OverstapStatus.DOSSIER, "Het dossier kan nu niet worden gewijzigd (status '{status}')."
        )
        item = _record.open_item(o, "dossier", by)
        swv = receiving_swv(vo_school)
        if not (ondersteuningsbehoeften or "").strip():
            raise ValidationFailed("Beschrijf de ondersteuningsbehoeften.", field="ondersteuningsbehoeften")
        if not (advies_vo or "").strip():
            raise ValidationFailed("Geef een advies voor de VO-school.", field="advies_vo")
        documenten = list(documenten or [])
        allowed = set(selectable_documents(o).values_list("pk", flat=True))
        if any(d.pk not in allowed for d in documenten):
            raise ValidationFailed(
                "Kies alleen documenten uit het dossier van deze leerling.",
                code="document",
                field="documenten",
            )
        o.vo_school, o.vo_swv, o.soort = vo_school, swv, SOORT_VAN_SCHOOL[vo_school.soort]
        o.ondersteuningsbehoeften = ondersteuningsbehoeften.strip()
        o.advies_vo = advies_vo.strip()
        o.wat_werkte = (wat_werkte or "").strip()
        o.stem_leerling = (stem_leerling or "").strip()
        save_with_history(o, by=by, reason=f"overdrachtsdossier voor {vo_school.name} ({swv.code})")
        o.documenten.set(documenten)
        record_event(
            case=o.case,
            kind="note",
            actor=by,
            action="overdrachtsdossier",
            summary=f"Overdrachtsdossier voorbereid voor {vo_school.name} ({swv.code}); "
            f"{len(documenten)} document(en) geselecteerd",
        )
        _finish(item, by=by)
        return o


def selectable_documents(overstap: Overstap):
    """The documents the PO side may hand over: those of the pupil's cases in the PO SWV."""
    from cases.models import Document

    return Document.objects.filter(
        case__leerling=overstap.case.leerling, case__swv_id=overstap.case.swv_id
    ).order_by("-uploaded_at", "-pk")


def deskundige_required(overstap: Overstap) -> bool:
    """An independent deskundige advises on a PO→VSO/PrO file where the PO SWV's rules require
    independent deskundigen (an advice rule of its profile that excludes the pupil's own school)."""
    if overstap.soort not in (OverstapSoort.PO_VSO, OverstapSoort.PO_PRO):
        return False
    from cases import profiles

    profile = profiles.for_case(overstap.case)
    return any(not rule.eigen_school_toegestaan for rule in profile.adviezen.values())


def verzenden_record(*, overstap: Overstap, by, deskundige=None, deskundige_advies: str = "") -> Overstap:
    """The PO SWV sends the file: the receiving case opens in the VO SWV with its receipt term and the
    1 October placement term. Refused without a valid consent (withdrawn consent stops the handover)."""
    with _record.step(overstap, action="overdracht verzenden", by=by) as o:
        routes.require_status(
            o, OverstapStatus.DOSSIER, "Deze overstap kan niet (meer) worden verzonden (status '{status}')."
        )
        item = _record.open_item(o, "verzenden", by)
        consent_services.consent_require(leerling=o.case.leerling, purpose=ConsentPurpose.OVERDRACHT)
        swv = receiving_swv(o.vo_school)  # the register may have changed since the file was prepared
        if deskundige_required(o) and (deskundige is None or not (deskundige_advies or "").strip()):
            raise ValidationFailed(
                f"Samenwerkingsverband {o.case.swv.code} vraagt bij een overstap naar "
                f"{o.get_soort_display()} het advies van een onafhankelijke deskundige. Kies de deskundige "
                "en leg het advies vast.",
                code="deskundige-vereist",
                field="deskundige",
            )
        if deskundige is not None and (
            deskundige.swv_id != o.case.swv_id or deskundige.school_id == o.case.school_id
        ):
            raise ValidationFailed(
                "Kies een onafhankelijke deskundige van het samenwerkingsverband, niet verbonden aan de "
                "PO-school.",
                code="deskundige-niet-onafhankelijk",
                field="deskundige",
            )
        o.deskundige = deskundige
        o.deskundige_advies = (deskundige_advies or "").strip() if deskundige else ""
        now = clock.now()
        _transition(o, "verzenden", by=by, at=now, reason=f"verzonden aan {swv.code}")
        o.vo_leerling = _vo_leerling(o, swv, by=by)
        ontvangst = routes.start_case(
            route=Route.OVERSTAP,
            leerling=o.vo_leerling,
            school=o.vo_school,
            by=by,
            reason=f"overstap ontvangen van {o.case.swv.code} ({o.case.reference})",
            swv_id=swv.pk,
        )
        o.ontvangst_case = ontvangst
        save_with_history(o, by=by, reason=f"ontvangende casus {ontvangst.reference}")
        today = clock.today()
        deadline_services.deadline_start(
            case=ontvangst, kind=ONTVANGST, started_on=today, by=by, started_because="overdracht verzonden"
        )
        uiterlijk = plaatsing_uiterlijk(o)
        deadline_services.deadline_start(
            case=ontvangst,
            kind=PLAATSING,
            started_on=today,
            length=max((uiterlijk - today).days, 1),
            unit=Unit.CALENDAR_DAYS,
            atw=False,
            started_because="overdracht verzonden",
            by=by,
        )
        record_event(
            case=ontvangst,
            kind="transition",
            actor=by,
            action="create",
            to_state=o.status,
            summary=f"Overdracht ontvangen van {o.case.swv.code} ({o.case.school.name}), kenmerk "
            f"{o.case.reference}",
        )
        _finish(item, by=by)
        return o


# --- the VO side: receipt, warm handover, placement, the 1 October check ---------------------------------


@contextmanager
def _vo_step(overstap: Overstap, *, action: str, by, status: str, node: str):
    """A VO-side step: a refusal is logged on the receiving case, the record is locked, its state checked
    and the node's open work item (on the receiving case) taken; yields (record, work item)."""
    case = overstap.ontvangst_case or overstap.case
    with refusals_logged(case=case, action=action, by=by), transaction.atomic():
        o = _record.lock(overstap)
        routes.require_status(o, status, "Deze stap past niet bij de status '{status}'.")
        yield o, routes.open_item(o.ontvangst_case, node, by)


def _both(o: Overstap, *, by, action: str, summary: str, reason: str = "", po: bool = True) -> None:
    """One line on the receiving case's timeline and (`po`) on the sending case's: the sending side sees
    receipt and outcome. A transition has already put its own line on the sending case."""
    for case in (o.case, o.ontvangst_case) if po else (o.ontvangst_case,):
        record_event(
            case=case,
            kind="transition",
            actor=by,
            action=action,
            to_state=o.status,
            summary=summary,
            reason=reason,
        )


def ontvangst_record(*, overstap: Overstap, by, opmerking: str = "") -> Overstap:
    with _vo_step(
        overstap, action="overdracht ontvangen", by=by, status=OverstapStatus.VERZONDEN, node="ontvangst"
    ) as (o, item):
        _transition(o, "ontvangen", by=by, at=clock.now(), reason="ontvangst bevestigd")
        _close_term(o.ontvangst_case, ONTVANGST, by=by, reason="ontvangst bevestigd")
        _both(
            o,
            by=by,
            po=False,
            action="ontvangen",
            summary=f"Overdracht ontvangen door {o.vo_swv.code}",
            reason=opmerking,
        )
        _finish(item, by=by)
        return o


def overdracht_record(
    *, overstap: Overstap, by, datum: dt.date, deelnemers: str, afspraken: str = ""
) -> Overstap:
    """The warm handover meeting (both SWVs, both schools and the ouders), recorded on the record."""
    from cases.validators import plausible_date

    with _vo_step(
        overstap, action="warme overdracht", by=by, status=OverstapStatus.ONTVANGEN, node="warme_overdracht"
    ) as (o, item):
        plausible_date(
            datum, field="datum", label="Datum warme overdracht", born=o.case.leerling.geboortedatum
        )
        if datum > clock.today():
            raise ValidationFailed("De datum ligt in de toekomst.", code="datum-toekomst", field="datum")
        if not (deelnemers or "").strip():
            raise ValidationFailed(
                "Noem de deelnemers (beide samenwerkingsverbanden, beide scholen en de ouders).",
                field="deelnemers",
            )
        o.overleg_op = datum
        o.overleg_deelnemers = deelnemers.strip()
        o.overleg_afspraken = (afspraken or "").strip()
        _transition(o, "overdracht_vastleggen", by=by, reason=f"warme overdracht op {datum:%d-%m-%Y}")
        _both(
            o,
            by=by,
            po=False,
            action="warme_overdracht",
            summary=f"Warme overdracht gevoerd op {datum:%d-%m-%Y}",
            reason=o.overleg_afspraken,
        )
        _finish(item, by=by)
        return o


def plaatsing_record(*, overstap: Overstap, by, geplaatst_op: dt.date) -> Overstap:
    """The VO school confirms the placement: the 1 October term is met; the consulent checks on the day."""
    from cases.validators import plausible_date, years_ahead

    with _vo_step(
        overstap, action="plaatsing bevestigen", by=by, status=OverstapStatus.OVERDRACHT, node="plaatsing"
    ) as (o, item):
        plausible_date(geplaatst_op, field="geplaatst_op", label="Geplaatst per", not_after=years_ahead(2))
        _transition(o, "plaatsen", by=by, op=geplaatst_op, reason=f"geplaatst per {geplaatst_op:%d-%m-%Y}")
        leerling = o.vo_leerling
        if leerling.stamschool_id is None:
            leerling.stamschool = o.vo_school
            save_with_history(leerling, by=by, reason=f"geplaatst na overstap ({o.case.reference})")
        _close_term(o.ontvangst_case, PLAATSING, by=by, reason="plaatsing bevestigd")
        _both(
            o,
            by=by,
            po=False,
            action="plaatsing",
            summary=f"Geplaatst op {o.vo_school.name} per {geplaatst_op:%d-%m-%Y}",
        )
        _finish(item, by=by)
        return o


def controle_record(*, overstap: Overstap, by, toelichting: str = "") -> Overstap:
    """The VO SWV checked that the pupil is in place: both cases close."""
    with _vo_step(
        overstap, action="controle plaatsing", by=by, status=OverstapStatus.GEPLAATST, node="controle"
    ) as (o, item):
        _transition(o, "afsluiten", by=by, at=clock.now(), reason="leerling zit op zijn plek")
        _both(
            o,
            by=by,
            po=False,
            action="afgesloten",
            summary="Controle: de leerling zit op zijn plek; overstap afgesloten",
            reason=toelichting,
        )
        _finish(item, by=by)
        for case in (o.case, o.ontvangst_case):
            _close_case(case, by=by)
        return o


def vervolg_koppelen(*, overstap: Overstap, by, vervolg_case: Case) -> Overstap:
    """The VO SWV links its follow-up (a TLV or a support request for the pupil in the VO SWV)."""
    with (
        refusals_logged(case=overstap.ontvangst_case or overstap.case, action="vervolg koppelen", by=by),
        transaction.atomic(),
    ):
        o = _record.lock(overstap)
        if not policies.can(by, "overstap.receive", o):
            raise NotPermitted(
                "Alleen de consulent van het ontvangende samenwerkingsverband koppelt een vervolg."
            )
        if o.ontvangst_case is None or not o.is_open:
            raise ValidationFailed(
                "Een vervolg koppelt u aan een ontvangen, lopende overstap.", code="overstap-niet-ontvangen"
            )
        if (
            vervolg_case is None
            or vervolg_case.route not in (Route.TLV, Route.LOKET)
            or vervolg_case.leerling_id != o.vo_leerling_id
        ):
            raise ValidationFailed(
                "Kies een TLV-aanvraag of ondersteuningsaanvraag van deze leerling in uw "
                "samenwerkingsverband.",
                code="vervolg-ongeldig",
                field="vervolg_case",
            )
        o.vervolg_case = vervolg_case
        save_with_history(o, by=by, reason=f"vervolg {vervolg_case.reference}")
        _both(
            o,
            by=by,
            action="vervolg",
            summary=f"Vervolg gestart: {vervolg_case.get_route_display()} {vervolg_case.reference}",
        )
        return o


def vervolg_choices(overstap: Overstap):
    if overstap.vo_leerling_id is None:
        return Case.objects.none()
    return Case.objects.filter(
        leerling_id=overstap.vo_leerling_id, route__in=(Route.TLV, Route.LOKET)
    ).order_by("-pk")


# --- consent withdrawn ---------------------------------------------------------------------------------


def consent_withdrawn(*, leerling, by) -> int:
    """The ouders withdrew the consent for the handover: an open handover not yet sent stops; after
    sending, the receiving side no longer reads the handed-over file. Called by cases/services/consent.py
    inside the withdrawal's transaction. Returns the number of handovers touched."""
    if consent_services.valid_consent(leerling, ConsentPurpose.OVERDRACHT) is not None:
        return 0  # another consent for the same purpose still holds
    touched = 0
    for o in (
        Overstap.objects.select_for_update(of=("self",))
        .select_related(*_record.related)
        .filter(case__leerling=leerling)
    ):
        if not o.is_sent and o.is_open:
            _transition(o, "stoppen", by=by, at=clock.now(), reason="toestemming ingetrokken")
            _close_case(o.case, by=by)  # its open tasks first, then the flow
            if o.process_id:
                from workflows import engine

                engine.cancel_process(o.process, by=by)
            touched += 1
        elif o.is_sent and o.toegang_ingetrokken_op is None:
            o.toegang_ingetrokken_op = clock.today()
            save_with_history(o, by=by, reason="toestemming ingetrokken: geen inzage meer voor het VO")
            _both(
                o,
                by=by,
                action="inzage_ingetrokken",
                summary="Toestemming ingetrokken: het ontvangende samenwerkingsverband heeft geen inzage "
                "meer in het overdrachtsdossier",
            )
            touched += 1
    return touched


# --- terms (the sweep) -------------------------------------------------------------------------------------


def escalation_targets(*, deadline, roles) -> list[tuple[str, School | None, object | None]]:
    """Scope the escalations of the receiving case: leerplicht → the pupil's woongemeente."""
    out = []
    for role in roles:
        if role == Role.LEERPLICHTAMBTENAAR:
            out.append((role, None, deadline.case.leerling.woongemeente))
        else:
            out.append((role, None, None))
    return out


def on_breach(*, deadline, by) -> None:
    """Nothing more than the escalations: the handover stays open until the pupil is placed."""


def _close_term(case, kind, *, by, reason) -> None:
    d = deadline_services.running(case, kind)
    if d is not None:
        deadline_services.deadline_close(deadline=d, reason=reason, by=by)


def _close_case(case, *, by) -> None:
    cancel_open_items(case=case, by=by, reason="overstap afgesloten")
    for d in case.deadlines.exclude(status="closed"):
        deadline_services.deadline_close(deadline=d, reason="overstap afgesloten", by=by)
    case.closed_at = clock.now()
    archive_on_close(case)
    save_with_history(case, by=by, reason="afgesloten")


_flow = routes.flow_of("overstap", "OverstapFlow")
