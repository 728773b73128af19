"""The archive data of a case: set at closure from its result and the SWV's rule, cleared on reopening.
Called by each route's closing service in the same transaction, before it saves the case with history."""

from __future__ import annotations

import logging

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
