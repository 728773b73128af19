"""Destruction lists (vernietigingslijsten): proposed by a periodic job, reviewed by the privacy officer
and the archivaris, approved by two different people, then carried out in batches. A destroyed case leaves
nothing but its line on the list (reference, result, dates: the verklaring van vernietiging) and its
tombstone link in the audit chain, which records the history rows that went so `audit_verify` stays clean.
A case on legal hold is never proposed, never approved and never destroyed."""

from __future__ import annotations

import logging
from contextlib import contextmanager

from django.conf import settings
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from audit.anchor import history_changes, history_touched
from audit.privacy import _case_paths, anonymise_leerling, pupil_history_rows
from audit.services import audit_append
from cases import clock, policies
from cases.errors import Conflict, DomainError, NotPermitted, ValidationFailed
from cases.models import (
    Case,
    CaseEvent,
    Document,
    Swv,
    VernietigingsAkkoord,
    VernietigingsItem,
    Vernietigingslijst,
)
from cases.roles import Role
from cases.services.common import record_event, refusals_logged, save_with_history

log = logging.getLogger("cases.services")

REVIEW_ROLES = (Role.PRIVACY_OFFICER, Role.ARCHIVARIS)
APPROVALS_NEEDED = 2
DESTROYED_ACTION = "vernietiging"  # the tombstone link's action in the audit chain
MAX_ITEMS = 500  # one list at most; the next run proposes the rest


def _open_item_cases():
    return VernietigingsItem.objects.filter(
        status=VernietigingsItem.Status.VOORGESTELD,
        lijst__status__in=[Vernietigingslijst.Status.VOORGESTELD, Vernietigingslijst.Status.GOEDGEKEURD],
    ).values("case_id")


def due_cases(*, swv, today=None):
    """Closed cases of this SWV whose archiefactiedatum has come, nominated for destruction, not on legal
    hold and not on a list already."""
    today = today or clock.today()
    return (
        Case.objects.filter(
            swv=swv,
            closed_at__isnull=False,
            archiefnominatie="vernietigen",
            legal_hold=False,
            archiefactiedatum__lte=today,
        )
        .exclude(pk__in=_open_item_cases())
        .order_by("archiefactiedatum", "pk")
    )


def lijst_propose(*, swv, by, today=None) -> Vernietigingslijst | None:
    """A new list of the cases due (None when none is due). Run by the periodic job, as the system actor."""
    today = today or clock.today()
    with transaction.atomic():
        Swv.objects.select_for_update().get(pk=swv.pk)  # one proposal per SWV at a time
        cases = list(due_cases(swv=swv, today=today)[:MAX_ITEMS])
        if not cases:
            return None
        lijst = Vernietigingslijst(swv=swv, due_on=today, created_at=clock.now(), created_by=by)
        save_with_history(lijst, by=by, reason=f"voorgesteld: {len(cases)} casus(sen)")
        for case in cases:
            item = VernietigingsItem(
                lijst=lijst,
                case=case,
                reference=case.reference,
                route=case.route,
                resultaat=case.resultaat,
                opened_on=timezone.localdate(case.opened_at),
                closed_on=timezone.localdate(case.closed_at),
                archiefactiedatum=case.archiefactiedatum,
            )
            save_with_history(item, by=by, reason="voorgesteld")
        log.info("vernietigingslijst %s voorgesteld voor SWV %s: %s casus(sen)", lijst.pk, swv.pk, len(cases))
        return lijst


def propose_all(*, by, today=None) -> int:
    """The periodic job: one proposal per SWV with cases due. Returns the number of lists made."""
    made = 0
    for swv in Swv.objects.order_by("pk"):
        try:
            if lijst_propose(swv=swv, by=by, today=today) is not None:
                made += 1
        except Exception:  # one SWV's failure does not stop the others; the next run tries again
            log.exception("proposing a vernietigingslijst for SWV %s failed", swv.pk)
    return made


def check_reviewer(user, lijst) -> str:
    """The review role in which `user` acts on this list (privacy officer or archivaris of its SWV)."""
    scope = policies.scope_of(user)
    for role in REVIEW_ROLES:
        if scope.has_role(role, lijst.swv_id):
            return role
    raise NotPermitted(
        "Alleen de privacy officer of de archivaris van het samenwerkingsverband beoordeelt "
        "vernietigingslijsten."
    )


