"""TLV route services: the only code that changes a TlvAanvraag.

Every function is keyword-only, runs in one transaction, locks the record (SELECT ... FOR UPDATE),
re-checks state and permission, transitions, writes history and the timeline, moves the deadlines,
completes the viewflow task and queues notifications after commit. A refused attempt raises a
DomainError with a clear Dutch message and is logged on the case's timeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases import clock, policies, profiles
from cases.deadlines import (
    ASKED_ON,
    CEILING_OWN_TERM_ENDS_LATER,
    CEILING_UNTIL_COMPLETE,
    OWN_TERM_WITHIN_CEILING,
    UNUSED_EXPIRED_ON,
    Unit,
    add_term,
    compute_due,
    format_date_nl,
    stored_term_text,
)
from cases.errors import Conflict, NotPermitted, ValidationFailed
from cases.models import (
    BtoReview,
    Deadline,
    Deskundige,
    DeskundigenAdvies,
    School,
    Swv,
    TlvAanvraag,
    TlvStatus,
    WorkItem,
)
from cases.models.case import Route
from cases.models.consent import ConsentPurpose
from cases.models.deadlines import TermStart
from cases.models.tlv import OPEN_STATES, CvaUitkomst, TlvSoort
from cases.roles import Role
from cases.services import consent as consent_services
from cases.services import deadlines as deadline_services
from cases.services import routes, tlv_variants
from cases.services.archief import archive_on_close
from cases.services.common import _emit, record_event, refusals_logged, save_with_history
from cases.services.workitems import (
    cancel_open_items,
)
from cases.system import system_user
from cases.terms import CEILINGS, exceeds_ceiling, term_for
from cases.validators import plausible_date, years_ahead
from notifications.models import Notification
from notifications.services import notify
from workflows import engine

BESLISTERMIJN = "tlv_beslistermijn"
HERSTELTERMIJN = "tlv_hersteltermijn"
INFORMATIETERMIJN = "tlv_informatietermijn"
BEOORDELING = "tlv_beoordeling"
ADVIEZEN_ONTVANGEN = gettext_noop("de deskundigenadviezen zijn ontvangen")

DEFAULT_REQUIRED_DOCUMENTS = ["opp|groeidocument", "zienswijze_ouders", "instemming_ouders", "interventies"]

CONDITION_MESSAGES = {
    "heeft_twee_adviezen": "Er zijn nog geen twee deskundigenadviezen.",
    "heeft_cva_advies": "Er is nog geen advies van de CvA/BTO (toekennen of afwijzen).",
    "hersteltermijn_verstreken": "De hersteltermijn is nog niet verstreken.",
}


_record = routes.RouteRecord(TlvAanvraag, Route.TLV, condition_messages=CONDITION_MESSAGES)
_lock, _transition, _open_item, _finish = _record.lock, _record.transition, _record.open_item, routes.finish


def required_documents(swv: Swv) -> list[str]:
    return list(swv.required_documents or DEFAULT_REQUIRED_DOCUMENTS)


def missing_documents(aanvraag: TlvAanvraag) -> list[str]:
    """The documents the SWV's profile (as the case started under it) requires for this kind and lacks."""
    from collections import Counter

    present = Counter(aanvraag.case.documents.values_list("kind", flat=True))
    return profiles.missing_documents(
        profiles.for_case(aanvraag.case), route="tlv", soort=aanvraag.gevraagde_soort, present=present
    )


# --- when the beslistermijn starts and stands still (Awb 4:13, 4:15) -------------------------------


def _received_on(a: TlvAanvraag) -> dt.date:
    """The day the aanvraag was received: the day it was submitted (ingediend)."""
    return timezone.localdate(a.ingediend_op) if a.ingediend_op else clock.today()


def _counts_from_complete_dossier(a: TlvAanvraag) -> bool:
    return term_for(a.case.swv, BESLISTERMIJN).starts_from == TermStart.VOLLEDIG_DOSSIER


def _ceiling_basis(message: str, **params) -> str:
    """The statutory ceiling's basis (one of the ``CEILING_*`` messages), stored in Dutch."""
    max_length, _unit, article = CEILINGS[BESLISTERMIJN]
    return stored_term_text(message, weeks=max_length, article=article, **params)


def _start_beslistermijn(a: TlvAanvraag, *, by) -> Deadline:
    """Start the beslistermijn on receipt of the aanvraag (Awb 4:13), never on the day the consulent checked
    it. Where the SWV's own term counts from the complete dossier, the statutory ceiling runs from receipt
    until the file is declared complete (suspended while herstel is pending, 4:15); then
    `_own_term_from_complete_file` puts the SWV's term in its place when that ends first."""
    if _counts_from_complete_dossier(a):
        max_length, max_unit, article = CEILINGS[BESLISTERMIJN]
        return deadline_services.deadline_start(
            case=a.case,
            kind=BESLISTERMIJN,
            started_on=_received_on(a),
            started_because=AANVRAAG_ONTVANGEN,
            length=max_length,
            unit=max_unit,
            atw=True,
            basis=_ceiling_basis(CEILING_UNTIL_COMPLETE),
            by=by,
        )
    return deadline_services.deadline_start(
        case=a.case, kind=BESLISTERMIJN, started_on=_received_on(a), started_because=AANVRAAG_ONTVANGEN, by=by
    )


