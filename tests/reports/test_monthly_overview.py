"""The monthly CvA/BTO overview on hand-counted data (school year 2026-2027).

- 14 September: request A submitted and advised by the CvA; decided (toegekend) on 5 October, within term;
- 12 October: request B submitted;
- 2 November: request C submitted, advised and decided (afgewezen) the same day, within term;
- another SWV's request in September must not count.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from cases.services import tlv
from reports.monthly import monthly_overview
from tests import tlv_steps
from tests.factories import complete_second_factor, make_world

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


def at(month, day, year=2026):
    return dt.datetime(year, month, day, 10, 0, tzinfo=AMS)


@pytest.fixture
def data():
    with time_machine.travel(at(9, 14), tick=False) as travel:
        w = make_world()
        other = make_world()
        a = tlv_steps.besluit_open(w)
        tlv_steps.ingediend(other)
        travel.move_to(at(10, 5))
        tlv.besluit_record(
            aanvraag=a,
            by=w.beslisser,
            besluit="toekennen",
            soort="so",
            cluster=4,
            categorie="laag",
            ingangsdatum=dt.date(2026, 11, 1),
            einddatum=dt.date(2028, 7, 31),
            school=w.special,
            motivering="Besluit",
        )
        travel.move_to(at(10, 12))
        tlv_steps.ingediend(w)
        travel.move_to(at(11, 2))
        tlv_steps.afgewezen(w)
        travel.move_to(at(12, 1))
        yield w, other


def test_the_months_count_by_hand(data):
    w, other = data
    rows = monthly_overview(swv_id=w.swv.pk, schooljaar=2026)
    assert [r.month for r in rows][:4] == [
        dt.date(2026, 8, 1),
        dt.date(2026, 9, 1),
        dt.date(2026, 10, 1),
        dt.date(2026, 11, 1),
    ]
    assert rows[-1].month == dt.date(2027, 7, 1)
    table = {r.month.month: (r.received, r.advised, r.toegekend, r.afgewezen, r.within_term) for r in rows}
    assert table[8] == (0, 0, 0, 0, 0)
    assert table[9] == (1, 1, 0, 0, 0)
    assert table[10] == (1, 0, 1, 0, 1)
    assert table[11] == (1, 1, 0, 1, 1)
    assert sum(r.received for r in rows) == 3
    assert sum(r.received for r in monthly_overview(swv_id=w.swv.pk, schooljaar=2025)) == 0


def test_page_export_and_api(client, data):
    from tests.api.helpers import Api, api_client

    w, other = data
    client.force_login(w.consulent)
    complete_second_factor(client, w.consulent)
    url = reverse("maandoverzicht")
    assert client.get(url).status_code == 200
    csv = client.get(url, {"swv": w.swv.pk, "schooljaar": 2026, "format": "csv"}).content.decode()
    assert "oktober 2026;1;0;1;0;1" in csv
    assert client.get(url, {"swv": other.swv.pk}).status_code == 404
    client.force_login(w.school_user)
    assert client.get(url).status_code == 403
    _c, token = api_client(w, role="consulent")
    body = Api(token).get("/api/v1/reports/monthly/", {"schooljaar": 2026}).json()
    assert [r["received"] for r in body["rijen"]][:4] == [0, 1, 1, 1] and body["definitie"]
