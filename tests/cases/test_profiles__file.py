"""The profile file: export → import round-trips exactly; bad input is refused with its line and reason and
nothing is applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from cases import profiles
from cases.errors import NotPermitted
from cases.models import AdviesRegel, ProfielVersie, TermPolicy, TlvSoortRegel
from cases.services import profiles as profile_services
from tests.factories import make_world

DEMO = Path(profiles.__file__).parent / "demo" / "profiles"


@pytest.fixture
def vo(db):
    w = make_world(mode="bto", sector="vo", code="VO 31-02")
    profile_services.profile_import(
        swv=w.swv, text=(DEMO / "vo_31_02.yaml").read_text(encoding="utf-8"), by=w.beheerder
    )
    return w


@pytest.mark.parametrize(
    "name, code, sector", [("po_22_02.yaml", "PO 22-02", "po"), ("vo_31_02.yaml", "VO 31-02", "vo")]
)
def test_export_import_round_trips_exactly(db, name, code, sector):
    w = make_world(code=code, sector=sector)
    profile_services.profile_import(swv=w.swv, text=(DEMO / name).read_text(encoding="utf-8"), by=w.beheerder)
    exported = profiles.dump(w.swv)
    # into a fresh SWV of the same code: the same rules, the same file (but for the version line)
    w.swv.code = f"{code} oud"
    w.swv.save()
    fresh = make_world(code=code, sector=sector)
    profile_services.profile_import(swv=fresh.swv, text=exported, by=fresh.beheerder)
    again = profiles.dump(fresh.swv)
    assert again.replace("versie: 1", "versie: X") == exported.replace("versie: 1", "versie: X")
    # importing the export of what is in force changes nothing and makes no new version
    before = ProfielVersie.objects.filter(swv=fresh.swv).count()
    assert profile_services.profile_import(swv=fresh.swv, text=again, by=fresh.beheerder) is None
    assert ProfielVersie.objects.filter(swv=fresh.swv).count() == before
    assert profiles.dump(fresh.swv) == again


def test_json_reads_like_yaml(vo):
    import json

    data = {"profiel": 1, "versie": 1, **profiles.data_of(vo.swv)}
    text = json.dumps(data, indent=2)
    assert profiles.parse(text, vo.swv) == profiles.data_of(vo.swv)


def _replace(text, old, new):
    assert old in text, old
    return text.replace(old, new, 1)


def _line_of(text, needle):
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


TERM = """termijnen:
- soort: {kind}
  lengte: {length}
  eenheid: weeks
  atw: true
  waarschuwen_bij: 0.75
  max_verdagingen: {ext}
  verdaging_lengte: 6
  verdaging_eenheid: weeks
  escaleren_naar: []
  kalender: atw
  loopt_vanaf: aanvraag
"""


@pytest.mark.parametrize(
    "change, needle, reason",
    [
        (
            lambda t: _replace(t, "termijnen: []\n", TERM.format(kind="tlv_snelheid", length=3, ext=1)),
            "soort: tlv_snelheid",
            "onbekende soort termijn",
        ),
        (
            lambda t: _replace(t, "termijnen: []\n", TERM.format(kind="bezwaartermijn", length=4, ext=0)),
            "lengte: 4",
            "wettelijke termijn",
        ),
        (lambda t: _replace(t, "- soort: pro", "- soort: so"), "- soort: so", "kan geen TLV 'so' afgeven"),
        (
            lambda t: _replace(t, "  disciplines: [orthopedagoog]\n", "  disciplines: []\n"),
            "disciplines: []",
            "lijst van disciplines is leeg",
        ),
        (
            lambda t: _replace(t, "  min_maanden: 12\n", "  min_maanden: 6\n"),
            "min_maanden: 6",
            "ten minste 12 maanden",
        ),
        (
            lambda t: _replace(t, "sector: vo\n", "sector: vo\nkleur: blauw\n"),
            "kleur: blauw",
            "onbekende sleutel",
        ),
    ],
    ids=[
        "unknown-term-kind",
        "statutory-term-shortened",
        "soort-of-another-sector",
        "empty-disciplines",
        "vo-under-a-year",
        "unknown-key",
    ],
)
def test_bad_profile_is_refused_with_line_and_reason_nothing_applied(vo, change, needle, reason):
    text = change(profiles.dump(vo.swv))
    before = (
        profiles.dump(vo.swv),
        ProfielVersie.objects.count(),
        TlvSoortRegel.history.count(),
        AdviesRegel.history.count(),
        TermPolicy.objects.count(),
    )
    with pytest.raises(profiles.ProfileInvalid) as info:
        profile_services.profile_import(swv=vo.swv, text=text, by=vo.beheerder)
    errors = info.value.errors
    assert any(reason in e.message for e in errors), errors
    line = _line_of(text, needle)
    assert any(e.line == line for e in errors if reason in e.message), (line, errors)
    assert f"regel {line}" in info.value.message
    after = (
        profiles.dump(vo.swv),
        ProfielVersie.objects.count(),
        TlvSoortRegel.history.count(),
        AdviesRegel.history.count(),
        TermPolicy.objects.count(),
    )
    assert after == before


def test_not_yaml_is_refused_with_its_line(vo):
    text = profiles.dump(vo.swv) + "tlv_duur: [\n"
    with pytest.raises(profiles.ProfileInvalid) as info:
        profile_services.profile_import(swv=vo.swv, text=text, by=vo.beheerder)
    assert info.value.errors[0].line >= len(text.splitlines()) - 1


def test_a_profile_of_another_swv_is_refused(vo):
    text = _replace(profiles.dump(vo.swv), "swv: VO 31-02", "swv: VO 28-01")
    with pytest.raises(profiles.ProfileInvalid) as info:
        profile_services.profile_import(swv=vo.swv, text=text, by=vo.beheerder)
    assert info.value.errors[0].line == _line_of(text, "swv: VO 28-01")


def test_only_the_swvs_beheerder_changes_its_profile(vo):
    other = make_world()
    for user in (vo.consulent, other.beheerder):
        with pytest.raises(NotPermitted):
            profile_services.profile_import(swv=vo.swv, text=profiles.dump(vo.swv), by=user)


def test_every_change_is_history_and_a_new_version(vo):
    v1 = profiles.latest_version(vo.swv)
    text = _replace(
        profiles.dump(vo.swv), "  categorie_motivering: [midden, hoog]", "  categorie_motivering: [hoog]"
    )
    v2 = profile_services.profile_import(
        swv=vo.swv, text=text, by=vo.beheerder, reason="alleen hoog motiveren"
    )
    assert v2.versie == v1.versie + 1 and v2.by == vo.beheerder
    row = TlvSoortRegel.objects.get(swv=vo.swv, soort="vso")
    last = row.history.first()
    assert last.history_user == vo.beheerder and "alleen hoog motiveren" in last.history_change_reason
    assert v1.data["tlv_soorten"][0]["categorie_motivering"] == ["midden", "hoog"]  # frozen
