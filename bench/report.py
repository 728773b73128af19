"""(d) The quarterly report. One function, so the combined quarterly report (issue 7) can take its place."""

from __future__ import annotations

import datetime as dt


def previous_quarter(today: dt.date) -> tuple[int, int]:
    q = (today.month - 1) // 3  # the quarter before the current one (0 = last year's Q4)
    return (today.year, q) if q else (today.year - 1, 4)


def quarterly_report(*, user, today: dt.date) -> dict:
    """The quarter's indicators as reports/selectors.py computes them today: thuiszitters on the peildatum,
    toestroom zorg -> onderwijs in the quarter, carrousel flows of the school year."""
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
