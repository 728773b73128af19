"""Pupils from the schools' own systems: a CSV export read through a saved column mapping, and the EDEXML
pupil file. All or nothing, every rejected row with its line and reason, every attempt logged, a school
only its own pupils."""

from __future__ import annotations

import pytest

from cases.errors import NotPermitted, ValidationFailed
from cases.models import ImportLog, Leerling
from cases.services import leerling_import
from tests.factories import VALID_BSNS

PARNASSYS = {
    "bsn": "Burgerservicenummer",
    "voornaam": "Roepnaam",
    "tussenvoegsel": "Voorvoegsel",
    "achternaam": "Achternaam",
    "geboortedatum": "Geboortedatum",
    "groep": "Groep",
    "woongemeente": "Gemeente",
}


def _mapping(world, *, by=None, school=None, **overrides):
    return leerling_import.mapping_save(
        by=by or world.beheerder,
        swv=world.swv,
        school=school,
        name=overrides.pop("name", "ParnasSys leerlingexport"),
        delimiter=";",
        encoding="utf-8",
        columns=overrides.pop("columns", PARNASSYS),
        ignored=overrides.pop("ignored", ["Klas"]),
    )


def _csv(world, rows):
    header = "Burgerservicenummer;Roepnaam;Voorvoegsel;Achternaam;Geboortedatum;Groep;Gemeente;Klas"
    return ("\n".join([header, *rows]) + "\n").encode()


def test_a_school_imports_its_own_pupils_through_the_swvs_mapping(world):
    mapping = _mapping(world)
    g = world.gemeente_a.code
    data = _csv(
        world,
        [
            f"{VALID_BSNS[2]};Sanne;de;Vries;04-05-2016;groep 7;{g};7B",
            f"{VALID_BSNS[3]};Mo;;Amrani;2015-09-01;8;{world.gemeente_b.name};8A",
        ],
    )
    check = leerling_import.import_leerlingen_mapped(
        swv=world.swv, mapping=mapping, data=data, by=world.school_user, school=world.school_a, dry_run=True
    )
    assert check.ok and not check.applied and check.rows == 2
    assert not Leerling.objects.filter(bsn=VALID_BSNS[2]).exists()
    report = leerling_import.import_leerlingen_mapped(
        swv=world.swv,
        mapping=mapping,
        data=data,
        by=world.school_user,
        school=world.school_a,
        source="px.csv",
    )
    assert report.applied and (report.created, report.updated) == (2, 0)
    sanne = Leerling.objects.get(swv=world.swv, bsn=VALID_BSNS[2])
    assert (sanne.achternaam, sanne.groep, sanne.stamschool, sanne.woongemeente) == (
        "de Vries",
        7,
        world.school_a,
        world.gemeente_a,
    )
    assert sanne.history.earliest().history_user == world.school_user
    assert "koppeling ParnasSys leerlingexport" in sanne.history.earliest().history_change_reason
    logs = list(
        ImportLog.objects.filter(swv=world.swv).order_by("pk").values_list("outcome", "rows", "created")
    )
    assert logs == [("gecontroleerd", 2, 0), ("geimporteerd", 2, 2)]


def test_a_bsn_failing_the_elfproef_refuses_the_whole_file_with_its_line(world):
    mapping = _mapping(world)
    g = world.gemeente_a.code
    data = _csv(
        world,
        [
            f"{VALID_BSNS[2]};Sanne;;Vries;04-05-2016;7;{g};",  # line 2: fine
            f"123456789;Fout;;Nummer;04-05-2016;7;{g};",  # line 3: elfproef
            f"{VALID_BSNS[4]};Te;;Oud;04-05-2016;groep 9;{g};",  # line 4: no groep 9 in PO
        ],
    )
    report = leerling_import.import_leerlingen_mapped(
        swv=world.swv, mapping=mapping, data=data, by=world.beheerder, school=world.school_a
    )
    assert [(r.line, r.reason) for r in report.rejected] == [
        (3, "ongeldig BSN (voldoet niet aan de elfproef)"),
        (4, "ongeldige groep of leerjaar 'groep 9' (1 tot en met 8)"),
    ]
    assert not report.applied and not Leerling.objects.filter(bsn=VALID_BSNS[2]).exists()
    log = ImportLog.objects.get(swv=world.swv)
    assert log.outcome == "afgekeurd" and [r["line"] for r in log.rejected] == [3, 4]
    assert "123456789" not in str(log.rejected)


