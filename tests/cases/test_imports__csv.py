"""CSV imports of schools and pupils: every rejected row with its line and reason, all or nothing, history."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.errors import NotPermitted, ValidationFailed
from cases.models import Bestuur, Leerling, School
from cases.services import imports
from tests.factories import VALID_BSNS

SCHOOLS = (
    "\ufeffBRIN;Vestiging;Naam;Soort;Cluster;Bestuur;Gemeente\n"
    "ZZ01;00;De Linde;regulier;;Stichting Linde;{g1}\n"
    "ZZ02;01;De Kei (SO);so;4;Stichting Kei;{g2name}\n"
)


def _schools(w):
    return SCHOOLS.format(g1=w.gemeente_a.code, g2name=w.gemeente_b.name).encode("utf-8")


def _pupils(w, rows: list[str]) -> bytes:
    header = "voornaam,achternaam,geboortedatum,bsn,onderwijsnummer,woongemeente,brin,plaatsing_brin"
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def test_schools_import_with_bom_and_semicolons_creates_with_history(world):
    report = imports.import_schools(
        swv=world.swv, data=_schools(world), by=world.beheerder, source="brin.csv"
    )
    assert report.ok and report.applied and (report.created, report.rows) == (2, 2)
    so = School.objects.get(brin="ZZ02", vestiging="01")
    assert (so.soort, so.cluster, so.gemeente, so.swv) == ("so", 4, world.gemeente_b, world.swv)
    assert Bestuur.objects.filter(swv=world.swv, name="Stichting Kei").exists()
    created = so.history.earliest()
    assert (
        created.history_user == world.beheerder
        and "import scholen (brin.csv)" in created.history_change_reason
    )
    again = imports.import_schools(swv=world.swv, data=_schools(world), by=world.beheerder)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_school_of_another_swv_unknown_soort_gemeente_and_duplicates_are_reported_by_line(
    world, other_world
):
    data = (
        "brin,vestiging,naam,soort,cluster,bestuur,gemeente\n"
        f"ZZ05,00,Goed,regulier,,B,{world.gemeente_a.code}\n"  # line 2: fine
        f"{other_world.school_a.brin},00,Van een ander,regulier,,B,{world.gemeente_a.code}\n"  # 3
        f"ZZ06,00,Raar,kinderopvang,,B,{world.gemeente_a.code}\n"  # 4
        "ZZ07,00,Verweg,regulier,,B,Timboektoe\n"  # 5
        f"ZZ05,00,Nog eens,regulier,,B,{world.gemeente_a.code}\n"  # 6
        f"Z!,00,Kapot,regulier,,B,{world.gemeente_a.code}\n"  # 7
        f",00,,regulier,,B,{world.gemeente_a.code}\n"  # 8
    ).encode()
    before = School.objects.count()
    report = imports.import_schools(swv=world.swv, data=data, by=world.beheerder)
    assert not report.applied and School.objects.count() == before  # all or nothing
    lines = {r.line: r.reason for r in report.rejected}
    assert set(lines) == {3, 4, 5, 6, 7, 8}
    assert "ander samenwerkingsverband" in lines[3]
    assert "onbekende soort" in lines[4]
    assert "onbekende gemeente" in lines[5]
    assert "dubbel" in lines[6] and "regel 2" in lines[6]
    assert "ongeldige BRIN" in lines[7]
    assert "verplicht veld leeg" in lines[8]


def test_pupils_import_with_commas_creates_and_updates(world):
    imports.import_schools(swv=world.swv, data=_schools(world), by=world.beheerder)
    bsn = next(b for b in VALID_BSNS if b not in (world.leerling_a.bsn, world.leerling_b.bsn))
    data = _pupils(
        world,
        [
            f"Noor,Jansen,2015-04-03,{bsn},,{world.gemeente_a.code},ZZ0100,",
            f"Daan,de Vries,03-09-2014,,101000000,{world.gemeente_b.name},ZZ01,ZZ0201",
            f"Anna,Anders,2017-03-15,{world.leerling_a.bsn},,{world.gemeente_a.code},{world.school_a.brin},",
        ],
    )
    report = imports.import_leerlingen(swv=world.swv, data=data, by=world.beheerder)
    assert report.ok, report.rejected
    assert (report.created, report.updated) == (2, 1)
    daan = Leerling.objects.get(onderwijsnummer="101000000")
    assert (daan.woongemeente, daan.huidige_plaatsing.brin) == (world.gemeente_b, "ZZ02")
    anna = Leerling.objects.get(pk=world.leerling_a.pk)
    assert anna.achternaam == "Anders"
    assert "achternaam" in anna.history.latest().history_change_reason
    assert anna.history.latest().history_user == world.beheerder


def test_every_bad_pupil_row_is_reported_and_nothing_is_imported(world):
    g = world.gemeente_a.code
    brin = world.school_a.brin
    data = _pupils(
        world,
        [
            f"Goed,Kind,2015-01-01,123456782,,{g},{brin},",  # 2 fine
            f"Elf,Proef,2015-01-01,123456789,,{g},{brin},",  # 3 elfproef
            f"Geen,School,2015-01-01,999990019,,{g},QQ99,",  # 4 unknown BRIN
            f"Dubbel,Kind,2015-01-01,123456782,,{g},{brin},",  # 5 duplicate of 2
            f"Slechte,Datum,31-02-2015,999990032,,{g},{brin},",  # 6 bad date
            f",Zonder,2015-01-01,999990044,,{g},{brin},",  # 7 missing field
            f"Geen,Nummer,2015-01-01,,,{g},{brin},",  # 8 neither BSN nor onderwijsnummer
            f"Toekomst,Kind,2099-01-01,999990056,,{g},{brin},",  # 9 implausible date
            f"Elders,Wonend,2015-01-01,999990068,,Nergenshuizen,{brin},",  # 10 unknown gemeente
        ],
    )
    before = Leerling.objects.count()
    report = imports.import_leerlingen(swv=world.swv, data=data, by=world.beheerder)
    assert Leerling.objects.count() == before and not report.applied
    lines = {r.line: r.reason for r in report.rejected}
    assert set(lines) == {3, 4, 5, 6, 7, 8, 9, 10}
    assert "elfproef" in lines[3]
    assert "onbekende BRIN" in lines[4]
    assert "dubbel" in lines[5]
    assert "geboortedatum" in lines[6]
    assert "verplicht veld leeg" in lines[7] and "voornaam" in lines[7]
    assert "bsn of onderwijsnummer" in lines[8]
    assert "onwaarschijnlijke" in lines[9]
    assert "woongemeente" in lines[10]
    assert all("123456789" not in r.label for r in report.rejected)  # no BSN in the report


def test_a_dry_run_checks_everything_and_writes_nothing(world):
    report = imports.import_schools(swv=world.swv, data=_schools(world), by=world.beheerder, dry_run=True)
    assert report.ok and not report.applied and report.rows == 2
    assert not School.objects.filter(brin__startswith="ZZ").exists()


def test_a_missing_column_or_empty_file_is_refused_clearly(world):
    with pytest.raises(ValidationFailed, match="Kolommen ontbreken.*gemeente"):
        imports.import_schools(
            swv=world.swv, data=b"brin;naam;soort;bestuur\nZZ01;X;so;B\n", by=world.beheerder
        )
    with pytest.raises(ValidationFailed, match="leeg"):
        imports.import_schools(swv=world.swv, data=b"", by=world.beheerder)


def test_windows_1252_is_read_and_noted(world):
    data = SCHOOLS.format(g1=world.gemeente_a.code, g2name=world.gemeente_b.name).replace("\ufeff", "")
    data = data.replace("De Linde", "Café Linde").encode("cp1252")
    report = imports.import_schools(swv=world.swv, data=data, by=world.beheerder)
    assert report.applied and School.objects.filter(name="Café Linde").exists()
    assert any("Windows-1252" in n for n in report.notes)


def test_only_a_beheerder_of_the_swv_imports(world, other_world):
    for by in (world.consulent, other_world.beheerder):
        with pytest.raises(NotPermitted):
            imports.import_schools(swv=world.swv, data=_schools(world), by=by)


def test_the_management_command_reports_and_exits_nonzero_on_rejections(world, tmp_path, capsys):
    good = tmp_path / "scholen.csv"
    good.write_bytes(_schools(world))
    call_command(
        "import_csv", "scholen", str(good), "--swv", world.swv.code, "--as", world.beheerder.username
    )
    out = capsys.readouterr().out
    assert "2 regels, 0 afgekeurd; geïmporteerd (nieuw 2" in out
    bad = tmp_path / "leerlingen.csv"
    bad.write_bytes(_pupils(world, [f"A,B,2015-01-01,123456789,,{world.gemeente_a.code},ZZ01,"]))
    with pytest.raises(CommandError, match="niets geïmporteerd"):
        call_command("import_csv", "leerlingen", str(bad), "--swv", world.swv.code)
    assert "regel 2: ongeldig BSN" in capsys.readouterr().out


def test_the_import_page_checks_then_imports(client, world):
    client.force_login(world.beheerder)
    assert client.get("/importeren/").status_code == 200
    upload = {"swv": world.swv.pk, "soort": "scholen", "controleren": "1"}
    r = client.post("/importeren/", {**upload, "file": SimpleUploadedFile("s.csv", _schools(world))})
    assert "Alle 2 regels zijn in orde" in r.content.decode()
    assert not School.objects.filter(brin="ZZ01").exists()
    upload.pop("controleren")
    r = client.post(
        "/importeren/", {**upload, "importeren": "1", "file": SimpleUploadedFile("s.csv", _schools(world))}
    )
    assert "2 nieuw" in r.content.decode()
    assert School.objects.filter(brin="ZZ01").exists()


def test_the_import_page_shows_every_rejected_row(client, world):
    client.force_login(world.beheerder)
    bad = _pupils(world, [f"A,B,2015-01-01,123456789,,{world.gemeente_a.code},QQ01,"])
    r = client.post(
        "/importeren/",
        {
            "swv": world.swv.pk,
            "soort": "leerlingen",
            "importeren": "1",
            "file": SimpleUploadedFile("l.csv", bad),
        },
    )
    page = r.content.decode()
    assert "niets geïmporteerd" in page and "elfproef" in page


def test_the_import_page_is_not_there_for_others(client, world):
    client.force_login(world.consulent)
    assert client.get("/importeren/").status_code == 404


def test_a_pupil_twice_by_another_number_or_a_number_of_another_pupil_is_rejected_not_an_error(world):
    """One pupil per BSN and per onderwijsnummer in an SWV (the database holds it to that too): a file
    that would give two pupils one number is reported by line, never a server error."""
    imports.import_schools(swv=world.swv, data=_schools(world), by=world.beheerder)
    Leerling.objects.filter(pk=world.leerling_b.pk).update(onderwijsnummer="101000000")
    bsn = next(b for b in VALID_BSNS if b not in (world.leerling_a.bsn, world.leerling_b.bsn))
    data = _pupils(
        world,
        [
            f"Noor,Jansen,2015-04-03,{bsn},100000004,{world.gemeente_a.code},ZZ0100,",  # 2: new
            f"Noor,Jansen,2015-04-03,,100000004,{world.gemeente_a.code},ZZ0100,",  # 3: line 2 again
            # 4: Anna's BSN with Bram's onderwijsnummer
            f"Anna,A,2017-03-15,{world.leerling_a.bsn},101000000,{world.gemeente_a.code},ZZ0100,",
        ],
    )
    report = imports.import_leerlingen(swv=world.swv, data=data, by=world.beheerder)
    assert [(r.line, r.reason) for r in report.rejected] == [
        (3, "dubbel: dezelfde leerling staat ook op regel 2"),
        (4, "het onderwijsnummer hoort bij een andere leerling dan het BSN"),
    ]
    assert not report.applied and not Leerling.objects.filter(bsn=bsn).exists()
