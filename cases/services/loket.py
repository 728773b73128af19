"""Loket services: the only code that changes an Ondersteuningsaanvraag (cases/models/loket.py).

Built on the shared route machinery (cases/services/routes.py `RouteRecord`): each step runs in one
transaction with the record locked (SELECT ... FOR UPDATE), state and permission re-checked, history +
timeline, deadlines moved, the viewflow task completed. Refused attempts raise a DomainError and are logged
on the timeline.

Terms (cases/terms.py): `loket_triagetermijn` (the loket triages a submitted request), `loket_beslistermijn`
(from submission to the besluit; paused while the request is back at the school as incomplete, Awb 4:15),
and the evaluation signals `loket_evaluatie_tussentijds` / `loket_evaluatie_eind` that put an evaluation
task in the consulent's werkvoorraad on the dates set in the toewijzing (the sweep runs them).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from contextlib import contextmanager
from decimal import Decimal

from django.db import models, transaction
from django.db.models import Sum

from cases import clock, loket_criteria, policies
from cases.deadlines import Unit, compute_due
from cases.errors import Conflict, DomainError, NotPermitted, ValidationFailed
from cases.models import CaseEvent, ConsentPurpose, DocumentKind, Leerling, School, Swv, WorkItem
from cases.models.case import Route
from cases.models.loket import (
    CRITERIA_SOORTEN,
    AanvraagStatus,
    AanvraagType,
    Adviesvraag,
    AdviesvraagSoort,
    AdviesvraagStatus,
    ArrangementSoort,
    Besluit,
    Betreft,
    Budget,
    DoelenBereikt,
    Eenheid,
    Evaluatie,
    EvaluatieMoment,
    Ondersteuningsaanvraag,
    Vervolg,
)
from cases.roles import Role
from cases.services import consent as consent_services
from cases.services import deadlines as deadline_services
from cases.services import routes
from cases.services.archief import archive_on_close
from cases.services.common import record_event, refusals_logged, save_with_history
from cases.services.workitems import take_for_completion, workitem_close, workitem_create
from cases.terms import term_for
from cases.validators import is_valid_bsn, plausible_date, years_ahead

log = logging.getLogger("cases.services")

TRIAGETERMIJN = "loket_triagetermijn"
BESLISTERMIJN = "loket_beslistermijn"
EVALUATIE_KINDS = {
    EvaluatieMoment.TUSSENTIJDS: "loket_evaluatie_tussentijds",
    EvaluatieMoment.EIND: "loket_evaluatie_eind",
}
EVALUATIE_NODES = {
    EvaluatieMoment.TUSSENTIJDS: "evaluatie_tussentijds",
    EvaluatieMoment.EIND: "evaluatie_eind",
}
CONSENT_PURPOSE = ConsentPurpose.GEGEVENSDELING

CONDITION_MESSAGES = {
    "heeft_toestemming": "Zonder toestemming van de ouders kan de aanvraag niet worden ingediend.",
}


_record = routes.RouteRecord(
    Ondersteuningsaanvraag, Route.LOKET, condition_messages=CONDITION_MESSAGES, related=("aanvraag_type",)
)
_lock, _transition, _open_item, _finish = _record.lock, _record.transition, _record.open_item, routes.finish


def _close_term(case, kind, *, by, reason):
    d = deadline_services.running(case, kind)
    if d is not None:
        deadline_services.deadline_close(deadline=d, reason=reason, by=by)


def _close_case(a, *, by, at, reason: str) -> None:
    """The request's case closes with its archive result (toegewezen / afgewezen)."""
    case = a.case
    case.closed_at = at
    archive_on_close(case)
    save_with_history(case, by=by, reason=reason)


def schooljaar_of(day: dt.date) -> int:
    """The school year (its first calendar year) a day falls in: 1 August to 31 July."""
    return day.year if day.month >= 8 else day.year - 1


def offered_types(swv) -> list[AanvraagType]:
    return list(AanvraagType.objects.filter(swv=swv, actief=True).order_by("naam"))


def missing_documents(a: Ondersteuningsaanvraag) -> list[str]:
    """The document kinds the request's type requires that the case does not have (current versions)."""
    present = set(
        a.case.documents.filter(next_version__isnull=True).values_list("kind", flat=True).distinct()
    )
    return [k for k in a.aanvraag_type.vereiste_documenten or [] if k not in present]


def _labels(kinds) -> str:
    labels = dict(DocumentKind.choices)
    return ", ".join(str(labels.get(k, k)) for k in kinds)


# --- the school: prepare, submit, supplement -------------------------------------------------------------


def aanvraag_create(
    *,
    by,
    leerling: Leerling,
    school: School,
    aanvraag_type: AanvraagType,
    vraag: str,
    ingezet: str,
    vorige: Ondersteuningsaanvraag | None = None,
) -> Ondersteuningsaanvraag:
    """A school prepares a support request for one of its pupils (concept). Refused without a valid consent
    of the ouders for sharing data with the SWV in the consent register."""
    extension_by_swv = vorige is not None and policies.can(by, "loket.evaluate", vorige)
    if school.pk not in policies.scope_of(by).schools and not extension_by_swv:
        raise NotPermitted("Alleen een medewerker van de aanvragende school kan een aanvraag doen.")
    if school.swv_id != leerling.swv_id:
        raise ValidationFailed("De leerling hoort niet bij het samenwerkingsverband van de school.")
    if aanvraag_type.swv_id != school.swv_id or not aanvraag_type.actief:
        raise ValidationFailed(
            "Dit samenwerkingsverband biedt deze soort ondersteuning niet aan.",
            code="type-niet-aangeboden",
            field="aanvraag_type",
        )
    if not (vraag or "").strip():
        raise ValidationFailed("Beschrijf de hulpvraag.", field="vraag")
    if not (ingezet or "").strip():
        raise ValidationFailed(
            "Beschrijf wat de school al heeft ingezet (de ondersteuningscascade).", field="ingezet"
        )
    toestemming = consent_services.consent_require(leerling=leerling, purpose=CONSENT_PURPOSE)
    with transaction.atomic():
        case = _record.start_case(
            leerling=leerling, school=school, by=by, reason="ondersteuningsaanvraag aangemaakt"
        )
        a = Ondersteuningsaanvraag(
            case=case,
            vorige=vorige,
            aanvraag_type=aanvraag_type,
            vraag=vraag.strip(),
            ingezet=ingezet.strip(),
            toestemming_op=toestemming.gegeven_op,
            aangemaakt_op=clock.today(),
        )
        routes.record_created(
            a,
            by=by,
            reason="ondersteuningsaanvraag aangemaakt",
            to_state=AanvraagStatus.CONCEPT,
            summary=f"Ondersteuningsaanvraag aangemaakt: {aanvraag_type.naam}"
            + (f" (verlenging van {vorige.case.reference})" if vorige else ""),
            event_reason=a.vraag,
        )
        routes.start_flow(a, _flow(), by=by)
        return a