def test_missing_and_unknown_columns_are_refused_on_line_one(world):
    mapping = _mapping(world, ignored=[])
    data = (
        "Burgerservicenummer;Roepnaam;Achternaam;Geboortedatum;Groep;Gemeente;Mentor\n"
        f"{VALID_BSNS[2]};Sanne;Vries;04-05-2016;7;{world.gemeente_a.code};Jan\n"
    ).encode()
    report = leerling_import.import_leerlingen_mapped(
        swv=world.swv, mapping=mapping, data=data, by=world.school_user, school=world.school_a
    )
    assert [(r.line, r.reason) for r in report.rejected] == [
        (1, "kolom 'Voorvoegsel' (Tussenvoegsel) ontbreekt in de kopregel"),
        (1, "onbekende kolom 'Mentor': neem hem op in de koppeling of bij de over te slaan kolommen"),
    ]
    assert Leerling.objects.filter(swv=world.swv).count() == 2  # the factory's two


def test_a_school_cannot_import_another_schools_pupils(world, other_world):
    mapping = _mapping(world, columns={**PARNASSYS, "brin": "School"}, ignored=[])
    header = "Burgerservicenummer;Roepnaam;Voorvoegsel;Achternaam;Geboortedatum;Groep;Gemeente;School\n"
    g = world.gemeente_a.code
    other = world.school_b
    data = (
        header
        + f"{VALID_BSNS[2]};A;;B;04-05-2016;7;{g};{other.brin}{other.vestiging}\n"  # line 2: not its school
        + f"{world.leerling_a.bsn};C;;D;04-05-2016;7;{g};\n"  # line 3: the factory pupil of school_a: ok
    ).encode()
    world.leerling_b.stamschool = other
    world.leerling_b.save()
    data += f"{world.leerling_b.bsn};E;;F;04-05-2016;7;{g};\n".encode()  # line 4: a pupil at school_b
    report = leerling_import.import_leerlingen_mapped(
        swv=world.swv, mapping=mapping, data=data, by=world.school_user, school=world.school_a
    )
    assert [r.line for r in report.rejected] == [2, 4]
    assert "niet uw school" in report.rejected[0].reason
    assert "bij een andere school" in report.rejected[1].reason
    with pytest.raises(NotPermitted):  # the school of another school, and another SWV's school user
        leerling_import.import_leerlingen_mapped(
            swv=world.swv, mapping=mapping, data=data, by=world.school_user, school=world.school_b
        )
    with pytest.raises(NotPermitted):
        leerling_import.import_leerlingen_mapped(
            swv=world.swv, mapping=mapping, data=data, by=other_world.beheerder, school=world.school_a
        )
    assert ImportLog.objects.filter(swv=world.swv, outcome="geweigerd").count() == 2


def test_a_mapping_needs_the_identifying_fields_and_only_its_owner_changes_it(world, other_world):
    with pytest.raises(ValidationFailed) as exc:
        _mapping(world, columns={"voornaam": "Roepnaam", "achternaam": "Naam", "kleur": "Kleur"})
    assert "Onbekende leerlingvelden: kleur" in str(exc.value.message)
    assert "Geboortedatum" in str(exc.value.message) and "BSN of het onderwijsnummer" in str(
        exc.value.message
    )
    own = _mapping(world, by=world.school_user, school=world.school_a, name="Eigen export")
    assert own.school == world.school_a and own.history.count() == 1
    with pytest.raises(NotPermitted):  # a school does not save the SWV's shared mappings
        _mapping(world, by=world.school_user, name="Voor iedereen")
    with pytest.raises(NotPermitted):
        _mapping(world, by=world.school_b_user, school=world.school_a, name="Niet van mij")
    with pytest.raises(NotPermitted):
        _mapping(world, by=other_world.beheerder, name="Ander SWV")
    with pytest.raises(ValidationFailed):  # the same name twice for one owner
        _mapping(world, by=world.school_user, school=world.school_a, name="eigen export")