def _own_term_from_complete_file(a: TlvAanvraag, termijn: Deadline, *, complete_on: dt.date, by) -> None:
    """The SWV counts its term from the complete file (seed 002): it replaces the statutory ceiling when it
    ends no later; otherwise the ceiling stays and its explanation says why the SWV's date does not apply."""
    term = term_for(a.case.swv, BESLISTERMIJN)
    max_length, max_unit, article = CEILINGS[BESLISTERMIJN]
    own_rule = term.rule
    if exceeds_ceiling(BESLISTERMIJN, own_rule.length, own_rule.unit, started_on=complete_on):
        own_rule = replace(own_rule, length=max_length, unit=max_unit)
    own_due = compute_due(started_on=complete_on, rule=own_rule).due_on
    if termijn.due_on is not None and own_due > termijn.due_on:
        deadline_services.deadline_rebase(
            deadline=termijn,
            basis=_ceiling_basis(
                CEILING_OWN_TERM_ENDS_LATER, own=(own_rule.length, own_rule.unit), date=own_due
            ),
            by=by,
            reason="dossier volledig; het wettelijk maximum blijft gelden",
        )
        return
    deadline_services.deadline_rebase(
        deadline=termijn,
        started_on=complete_on,
        started_because=VOLLEDIG_NA_HERSTEL if a.aangevuld_op else VOLLEDIG_BIJ_AANVRAAG,
        rule=own_rule,
        basis=_ceiling_basis(OWN_TERM_WITHIN_CEILING),
        by=by,
        reason="dossier volledig; de eigen termijn van het samenwerkingsverband gaat in",
    )


# the events the TLV's terms count from (the day after each), named in their explanations
AANVRAAG_ONTVANGEN = gettext_noop("aanvraag ontvangen")
VOLLEDIG_BIJ_AANVRAAG = gettext_noop("volledig dossier ontvangen bij de aanvraag")
VOLLEDIG_NA_HERSTEL = gettext_noop("volledig dossier ontvangen: ontbrekende stukken ontvangen")
HERSTEL_GEVRAAGD = gettext_noop("om aanvulling van het dossier gevraagd")
MEER_INFORMATIE_GEVRAAGD = gettext_noop("CvA/BTO vraagt meer informatie")
# why the beslistermijn stands still while the herstel is pending (Awb 4:15), named in its explanation
HERSTEL_GEVRAAGD_REDEN = gettext_noop("dossier onvolledig, aanvulling (herstel) gevraagd")


def _suspend_beslistermijn(a: TlvAanvraag, *, asked_on: dt.date, until: dt.date, reason: str, by) -> None:
    """Awb 4:15 lid 1 a: the term stands still from the day after the request until the day the answer is
    received, or at the latest until the term set for it has run out."""
    termijn = deadline_services.running(a.case, BESLISTERMIJN)
    if termijn:
        deadline_services.deadline_pause(
            deadline=termijn,
            on=asked_on + dt.timedelta(days=1),
            until=until,
            by=by,
            reason=stored_term_text(ASKED_ON, reason=reason, date=asked_on),
        )


def _resume_beslistermijn(a: TlvAanvraag, *, on: dt.date, reason: str, by) -> None:
    termijn = deadline_services.running(a.case, BESLISTERMIJN)
    if termijn and termijn.status == Deadline.Status.PAUSED:
        deadline_services.deadline_resume(deadline=termijn, on=on, by=by, reason=reason)


def answer_term_expired(*, deadline: Deadline, by) -> None:
    """The sweep: a hersteltermijn or antwoordtermijn ran out unused; the beslistermijn runs again from the
    day after its last day (Awb 4:15 lid 1 a), whenever the sweep notices."""
    a = TlvAanvraag.objects.select_for_update(of=("self",)).select_related("case").get(case=deadline.case)
    termijn = deadline_services.running(a.case, BESLISTERMIJN)
    if termijn is None or termijn.status != Deadline.Status.PAUSED or deadline.due_on is None:
        return
    deadline_services.deadline_resume(
        deadline=termijn,
        on=deadline.due_on + dt.timedelta(days=1),
        by=by,
        reason=stored_term_text(UNUSED_EXPIRED_ON, term=deadline.label, date=deadline.due_on),
    )


# --- aanvraag by the school --------------------------------------------------------------------


