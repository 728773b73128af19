"""(d) The quarterly report: the combined report page's computation (reports/quarterly.py) for one
SWV over a quarter and over a school year, and the route reports (reports/selectors.py) over every SWV."""

from __future__ import annotations

import datetime as dt


def previous_quarter(today: dt.date) -> tuple[int, int]:
    q = (today.month - 1) // 3  # the quarter before the current one (0 = last year's Q4)
    return (today.year, q) if q else (today.year - 1, 4)


def combined_report(*, swv, now: dt.datetime, schooljaar: bool = False) -> dict:
    """What /rapportages/kwartaal/ computes for one SWV: every figure of the page."""
    from django.utils import timezone

    from reports import quarterly, selectors

    today = timezone.localdate(now)
    if schooljaar:
        period = quarterly.Period.of_schoolyear(selectors.schooljaar_of(today) - 1)
    else:
        period = quarterly.Period.last_complete_quarter(today)
    r = quarterly.quarterly_report(swv=swv, period=period, now=now)
    return {
        "period": period.label,
        "tlv": r.tlv_totaal,
        "thuiszitters": r.thuiszitters_totaal,
        "toestroom_afgesloten": r.toestroom_totaal.afgesloten if r.toestroom_totaal else 0,
        "schakel_rows": len(r.schakel),
        "termijn_rows": len(r.termijnen),
        "doorlooptijd_stappen": len(r.doorlooptijd_stappen),
    }


def national_route_reports(*, user, today: dt.date) -> dict:
    """The route reports over every SWV the user may see: thuiszitters on the peildatum, toestroom in the
    quarter, carrousel flows of the school year."""
    from reports import selectors

    jaar, kwartaal = previous_quarter(today)
    peildatum = selectors.quarter_end(today)
    rows = selectors.thuiszitter_count(user=user, peildatum=peildatum)
    toestroom_rows, toestroom_total = selectors.toestroom(user=user, jaar=jaar, kwartaal=kwartaal)
    carrousel = selectors.carrousel(user=user, schooljaar=selectors.schooljaar_of(peildatum))
    return {
        "peildatum": peildatum.isoformat(),
        "thuiszitters": sum(r.aantal for r in rows),
        "toestroom_afgesloten": toestroom_total.afgesloten,
        "carrousel_rows": len(carrousel),
    }