EDEXML = """<?xml version="1.0" encoding="UTF-8"?>
<EDEX xmlns="http://www.edustandaard.nl/leerresultaten/2/edex">
  <school>
    <schooljaar>2026-2027</schooljaar>
    <brincode>{brin}</brincode>
    <dependancecode>{vestiging}</dependancecode>
  </school>
  <groepen>
    <groep key="g8"><naam>8A</naam><jaargroep>8</jaargroep></groep>
  </groepen>
  <leerlingen>
    <leerling key="l1">
      <bsn>{bsn1}</bsn>
      <achternaam>Jansen</achternaam>
      <voorvoegsel>van</voorvoegsel>
      <roepnaam>Lotte</roepnaam>
      <geboortedatum>2015-02-03</geboortedatum>
      <groep key="g8"/>
    </leerling>
    <leerling key="l2">
      <bsn>{bsn2}</bsn>
      <achternaam>Bakker</achternaam>
      <roepnaam>Daan</roepnaam>
      <geboortedatum>2016-06-07</geboortedatum>
      <jaargroep>7</jaargroep>
    </leerling>
  </leerlingen>
</EDEX>
"""


def _edexml(world, bsn2=VALID_BSNS[3]):
    s = world.school_a
    return EDEXML.format(brin=s.brin, vestiging=s.vestiging, bsn1=VALID_BSNS[2], bsn2=bsn2).encode()


def test_an_edexml_file_imports_the_schools_pupils_with_their_groep(world):
    report = leerling_import.import_leerlingen_edexml(
        swv=world.swv,
        data=_edexml(world),
        by=world.school_user,
        school=world.school_a,
        woongemeente=world.gemeente_a,
    )
    assert report.applied and report.created == 2
    lotte = Leerling.objects.get(swv=world.swv, bsn=VALID_BSNS[2])
    assert (lotte.voornaam, lotte.achternaam, lotte.groep, lotte.stamschool) == (
        "Lotte",
        "van Jansen",
        8,
        world.school_a,
    )
    assert Leerling.objects.get(swv=world.swv, bsn=VALID_BSNS[3]).groep == 7
    assert ImportLog.objects.get(swv=world.swv).kind == "edexml"


def test_an_edexml_file_with_a_bad_bsn_or_without_woongemeente_is_refused_by_line(world):
    report = leerling_import.import_leerlingen_edexml(
        swv=world.swv,
        data=_edexml(world, bsn2="123456789"),
        by=world.beheerder,
        woongemeente=world.gemeente_a,
    )
    assert [(r.line, r.reason) for r in report.rejected] == [
        (20, "ongeldig BSN (voldoet niet aan de elfproef)")
    ]
    report = leerling_import.import_leerlingen_edexml(swv=world.swv, data=_edexml(world), by=world.beheerder)
    assert [(r.line, r.reason) for r in report.rejected] == [
        (12, "verplicht veld leeg: woongemeente"),
        (20, "verplicht veld leeg: woongemeente"),
    ]
    assert not Leerling.objects.filter(bsn=VALID_BSNS[2]).exists()


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE EDEX [<!ENTITY a "aaaa">]><EDEX><leerlingen/></EDEX>',
        b'<?xml version="1.0"?><!DOCTYPE EDEX SYSTEM "http://example.invalid/x.dtd"><EDEX/>',
    ],
)
def test_an_xml_file_with_a_dtd_or_entities_is_refused_and_logged(world, data):
    with pytest.raises(ValidationFailed) as exc:
        leerling_import.import_leerlingen_edexml(swv=world.swv, data=data, by=world.beheerder)
    assert exc.value.code == "import-xml-dtd"
    assert ImportLog.objects.get(swv=world.swv).outcome == "geweigerd"


def test_broken_xml_and_another_root_are_refused(world):
    with pytest.raises(ValidationFailed) as exc:
        leerling_import.import_leerlingen_edexml(
            swv=world.swv, data=b"<EDEX><leerlingen>", by=world.beheerder
        )
    assert exc.value.code == "import-xml-onleesbaar"
    with pytest.raises(ValidationFailed) as exc:
        leerling_import.import_leerlingen_edexml(swv=world.swv, data=b"<html/>", by=world.beheerder)
    assert exc.value.code == "import-geen-edexml"