def aanvraag_create(
    *,
    by,
    leerling,
    school: School,
    gevraagde_soort: str,
    gevraagde_categorie: str = "",
    gevraagde_cluster: int | None = None,
    onderbouwing: str = "",
) -> TlvAanvraag:
    if school.pk not in policies.scope_of(by).schools:
        raise NotPermitted("Alleen een medewerker van de aanvragende school kan een TLV aanvragen.")
    if leerling.swv_id != school.swv_id:
        raise ValidationFailed(
            "Deze leerling hoort niet bij het samenwerkingsverband van de school.", field="leerling"
        )
    if gevraagde_soort not in TlvSoort.values:
        raise ValidationFailed("Kies de gevraagde soort TLV.", field="gevraagde_soort")
    # the sector and the SWV's own TLV kinds (its profile): a PO SWV issues no VSO TLV
    profiles.check_soort_issued(profiles.current(school.swv), gevraagde_soort, field_name="gevraagde_soort")
    tlv_variants.check_create(leerling=leerling, school=school, gevraagde_soort=gevraagde_soort)
    with transaction.atomic():
        case = _record.start_case(leerling=leerling, school=school, by=by, reason="aanvraag aangemaakt")
        aanvraag = TlvAanvraag(
            case=case,
            gevraagde_soort=gevraagde_soort,
            gevraagde_categorie=gevraagde_categorie,
            gevraagde_cluster=gevraagde_cluster,
            onderbouwing=onderbouwing,
        )
        routes.record_created(
            aanvraag,
            by=by,
            reason="aanvraag aangemaakt",
            to_state=TlvStatus.CONCEPT,
            summary="Aanvraag aangemaakt (concept)",
        )
        routes.start_flow(aanvraag, _flow(), by=by)
        return aanvraag


def aanvraag_update(*, aanvraag: TlvAanvraag, by, **fields) -> TlvAanvraag:
    with _record.step(aanvraag, action="aanvraag wijzigen", by=by) as a:
        if a.status != TlvStatus.CONCEPT:
            raise Conflict("Een ingediende aanvraag kan niet meer worden gewijzigd.")
        if not policies.can(by, "tlv.submit", a):
            raise NotPermitted()
        for name in ("gevraagde_soort", "gevraagde_categorie", "gevraagde_cluster", "onderbouwing"):
            if name in fields:
                setattr(a, name, fields[name])
        return save_with_history(a, by=by, reason="aanvraag gewijzigd")


def aanvraag_submit(*, aanvraag: TlvAanvraag, by) -> TlvAanvraag:
    with _record.step(aanvraag, action="indienen", by=by) as a:
        item = _open_item(a, "indienen", by)
        profiles.check_documents(profiles.for_case(a.case), case=a.case, route="tlv", soort=a.gevraagde_soort)
        if not a.onderbouwing.strip():
            raise ValidationFailed(
                "Geef een onderbouwing van de aanvraag.", code="onderbouwing", field="onderbouwing"
            )
        tlv_variants.check_submit(a)  # TLV praktijkonderwijs: applicant and criteria
        # the ouders' consent: in the register, or their signed toestemmingsverklaring; never a withdrawn one
        consent_services.consent_for_tlv(leerling=a.case.leerling, case=a.case)
        _transition(a, "indienen", by=by, at=clock.now())
        _start_beslistermijn(a, by=by)
        _finish(item, by=by)
        return a


# --- completeness check by the consulent ---------------------------------------------------------


def volledigheid_record(
    *,
    aanvraag: TlvAanvraag,
    by,
    volledig: bool,
    ontbrekende_stukken: str = "",
    hersteltermijn_tot: dt.date | None = None,
) -> TlvAanvraag:
    plausible_date(
        hersteltermijn_tot, field="hersteltermijn_tot", label="Hersteltermijn", not_after=years_ahead(1)
    )
    with _record.step(aanvraag, action="volledigheidstoets", by=by) as a:
        item = _open_item(a, "volledigheidstoets", by)
        today = clock.today()
        if volledig:
            complete_on = a.aangevuld_op or _received_on(a)  # when the complete file was received
            _transition(a, "volledig_verklaren", by=by, on=complete_on, reason="dossier volledig")
            herstel = deadline_services.running(a.case, HERSTELTERMIJN)
            if herstel:
                deadline_services.deadline_close(deadline=herstel, reason="dossier aangevuld", by=by)
            if deadline_services.running(a.case, BESLISTERMIJN) is None:
                _start_beslistermijn(a, by=by)
            else:
                _resume_beslistermijn(a, on=complete_on, by=by, reason="ontbrekende stukken ontvangen")
            termijn = deadline_services.running(a.case, BESLISTERMIJN)
            if termijn is not None and _counts_from_complete_dossier(a):
                _own_term_from_complete_file(a, termijn, complete_on=complete_on, by=by)
        else:
            if not ontbrekende_stukken.strip():
                raise ValidationFailed(
                    "Noem de ontbrekende stukken.", code="ontbrekend-leeg", field="ontbrekende_stukken"
                )
            herstel = deadline_services.running(a.case, HERSTELTERMIJN)
            if herstel:
                deadline_services.deadline_close(deadline=herstel, reason="nieuwe hersteltermijn", by=by)
            if hersteltermijn_tot is None:
                herstel = deadline_services.deadline_start(
                    case=a.case,
                    kind=HERSTELTERMIJN,
                    started_on=today,
                    started_because=HERSTEL_GEVRAAGD,
                    by=by,
                )
                hersteltermijn_tot = herstel.due_on
            else:
                if hersteltermijn_tot <= today:
                    raise ValidationFailed(
                        "De hersteltermijn moet in de toekomst liggen.",
                        code="termijn-verleden",
                        field="hersteltermijn_tot",
                    )
                # a term set by the consulent as a date: exactly up to that day, no Atw roll-forward
                deadline_services.deadline_start(
                    case=a.case,
                    kind=HERSTELTERMIJN,
                    started_on=today,
                    started_because=HERSTEL_GEVRAAGD,
                    by=by,
                    length=(hersteltermijn_tot - today).days,
                    unit=Unit.CALENDAR_DAYS,
                    atw=False,
                )
            _suspend_beslistermijn(
                a,
                asked_on=today,
                until=hersteltermijn_tot,
                by=by,
                reason=HERSTEL_GEVRAAGD_REDEN,
            )
            _transition(
                a,
                "onvolledig_verklaren",
                by=by,
                missing=ontbrekende_stukken.strip(),
                hersteltermijn_tot=hersteltermijn_tot,
                reason=ontbrekende_stukken.strip(),
            )
        _finish(item, by=by)
        return a