def aanvraag_submit(*, aanvraag: Ondersteuningsaanvraag, by, toelichting: str = "") -> Ondersteuningsaanvraag:
    """The school submits (or resubmits after triage found it incomplete): every document the type requires
    must be there and the ouders' consent still valid. Starts the triage term; the beslistermijn starts at
    the first submission and resumes at a resubmission."""
    with _record.step(aanvraag, action="aanvraag indienen", by=by) as a:
        if a.status != AanvraagStatus.CONCEPT:
            raise Conflict("Deze aanvraag is al ingediend.", code="transition-not-allowed")
        if not policies.can(by, "loket.submit", a):
            raise NotPermitted("Alleen de aanvragende school kan de aanvraag indienen.")
        missing = missing_documents(a)
        if missing:
            raise ValidationFailed(
                f"Voor een aanvraag '{a.aanvraag_type.naam}' ontbreken nog deze documenten: "
                f"{_labels(missing)}. "
                "Voeg ze toe bij de documenten en dien de aanvraag daarna in.",
                code="documenten-ontbreken",
            )
        if a.aanvraag_type.arrangement_soort in CRITERIA_SOORTEN and not a.toetsgegevens:
            raise ValidationFailed(
                f"Voor een aanvraag '{a.aanvraag_type.naam}' zijn de toetsgegevens nodig (uitslagen per "
                "domein met het toetsinstrument). Vul ze in bij de aanvraag en dien daarna in.",
                code="toetsgegevens-ontbreken",
            )
        toestemming = consent_services.consent_require(leerling=a.case.leerling, purpose=CONSENT_PURPOSE)
        a.toestemming_op = toestemming.gegeven_op
        item = _open_item(a, "aanvullen_indienen", by)
        today = clock.today()
        _transition(a, "indienen", by=by, on=today, reason=toelichting.strip() or "ingediend bij het loket")
        d = deadline_services.running(a.case, BESLISTERMIJN)
        if d is None:
            deadline_services.deadline_start(
                case=a.case, kind=BESLISTERMIJN, started_on=today, by=by, started_because="indienen aanvraag"
            )
        else:
            deadline_services.deadline_resume(deadline=d, on=today, by=by, reason="aanvraag aangevuld")
        deadline_services.deadline_start(
            case=a.case, kind=TRIAGETERMIJN, started_on=today, by=by, started_because="indienen aanvraag"
        )
        _finish(item, by=by, reason=toelichting.strip())
        return a


# --- the loket: triage -----------------------------------------------------------------------------------


def triage_record(
    *,
    aanvraag: Ondersteuningsaanvraag,
    by,
    volledig: bool,
    aanvraag_type: AanvraagType | None = None,
    urgent: bool = False,
    toelichting: str = "",
) -> Ondersteuningsaanvraag:
    """Complete? Which type? Urgent? A complete request goes to the consulent; an incomplete one back to the
    school (the beslistermijn stands still from the next day until it is resubmitted, Awb 4:15)."""
    with _record.step(aanvraag, action="triage", by=by) as a:
        if a.status != AanvraagStatus.INGEDIEND:
            raise Conflict("Deze aanvraag wacht niet op triage.", code="transition-not-allowed")
        if not policies.can(by, "loket.triage", a):
            raise NotPermitted(
                "Alleen het loket (consulent) van het samenwerkingsverband triageert aanvragen."
            )
        item = _open_item(a, "triage", by)
        toelichting = (toelichting or "").strip()
        now = clock.now()
        if aanvraag_type is not None and aanvraag_type.pk != a.aanvraag_type_id:
            if aanvraag_type.swv_id != a.case.swv_id or not aanvraag_type.actief:
                raise ValidationFailed(
                    "Dit samenwerkingsverband biedt deze soort ondersteuning niet aan.",
                    code="type-niet-aangeboden",
                    field="aanvraag_type",
                )
            old = a.aanvraag_type.naam
            a.aanvraag_type = aanvraag_type
            record_event(
                case=a.case,
                kind=CaseEvent.Kind.NOTE,
                actor=by,
                action="triage_type",
                summary=f"Soort aanvraag gewijzigd van {old} in {aanvraag_type.naam}",
                reason=toelichting,
            )
        a.urgent = bool(urgent)
        a.triage_toelichting = toelichting
        if volledig:
            missing = missing_documents(a)
            if missing:
                raise ValidationFailed(
                    f"De aanvraag is niet volledig: voor '{a.aanvraag_type.naam}' ontbreken "
                    f"{_labels(missing)}.",
                    code="documenten-ontbreken",
                    field="volledig",
                )
            _transition(
                a,
                "in_behandeling_nemen",
                by=by,
                at=now,
                reason=("urgent; " if a.urgent else "") + (toelichting or "volledig, naar de consulent"),
            )
        else:
            if not toelichting:
                raise ValidationFailed(
                    "Schrijf de school wat er ontbreekt of onduidelijk is.", field="toelichting"
                )
            _transition(a, "terug_naar_school", by=by, at=now, reason=f"onvolledig: {toelichting}")
            d = deadline_services.running(a.case, BESLISTERMIJN)
            if d is not None:
                deadline_services.deadline_pause(
                    deadline=d, on=clock.today() + dt.timedelta(days=1), reason="aanvraag onvolledig", by=by
                )
        _close_term(a.case, TRIAGETERMIJN, by=by, reason="triage gedaan")
        _finish(item, by=by, reason=toelichting)
        return a


# --- budgets --------------------------------------------------------------------------------------------


