"""An SWV's rules as data: the profile (TLV kinds, deskundige rules, decision body, durations, required
documents, terms, indicator targets), its defaults, its checks and its file format.

- `current(swv)` / `for_case(case)`: the rules in force, as a `Profile`; a case uses the frozen version it
  started under (`Case.profiel_versie`), so a change applies to new cases only.
- `check_*`: one small function per rule, each refusing with a Dutch message that names the SWV's rule and a
  stable code; the TLV services call them.
- `dump(swv)` / `parse(text, swv)`: the profile as one versioned, human-readable YAML file (JSON is
  valid YAML and reads the same); `parse` returns every error with its line number and applies nothing.

Statutory rules are code, not profile: the sector decides which soorten an SWV may issue at all (PO: SBO
and SO; VO: VSO and PrO), a TLV in the VO runs at least 12 months, statutory terms keep their length
(`cases.terms.STATUTORY_KINDS`), and the law's minimum for the advices (two, the first from an
orthopedagoog or psycholoog) is the default.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cases import loket_criteria
from cases.errors import ValidationFailed

FORMAT = 1  # the file format's version ("profiel: 1"); the profile's own version is `versie`

DISCIPLINES = [
    "orthopedagoog",
    "psycholoog",
    "kinderpsychiater",
    "maatschappelijk_werker",
    "arts",
    "pedagoog",
]
LAW_FIRST_ADVICE = ["orthopedagoog", "psycholoog"]  # Wet op de expertisecentra / WVO: the first advice
SOORTEN = ["sbo", "so", "vso", "pro"]
CATEGORIEEN = ["laag", "midden", "hoog"]
CLUSTERS = [3, 4]
SECTOR_SOORTEN = {"po": ["sbo", "so"], "vo": ["vso", "pro"]}  # [law] which SWV issues which TLV
SOORT_WITH_CATEGORIE = {"so", "vso"}
STATUTORY_MIN_MONTHS = {"vo": 12}  # [law] a TLV in the VO runs at least one school year
PLACEMENT_SCHOOL = {"sbo": "sbo", "so": "so", "vso": "vso", "pro": "pro"}
EINDDATUM_REGELS = ["geen", "einde_schooljaar", "minimale_duur"]
BESLISMODELLEN = ["cva", "bto"]
INDICATORS = ["so_vo", "vso_vo", "po_vso", "vo_vso", "tlv_daling", "binnen_termijn", "thuiszitters"]
RICHTINGEN = ["minimaal", "maximaal", "stabiel"]
PERCENT_INDICATORS = {"tlv_daling", "binnen_termijn"}
TERM_FIELDS = [
    "soort",
    "lengte",
    "eenheid",
    "atw",
    "waarschuwen_bij",
    "max_verdagingen",
    "verdaging_lengte",
    "verdaging_eenheid",
    "escaleren_naar",
    "kalender",
    "loopt_vanaf",
]


@dataclass(frozen=True)
class SoortRule:
    soort: str
    clusters: tuple = ()
    categorieen: tuple = ()
    categorie_motivering: tuple = ()
    min_maanden: int | None = None
    max_maanden: int | None = None
    einddatum: str = "geen"


@dataclass(frozen=True)
class AdviceRule:
    advies: int
    disciplines: tuple
    eigen_school_toegestaan: bool = True


@dataclass(frozen=True)
class Profile:
    swv_code: str
    sector: str
    versie: int | None
    soorten: dict = field(default_factory=dict)  # soort -> SoortRule
    adviezen: dict = field(default_factory=dict)  # 1/2 -> AdviceRule
    rules: Rules | None = None  # decision body, mandate, advice mode, routes, required documents

    def soort(self, soort: str) -> SoortRule | None:
        return self.soorten.get(soort)

    @property
    def r(self) -> Rules:
        return self.rules or Rules()


# --- defaults --------------------------------------------------------------------------------------


def default_soorten(sector: str) -> list[dict]:
    if sector == "po":
        return [
            _soort_dict("sbo"),
            _soort_dict("so", clusters=CLUSTERS, categorieen=CATEGORIEEN),
        ]
    return [
        _soort_dict("vso", categorieen=CATEGORIEEN, categorie_motivering=["midden", "hoog"]),
        _soort_dict("pro"),
    ]


def default_adviezen() -> list[dict]:
    """The law's minimum: the first from an orthopedagoog or psycholoog, the second from any discipline
    that fits the pupil; no rule on who employs the deskundige."""
    return [
        {"advies": 1, "disciplines": list(LAW_FIRST_ADVICE), "eigen_school_toegestaan": True},
        {"advies": 2, "disciplines": list(DISCIPLINES), "eigen_school_toegestaan": True},
    ]


def _soort_dict(
    soort, *, clusters=(), categorieen=(), categorie_motivering=(), mn=None, mx=None, eind="geen"
):
    return {
        "soort": soort,
        "clusters": list(clusters),
        "categorieen": list(categorieen),
        "categorie_motivering": list(categorie_motivering),
        "min_maanden": mn,
        "max_maanden": mx,
        "einddatum": eind,
    }


# --- the data of an SWV's profile (the rows, or the defaults) --------------------------------------


def data_of(swv) -> dict:
    """The SWV's whole profile as plain data, in the order of the file."""
    from cases.models import TermPolicy
    from cases.models.profiles import AdviesRegel, IndicatorDoel, TlvSoortRegel
    from cases.terms import DEFAULT_TERMS

    soorten = [
        _soort_dict(
            r.soort,
            clusters=r.clusters,
            categorieen=r.categorieen,
            categorie_motivering=r.categorie_motivering,
            mn=r.min_maanden,
            mx=r.max_maanden,
            eind=r.einddatum_regel,
        )
        for r in TlvSoortRegel.objects.filter(swv=swv).order_by("soort")
    ] or default_soorten(swv.sector)
    soorten.sort(key=lambda s: SOORTEN.index(s["soort"]))
    adviezen = [
        {
            "advies": r.volgorde,
            "disciplines": list(r.disciplines),
            "eigen_school_toegestaan": r.eigen_school_toegestaan,
        }
        for r in AdviesRegel.objects.filter(swv=swv).order_by("volgorde")
    ]
    defaults = {a["advies"]: a for a in default_adviezen()}
    present = {a["advies"] for a in adviezen}
    adviezen = sorted(adviezen + [defaults[n] for n in (1, 2) if n not in present], key=lambda a: a["advies"])
    termijnen = [
        {
            "soort": p.kind,
            "lengte": p.length,
            "eenheid": p.unit,
            "atw": p.atw,
            "waarschuwen_bij": p.warn_fraction,
            "max_verdagingen": p.max_extensions,
            "verdaging_lengte": p.extension_length,
            "verdaging_eenheid": p.extension_unit,
            "escaleren_naar": list(p.escalate_roles or []),
            "kalender": p.calendar,
            "loopt_vanaf": p.starts_from,
        }
        for p in TermPolicy.objects.filter(swv=swv)
    ]
    order = list(DEFAULT_TERMS)
    termijnen.sort(key=lambda t: order.index(t["soort"]) if t["soort"] in order else len(order))
    doelen = [
        {
            "schooljaar": d.schooljaar,
            "indicator": d.indicator,
            "richting": d.richting,
            "waarde": _number(d.waarde),
            "peildatum": d.peildatum.isoformat() if d.peildatum else None,
        }
        for d in IndicatorDoel.objects.filter(swv=swv)
    ]
    doelen.sort(key=lambda d: (d["schooljaar"], INDICATORS.index(d["indicator"])))
    return {
        "swv": swv.code,
        "sector": swv.sector,
        "besluitvorming": {
            "beslismodel": swv.decision_mode,
            "beoordelaars": REVIEWERS[swv.decision_mode],
            "complexe_casus_externe_deskundige": swv.tlv_complex_toegestaan,
            "bezwaarcommissie": swv.bezwaar_commissie,
            "bezwaar_advies_verplicht": swv.bezwaar_advies_verplicht,
            "mandaat": {"rol": str(swv.mandate_role), "personen": list(swv.mandate_people or [])},
        },
        "adviezen_als": str(swv.advice_mode),
        "routes": {r: r not in (swv.routes_off or []) for r in SWITCHABLE_ROUTES},
        "casustafels": {k: k not in (swv.case_tables_off or []) for k in case_table_kinds()},
        "tlv_duur": {
            "min_maanden_vo": swv.tlv_min_months_vo,
            "max_maanden_jong": swv.tlv_max_months_young,
            "max_maanden": swv.tlv_max_months,
        },
        "verplichte_documenten": list(swv.required_documents or []),
        "tlv_soorten": soorten,
        "deskundigenadvies": adviezen,
        "termijnen": termijnen,
        "indicatordoelen": doelen,
        "loket": loket_criteria.data_of(swv),
    }