def herstel_submit(*, aanvraag: TlvAanvraag, by, toelichting: str = "") -> TlvAanvraag:
    """The school has added the missing items; the consulent checks again (state stays onvolledig)."""
    with _record.step(aanvraag, action="dossier aanvullen", by=by) as a:
        if a.status != TlvStatus.ONVOLLEDIG:
            raise Conflict("Deze aanvraag wacht niet op aanvulling.", code="transition-not-allowed")
        item = _open_item(a, "herstel", by)
        today = clock.today()
        a.aangevuld_op = today  # the day the missing items were received
        save_with_history(a, by=by, reason="ontbrekende stukken ontvangen")
        # the hersteltermijn is met on receipt, whenever the consulent checks: nothing to escalate
        herstel = deadline_services.running(a.case, HERSTELTERMIJN)
        if herstel:
            deadline_services.deadline_close(deadline=herstel, reason="ontbrekende stukken ontvangen", by=by)
        _resume_beslistermijn(a, on=today, by=by, reason="ontbrekende stukken ontvangen")
        record_event(
            case=a.case,
            kind="note",
            actor=by,
            action="herstel_submit",
            summary="Dossier aangevuld door de school",
            reason=toelichting,
        )
        _finish(item, by=by, reason=toelichting or "aangevuld")
        return a


def buiten_behandeling_stellen(*, aanvraag: TlvAanvraag, by, reason: str) -> TlvAanvraag:
    with _record.step(aanvraag, action="buiten behandeling stellen", by=by) as a:
        if not reason.strip():
            raise ValidationFailed("Geef een reden.", field="reason")
        _transition(a, "buiten_behandeling_stellen", by=by, reason=reason)
        _close_case(a, by=by, reason="buiten behandeling gesteld")
        return a


def aanvraag_withdraw(*, aanvraag: TlvAanvraag, by, reason: str) -> TlvAanvraag:
    with _record.step(aanvraag, action="intrekken", by=by) as a:
        if not reason.strip():
            raise ValidationFailed("Geef een reden voor het intrekken.", field="reason")
        _transition(a, "intrekken", by=by, reden=reason, reason=reason)
        _close_case(a, by=by, reason="aanvraag ingetrokken")
        return a


def aanvraag_reopen(*, aanvraag: TlvAanvraag, by, reason: str) -> TlvAanvraag:
    """A withdrawn aanvraag or one put aside goes back to the school as a concept, with a new process; it is
    submitted again and the beslistermijn starts anew from that submission."""
    return _record.reopen(
        aanvraag, by=by, reason=reason, restart=lambda a: routes.start_flow(a, _flow(), by=by)
    )


def _close_case(a: TlvAanvraag, *, by, reason: str) -> None:
    for d in a.case.deadlines.exclude(status="closed"):
        deadline_services.deadline_close(deadline=d, reason=reason, by=by)
    cancel_open_items(case=a.case, by=by, reason=reason)  # tasks and escalations, as besluit_record does
    if a.process_id and a.process.status not in ("DONE", "CANCELED"):
        engine.cancel_process(a.process, by=by)
    case = a.case
    case.closed_at = clock.now()
    archive_on_close(case)
    save_with_history(case, by=by, reason=reason)


def verdaging_record(*, aanvraag: TlvAanvraag, by, reason: str) -> TlvAanvraag:
    """Verdaging of the beslistermijn (Awb 4:14): once, with a reason, by the beslisser or consulent."""
    with _record.step(aanvraag, action="verdagen", by=by) as a:
        if not (policies.can(by, "tlv.decide", a) or policies.can(by, "tlv.check", a)):
            raise NotPermitted("Alleen de beslisser of de consulent kan de beslistermijn verdagen.")
        termijn = deadline_services.running(a.case, BESLISTERMIJN)
        if termijn is None:
            raise Conflict("Er loopt geen beslistermijn.", code="geen-termijn")
        deadline_services.deadline_extend(deadline=termijn, reason=reason, by=by)
        notify(
            users=[a.case.created_by],
            kind=Notification.Kind.TERM_WARNING,
            title=f"Beslistermijn verdaagd ({a.case.reference})",
            body=termijn.explanation,
            case=a.case,
            link=reverse("case_detail", args=[a.case_id]),
            key=f"verdaging:{termijn.pk}:{termijn.extensions.count()}",
        )
        return a


