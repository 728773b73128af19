"""CSV imports of schools (a BRIN list) and pupils (an export of a school administration system).

All or nothing: every row is checked first; if any row is rejected nothing is written and the report lists
every rejected row with its line number and reason. Otherwise all rows are written in one transaction,
new ones created and existing ones (same BRIN + vestiging; same BSN or onderwijsnummer in the SWV) updated,
each with a history line naming the importer. `dry_run` checks without writing ("controleren").

Files: UTF-8 (with or without BOM; Windows-1252 is accepted and reported), `;` or `,` as delimiter, a
header row. Columns (case-insensitive; common aliases in ALIASES):

Schools:  brin (4 characters), vestiging (2 digits, default 00), naam, soort (regulier, sbo, so, vso, pro),
          cluster (3 or 4, for so/vso), bestuur (name; created in the SWV when new), gemeente (CBS code such
          as GM0518 or 0518, or the name; a gemeente of the SWV).
Pupils:   voornaam, achternaam, geboortedatum (jjjj-mm-dd or dd-mm-jjjj), bsn and/or onderwijsnummer (one is
          required), woongemeente (CBS code or name), brin (the stamschool: BRIN + vestiging, e.g. 12AB00 or
          12AB), plaatsing_brin (optional: current placement).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import logging
import re
from dataclasses import dataclass, field

from django.db import transaction

from cases import clock, policies
from cases.errors import DomainError, NotPermitted, ValidationFailed
from cases.models import Bestuur, Gemeente, ImportLog, Leerling, School, Swv
from cases.services.common import save_with_history
from cases.validators import is_valid_bsn, is_valid_onderwijsnummer

SCHOOL_COLUMNS = ["brin", "vestiging", "naam", "soort", "cluster", "bestuur", "gemeente"]
PUPIL_COLUMNS = [
    "voornaam",
    "achternaam",
    "geboortedatum",
    "bsn",
    "onderwijsnummer",
    "woongemeente",
    "brin",
    "plaatsing_brin",
    "groep",
]
ALIASES = {
    "brinnummer": "brin",
    "brin_code": "brin",
    "schoolnaam": "naam",
    "name": "naam",
    "type": "soort",
    "schoolsoort": "soort",
    "bevoegd_gezag": "bestuur",
    "schoolbestuur": "bestuur",
    "gemeentecode": "gemeente",
    "vestigingsnummer": "vestiging",
    "roepnaam": "voornaam",
    "familienaam": "achternaam",
    "geboortedatum_leerling": "geboortedatum",
    "burgerservicenummer": "bsn",
    "woonplaats_gemeente": "woongemeente",
    "stamschool": "brin",
    "stamschool_brin": "brin",
    "plaatsing": "plaatsing_brin",
    "jaargroep": "groep",
    "leerjaar": "groep",
}
MAX_ROWS = 50_000


@dataclass
class Rejection:
    line: int
    reason: str
    label: str = ""  # what the row is about (name or BRIN), never a BSN


@dataclass
class ImportReport:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    applied: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


log = logging.getLogger("cases.services")


def logged_attempt(kind: str):
    """Every call of an import service leaves one ImportLog row: checked, imported, rows rejected (nothing
    written), or refused as a whole (no right, unreadable file). Written after the service returned or
    raised, so a refused import's rollback does not take its trace along."""

    def wrap(service):
        @functools.wraps(service)
        def logged(**kwargs):
            try:
                report = service(**kwargs)
            except DomainError as exc:
                _log(kind, kwargs, report=None, message=str(exc.message))
                raise
            _log(kind, kwargs, report=report)
            return report

        return logged

    return wrap


