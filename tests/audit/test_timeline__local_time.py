"""The auditor's case history shows Dutch local time: the CSV export's timestamps carry the Amsterdam
offset, and a notification's 'gemaild' moment is local, not a raw UTC ISO string."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from notifications.models import Notification

AMS = ZoneInfo("Europe/Amsterdam")


def test_history_csv_and_page_use_dutch_local_time(client, world, steps):
    with time_machine.travel(dt.datetime(2026, 12, 7, 8, 30, tzinfo=dt.UTC), tick=False):
        a = steps.ingediend(world)
        Notification.objects.create(
            user=world.consulent,
            case=a.case,
            kind=Notification.Kind.choices[0][0],
            title="Nieuwe aanvraag",
            key="local-time-test",
            created_at=dt.datetime(2026, 12, 7, 8, 40, tzinfo=dt.UTC),
            emailed_at=dt.datetime(2026, 12, 7, 8, 45, tzinfo=dt.UTC),
        )
    client.force_login(world.auditor)
    url = reverse("audit_case_timeline", args=[a.case_id])
    body = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    stamps = [line.split(";")[0] for line in body.splitlines()[1:] if line]
    assert stamps and all(s.endswith("+01:00") for s in stamps), stamps
    assert "2026-12-07T09:30:00+01:00" in stamps
    page = client.get(url).content.decode()
    assert "gemaild 7 dec 2026 09:45" in page.lower()
    assert "08:45:00+00:00" not in page
