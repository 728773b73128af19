"""The whole thuiszitter route through the web views (Django test client), role by role."""

import datetime as dt

from django.urls import reverse

from cases import clock
from cases.models import CaseEvent, ThuiszitterMelding, WorkItem
from cases.services.deadlines import sweep_deadlines
from tests.factories import give_consent


def _item(case, node):
    return WorkItem.objects.get(case=case, node=node, status="open")


def _complete(client, user, item, data):
    client.force_login(user)
    page = client.get(reverse("workitem", args=[item.pk]))
    assert page.status_code == 200 and "Vastleggen en afronden" in page.content.decode()
    response = client.post(reverse("workitem", args=[item.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def test_melding_to_afgesloten_through_the_views(client, world, time_machine):
    w = world
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC), tick=False)
    today = clock.today()
    first = today - dt.timedelta(days=10)
    # the school reports a thuiszitter
    client.force_login(w.school_user)
    assert client.get(reverse("thuiszitter_new")).status_code == 200
    r = client.post(
        reverse("thuiszitter_new"),
        {
            "leerling": w.leerling_a.pk,
            "type": "relatief",
            "eerste_verzuimdag": first.isoformat(),
            "gemeld_op": today.isoformat(),
            "officieel": "on",
        },
    )
    assert r.status_code == 302
    m = ThuiszitterMelding.objects.get(case__leerling=w.leerling_a)
    case = m.case
    # a second melding for the same pupil points to the open one
    r = client.post(
        reverse("thuiszitter_new"),
        {"leerling": w.leerling_a.pk, "type": "relatief", "eerste_verzuimdag": first.isoformat()},
        follow=True,
    )
    assert case.reference in r.content.decode() and "Er loopt al een thuiszittermelding" in r.content.decode()
    # a future first day of absence is refused with the message in the form
    client.force_login(w.school_b_user)
    r = client.post(
        reverse("thuiszitter_new"),
        {
            "leerling": w.leerling_b.pk,
            "type": "relatief",
            "eerste_verzuimdag": (today + dt.timedelta(days=3)).isoformat(),
        },
    )
    assert r.status_code == 200 and "in de toekomst" in r.content.decode()

    # the consulent registers
    client.force_login(w.consulent)
    page = client.get(reverse("inbox")).content.decode()
    assert "Thuiszitter registreren" in page
    _complete(
        client,
        w.consulent,
        _item(case, "registratie"),
        {"type": "relatief", "officieel": "on", "stamschool": w.school_a.pk},
    )
    # the school writes the plan van aanpak (owner required)
    item = _item(case, "plan_van_aanpak")
    client.force_login(w.school_user)
    r = client.post(reverse("workitem", args=[item.pk]), {"eigenaar": "", "inhoud": "Plan"})
    assert r.status_code == 200 and "eigenaar" in r.content.decode()
    _complete(client, w.school_user, item, {"eigenaar": w.school_a.pk, "inhoud": "Rooster opbouwen"})
    # the SWV runs the casusoverleg: refused until the ouders' consent for the case table is recorded
    overleg = {
        "datum": today.isoformat(),
        "voorzitter": "Mw. Onafhankelijk",
        "voorzitter_onafhankelijk": "on",
        "deelnemers": "school\nouders\nleerplicht",
        "afspraken": f"Intake jeugdhulp | wijkteam | {today.isoformat()}\nProefdag | SO | {today:%d-%m-%Y}",
    }
    client.force_login(w.consulent)
    r = client.post(reverse("workitem", args=[_item(case, "casusoverleg").pk]), overleg)
    assert r.status_code == 200 and "geen geldige toestemming" in r.content.decode()
    assert not m.overleggen.exists()
    give_consent(case.leerling, "casusoverleg")
    _complete(client, w.consulent, _item(case, "casusoverleg"), overleg)
    assert m.overleggen.get().afspraken.count() == 2
    _complete(
        client,
        w.consulent,
        _item(case, "passend_aanbod"),
        {"soort": "onderwijs", "omschrijving": "Deeltijdrooster", "startdatum": today.isoformat()},
    )
    _complete(client, w.school_user, _item(case, "terugkeer"), {"terugkeer_op": today.isoformat()})
    assert ThuiszitterMelding.objects.get(pk=m.pk).status == "monitoring"
    # the detail page shows the whole story
    client.force_login(w.consulent)
    html = client.get(reverse("thuiszitter_detail", args=[case.pk])).content.decode()
    for text in ("Mw. Onafhankelijk", "Intake jeugdhulp", "Deeltijdrooster", "Rooster opbouwen", "Tijdlijn"):
        assert text in html
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 302
    # after the monitoring period the consulent closes the case
    time_machine.move_to(dt.datetime(2027, 5, 1, 9, tzinfo=dt.UTC), tick=False)
    _complete(client, w.consulent, _item(case, "monitoring"), {"toelichting": "Gaat goed"})
    assert ThuiszitterMelding.objects.get(pk=m.pk).status == "afgesloten"
    # the leerplichtambtenaar reopens it when the pupil drops out again
    client.force_login(w.leerplicht)
    r = client.post(
        reverse("thuiszitter_heropenen", args=[case.pk]),
        {"eerste_verzuimdag": clock.today().isoformat(), "reason": "Weer thuis"},
    )
    assert r.status_code == 302
    assert ThuiszitterMelding.objects.get(pk=m.pk).status == "geregistreerd"
    assert CaseEvent.objects.filter(case=case, action="heropenen").exists()


def test_clock_moves_escalations_into_the_leerplicht_inbox_of_the_right_gemeente(client, world, time_machine):
    from cases.roles import Role
    from tests import thuiszitter_steps as steps
    from tests.factories import make_user

    w = world
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC), tick=False)
    m = steps.gemeld(w, days_ago=1)
    other = make_user(role=Role.LEERPLICHTAMBTENAAR, swv=w.swv, gemeente=w.gemeente_b)
    time_machine.move_to(dt.datetime(2027, 4, 30, 9, tzinfo=dt.UTC), tick=False)
    sweep_deadlines()
    client.force_login(w.leerplicht)
    inbox = client.get(reverse("inbox")).content.decode()
    assert m.case.reference in inbox
    item = WorkItem.objects.get(case=m.case, role=Role.LEERPLICHTAMBTENAAR)
    # the leerplicht page: own gemeente, days at home, phase, next term
    page = client.get(reverse("thuiszitter_list")).content.decode()
    days = (clock.today() - m.eerste_verzuimdag).days
    assert m.case.reference in page and f"<td>{days} " in page and "langer dan 4 weken" in page
    assert "Plan van aanpak" in page or "Gemeld" in page
    # the leerplichtambtenaar logs an action and resolves the escalation
    r = client.post(
        reverse("thuiszitter_actie", args=[m.case_id]),
        {"soort": "gesprek", "datum": clock.today().isoformat(), "toelichting": "Gesprek met ouders"},
    )
    assert r.status_code == 302 and m.leerplicht_acties.count() == 1
    _complete(client, w.leerplicht, item, {"action_taken": "Ouders uitgenodigd"})
    # the other gemeente's officer sees nothing of it
    client.force_login(other)
    assert m.case.reference not in client.get(reverse("inbox")).content.decode()
    assert m.case.reference not in client.get(reverse("thuiszitter_list")).content.decode()
    assert client.get(reverse("thuiszitter_detail", args=[m.case_id])).status_code == 404
    assert client.get(reverse("workitem", args=[item.pk])).status_code == 404
    r = client.post(
        reverse("thuiszitter_actie", args=[m.case_id]),
        {"soort": "gesprek", "datum": clock.today().isoformat(), "toelichting": "x"},
    )
    assert r.status_code == 404


