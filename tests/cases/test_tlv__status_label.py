"""How a decided TLV reads on the case page: 'Toegekend, gaat in op …' before its ingangsdatum (not
'Actief'), and an SBO TLV without categorie has no stray space before its comma."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from cases.models import Tlv
from cases.services import tlv

AMS = ZoneInfo("Europe/Amsterdam")


def test_a_tlv_reads_toegekend_until_its_ingangsdatum_then_actief(world, steps):
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, tzinfo=AMS), tick=False):
        a = steps.bekendgemaakt(world, steps.toegekend(world, ingang=dt.date(2027, 1, 4)))
    t = Tlv.objects.get(aanvraag=a)
    assert t.status_label(dt.date(2026, 12, 7)) == "Toegekend, gaat in op 4 januari 2027"
    assert t.status_label(dt.date(2027, 1, 3)) == "Toegekend, gaat in op 4 januari 2027"
    assert t.status_label(dt.date(2027, 1, 4)) == "Actief"
    assert t.status_label(dt.date(2028, 8, 1)) == "Verlopen"


def test_the_case_page_and_register_say_when_the_tlv_starts(client, world, steps):
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, tzinfo=AMS), tick=False):
        a = steps.bekendgemaakt(world, steps.toegekend(world, ingang=dt.date(2027, 1, 4)))
        client.force_login(world.consulent)
        page = client.get(reverse("case_detail", args=[a.case_id])).content.decode()
        register = client.get(reverse("tlv_register")).content.decode()
    assert "Toegekend, gaat in op 4 januari 2027" in page
    assert "Toegekend, gaat in op 4 januari 2027" in register


def test_an_sbo_besluit_without_categorie_has_no_stray_space(client, world, steps):
    from cases.models import School

    sbo = School.objects.create(
        name="SBO De Wissel", brin="99SB", soort="sbo", bestuur=world.special.bestuur, swv=world.swv
    )
    a = steps.besluit_open(world)
    tlv.besluit_record(
        aanvraag=a,
        by=world.beslisser,
        besluit="toekennen",
        soort="sbo",
        ingangsdatum=dt.date(2027, 1, 4),
        einddatum=dt.date(2028, 7, 31),
        school=sbo,
        motivering="Besluit",
    )
    steps.bekendgemaakt(world, steps.fresh(a))
    client.force_login(world.consulent)
    page = client.get(reverse("case_detail", args=[a.case_id])).content.decode()
    assert "SBO, 4-1-2027" in page
    assert "SBO , " not in page
