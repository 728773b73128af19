"""The archive data of a case: set at closure from its result and the SWV's rule, cleared on reopening.
Called by each route's closing service in the same transaction, before it saves the case with history."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from cases import archive, clock
from cases.models import ArchiefRegel

log = logging.getLogger("cases.services")


def rule_for(*, swv_id: int, route: str, resultaat: str) -> archive.Resultaattype | None:
    """The SWV's rule for this result, or the route's default."""
    entry = archive.RESULTS.get(route)
    default = entry.types.get(resultaat) if entry else None
    row = ArchiefRegel.objects.filter(swv_id=swv_id, route=route, resultaat=resultaat).first()
    if row is None:
        return default
    return archive.Resultaattype(
        code=resultaat,
        label=default.label if default else resultaat,
        archiefnominatie=row.archiefnominatie,
        termijn_jaren=row.termijn_jaren,
        brondatum=row.brondatum,
    )


def archive_on_close(case) -> None:
    """Fill in the result, archiefnominatie, brondatum and archiefactiedatum of a case being closed (the
    caller saves it). A route without a result list leaves them empty: it is then never proposed for
    destruction (nothing is destroyed without a rule)."""
    entry = archive.RESULTS.get(case.route)
    if entry is None:
        log.warning("route %s has no result list; case %s gets no archiefactiedatum", case.route, case.pk)
        return
    code = entry.result_of(case)
    rule = rule_for(swv_id=case.swv_id, route=case.route, resultaat=code)
    closed_on = timezone.localdate(case.closed_at) if case.closed_at else clock.today()
    case.resultaat = code
    if rule is None:
        log.warning("case %s: result %s is not in the list of route %s", case.pk, code, case.route)
        case.archiefnominatie, case.brondatum, case.archiefactiedatum = "", None, None
        return
    case.archiefnominatie = rule.archiefnominatie
    case.brondatum = archive.brondatum(rule.brondatum, case, closed_on)
    case.archiefactiedatum = archive.archiefactiedatum(case.brondatum, rule.termijn_jaren)


def archive_on_reopen(case) -> None:
    """A reopened case has no result yet: its archive dates go (set again at the next closure)."""
    case.resultaat = ""
    case.archiefnominatie = ""
    case.brondatum = None
    case.archiefactiedatum = None


def regel_bevestigen(*, swv, route: str, resultaat: str, by) -> ArchiefRegel:
    """The SWV's archivaris confirms the rule for one result: the SWV's own rule as it stands, or else the
    default (taken over as the SWV's rule, with its values). History says who and when; the archive dates of
    cases already closed do not change (the values are the same)."""
    from cases import policies
    from cases.errors import Conflict, NotPermitted, ValidationFailed
    from cases.services.common import save_with_history

    if swv.pk not in policies.archive_rule_swvs(by):
        raise NotPermitted("Alleen de archivaris van het samenwerkingsverband bevestigt de archiefregels.")
    entry = archive.RESULTS.get(route)
    default = entry.types.get(resultaat) if entry else None
    if default is None:
        raise ValidationFailed("Onbekend resultaat voor deze route.", field="resultaat")
    with transaction.atomic():
        row = (
            ArchiefRegel.objects.select_for_update().filter(swv=swv, route=route, resultaat=resultaat).first()
        )
        if row is None:
            row = ArchiefRegel(
                swv=swv,
                route=route,
                resultaat=resultaat,
                archiefnominatie=default.archiefnominatie,
                termijn_jaren=default.termijn_jaren,
                brondatum=default.brondatum,
            )
        elif row.bevestigd_op is not None:
            raise Conflict(
                f"Deze archiefregel is al bevestigd op {timezone.localtime(row.bevestigd_op):%d-%m-%Y}.",
                code="archiefregel-bevestigd",
            )
        row.bevestigd_door = by
        row.bevestigd_op = clock.now()
        save_with_history(row, by=by, reason="bevestigd door de archivaris")
    return row