# --- deskundigen ---------------------------------------------------------------------------------


def deskundigenadvies_starten(*, aanvraag: TlvAanvraag) -> None:
    a = _lock(aanvraag)
    _transition(a, "deskundigenadvies_starten", by=system_user(), reason="dossier volledig")


def check_deskundige_may_advise(*, aanvraag: TlvAanvraag, user, node: str) -> Deskundige:
    deskundige = (
        Deskundige.objects.filter(user=user, swv=aanvraag.case.swv_id).select_related("school").first()
    )
    if deskundige is None:
        raise NotPermitted(
            "U staat niet als deskundige geregistreerd bij dit samenwerkingsverband.", code="geen-deskundige"
        )
    # the SWV's rule for this advice (disciplines, a deskundige of the requesting school or not), as the
    # case started under it; the default is the law's minimum
    profiles.check_advice(
        profiles.for_case(aanvraag.case),
        advies=1 if node == "deskundigenadvies_1" else 2,
        deskundige=deskundige,
        school=aanvraag.case.school,
    )
    other = "deskundigenadvies_2" if node == "deskundigenadvies_1" else "deskundigenadvies_1"
    if (
        WorkItem.objects.filter(case=aanvraag.case, node=other, assignee=user).exists()
        or aanvraag.adviezen.filter(deskundige=deskundige).exists()
    ):
        raise ValidationFailed(
            "De twee adviezen moeten van twee verschillende deskundigen komen.", code="deskundige-dubbel"
        )
    return deskundige


def deskundigenadvies_record(
    *, aanvraag: TlvAanvraag, by, volgorde: int, advies: str, aanbeveling: str
) -> DeskundigenAdvies:
    node = f"deskundigenadvies_{volgorde}"
    with (
        refusals_logged(case=aanvraag.case, action=f"deskundigenadvies {volgorde}", by=by),
        transaction.atomic(),
    ):
        a = _lock(aanvraag)
        routes.require_status(
            a, TlvStatus.DESKUNDIGENADVIES, "Er wordt geen deskundigenadvies gevraagd in status '{status}'."
        )
        item = _open_item(a, node, by)
        deskundige = check_deskundige_may_advise(aanvraag=a, user=by, node=node)
        # a deskundigenonderzoek (or the TLV aanvraag itself) whose consent was withdrawn stops here
        for purpose in (ConsentPurpose.TLV_AANVRAAG, ConsentPurpose.DESKUNDIGENONDERZOEK):
            consent_services.consent_not_withdrawn(leerling=a.case.leerling, purpose=purpose)
        if not advies.strip():
            raise ValidationFailed("Schrijf het advies.", field="advies")
        if aanbeveling not in (CvaUitkomst.TOEKENNEN, CvaUitkomst.AFWIJZEN):
            raise ValidationFailed("Kies een aanbeveling.", field="aanbeveling")
        row = DeskundigenAdvies(
            aanvraag=a,
            volgorde=volgorde,
            deskundige=deskundige,
            discipline=deskundige.discipline,
            advies=advies.strip(),
            aanbeveling=aanbeveling,
            at=clock.now(),
            by=by,
        )
        save_with_history(row, by=by, reason=f"deskundigenadvies {volgorde}")
        record_event(
            case=a.case,
            kind="note",
            actor=by,
            action="deskundigenadvies",
            summary=f"Deskundigenadvies {volgorde} ({deskundige.get_discipline_display()}): "
            f"{row.get_aanbeveling_display()}",
        )
        _finish(item, by=by)
        return row


# --- CvA / BTO -----------------------------------------------------------------------------------


def cva_starten(*, aanvraag: TlvAanvraag) -> None:
    a = _lock(aanvraag)
    _transition(a, "naar_cva", by=system_user(), reason="twee deskundigenadviezen ontvangen")
    if profiles.sets_term(a.case, BEOORDELING):  # the SWV's own assessment term (seed 002: 2 days)
        deadline_services.deadline_start(
            case=a.case,
            kind=BEOORDELING,
            started_on=clock.today(),
            started_because=ADVIEZEN_ONTVANGEN,
            by=system_user(),
        )


