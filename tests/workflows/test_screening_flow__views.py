"""The screening route through the web views, role by role: from care to placement."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.urls import reverse

from audit.models import AccessLog
from cases.models import WorkItem, ZorgOnderwijsScreening
from tests import screening_steps as steps
from tests.factories import give_consent, pdf

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


def test_child_from_care_to_placement_through_the_views(client, world, time_machine):
    w = steps.actors(world)
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)
    client.force_login(w.so_user)
    assert client.get(reverse("screening_new")).status_code == 200
    data = {  # a child from care is not enrolled with the SO school: named by BSN and date of birth
        "leerling_nummer": w.leerling_a.bsn,
        "leerling_geboortedatum": w.leerling_a.geboortedatum.isoformat(),
        "school": w.special.pk,
        "herkomst": "kdc",
        "vrijstelling": "volledig",
    }
    # without a consent for the screening in the register: refused, saying what to record
    r = client.post(reverse("screening_new"), data)
    assert r.status_code == 200 and "geen geldige toestemming" in r.content.decode()
    give_consent(w.leerling_a, "screening")
    r = client.post(reverse("screening_new"), data)
    assert r.status_code == 302
    s = ZorgOnderwijsScreening.objects.get(case__leerling=w.leerling_a)
    case = s.case
    assert client.get(reverse("screening_detail", args=[case.pk])).status_code == 200
    assert client.get(reverse("case_detail", args=[case.pk])).url == reverse(
        "screening_detail", args=[case.pk]
    )
    # the screeningsteam sees the task in its werkvoorraad and advises
    client.force_login(w.screeningsteam)
    assert "Screenen en advies vastleggen" in client.get(reverse("inbox")).content.decode()
    # the screeningsteam adds a document (findings) to the screening
    r = client.post(
        reverse("document_upload", args=[case.pk]), {"kind": "overig", "file": pdf("verslag.pdf")}
    )
    assert r.status_code == 302 and case.documents.count() == 1
    item = _item(case, "screening")
    r = client.post(
        reverse("workitem", args=[item.pk]),
        {"deelnemers": "team", "bevindingen": "b", "advies": "gedeeltelijk"},
    )
    assert r.status_code == 200 and "uren onderwijs" in r.content.decode()
    _complete(
        client,
        w.screeningsteam,
        item,
        {
            "deelnemers": "orthopedagoog\nSO-school",
            "bevindingen": "Kan 3 dagdelen naar school",
            "advies": "gedeeltelijk",
            "uren_onderwijs": "12",
            "uren_zorg": "10",
        },
    )
    _complete(
        client,
        w.screeningsteam,
        _item(case, "informeren"),
        {"ouders_op": "2027-03-01", "bestuur_op": "2027-03-01"},
    )
    # the SO school decides on the placement (another school cannot see the task)
    item = _item(case, "plaatsing")
    client.force_login(w.school_b_user)
    assert client.get(reverse("workitem", args=[item.pk])).status_code == 404
    _complete(client, w.so_user, item, {"plaatsing": "gedeeltelijk"})
    s = ZorgOnderwijsScreening.objects.get(pk=s.pk)
    assert (s.status, s.advies_gevolgd, s.vrijstelling) == ("afgesloten", True, "gedeeltelijk")
    page = client.get(reverse("screening_detail", args=[case.pk])).content.decode()
    assert "advies gevolgd" in page and "herscreening" in page
    assert AccessLog.objects.filter(case_id=case.pk, what="dossier screening zorg naar onderwijs").exists()
    # the consulent (SWV) sees it; a school of another SWV does not
    client.force_login(w.consulent)
    assert case.reference in client.get(reverse("screening_list") + "?alle=1").content.decode()


def test_screenings_are_scoped_per_school_and_swv(client, world, other_world, time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)
    s = steps.aangemeld(world)
    ref = s.case.reference
    url = reverse("screening_detail", args=[s.case_id])
    for user, visible in [
        (world.so_user, True),
        (world.screeningsteam, True),
        (world.consulent, True),
        (world.school_user, False),
        (world.leerplicht, False),
        (steps.actors(other_world).screeningsteam, False),
        (other_world.consulent, False),
    ]:
        client.force_login(user)
        assert (client.get(url).status_code == 200) is visible, user
        assert (ref in client.get(reverse("screening_list")).content.decode()) is visible, user
