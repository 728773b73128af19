"""The profile through the API and the beheer page: read, change a section, import a file; bad input is
refused with its line and reason and nothing applied; another SWV's profile is not found."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases import profiles
from cases.models import AdviesRegel, ProfielVersie
from tests.factories import complete_second_factor, make_world


@pytest.fixture
def w(db):
    return make_world(mode="bto", sector="vo", code="VO 31-02")


def login(client, user):
    client.force_login(user)
    complete_second_factor(client, user)


def test_api_reads_the_profile_of_the_own_swv_only(client, w):
    login(client, w.consulent)
    r = client.get("/api/v1/profile/", {"swv": "VO 31-02"})
    assert r.status_code == 200
    body = r.json()
    assert body["swv"] == "VO 31-02" and "tlv_soorten:" in body["bestand"]
    assert [s["soort"] for s in body["profiel"]["tlv_soorten"]] == ["vso", "pro"]
    other = make_world()
    assert client.get("/api/v1/profile/", {"swv": other.swv.code}).status_code == 404


def test_api_change_applies_a_section_with_history(client, w):
    login(client, w.beheerder)
    rules = [
        {
            "advies": 1,
            "disciplines": ["orthopedagoog", "psycholoog", "arts"],
            "eigen_school_toegestaan": True,
        },
        {"advies": 2, "disciplines": ["orthopedagoog"], "eigen_school_toegestaan": True},
    ]
    r = client.post(
        "/api/v1/profile/change/",
        {"swv": "VO 31-02", "onderdeel": "deskundigenadvies", "regels": rules, "reden": "plan 2026"},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["gewijzigd"] is True
    row = AdviesRegel.objects.get(swv=w.swv, volgorde=2)
    assert row.disciplines == ["orthopedagoog"] and row.history.first().history_user == w.beheerder


def test_api_change_refuses_an_empty_discipline_list(client, w):
    login(client, w.beheerder)
    before = ProfielVersie.objects.count()
    rules = [
        {"advies": 1, "disciplines": [], "eigen_school_toegestaan": True},
        {"advies": 2, "disciplines": ["orthopedagoog"], "eigen_school_toegestaan": True},
    ]
    r = client.post(
        "/api/v1/profile/change/",
        {"swv": "VO 31-02", "onderdeel": "deskundigenadvies", "regels": rules, "reden": "x"},
        content_type="application/json",
    )
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "profiel-ongeldig"
    assert any("disciplines" in e["path"] and "leeg" in e["message"] for e in body["errors"]["profiel"])
    assert ProfielVersie.objects.count() == before


def test_api_import_refuses_with_the_line_and_changes_nothing(client, w):
    login(client, w.beheerder)
    text = profiles.dump(w.swv).replace("- soort: pro", "- soort: sbo")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "- soort: sbo" in t)
    r = client.post(
        "/api/v1/profile/import/", {"swv": "VO 31-02", "bestand": text}, content_type="application/json"
    )
    assert r.status_code == 400
    errors = r.json()["errors"]["profiel"]
    assert any(e["line"] == line and "kan geen TLV 'sbo' afgeven" in e["message"] for e in errors)
    assert profiles.dump(w.swv) != text


def test_api_import_is_for_the_beheerder_only(client, w):
    login(client, w.consulent)
    r = client.post(
        "/api/v1/profile/import/",
        {"swv": "VO 31-02", "bestand": profiles.dump(w.swv)},
        content_type="application/json",
    )
    assert r.status_code == 404


# --- the beheer page ------------------------------------------------------------------------------


def test_page_shows_the_profile_and_changes_a_section(client, w):
    login(client, w.beheerder)
    page = client.get(reverse("profile"), {"swv": "VO 31-02"}).content.decode()
    assert "Profiel van VO 31-02" in page and "Onderdeel wijzigen" in page
    regels = "- advies: 1\n  disciplines: [orthopedagoog]\n- advies: 2\n  disciplines: [orthopedagoog]\n"
    r = client.post(
        reverse("profile"),
        {"swv": "VO 31-02", "onderdeel": "deskundigenadvies", "regels": regels, "reden": "strenger"},
        follow=True,
    )
    assert "profielversie" in r.content.decode()
    assert AdviesRegel.objects.get(swv=w.swv, volgorde=1).disciplines == ["orthopedagoog"]


def test_page_import_error_lists_line_and_reason(client, w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, w.beheerder)
    text = profiles.dump(w.swv).replace(
        "termijnen: []", "termijnen:\n- {soort: onbekend, lengte: 1, eenheid: weeks}"
    )
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "onbekend" in t)
    upload = SimpleUploadedFile("p.yaml", text.encode(), content_type="application/yaml")
    r = client.post(reverse("profile"), {"swv": "VO 31-02", "importeren": "1", "bestand": upload})
    body = r.content.decode()
    assert r.status_code == 200 and "onbekende soort termijn" in body and f"<td>{line}</td>" in body
    assert not ProfielVersie.objects.filter(swv=w.swv).exists()


def test_page_read_only_for_staff_and_absent_for_schools(client, w):
    login(client, w.consulent)
    page = client.get(reverse("profile")).content.decode()
    assert "Profiel van VO 31-02" in page and "Onderdeel wijzigen" not in page
    r = client.post(
        reverse("profile"), {"swv": "VO 31-02", "onderdeel": "tlv_soorten", "regels": "[]", "reden": "x"}
    )
    assert r.status_code == 404
    login(client, w.school_user)
    assert client.get(reverse("profile")).status_code == 404


def test_export_downloads_the_file(client, w):
    login(client, w.auditor)
    r = client.get(reverse("profile_export"), {"swv": "VO 31-02"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/yaml")
    assert r.content.decode() == profiles.dump(w.swv)