def budget_for(swv, schooljaar: int, soort: str, school=None) -> Budget | None:
    """The school's own budget where the SWV distributes it, else the SWV-wide one; None = no budget set."""
    if school is not None:
        own = Budget.objects.filter(swv=swv, schooljaar=schooljaar, arrangement_soort=soort, school=school)
        if own.exists():
            return own.first()
    return Budget.objects.filter(
        swv=swv, schooljaar=schooljaar, arrangement_soort=soort, school__isnull=True
    ).first()


def granted(budget: Budget, *, exclude=None) -> dict:
    """Hours and sums granted against this budget (toegewezen, running or closed; awaiting approval too)."""
    totals = _granted_qs(budget, exclude=exclude).aggregate(uren=Sum("uren"), bedrag=Sum("bedrag"))
    return {"uren": totals["uren"] or 0, "bedrag": totals["bedrag"] or Decimal("0")}


def granted_per_school(budget: Budget) -> list[dict]:
    """The grants against this budget per requesting school: school name, hours, sum, number of grants."""
    rows = (
        _granted_qs(budget)
        .values("case__school__name")
        .annotate(uren=Sum("uren"), bedrag=Sum("bedrag"), aantal=models.Count("pk"))
        .order_by("case__school__name")
    )
    return [
        {
            "school": r["case__school__name"],
            "uren": r["uren"] or 0,
            "bedrag": r["bedrag"] or Decimal("0"),
            "aantal": r["aantal"],
        }
        for r in rows
    ]


def _granted_qs(budget: Budget, *, exclude=None):
    qs = Ondersteuningsaanvraag.objects.filter(
        case__swv_id=budget.swv_id,
        arrangement_soort=budget.arrangement_soort,
        besluit=Besluit.TOEWIJZEN,
        status__in=[AanvraagStatus.TOEGEWEZEN, AanvraagStatus.AFGESLOTEN, AanvraagStatus.TWEEDE_AKKOORD],
        startdatum__gte=dt.date(budget.schooljaar, 8, 1),
        startdatum__lte=dt.date(budget.schooljaar + 1, 7, 31),
    )
    if budget.school_id:
        qs = qs.filter(case__school_id=budget.school_id)
    else:  # the SWV-wide pool: schools that have their own budget draw from that one
        own = Budget.objects.filter(
            swv_id=budget.swv_id,
            schooljaar=budget.schooljaar,
            arrangement_soort=budget.arrangement_soort,
            school__isnull=False,
        ).values("school_id")
        qs = qs.exclude(case__school_id__in=own)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs


def used(budget: Budget) -> dict:
    """Hours and sums used, as the latest evaluation of each granted arrangement recorded them."""
    uren, bedrag = 0, Decimal("0")
    qs = Ondersteuningsaanvraag.objects.filter(
        case__swv_id=budget.swv_id,
        arrangement_soort=budget.arrangement_soort,
        besluit=Besluit.TOEWIJZEN,
        startdatum__gte=dt.date(budget.schooljaar, 8, 1),
        startdatum__lte=dt.date(budget.schooljaar + 1, 7, 31),
    )
    if budget.school_id:
        qs = qs.filter(case__school_id=budget.school_id)
    for a in qs.prefetch_related("evaluaties"):
        evals = sorted(a.evaluaties.all(), key=lambda e: (e.at, e.pk))
        if evals:
            uren += evals[-1].uren_gebruikt or 0
            bedrag += evals[-1].bedrag_gebruikt or Decimal("0")
    return {"uren": uren, "bedrag": bedrag}


def budget_check(a: Ondersteuningsaanvraag) -> tuple[Budget | None, str]:
    """(budget, warning): the warning says by how much this grant would exceed the budget ("" = within)."""
    budget = budget_for(a.case.swv, schooljaar_of(a.startdatum), a.arrangement_soort, a.case.school)
    if budget is None:
        return None, ""
    done = granted(budget, exclude=a)
    if budget.uren is not None and a.uren:
        over = done["uren"] + a.uren - budget.uren
        if over > 0:
            return budget, (
                f"Deze toewijzing gaat {over} uur over het budget ({budget}: {budget.uren} uur, "
                f"al toegewezen {done['uren']} uur)."
            )
    if budget.bedrag is not None and a.bedrag:
        over = done["bedrag"] + a.bedrag - budget.bedrag
        if over > 0:
            return budget, (
                f"Deze toewijzing gaat € {over:.2f} over het budget ({budget}: € {budget.bedrag:.2f}, "
                f"al toegewezen € {done['bedrag']:.2f})."
            )
    return budget, ""


def budget_overview(swv, schooljaar: int) -> list[dict]:
    """Per budget (SWV-wide or per school): granted, used and remaining."""
    rows = []
    for b in (
        Budget.objects.filter(swv=swv, schooljaar=schooljaar)
        .select_related("school")
        .order_by("arrangement_soort", "school__name")
    ):
        g, u = granted(b), used(b)
        rows.append(
            {
                "budget": b,
                "granted": g,
                "used": u,
                "remaining_uren": (b.uren - g["uren"]) if b.uren is not None else None,
                "remaining_bedrag": (b.bedrag - g["bedrag"]) if b.bedrag is not None else None,
                "per_school": granted_per_school(b),
            }
        )
    return rows


# --- the consulent: assessment and besluit --------------------------------------------------------------


def _validate_toewijzing(a, *, uren, bedrag, aanbieder, startdatum, einddatum, tussenevaluatie_op, doelen):
    if a.aanvraag_type.eenheid == Eenheid.UREN and not uren:
        raise ValidationFailed("Vul het aantal toegewezen uren in.", field="uren")
    if a.aanvraag_type.eenheid == Eenheid.BUDGET and not bedrag:
        raise ValidationFailed("Vul het toegewezen bedrag in.", field="bedrag")
    if not (aanbieder or "").strip() and a.aanvraag_type.eenheid != Eenheid.BESLUIT:
        raise ValidationFailed("Vul de aanbieder in (wie de ondersteuning geeft).", field="aanbieder")
    if startdatum is None:
        raise ValidationFailed("Vul de startdatum in.", field="startdatum")
    if einddatum is None:
        raise ValidationFailed("Vul de einddatum in.", field="einddatum")
    plausible_date(startdatum, field="startdatum", label="Startdatum", not_after=years_ahead(2))
    plausible_date(einddatum, field="einddatum", label="Einddatum", not_after=years_ahead(4))
    if einddatum <= startdatum:
        raise ValidationFailed(
            "De einddatum ligt niet na de startdatum.", code="einde-voor-start", field="einddatum"
        )
    if einddatum <= clock.today():
        raise ValidationFailed("De einddatum ligt niet in de toekomst.", field="einddatum")
    if tussenevaluatie_op is not None and not (startdatum < tussenevaluatie_op < einddatum):
        raise ValidationFailed(
            "De tussentijdse evaluatie valt tussen de start- en de einddatum.", field="tussenevaluatie_op"
        )
    if not (doelen or "").strip() and a.aanvraag_type.arrangement_soort not in CRITERIA_SOORTEN:
        raise ValidationFailed("Beschrijf de doelen van het arrangement.", field="doelen")