@contextmanager
def list_refusals_logged(lijst, *, action: str, by, item=None):
    """A refused step on a list goes on the timeline (as a refused attempt, after the rollback) of the case it
    concerns: `item`'s case, or else every case still on the list, so whoever reads a case sees that its
    destruction was tried and refused and why (e.g. a second approval by the same person)."""
    label = f"{action} ({lijst})"
    try:
        yield
    except DomainError as exc:
        if item is not None:
            case_ids = [item.case_id] if item.case_id else []
        else:
            case_ids = list(
                VernietigingsItem.objects.filter(
                    lijst_id=lijst.pk, status=VernietigingsItem.Status.VOORGESTELD, case__isnull=False
                ).values_list("case_id", flat=True)[:MAX_ITEMS]
            )
        try:
            with transaction.atomic():
                for case in Case.objects.filter(pk__in=case_ids):
                    record_event(
                        case=case,
                        kind=CaseEvent.Kind.REFUSED,
                        actor=by if getattr(by, "pk", None) else None,
                        action=f"vernietigingslijst {action}",
                        summary=f"Geweigerd: {label}",
                        reason=str(exc.message),
                        data={"code": exc.code, "lijst": lijst.pk},
                    )
        except Exception:  # logging a refusal must never hide the refusal
            log.exception("could not log refused %s on %s", action, lijst)
        log.info("refused %s on %s by %s: %s", action, lijst, by, exc.code)
        raise


def _lock(lijst) -> Vernietigingslijst:
    return Vernietigingslijst.objects.select_for_update().get(pk=lijst.pk)


def _in_review(lijst) -> None:
    if lijst.status != Vernietigingslijst.Status.VOORGESTELD:
        raise Conflict("Deze lijst is al goedgekeurd of uitgevoerd; zij kan niet meer worden gewijzigd.")


def _reset_approvals(lijst, *, by) -> None:
    """A changed list needs its approvals again: an approval covers the list as it was."""
    VernietigingsAkkoord.objects.filter(lijst=lijst).delete()


def item_remove(*, item: VernietigingsItem, by, reason: str) -> VernietigingsItem:
    """Take a case off the list (it is then proposed again by a later run unless its dates change)."""
    with list_refusals_logged(item.lijst, action="casus van de lijst halen", by=by, item=item):
        return _item_remove(item=item, by=by, reason=reason)


def _item_remove(*, item: VernietigingsItem, by, reason: str) -> VernietigingsItem:
    with transaction.atomic():
        lijst = _lock(item.lijst)
        check_reviewer(by, lijst)
        _in_review(lijst)
        item = VernietigingsItem.objects.select_for_update().get(pk=item.pk)
        if item.status != VernietigingsItem.Status.VOORGESTELD:
            raise Conflict("Deze casus staat niet (meer) op de lijst.")
        if not reason or not reason.strip():
            raise ValidationFailed("Geef een reden om de casus van de lijst te halen.", field="reason")
        item.status = VernietigingsItem.Status.VERWIJDERD
        item.reason, item.by, item.at = reason.strip()[:300], by, clock.now()
        save_with_history(item, by=by, reason=f"van de lijst gehaald: {reason.strip()}")
        _reset_approvals(lijst, by=by)
        return item


def legal_hold_set(*, case: Case, by, reason: str) -> Case:
    """Put a case on legal hold (bewaarplicht): it is taken off every open list and never destroyed."""
    with refusals_logged(case=case, action="bewaarplicht opleggen", by=by), transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        scope = policies.scope_of(by)
        if not any(scope.has_role(role, case.swv_id) for role in REVIEW_ROLES):
            raise NotPermitted("Alleen de privacy officer of de archivaris legt een bewaarplicht op.")
        if not reason or not reason.strip():
            raise ValidationFailed("Geef een reden voor de bewaarplicht.", field="reason")
        if case.legal_hold:
            raise Conflict("Deze casus staat al onder bewaarplicht.")
        case.legal_hold, case.legal_hold_reason = True, reason.strip()[:300]
        save_with_history(case, by=by, reason=f"bewaarplicht: {reason.strip()}")
        record_event(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            actor=by,
            action="bewaarplicht opleggen",
            summary="Bewaarplicht (legal hold): de casus wordt niet vernietigd",
            reason=reason.strip(),
        )
        items = VernietigingsItem.objects.select_for_update().filter(
            case=case,
            status=VernietigingsItem.Status.VOORGESTELD,
            lijst__status=Vernietigingslijst.Status.VOORGESTELD,
        )
        for item in items:
            item.status = VernietigingsItem.Status.VERWIJDERD
            item.reason, item.by, item.at = f"bewaarplicht: {reason.strip()}"[:300], by, clock.now()
            save_with_history(item, by=by, reason=item.reason)
            _reset_approvals(item.lijst, by=by)
        return case


