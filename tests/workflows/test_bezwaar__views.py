"""Bekendmaking and bezwaar end to end through the web views: gegrond, ongegrond, niet-ontvankelijk."""

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import Bekendmaking, Bezwaar, Tlv, WorkItem
from tests.factories import pdf


def _item(case, node):
    return WorkItem.objects.get(case=case, node=node, status="open")


def _complete(client, user, item, data):
    client.force_login(user)
    page = client.get(reverse("workitem", args=[item.pk]))
    assert page.status_code == 200
    r = client.post(reverse("workitem", args=[item.pk]), data)
    assert r.status_code == 302, r.content.decode()[:3000]


def _bekendmaken_and_register(client, w, a, **bezwaar_data):
    case = a.case
    client.force_login(w.consulent)
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Besluit bekendmaken" in page
    r = client.post(reverse("tlv_bekendmaken", args=[case.pk]), {"bevestigd": "1"})
    assert r.status_code == 302
    bk = Bekendmaking.objects.get(aanvraag=a)
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Bezwaartermijn t/m" in page and "Bezwaar registreren" in page
    # the letter is served by the checked download view
    r = client.get(reverse("document_download", args=[bk.document_id]))
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF-")
    data = {
        "ontvangen_op": dt.date.today().isoformat(),
        "indiener": "ouders",
        "ingediend_door": "Ouder A",
        "gronden": "De categorie is te laag.",
        "file": pdf("bezwaarschrift.pdf"),
        **bezwaar_data,
    }
    r = client.post(reverse("bezwaar_new", args=[case.pk]), data)
    b = Bezwaar.objects.get(aanvraag=a)
    assert r.status_code == 302 and r.url == reverse("bezwaar_detail", args=[b.pk])
    assert b.documents.count() == 1
    return b


def _through_commissie(client, w, case, advies):
    inbox = client.get(reverse("inbox")).content.decode()
    assert "Bezwaar: ontvankelijkheid beoordelen" in inbox
    _complete(
        client,
        w.consulent,
        _item(case, "bezwaar_ontvankelijkheid"),
        {"ontvankelijk": "1", "commissie": "lbt"},
    )
    _complete(
        client,
        w.consulent,
        _item(case, "bezwaar_hoorzitting"),
        {"op": dt.date.today().isoformat(), "verslag": "Ouders en school gehoord."},
    )
    _complete(
        client,
        w.consulent,
        _item(case, "bezwaar_advies"),
        {"uitkomst": advies, "tekst": "De LBT adviseert.", "op": dt.date.today().isoformat()},
    )


def test_ongegrond_through_the_views_with_beroep(client, world, steps):
    w = world
    a = steps.toegekend(w)
    b = _bekendmaken_and_register(client, w, a)
    _through_commissie(client, w, a.case, "ongegrond")
    client.force_login(w.beslisser)
    assert "Beslissing op bezwaar nemen" in client.get(reverse("inbox")).content.decode()
    _complete(
        client,
        w.beslisser,
        _item(a.case, "bezwaar_beslissing"),
        {"uitkomst": "ongegrond", "motivering": "Het besluit is zorgvuldig genomen."},
    )
    b = Bezwaar.objects.get(pk=b.pk)
    assert b.status == "ongegrond"
    assert Bekendmaking.objects.filter(aanvraag=a, soort="beslissing_op_bezwaar").count() == 1
    assert Tlv.objects.get(aanvraag=a).categorie == "laag"  # the besluit stands
    assert a.case.deadlines.get(kind="beslistermijn_bezwaar").status == "closed"
    # beroep recorded (no workflow)
    client.force_login(w.consulent)
    page = client.get(reverse("bezwaar_detail", args=[b.pk])).content.decode()
    assert "Beroep bij de rechtbank vastleggen" in page
    client.post(
        reverse("beroep_new", args=[b.pk]),
        {"ingesteld_op": dt.date.today().isoformat(), "rechtbank": "Rechtbank Den Haag"},
    )
    beroep = b.beroepen.get()
    client.post(
        reverse("beroep_uitspraak", args=[b.pk, beroep.pk]),
        {"uitspraak_op": dt.date.today().isoformat(), "uitkomst": "ongegrond"},
    )
    beroep.refresh_from_db()
    assert beroep.uitkomst == "ongegrond"


def test_gegrond_through_the_views_changes_the_besluit(client, world, steps):
    w = world
    a = steps.toegekend(w)
    _bekendmaken_and_register(client, w, a)
    _through_commissie(client, w, a.case, "gegrond")
    _complete(
        client,
        w.beslisser,
        _item(a.case, "bezwaar_beslissing"),
        {
            "uitkomst": "gegrond",
            "motivering": "De ondersteuningsbehoefte past bij categorie midden.",
            "soort": "so",
            "cluster": "4",
            "categorie": "midden",
            "ingangsdatum": "2027-01-04",
            "einddatum": "2028-07-31",
            "school": w.special.pk,
        },
    )
    assert Bezwaar.objects.get(aanvraag=a).status == "gegrond"
    assert Tlv.objects.get(aanvraag=a).categorie == "midden"
    assert Bekendmaking.objects.filter(aanvraag=a, soort="beslissing_op_bezwaar").exists()


def test_niet_ontvankelijk_through_the_views(client, world, steps):
    w = world
    a = steps.toegekend(w)
    b = _bekendmaken_and_register(client, w, a)
    client.force_login(w.consulent)
    _complete(
        client,
        w.consulent,
        _item(a.case, "bezwaar_ontvankelijkheid"),
        {"ontvankelijk": "0", "motivering": "Ingediend door iemand die geen belanghebbende is."},
    )
    assert not WorkItem.objects.filter(case=a.case, node="bezwaar_hoorzitting").exists()
    _complete(
        client,
        w.beslisser,
        _item(a.case, "bezwaar_beslissing"),
        {"uitkomst": "niet_ontvankelijk", "motivering": "Geen belanghebbende."},
    )
    assert Bezwaar.objects.get(pk=b.pk).status == "niet_ontvankelijk"
    assert Bekendmaking.objects.filter(aanvraag=a, soort="beslissing_op_bezwaar").exists()


@pytest.mark.parametrize("role", ["school", "deskundige", "auditor"])
def test_other_roles_cannot_bekendmaken_or_register(client, world, steps, role):
    a = steps.toegekend(world)
    client.force_login(world.roles[role])
    client.post(reverse("tlv_bekendmaken", args=[a.case.pk]), {"bevestigd": "1"})
    assert not Bekendmaking.objects.exists()