def besluit_record(
    *,
    aanvraag: Ondersteuningsaanvraag,
    by,
    beoordeling: str,
    besluit: str,
    arrangement_soort: str = "",
    uren: int | None = None,
    bedrag: Decimal | None = None,
    aanbieder: str = "",
    startdatum: dt.date | None = None,
    einddatum: dt.date | None = None,
    tussenevaluatie_op: dt.date | None = None,
    doelen: str = "",
    motivering: str = "",
) -> Ondersteuningsaanvraag:
    """The consulent's assessment and besluit. A refusal needs a motivation and sends a besluit letter with
    a bezwaarclausule to the ouders. A grant records what, how much, who, when and which goals; a grant over
    the budget waits for a second approval by another person (the beslisser)."""
    with _record.step(aanvraag, action="besluit ondersteuningsaanvraag", by=by) as a:
        if a.status != AanvraagStatus.IN_BEHANDELING:
            raise Conflict("Deze aanvraag wacht niet op een besluit.", code="transition-not-allowed")
        if not policies.can(by, "loket.decide", a):
            raise NotPermitted("Alleen de consulent van het samenwerkingsverband besluit over de aanvraag.")
        if not (beoordeling or "").strip():
            raise ValidationFailed("Leg de beoordeling vast.", field="beoordeling")
        if besluit not in Besluit.values:
            raise ValidationFailed("Kies toewijzen of afwijzen.", field="besluit")
        item = _open_item(a, "beoordeling", by)
        now = clock.now()
        a.beoordeling = beoordeling.strip()
        a.besluit = besluit
        a.besloten_door = by
        a.motivering = (motivering or "").strip()
        if besluit == Besluit.AFWIJZEN:
            if not a.motivering:
                raise ValidationFailed(
                    "Een afwijzing wordt gemotiveerd: de ouders ontvangen de motivering in de besluitbrief.",
                    code="motivering-ontbreekt",
                    field="motivering",
                )
            a.arrangement_soort, a.uren, a.bedrag, a.aanbieder = "", None, None, ""
            a.startdatum = a.einddatum = a.tussenevaluatie_op = None
            a.doelen = ""
            _transition(a, "afwijzen", by=by, at=now, reason=a.motivering)
            _close_term(a.case, BESLISTERMIJN, by=by, reason="besluit genomen (afgewezen)")
            _send_letter(a, by=by)
            _close_case(a, by=by, at=now, reason="aanvraag afgewezen")
            _finish(item, by=by, reason=a.motivering)
            return a
        soort = arrangement_soort or a.aanvraag_type.arrangement_soort
        if soort not in ArrangementSoort.values:
            raise ValidationFailed("Kies de soort arrangement.", field="arrangement_soort")
        _validate_toewijzing(
            a,
            uren=uren,
            bedrag=bedrag,
            aanbieder=aanbieder,
            startdatum=startdatum,
            einddatum=einddatum,
            tussenevaluatie_op=tussenevaluatie_op,
            doelen=doelen,
        )
        if soort in CRITERIA_SOORTEN:
            if not a.toetsgegevens:
                raise ValidationFailed(
                    "Leg eerst de toetsgegevens vast: het besluit wordt aan de criteria getoetst.",
                    code="toetsgegevens-ontbreken",
                )
            if not loket_criteria.passes(assessment(a)) and not a.motivering:
                raise ValidationFailed(
                    "De toetsgegevens voldoen niet aan alle criteria van het samenwerkingsverband: motiveer "
                    "waarom u toch toewijst.",
                    code="motivering-ontbreekt",
                    field="motivering",
                )
        a.arrangement_soort = soort
        a.uren, a.bedrag = uren or None, bedrag or None
        a.aanbieder = (aanbieder or "").strip() or a.case.school.name
        a.startdatum, a.einddatum = startdatum, einddatum
        a.tussenevaluatie_op = tussenevaluatie_op or (startdatum + (einddatum - startdatum) / 2)
        a.doelen = doelen.strip()
        _budget, warning = budget_check(a)
        a.boven_budget = bool(warning)
        a.budget_toelichting = warning
        if warning:
            _transition(a, "toewijzen_boven_budget", by=by, at=now, reason=warning)
        else:
            _transition(a, "toewijzen", by=by, at=now, reason=_summary(a))
            _granted(a, by=by)
        _finish(item, by=by, reason=warning or _summary(a))
        return a


def _summary(a) -> str:
    amount = f"{a.uren} uur" if a.uren else (f"€ {a.bedrag:.2f}" if a.bedrag else "")
    return (
        f"{a.get_arrangement_soort_display()}, {amount}, {a.aanbieder}, "
        f"{a.startdatum:%d-%m-%Y} t/m {a.einddatum:%d-%m-%Y}"
    )


def tweede_akkoord_record(
    *, aanvraag: Ondersteuningsaanvraag, by, akkoord: bool, toelichting: str = ""
) -> Ondersteuningsaanvraag:
    """The second approval of a grant over the budget, by another person than the one who decided."""
    with _record.step(aanvraag, action="tweede akkoord", by=by) as a:
        if a.status != AanvraagStatus.TWEEDE_AKKOORD:
            raise Conflict("Deze toewijzing wacht niet op een tweede akkoord.", code="transition-not-allowed")
        if not policies.can(by, "loket.approve", a):
            raise NotPermitted("U kunt geen tweede akkoord geven op aanvragen van dit samenwerkingsverband.")
        if a.besloten_door_id == by.pk:
            raise NotPermitted(
                "Het tweede akkoord op een toewijzing boven budget komt van een andere persoon dan wie "
                "besloot.",
                code="tweede-akkoord-zelfde-persoon",
            )
        toelichting = (toelichting or "").strip()
        if not akkoord and not toelichting:
            raise ValidationFailed("Schrijf waarom u geen akkoord geeft.", field="toelichting")
        item = _open_item(a, "tweede_akkoord", by)
        if akkoord:
            _transition(
                a,
                "tweede_akkoord",
                by=by,
                at=clock.now(),
                approver=by,
                reason=toelichting or "akkoord boven budget",
            )
            _granted(a, by=by)
        else:
            _transition(a, "tweede_akkoord_weigeren", by=by, reason=f"geen akkoord: {toelichting}")
        _finish(item, by=by, reason=toelichting)
        return a


