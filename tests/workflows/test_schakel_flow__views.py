"""The schakel route through the web views: a pupil from SO back to a regular school, trial and nazorg."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.urls import reverse

from audit.models import AccessLog
from cases.models import Schakeltraject, Tlv, WorkItem
from cases.services.deadlines import sweep_deadlines
from tests import schakel_steps as steps

AMS = ZoneInfo("Europe/Amsterdam")


def _item(case, node):
    return WorkItem.objects.get(case=case, node=node, status="open")


def _complete(client, user, item, data):
    client.force_login(user)
    page = client.get(reverse("workitem", args=[item.pk]))
    assert page.status_code == 200 and "Vastleggen en afronden" in page.content.decode()
    response = client.post(reverse("workitem", args=[item.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def test_so_back_to_regular_school_through_trial_and_aftercare(client, world, time_machine):
    w = world
    time_machine.move_to(dt.datetime(2026, 12, 1, 9, tzinfo=AMS), tick=False)
    tlv = steps.active_tlv(w)
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)
    client.force_login(w.consulent)
    assert client.get(reverse("schakel_new")).status_code == 200
    r = client.post(
        reverse("schakel_new"),
        {
            "leerling": w.leerling_a.pk,
            "soort": "so_po",
            "bron": "opp_evaluatie",
            "huidige_school": w.special.pk,
            "toelichting": "OPP-evaluatie: kan terug",
        },
    )
    assert r.status_code == 302
    t = Schakeltraject.objects.get(case__leerling=w.leerling_a)
    case = t.case
    _complete(
        client,
        w.consulent,
        _item(case, "schakeloverleg"),
        {
            "datum": "2027-03-01",
            "deelnemers": "SO\nregulier\nSWV\nouders",
            "ontvangende_school": w.school_b.pk,
        },
    )
    _complete(
        client,
        w.consulent,
        _item(case, "schakelplan"),
        {"plan": "Opbouw", "extra_begeleiding": "Ambulante begeleiding", "proef_start": "2027-03-01"},
    )
    # the receiving school can now see the traject
    client.force_login(w.school_b_user)
    assert client.get(reverse("schakel_detail", args=[case.pk])).status_code == 200
    time_machine.move_to(dt.datetime(2027, 4, 20, 9, tzinfo=AMS), tick=False)
    _complete(
        client, w.consulent, _item(case, "besluit"), {"besluit": "definitief", "motivering": "Gaat goed"}
    )
    assert Tlv.objects.get(pk=tlv.pk).status == "beeindigd"
    time_machine.move_to(dt.datetime(2027, 7, 20, 8, tzinfo=AMS), tick=False)
    sweep_deadlines()
    client.force_login(w.school_b_user)
    assert "Nazorg na 3 maanden" in client.get(reverse("inbox")).content.decode()
    _complete(client, w.school_b_user, _item(case, "nazorg_3"), {"oordeel": "goed", "toelichting": "Prima"})
    time_machine.move_to(dt.datetime(2028, 4, 20, 8, tzinfo=AMS), tick=False)
    sweep_deadlines()
    _complete(client, w.school_b_user, _item(case, "nazorg_12"), {"oordeel": "goed", "toelichting": "Prima"})
    t = Schakeltraject.objects.get(pk=t.pk)
    assert t.status == "afgesloten"
    page = client.get(reverse("schakel_detail", args=[case.pk])).content.decode()
    assert "Na 12 maanden" in page and "Definitief geplaatst" in page
    logged = AccessLog.objects.filter(case_id=case.pk, user=w.school_b_user, what="dossier schakeltraject")
    assert logged.exists()


def test_schakeltrajecten_are_scoped(client, world, other_world, time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)
    t = steps.met_overleg(world, soort="po_vso", huidige_school=world.school_a)
    url = reverse("schakel_detail", args=[t.case_id])
    for user, visible in [
        (world.school_user, True),  # current school
        (world.school_b_user, True),  # receiving school
        (world.consulent, True),
        (world.leerplicht, False),
        (other_world.school_user, False),
        (other_world.consulent, False),
    ]:
        client.force_login(user)
        assert (client.get(url).status_code == 200) is visible, user
        assert (t.case.reference in client.get(reverse("schakel_list")).content.decode()) is visible, user