def legal_hold_lift(*, case: Case, by, reason: str) -> Case:
    """Lift a legal hold: the case follows its archiefactiedatum again (a later run may propose it)."""
    with refusals_logged(case=case, action="bewaarplicht opheffen", by=by), transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        scope = policies.scope_of(by)
        if not any(scope.has_role(role, case.swv_id) for role in REVIEW_ROLES):
            raise NotPermitted("Alleen de privacy officer of de archivaris heft een bewaarplicht op.")
        if not case.legal_hold:
            raise Conflict("Deze casus staat niet onder bewaarplicht.")
        if not reason or not reason.strip():
            raise ValidationFailed("Geef een reden om de bewaarplicht op te heffen.", field="reason")
        case.legal_hold, case.legal_hold_reason = False, ""
        save_with_history(case, by=by, reason=f"bewaarplicht opgeheven: {reason.strip()}")
        record_event(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            actor=by,
            action="bewaarplicht opheffen",
            summary="Bewaarplicht opgeheven",
            reason=reason.strip(),
        )
        return case


def reopen_check(case: Case, *, by, reason: str) -> None:
    """The archive's say in reopening a closed case (inside the caller's transaction): refused past its
    archiefactiedatum (the bewaartermijn is over: the case waits for its list) and while it is on an approved
    list (being carried out); on a list still under review it is taken off, with the reopening's reason."""
    if case.archiefactiedatum is not None and case.archiefactiedatum <= clock.today():
        raise Conflict(
            f"De bewaartermijn van deze casus liep af op {case.archiefactiedatum:%d-%m-%Y}; zij kan niet "
            "meer worden heropend.",
            code="heropenen-bewaartermijn-voorbij",
        )
    items = VernietigingsItem.objects.select_for_update().filter(
        case=case,
        status=VernietigingsItem.Status.VOORGESTELD,
        lijst__status__in=[Vernietigingslijst.Status.VOORGESTELD, Vernietigingslijst.Status.GOEDGEKEURD],
    )
    for item in items.select_related("lijst"):
        if item.lijst.status == Vernietigingslijst.Status.GOEDGEKEURD:
            raise Conflict(
                f"Deze casus staat op een goedgekeurde vernietigingslijst ({item.lijst}); zij kan niet "
                "worden heropend.",
                code="heropenen-op-vernietigingslijst",
            )
        item.status = VernietigingsItem.Status.VERWIJDERD
        item.reason, item.by, item.at = f"heropend: {reason}"[:300], by, clock.now()
        save_with_history(item, by=by, reason=item.reason)
        _reset_approvals(item.lijst, by=by)


def _refuse_held(lijst) -> None:
    held = list(
        lijst.items.filter(status=VernietigingsItem.Status.VOORGESTELD, case__legal_hold=True).values_list(
            "reference", flat=True
        )
    )
    if held:
        raise ValidationFailed(
            f"Op deze lijst staat een casus onder bewaarplicht ({', '.join(held)}); haal die eerst van de "
            "lijst.",
            code="vernietiging-bewaarplicht",
        )


def lijst_approve(*, lijst: Vernietigingslijst, by) -> Vernietigingslijst:
    """One approval; with the second, by another person, the list is approved."""
    with list_refusals_logged(lijst, action="goedkeuren", by=by):
        return _lijst_approve(lijst=lijst, by=by)


def _lijst_approve(*, lijst: Vernietigingslijst, by) -> Vernietigingslijst:
    with transaction.atomic():
        lijst = _lock(lijst)
        role = check_reviewer(by, lijst)
        _in_review(lijst)
        if VernietigingsAkkoord.objects.filter(lijst=lijst, by=by).exists():
            raise ValidationFailed(
                "U heeft deze lijst al goedgekeurd; de tweede goedkeuring komt van een ander.",
                code="vernietiging-dubbel-akkoord",
            )
        if not lijst.items.filter(status=VernietigingsItem.Status.VOORGESTELD).exists():
            raise ValidationFailed("Deze lijst is leeg.", code="vernietiging-leeg")
        _refuse_held(lijst)
        VernietigingsAkkoord.objects.create(lijst=lijst, by=by, role=role, at=clock.now())
        n = VernietigingsAkkoord.objects.filter(lijst=lijst).count()
        if n >= APPROVALS_NEEDED:
            lijst.status = Vernietigingslijst.Status.GOEDGEKEURD
        save_with_history(lijst, by=by, reason=f"goedgekeurd ({n} van {APPROVALS_NEEDED}) als {role}")
        return lijst