def bto_review_record(
    *, aanvraag: TlvAanvraag, by, volgorde: int, oordeel: str, aanbeveling: str
) -> BtoReview:
    node = f"bto_review_{volgorde}"
    with (
        refusals_logged(case=aanvraag.case, action=f"BTO-beoordeling {volgorde}", by=by),
        transaction.atomic(),
    ):
        a = _lock(aanvraag)
        item = _open_item(a, node, by)
        if not policies.can(by, "tlv.advise", a):
            raise NotPermitted("Alleen leden van de CvA/BTO beoordelen een aanvraag.")
        if a.bto_reviews.filter(member=by).exists():
            raise ValidationFailed(
                "Twee verschillende leden beoordelen onafhankelijk; u heeft al beoordeeld.", code="bto-dubbel"
            )
        if not oordeel.strip() or aanbeveling not in CvaUitkomst.values:
            raise ValidationFailed("Vul uw oordeel en aanbeveling in.", field="oordeel")
        row = BtoReview(
            aanvraag=a,
            volgorde=volgorde,
            member=by,
            oordeel=oordeel.strip(),
            aanbeveling=aanbeveling,
            at=clock.now(),
        )
        save_with_history(row, by=by, reason=f"BTO-beoordeling {volgorde}")
        record_event(
            case=a.case,
            kind="note",
            actor=by,
            action="bto_review",
            summary=f"BTO-beoordeling {volgorde}: {row.get_aanbeveling_display()}",
        )
        _finish(item, by=by)
        return row


def _validate_soort(case, soort, cluster, categorie, *, prefix=""):
    """The soort, cluster and categorie fit the sector and the SWV's TLV kinds (as the case started)."""
    if soort not in TlvSoort.values:
        raise ValidationFailed("Kies de soort.", field=f"{prefix}soort")
    profiles.check_soort_details(profiles.for_case(case), soort, cluster, categorie, prefix=prefix)


def cva_advies_record(
    *,
    aanvraag: TlvAanvraag,
    by,
    uitkomst: str,
    soort: str = "",
    cluster: int | None = None,
    categorie: str = "",
    motivering: str = "",
    vraag: str = "",
    antwoord_tot: dt.date | None = None,
) -> TlvAanvraag:
    """The CvA/BTO's advice. "Meer informatie" carries a term for the answer (`antwoord_tot`, else the SWV's
    antwoordtermijn, default 2 weeks): the beslistermijn stands still from the next day until the answer
    arrives or that term runs out (Awb 4:15 lid 1 a)."""
    with _record.step(aanvraag, action="advies CvA/BTO", by=by) as a:
        item = _open_item(a, "cva_advies", by)
        now = clock.now()
        beoordeling = deadline_services.running(a.case, BEOORDELING)
        if beoordeling is not None:  # the CvA/BTO has assessed: its own term is met
            deadline_services.deadline_close(deadline=beoordeling, reason="advies CvA/BTO vastgelegd", by=by)
        if uitkomst == CvaUitkomst.MEER_INFORMATIE:
            if not vraag.strip():
                raise ValidationFailed("Welke informatie is nodig?", field="vraag")
            today = clock.today()
            if antwoord_tot is not None and antwoord_tot <= today:
                raise ValidationFailed(
                    f"De antwoordtermijn moet na vandaag eindigen; {format_date_nl(antwoord_tot)} ligt niet "
                    "in de toekomst.",
                    code="antwoordtermijn-verleden",
                    field="antwoord_tot",
                )
            _transition(
                a,
                "meer_informatie_vragen",
                by=by,
                actor=by,
                vraag=vraag.strip(),
                at=now,
                reason=vraag.strip(),
            )
            vorige = deadline_services.running(a.case, INFORMATIETERMIJN)
            if vorige:
                deadline_services.deadline_close(deadline=vorige, reason="nieuwe vraag", by=by)
            if antwoord_tot is None:
                antwoordtermijn = deadline_services.deadline_start(
                    case=a.case,
                    kind=INFORMATIETERMIJN,
                    started_on=today,
                    started_because=MEER_INFORMATIE_GEVRAAGD,
                    by=by,
                )
            else:  # a term set as a date: exactly up to that day
                antwoordtermijn = deadline_services.deadline_start(
                    case=a.case,
                    kind=INFORMATIETERMIJN,
                    started_on=today,
                    started_because=MEER_INFORMATIE_GEVRAAGD,
                    basis=gettext_noop("antwoordtermijn gesteld door de CvA/BTO"),
                    length=(antwoord_tot - today).days,
                    unit=Unit.CALENDAR_DAYS,
                    atw=False,
                    by=by,
                )
            _suspend_beslistermijn(
                a,
                asked_on=today,
                until=antwoordtermijn.due_on,
                by=by,
                reason=MEER_INFORMATIE_GEVRAAGD,
            )
        elif uitkomst in (CvaUitkomst.TOEKENNEN, CvaUitkomst.AFWIJZEN):
            if not motivering.strip():
                raise ValidationFailed("Motiveer het advies.", field="motivering")
            if uitkomst == CvaUitkomst.TOEKENNEN:
                _validate_soort(a.case, soort, cluster, categorie)
            _transition(
                a,
                "advies_vastleggen",
                by=by,
                actor=by,
                uitkomst=uitkomst,
                soort=soort,
                categorie=categorie,
                motivering=motivering.strip(),
                at=now,
                reason=f"advies: {uitkomst}",
            )
        else:
            raise ValidationFailed("Kies een advies.", field="uitkomst")
        _finish(item, by=by)
        return a


