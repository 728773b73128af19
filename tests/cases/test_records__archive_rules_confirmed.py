"""The archivaris confirms the SWV's archive rules, one result at a time: a default is taken over as the SWV's
rule with who and when; an own rule is confirmed as it stands and a later change clears the confirmation. Only
the archivaris of that SWV, on the page and through the API; a second confirmation is refused."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from cases import archive, policies
from cases.admin import ArchiefRegelAdmin
from cases.errors import Conflict, NotPermitted, ValidationFailed
from cases.models import ArchiefRegel
from cases.roles import Role
from cases.services import archief
from tests.api.helpers import Api
from tests.factories import make_user, make_world


@pytest.fixture
def archivaris(world):
    return make_user(role=Role.ARCHIVARIS, swv=world.swv)


def test_the_archivaris_confirms_a_default_on_the_page(client, world, archivaris):
    client.force_login(archivaris)
    html = client.get(reverse("vernietigingslijsten")).content.decode()
    assert reverse("archiefregel_bevestigen") in html and "standaard, te bevestigen" in html
    r = client.post(
        reverse("archiefregel_bevestigen"), {"route": "tlv", "resultaat": "toegekend"}, follow=True
    )
    html = r.content.decode()
    assert "Archiefregel bevestigd" in html and "bevestigd door" in html
    regel = ArchiefRegel.objects.get(swv=world.swv, route="tlv", resultaat="toegekend")
    default = archive.RESULTS["tlv"].types["toegekend"]
    assert (regel.archiefnominatie, regel.termijn_jaren, regel.brondatum) == (
        default.archiefnominatie,
        default.termijn_jaren,
        default.brondatum,
    )
    assert regel.bevestigd_door == archivaris and regel.history.first().history_change_reason
    # the default taken over is still shown as the default, now confirmed
    row = next(r for r in archive.defaults_table([regel]) if (r["route"], r["code"]) == ("tlv", "toegekend"))
    assert row["eigen"] == "" and row["bevestigd"].startswith("bevestigd door")
    # once only
    r = client.post(
        reverse("archiefregel_bevestigen"), {"route": "tlv", "resultaat": "toegekend"}, follow=True
    )
    assert "al bevestigd" in r.content.decode()
    assert ArchiefRegel.objects.filter(swv=world.swv, route="tlv").count() == 1


def test_only_the_archivaris_of_that_swv_confirms(client, world, archivaris):
    privacy = make_user(role=Role.PRIVACY_OFFICER, swv=world.swv)
    client.force_login(privacy)
    html = client.get(reverse("vernietigingslijsten")).content.decode()
    assert reverse("archiefregel_bevestigen") not in html  # the privacy officer reviews lists, not rules
    assert (
        client.post(
            reverse("archiefregel_bevestigen"), {"route": "tlv", "resultaat": "toegekend"}
        ).status_code
        == 404
    )
    client.force_login(world.consulent)
    assert (
        client.post(
            reverse("archiefregel_bevestigen"), {"route": "tlv", "resultaat": "toegekend"}
        ).status_code
        == 404
    )
    other = make_world()
    with pytest.raises(NotPermitted):
        archief.regel_bevestigen(swv=other.swv, route="tlv", resultaat="toegekend", by=archivaris)
    with pytest.raises(ValidationFailed):
        archief.regel_bevestigen(swv=world.swv, route="tlv", resultaat="bestaat_niet", by=archivaris)
    assert not ArchiefRegel.objects.exists()


def test_an_own_rule_is_confirmed_as_it_stands_and_a_change_clears_it(world, archivaris):
    own = ArchiefRegel.objects.create(
        swv=world.swv,
        route="tlv",
        resultaat="afgewezen",
        archiefnominatie="vernietigen",
        termijn_jaren=10,
        brondatum="afgehandeld",
    )
    regel = archief.regel_bevestigen(swv=world.swv, route="tlv", resultaat="afgewezen", by=archivaris)
    assert regel.pk == own.pk and regel.termijn_jaren == 10 and regel.bevestigd_op is not None
    with pytest.raises(Conflict):
        archief.regel_bevestigen(swv=world.swv, route="tlv", resultaat="afgewezen", by=archivaris)
    regel.termijn_jaren = 12
    admin = ArchiefRegelAdmin(ArchiefRegel, None)
    admin.save_model(
        SimpleNamespace(user=world.beheerder), regel, SimpleNamespace(changed_data=["termijn_jaren"]), True
    )
    regel.refresh_from_db()
    assert (regel.termijn_jaren, regel.bevestigd_op, regel.bevestigd_door) == (12, None, None)


def test_the_api_lists_and_confirms_the_rules(world, archivaris):
    api = Api()
    api.http.force_login(archivaris)
    r = api.get("/api/v1/archive-rules/")
    assert r.status_code == 200
    rows = r.json()
    assert len(rows) == sum(len(e.types) for e in archive.RESULTS.values())
    assert {row["swv"] for row in rows} == {world.swv.pk} and all(row["bevestigd"] == "" for row in rows)
    r = api.post("/api/v1/archive-rules/confirm/", {"route": "loket", "resultaat": "toegewezen"})
    assert r.status_code == 200, r.content
    assert r.json()["bevestigd"].startswith("bevestigd door")
    assert (
        api.post("/api/v1/archive-rules/confirm/", {"route": "loket", "resultaat": "toegewezen"}).status_code
        == 409
    )
    assert api.post("/api/v1/archive-rules/confirm/", {"route": "loket", "resultaat": "x"}).status_code == 400
    api.http.force_login(world.consulent)
    assert api.get("/api/v1/archive-rules/").json() == []
    assert (
        api.post("/api/v1/archive-rules/confirm/", {"route": "tlv", "resultaat": "toegekend"}).status_code
        == 403
    )
    assert policies.archive_rule_swvs(world.consulent) == set()