def _number(value):
    d = Decimal(value)
    return int(d) if d == d.to_integral_value() else float(d)


def profile_from_data(data: dict, *, versie: int | None) -> Profile:
    soorten = {
        s["soort"]: SoortRule(
            soort=s["soort"],
            clusters=tuple(s.get("clusters") or ()),
            categorieen=tuple(s.get("categorieen") or ()),
            categorie_motivering=tuple(s.get("categorie_motivering") or ()),
            min_maanden=s.get("min_maanden"),
            max_maanden=s.get("max_maanden"),
            einddatum=s.get("einddatum") or "geen",
        )
        for s in data.get("tlv_soorten") or default_soorten(data["sector"])
    }
    adviezen = {
        a["advies"]: AdviceRule(
            advies=a["advies"],
            disciplines=tuple(a["disciplines"]),
            eigen_school_toegestaan=bool(a.get("eigen_school_toegestaan", True)),
        )
        for a in data.get("deskundigenadvies") or default_adviezen()
    }
    return Profile(
        swv_code=data["swv"],
        sector=data["sector"],
        versie=versie,
        soorten=soorten,
        adviezen=adviezen,
        rules=rules_from_data(data),
    )


def latest_version(swv):
    from cases.models.profiles import ProfielVersie

    return ProfielVersie.objects.filter(swv=swv).order_by("-versie").first()


def current(swv) -> Profile:
    """The rules in force now (for a new case): the latest version, else the rows or the defaults."""
    v = latest_version(swv)
    if v is not None:
        return profile_from_data(v.data, versie=v.versie)
    return profile_from_data(data_of(swv), versie=None)


def for_case(case) -> Profile:
    """The rules a case started under; a case from before profiles were versioned uses the current ones."""
    if case.profiel_versie_id:
        v = case.profiel_versie
        return profile_from_data(v.data, versie=v.versie)
    return current(case.swv)


# --- the checks the TLV services call --------------------------------------------------------------


def _labels():
    from cases.models import Deskundige
    from cases.models.tlv import TlvSoort

    return dict(TlvSoort.choices), dict(Deskundige.Discipline.choices)


def check_soort_issued(profile: Profile, soort: str, *, field_name: str = "soort") -> SoortRule:
    """The soort fits the SWV's sector (law) and is one the SWV issues (its profile)."""
    soort_labels, _d = _labels()
    label = soort_labels.get(soort, soort)
    if soort not in SECTOR_SOORTEN.get(profile.sector, []):
        allowed = ", ".join(str(soort_labels[s]) for s in SECTOR_SOORTEN[profile.sector])
        raise ValidationFailed(
            _(
                "Samenwerkingsverband %(swv)s is een %(sector)s-samenwerkingsverband en geeft geen TLV "
                "%(soort)s af (wettelijke regel: een %(sector)s-samenwerkingsverband geeft TLV's voor "
                "%(allowed)s). Vraag de TLV aan bij het samenwerkingsverband van de andere sector."
            )
            % {"swv": profile.swv_code, "sector": profile.sector.upper(), "soort": label, "allowed": allowed},
            code="tlv-soort-sector",
            field=field_name,
        )
    rule = profile.soort(soort)
    if rule is None:
        issued = ", ".join(str(soort_labels.get(s, s)) for s in profile.soorten) or "—"
        raise ValidationFailed(
            _(
                "Samenwerkingsverband %(swv)s geeft geen TLV %(soort)s af (regel TLV-soorten van het "
                "samenwerkingsverband: %(issued)s)."
            )
            % {"swv": profile.swv_code, "soort": label, "issued": issued},
            code="tlv-soort-niet-afgegeven",
            field=field_name,
        )
    return rule


