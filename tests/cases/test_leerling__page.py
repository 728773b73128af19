"""The pupil page: one timeline across all routes, the stamschool, the current placement and the active TLV;
search by name, date of birth or BSN; the BSN masked except for the roles that need it; only what the
user may see; other organisations' pupils are 404; every opening is logged."""

import pytest
from django.urls import reverse

from audit.models import AccessLog
from cases import clock
from cases.services import zorgplicht
from tests import schakel_steps, screening_steps, thuiszitter_steps, tlv_steps


@pytest.fixture
def pupil_in_every_route(world):
    """leerling_a with a TLV in force, a thuiszitter melding, a zorgplicht aanmelding, a screening and a
    schakeltraject."""
    w = world
    tlv = schakel_steps.active_tlv(w)  # the TLV route, bekendgemaakt (in force from 4 January 2027)
    thuiszitter_steps.gemeld(w)
    zorgplicht.aanmelding_create(
        by=w.school_user, leerling=w.leerling_a, school=w.school_a, aangemeld_op=clock.today()
    )
    screening_steps.aangemeld(w)
    schakel_steps.signaal(w, soort="po_vso", huidige_school=w.school_a)
    return tlv


def _html(client, user, leerling):
    client.force_login(user)
    response = client.get(reverse("leerling_detail", args=[leerling.pk]))
    return response.status_code, response.content.decode()


def test_one_timeline_across_all_routes(client, world, pupil_in_every_route):
    w = world
    status, html = _html(client, w.consulent, w.leerling_a)
    assert status == 200
    for label in (
        "Toelaatbaarheidsverklaring",
        "Thuiszitter",
        "Zorgplicht (aanmelding)",
        "Screening zorg naar onderwijs",
        "Schakel / terugplaatsing",
    ):
        assert f'<span class="badge">{label}</span>' in html, label
    assert w.school_a.name in html  # stamschool
    tlv = pupil_in_every_route
    assert "Actieve TLV" in html and tlv.einddatum.strftime("%Y") in html
    assert "31 juli 2028" in html  # the einddatum of the TLV in force
    assert AccessLog.objects.filter(
        user=w.consulent, leerling_id=w.leerling_a.pk, view="leerling_detail"
    ).exists()


def test_only_the_cases_the_user_may_see(client, world, pupil_in_every_route):
    w = world
    status, html = _html(client, w.leerplicht, w.leerling_a)  # leerplicht of the woongemeente
    assert status == 200
    assert "Thuiszitter" in html and "Zorgplicht (aanmelding)" in html
    assert '<span class="badge">Toelaatbaarheidsverklaring</span>' not in html
    assert "Geen actieve TLV die u mag zien." in html


def test_another_organisations_pupil_is_not_found(client, world, other_world):
    status, _ = _html(client, world.consulent, other_world.leerling_a)
    assert status == 404
    status, _ = _html(client, world.school_user, world.leerling_b)  # a pupil of another school
    assert status == 404


@pytest.mark.parametrize(
    ("role", "full"),
    [
        ("school", True),
        ("consulent", True),
        ("beslisser", True),
        ("leerplichtambtenaar", True),
        ("auditor", False),
        ("beheerder", False),
        ("deskundige", False),
        ("cva_lid", False),
    ],
)
def test_bsn_masked_except_for_the_roles_that_need_it(client, world, role, full):
    w = world
    tlv_steps.cva_advies(w)  # the case reached the deskundigen and the CvA
    thuiszitter_steps.gemeld(w)  # and the leerplichtambtenaar of the woongemeente
    status, html = _html(client, w.roles[role], w.leerling_a)
    assert status == 200
    bsn = w.leerling_a.bsn
    assert (bsn in html) is full
    assert (f"*****{bsn[-4:]}" in html) is not full


def test_search_by_name_date_of_birth_and_bsn(client, world, other_world):
    w = world
    client.force_login(w.consulent)
    url = reverse("leerling_search")
    by_name = client.get(url, {"q": f"anna {w.leerling_a.achternaam}"}).content.decode()
    assert w.leerling_a.achternaam in by_name and w.leerling_b.achternaam not in by_name
    by_date = client.get(url, {"q": w.leerling_a.geboortedatum.strftime("%d-%m-%Y")}).content.decode()
    assert w.leerling_a.achternaam in by_date and w.leerling_b.achternaam in by_date  # same birthday
    assert other_world.leerling_a.achternaam not in by_date  # another SWV
    by_bsn = client.get(url, {"q": w.leerling_b.bsn}).content.decode()
    assert w.leerling_b.achternaam in by_bsn and "1 leerling gevonden" in by_bsn


def test_bsn_search_is_refused_for_roles_that_see_it_masked(client, world):
    w = world
    tlv_steps.cva_advies(w)
    client.force_login(w.deskundige1)
    html = client.get(reverse("leerling_search"), {"q": w.leerling_a.bsn}, follow=True).content.decode()
    assert "Zoeken op BSN of onderwijsnummer kan niet met uw rol" in html
    assert w.leerling_a.achternaam not in html
    by_name = client.get(reverse("leerling_search"), {"q": w.leerling_a.achternaam}).content.decode()
    assert w.leerling_a.achternaam in by_name  # the case reached their werkvoorraad


def test_every_case_page_links_the_pupil_and_the_process(client, world, pupil_in_every_route):
    w = world
    client.force_login(w.consulent)
    pupil_url = reverse("leerling_detail", args=[w.leerling_a.pk])
    for case in w.leerling_a.cases.all():
        response = client.get(reverse("case_detail", args=[case.pk]), follow=True)
        html = response.content.decode()
        assert pupil_url in html, case.route
        assert reverse("case_process", args=[case.pk]) in html, case.route
