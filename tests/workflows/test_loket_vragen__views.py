"""Advice and consultation questions through the pages and the API, role by role: the school asks
(anonymously), the loket answers, the school converts it into a request; a BSN in the question is refused
in Dutch; another school or SWV finds nothing; every read of a question is logged."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.urls import reverse

from audit.models import AccessLog
from cases.models import Adviesvraag, Ondersteuningsaanvraag
from cases.roles import Role
from tests import loket_steps as steps
from tests.api.helpers import Api, api_client
from tests.factories import give_consent

AMS = ZoneInfo("Europe/Amsterdam")


def test_ask_answer_convert_through_the_pages(client, world, other_world, time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)
    steps.types(world)
    client.force_login(world.school_user)
    assert "Advies- en consultatievragen" in client.get(reverse("loket_list")).content.decode()
    assert client.get(reverse("loket_vragen")).status_code == 200
    assert client.get(reverse("loket_vraag_new")).status_code == 200
    data = {"school": world.school_a.pk, "soort": "advies", "vraag": "BSN 111 222 333: wat te doen?"}
    r = client.post(reverse("loket_vraag_new"), data)
    assert r.status_code == 200 and "burgerservicenummer" in r.content.decode()
    assert not Adviesvraag.objects.exists()
    data["vraag"] = "Een leerling in groep 7 zegt weinig en haakt af: welke aanpak?"
    r = client.post(reverse("loket_vraag_new"), data)
    assert r.status_code == 302
    v = Adviesvraag.objects.get()
    page = client.get(reverse("loket_vraag_detail", args=[v.pk])).content.decode()
    assert "anoniem" in page and "15 maart 2027" in page and "Beantwoorden" not in page
    assert AccessLog.objects.filter(what=f"adviesvraag {v.reference}", user=world.school_user).exists()
    # another school and another SWV find nothing
    for user in (world.school_b_user, other_world.consulent):
        client.force_login(user)
        assert client.get(reverse("loket_vraag_detail", args=[v.pk])).status_code == 404
        assert v.reference not in client.get(reverse("loket_vragen")).content.decode()
    # the loket answers
    client.force_login(world.consulent)
    page = client.get(reverse("loket_vragen")).content.decode()
    assert v.reference in page
    r = client.post(reverse("loket_vraag_answer", args=[v.pk]), {"antwoord": ""})
    assert r.status_code == 302 and Adviesvraag.objects.get().status == "gesteld"
    r = client.post(
        reverse("loket_vraag_answer", args=[v.pk]), {"antwoord": "Vraag ambulante begeleiding aan."}
    )
    assert r.status_code == 302 and Adviesvraag.objects.get().status == "beantwoord"
    # the consulent cannot convert; the school can once the ouders consented
    r = client.post(
        reverse("loket_vraag_convert", args=[v.pk]),
        {"leerling": world.leerling_a.pk, "aanvraag_type": world.ab_type.pk, "ingezet": "IB"},
    )
    assert not Ondersteuningsaanvraag.objects.exists()
    client.force_login(world.school_user)
    form = {"leerling": world.leerling_a.pk, "aanvraag_type": world.ab_type.pk, "ingezet": "IB-traject"}
    r = client.post(reverse("loket_vraag_convert", args=[v.pk]), form, follow=True)
    assert "geen geldige toestemming" in r.content.decode()
    assert not Ondersteuningsaanvraag.objects.exists()
    give_consent(world.leerling_a, "gegevensdeling")
    r = client.post(reverse("loket_vraag_convert", args=[v.pk]), form)
    a = Ondersteuningsaanvraag.objects.get()
    assert r.status_code == 302 and r.url == reverse("loket_detail", args=[a.case_id])
    assert a.case.reference in client.get(reverse("loket_vraag_detail", args=[v.pk])).content.decode()


def test_questions_through_the_api(world, other_world, time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)
    steps.types(world)
    _, token = api_client(world, Role.SCHOOL)
    school = Api(token)
    r = school.post(
        "/api/v1/loket/vragen/", {"school": world.school_a.pk, "soort": "consultatie", "vraag": "111222333"}
    )
    assert r.status_code == 400 and "burgerservicenummer" in r.content.decode()
    r = school.post(
        "/api/v1/loket/vragen/", {"school": world.school_a.pk, "soort": "consultatie", "vraag": "Aanpak?"}
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["anoniem"] is True and body["antwoord_uiterlijk"] == "2027-03-15"
    pk = body["id"]
    assert [x["id"] for x in school.get("/api/v1/loket/vragen/").json()["results"]] == [pk]
    _, other = api_client(other_world, Role.CONSULENT)
    assert Api(other).get(f"/api/v1/loket/vragen/{pk}/").status_code == 404
    assert Api(other).get("/api/v1/loket/vragen/").json()["results"] == []
    _, token = api_client(world, Role.CONSULENT)
    loket_api = Api(token)
    assert loket_api.get(f"/api/v1/loket/vragen/{pk}/").status_code == 200
    assert AccessLog.objects.filter(what__startswith="adviesvraag AV-", via="api").exists()
    r = loket_api.post(f"/api/v1/loket/vragen/{pk}/answer/", {"antwoord": "Zie het ondersteuningsprofiel."})
    assert r.status_code == 200 and r.json()["status"] == "beantwoord"
    assert loket_api.post(f"/api/v1/loket/vragen/{pk}/answer/", {"antwoord": "nog eens"}).status_code == 409
    give_consent(world.leerling_a, "gegevensdeling")
    convert = {"leerling": world.leerling_a.pk, "aanvraag_type": world.ab_type.pk, "ingezet": "IB"}
    assert loket_api.post(f"/api/v1/loket/vragen/{pk}/convert/", convert).status_code == 403
    r = school.post(f"/api/v1/loket/vragen/{pk}/convert/", convert)
    assert r.status_code == 200, r.content
    assert r.json()["vraag"]["status"] == "omgezet"
    assert r.json()["reference"] == Ondersteuningsaanvraag.objects.get().case.reference
    assert school.post(f"/api/v1/loket/vragen/{pk}/convert/", convert).status_code == 409