def _granted(a: Ondersteuningsaanvraag, *, by) -> None:
    """A grant takes effect: the beslistermijn closes, the letter goes to ouders and school, and the
    evaluation tasks are set for their dates."""
    _close_term(a.case, BESLISTERMIJN, by=by, reason="besluit genomen (toegewezen)")
    _start_evaluations(a, by=by, because="toewijzing", basis="datum vastgesteld in de toewijzing")
    _send_letter(a, by=by)


def _start_evaluations(a: Ondersteuningsaanvraag, *, by, because: str, basis: str) -> None:
    """The evaluation terms up to the arrangement's dates; the sweep turns each into a task on its day."""
    today = clock.today()
    for moment, day in (
        (EvaluatieMoment.TUSSENTIJDS, a.tussenevaluatie_op),
        (EvaluatieMoment.EIND, a.einddatum),
    ):
        if day is None:
            continue
        deadline_services.deadline_start(
            case=a.case,
            kind=EVALUATIE_KINDS[moment],
            started_on=today,
            by=by,
            length=max((day - today).days, 1),
            unit=Unit.CALENDAR_DAYS,
            started_because=because,
            basis=basis,
        )


def aanvraag_reopen(
    *,
    aanvraag: Ondersteuningsaanvraag,
    by,
    reason: str,
    einddatum: dt.date | None = None,
    tussenevaluatie_op: dt.date | None = None,
) -> Ondersteuningsaanvraag:
    """A closed arrangement runs again as granted (the same grant and budget) until a new end date, with
    its evaluations anew; for an arrangement closed too early or by mistake. A refusal is a besluit and is
    not reopened (it changes by bezwaar); an extension is a new request (evaluation "verlengen")."""
    with refusals_logged(case=aanvraag.case, action="heropenen", by=by):
        if aanvraag.status == AanvraagStatus.AFGEWEZEN:
            raise Conflict(
                "Een afgewezen aanvraag is een besluit: zij wordt niet heropend maar verandert alleen door "
                "bezwaar. Dien zo nodig een nieuwe aanvraag in.",
                code="heropenen-besluit",
            )
        if einddatum is None:
            raise ValidationFailed("Vul de nieuwe einddatum in.", field="einddatum")
        plausible_date(einddatum, field="einddatum", label="Einddatum", not_after=years_ahead(4))
        if einddatum <= clock.today():
            raise ValidationFailed("De nieuwe einddatum ligt niet in de toekomst.", field="einddatum")
        if tussenevaluatie_op is not None and not (clock.today() < tussenevaluatie_op < einddatum):
            raise ValidationFailed(
                "De tussentijdse evaluatie valt tussen vandaag en de nieuwe einddatum.",
                field="tussenevaluatie_op",
            )
    return _record.reopen(
        aanvraag,
        by=by,
        reason=reason,
        einddatum=einddatum,
        tussenevaluatie_op=tussenevaluatie_op,
        restart=lambda a: _start_evaluations(
            a, by=by, because="heropend", basis="nieuwe einddatum bij het heropenen"
        ),
    )


# --- the besluit letter ---------------------------------------------------------------------------------


def _send_letter(a: Ondersteuningsaanvraag, *, by) -> list:
    """The besluit letter (PDF) to each ouder with gezag (their own copy, by e-mail where they have an
    address) and to the school; a refusal carries the bezwaarclausule with its term. Stored as documents
    of the case; the timeline names the recipients."""
    from cases.deadlines import format_date_nl
    from cases.letters import render_pdf
    from cases.models import Briefhoofd
    from cases.models.tlv_lifecycle import Commissie
    from cases.services import bekendmaking

    case = a.case
    today = clock.today()
    termijn = bekendmaking.bezwaartermijn(case.swv, today)
    briefhoofd = Briefhoofd.objects.filter(swv_id=case.swv_id).first()
    ontvangers = bekendmaking.recipients(case)
    toegewezen = a.besluit == Besluit.TOEWIJZEN
    context = {
        "briefhoofd": briefhoofd,
        "logo": briefhoofd.logo_data_uri() if briefhoofd else "",
        "ondertekenaar_functie": briefhoofd.ondertekenaar_functie if briefhoofd else "consulent",
        "case": case,
        "aanvraag": a,
        "toegewezen": toegewezen,
        "datum": format_date_nl(today),
        "geboortedatum": format_date_nl(case.leerling.geboortedatum),
        "betreft": "besluit op de ondersteuningsaanvraag",
        "ondertekenaar": by.get_full_name() or by.username,
        "commissie": str(Commissie(case.swv.bezwaar_commissie).label),
        "bezwaar_tot": format_date_nl(termijn.due_on),
        "startdatum": format_date_nl(a.startdatum) if a.startdatum else "",
        "einddatum": format_date_nl(a.einddatum) if a.einddatum else "",
    }
    docs = []
    for _soort, naam, adres in ontvangers:
        own = {**context, "ontvangers": [{"naam": naam, "adres": adres}]}
        content = render_pdf("loket_besluit.html", own)
        doc = bekendmaking.store_pdf(
            case=case, by=by, name=f"besluit-{case.reference}-{len(docs) + 1}.pdf", content=content
        )
        docs.append(doc)
    ouders = [r for r in ontvangers if getattr(r, "ouder", None) is not None]
    for r, doc in zip(ontvangers, docs, strict=True):
        email = getattr(r, "email", "")
        if getattr(r, "ouder", None) is not None and email:
            content = doc.file.read()
            subject = f"Besluit ondersteuningsaanvraag — {case.reference}"
            body = (
                f"Beste {r[1]},\n\nIn de bijlage vindt u het besluit van {case.swv.name} op de "
                f"ondersteuningsaanvraag voor {case.leerling.voornaam} ({case.reference}).\n\n"
                f"Met vriendelijke groet,\n{case.swv.name}"
            )
            transaction.on_commit(
                lambda email=email, subject=subject, body=body, name=doc.original_name, content=content: (
                    bekendmaking._send_by_email(
                        to=email, subject=subject, body=body, filename=name, content=content
                    )
                )
            )
    record_event(
        case=case,
        kind=CaseEvent.Kind.DOCUMENT,
        actor=by,
        action="besluitbrief",
        summary=(
            "Besluitbrief (toewijzing)" if toegewezen else "Besluitbrief (afwijzing, met bezwaarclausule)"
        )
        + " verzonden aan "
        + ", ".join(r[1] for r in ontvangers),
        data={
            "documents": [d.pk for d in docs],
            "ouders": len(ouders),
            "explanation": "" if toegewezen else termijn.text,
        },
    )
    return docs


