"""Every form that offers pupils lists, and accepts, only the pupils the user may pick
(cases.policies.pickable_leerlingen): a school its own pupils, the consulent those of their SWV, the
leerplichtambtenaar those living in their gemeente within their SWV. A posted pupil outside that list is a
form error on the page and a 400 in the API, never a new case."""

import datetime as dt

import pytest
from django.urls import reverse

from cases import policies
from cases.models import Case, Leerling
from cases.roles import Role
from tests.api.helpers import Api, api_client
from tests.factories import give_consent, make_user

# route -> the page that opens a case on it
PAGES = {
    "tlv": "aanvraag_new",
    "thuiszitter": "thuiszitter_new",
    "zorgplicht": "aanmelding_new",
    "screening": "screening_new",
    "schakel": "schakel_new",
}


@pytest.fixture
def pupils(world, other_world):
    """Pupils of school A, school B, the special school (placed there), and of another SWV in gemeente A."""
    w = world
    w.so_user = make_user(role=Role.SCHOOL, swv=w.swv, school=w.special)
    w.leerling_so = Leerling.objects.create(
        swv=w.swv,
        voornaam="Sam",
        achternaam="Geplaatst",
        geboortedatum=dt.date(2017, 5, 1),
        bsn="999990056",
        woongemeente=w.gemeente_b,
        stamschool=w.school_b,
        huidige_plaatsing=w.special,
    )
    w.leerplicht_b = make_user(role=Role.LEERPLICHTAMBTENAAR, swv=w.swv, gemeente=w.gemeente_b)
    w.screeningsteam = make_user(role=Role.SCREENINGSTEAM, swv=w.swv)
    other_world.swv.gemeenten.add(w.gemeente_a)  # a gemeente lies in a PO and a VO SWV
    w.vreemd = Leerling.objects.create(
        swv=other_world.swv,
        voornaam="Vera",
        achternaam="Andere",
        geboortedatum=dt.date(2012, 2, 2),
        bsn="999990068",
        woongemeente=w.gemeente_a,
        stamschool=other_world.school_a,
    )
    for leerling in (w.leerling_a, w.leerling_b, w.leerling_so, w.vreemd):
        give_consent(leerling, "screening")  # the screening needs the ouders' consent in the register
    w.all_pupils = {w.leerling_a, w.leerling_b, w.leerling_so, w.vreemd, other_world.leerling_a}
    return w


def _expected(w, other_world):
    """role -> route -> the pupils that role may pick on that route (empty: the role may not open it)."""
    a, b, so = w.leerling_a, w.leerling_b, w.leerling_so
    return {
        "school": (
            w.school_user,
            {"tlv": {a}, "thuiszitter": {a}, "zorgplicht": {a}, "screening": {a}, "schakel": {a}},
        ),
        "so_school": (
            w.so_user,
            {"tlv": set(), "thuiszitter": {so}, "zorgplicht": {so}, "screening": {so}, "schakel": {so}},
        ),
        "consulent": (
            w.consulent,
            {"thuiszitter": {a, b, so}, "schakel": {a, b, so}, "tlv": set(), "screening": set()},
        ),
        "leerplicht_a": (w.leerplicht, {"thuiszitter": {a}, "schakel": set(), "screening": set()}),
        "leerplicht_b": (w.leerplicht_b, {"thuiszitter": {b, so}}),
        "other_leerplicht": (other_world.leerplicht, {"thuiszitter": {other_world.leerling_a}}),
        "screeningsteam": (w.screeningsteam, {r: set() for r in PAGES}),
        "beheerder": (w.beheerder, {r: set() for r in PAGES}),
        "auditor": (w.auditor, {r: set() for r in PAGES}),
        "deskundige": (w.deskundige1, {r: set() for r in PAGES}),
    }


def test_the_selector_per_role_and_route(pupils, other_world):
    for role, (user, routes) in _expected(pupils, other_world).items():
        for route, expected in routes.items():
            got = set(
                policies.pickable_leerlingen(user, route=route).filter(
                    pk__in=[p.pk for p in pupils.all_pupils]
                )
            )
            assert got == expected, (role, route)


def _listed_pupils(client, route: str, pupils) -> set[int]:
    """The pupils the page's picker finds (its search endpoint), asked by each pupil's name."""
    found = set()
    for pupil in pupils:
        response = client.get(reverse("picker_search", args=[route, "leerling"]), {"q": pupil.achternaam})
        if response.status_code == 403:  # a role that may not open a case on this route searches nothing
            return set()
        assert response.status_code == 200
        found |= {row["id"] for row in response.json()["results"]}
    return found


@pytest.mark.parametrize("route", sorted(PAGES))
def test_each_page_lists_only_pickable_pupils_per_role(client, pupils, other_world, route):
    for role, (user, routes) in _expected(pupils, other_world).items():
        client.force_login(user)
        response = client.get(reverse(PAGES[route]))
        if response.status_code != 200:
            assert not routes.get(route), (role, route, response.status_code)
            continue
        html = response.content.decode()
        assert not any(str(p) in html for p in pupils.all_pupils), (role, route)  # no list of names
        listed = _listed_pupils(client, route, pupils.all_pupils)
        expected = {p.pk for p in routes.get(route, set())}
        assert listed & {p.pk for p in pupils.all_pupils} == expected, (role, route)