def informatie_aanvullen(*, aanvraag: TlvAanvraag, by, toelichting: str) -> TlvAanvraag:
    with _record.step(aanvraag, action="informatie aanvullen", by=by) as a:
        item = _open_item(a, "cva_aanvulling", by)
        if not toelichting.strip():
            raise ValidationFailed("Beschrijf de aangevulde informatie.", field="toelichting")
        _transition(a, "informatie_aanvullen", by=by, reason=toelichting.strip())
        antwoordtermijn = deadline_services.running(a.case, INFORMATIETERMIJN)
        if antwoordtermijn:
            deadline_services.deadline_close(deadline=antwoordtermijn, reason="informatie ontvangen", by=by)
        _resume_beslistermijn(a, on=clock.today(), by=by, reason="gevraagde informatie ontvangen")
        _finish(item, by=by)
        return a


# --- besluit -------------------------------------------------------------------------------------


def validate_duration(
    *, swv: Swv, leerling, ingangsdatum: dt.date, einddatum: dt.date, soort: str = "", profile=None
) -> None:
    """The einddatum lies within the kind's duration (the SWV's TLV kinds), never below the VO's statutory
    year, and within 2 years for a pupil of 4 to 8."""
    if einddatum <= ingangsdatum:
        raise ValidationFailed(
            "De einddatum moet na de ingangsdatum liggen.", code="einddatum-voor-ingang", field="einddatum"
        )
    one_day = dt.timedelta(days=1)
    profile = profile or profiles.current(swv)
    min_months, max_months = profiles.min_max_months(profile, swv, soort)
    if min_months:
        minimum = add_term(ingangsdatum, min_months, Unit.MONTHS) - one_day
        if einddatum < minimum:
            where = "In het VO" if swv.sector == Swv.Sector.VO else f"Bij samenwerkingsverband {swv.code}"
            raise ValidationFailed(
                f"{where} geldt een TLV ten minste {min_months} maanden: einddatum op of na "
                f"{minimum:%d-%m-%Y}.",
                code="duur-te-kort",
                field="einddatum",
            )
    age = leerling.age_on(ingangsdatum)
    if 4 <= age <= 8:  # seed 002: "in de leeftijd van 4-8 jaar", 8 included
        maximum = add_term(ingangsdatum, swv.tlv_max_months_young, Unit.MONTHS) - one_day
        if einddatum > maximum:
            raise ValidationFailed(
                f"Voor een leerling van {age} jaar geldt een TLV hoogstens "
                f"{swv.tlv_max_months_young} maanden: "
                f"einddatum op of voor {maximum:%d-%m-%Y}.",
                code="duur-te-lang-jong",
                field="einddatum",
            )
    maximum = add_term(ingangsdatum, max_months, Unit.MONTHS) - one_day
    if einddatum > maximum:
        raise ValidationFailed(
            f"De einddatum ligt na de maximale duur ({maximum:%d-%m-%Y}).",
            code="duur-te-lang",
            field="einddatum",
        )


def is_young(leerling, ingangsdatum: dt.date) -> bool:
    """Seed 002: "in de leeftijd van 4-8 jaar", counted at the ingangsdatum, 8 included."""
    return 4 <= leerling.age_on(ingangsdatum) <= 8


def validate_beoogde_school(*, leerling, ingangsdatum: dt.date, school: School | None) -> School | None:
    """A pupil aged 4 to 8 at the ingangsdatum needs a recorded beoogde reguliere school (a regular
    school); for older pupils none is recorded."""
    if not is_young(leerling, ingangsdatum):
        return None
    age = leerling.age_on(ingangsdatum)
    if school is None:
        raise ValidationFailed(
            _(
                "Voor een leerling van %(age)s jaar op de ingangsdatum leg je de beoogde reguliere school "
                "vast: de school waar de leerling na de TLV naartoe zou kunnen."
            )
            % {"age": age},
            code="beoogde-school-ontbreekt",
            field="beoogde_school",
        )
    if school.soort != School.Soort.REGULIER:
        raise ValidationFailed(
            _("De beoogde school moet een reguliere school zijn; %(school)s is %(soort)s.")
            % {"school": school.name, "soort": school.get_soort_display().lower()},
            code="beoogde-school-niet-regulier",
            field="beoogde_school",
        )
    return school