def _log(kind: str, kwargs: dict, *, report: ImportReport | None, message: str = "") -> None:
    if report is None:
        outcome = ImportLog.Outcome.REFUSED
    elif report.rejected:
        outcome = ImportLog.Outcome.REJECTED
    elif report.applied:
        outcome = ImportLog.Outcome.APPLIED
    else:
        outcome = ImportLog.Outcome.CHECKED
    by = kwargs.get("by")
    mapping = kwargs.get("mapping")
    try:
        with transaction.atomic():
            ImportLog.objects.create(
                at=clock.now(),
                by=by if getattr(by, "pk", None) else None,
                swv=kwargs.get("swv") or getattr(mapping, "swv", None),
                school=kwargs.get("school"),
                kind=kind,
                source=(kwargs.get("source") or "")[:200],
                mapping=mapping,
                outcome=outcome,
                rows=report.rows if report else 0,
                created=report.created if report else 0,
                updated=report.updated if report else 0,
                unchanged=report.unchanged if report else 0,
                rejected=[{"line": r.line, "reason": r.reason} for r in (report.rejected if report else [])][
                    :1000
                ],
                message=message[:500],
            )
    except Exception:  # pragma: no cover - logging an attempt must never hide its outcome
        log.exception("could not log import attempt %s", kind)


def _decode(data: bytes, report: ImportReport, encoding: str = "") -> str:
    if encoding and encoding != "utf-8":
        return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.notes.append("Het bestand is geen UTF-8; het is gelezen als Windows-1252.")
        return data.decode("cp1252", errors="replace")


def _normalise(name: str, aliases=None) -> str:
    key = "_".join((name or "").strip().lower().replace("-", " ").split())
    return (ALIASES if aliases is None else aliases).get(key, key)


def read_rows(data: bytes, *, required: list[str], known: list[str], report: ImportReport, aliases=None):
    """(line number, {column: value}) per data row; the header is line 1."""
    text = _decode(data, report)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ValidationFailed(
            "Het bestand is leeg of heeft geen kopregel.", code="import-leeg", field="file"
        )
    header_line = lines[0]
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [_normalise(h, aliases) for h in next(reader)]
    missing = [c for c in required if c not in header]
    if missing:
        raise ValidationFailed(
            f"Kolommen ontbreken in de kopregel: {', '.join(missing)}. Verwacht: {', '.join(known)}.",
            code="import-kolommen",
            field="file",
        )
    unknown = [h for h in header if h and h not in known]
    if unknown:
        report.notes.append(f"Genegeerde kolommen: {', '.join(unknown)}.")
    rows = []
    limits = _column_limits()
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise ValidationFailed(
                    f"Meer dan {MAX_ROWS} regels; splits het bestand.", code="import-te-groot"
                )
            row = {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header)}
            problem = _cell_problem(row, known, limits)
            if problem:
                report.rows += 1
                report.rejected.append(Rejection(reader.line_num, problem, _safe_label(row)))
                continue
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise ValidationFailed(
            f"Regel {reader.line_num} is geen geldige CSV ({exc}); controleer het bestand.",
            code="import-onleesbaar",
            field="file",
        ) from exc
    report.rows += len(rows)
    return rows


MAX_CELL = 200  # characters in any column without a column of its own in the database (codes, names)
CONTROL_CHARACTERS = {chr(c) for c in range(32)} - {"\t"}


def _column_limits() -> dict[str, int]:
    """The longest text each column may hold: the size of the database column it is written to."""
    return {
        "naam": School._meta.get_field("name").max_length,
        "bestuur": Bestuur._meta.get_field("name").max_length,
        "voornaam": Leerling._meta.get_field("voornaam").max_length,
        "achternaam": Leerling._meta.get_field("achternaam").max_length,
    }


def _cell_problem(row: dict, known: list[str], limits: dict[str, int]) -> str:
    """Why a row cannot be read as text (a NUL or other control character, a value too long), or ""."""
    for column in known:
        value = row.get(column, "")
        if any(char in CONTROL_CHARACTERS for char in value):
            return f"ongeldig teken (een nul- of stuurteken) in kolom '{column}'"
        limit = limits.get(column, MAX_CELL)
        if len(value) > limit:
            return f"kolom '{column}' is te lang ({len(value)} tekens; hoogstens {limit})"
    return ""