def test_zorgplicht_through_the_views(client, world, time_machine):
    from cases.models import Aanmelding

    w = world
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC), tick=False)
    client.force_login(w.school_user)
    r = client.post(
        reverse("aanmelding_new"),
        {  # a pupil of another school applies: named by BSN and date of birth
            "leerling_nummer": w.leerling_b.bsn,
            "leerling_geboortedatum": w.leerling_b.geboortedatum.isoformat(),
            "school": w.school_a.pk,
            "aangemeld_op": clock.today().isoformat(),
        },
    )
    assert r.status_code == 302
    a = Aanmelding.objects.get()
    r = client.post(reverse("aanmelding_verlengen", args=[a.case_id]), {"kennisgeving": "Brief 5 maart"})
    assert r.status_code == 302
    r = client.post(
        reverse("aanmelding_verlengen", args=[a.case_id]), {"kennisgeving": "Nog een"}, follow=True
    )
    assert "maar één keer" in r.content.decode()
    _complete(client, w.school_user, _item(a.case, "zorgplicht_besluit"), {"uitkomst": "toegelaten"})
    assert Aanmelding.objects.get().status == "toegelaten"


def test_uitschrijving_guard_in_the_view(client, world):
    client.force_login(world.school_user)
    url = reverse("leerling_uitschrijven", args=[world.leerling_a.pk])
    r = client.post(url, {"datum": clock.today().isoformat()})
    assert r.status_code == 200 and "vastgelegde vervolgplek" in r.content.decode()
    r = client.post(url, {"datum": clock.today().isoformat(), "vervolgplek_school": world.special.pk})
    assert r.status_code == 302
    client.force_login(world.school_b_user)
    assert client.get(reverse("leerling_uitschrijven", args=[world.leerling_b.pk])).status_code == 200
    assert client.get(url).status_code == 404
