"""Figures of the overstap route (the warm PO→VO handover), scoped through cases.policies:

- `pairs`: for each pair of PO and VO SWV, the pupils in transition with status, term and next step (the
  four-weekly PO/VO meeting);
- `per_school_year`: per first VO school year, handovers started, handed over, placed by 1 October and late,
  and the PO→VSO and PO→PrO counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cases import clock, policies
from cases.models import Deadline, Overstap, WorkItem
from cases.models.overstap import Afsluiting, OverstapSoort, OverstapStatus

RELATED = (
    "case",
    "case__swv",
    "case__school",
    "case__leerling",
    "vo_swv",
    "vo_school",
    "ontvangst_case",
    "vo_leerling",
)


@dataclass
class Row:
    overstap: Overstap
    reference: str
    case_id: int
    leerling: str
    status: str
    term: Deadline | None
    next_step: str


@dataclass
class Pair:
    po: object
    vo: object
    rows: list[Row] = field(default_factory=list)


def _side_case(user, o: Overstap):
    """The case of the handover this user reads: the sending case where visible, else the receiving one."""
    return o.case if policies.handover_side(user, o) == "po" else o.ontvangst_case


def pairs(user) -> list[Pair]:
    """Open handovers with a chosen VO school, grouped per (PO SWV, VO SWV)."""
    qs = (
        policies.visible_overstappen(user)
        .filter(vo_swv__isnull=False)
        .exclude(status=OverstapStatus.AFGESLOTEN)
        .select_related(*RELATED)
        .order_by("case__swv__code", "vo_swv__code", "case__leerling__achternaam", "pk")
    )
    out: dict[tuple[int, int], Pair] = {}
    for o in qs:
        case = _side_case(user, o)
        cases = [c for c in (o.case, o.ontvangst_case) if c is not None]
        item = (
            WorkItem.objects.filter(case__in=cases, status=WorkItem.Status.OPEN)
            .order_by("due_at", "pk")
            .first()
        )
        term = (
            Deadline.objects.filter(case=o.ontvangst_case)
            .exclude(status=Deadline.Status.CLOSED)
            .order_by("due_on", "pk")
            .first()
            if o.ontvangst_case_id
            else None
        )
        leerling = o.vo_leerling if case.pk == o.ontvangst_case_id else o.case.leerling
        pair = out.setdefault((o.case.swv_id, o.vo_swv_id), Pair(o.case.swv, o.vo_swv))
        pair.rows.append(
            Row(
                overstap=o,
                reference=case.reference,
                case_id=case.pk,
                leerling=f"{leerling.voornaam} {leerling.achternaam}",
                status=o.get_status_display(),
                term=term,
                next_step=item.title if item else "",
            )
        )
    return list(out.values())


@dataclass
class Year:
    schooljaar: int
    gestart: int = 0
    overgedragen: int = 0
    op_tijd_geplaatst: int = 0
    te_laat: int = 0
    po_vso: int = 0
    po_pro: int = 0

    @property
    def label(self) -> str:
        return f"{self.schooljaar}-{self.schooljaar + 1}"


def _deadline_of(schooljaar: int) -> dt.date:
    return dt.date(schooljaar, 10, 1)


def per_school_year(user, schooljaar: int | None = None) -> list[Year]:
    """Per first VO school year: started (every handover opened, stopped ones too), handed over (sent),
    placed by 1 October, late (sent and placed after 1 October, or not placed while 1 October has passed),
    and the sent PO→VSO and PO→PrO handovers."""
    qs = policies.visible_overstappen(user)
    if schooljaar is not None:
        qs = qs.filter(schooljaar_vo=schooljaar)
    today = clock.today()
    years: dict[int, Year] = {}
    for o in qs.only("schooljaar_vo", "verzonden_op", "geplaatst_op", "soort", "afsluiting", "status"):
        y = years.setdefault(o.schooljaar_vo, Year(o.schooljaar_vo))
        y.gestart += 1
        if o.verzonden_op is None:
            continue
        y.overgedragen += 1
        y.po_vso += o.soort == OverstapSoort.PO_VSO
        y.po_pro += o.soort == OverstapSoort.PO_PRO
        uiterlijk = _deadline_of(o.schooljaar_vo)
        if o.geplaatst_op is not None and o.geplaatst_op <= uiterlijk:
            y.op_tijd_geplaatst += 1
        elif o.geplaatst_op is not None or (
            today > uiterlijk and o.afsluiting != Afsluiting.TOESTEMMING_INGETROKKEN
        ):
            y.te_laat += 1
    return [years[k] for k in sorted(years, reverse=True)]