# --- evaluation -----------------------------------------------------------------------------------------


def on_signal_warning(*, deadline, by) -> list[WorkItem]:
    """The evaluation day: a task for the consulent (idempotent per deadline)."""
    moment = next(m for m, kind in EVALUATIE_KINDS.items() if kind == deadline.kind)
    key = f"deadline:{deadline.pk}:evaluatie"
    existing = WorkItem.objects.filter(idempotency_key=key).first()
    if existing:
        return [existing]
    a = Ondersteuningsaanvraag.objects.select_related("case").get(case=deadline.case)
    if a.status != AanvraagStatus.TOEGEWEZEN:
        return []
    title = (
        "Tussentijdse evaluatie arrangement"
        if moment == EvaluatieMoment.TUSSENTIJDS
        else "Eindevaluatie arrangement"
    )
    return [
        workitem_create(
            case=a.case,
            node=EVALUATIE_NODES[moment],
            title=title,
            role=Role.CONSULENT,
            due_at=clock.end_of_day(deadline.due_on + dt.timedelta(weeks=2)),
            instructions=(
                f"{a.get_arrangement_soort_display()} bij {a.aanbieder}, {a.startdatum:%d-%m-%Y} t/m "
                f"{a.einddatum:%d-%m-%Y}. Evalueer met de school of de doelen zijn bereikt en kies het "
                "vervolg."
            ),
            idempotency_key=key,
            by=by,
        )
    ]


def on_signal_breach(*, deadline, by) -> list[WorkItem]:
    """The day after the evaluation day: the task stands; the signal term is done."""
    deadline_services.deadline_close(deadline=deadline, reason="evaluatiemoment bereikt", by=by)
    return []


def evaluatie_record(
    *,
    item: WorkItem,
    by,
    doelen_bereikt: str,
    vervolg: str,
    toelichting: str,
    uren_gebruikt: int | None = None,
    bedrag_gebruikt: Decimal | None = None,
) -> Evaluatie:
    """Record an evaluation: goals reached, what next. At the end (or on stop / escalation to a TLV) the
    arrangement closes; "verlengen" opens a new request, linked to this one, for the school to complete."""
    aanvraag = Ondersteuningsaanvraag.objects.get(case=item.case)
    with _record.step(aanvraag, action="evaluatie", by=by) as a:
        if a.status != AanvraagStatus.TOEGEWEZEN:
            raise Conflict(
                "Dit arrangement loopt niet (meer): een evaluatie is alleen mogelijk bij een lopend "
                "arrangement.",
                code="arrangement-afgesloten",
            )
        if not policies.can(by, "loket.evaluate", a):
            raise NotPermitted("Alleen de consulent van het samenwerkingsverband legt de evaluatie vast.")
        moment = next((m for m, node in EVALUATIE_NODES.items() if node == item.node), None)
        if moment is None:
            raise ValidationFailed("Dit is geen evaluatietaak.")
        if doelen_bereikt not in DoelenBereikt.values:
            raise ValidationFailed("Kies of de doelen zijn bereikt.", field="doelen_bereikt")
        if vervolg not in Vervolg.values:
            raise ValidationFailed("Kies het vervolg.", field="vervolg")
        if moment == EvaluatieMoment.EIND and vervolg == Vervolg.DOORGAAN:
            raise ValidationFailed(
                "Na de eindevaluatie gaat het arrangement niet door zoals toegewezen: kies verlengen, "
                "stoppen "
                "of opschalen.",
                field="vervolg",
            )
        if not (toelichting or "").strip():
            raise ValidationFailed("Geef een toelichting.", field="toelichting")
        if a.evaluaties.filter(moment=moment, ronde=a.ronde).exists():
            raise Conflict("Deze evaluatie is al vastgelegd.", code="evaluatie-bestaat")
        item = take_for_completion(item=item, by=by)
        now = clock.now()
        ev = Evaluatie(
            aanvraag=a,
            ronde=a.ronde,
            moment=moment,
            doelen_bereikt=doelen_bereikt,
            vervolg=vervolg,
            toelichting=toelichting.strip(),
            uren_gebruikt=uren_gebruikt,
            bedrag_gebruikt=bedrag_gebruikt,
            by=by,
            at=now,
        )
        save_with_history(ev, by=by, reason=f"{ev.get_moment_display()}: {ev.get_vervolg_display()}")
        record_event(
            case=a.case,
            kind=CaseEvent.Kind.NOTE,
            actor=by,
            action=f"evaluatie_{moment}",
            summary=(
                f"{ev.get_moment_display()}: {ev.get_doelen_bereikt_display()}; {ev.get_vervolg_display()}"
            ),
            reason=ev.toelichting,
        )
        _close_term(a.case, EVALUATIE_KINDS[moment], by=by, reason="evaluatie vastgelegd")
        workitem_close(item=item, by=by, reason=ev.toelichting)
        if vervolg == Vervolg.VERLENGEN:
            verlenging = aanvraag_create(
                by=by,
                leerling=a.case.leerling,
                school=a.case.school,
                aanvraag_type=a.aanvraag_type,
                vraag=f"Verlenging van {a.case.reference}: {a.vraag}",
                ingezet=(
                    f"{a.get_arrangement_soort_display()} ({a.case.reference}); evaluatie: {ev.toelichting}"
                ),
                vorige=a,
            )
            record_event(
                case=a.case,
                kind=CaseEvent.Kind.NOTE,
                actor=by,
                action="verlenging",
                summary=(
                    f"Verlenging aangevraagd: {verlenging.case.reference} (de school vult aan en dient in)"
                ),
            )
        if moment == EvaluatieMoment.EIND or vervolg != Vervolg.DOORGAAN:
            for kind in EVALUATIE_KINDS.values():
                _close_term(a.case, kind, by=by, reason="arrangement afgesloten")
            for open_item in WorkItem.objects.filter(
                case=a.case, node__in=list(EVALUATIE_NODES.values()), status=WorkItem.Status.OPEN
            ):
                workitem_close(item=open_item, by=by, reason="arrangement afgesloten")
            _transition(a, "afsluiten", by=by, at=now, reason=ev.get_vervolg_display())
            _close_case(a, by=by, at=now, reason="arrangement afgesloten")
        return ev