def _post_data(w, route, leerling):
    return {
        "tlv": {"leerling": leerling.pk, "gevraagde_soort": "sbo"},
        "thuiszitter": {"leerling": leerling.pk, "type": "relatief", "eerste_verzuimdag": "2026-01-05"},
        "zorgplicht": {"leerling": leerling.pk, "school": w.school_a.pk, "aangemeld_op": "2026-01-05"},
        "screening": {
            "leerling": leerling.pk,
            "school": w.special.pk,
            "herkomst": "kdc",
            "vrijstelling": "volledig",
        },
        "schakel": {
            "leerling": leerling.pk,
            "soort": "naar_regulier",
            "huidige_school": w.special.pk,
            "aanleiding": "test",
        },
    }[route]


@pytest.mark.parametrize(
    "route,user_attr",
    [
        ("tlv", "school_user"),
        ("thuiszitter", "school_user"),
        ("zorgplicht", "school_user"),
        ("screening", "so_user"),
        ("schakel", "school_user"),
        ("thuiszitter", "leerplicht"),
        ("thuiszitter", "consulent"),
    ],
)
def test_a_posted_pupil_outside_the_list_is_a_form_error(client, pupils, route, user_attr):
    w = pupils
    client.force_login(getattr(w, user_attr))
    for outsider in (w.leerling_b if user_attr != "consulent" else w.vreemd, w.vreemd):
        response = client.post(reverse(PAGES[route]), _post_data(w, route, outsider))
        assert response.status_code == 200, (route, user_attr)
        assert "Selecteer een geldige keuze" in response.content.decode() or "geldige keuze" in str(
            response.context["form"].errors
        )
    assert not Case.objects.filter(leerling__in=[w.leerling_b, w.vreemd]).exists()


def test_the_screening_page_lists_no_pupil_of_another_school(client, pupils):
    """The probe's finding: the SO school saw every pupil of the SWV in the screening aanmelding."""
    client.force_login(pupils.so_user)
    for pupil, found in ((pupils.leerling_a, False), (pupils.leerling_b, False), (pupils.leerling_so, True)):
        html = client.post(
            reverse("screening_new"), {"picker_zoek": "leerling", "leerling_zoek": pupil.achternaam}
        ).content.decode()
        assert (f'value="{pupil.pk}"' in html) is found, pupil


def test_a_child_not_enrolled_is_identified_by_bsn_and_date_of_birth(client, pupils, time_machine):
    """Screening a child from care: the SO school names it by BSN and date of birth, never from a list."""
    w = pupils
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC), tick=False)
    client.force_login(w.so_user)
    data = {**_post_data(w, "screening", w.leerling_a), "leerling": ""}
    wrong = client.post(
        reverse("screening_new"),
        {**data, "leerling_nummer": w.leerling_a.bsn, "leerling_geboortedatum": "2001-01-01"},
    )
    assert wrong.status_code == 200 and "Geen leerling gevonden" in wrong.content.decode()
    other_swv = client.post(
        reverse("screening_new"),
        {
            **data,
            "leerling_nummer": w.vreemd.bsn,
            "leerling_geboortedatum": w.vreemd.geboortedatum.isoformat(),
        },
    )
    assert other_swv.status_code == 200 and "Geen leerling gevonden" in other_swv.content.decode()
    assert not Case.objects.filter(route="screening").exists()
    ok = client.post(
        reverse("screening_new"),
        {
            **data,
            "leerling_nummer": w.leerling_a.bsn,
            "leerling_geboortedatum": w.leerling_a.geboortedatum.isoformat(),
        },
    )
    assert ok.status_code == 302
    assert Case.objects.get(route="screening").leerling == w.leerling_a


def test_an_ordinary_school_cannot_identify_for_a_tlv(client, pupils):
    """Only the receiving praktijkonderwijs school names a TLV pupil outside its own list."""
    assert not policies.may_identify_leerling(pupils.school_user, route="tlv")
    assert (
        policies.identify_leerling(
            pupils.school_user,
            route="tlv",
            nummer=pupils.leerling_b.bsn,
            geboortedatum=pupils.leerling_b.geboortedatum,
        )
        is None
    )
    assert not policies.may_identify_leerling(pupils.consulent, route="screening")


@pytest.mark.parametrize(
    "route,role,org",
    [("screening", Role.SCHOOL, "special"), ("thuiszitter", Role.LEERPLICHTAMBTENAAR, "gemeente_a")],
)
def test_the_api_refuses_a_pupil_outside_the_list(pupils, route, role, org):
    w = pupils
    kwargs = {"school": w.special} if role == Role.SCHOOL else {"gemeente": w.gemeente_a}
    _client, token = api_client(w, role=role, **kwargs)
    body = dict(_post_data(w, route, w.leerling_b))
    for outsider in (w.leerling_b, w.vreemd):
        body["leerling"] = outsider.pk
        response = Api(token).post(f"/api/v1/cases/{route}/", body)
        assert response.status_code == 400, response.content
        assert "leerling" in response.content.decode()
    body["leerling"] = w.leerling_so.pk if route == "screening" else w.leerling_a.pk
    assert Api(token).post(f"/api/v1/cases/{route}/", body).status_code == 201
    assert not Case.objects.filter(leerling__in=[w.leerling_b, w.vreemd]).exists()
