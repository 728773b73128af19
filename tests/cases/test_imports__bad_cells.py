"""CSV imports with a NUL (or other control character) or an over-long value in a cell: that row is
rejected with its line number and reason, nothing is written, and never a 500 (PostgreSQL cannot store a
NUL, and a value longer than its column would be a database error)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Leerling, School
from cases.services import imports
from tests.factories import VALID_BSNS

HEADER = "BRIN;Vestiging;Naam;Soort;Cluster;Bestuur;Gemeente\n"


def _schools(w, naam="De Linde", bestuur="Stichting Linde"):
    return (
        HEADER
        + f"ZZ01;00;Goed;regulier;;Stichting Goed;{w.gemeente_a.code}\n"
        + f"ZZ02;00;{naam};regulier;;{bestuur};{w.gemeente_a.code}\n"
    ).encode("utf-8")


@pytest.mark.parametrize(
    ("naam", "bestuur", "reason"),
    [
        ("De\x00Linde", "Stichting", "ongeldig teken"),
        ("De Linde", "Stich\x00ting", "ongeldig teken"),
        ("De\x07Linde", "Stichting", "ongeldig teken"),
        ("L" * 5000, "Stichting", "te lang"),
        ("De Linde", "B" * 5000, "te lang"),
    ],
    ids=["nul-naam", "nul-bestuur", "bell", "long-naam", "long-bestuur"],
)
def test_a_bad_cell_rejects_its_row_with_line_and_reason(world, naam, bestuur, reason):
    report = imports.import_schools(swv=world.swv, data=_schools(world, naam, bestuur), by=world.beheerder)
    assert not report.ok and not report.applied
    assert [(r.line, reason in r.reason) for r in report.rejected] == [(3, True)]
    assert "\x00" not in report.rejected[0].label
    assert report.rows == 2
    assert not School.objects.filter(brin__in=["ZZ01", "ZZ02"]).exists()


def test_a_pupil_row_with_a_nul_or_a_long_name_is_rejected(world):
    header = "voornaam,achternaam,geboortedatum,bsn,onderwijsnummer,woongemeente,brin,plaatsing_brin\n"
    brin = world.school_a.brin
    rows = [
        f"An\x00na,Jansen,2016-01-01,{VALID_BSNS[-1]},,{world.gemeente_a.code},{brin},",
        f"Piet,{'J' * 400},2016-01-01,{VALID_BSNS[-2]},,{world.gemeente_a.code},{brin},",
    ]
    report = imports.import_leerlingen(
        swv=world.swv, data=(header + "\n".join(rows) + "\n").encode(), by=world.beheerder
    )
    assert [r.line for r in report.rejected] == [2, 3]
    assert not Leerling.objects.filter(achternaam="Jansen").exists()


def test_the_import_page_lists_the_rejected_row_instead_of_a_500(client, world):
    client.force_login(world.beheerder)
    upload = SimpleUploadedFile("scholen.csv", _schools(world, "De\x00Linde"), content_type="text/csv")
    response = client.post(reverse("import_csv"), {"swv": world.swv.pk, "soort": "scholen", "file": upload})
    assert response.status_code == 200
    assert "ongeldig teken" in response.content.decode()