# --- LWOO and PrO: test results assessed against the SWV's criteria -------------------------------------


def _criteria_of(a) -> dict:
    soort = a.aanvraag_type.arrangement_soort
    criteria = a.criteria_toets or loket_criteria.criteria_for(a.case.swv, soort)
    if not criteria:
        raise ValidationFailed(
            f"Samenwerkingsverband {a.case.swv.code} heeft geen eigen criteria voor "
            f"{ArrangementSoort(soort).label} in zijn profiel (onderdeel loket).",
            code="geen-criteria",
        )
    return criteria


def assessment(a: Ondersteuningsaanvraag) -> list[dict]:
    """The request's test results against the criteria it was assessed on: one line per criterion."""
    if a.aanvraag_type.arrangement_soort not in CRITERIA_SOORTEN or not a.toetsgegevens:
        return []
    criteria = a.criteria_toets or loket_criteria.criteria_for(a.case.swv, a.aanvraag_type.arrangement_soort)
    if not criteria:
        return []
    return loket_criteria.assess(
        criteria, uitslagen=a.toetsgegevens.get("uitslagen", []), iq=a.toetsgegevens.get("iq")
    )


def toetsgegevens_record(
    *, aanvraag: Ondersteuningsaanvraag, by, uitslagen: list[dict], iq: int | None = None
) -> Ondersteuningsaanvraag:
    """LWOO / PrO: the test results per domain (instrument and DLE) and, where the criteria ask for it, the
    IQ; recorded by the school while it prepares the request or by the consulent while assessing it. The
    SWV's criteria in force are copied onto the request: it is assessed on the rules it was filed under."""
    with _record.step(aanvraag, action="toetsgegevens", by=by) as a:
        if a.aanvraag_type.arrangement_soort not in CRITERIA_SOORTEN:
            raise ValidationFailed("Deze soort aanvraag kent geen toetsgegevens.", code="geen-toetsgegevens")
        if a.status == AanvraagStatus.CONCEPT:
            allowed = policies.can(by, "loket.submit", a)
        elif a.status == AanvraagStatus.IN_BEHANDELING:
            allowed = policies.can(by, "loket.decide", a)
        else:
            raise Conflict(
                "De toetsgegevens liggen vast: de aanvraag wacht op triage of is al besloten.",
                code="transition-not-allowed",
            )
        if not allowed:
            raise NotPermitted("U kunt de toetsgegevens van deze aanvraag niet vastleggen.")
        criteria = _criteria_of(a)
        rows, seen = [], set()
        for n, u in enumerate(uitslagen or [], start=1):
            domein, instrument, dle = u.get("domein"), (u.get("instrument") or "").strip(), u.get("dle")
            if domein not in loket_criteria.DOMEINEN:
                raise ValidationFailed(f"Uitslag {n}: kies het domein.", field="uitslagen")
            if domein in seen:
                raise ValidationFailed(f"Uitslag {n}: dit domein staat er al.", field="uitslagen")
            if not instrument:
                raise ValidationFailed(f"Uitslag {n}: noem het toetsinstrument.", field="uitslagen")
            if not isinstance(dle, int) or isinstance(dle, bool) or not 0 <= dle <= 120:
                raise ValidationFailed(
                    f"Uitslag {n}: de DLE is een geheel getal van 0 tot 120.", field="uitslagen"
                )
            seen.add(domein)
            rows.append({"domein": domein, "instrument": instrument[:80], "dle": dle})
        if not rows:
            raise ValidationFailed("Vul minstens één toetsuitslag in.", field="uitslagen")
        if iq is not None and not 30 <= iq <= 160:
            raise ValidationFailed("Het IQ ligt tussen 30 en 160.", field="iq")
        a.toetsgegevens = {"uitslagen": rows, "iq": iq}
        a.criteria_toets = criteria
        save_with_history(a, by=by, reason="toetsgegevens vastgelegd")
        ok = loket_criteria.passes(assessment(a))
        record_event(
            case=a.case,
            kind=CaseEvent.Kind.NOTE,
            actor=by,
            action="toetsgegevens",
            summary="Toetsgegevens vastgelegd: "
            + ("voldoet aan de criteria" if ok else "voldoet niet aan alle criteria"),
        )
        return a


# --- advice and consultation questions ------------------------------------------------------------------

ADVIESTERMIJN = "loket_adviestermijn"
ADVIESVRAAG_PREFIX = "AV"
# nine digits, optionally grouped with spaces, dots or dashes (123 456 782, 1234.56.782), not part of a
# longer number
_NINE_DIGITS = re.compile(r"(?<!\d)(?:\d[ .-]?){8}\d(?!\d)")
BSN_REFUSED = (
    "Deze vraag bevat een burgerservicenummer (BSN). Een adviesvraag aan het loket bevat geen BSN: haal het "
    "nummer weg. Bij een anonieme vraag noemt u ook geen naam of geboortedatum van de leerling."
)


def contains_bsn(text: str) -> bool:
    """Whether the text holds nine digits that pass the BSN elfproef."""
    return any(is_valid_bsn(re.sub(r"\D", "", m.group())) for m in _NINE_DIGITS.finditer(text or ""))


