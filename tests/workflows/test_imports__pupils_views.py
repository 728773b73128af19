"""The pupil import page, the mapping pages and the API: a school imports its own pupils through a saved
mapping, the beheerder manages mappings, another organisation sees nothing of them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from api.models import SCOPES
from cases.models import ImportLog, ImportMapping, Leerling
from cases.roles import Role
from cases.services import leerling_import
from tests.api.helpers import Api, api_client
from tests.factories import VALID_BSNS

COLUMNS = {
    "bsn": "BSN",
    "voornaam": "Roepnaam",
    "achternaam": "Achternaam",
    "geboortedatum": "Geboortedatum",
    "groep": "Groep",
    "woongemeente": "Gemeente",
}


def _mapping(world, **kw):
    return leerling_import.mapping_save(
        by=world.beheerder,
        swv=world.swv,
        name=kw.get("name", "Magister export"),
        delimiter=";",
        encoding="utf-8",
        columns=COLUMNS,
        ignored=[],
    )


def _file(world, bsn=VALID_BSNS[2], name="export.csv"):
    body = (
        "BSN;Roepnaam;Achternaam;Geboortedatum;Groep;Gemeente\n"
        f"{bsn};Ilse;Smit;01-02-2016;7;{world.gemeente_a.code}\n"
    )
    return SimpleUploadedFile(name, body.encode(), content_type="text/csv")


def test_a_school_checks_then_imports_its_pupils_on_the_page(client, world):
    mapping = _mapping(world)
    client.force_login(world.school_user)
    url = reverse("leerling_import")
    page = client.get(url)
    assert page.status_code == 200 and "Magister export" in page.content.decode()
    form = {"formaat": "koppeling", "school": world.school_a.pk, "koppeling": mapping.pk}
    checked = client.post(url, {**form, "file": _file(world), "controleren": "1"})
    assert "Alle 1 regels zijn in orde" in checked.content.decode()
    assert not Leerling.objects.filter(bsn=VALID_BSNS[2]).exists()
    done = client.post(url, {**form, "file": _file(world), "importeren": "1"})
    assert "1 regels geïmporteerd: 1 nieuw" in done.content.decode()
    assert Leerling.objects.get(bsn=VALID_BSNS[2]).groep == 7
    bad = client.post(url, {**form, "file": _file(world, bsn="123456789"), "importeren": "1"})
    text = bad.content.decode()
    assert "1 regel afgekeurd" in text and "ongeldig BSN (voldoet niet aan de elfproef)" in text
    assert list(ImportLog.objects.filter(school=world.school_a).values_list("outcome", flat=True)) == [
        "afgekeurd",
        "geimporteerd",
        "gecontroleerd",
    ]


def test_the_school_picks_only_its_own_school_and_other_roles_get_no_page(client, world, other_world):
    client.force_login(world.school_user)
    page = client.get(reverse("leerling_import")).content.decode()
    assert world.school_a.name in page and world.school_b.name not in page
    mapping = _mapping(world)
    resp = client.post(
        reverse("leerling_import"),
        {"formaat": "koppeling", "school": world.school_b.pk, "koppeling": mapping.pk, "file": _file(world)},
    )
    assert "Selecteer een geldige keuze" in resp.content.decode()
    for user in (world.consulent, world.leerplicht, world.deskundige1):
        client.force_login(user)
        assert client.get(reverse("leerling_import")).status_code == 404
    client.force_login(other_world.school_user)  # another SWV's school sees neither the mapping nor its page
    assert "Magister export" not in client.get(reverse("leerling_import")).content.decode()
    assert client.get(reverse("import_mapping", args=[mapping.pk])).status_code == 404


def test_the_beheerder_saves_and_changes_a_mapping_with_history(client, world):
    client.force_login(world.beheerder)
    data = {
        "name": "ParnasSys",
        "school": "",
        "delimiter": ";",
        "encoding": "utf-8",
        "ignored": "Klas\nMentor",
        "active": "on",
        **{f"kolom_{k}": v for k, v in COLUMNS.items()},
    }
    resp = client.post(reverse("import_mappings"), data)
    mapping = ImportMapping.objects.get(name="ParnasSys")
    assert resp.status_code == 302 and mapping.school is None and mapping.ignored == ["Klas", "Mentor"]
    resp = client.post(reverse("import_mapping", args=[mapping.pk]), {**data, "kolom_groep": "Leerjaar"})
    assert resp.status_code == 302
    mapping.refresh_from_db()
    assert mapping.columns["groep"] == "Leerjaar" and mapping.history.count() == 2
    page = client.get(reverse("import_mapping", args=[mapping.pk])).content.decode()
    assert "koppeling gewijzigd" in page
    bad = client.post(reverse("import_mappings"), {**data, "name": "Zonder BSN", "kolom_bsn": ""})
    assert "Koppel een kolom met het BSN of het onderwijsnummer." in bad.content.decode()


# --- the API ----------------------------------------------------------------------------------------


def test_api_a_school_imports_through_a_mapping_and_a_bad_bsn_is_refused_with_its_line(world):
    mapping = _mapping(world)
    _client, token = api_client(world, Role.SCHOOL, scopes=SCOPES)
    api = Api(token)
    url = reverse("api:import-pupils")
    school = f"{world.school_a.brin}{world.school_a.vestiging}"
    form = {"formaat": "koppeling", "school": school, "koppeling": mapping.pk}
    resp = api.upload(url, {**form, "file": _file(world), "controleren": "true"})
    assert resp.status_code == 200, resp.content
    assert resp.json()["toegepast"] is False and resp.json()["regels"] == 1
    resp = api.upload(url, {**form, "file": _file(world)})
    assert resp.status_code == 200 and resp.json()["nieuw"] == 1
    resp = api.upload(url, {**form, "file": _file(world, bsn="123456789")})
    assert resp.status_code == 400 and resp.json()["code"] == "import-afgekeurd"
    assert resp.json()["errors"]["regels"] == [
        {"regel": 2, "reden": "ongeldig BSN (voldoet niet aan de elfproef)", "betreft": "Ilse Smit"}
    ]
    other = f"{world.school_b.brin}{world.school_b.vestiging}"
    resp = api.upload(url, {**form, "school": other, "file": _file(world)})
    assert resp.status_code == 400 and resp.json()["code"] == "school-onbekend"


def test_api_mappings_are_listed_per_organisation_and_saved_with_the_owners_right(world, other_world):
    mapping = _mapping(world)
    _c, token = api_client(world, Role.BEHEERDER, scopes=SCOPES)
    api = Api(token)
    listed = api.get(reverse("api:import-mappings")).json()
    assert [m["naam"] for m in listed] == ["Magister export"]
    body = {
        "naam": "Eigen export",
        "school": f"{world.school_a.brin}{world.school_a.vestiging}",
        "kolommen": COLUMNS,
        "scheidingsteken": ",",
    }
    created = api.post(reverse("api:import-mappings"), body)
    assert created.status_code == 201 and created.json()["school"] == body["school"]
    put = {k: v for k, v in body.items() if k != "school"}
    changed = api.http.put(
        reverse("api:import-mapping-detail", args=[created.json()["id"]]),
        {**put, "in_gebruik": False},
        content_type="application/json",
        **api.headers,
    )
    assert changed.status_code == 200 and changed.json()["in_gebruik"] is False
    _c2, other_token = api_client(other_world, Role.BEHEERDER, scopes=SCOPES)
    other = Api(other_token)
    assert other.get(reverse("api:import-mappings")).json() == []
    assert other.get(reverse("api:import-mapping-detail", args=[mapping.pk])).status_code == 404
    bad = api.post(reverse("api:import-mappings"), {**body, "naam": "Fout", "kolommen": {"kleur": "Kleur"}})
    assert bad.status_code == 400 and bad.json()["code"] == "koppeling-ongeldig"


@pytest.mark.parametrize("scopes", [["pupils:read"]])
def test_api_import_needs_the_write_scope(world, scopes):
    _c, token = api_client(world, Role.SCHOOL, scopes=scopes)
    resp = Api(token).upload(reverse("api:import-pupils"), {"formaat": "vast", "file": _file(world)})
    assert resp.status_code == 403