def check_soort_details(
    profile: Profile, soort: str, cluster, categorie: str, *, prefix: str = ""
) -> SoortRule:
    rule = check_soort_issued(profile, soort, field_name=f"{prefix}soort")
    soort_labels, _d = _labels()
    label = soort_labels.get(soort, soort)
    if rule.clusters and cluster not in rule.clusters:
        raise ValidationFailed(
            _("Bij een TLV %(soort)s van samenwerkingsverband %(swv)s hoort cluster %(clusters)s.")
            % {
                "soort": label,
                "swv": profile.swv_code,
                "clusters": " of ".join(str(c) for c in rule.clusters),
            },
            code="tlv-cluster",
            field=f"{prefix}cluster",
        )
    if rule.categorieen and categorie not in rule.categorieen:
        raise ValidationFailed(
            _("Kies de categorie van de TLV %(soort)s (%(categorieen)s).")
            % {"soort": label, "categorieen": ", ".join(rule.categorieen)},
            code="tlv-categorie",
            field=f"{prefix}categorie",
        )
    if not rule.categorieen and categorie:
        raise ValidationFailed(
            _("Een TLV %(soort)s kent bij samenwerkingsverband %(swv)s geen categorie.")
            % {"soort": label, "swv": profile.swv_code},
            code="tlv-categorie",
            field=f"{prefix}categorie",
        )
    return rule


def check_placement_school(soort: str, cluster, school) -> None:
    """The placement school is of the soort's type: SBO at an SBO school, SO at an SO school of that
    cluster, VSO at a VSO school, PrO at a praktijkschool (any SWV: the national register)."""
    soort_labels, _d = _labels()
    wanted = PLACEMENT_SCHOOL[soort]
    if school.soort != wanted or (soort == "so" and school.cluster and cluster and school.cluster != cluster):
        kind = school.get_soort_display()
        if school.cluster:
            kind = f"{kind}, cluster {school.cluster}"
        need = soort_labels.get(soort, soort)
        if soort == "so" and cluster:
            need = f"{need} cluster {cluster}"
        raise ValidationFailed(
            _(
                "Een TLV %(soort)s plaatst een leerling op een school voor %(need)s; %(school)s is %(kind)s "
                "(regel: de school van plaatsing past bij de soort TLV)."
            )
            % {"soort": soort_labels.get(soort, soort), "need": need, "school": school.name, "kind": kind},
            code="plaatsing-past-niet",
            field="school",
        )


def needs_categorie_motivering(profile: Profile, soort: str, categorie: str) -> bool:
    rule = profile.soort(soort)
    return bool(rule and categorie and categorie in rule.categorie_motivering)


def check_advice(profile: Profile, *, advies: int, deskundige, school) -> None:
    """May this deskundige give advice `advies` (1 or 2) on an aanvraag of `school`, by the SWV's rule?"""
    rule = profile.adviezen.get(advies) or AdviceRule(advies, tuple(DISCIPLINES))
    _s, discipline_labels = _labels()
    which = _("eerste") if advies == 1 else _("tweede")
    if not rule.eigen_school_toegestaan and deskundige.school_id == school.pk:
        raise ValidationFailed(
            _(
                "U werkt voor de aanvragende school (%(school)s). Volgens de regel van samenwerkingsverband "
                "%(swv)s komt het %(which)s deskundigenadvies van een onafhankelijke deskundige, niet van of "
                "verbonden aan de aanvragende school. Laat een andere deskundige deze taak oppakken."
            )
            % {"school": school.name, "swv": profile.swv_code, "which": which},
            code="deskundige-niet-onafhankelijk",
        )
    if deskundige.discipline not in rule.disciplines:
        allowed = ", ".join(str(discipline_labels.get(d, d)).lower() for d in rule.disciplines)
        raise ValidationFailed(
            _(
                "Volgens de regel van samenwerkingsverband %(swv)s komt het %(which)s deskundigenadvies van "
                "een %(allowed)s; uw discipline is %(discipline)s."
            )
            % {
                "swv": profile.swv_code,
                "which": which,
                "allowed": allowed,
                "discipline": str(
                    discipline_labels.get(deskundige.discipline, deskundige.discipline)
                ).lower(),
            },
            code="deskundige-discipline",
        )


def min_max_months(profile: Profile, swv, soort: str) -> tuple[int, int]:
    """The duration bounds of a TLV of `soort`: the kind's own, never below the statutory VO minimum."""
    rule = profile.soort(soort)
    minimum = STATUTORY_MIN_MONTHS.get(swv.sector, 0)
    if swv.sector == "vo":
        minimum = max(minimum, swv.tlv_min_months_vo)
    if rule and rule.min_maanden:
        minimum = max(minimum, rule.min_maanden)
    maximum = swv.tlv_max_months
    if rule and rule.max_maanden:
        maximum = min(maximum, rule.max_maanden)
    return minimum, maximum


def default_einddatum(profile: Profile, swv, soort: str, ingangsdatum: dt.date) -> dt.date | None:
    """The einddatum the besluit form proposes for this kind (the beslisser may change it)."""
    from cases.deadlines import Unit, add_term

    rule = profile.soort(soort)
    if rule is None or rule.einddatum == "geen" or ingangsdatum is None:
        return None
    minimum, _maximum = min_max_months(profile, swv, soort)
    end = add_term(ingangsdatum, max(minimum, 1), Unit.MONTHS) - dt.timedelta(days=1)
    if rule.einddatum == "einde_schooljaar":
        year = end.year if end.month <= 7 else end.year + 1
        return dt.date(year, 7, 31)
    return end


# --- the file: dump and parse with line-precise errors ---------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _no_aliases(self, data):
    return True


_Dumper.ignore_aliases = _no_aliases


def dump(swv, *, versie: int | None = None) -> str:
    """The SWV's profile as the file an SWV reviews and imports."""
    if versie is None:
        v = latest_version(swv)
        versie = v.versie if v else 0
    return dump_data(data_of(swv), versie=versie)


def dump_data(data: dict, *, versie: int) -> str:
    head = {"profiel": FORMAT, "versie": versie}
    body = yaml.dump(
        {**head, **data},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=None,
        width=100,
    )
    return (
        "# Profiel van een samenwerkingsverband passend onderwijs: de eigen regels als gegevens.\n"
        "# Wijzig en importeer dit bestand; wettelijke regels en termijnen liggen vast.\n" + body
    )


@dataclass
class ProfileError:
    line: int
    path: str
    message: str

    def __str__(self):
        return _("regel %(line)s (%(path)s): %(message)s") % {
            "line": self.line,
            "path": self.path,
            "message": self.message,
        }


class ProfileInvalid(ValidationFailed):
    code = "profiel-ongeldig"

    def __init__(self, errors: list[ProfileError]):
        self.errors = errors
        super().__init__(
            _("Het profiel is niet ingelezen; er is niets gewijzigd. ") + "; ".join(str(e) for e in errors),
            code="profiel-ongeldig",
        )