def _safe_label(row: dict) -> str:
    name = row.get("naam") or f"{row.get('voornaam', '')} {row.get('achternaam', '')}"
    return "".join(char for char in name if char not in CONTROL_CHARACTERS).strip()[:60]


def _check_manager(by, swv) -> None:
    scope = policies.scope_of(by)
    if not (scope.is_superuser or scope.is_system or swv.pk in policies.admin_swvs(by)):
        raise NotPermitted("Alleen een beheerder van dit samenwerkingsverband kan importeren.")


def _gemeente_lookup(swv) -> dict[str, Gemeente]:
    lookup = {}
    for g in Gemeente.objects.filter(swvs=swv):
        code = g.code.upper()
        lookup[code] = g
        digits = "".join(ch for ch in code if ch.isdigit())
        if digits:
            lookup[digits.zfill(4)] = g
            lookup[f"GM{digits.zfill(4)}"] = g
        lookup[g.name.strip().lower()] = g
    return lookup


def _find_gemeente(lookup, value: str):
    value = value.strip()
    if not value:
        return None
    digits = value.upper().removeprefix("GM")
    return (
        lookup.get(value.upper())
        or lookup.get(value.lower())
        or (lookup.get(digits.zfill(4)) if digits.isdigit() else None)
    )


def _brin(value: str) -> tuple[str, str] | None:
    value = value.strip().upper().replace(" ", "")
    if len(value) == 4:
        value += "00"
    if len(value) != 6 or not value[:4].isalnum() or not value[4:].isdigit():
        return None
    return value[:4], value[4:]


