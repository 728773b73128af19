"""The national school register: imported from DUO's school list (all or nothing, with a report); a TLV
places a pupil at a school of the right type in any SWV; the receiving school of another SWV sees the
TLV's placement facts in its register, never the dossier."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cases.errors import NotPermitted
from cases.models import Document, School, Swv
from cases.roles import Role
from cases.services import imports
from cases.system import system_user
from tests import tlv_steps
from tests.factories import complete_second_factor, make_user, make_world

DUO = (
    "BRIN;VESTIGINGSNUMMER;NAAM;SOORT ONDERWIJS;GEMEENTE;SWV CODE\n"
    "99ZZ;00;VSO De Berkenschutse;VSO;{gemeente};VO 30-06\n"
    "99ZY;01;SBO Het Anker;SBAO;{gemeente};PO 30-05\n"
    "99ZX;00;Praktijkschool Heeze;PRO;;VO 30-06\n"
)


@pytest.fixture
def vo(db):
    return make_world(mode="bto", sector="vo", code="VO 31-02")


def csv(w, body=DUO):
    return body.format(gemeente=w.gemeente_a.code).encode()


def test_the_duo_list_fills_the_national_register(vo):
    report = imports.import_register(data=csv(vo), by=system_user(), source="duo.csv")
    assert report.ok and report.applied and report.created == 3
    berkenschutse = School.objects.get(brin="99ZZ", vestiging="00")
    assert berkenschutse.soort == "vso" and berkenschutse.swv.code == "VO 30-06"
    assert berkenschutse.swv.sector == "vo" and berkenschutse.gemeente == vo.gemeente_a
    assert School.objects.get(brin="99ZY", vestiging="01").soort == "sbo"
    assert berkenschutse.history.first().history_change_reason.startswith("import scholenregister")
    # again: nothing new, nothing changed
    again = imports.import_register(data=csv(vo), by=system_user())
    assert again.unchanged == 3 and again.created == 0


def test_one_bad_row_and_nothing_is_written_with_a_report(vo):
    bad_rows = [
        "12;00;Geen BRIN;VSO;;VO 30-06",
        "99ZW;00;Onbekend;KINDEROPVANG;;VO 30-06",
        "99ZV;00;SO in VO;SO;;VO 30-06",
    ]
    bad = DUO + "\n".join(bad_rows) + "\n"
    report = imports.import_register(data=csv(vo, bad), by=system_user())
    assert not report.applied
    assert [r.line for r in report.rejected] == [5, 6, 7]
    assert "ongeldige BRIN" in report.rejected[0].reason
    assert "onbekende soort onderwijs" in report.rejected[1].reason
    assert "PO-SWV" in report.rejected[2].reason
    assert not School.objects.filter(brin__startswith="99Z").exists()
    assert not Swv.objects.filter(code="VO 30-06").exists()


def test_only_the_national_beheer_imports_the_register(vo):
    with pytest.raises(NotPermitted):
        imports.import_register(data=csv(vo), by=vo.beheerder)


def test_the_command_imports_the_register(vo, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "duo.csv"
    path.write_bytes(csv(vo))
    call_command("import_csv", "register", str(path))
    assert School.objects.filter(brin="99ZZ").exists()


# --- placement outside the region, through the besluit page ------------------------------------------


@pytest.fixture
def placed(vo, client):
    imports.import_register(data=csv(vo), by=system_user())
    berkenschutse = School.objects.get(brin="99ZZ")
    a = tlv_steps.besluit_open(vo)
    item = a.case.work_items.get(node="besluit", status="open")
    client.force_login(vo.beslisser)
    complete_second_factor(client, vo.beslisser)
    page = client.get(reverse("workitem", args=[item.pk])).content.decode()
    assert "VSO De Berkenschutse" in page and "VO 30-06" in page  # the national register in the picker
    response = client.post(
        reverse("workitem", args=[item.pk]),
        {
            "besluit": "toekennen",
            "soort": "vso",
            "categorie": "laag",
            "ingangsdatum": "2027-01-04",
            "einddatum": "2028-07-31",
            "school": berkenschutse.pk,
            "motivering": "Het aanbod van De Berkenschutse past.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    a = tlv_steps.fresh(a)
    assert a.status == "toegekend" and a.plaatsingsschool == berkenschutse
    return vo, a, berkenschutse


def test_a_placement_at_a_vso_school_of_another_swv_works(placed):
    _w, a, berkenschutse = placed
    assert a.einddatum == dt.date(2028, 7, 31)


def test_a_vso_tlv_at_a_praktijkschool_is_refused_on_the_page(vo, client):
    imports.import_register(data=csv(vo), by=system_user())
    pro = School.objects.get(brin="99ZX")
    a = tlv_steps.besluit_open(vo)
    item = a.case.work_items.get(node="besluit", status="open")
    client.force_login(vo.beslisser)
    complete_second_factor(client, vo.beslisser)
    data = {
        "besluit": "toekennen",
        "soort": "vso",
        "categorie": "laag",
        "ingangsdatum": "2027-01-04",
        "einddatum": "2028-07-31",
        "school": pro.pk,
        "motivering": "M",
    }
    page = client.post(reverse("workitem", args=[item.pk]), data).content.decode()
    assert "Praktijkschool Heeze" in page and "past bij de soort TLV" in page
    assert tlv_steps.fresh(a).status == "cva_advies"


def test_the_receiving_school_of_another_swv_sees_placement_facts_not_the_dossier(placed, client):
    w, a, berkenschutse = placed
    tlv_steps.bekendgemaakt(w, a)  # the TLV enters the register at its bekendmaking
    other = berkenschutse.swv
    receiver = make_user("berkenschutse-ib", role=Role.SCHOOL, swv=other, school=berkenschutse)
    doc = Document.objects.filter(case=a.case).first()
    assert doc is not None
    client.force_login(receiver)
    register = client.get(reverse("tlv_register"))
    assert register.status_code == 200
    body = register.content.decode()
    assert a.case.reference in body and "VSO De Berkenschutse" in body
    assert "Het aanbod van De Berkenschutse past." not in body  # the motivering is dossier
    assert client.get(reverse("case_detail", args=[a.case.pk])).status_code == 404
    assert client.get(reverse("document_detail", args=[doc.pk])).status_code == 404
    assert client.get(reverse("document_download", args=[doc.pk])).status_code == 404
    assert client.get(f"/api/v1/cases/{a.case.pk}/").status_code == 404
    assert client.get(f"/api/v1/documents/{doc.pk}/").status_code == 404
    cases = client.get("/api/v1/cases/").json()
    assert a.case.reference not in str(cases)
    # the receiving school's own SWV staff do not get the placing SWV's dossier either
    staff = make_user("vo3006-consulent", role=Role.CONSULENT, swv=other)
    client.force_login(staff)
    complete_second_factor(client, staff)
    assert client.get(reverse("case_detail", args=[a.case.pk])).status_code == 404