def besluit_record(
    *,
    aanvraag: TlvAanvraag,
    by,
    besluit: str,
    motivering: str,
    soort: str = "",
    cluster: int | None = None,
    categorie: str = "",
    categorie_motivering: str = "",
    ingangsdatum: dt.date | None = None,
    einddatum: dt.date | None = None,
    school: School | None = None,
    beoogde_school: School | None = None,
) -> TlvAanvraag:
    plausible_date(ingangsdatum, field="ingangsdatum", label="Ingangsdatum", not_after=years_ahead(2))
    plausible_date(einddatum, field="einddatum", label="Einddatum", not_after=years_ahead(20))
    with _record.step(aanvraag, action="besluit", by=by) as a:
        routes.require_status(
            a, TlvStatus.CVA_ADVIES, "Er kan geen besluit worden genomen in status '{status}'."
        )
        item = _open_item(a, "besluit", by)
        if not tlv_variants.is_complex(a):
            profiles.check_mandate(profiles.for_case(a.case), by)  # the people the SWV named, if any
        tlv_variants.before_besluit(aanvraag=a, by=by)  # a complex case needs the zienswijze
        if not motivering.strip():
            raise ValidationFailed("Motiveer het besluit.", field="motivering")
        now = clock.now()
        if besluit == "toekennen":
            _validate_soort(a.case, soort, cluster, categorie)
            profile = profiles.for_case(a.case)
            motivering_needed = profiles.needs_categorie_motivering(profile, soort, categorie)
            if motivering_needed and not categorie_motivering.strip():
                raise ValidationFailed(
                    _(
                        "Bij samenwerkingsverband %(swv)s vraagt een TLV %(soort)s categorie %(categorie)s "
                        "een motivering van de categorie."
                    )
                    % {"swv": profile.swv_code, "soort": TlvSoort(soort).label, "categorie": categorie},
                    code="categorie-motivering",
                    field="categorie_motivering",
                )
            if ingangsdatum is None or einddatum is None:
                raise ValidationFailed("Vul ingangsdatum en einddatum in.", field="ingangsdatum")
            validate_duration(
                swv=a.case.swv,
                leerling=a.case.leerling,
                ingangsdatum=ingangsdatum,
                einddatum=einddatum,
                soort=soort,
                profile=profile,
            )
            if school is None:
                raise ValidationFailed("Kies de school van plaatsing.", field="school")
            profiles.check_placement_school(soort, cluster, school)
            beoogde_school = validate_beoogde_school(
                leerling=a.case.leerling, ingangsdatum=ingangsdatum, school=beoogde_school
            )
            full_motivering = motivering.strip()
            if categorie_motivering.strip():
                full_motivering += f"\n\nMotivering categorie: {categorie_motivering.strip()}"
            _transition(
                a,
                "toekennen",
                by=by,
                actor=by,
                soort=soort,
                cluster=cluster if soort == TlvSoort.SO else None,
                categorie=categorie,
                ingangsdatum=ingangsdatum,
                einddatum=einddatum,
                school=school,
                motivering=full_motivering,
                at=now,
                reason="TLV toegekend",
            )
            if beoogde_school is not None:
                a.beoogde_school = beoogde_school
                save_with_history(a, by=by, reason="beoogde reguliere school vastgelegd")
        elif besluit == "afwijzen":
            _transition(
                a, "afwijzen", by=by, actor=by, motivering=motivering.strip(), at=now, reason="TLV afgewezen"
            )
        else:
            raise ValidationFailed("Kies toekennen of afwijzen.", field="besluit")
        termijn = deadline_services.running(a.case, BESLISTERMIJN)
        if termijn:
            deadline_services.deadline_close(deadline=termijn, reason="besluit genomen", by=by)
        _finish(item, by=by)
        cancel_open_items(case=a.case, by=by, reason="besluit genomen")
        from cases.services.bekendmaking import bekendmaken_task_open

        bekendmaken_task_open(aanvraag=a, by=by)
        case = a.case
        case.closed_at = now
        archive_on_close(case)
        save_with_history(case, by=by, reason="besluit genomen")
        _emit("case.besluit", case, {"besluit": besluit, "status": a.status})  # webhooks
        with translation.override("nl"):  # stored in Dutch; shown in the reader's language (cases.texts)
            title = f"Besluit TLV ({case.reference}): {a.get_status_display()}"
        notify(
            users=[case.created_by],
            kind=Notification.Kind.BESLUIT,
            title=title,
            body="Het besluit op de TLV-aanvraag is genomen.",
            case=case,
            link=reverse("case_detail", args=[case.pk]),
            key=f"besluit:{a.pk}",
        )
        return a


# --- work items for new viewflow tasks -----------------------------------------------------------


def task_created(aanvraag: TlvAanvraag, *, task, node: str) -> WorkItem:
    from workflows.tlv.flow import TlvFlow

    role = TlvFlow.NODE_ROLES[node][0]
    case = aanvraag.case
    if node == "cva_advies":
        bto = profiles.for_case(case).r.beslismodel == "bto"
        role = Role.CVA_VOORZITTER if bto else Role.CVA_LID
    if node == "besluit":  # the role the SWV mandates; in a complex case the board (voorzitter) decides
        role = profiles.for_case(case).r.mandaat_rol
        if tlv_variants.is_complex(aanvraag):
            role = Role.CVA_VOORZITTER
    assignee = case.created_by if node == "indienen" else None
    instructions = ""
    if node == "herstel":
        instructions = f"Ontbrekende stukken: {aanvraag.ontbrekende_stukken}"
    elif node == "cva_aanvulling":
        instructions = f"Gevraagde informatie: {aanvraag.cva_vraag}"
    return routes.task_item(
        case=case,
        task=task,
        node=node,
        node_roles=TlvFlow.NODE_ROLES,
        school=case.school,
        role=role,
        assignee=assignee,
        instructions=instructions,
    )


_flow = routes.flow_of("tlv", "TlvFlow")


def open_states():
    return list(OPEN_STATES)