def _date(value: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _apply(instance, values: dict, *, by, reason: str, report: ImportReport) -> None:
    if instance.pk is None:
        for k, v in values.items():
            setattr(instance, k, v)
        save_with_history(instance, by=by, reason=reason)
        report.created += 1
        return
    changed = {k: v for k, v in values.items() if getattr(instance, k) != v}
    if not changed:
        report.unchanged += 1
        return
    for k, v in changed.items():
        setattr(instance, k, v)
    save_with_history(instance, by=by, reason=f"{reason}: {', '.join(sorted(changed))} bijgewerkt")
    report.updated += 1


# --- schools --------------------------------------------------------------------------------------


@logged_attempt(ImportLog.Kind.SCHOLEN)
def import_schools(*, swv, data: bytes, by, dry_run: bool = False, source: str = "") -> ImportReport:
    _check_manager(by, swv)
    report = ImportReport(kind="scholen")
    rows = read_rows(
        data, required=["brin", "naam", "soort", "bestuur", "gemeente"], known=SCHOOL_COLUMNS, report=report
    )
    gemeenten = _gemeente_lookup(swv)
    existing = {(s.brin, s.vestiging): s for s in School.objects.all()}
    seen: dict[tuple[str, str], int] = {}
    planned = []
    for line, row in rows:
        label = row.get("naam") or row.get("brin", "")
        missing = [c for c in ("brin", "naam", "soort", "bestuur", "gemeente") if not row.get(c)]
        if missing:
            report.rejected.append(Rejection(line, f"verplicht veld leeg: {', '.join(missing)}", label))
            continue
        brin_value = row["brin"].strip()
        if row.get("vestiging") and len(brin_value) == 4:
            brin_value += row["vestiging"].zfill(2)
        key = _brin(brin_value)
        if key is None:
            report.rejected.append(
                Rejection(line, f"ongeldige BRIN '{row['brin']}' (4 tekens, vestiging 2 cijfers)", label)
            )
            continue
        if key in seen:
            report.rejected.append(
                Rejection(line, f"dubbel: BRIN {''.join(key)} staat ook op regel {seen[key]}", label)
            )
            continue
        seen[key] = line
        soort = row["soort"].strip().lower()
        if soort not in School.Soort.values:
            report.rejected.append(
                Rejection(line, f"onbekende soort '{row['soort']}' (regulier, sbo, so, vso of pro)", label)
            )
            continue
        cluster = None
        if row.get("cluster"):
            if row["cluster"] not in ("3", "4") or soort not in ("so", "vso"):
                report.rejected.append(Rejection(line, "cluster is 3 of 4, alleen bij so of vso", label))
                continue
            cluster = int(row["cluster"])
        gemeente = _find_gemeente(gemeenten, row["gemeente"])
        if gemeente is None:
            report.rejected.append(
                Rejection(
                    line, f"onbekende gemeente '{row['gemeente']}' (niet van dit samenwerkingsverband)", label
                )
            )
            continue
        school = existing.get(key)
        if school is not None and school.swv_id != swv.pk:
            report.rejected.append(
                Rejection(line, f"BRIN {''.join(key)} hoort bij een ander samenwerkingsverband", label)
            )
            continue
        planned.append((key, row, soort, cluster, gemeente, school))
    if report.rejected or dry_run:
        return report
    reason = f"import scholen{f' ({source})' if source else ''}"
    with transaction.atomic():
        besturen = {b.name.lower(): b for b in Bestuur.objects.filter(swv=swv)}
        for (brin, vestiging), row, soort, cluster, gemeente, school in planned:
            bestuur = besturen.get(row["bestuur"].lower())
            if bestuur is None:
                bestuur = save_with_history(Bestuur(name=row["bestuur"], swv=swv), by=by, reason=reason)
                besturen[bestuur.name.lower()] = bestuur
            _apply(
                school or School(brin=brin, vestiging=vestiging, swv=swv),
                {
                    "name": row["naam"],
                    "soort": soort,
                    "cluster": cluster,
                    "bestuur": bestuur,
                    "gemeente": gemeente,
                },
                by=by,
                reason=reason,
                report=report,
            )
    report.applied = True
    return report


# --- pupils ---------------------------------------------------------------------------------------

ACHTERNAAM_MAX = Leerling._meta.get_field("achternaam").max_length
PUPIL_REQUIRED = ["voornaam", "achternaam", "geboortedatum", "woongemeente"]
GROEP_MAX = {"po": 8, "vo": 6}  # groep 1-8 in PO, leerjaar 1-6 in VO


def check_pupil_importer(by, swv, school=None) -> None:
    """A beheerder imports pupils for every school of the SWV; a school only its own pupils."""
    if school is not None and school.swv_id != swv.pk:
        raise NotPermitted("Deze school hoort niet bij dit samenwerkingsverband.")
    if not policies.may_import_pupils(by, swv, school):
        raise NotPermitted(
            "Alleen een beheerder van dit samenwerkingsverband of de school zelf kan deze leerlingen "
            "importeren."
        )


@logged_attempt(ImportLog.Kind.LEERLINGEN)
def import_leerlingen(
    *, swv, data: bytes, by, dry_run: bool = False, source: str = "", school=None
) -> ImportReport:
    """The fixed columns of PUPIL_COLUMNS. With `school`, that school's own pupils (the brin column may be
    left out: the school is the stamschool)."""
    check_pupil_importer(by, swv, school)
    report = ImportReport(kind="leerlingen")
    rows = read_rows(
        data,
        required=PUPIL_REQUIRED + ([] if school else ["brin"]),
        known=PUPIL_COLUMNS,
        report=report,
    )
    planned = plan_pupils(swv=swv, rows=rows, report=report, school=school)
    if report.rejected or dry_run:
        return report
    write_pupils(swv=swv, planned=planned, by=by, reason=_reason("import leerlingen", source), report=report)
    return report


def _reason(what: str, source: str) -> str:
    return f"{what}{f' ({source})' if source else ''}"


def _groep(value: str, sector: str) -> int | None:
    """'8', 'groep 8', '8B' or 'leerjaar 3' -> the number; None when it holds none in the sector's range."""
    digits = re.search(r"\d+", value)
    if digits is None:
        return None
    number = int(digits.group())
    return number if 1 <= number <= GROEP_MAX.get(sector, 8) else None


def plan_pupils(*, swv, rows, report: ImportReport, school=None, default_gemeente=None) -> list:
    """Check every row (line, {field: value}) against the SWV's data; rejections go into the report with
    their line and reason. Returns (existing pupil or None, values) per accepted row.

    With `school` (a school importing its own pupils) the stamschool is that school: another BRIN is
    refused, and so is a pupil the SWV has at another school. `default_gemeente` is the woongemeente of a
    new pupil whose row has none (an EDEXML file carries no address)."""
    gemeenten = _gemeente_lookup(swv)
    scholen = {(s.brin, s.vestiging): s for s in School.objects.filter(swv=swv)}
    by_bsn = {p.bsn: p for p in Leerling.objects.filter(swv=swv).exclude(bsn="")}
    by_onderwijsnummer = {
        p.onderwijsnummer: p for p in Leerling.objects.filter(swv=swv).exclude(onderwijsnummer="")
    }
    seen: dict[str, int] = {}
    today = clock.today()
    planned = []
    for line, row in rows:
        label = f"{row.get('voornaam', '')} {row.get('achternaam', '')}".strip()
        required = ["voornaam", "achternaam", "geboortedatum"]
        missing = [c for c in required if not row.get(c)]
        if not row.get("brin") and school is None:
            missing.append("brin")
        if not row.get("bsn") and not row.get("onderwijsnummer"):
            missing.append("bsn of onderwijsnummer")
        if missing:
            report.rejected.append(Rejection(line, f"verplicht veld leeg: {', '.join(missing)}", label))
            continue
        bsn = row.get("bsn", "").replace(" ", "").replace(".", "")
        if len(bsn) == 8:
            bsn = "0" + bsn
        onderwijsnummer = row.get("onderwijsnummer", "").replace(" ", "")
        if bsn and not is_valid_bsn(bsn):
            report.rejected.append(Rejection(line, "ongeldig BSN (voldoet niet aan de elfproef)", label))
            continue
        if onderwijsnummer and not is_valid_onderwijsnummer(onderwijsnummer):
            report.rejected.append(Rejection(line, "ongeldig onderwijsnummer", label))
            continue
        keys = [k for k in (bsn and f"bsn:{bsn}", onderwijsnummer and f"onr:{onderwijsnummer}") if k]
        earlier = next((seen[k] for k in keys if k in seen), None)
        if earlier is not None:
            report.rejected.append(
                Rejection(line, f"dubbel: dezelfde leerling staat ook op regel {earlier}", label)
            )
            continue
        for k in keys:
            seen[k] = line
        geboortedatum = _date(row["geboortedatum"])
        if geboortedatum is None:
            report.rejected.append(
                Rejection(
                    line,
                    f"ongeldige geboortedatum '{row['geboortedatum']}' (jjjj-mm-dd of dd-mm-jjjj)",
                    label,
                )
            )
            continue
        if not (today.replace(year=today.year - 25) <= geboortedatum <= today):
            report.rejected.append(
                Rejection(line, f"onwaarschijnlijke geboortedatum {geboortedatum:%d-%m-%Y}", label)
            )
            continue
        leerling = (by_bsn.get(bsn) if bsn else None) or (
            by_onderwijsnummer.get(onderwijsnummer) if onderwijsnummer else None
        )
        gemeente = None
        if row.get("woongemeente"):
            gemeente = _find_gemeente(gemeenten, row["woongemeente"])
            if gemeente is None:
                report.rejected.append(
                    Rejection(
                        line,
                        f"onbekende woongemeente '{row['woongemeente']}' (niet van dit samenwerkingsverband)",
                        label,
                    )
                )
                continue
        elif leerling is None and default_gemeente is None:
            report.rejected.append(Rejection(line, "verplicht veld leeg: woongemeente", label))
            continue
        if school is not None and row.get("brin") and _brin(row["brin"]) != (school.brin, school.vestiging):
            report.rejected.append(
                Rejection(
                    line,
                    f"BRIN '{row['brin']}' is niet uw school; importeer alleen uw eigen leerlingen",
                    label,
                )
            )
            continue
        brin = _brin(row["brin"]) if row.get("brin") else (school.brin, school.vestiging)
        stamschool = scholen.get(brin) if brin else None
        if stamschool is None:
            report.rejected.append(
                Rejection(
                    line, f"onbekende BRIN '{row['brin']}' (geen school van dit samenwerkingsverband)", label
                )
            )
            continue
        plaatsing = None
        if row.get("plaatsing_brin"):
            pb = _brin(row["plaatsing_brin"])
            plaatsing = scholen.get(pb) if pb else None
            if plaatsing is None:
                report.rejected.append(
                    Rejection(line, f"onbekende plaatsing-BRIN '{row['plaatsing_brin']}'", label)
                )
                continue
            if school is not None and plaatsing != school:
                report.rejected.append(
                    Rejection(line, "een school legt alleen een plaatsing op de eigen school vast", label)
                )
                continue
        groep = None
        if row.get("groep"):
            groep = _groep(row["groep"], swv.sector)
            if groep is None:
                report.rejected.append(
                    Rejection(
                        line,
                        f"ongeldige groep of leerjaar '{row['groep']}' "
                        f"(1 tot en met {GROEP_MAX.get(swv.sector, 8)})",
                        label,
                    )
                )
                continue
        other = by_onderwijsnummer.get(onderwijsnummer) if onderwijsnummer else None
        if leerling is not None and other is not None and other.pk != leerling.pk:
            # one pupil per number in the SWV: this onderwijsnummer is another pupil's than the BSN's
            report.rejected.append(
                Rejection(line, "het onderwijsnummer hoort bij een andere leerling dan het BSN", label)
            )
            continue
        if (
            school is not None
            and leerling is not None
            and school.pk not in (leerling.stamschool_id, leerling.huidige_plaatsing_id)
        ):
            report.rejected.append(
                Rejection(
                    line,
                    "deze leerling staat in het samenwerkingsverband bij een andere school; "
                    "vraag de beheerder de inschrijving te wijzigen",
                    label,
                )
            )
            continue
        achternaam = row["achternaam"]
        if row.get("tussenvoegsel"):
            achternaam = f"{row['tussenvoegsel']} {achternaam}"
        if len(achternaam) > ACHTERNAAM_MAX:
            report.rejected.append(
                Rejection(
                    line, f"achternaam met tussenvoegsel is te lang (hoogstens {ACHTERNAAM_MAX})", label
                )
            )
            continue
        values = {
            "voornaam": row["voornaam"],
            "achternaam": achternaam,
            "geboortedatum": geboortedatum,
            "stamschool": stamschool,
        }
        if gemeente is not None or leerling is None:
            values["woongemeente"] = gemeente or default_gemeente
        if bsn:
            values["bsn"] = bsn
        if onderwijsnummer:
            values["onderwijsnummer"] = onderwijsnummer
        if plaatsing is not None:
            values["huidige_plaatsing"] = plaatsing
        if groep is not None:
            values["groep"] = groep
        planned.append((leerling, values))
    return planned


def write_pupils(*, swv, planned: list, by, reason: str, report: ImportReport) -> None:
    """Write the rows `plan_pupils` accepted, all in one transaction, each with a history line."""
    with transaction.atomic():
        for leerling, values in planned:
            _apply(leerling or Leerling(swv=swv), values, by=by, reason=reason, report=report)
    report.applied = True


# --- the national school register (DUO school list) -----------------------------------------------

REGISTER_COLUMNS = [
    "brin",
    "vestiging",
    "naam",
    "soort_onderwijs",
    "gemeente",
    "swv_code",
    "cluster",
    "bestuur",
]
REGISTER_ALIASES = {
    "instellingscode": "brin",
    "brinnummer": "brin",
    "vestigingscode": "vestiging",
    "vestigingsnummer": "vestiging",
    "vestigingsnaam": "naam",
    "instellingsnaam": "naam",
    "soort": "soort_onderwijs",
    "onderwijssoort": "soort_onderwijs",
    "soort_po": "soort_onderwijs",
    "gemeentenaam": "gemeente",
    "gemeentenummer": "gemeente",
    "swv": "swv_code",
    "samenwerkingsverband": "swv_code",
    "code_samenwerkingsverband": "swv_code",
    "swv_code_po": "swv_code",
    "swv_code_vo": "swv_code",
    "bevoegd_gezag": "bestuur",
    "bevoegd_gezag_naam": "bestuur",
}
# DUO's kinds of education (and our own codes) -> School.Soort
DUO_SOORT = {
    "bao": "regulier",
    "bo": "regulier",
    "basisonderwijs": "regulier",
    "vo": "regulier",
    "vwo": "regulier",
    "havo": "regulier",
    "vmbo": "regulier",
    "regulier": "regulier",
    "sbao": "sbo",
    "sbo": "sbo",
    "speciaal basisonderwijs": "sbo",
    "so": "so",
    "speciaal onderwijs": "so",
    "vso": "vso",
    "voortgezet speciaal onderwijs": "vso",
    "pro": "pro",
    "praktijkonderwijs": "pro",
}
UNKNOWN_BESTUUR = "Bevoegd gezag onbekend (scholenregister)"


def _swv_sector(code: str) -> str | None:
    head = code.strip().upper()[:2]
    return {"PO": "po", "VO": "vo"}.get(head)


@logged_attempt(ImportLog.Kind.REGISTER)
def import_register(*, data: bytes, by, dry_run: bool = False, source: str = "") -> ImportReport:
    """The national school register from DUO's school list: every vestiging with its soort, gemeente and
    SWV, so a TLV can place a pupil at a school of the right type anywhere. National beheer only; all or
    nothing. A school already in the register under another SWV is refused (moving a school between
    SWVs moves its pupils' dossiers: that is not an import)."""
    scope = policies.scope_of(by)
    if not (scope.is_superuser or scope.is_system):
        raise NotPermitted("Alleen het landelijk beheer importeert het scholenregister.")
    report = ImportReport(kind="scholenregister")
    rows = read_rows(
        data,
        required=["brin", "naam", "soort_onderwijs", "swv_code"],
        known=REGISTER_COLUMNS,
        report=report,
        aliases={**ALIASES, **REGISTER_ALIASES},
    )
    swvs = {s.code.upper(): s for s in Swv.objects.all()}
    gemeenten = {}
    for g in Gemeente.objects.all():
        gemeenten[g.code.upper()] = g
        digits = "".join(ch for ch in g.code if ch.isdigit())
        if digits:
            gemeenten[digits.zfill(4)] = g
        gemeenten[g.name.strip().lower()] = g
    existing = {(s.brin, s.vestiging): s for s in School.objects.all()}
    seen: dict[tuple[str, str], int] = {}
    planned = []
    for line, row in rows:
        label = row.get("naam") or row.get("brin", "")
        missing = [c for c in ("brin", "naam", "soort_onderwijs", "swv_code") if not row.get(c)]
        if missing:
            report.rejected.append(Rejection(line, f"verplicht veld leeg: {', '.join(missing)}", label))
            continue
        brin_value = row["brin"].strip()
        if row.get("vestiging") and len(brin_value) == 4:
            brin_value += row["vestiging"].strip().zfill(2)
        key = _brin(brin_value)
        if key is None:
            report.rejected.append(Rejection(line, f"ongeldige BRIN '{row['brin']}' met vestiging", label))
            continue
        if key in seen:
            report.rejected.append(
                Rejection(line, f"dubbel: BRIN {''.join(key)} staat ook op regel {seen[key]}", label)
            )
            continue
        seen[key] = line
        soort = DUO_SOORT.get(row["soort_onderwijs"].strip().lower())
        if soort is None:
            report.rejected.append(
                Rejection(
                    line,
                    f"onbekende soort onderwijs '{row['soort_onderwijs']}' (BAO, SBAO, SO, VSO, VO of PRO)",
                    label,
                )
            )
            continue
        cluster = None
        if row.get("cluster"):
            if row["cluster"].strip() not in ("1", "2", "3", "4") or soort not in ("so", "vso"):
                report.rejected.append(
                    Rejection(line, "cluster is 1 tot en met 4, alleen bij SO of VSO", label)
                )
                continue
            cluster = int(row["cluster"])
        code = " ".join(row["swv_code"].split())
        sector = _swv_sector(code)
        if sector is None:
            report.rejected.append(
                Rejection(line, f"ongeldige SWV-code '{row['swv_code']}' (bijv. PO 22-02 of VO 31-02)", label)
            )
            continue
        school_sector = {"sbo": "po", "so": "po", "vso": "vo", "pro": "vo"}.get(soort)
        if school_sector and school_sector != sector:
            report.rejected.append(
                Rejection(
                    line,
                    f"een {soort.upper()}-school hoort bij een {school_sector.upper()}-SWV, niet {code}",
                    label,
                )
            )
            continue
        gemeente = None
        if row.get("gemeente"):
            value = row["gemeente"].strip()
            digits = value.upper().removeprefix("GM")
            gemeente = (
                gemeenten.get(value.upper())
                or gemeenten.get(value.lower())
                or (gemeenten.get(digits.zfill(4)) if digits.isdigit() else None)
            )
            if gemeente is None:
                report.rejected.append(Rejection(line, f"onbekende gemeente '{value}'", label))
                continue
        school = existing.get(key)
        swv = swvs.get(code.upper())
        if school is not None and (swv is None or school.swv_id != swv.pk):
            report.rejected.append(
                Rejection(
                    line,
                    f"BRIN {''.join(key)} staat in het register bij {school.swv.code}, niet bij {code}",
                    label,
                )
            )
            continue
        planned.append((key, row, soort, cluster, gemeente, school, code, sector))
    if report.rejected or dry_run:
        return report
    reason = f"import scholenregister{f' ({source})' if source else ''}"
    with transaction.atomic():
        besturen: dict[tuple[int, str], Bestuur] = {}
        for (brin, vestiging), row, soort, cluster, gemeente, school, code, sector in planned:
            swv = swvs.get(code.upper())
            if swv is None:  # an SWV not (yet) on this platform: in the register for its schools only
                swv = save_with_history(
                    Swv(name=f"Samenwerkingsverband {code}", code=code, sector=sector), by=by, reason=reason
                )
                swvs[code.upper()] = swv
                report.notes.append(
                    f"Samenwerkingsverband {code} aangemaakt (alleen in het scholenregister)."
                )
            name = (row.get("bestuur") or UNKNOWN_BESTUUR).strip()
            bestuur = besturen.get((swv.pk, name.lower()))
            if bestuur is None:
                bestuur = Bestuur.objects.filter(swv=swv, name__iexact=name).first() or save_with_history(
                    Bestuur(name=name, swv=swv), by=by, reason=reason
                )
                besturen[(swv.pk, name.lower())] = bestuur
            values = {"name": row["naam"], "soort": soort, "cluster": cluster, "gemeente": gemeente}
            if school is None:
                values["bestuur"] = bestuur
            _apply(
                school or School(brin=brin, vestiging=vestiging, swv=swv),
                values,
                by=by,
                reason=reason,
                report=report,
            )
    report.applied = True
    return report