def lijst_execute(*, lijst: Vernietigingslijst, by, batch_size: int | None = None) -> int:
    """Destroy the cases of an approved list, `batch_size` per transaction. Returns the number destroyed; the
    list is done when nothing is left. A case put on legal hold in the meantime is skipped and taken off."""
    batch_size = batch_size or settings.DESTRUCTION_BATCH_SIZE
    lijst = Vernietigingslijst.objects.get(pk=lijst.pk)
    with list_refusals_logged(lijst, action="uitvoeren", by=by):
        check_reviewer(by, lijst)
        if lijst.status != Vernietigingslijst.Status.GOEDGEKEURD:
            raise Conflict(
                "Alleen een goedgekeurde lijst wordt uitgevoerd.", code="vernietiging-niet-goedgekeurd"
            )
    done = 0
    while True:
        with transaction.atomic():
            lijst = _lock(lijst)
            if lijst.status != Vernietigingslijst.Status.GOEDGEKEURD:
                return done
            items = list(
                VernietigingsItem.objects.select_for_update()
                .filter(lijst=lijst, status=VernietigingsItem.Status.VOORGESTELD)
                .order_by("pk")[:batch_size]
            )
            if not items:
                lijst.status, lijst.executed_at = Vernietigingslijst.Status.UITGEVOERD, clock.now()
                save_with_history(lijst, by=by, reason=f"uitgevoerd: {done} casus(sen) vernietigd")
                return done
            for item in items:
                case = Case.objects.select_for_update().filter(pk=item.case_id).first()
                if case is None or case.legal_hold or case.closed_at is None:
                    item.status = VernietigingsItem.Status.VERWIJDERD
                    item.reason = (
                        "bewaarplicht of heropend: niet vernietigd" if case else "casus bestaat niet meer"
                    )
                    item.at = clock.now()
                    save_with_history(item, by=by, reason=item.reason)
                    continue
                case_destroy(case=case, item=item, by=by)
                done += 1


# --- destroying one case -----------------------------------------------------------------------------------


def _history_targets(case):
    targets = [
        (Case.history.model, Case.history.filter(id=case.pk)),
        (Document.history.model, Document.history.filter(case_id=case.pk)),
    ]
    for model, lookup in _case_paths():
        history = getattr(model, "history", None)
        if history is not None:
            pks = list(model._default_manager.filter(**{lookup: case}).values_list("pk", flat=True))
            targets.append((history.model, history.model.objects.filter(id__in=pks)))
    return targets


def _delete_in_passes(querysets) -> None:
    """Delete querysets whose rows protect one another (route records, their children): repeat until all
    are gone, each pass deleting what nothing protects any more."""
    pending = list(querysets)
    for _ in range(len(pending) + 1):
        left = []
        for qs in pending:
            try:
                with transaction.atomic():
                    qs.delete()
            except ProtectedError:
                left.append(qs)
        if not left:
            return
        pending = left
    raise RuntimeError(f"could not delete {[qs.model.__name__ for qs in pending]}")


