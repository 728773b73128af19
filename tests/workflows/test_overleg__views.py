"""Case tables through the pages: plan, record, minutes and agreements (tasks in the owners' inboxes), the
owner completes one on the work-item page, close; who sees which meeting and which agenda items (a school
only its own pupils'; a leerplichtambtenaar never another SWV's meeting about their gemeente); reads are
logged; the case page links its meetings."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from audit.models import AccessLog
from cases.models import Overleg, OverlegAfspraak, WorkItem
from cases.roles import Role
from cases.services import overleg
from tests import overleg_steps as steps
from tests.factories import make_user

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def at_march(time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)
    return time_machine


def test_plan_record_agree_complete_close_through_the_pages(client, world, at_march):
    case_a, case_b = steps.cases(world)
    client.force_login(world.consulent)
    assert client.get(reverse("casustafels")).status_code == 200
    page = client.get(reverse("overleg_plan") + f"?casus={case_a.pk}")
    assert page.status_code == 200
    r = client.post(
        reverse("overleg_plan"),
        {
            "swv": world.swv.pk,
            "soort": "doa_6plus",
            "datum": "2027-03-01",
            "tijd": "14:00",
            "plaats": "Kantoor",
            "voorzitter": world.consulent.pk,
            "vervolg_weken": "4",
            "casussen": [case_a.pk, case_b.pk],
            "vraag": "Welke ondersteuning?",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    o = Overleg.objects.get()
    detail = reverse("overleg_detail", args=[o.pk])
    r = client.post(
        reverse("overleg_deelnemer_add", args=[o.pk]),
        {"user": world.school_user.pk, "rol": "school", "school": world.school_a.pk},
    )
    assert r.status_code == 302 and o.deelnemers.count() == 2
    r = client.post(reverse("overleg_record", args=[o.pk]), {"verslag": "Besproken", "aanwezig": []})
    assert Overleg.objects.get(pk=o.pk).status == "gehouden"
    punt = o.agendapunten.get(case=case_a)
    r = client.post(
        reverse("overleg_punt_verslag", args=[o.pk, punt.pk]),
        {f"p{punt.pk}-verslag": "Ambulante begeleiding inzetten", f"p{punt.pk}-ouders_aanwezig": "1"},
    )
    assert r.status_code == 302
    punt.refresh_from_db()
    assert (punt.verslag, punt.ouders_aanwezig) == ("Ambulante begeleiding inzetten", True)
    r = client.post(
        reverse("overleg_afspraak_add", args=[o.pk, punt.pk]),
        {
            f"a{punt.pk}-omschrijving": "Plan van aanpak opstellen",
            f"a{punt.pk}-eigenaar": world.school_user.pk,
            f"a{punt.pk}-uiterlijk": "2027-03-15",
        },
    )
    assert r.status_code == 302
    # both a person and a role: refused with a Dutch message, nothing made
    r = client.post(
        reverse("overleg_afspraak_add", args=[o.pk, punt.pk]),
        {
            f"a{punt.pk}-omschrijving": "Dubbel",
            f"a{punt.pk}-eigenaar": world.school_user.pk,
            f"a{punt.pk}-eigenaar_rol": "consulent",
            f"a{punt.pk}-uiterlijk": "2027-03-15",
        },
        follow=True,
    )
    assert "niet allebei" in r.content.decode()
    assert OverlegAfspraak.objects.count() == 1
    html = client.get(detail).content.decode()
    assert "Plan van aanpak opstellen" in html and "<caption>" in html
    # the owner finds it in their inbox and completes it on the work-item page
    item = WorkItem.objects.get(node="overleg_afspraak", status="open")
    client.force_login(world.school_user)
    assert "Plan van aanpak opstellen" in client.get(reverse("inbox")).content.decode()
    assert client.get(reverse("workitem", args=[item.pk])).status_code == 200
    r = client.post(reverse("workitem", args=[item.pk]), {"uitkomst": "Plan staat"})
    assert r.status_code == 302, r.content.decode()[:2000]
    assert OverlegAfspraak.objects.get().uitkomst == "Plan staat"
    # the school sees the meeting (its school takes part) and the outcome, but not the SWV's actions
    html = client.get(detail).content.decode()
    assert "Plan staat" in html and reverse("overleg_close", args=[o.pk]) not in html
    assert client.post(reverse("overleg_close", args=[o.pk]), {"reason": ""}).status_code == 403
    # the route's case page links the meeting
    case_page = client.get(reverse("loket_detail", args=[case_a.pk])).content.decode()
    assert reverse("overleg_detail", args=[o.pk]) in case_page
    client.force_login(world.consulent)
    r = client.post(reverse("overleg_close", args=[o.pk]), {"reason": "compleet"})
    assert Overleg.objects.get(pk=o.pk).status == "afgesloten"


def test_a_plan_without_consent_says_so_in_dutch(client, world, at_march):
    case_a, case_b = steps.cases(world, consent=False)
    client.force_login(world.consulent)
    r = client.post(
        reverse("overleg_plan"),
        {
            "swv": world.swv.pk,
            "soort": "doa_6min",
            "datum": "2027-03-01",
            "voorzitter": world.consulent.pk,
            "vervolg_weken": "4",
            "casussen": [case_a.pk],
        },
    )
    assert r.status_code == 200 and "geen geldige toestemming" in r.content.decode()
    assert not Overleg.objects.exists()


def test_who_sees_which_meeting_and_which_items(client, world, other_world, at_march):
    """School B sees the meeting but only its own pupil's item; the leerplichtambtenaar of gemeente A in
    this SWV takes part; the other SWV (sharing gemeente A) never sees it, and its meeting about gemeente A
    stays hidden from this SWV's leerplichtambtenaar."""
    case_a, case_b = steps.cases(world)
    o = steps.plan_doa(world, case_a, case_b)
    other_world.swv.gemeenten.add(world.gemeente_a)  # two SWVs sharing a gemeente
    other_leerplicht = make_user(
        "ander-lpa", role=Role.LEERPLICHTAMBTENAAR, swv=other_world.swv, gemeente=world.gemeente_a
    )
    oc_a, oc_b = steps.cases(other_world)
    theirs = overleg.overleg_plan(
        by=other_world.consulent,
        swv=other_world.swv,
        soort="actietafel",
        datum=o.datum,
        voorzitter=other_world.consulent,
        agenda=[{"case": oc_a}],
        deelnemers=[{"user": other_leerplicht, "rol": "leerplicht", "gemeente": world.gemeente_a}],
    )
    ours = reverse("overleg_detail", args=[o.pk])
    other = reverse("overleg_detail", args=[theirs.pk])

    client.force_login(world.school_b_user)
    html = client.get(ours).content.decode()
    assert case_b.reference in html and case_a.reference not in html
    assert "1 casus die u niet kunt inzien" in html
    assert client.get(other).status_code == 404
    listing = client.get(reverse("casustafels")).content.decode()
    assert ours in listing and other not in listing
    # the read of the meeting and of the one visible agenda case are logged
    assert AccessLog.objects.filter(user=world.school_b_user, case_id=case_b.pk).exists()
    assert not AccessLog.objects.filter(user=world.school_b_user, case_id=case_a.pk).exists()

    client.force_login(world.leerplicht)  # gemeente A of this SWV: a participant
    assert client.get(ours).status_code == 200
    assert client.get(other).status_code == 404  # same gemeente, other SWV
    client.force_login(other_leerplicht)
    assert client.get(ours).status_code == 404
    assert client.get(other).status_code == 200
    client.force_login(other_world.consulent)
    assert client.get(ours).status_code == 404
    assert other_world.consulent.pk not in policies_visible(world, o)
    client.force_login(world.auditor)  # SWV-wide reader: everything, read only
    html = client.get(ours).content.decode()
    assert case_a.reference in html and case_b.reference in html
    assert reverse("overleg_record", args=[o.pk]) not in html


def policies_visible(world, o):
    from django.contrib.auth import get_user_model

    from cases import policies

    return [u.pk for u in get_user_model().objects.all() if policies.visible_overleggen(u).filter(pk=o.pk)]


def test_the_menu_has_case_tables_for_swv_staff(client, world):
    from workflows.menu import entries_for

    assert "casustafels" in [e.url_name for e in entries_for(world.consulent)]
    assert "casustafels" in [e.url_name for e in entries_for(world.auditor)]
    assert "casustafels" not in [e.url_name for e in entries_for(world.school_user)]
