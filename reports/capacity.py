"""Capacity and waiting lists of the specialised schools of an SWV, and next school year's forecast.

Per school (SBO, SO and VSO per cluster, PrO) of the SWV:
- capacity: the places its beheerder recorded for the school year (reports.Capaciteit);
- placed: pupils with a TLV in force for that school who are enrolled there (the placement is confirmed on
  the TLV: cases/services/plaatsing.py);
- waiting: pupils with a TLV in force for that school who are not enrolled yet, with their waiting days
  counted from the TLV's ingangsdatum; over the SWV's norm (reports.WachtlijstNorm) they are flagged;
- expected inflow: decided TLVs for that school that start later, and schakel trials towards it;
- expected outflow this school year: TLVs in force that end before 1 August, and schakel trials from the
  school back to regular education;
- next school year: placed + waiting + inflow − outflow against next year's capacity.
Open TLV requests have no school yet: they are counted per kind (soort and cluster) as expected inflow of
that kind.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from cases import clock
from cases.models import Schakeltraject, School, Tlv, TlvAanvraag
from cases.models.schakel import SchakelSoort, SchakelStatus
from cases.models.tlv import OPEN_STATES, TlvSoort
from cases.models.tlv_lifecycle import TlvStatusGeldig
from reports.models import Capaciteit, WachtlijstNorm
from reports.selectors import schooljaar_of

# schakel moves that leave specialised education (outflow of the school the pupil is at)
BACK_TO_REGULAR = {SchakelSoort.SO_PO, SchakelSoort.SBO_PO, SchakelSoort.SO_VO, SchakelSoort.VSO_VO}
RUNNING_SCHAKEL = [SchakelStatus.SIGNAAL, SchakelStatus.OVERLEG, SchakelStatus.PROEFPLAATSING]


@dataclass
class WaitingPupil:
    case_id: int
    reference: str
    pupil: str
    since: dt.date
    days: int
    over_norm: bool


@dataclass
class SchoolCapacity:
    school_id: int
    name: str
    kind: str
    capacity: int | None
    capacity_next: int | None
    placed: int = 0
    waiting: list[WaitingPupil] = field(default_factory=list)
    inflow_tlv: int = 0
    inflow_schakel: int = 0
    outflow_tlv: int = 0
    outflow_schakel: int = 0

    @property
    def free(self) -> int | None:
        return None if self.capacity is None else self.capacity - self.placed

    @property
    def forecast_next(self) -> int:
        return (
            self.placed
            + len(self.waiting)
            + self.inflow_tlv
            + self.inflow_schakel
            - self.outflow_tlv
            - (self.outflow_schakel)
        )

    @property
    def short_next(self) -> int | None:
        """Places short next school year (positive) or to spare (negative); None without a capacity."""
        return None if self.capacity_next is None else self.forecast_next - self.capacity_next

    @property
    def over_norm(self) -> int:
        return sum(1 for w in self.waiting if w.over_norm)


@dataclass
class CapacityReport:
    swv_id: int
    today: dt.date
    schooljaar: int
    norm_days: int | None
    schools: list[SchoolCapacity]
    open_requests: list[tuple[str, int]]  # (kind label, open TLV requests of that kind)

    @property
    def label(self) -> str:
        return f"{self.schooljaar}-{self.schooljaar + 1}"

    @property
    def waiting_total(self) -> int:
        return sum(len(s.waiting) for s in self.schools)

    @property
    def over_norm_total(self) -> int:
        return sum(s.over_norm for s in self.schools)


def kind_label(soort: str, cluster: int | None) -> str:
    label = str(School.Soort(soort).label) if soort in School.Soort.values else soort
    return _("%(soort)s cluster %(cluster)s") % {"soort": label, "cluster": cluster} if cluster else label


def _request_kind_label(soort: str, cluster: int | None) -> str:
    label = str(TlvSoort(soort).label) if soort in TlvSoort.values else soort
    return _("%(soort)s cluster %(cluster)s") % {"soort": label, "cluster": cluster} if cluster else label


def capacity_report(*, swv_id: int, today: dt.date | None = None) -> CapacityReport:
    """The capacity, placements, waiting list and next year's forecast of the SWV's specialised schools (a
    fixed handful of queries)."""
    today = today or clock.today()
    year = schooljaar_of(today)
    year_end = dt.date(year + 1, 7, 31)
    schools = list(
        School.objects.filter(swv_id=swv_id)
        .exclude(soort=School.Soort.REGULIER)
        .order_by("soort", "cluster", "name")
    )
    ids = [s.pk for s in schools]
    capacity = {
        (c.school_id, c.schooljaar): c.plaatsen
        for c in Capaciteit.objects.filter(school_id__in=ids, schooljaar__in=[year, year + 1])
    }
    norm = WachtlijstNorm.objects.filter(swv_id=swv_id).values_list("max_dagen", flat=True).first()
    rows = {
        s.pk: SchoolCapacity(
            school_id=s.pk,
            name=s.name,
            kind=kind_label(s.soort, s.cluster),
            capacity=capacity.get((s.pk, year)),
            capacity_next=capacity.get((s.pk, year + 1)),
        )
        for s in schools
    }
    in_force = Tlv.objects.filter(
        plaatsingsschool_id__in=ids, status=TlvStatusGeldig.ACTIEF, einddatum__gte=today
    )
    current = in_force.filter(ingangsdatum__lte=today).select_related("case", "case__leerling")
    for t in current.order_by("ingangsdatum", "pk"):
        row = rows[t.plaatsingsschool_id]
        if t.case.leerling.huidige_plaatsing_id == t.plaatsingsschool_id:
            row.placed += 1
        else:
            days = (today - t.ingangsdatum).days
            row.waiting.append(
                WaitingPupil(
                    case_id=t.case_id,
                    reference=t.case.reference,
                    pupil=str(t.case.leerling),
                    since=t.ingangsdatum,
                    days=days,
                    over_norm=norm is not None and days > norm,
                )
            )
        if t.einddatum <= year_end:
            row.outflow_tlv += 1
    for school_id in in_force.filter(ingangsdatum__gt=today).values_list("plaatsingsschool_id", flat=True):
        rows[school_id].inflow_tlv += 1
    trials = Schakeltraject.objects.filter(status__in=RUNNING_SCHAKEL).filter(
        Q(ontvangende_school_id__in=ids) | Q(huidige_school_id__in=ids)
    )
    for soort, to_id, from_id in trials.values_list("soort", "ontvangende_school_id", "huidige_school_id"):
        if to_id in rows:
            rows[to_id].inflow_schakel += 1
        if from_id in rows and soort in BACK_TO_REGULAR:
            rows[from_id].outflow_schakel += 1
    requests = Counter(
        TlvAanvraag.objects.filter(case__swv_id=swv_id, status__in=OPEN_STATES)
        .exclude(status="concept")
        .values_list("gevraagde_soort", "gevraagde_cluster")
    )
    open_requests = sorted(
        (_request_kind_label(soort, cluster), n) for (soort, cluster), n in requests.items()
    )
    return CapacityReport(swv_id, today, year, norm, list(rows.values()), open_requests)


def waiting_over_norm(*, swv_id: int, today: dt.date | None = None) -> list[WaitingPupil]:
    """The pupils who wait longer than the SWV's norm (for the warning on the home dashboard)."""
    report = capacity_report(swv_id=swv_id, today=today)
    return [w for s in report.schools for w in s.waiting if w.over_norm]