def case_destroy(*, case: Case, item: VernietigingsItem, by) -> None:  # noqa: C901 - one list of tables
    """Remove a case and everything of it; leave the tombstone link. Runs inside the caller's transaction."""
    from viewflow.workflow.models import Process

    from notifications.models import Notification, OutboxMessage
    from webhooks.models import WebhookDelivery

    targets = _history_targets(case)
    history_ids = [(model, list(qs.values_list("id", flat=True))) for model, qs in targets]
    # the pupil's last case: nothing in the SWV needs the pupil's identity any more
    leerling_id = case.leerling_id
    last_case = not Case.objects.filter(leerling_id=leerling_id).exclude(pk=case.pk).exists()
    if last_case:
        targets = targets + pupil_history_rows(leerling_id)
    before = history_touched(targets)
    paths = _case_paths()
    process_ids = set()
    for model, lookup in paths:
        if any(f.name == "process" for f in model._meta.concrete_fields):
            process_ids |= set(
                model._default_manager.filter(**{lookup: case})
                .exclude(process=None)
                .values_list("process", flat=True)
            )
    event_ids = list(CaseEvent.objects.filter(case=case).values_list("pk", flat=True))
    notification_ids = list(Notification.objects.filter(case=case).values_list("pk", flat=True))
    delivery_ids = list(WebhookDelivery.objects.filter(case=case).values_list("pk", flat=True))
    docs = list(Document.objects.filter(case=case))
    for doc in docs:
        transaction.on_commit(lambda f=doc.file: f.delete(save=False))
    counts = {"documents": len(docs), "events": len(event_ids), "notifications": len(notification_ids)}

    _delete_in_passes([model._default_manager.filter(**{lookup: case}) for model, lookup in reversed(paths)])
    for doc in sorted(docs, key=lambda d: -d.version):  # a later version protects the one it replaced
        doc.delete()
    CaseEvent.objects.filter(pk__in=event_ids).delete()
    Notification.objects.filter(pk__in=notification_ids).delete()
    WebhookDelivery.objects.filter(pk__in=delivery_ids).delete()
    keys = (
        [f"audit:case_event:{pk}" for pk in event_ids]
        + [f"email:notification:{pk}" for pk in notification_ids]
        + [f"webhook:{pk}" for pk in delivery_ids]
    )
    counts["outbox"] = OutboxMessage.objects.filter(key__in=keys).delete()[0]
    reference, pk = case.reference, case.pk
    facts = {
        "reference": reference,
        "route": case.route,
        "resultaat": case.resultaat,
        "opened_on": item.opened_on.isoformat(),
        "closed_on": item.closed_on.isoformat(),
        "archiefactiedatum": item.archiefactiedatum.isoformat(),
        "lijst": item.lijst_id,
    }
    Case.objects.filter(pk=pk).delete()
    if process_ids:
        Process.objects.filter(pk__in=process_ids).delete()
    # the history rows of all of it, including the "deleted" rows the deletes above just wrote
    for model, ids in history_ids:
        model.objects.filter(id__in=ids).delete()
    Case.history.filter(id=pk).delete()
    Document.history.filter(case_id=pk).delete()
    anonymised = False
    if last_case:
        try:
            with transaction.atomic():
                anonymise_leerling(leerling_id)
            anonymised = True
        except ProtectedError:  # e.g. a consent a handover in another SWV still refers to
            log.warning("pupil %s not anonymised: still referred to", leerling_id)
    audit_append(
        action=DESTROYED_ACTION,
        actor=by,
        case_id=pk,
        payload={
            **facts,
            "counts": counts,
            "leerling_anonymised": anonymised,
            "history": history_changes(before),
        },
    )
    item.status, item.at, item.by = VernietigingsItem.Status.VERNIETIGD, clock.now(), by
    item.case = None
    save_with_history(item, by=by, reason="vernietigd")
    log.info("case %s (%s) destroyed on vernietigingslijst %s", pk, reference, item.lijst_id)


def case_is_gone(pk: int) -> list[str]:
    """The tables that still hold a row of a destroyed case (empty when it is wholly gone)."""
    from notifications.models import Notification
    from webhooks.models import WebhookDelivery

    left = []
    checks = [
        (Case, {"pk": pk}),
        (Case.history.model, {"id": pk}),
        (CaseEvent, {"case_id": pk}),
        (Document, {"case_id": pk}),
        (Document.history.model, {"case_id": pk}),
        (Notification, {"case_id": pk}),
        (WebhookDelivery, {"case_id": pk}),
    ]
    for model in list({m for m, _ in _case_paths()}):
        for f in model._meta.concrete_fields:
            if isinstance(f, models.ForeignKey) and f.related_model is Case:
                checks.append((model, {f"{f.name}_id": pk}))
                history = getattr(model, "history", None)
                if history is not None:
                    checks.append((history.model, {f"{f.name}_id": pk}))
    for model, lookup in checks:
        if model._default_manager.filter(**lookup).exists():
            left.append(model._meta.label)
    return left


def records_run(*, now=None) -> dict:
    """The periodic records job (beat, daily; the embedded sweep loop, once a day): propose lists of the
    cases due for destruction, as the system actor, and purge the access log after its own term."""
    from django.contrib.auth import get_user_model

    from audit.privacy import access_log_purge

    system, _ = get_user_model().objects.get_or_create(username=policies.SYSTEM_USERNAME)
    today = timezone.localdate(now) if now else clock.today()
    lists = propose_all(by=system, today=today)
    purged = access_log_purge(now=now)
    if lists or purged:
        log.info(
            "records: %s vernietigingslijst(en) voorgesteld, %s inzageregel(s) opgeschoond", lists, purged
        )
    return {"lists": lists, "access_log_purged": purged}
