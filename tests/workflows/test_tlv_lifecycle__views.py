"""Verlenging, beëindiging and intrekking from the case page; who may open a bezwaar page."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from cases.models import Bekendmaking, Tlv, TlvAanvraag, WorkItem
from cases.services.deadlines import sweep_deadlines

AMS = ZoneInfo("Europe/Amsterdam")


def test_school_asks_for_a_verlenging_from_the_case_page(client, world, steps):
    a = steps.bekendgemaakt(world)
    client.force_login(world.school_user)
    page = client.get(reverse("case_detail", args=[a.case_id])).content.decode()
    assert "Verlenging aanvragen" in page and "TLV beëindigen" not in page
    r = client.post(reverse("tlv_verlengen", args=[a.case_id]))
    new = TlvAanvraag.objects.exclude(pk=a.pk).get(case__leerling=a.case.leerling)
    assert r.url == reverse("case_detail", args=[new.case_id])
    page = client.get(r.url).content.decode()
    assert "Deze aanvraag is een verlenging van" in page and a.case.reference in page


def test_consulent_ends_and_beslisser_revokes_from_the_case_page(client, world, steps):
    a = steps.bekendgemaakt(world)
    client.force_login(world.beslisser)
    client.post(reverse("tlv_intrekken", args=[a.case_id]), {"motivering": ""})
    assert Tlv.objects.get(aanvraag=a).status == "actief"
    client.post(reverse("tlv_intrekken", args=[a.case_id]), {"motivering": "Onjuiste gegevens"})
    assert Tlv.objects.get(aanvraag=a).status == "ingetrokken"
    assert Bekendmaking.objects.filter(aanvraag=a, soort="intrekking").exists()

    b = steps.bekendgemaakt(world, steps.toegekend_for(world, world.leerling_b))
    client.force_login(world.consulent)
    client.post(reverse("tlv_beeindigen", args=[b.case_id]), {"per": "2027-06-30", "reden": "Terugplaatsing"})
    assert Tlv.objects.get(aanvraag=b).status == "beeindigd"


def test_expiry_escalation_is_resolved_in_the_inbox(client, world, steps):
    a = steps.bekendgemaakt(world)
    with time_machine.travel(dt.datetime(2028, 8, 1, 9, tzinfo=AMS), tick=False):
        sweep_deadlines()
        item = WorkItem.objects.get(case=a.case, kind="escalation")
        client.force_login(world.consulent)
        assert "TLV verlopen zonder verlenging of vervolg" in client.get(reverse("inbox")).content.decode()
        r = client.post(
            reverse("workitem", args=[item.pk]), {"action_taken": "Leerling ingeschreven op VSO."}
        )
        assert r.status_code == 302
    assert WorkItem.objects.get(pk=item.pk).status == "done"


def test_bezwaar_page_is_hidden_from_another_swv(client, world, other_world, steps):
    b = steps.bezwaar_ontvangen(world)
    client.force_login(other_world.consulent)
    assert client.get(reverse("bezwaar_detail", args=[b.pk])).status_code == 404
    client.force_login(world.auditor)
    assert client.get(reverse("bezwaar_detail", args=[b.pk])).status_code == 200


def test_besluit_is_corrected_before_and_refused_after_the_bekendmaking(client, world, steps):
    a = steps.toegekend(world)
    client.force_login(world.beslisser)
    assert "Besluit corrigeren" in client.get(reverse("case_detail", args=[a.case_id])).content.decode()
    client.post(
        reverse("besluit_corrigeren", args=[a.case_id]), {"einddatum": "2028-07-14", "reason": "Typfout"}
    )
    assert steps.fresh(a).einddatum == dt.date(2028, 7, 14)
    client.post(reverse("tlv_bekendmaken", args=[a.case_id]), {"bevestigd": "1"})
    r = client.post(
        reverse("besluit_corrigeren", args=[a.case_id]),
        {"einddatum": "2028-12-31", "reason": "Toch langer"},
        follow=True,
    )
    assert "kan niet meer worden gewijzigd" in r.content.decode()
    assert steps.fresh(a).einddatum == dt.date(2028, 7, 14)
    assert "Besluit corrigeren" not in r.content.decode()


def test_after_besluit_section_in_english(client, world, steps):
    from django.conf import settings

    a = steps.bekendgemaakt(world)
    client.force_login(world.consulent)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("case_detail", args=[a.case_id])).content.decode()
    assert "After the decision" in html and "Register an objection" in html
    assert "TLV register" in client.get(reverse("tlv_register")).content.decode()