def _load(text: str):
    """The data and a map from path (tuple of keys/indexes) to line number (1-based)."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: dict[tuple, int] = {}

        def walk(n, path):
            lines[path] = n.start_mark.line + 1
            if isinstance(n, yaml.MappingNode):
                for k, v in n.value:
                    key = k.value if isinstance(k, yaml.ScalarNode) else repr(k.value)
                    walk(v, (*path, key))
                    lines[(*path, key, "__key__")] = k.start_mark.line + 1
            elif isinstance(n, yaml.SequenceNode):
                for i, item in enumerate(n.value):
                    walk(item, (*path, i))

        walk(node, ())
        return loader.construct_document(node), lines
    finally:
        loader.dispose()


class _Errors:
    def __init__(self, lines):
        self.lines = lines
        self.items: list[ProfileError] = []

    def add(self, path: tuple, message: str):
        line = self.lines.get(path)
        probe = path
        while line is None and probe:
            probe = probe[:-1]
            line = self.lines.get(probe)
        self.items.append(ProfileError(line or 1, ".".join(str(p) for p in path) or "profiel", message))


def _int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _keys(err, data, path, allowed, required=()):
    if not isinstance(data, dict):
        err.add(path, _("verwacht een lijst van sleutels en waarden"))
        return False
    for key in data:
        if key not in allowed:
            err.add((*path, key, "__key__"), _("onbekende sleutel '%(key)s'") % {"key": key})
    for key in required:
        if key not in data:
            err.add(path, _("'%(key)s' ontbreekt") % {"key": key})
    return True


TOP_KEYS = [
    "profiel",
    "versie",
    "swv",
    "sector",
    "besluitvorming",
    "adviezen_als",
    "routes",
    "casustafels",
    "tlv_duur",
    "verplichte_documenten",
    "tlv_soorten",
    "deskundigenadvies",
    "termijnen",
    "indicatordoelen",
    "loket",
]


def parse(text: str, swv) -> dict:
    """Validate a profile file for `swv`; return its data (as `data_of` gives it) or raise ProfileInvalid
    listing every error with its line number."""
    try:
        data, lines = _load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        raise ProfileInvalid(
            [
                ProfileError(
                    line,
                    "profiel",
                    _("geen geldige YAML of JSON: %(problem)s")
                    % {"problem": getattr(exc, "problem", "") or exc},
                )
            ]
        ) from exc
    err = _Errors(lines)
    if not _keys(err, data, (), TOP_KEYS, required=TOP_KEYS[:4]):
        raise ProfileInvalid(err.items)
    if data.get("profiel") != FORMAT:
        err.add(("profiel",), _("onbekende versie van het bestandsformaat; verwacht %(f)s") % {"f": FORMAT})
    if "versie" in data and not _int(data["versie"]):
        err.add(("versie",), _("de versie is een geheel getal"))
    if data.get("swv") != swv.code:
        err.add(
            ("swv",),
            _("dit profiel hoort bij '%(file)s', niet bij samenwerkingsverband %(swv)s")
            % {"file": data.get("swv"), "swv": swv.code},
        )
    if data.get("sector") != swv.sector:
        err.add(
            ("sector",),
            _("de sector is %(sector)s en kan niet met een profiel wijzigen") % {"sector": swv.sector},
        )
    out = {"swv": swv.code, "sector": swv.sector}
    out["besluitvorming"] = _parse_besluitvorming(err, data.get("besluitvorming", {}), swv)
    out["adviezen_als"] = _parse_adviezen_als(err, data.get("adviezen_als", "taken"))
    out["routes"] = _parse_routes(err, data.get("routes", {}))
    out["casustafels"] = _parse_casustafels(err, data.get("casustafels", {}))
    out["tlv_duur"] = _parse_duur(err, data.get("tlv_duur", {}), swv.sector)
    out["verplichte_documenten"] = _parse_documenten(err, data.get("verplichte_documenten", []), swv.sector)
    out["tlv_soorten"] = _parse_soorten(err, data.get("tlv_soorten"), swv.sector)
    out["deskundigenadvies"] = _parse_adviezen(err, data.get("deskundigenadvies"))
    out["termijnen"] = _parse_termijnen(err, data.get("termijnen", []), swv)
    out["indicatordoelen"] = _parse_doelen(err, data.get("indicatordoelen", []))
    out["loket"] = loket_criteria.parse(err, data.get("loket"), swv)
    if err.items:
        raise ProfileInvalid(err.items)
    return out


def _parse_besluitvorming(err, d, swv):
    path = ("besluitvorming",)
    required = [
        "beslismodel",
        "complexe_casus_externe_deskundige",
        "bezwaarcommissie",
        "bezwaar_advies_verplicht",
    ]
    keys = ["beslismodel", "beoordelaars", *required[1:], "mandaat"]
    if not _keys(err, d, path, keys, required=required):
        return {}
    if d.get("beslismodel") not in BESLISMODELLEN:
        err.add((*path, "beslismodel"), _("kies cva of bto"))
    if d.get("bezwaarcommissie") not in ("lbt", "eigen"):
        err.add((*path, "bezwaarcommissie"), _("kies lbt of eigen"))
    for key in ("complexe_casus_externe_deskundige", "bezwaar_advies_verplicht"):
        if key in d and not isinstance(d[key], bool):
            err.add((*path, key), _("kies true of false"))
    model = d.get("beslismodel")
    reviewers = d.get("beoordelaars", REVIEWERS.get(model, 1))
    if model in REVIEWERS and reviewers != REVIEWERS[model]:
        err.add(
            (*path, "beoordelaars"),
            _("een CvA beoordeelt met 1 coördinator, een BTO met 2 leden die onafhankelijk beoordelen")
            if model == "cva"
            else _("een BTO beoordeelt met 2 leden die onafhankelijk van elkaar beoordelen"),
        )
    return {
        "beslismodel": model,
        "beoordelaars": reviewers,
        **{k: d.get(k) for k in required[1:]},
        "mandaat": _parse_mandaat(err, d.get("mandaat", {"rol": "beslisser", "personen": []}), swv),
    }


def _parse_duur(err, d, sector):
    path = ("tlv_duur",)
    keys = ["min_maanden_vo", "max_maanden_jong", "max_maanden"]
    if not _keys(err, d, path, keys, required=keys):
        return {}
    for key in keys:
        if not _int(d.get(key)) or not 1 <= d[key] <= 240:
            err.add((*path, key), _("een aantal maanden van 1 tot en met 240"))
    if _int(d.get("min_maanden_vo")) and d["min_maanden_vo"] < STATUTORY_MIN_MONTHS["vo"]:
        err.add(
            (*path, "min_maanden_vo"),
            _("een TLV in het VO duurt wettelijk ten minste 12 maanden; korter kan niet"),
        )
    if _int(d.get("max_maanden_jong")) and d["max_maanden_jong"] > 24:
        err.add((*path, "max_maanden_jong"), _("voor leerlingen van 4 tot 8 jaar hoogstens 24 maanden"))
    return {k: d.get(k) for k in keys}


def _parse_soorten(err, items, sector):
    path = ("tlv_soorten",)
    if not isinstance(items, list) or not items:
        err.add(path, _("noem ten minste één soort TLV die het samenwerkingsverband afgeeft"))
        return []
    keys = [
        "soort",
        "clusters",
        "categorieen",
        "categorie_motivering",
        "min_maanden",
        "max_maanden",
        "einddatum",
    ]
    seen = set()
    out = []
    for i, s in enumerate(items):
        p = (*path, i)
        if not _keys(err, s, p, keys, required=["soort"]):
            continue
        soort = s.get("soort")
        if soort not in SOORTEN:
            err.add(
                (*p, "soort"),
                _("onbekende soort '%(soort)s'; kies uit %(all)s")
                % {"soort": soort, "all": ", ".join(SOORTEN)},
            )
            continue
        if soort not in SECTOR_SOORTEN[sector]:
            err.add(
                (*p, "soort"),
                _("een %(sector)s-samenwerkingsverband kan geen TLV '%(soort)s' afgeven (alleen %(allowed)s)")
                % {"sector": sector.upper(), "soort": soort, "allowed": ", ".join(SECTOR_SOORTEN[sector])},
            )
        if soort in seen:
            err.add((*p, "soort"), _("de soort '%(soort)s' staat er twee keer in") % {"soort": soort})
        seen.add(soort)
        clusters = s.get("clusters") or []
        categorieen = s.get("categorieen") or []
        motivering = s.get("categorie_motivering") or []
        if not isinstance(clusters, list) or any(c not in CLUSTERS for c in clusters):
            err.add((*p, "clusters"), _("clusters zijn 3 en/of 4"))
        elif soort == "so" and not clusters:
            err.add((*p, "clusters"), _("een TLV SO noemt cluster 3 en/of 4"))
        elif soort != "so" and clusters:
            err.add((*p, "clusters"), _("alleen een TLV SO kent een cluster"))
        if not isinstance(categorieen, list) or any(c not in CATEGORIEEN for c in categorieen):
            err.add((*p, "categorieen"), _("categorieën zijn laag, midden en/of hoog"))
        elif soort not in SOORT_WITH_CATEGORIE and categorieen:
            err.add((*p, "categorieen"), _("SBO en praktijkonderwijs kennen geen categorie"))
        known = categorieen if isinstance(categorieen, list) else []
        if not isinstance(motivering, list) or any(c not in known for c in motivering):
            err.add((*p, "categorie_motivering"), _("alleen categorieën die de soort kent"))
        for key in ("min_maanden", "max_maanden"):
            value = s.get(key)
            if value is not None and (not _int(value) or not 1 <= value <= 240):
                err.add((*p, key), _("een aantal maanden van 1 tot en met 240, of leeg"))
        mn = s.get("min_maanden")
        if _int(mn) and sector == "vo" and mn < STATUTORY_MIN_MONTHS["vo"]:
            err.add((*p, "min_maanden"), _("een TLV in het VO duurt wettelijk ten minste 12 maanden"))
        mx = s.get("max_maanden")
        if _int(mn) and _int(mx) and mx < mn:
            err.add((*p, "max_maanden"), _("de maximale duur is korter dan de minimale"))
        if s.get("einddatum", "geen") not in EINDDATUM_REGELS:
            err.add((*p, "einddatum"), _("kies uit %(all)s") % {"all": ", ".join(EINDDATUM_REGELS)})
        out.append(
            _soort_dict(
                soort,
                clusters=clusters if isinstance(clusters, list) else [],
                categorieen=categorieen if isinstance(categorieen, list) else [],
                categorie_motivering=motivering if isinstance(motivering, list) else [],
                mn=mn,
                mx=mx,
                eind=s.get("einddatum", "geen"),
            )
        )
    out.sort(key=lambda x: SOORTEN.index(x["soort"]))
    return out


def _parse_adviezen(err, items):
    path = ("deskundigenadvies",)
    numbers = [a.get("advies") for a in items if isinstance(a, dict)] if isinstance(items, list) else []
    if len(items if isinstance(items, list) else []) != 2 or not (1 in numbers and 2 in numbers):
        err.add(path, _("noem de regel voor het eerste en het tweede advies (advies: 1 en advies: 2)"))
        return default_adviezen()
    out = []
    for i, a in enumerate(items):
        p = (*path, i)
        if not _keys(
            err,
            a,
            p,
            ["advies", "disciplines", "eigen_school_toegestaan"],
            required=["advies", "disciplines"],
        ):
            continue
        disciplines = a.get("disciplines")
        if not isinstance(disciplines, list) or not disciplines:
            err.add((*p, "disciplines"), _("de lijst van disciplines is leeg: noem wie dit advies mag geven"))
            disciplines = []
        else:
            for j, d in enumerate(disciplines):
                if d not in DISCIPLINES:
                    err.add(
                        (*p, "disciplines", j),
                        _("onbekende discipline '%(d)s'; kies uit %(all)s")
                        % {"d": d, "all": ", ".join(DISCIPLINES)},
                    )
        if "eigen_school_toegestaan" in a and not isinstance(a["eigen_school_toegestaan"], bool):
            err.add((*p, "eigen_school_toegestaan"), _("kies true of false"))
        out.append(
            {
                "advies": a["advies"],
                "disciplines": list(disciplines),
                "eigen_school_toegestaan": a.get("eigen_school_toegestaan", True),
            }
        )
    return sorted(out, key=lambda a: a["advies"])


def term_policy_from(t: dict, swv):
    from cases.models import TermPolicy

    return TermPolicy(
        swv=swv,
        kind=t["soort"],
        length=t.get("lengte"),
        unit=t.get("eenheid"),
        atw=t.get("atw", True),
        warn_fraction=t.get("waarschuwen_bij", 0.75),
        max_extensions=t.get("max_verdagingen", 1),
        extension_length=t.get("verdaging_lengte", 0),
        extension_unit=t.get("verdaging_eenheid", "weeks"),
        escalate_roles=t.get("escaleren_naar", []),
        calendar=t.get("kalender", "atw"),
        starts_from=t.get("loopt_vanaf", "aanvraag"),
    )


def _parse_termijnen(err, items, swv):
    from cases.terms import DEFAULT_TERMS

    path = ("termijnen",)
    if not isinstance(items, list):
        err.add(path, _("verwacht een lijst"))
        return []
    out, seen = [], set()
    for i, t in enumerate(items):
        p = (*path, i)
        if not _keys(err, t, p, TERM_FIELDS, required=["soort", "lengte", "eenheid"]):
            continue
        kind = t.get("soort")
        if kind not in DEFAULT_TERMS:
            err.add((*p, "soort"), _("onbekende soort termijn '%(kind)s'") % {"kind": kind})
            continue
        if kind in seen:
            err.add((*p, "soort"), _("de termijn '%(kind)s' staat er twee keer in") % {"kind": kind})
        seen.add(kind)
        policy = term_policy_from(t, swv)
        try:
            policy.clean_fields(exclude=["swv"])
            policy.clean()
        except ValidationError as exc:
            by_field = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            for name, messages in by_field.items():
                key = {v: k for k, v in _TERM_FIELD_NAMES.items()}.get(name)
                target = (*p, key) if key in t else (*p, "lengte") if name == "__all__" else p
                for m in messages:
                    err.add(target, m)
        out.append({key: t.get(key, _TERM_DEFAULTS.get(key)) for key in TERM_FIELDS})
    return out


_TERM_FIELD_NAMES = {
    "soort": "kind",
    "lengte": "length",
    "eenheid": "unit",
    "atw": "atw",
    "waarschuwen_bij": "warn_fraction",
    "max_verdagingen": "max_extensions",
    "verdaging_lengte": "extension_length",
    "verdaging_eenheid": "extension_unit",
    "escaleren_naar": "escalate_roles",
    "kalender": "calendar",
    "loopt_vanaf": "starts_from",
}
_TERM_DEFAULTS = {
    "atw": True,
    "waarschuwen_bij": 0.75,
    "max_verdagingen": 1,
    "verdaging_lengte": 0,
    "verdaging_eenheid": "weeks",
    "escaleren_naar": [],
    "kalender": "atw",
    "loopt_vanaf": "aanvraag",
}


def _parse_doelen(err, items):
    path = ("indicatordoelen",)
    if not isinstance(items, list):
        err.add(path, _("verwacht een lijst"))
        return []
    out, seen = [], set()
    keys = ["schooljaar", "indicator", "richting", "waarde", "peildatum"]
    for i, d in enumerate(items):
        p = (*path, i)
        if not _keys(err, d, p, keys, required=keys[:4]):
            continue
        if not _int(d.get("schooljaar")) or not 2000 <= d["schooljaar"] <= 2100:
            err.add((*p, "schooljaar"), _("het beginjaar van het schooljaar, bijv. 2025"))
        if d.get("indicator") not in INDICATORS:
            err.add(
                (*p, "indicator"), _("onbekende indicator; kies uit %(all)s") % {"all": ", ".join(INDICATORS)}
            )
        if d.get("richting") not in RICHTINGEN:
            err.add((*p, "richting"), _("kies minimaal, maximaal of stabiel"))
        try:
            waarde = Decimal(str(d.get("waarde")))
            if waarde < 0 or (d.get("indicator") in PERCENT_INDICATORS and waarde > 100):
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            err.add((*p, "waarde"), _("een getal van 0 of meer (een percentage hoogstens 100)"))
        peildatum = d.get("peildatum")
        if isinstance(peildatum, str):
            try:
                peildatum = dt.date.fromisoformat(peildatum)
            except ValueError:
                err.add((*p, "peildatum"), _("een datum als jjjj-mm-dd"))
        elif peildatum is not None and not isinstance(peildatum, dt.date):
            err.add((*p, "peildatum"), _("een datum als jjjj-mm-dd"))
        if d.get("indicator") == "tlv_daling" and not peildatum:
            err.add((*p, "peildatum"), _("een daling van het aantal TLV's wordt gemeten tegen een peildatum"))
        key = (repr(d.get("schooljaar")), repr(d.get("indicator")))
        if key in seen:
            err.add(p, _("dit doel staat er voor dit schooljaar twee keer in"))
        seen.add(key)
        out.append(
            {
                "schooljaar": d.get("schooljaar"),
                "indicator": d.get("indicator"),
                "richting": d.get("richting"),
                "waarde": d.get("waarde"),
                "peildatum": peildatum.isoformat() if isinstance(peildatum, dt.date) else None,
            }
        )
    out.sort(
        key=lambda x: (
            x["schooljaar"] if _int(x["schooljaar"]) else 0,
            INDICATORS.index(x["indicator"]) if x["indicator"] in INDICATORS else 99,
        )
    )
    return out


# --- the decision body and mandate, the advice mode, routes on or off, required documents ----------
#
# These sections of the file (`besluitvorming.beoordelaars` and `.mandaat`, `adviezen_als`, `routes`, the
# rich form of `verplichte_documenten`) are read into one `Rules` value; the services call the checks below.

REVIEWERS = {"cva": 1, "bto": 2}  # a CvA: the coördinator; a BTO: two members who review independently
MANDATE_ROLES = ["beslisser", "cva_voorzitter"]
ADVICE_MODES = ["taken", "documenten"]
# the TLV and the thuiszitter route are duties, always on; the loket switches its request types one by one
SWITCHABLE_ROUTES = ["screening", "schakel", "overstap"]
DOCUMENT_ROUTES = ["tlv", "screening", "schakel"]
DOCUMENT_ADDERS = ["school", "consulent", "screeningsteam"]
DOCUMENT_KEYS = ["document", "route", "soorten", "aantal", "toevoegen_door"]
ADVICE_DOCUMENT = "deskundigenadvies"


@dataclass(frozen=True)
class DocumentRule:
    """One required document: `options` (one of them is enough), on which route, for which TLV kinds
    (empty: every kind), how many, and which roles may add it (empty: the product's default)."""

    options: tuple
    route: str = "tlv"
    soorten: tuple = ()
    aantal: int = 1
    toevoegen_door: tuple = ()

    def applies(self, route: str, soort: str = "") -> bool:
        return self.route == route and (not self.soorten or soort in self.soorten)


@dataclass(frozen=True)
class Rules:
    beslismodel: str = "cva"
    beoordelaars: int = 1
    mandaat_rol: str = "beslisser"
    mandaat_personen: tuple = ()
    adviezen_als: str = "taken"
    routes_uit: tuple = ()
    casustafels_uit: tuple = ()
    documenten: tuple = ()  # DocumentRule, in the order of the file

    def route_on(self, route: str) -> bool:
        return route not in self.routes_uit

    def casustafel_on(self, soort: str) -> bool:
        return soort not in self.casustafels_uit

    def documents_for(self, route: str, soort: str = "") -> list[DocumentRule]:
        """The required documents of a step on `route` (for a TLV of `soort`). When the advices come as
        documents, a TLV needs two deskundigenadviezen in the file unless the SWV names its own rule."""
        rules = [r for r in self.documenten if r.applies(route, soort)]
        if (
            route == "tlv"
            and self.adviezen_als == "documenten"
            and not any(ADVICE_DOCUMENT in r.options for r in rules)
        ):
            rules.append(DocumentRule(options=(ADVICE_DOCUMENT,), aantal=2, toevoegen_door=("school",)))
        return rules

    def adders(self, route: str, soort: str, kind: str) -> set[str] | None:
        """The roles that may add documents of `kind` on this route by the SWV's rule (None: no rule, the
        product's default applies)."""
        named = [r for r in self.documents_for(route, soort) if kind in r.options and r.toevoegen_door]
        if not named:
            return None
        return {role for r in named for role in r.toevoegen_door}


def _document_rule(item) -> DocumentRule:
    if isinstance(item, str):
        return DocumentRule(options=tuple(item.split("|")))
    return DocumentRule(
        options=tuple(item["document"].split("|")),
        route=item.get("route", "tlv"),
        soorten=tuple(item.get("soorten") or ()),
        aantal=item.get("aantal", 1),
        toevoegen_door=tuple(item.get("toevoegen_door") or ()),
    )


def rules_from_data(data: dict) -> Rules:
    b = data.get("besluitvorming") or {}
    mandaat = b.get("mandaat") or {}
    routes = data.get("routes") or {}
    documenten = data.get("verplichte_documenten")
    if documenten is None:
        documenten = DEFAULT_REQUIRED_DOCUMENTS
    return Rules(
        beslismodel=b.get("beslismodel", "cva"),
        beoordelaars=b.get("beoordelaars", REVIEWERS.get(b.get("beslismodel", "cva"), 1)),
        mandaat_rol=mandaat.get("rol", "beslisser"),
        mandaat_personen=tuple(mandaat.get("personen") or ()),
        adviezen_als=data.get("adviezen_als", "taken"),
        routes_uit=tuple(r for r, on in routes.items() if not on),
        casustafels_uit=tuple(k for k, on in (data.get("casustafels") or {}).items() if not on),
        documenten=tuple(_document_rule(i) for i in (documenten or DEFAULT_REQUIRED_DOCUMENTS)),
    )


DEFAULT_REQUIRED_DOCUMENTS = ["opp|groeidocument", "zienswijze_ouders", "instemming_ouders", "interventies"]


def _route_label(route: str) -> str:
    from cases.models.case import Route

    return str(dict(Route.choices).get(route, route))


def check_route_on(profile: Profile, route: str) -> None:
    """A route the SWV has switched off starts no new case (running cases go on)."""
    if not profile.r.route_on(route):
        raise ValidationFailed(
            _(
                "Samenwerkingsverband %(swv)s biedt de route '%(route)s' niet aan (regel routes van het "
                "samenwerkingsverband: deze route staat uit)."
            )
            % {"swv": profile.swv_code, "route": _route_label(route)},
            code="route-uit",
        )


def route_on(swv, route: str) -> bool:
    return current(swv).r.route_on(route)


def check_casustafel_on(profile: Profile, soort: str) -> None:
    """A kind of case table the SWV has switched off is not planned (meetings already planned go on)."""
    if not profile.r.casustafel_on(soort):
        from cases.models.overleg import OverlegSoort

        raise ValidationFailed(
            _(
                "Samenwerkingsverband %(swv)s houdt geen %(soort)s (regel casustafels van het "
                "samenwerkingsverband: deze soort staat uit)."
            )
            % {"swv": profile.swv_code, "soort": OverlegSoort(soort).label},
            code="casustafel-uit",
            field="soort",
        )


def missing_documents(profile: Profile, *, route: str, soort: str, present: dict) -> list[str]:
    """The required documents not (or not often enough) in the file; `present` counts kinds."""
    from cases.models import DocumentKind

    labels = dict(DocumentKind.choices)
    missing = []
    for rule in profile.r.documents_for(route, soort):
        have = sum(present.get(o, 0) for o in rule.options)
        if have < rule.aantal:
            text = " of ".join(str(labels.get(o, o)) for o in rule.options)
            if rule.aantal > 1:
                text = _("%(n)s× %(what)s") % {"n": rule.aantal, "what": text}
            missing.append(text)
    return missing


def check_documents(profile: Profile, *, case, route: str, soort: str = "") -> None:
    """Refuse a step while a document the SWV requires on this route is missing, naming the rule."""
    from collections import Counter

    present = Counter(case.documents.values_list("kind", flat=True))
    missing = missing_documents(profile, route=route, soort=soort, present=present)
    if missing:
        raise ValidationFailed(
            _(
                "Het dossier mist verplichte stukken: %(missing)s (regel verplichte documenten van "
                "samenwerkingsverband %(swv)s)."
            )
            % {"missing": "; ".join(missing), "swv": profile.swv_code},
            code="aanvraag-onvolledig",
        )


def check_mandate(profile: Profile, user) -> None:
    """Only the people the SWV named sign a besluit under mandate (when it named any)."""
    people = profile.r.mandaat_personen
    if people and user.get_username() not in people:
        raise ValidationFailed(
            _(
                "U bent niet gemandateerd om dit besluit te nemen (regel mandaat van samenwerkingsverband "
                "%(swv)s: alleen %(people)s)."
            )
            % {"swv": profile.swv_code, "people": ", ".join(people)},
            code="geen-mandaat",
        )


def _parse_mandaat(err, d, swv):
    from django.contrib.auth import get_user_model

    from cases.models import Membership

    path = ("besluitvorming", "mandaat")
    if not _keys(err, d, path, ["rol", "personen"], required=["rol"]):
        return {"rol": "beslisser", "personen": []}
    rol = d.get("rol")
    if rol not in MANDATE_ROLES:
        err.add((*path, "rol"), _("kies %(all)s") % {"all": " of ".join(MANDATE_ROLES)})
    people = d.get("personen") or []
    if not isinstance(people, list):
        err.add((*path, "personen"), _("verwacht een lijst van gebruikersnamen"))
        people = []
    users = get_user_model().objects
    for i, name in enumerate(people):
        user = users.filter(username=name).first() if isinstance(name, str) else None
        if user is None or not Membership.objects.filter(user=user, swv=swv, role=rol).exists():
            err.add(
                (*path, "personen", i),
                _("'%(name)s' is geen gebruiker met de rol %(role)s bij dit samenwerkingsverband")
                % {"name": name, "role": rol},
            )
    return {"rol": rol, "personen": list(people)}


def _parse_adviezen_als(err, value):
    if value not in ADVICE_MODES:
        err.add(
            ("adviezen_als",),
            _(
                "kies taken (de deskundigen van het samenwerkingsverband krijgen een taak) of documenten (de "
                "school voegt de adviezen toe, de CvA/BTO toetst ze)"
            ),
        )
    return value


def case_table_kinds() -> list[str]:
    """The kinds of case table an SWV switches on or off (cases/models/overleg.py)."""
    from cases.models.overleg import OverlegSoort

    return list(OverlegSoort.values)


def _parse_casustafels(err, d):
    path = ("casustafels",)
    kinds = case_table_kinds()
    if not _keys(err, d, path, kinds):
        return {k: True for k in kinds}
    for key, value in d.items():
        if key in kinds and not isinstance(value, bool):
            err.add((*path, key), _("kies true (aan) of false (uit)"))
    return {k: d.get(k, True) for k in kinds}


def _parse_routes(err, d):
    path = ("routes",)
    if not _keys(err, d, path, SWITCHABLE_ROUTES):
        return {r: True for r in SWITCHABLE_ROUTES}
    for key, value in d.items():
        if key in SWITCHABLE_ROUTES and not isinstance(value, bool):
            err.add((*path, key), _("kies true (aan) of false (uit)"))
    return {r: d.get(r, True) for r in SWITCHABLE_ROUTES}


def _parse_documenten(err, items, sector):
    from cases.models import DocumentKind

    path = ("verplichte_documenten",)
    if not isinstance(items, list):
        err.add(path, _("verwacht een lijst"))
        return []
    kinds = set(DocumentKind.values)
    out = []
    for i, item in enumerate(items):
        p = (*path, i)
        if isinstance(item, dict):
            if not _keys(err, item, p, DOCUMENT_KEYS, required=["document"]):
                continue
            document = item.get("document")
            route = item.get("route", "tlv")
            soorten = item.get("soorten") or []
            aantal = item.get("aantal", 1)
            adders = item.get("toevoegen_door") or []
            if route not in DOCUMENT_ROUTES:
                err.add((*p, "route"), _("kies uit %(all)s") % {"all": ", ".join(DOCUMENT_ROUTES)})
            if not isinstance(soorten, list) or any(s not in SECTOR_SOORTEN[sector] for s in soorten):
                err.add(
                    (*p, "soorten"),
                    _("soorten TLV die dit samenwerkingsverband afgeeft: %(all)s")
                    % {"all": ", ".join(SECTOR_SOORTEN[sector])},
                )
            elif soorten and route != "tlv":
                err.add((*p, "soorten"), _("alleen bij de route tlv hoort een soort TLV"))
            if not _int(aantal) or not 1 <= aantal <= 5:
                err.add((*p, "aantal"), _("een aantal van 1 tot en met 5"))
            if not isinstance(adders, list) or any(r not in DOCUMENT_ADDERS for r in adders):
                err.add(
                    (*p, "toevoegen_door"),
                    _("rollen die documenten toevoegen: %(all)s") % {"all": ", ".join(DOCUMENT_ADDERS)},
                )
            normal = {
                "document": document,
                "route": route,
                "soorten": list(soorten) if isinstance(soorten, list) else [],
                "aantal": aantal,
                "toevoegen_door": list(adders) if isinstance(adders, list) else [],
            }
        else:
            document, normal = item, item
        options = document.split("|") if isinstance(document, str) else [None]
        unknown = [o for o in options if o not in kinds]
        if unknown:
            target = (*p, "document") if isinstance(item, dict) else p
            err.add(target, _("onbekende documentsoort '%(kind)s'") % {"kind": unknown[0]})
        out.append(normal)
    return out


def route_offered(user, route: str) -> bool:
    """Does this user see `route` as something to start (menu, new-case pages)? Not when every SWV the user
    acts in has switched it off."""
    if route not in SWITCHABLE_ROUTES:
        return True
    return route in _routes_offered(user)


def _routes_offered(user) -> frozenset:
    """The switchable routes at least one of the user's SWVs has on, worked out once per request (the user
    object lives as long as the request): the menu asks for each route."""
    cached = getattr(user, "_routes_offered", None)
    if cached is not None:
        return cached
    from cases import policies
    from cases.models import Swv

    scope = policies.scope_of(user)
    swv_ids = set().union(*scope.swvs_by_role.values()) if scope.swvs_by_role else set()
    if scope.is_superuser or scope.is_system or not swv_ids:
        offered = frozenset(SWITCHABLE_ROUTES)
    else:
        rules = [current(swv).r for swv in Swv.objects.filter(pk__in=swv_ids)]
        offered = frozenset(r for r in SWITCHABLE_ROUTES if any(rule.route_on(r) for rule in rules))
    with contextlib.suppress(AttributeError):  # an object without attributes of its own keeps nothing
        user._routes_offered = offered
    return offered


def sets_term(case, kind: str) -> bool:
    """Does the SWV's profile (as the case started under it) set a term of this kind itself? For terms only
    an SWV that names them runs (the CvA/BTO's assessment term)."""
    from cases.models import TermPolicy

    if case.profiel_versie_id:
        return any(t.get("soort") == kind for t in case.profiel_versie.data.get("termijnen") or [])
    return TermPolicy.objects.filter(swv_id=case.swv_id, kind=kind).exists()