@contextmanager
def _question_refusals_logged(*, action: str, by, school):
    """A refused question has no case to note it on: the attempt goes into the audit chain (its code and
    the school, never the text, which may hold the number it was refused for)."""
    try:
        yield
    except DomainError as exc:
        from audit.services import audit_append

        audit_append(
            action=f"loket.{action}.geweigerd",
            actor=by if getattr(by, "pk", None) else None,
            payload={"code": exc.code, "school": getattr(school, "pk", None), "field": exc.field or ""},
        )
        log.info("refused %s for school %s by %s: %s", action, getattr(school, "pk", None), by, exc.code)
        raise


def adviesvraag_create(
    *,
    by,
    school: School,
    soort: str,
    vraag: str,
    leerling: Leerling | None = None,
    betreft: str = Betreft.LEERLING,
    groep: str = "",
):
    """A school asks the loket an advice or consultation question, anonymously (no pupil) or about one of
    its pupils (then the ouders' consent for sharing data must be in the register). The answer term starts
    today. A question text with a BSN in it is refused."""
    with _question_refusals_logged(action="adviesvraag", by=by, school=school):
        if not policies.loket_request_schools(by).filter(pk=school.pk).exists():
            raise NotPermitted("Alleen een medewerker van de vragende school kan een vraag stellen.")
        if soort not in AdviesvraagSoort.values:
            raise ValidationFailed("Kies advies of consultatie.", field="soort")
        vraag = (vraag or "").strip()
        if not vraag:
            raise ValidationFailed("Beschrijf uw vraag.", field="vraag")
        if contains_bsn(vraag):
            raise ValidationFailed(BSN_REFUSED, code="bsn-in-vraag", field="vraag")
        if betreft not in Betreft.values:
            raise ValidationFailed("Kies waar de vraag over gaat.", field="betreft")
        groep = (groep or "").strip() if betreft == Betreft.GROEP else ""
        if betreft == Betreft.GROEP and not groep:
            raise ValidationFailed("Noem de groep of klas.", field="groep")
        if betreft != Betreft.LEERLING and leerling is not None:
            raise ValidationFailed(
                "Een vraag over een groep of de hele school noemt geen leerling.", field="leerling"
            )
        if leerling is not None:
            if leerling.swv_id != school.swv_id:
                raise ValidationFailed(
                    "De leerling hoort niet bij het samenwerkingsverband van de school.", field="leerling"
                )
            consent_services.consent_require(leerling=leerling, purpose=CONSENT_PURPOSE)
        with transaction.atomic():
            swv = Swv.objects.select_for_update().get(pk=school.swv_id)
            today = clock.today()
            term = term_for(swv, ADVIESTERMIJN)
            due = compute_due(
                started_on=today, rule=term.rule, started_because="vraag gesteld", basis=term.basis
            )
            v = Adviesvraag(
                reference=routes.next_reference(swv, ADVIESVRAAG_PREFIX),
                swv=swv,
                school=school,
                soort=soort,
                betreft=betreft,
                groep=groep,
                leerling=leerling,
                vraag=vraag,
                gesteld_op=today,
                gesteld_door=by,
                antwoord_uiterlijk=due.due_on,
                termijn_uitleg=due.text,
            )
            save_with_history(v, by=by, reason=f"{v.get_soort_display()} gesteld")
            return v


def _lock_vraag(vraag):
    return (
        Adviesvraag.objects.select_for_update(of=("self",)).select_related("swv", "school").get(pk=vraag.pk)
    )


def adviesvraag_answer(*, vraag, by, antwoord: str):
    """The loket (a consulent of the SWV) answers the question."""
    with (
        _question_refusals_logged(action="adviesvraag beantwoorden", by=by, school=vraag.school),
        transaction.atomic(),
    ):
        v = _lock_vraag(vraag)
        if v.status != AdviesvraagStatus.GESTELD:
            raise Conflict("Deze vraag is al beantwoord.", code="transition-not-allowed")
        if not policies.can(by, "adviesvraag.answer", v):
            raise NotPermitted("Alleen een consulent van het samenwerkingsverband beantwoordt de vraag.")
        antwoord = (antwoord or "").strip()
        if not antwoord:
            raise ValidationFailed("Schrijf het antwoord.", field="antwoord")
        v.beantwoorden(at=clock.now(), by=by, antwoord=antwoord)
        save_with_history(v, by=by, reason="beantwoord")
        return v


def adviesvraag_convert(
    *, vraag, by, leerling: Leerling, aanvraag_type: AanvraagType, ingezet: str
) -> Ondersteuningsaanvraag:
    """The school turns the question into a full support request for a pupil, once the ouders have given
    their consent (aanvraag_create checks the register): the request carries the question and its answer,
    and the question points to the request."""
    with (
        _question_refusals_logged(action="adviesvraag omzetten", by=by, school=vraag.school),
        transaction.atomic(),
    ):
        v = _lock_vraag(vraag)
        if v.status == AdviesvraagStatus.OMGEZET:
            raise Conflict("Deze vraag is al omgezet in een aanvraag.", code="transition-not-allowed")
        if v.betreft != Betreft.LEERLING:
            raise ValidationFailed(
                "Een vraag over een groep of de hele school wordt geen aanvraag voor één leerling.",
                code="vraag-niet-om-te-zetten",
            )
        if not policies.can(by, "adviesvraag.convert", v):
            raise NotPermitted("Alleen de vragende school zet de vraag om in een aanvraag.")
        if v.leerling_id is not None and leerling.pk != v.leerling_id:
            raise ValidationFailed("De vraag gaat over een andere leerling.", field="leerling")
        tekst = f"{v.get_soort_display()} {v.reference}: {v.vraag}"
        if v.antwoord:
            tekst += f"\nAntwoord van het loket: {v.antwoord}"
        a = aanvraag_create(
            by=by,
            leerling=leerling,
            school=v.school,
            aanvraag_type=aanvraag_type,
            vraag=tekst,
            ingezet=ingezet,
        )
        v.leerling = leerling
        v.omzetten(aanvraag=a)
        save_with_history(v, by=by, reason=f"omgezet in {a.case.reference}")
        record_event(
            case=a.case,
            kind=CaseEvent.Kind.NOTE,
            actor=by,
            action="adviesvraag_omgezet",
            summary=f"Voortgekomen uit {v.get_soort_display().lower()} {v.reference}",
        )
        return a


# --- flow bridge ----------------------------------------------------------------------------------------


_flow = routes.flow_of("loket", "LoketFlow")
