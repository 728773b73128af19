"""The monthly overview for the CvA/BTO: per month of a school year the TLV requests received, the advices
given, and the besluiten issued (toegekend, afgewezen; of those, within the beslistermijn), for one SWV.

Definitions (shown on the page and in the export):
- received: requests submitted (ingediend) in the month; a concept does not count;
- advised: CvA/BTO advices recorded in the month;
- decided: besluiten toegekend or afgewezen recorded in the month; within term when the besluit day is on or
  before the beslistermijn's due date and that term was never breached (as the quarterly report counts).
Months are calendar months in Dutch time, 1 August to 31 July.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncDate, TruncMonth
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cases.models import Deadline, TlvAanvraag
from cases.models.tlv import TlvStatus
from reports.selectors import schooljaar_bounds

DEFINITION = _(
    "Ontvangen: aanvragen ingediend in de maand (een concept telt niet). "
    "Geadviseerd: adviezen van de CvA/BTO vastgelegd in de maand. "
    "Besloten: besluiten toegekend of afgewezen in de maand; binnen de termijn als de dag van het besluit "
    "op of vóór de uiterste datum van de beslistermijn ligt en die termijn nooit is overschreden. "
    "Maanden van 1 augustus tot en met 31 juli, Nederlandse tijd."
)


@dataclass
class MonthRow:
    month: dt.date
    received: int = 0
    advised: int = 0
    toegekend: int = 0
    afgewezen: int = 0
    within_term: int = 0

    @property
    def label(self) -> str:
        return date_format(self.month, "F Y")

    @property
    def decided(self) -> int:
        return self.toegekend + self.afgewezen


def months_of(schooljaar: int) -> list[dt.date]:
    start, _end = schooljaar_bounds(schooljaar)
    return [
        dt.date(start.year + (start.month + i - 1) // 12, (start.month + i - 1) % 12 + 1, 1)
        for i in range(12)
    ]


def _first_day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def monthly_overview(*, swv_id: int, schooljaar: int) -> list[MonthRow]:
    """Twelve rows, August to July (three GROUP BY queries)."""
    rows = {m: MonthRow(m) for m in months_of(schooljaar)}
    start, end = schooljaar_bounds(schooljaar)
    requests = TlvAanvraag.objects.filter(case__swv_id=swv_id)

    def in_year(field: str, qs):
        return qs.filter(**{f"{field}__date__gte": start, f"{field}__date__lte": end}).annotate(
            m=TruncMonth(field)
        )

    for r in in_year("ingediend_op", requests).values("m").annotate(n=Count("pk")):
        rows[_first_day(r["m"])].received = r["n"]
    for r in in_year("cva_op", requests).values("m").annotate(n=Count("pk")):
        rows[_first_day(r["m"])].advised = r["n"]
    terms = Deadline.objects.filter(
        case_id=OuterRef("case_id"), kind__in=("tlv_beslistermijn", "tlv_beslistermijn_complex")
    )
    decided = in_year("besloten_op", requests.filter(status__in=[TlvStatus.TOEGEKEND, TlvStatus.AFGEWEZEN]))
    decided = decided.annotate(day=TruncDate("besloten_op")).annotate(
        on_time=Exists(terms.filter(due_on__gte=OuterRef("day"), breached_at__isnull=True))
    )
    for r in decided.values("m").annotate(
        toegekend=Count("pk", filter=Q(status=TlvStatus.TOEGEKEND)),
        afgewezen=Count("pk", filter=Q(status=TlvStatus.AFGEWEZEN)),
        within=Count("pk", filter=Q(on_time=True)),
    ):
        row = rows[_first_day(r["m"])]
        row.toegekend, row.afgewezen, row.within_term = r["toegekend"], r["afgewezen"], r["within"]
    return list(rows.values())
