"""Pupils from the schools' own systems, besides the fixed CSV of cases/services/imports.py:

- a **CSV export with a saved column mapping** (`ImportMapping`: per source system, the delimiter, the
  character set and which header holds which pupil field). A mapped header missing from the file, or a
  header in the file that the mapping neither maps nor skips, refuses the file (line 1, with the header).
- the **EDEXML pupil file** (Edustandaard's EDEXML 2.x, which school administration systems export for
  OSO and the leerlingvolgsystemen). Read: the school's `brincode` + `dependancecode`, and per
  `leerling`: `bsn` or `onderwijsnummer` (also `burgerservicenummer`/`sofinummer`), `achternaam`,
  `voorvoegsel`, `roepnaam` (else `voornamen`), `geboortedatum`, `jaargroep` (the leerling's own, else
  that of the `groep` it refers to by key), and `woongemeente`/`gemeentecode` where present. Everything
  else is ignored. A DTD or entity declaration refuses the file; nothing is fetched or expanded.

Both go through the same row checks as the fixed CSV (`imports.plan_pupils`): all or nothing, every
rejected row with its line and reason, a BSN failing the elfproef refused, the attempt logged. A school
imports only its own pupils; a beheerder for every school of the SWV.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from xml.parsers import expat

from django.db import transaction
from django.utils.translation import gettext as _

from cases import policies
from cases.errors import NotPermitted, ValidationFailed
from cases.models import ImportLog, ImportMapping, PupilField
from cases.models.imports import PupilFileFormat
from cases.services.common import save_with_history
from cases.services.imports import (
    CONTROL_CHARACTERS,
    MAX_ROWS,
    ImportReport,
    Rejection,
    _cell_problem,
    _column_limits,
    _decode,
    _reason,
    check_pupil_importer,
    import_leerlingen,
    logged_attempt,
    plan_pupils,
    write_pupils,
)

MAX_HEADER = 100  # characters of one column header in a mapping

# the fields a mapping must fill; one of bsn/onderwijsnummer too. `brin` only when a beheerder imports
# for the whole SWV: a school's own import has its school as the stamschool.
MAPPING_REQUIRED = [PupilField.VOORNAAM, PupilField.ACHTERNAAM, PupilField.GEBOORTEDATUM]


# --- the mappings ------------------------------------------------------------------------------------


def _clean_header(value) -> str:
    return " ".join(str(value or "").split())


def _header_key(value: str) -> str:
    return _clean_header(value).casefold()


def mapping_problems(*, columns: dict, ignored: list) -> list[str]:
    """Why a mapping cannot be saved (unknown fields, a header used twice, required fields unmapped)."""
    problems = []
    unknown = [k for k in columns if k not in PupilField.values]
    if unknown:
        problems.append(_("Onbekende leerlingvelden: %(velden)s.") % {"velden": ", ".join(sorted(unknown))})
    headers = [_clean_header(v) for v in columns.values() if _clean_header(v)]
    if any(len(h) > MAX_HEADER or any(c in CONTROL_CHARACTERS for c in h) for h in [*headers, *ignored]):
        problems.append(_("Een kolomkop is te lang of bevat een stuurteken."))
    keys = [_header_key(h) for h in headers]
    double = sorted({h for h in keys if keys.count(h) > 1})
    if double:
        problems.append(
            _("Een kolomkop is aan twee velden gekoppeld: %(koppen)s.") % {"koppen": ", ".join(double)}
        )
    skipped = {_header_key(h) for h in ignored}
    both = sorted(skipped & set(keys))
    if both:
        problems.append(
            _("Een kolom is gekoppeld én staat bij de over te slaan kolommen: %(koppen)s.")
            % {"koppen": ", ".join(both)}
        )
    filled = {k for k, v in columns.items() if _clean_header(v)}
    missing = [str(PupilField(f).label) for f in MAPPING_REQUIRED if f not in filled]
    if missing:
        problems.append(_("Koppel ook: %(velden)s.") % {"velden": ", ".join(missing)})
    if not filled & {PupilField.BSN, PupilField.ONDERWIJSNUMMER}:
        problems.append(_("Koppel een kolom met het BSN of het onderwijsnummer."))
    return problems


def mapping_save(
    *,
    by,
    swv,
    school=None,
    name: str,
    delimiter: str,
    encoding: str,
    columns: dict,
    ignored: list,
    active: bool = True,
    mapping: ImportMapping | None = None,
    reason: str = "",
) -> ImportMapping:
    """Create or change a mapping (with history). A school saves its own; the beheerder the SWV's and any
    school's of the SWV. The owner of an existing mapping does not change."""
    if mapping is not None:
        swv, school = mapping.swv, mapping.school
    if school is not None and school.swv_id != swv.pk:
        raise NotPermitted(_("Deze school hoort niet bij dit samenwerkingsverband."))
    if not policies.may_manage_import_mapping(by, swv=swv, school=school):
        raise NotPermitted(
            _("U kunt alleen de koppelingen van uw eigen school of samenwerkingsverband beheren.")
        )
    columns = {k: _clean_header(v) for k, v in (columns or {}).items() if _clean_header(v)}
    ignored = [_clean_header(h) for h in (ignored or []) if _clean_header(h)]
    problems = mapping_problems(columns=columns, ignored=ignored)
    name = _clean_header(name)
    if not name:
        problems.insert(0, _("Geef het bronsysteem een naam."))
    if problems:
        raise ValidationFailed(" ".join(problems), code="koppeling-ongeldig")
    with transaction.atomic():
        if mapping is not None:
            mapping = ImportMapping.objects.select_for_update().get(pk=mapping.pk)
        same_name = ImportMapping.objects.filter(swv=swv, school=school, name__iexact=name)
        if mapping is not None:
            same_name = same_name.exclude(pk=mapping.pk)
        if same_name.exists():
            raise ValidationFailed(_("Er is al een koppeling met deze naam."), code="koppeling-naam-bestaat")
        mapping = mapping or ImportMapping(swv=swv, school=school)
        mapping.name = name
        mapping.delimiter = delimiter
        mapping.encoding = encoding
        mapping.columns = columns
        mapping.ignored = ignored
        mapping.active = active
        new = mapping.pk is None
        save_with_history(
            mapping, by=by, reason=reason or (_("koppeling aangemaakt") if new else _("koppeling gewijzigd"))
        )
    return mapping


# --- a CSV export read through a mapping ------------------------------------------------------------


def _delimiter(mapping: ImportMapping, first_line: str) -> str:
    if mapping.delimiter == "tab":
        return "\t"
    if mapping.delimiter in (";", ","):
        return mapping.delimiter
    return ";" if first_line.count(";") >= first_line.count(",") else ","


def read_mapped_rows(data: bytes, *, mapping: ImportMapping, report: ImportReport, school=None) -> list:
    """(line, {pupil field: value}) per data row. Header problems are rejections on line 1."""
    text = _decode(data, report, mapping.encoding)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ValidationFailed(
            "Het bestand is leeg of heeft geen kopregel.", code="import-leeg", field="file"
        )
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(mapping, lines[0]))
    try:
        raw = [_clean_header(h).lstrip("\ufeff") for h in next(reader)]
    except csv.Error as exc:
        raise ValidationFailed(
            f"De kopregel is geen geldige CSV ({exc}).", code="import-onleesbaar", field="file"
        ) from exc
    header = [h.casefold() for h in raw]
    position = {h: i for i, h in enumerate(header) if h}
    for field_name, title in mapping.columns.items():
        if _header_key(title) not in position:
            report.rejected.append(
                Rejection(1, f"kolom '{title}' ({PupilField(field_name).label}) ontbreekt in de kopregel")
            )
    known = {_header_key(t) for t in mapping.columns.values()} | {_header_key(h) for h in mapping.ignored}
    for title in raw:
        if title and title.casefold() not in known:
            report.rejected.append(
                Rejection(
                    1,
                    f"onbekende kolom '{title}': neem hem op in de koppeling of bij de over te slaan "
                    "kolommen",
                )
            )
    if not mapping.columns.get(PupilField.BRIN) and school is None:
        report.rejected.append(
            Rejection(
                1, "de koppeling heeft geen kolom voor de school (BRIN); kies de school waarvoor u importeert"
            )
        )
    if report.rejected:
        return []
    fields = {f: position[_header_key(t)] for f, t in mapping.columns.items()}
    limits = _column_limits()
    rows = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise ValidationFailed(
                    f"Meer dan {MAX_ROWS} regels; splits het bestand.", code="import-te-groot"
                )
            row = {f: (values[i].strip() if i < len(values) else "") for f, i in fields.items()}
            if row.get("vestiging") and row.get("brin") and len(row["brin"].strip()) == 4:
                row["brin"] = row["brin"].strip() + row["vestiging"].strip().zfill(2)
            problem = _cell_problem(row, list(fields), limits)
            if not problem and len(values) > len(header):
                problem = f"meer waarden ({len(values)}) dan kolommen in de kopregel ({len(header)})"
            if problem:
                report.rows += 1
                label = f"{row.get('voornaam', '')} {row.get('achternaam', '')}"
                report.rejected.append(
                    Rejection(
                        reader.line_num,
                        problem,
                        "".join(c for c in label if c not in CONTROL_CHARACTERS)[:60],
                    )
                )
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


@logged_attempt(ImportLog.Kind.KOPPELING)
def import_leerlingen_mapped(
    *, swv, mapping: ImportMapping, data: bytes, by, school=None, dry_run: bool = False, source: str = ""
) -> ImportReport:
    """A school administration system's CSV export, read through a saved mapping; all or nothing."""
    check_pupil_importer(by, swv, school)
    if (
        mapping.swv_id != swv.pk
        or not mapping.active
        or (mapping.school_id is not None and mapping.school_id != getattr(school, "pk", None))
        or not policies.visible_import_mappings(by).filter(pk=mapping.pk).exists()
    ):
        raise ValidationFailed(
            "Deze koppeling is niet (meer) beschikbaar voor deze import.",
            code="koppeling-onbekend",
            field="koppeling",
        )
    report = ImportReport(kind="leerlingen")
    rows = read_mapped_rows(data, mapping=mapping, report=report, school=school)
    if report.rejected:
        return report
    planned = plan_pupils(swv=swv, rows=rows, report=report, school=school)
    if report.rejected or dry_run:
        return report
    write_pupils(
        swv=swv,
        planned=planned,
        by=by,
        reason=_reason(f"import leerlingen via koppeling {mapping.name}", source),
        report=report,
    )
    return report


# --- EDEXML ------------------------------------------------------------------------------------------

EDEXML_MAX_PUPILS = MAX_ROWS
BSN_TAGS = ("bsn", "burgerservicenummer", "sofinummer")


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(element, *names: str) -> str:
    for child in element:
        if _local(child.tag) in names:
            return " ".join((child.text or "").split())
    return ""


DTD_REFUSED = (
    "Het XML-bestand bevat een DTD of entiteiten; die worden niet gelezen. Exporteer het zonder DTD."
)


class _Refused(Exception):
    pass


def _parse_xml(data: bytes):
    """Parse with expat directly, refusing any DOCTYPE or entity declaration (no entity is expanded and
    nothing is fetched). Returns the root element and the line of each element's start tag."""
    builder = ET.TreeBuilder()
    lines: dict[int, int] = {}
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_args):
        raise _Refused

    def start(tag, attrs):
        lines[id(builder.start(tag, attrs))] = parser.CurrentLineNumber

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
        root = builder.close()
    except _Refused as exc:
        raise ValidationFailed(DTD_REFUSED, code="import-xml-dtd", field="file") from exc
    except (expat.ExpatError, AssertionError) as exc:
        line = getattr(exc, "lineno", 0)
        raise ValidationFailed(
            f"Het bestand is geen geldige XML (regel {line}); exporteer het opnieuw als EDEXML.",
            code="import-xml-onleesbaar",
            field="file",
        ) from exc
    return root, lines


def read_edexml(data: bytes, *, report: ImportReport) -> list:
    """(line, {pupil field: value}) per leerling element; `line` is the element's line in the file."""
    root, lines = _parse_xml(data)
    if _local(root.tag) != "edex":
        raise ValidationFailed(
            "Dit is geen EDEXML-bestand (het hoofdelement is geen EDEX).",
            code="import-geen-edexml",
            field="file",
        )
    brin = ""
    groepen: dict[str, str] = {}
    for element in root:
        name = _local(element.tag)
        if name == "school":
            code = _child_text(element, "brincode")
            vestiging = _child_text(element, "dependancecode")
            brin = f"{code}{vestiging.zfill(2) if vestiging else ''}"
        elif name == "groepen":
            for groep in element:
                if _local(groep.tag) == "groep" and groep.get("key"):
                    groepen[groep.get("key")] = _child_text(groep, "jaargroep")
    pupils = [
        el
        for section in root
        if _local(section.tag) == "leerlingen"
        for el in section
        if _local(el.tag) == "leerling"
    ]
    if not pupils:
        raise ValidationFailed("Het EDEXML-bestand bevat geen leerlingen.", code="import-leeg", field="file")
    if len(pupils) > EDEXML_MAX_PUPILS:
        raise ValidationFailed(
            f"Meer dan {EDEXML_MAX_PUPILS} leerlingen; splits het bestand.", code="import-te-groot"
        )
    limits = _column_limits()
    rows = []
    for element in pupils:
        line = lines.get(id(element), 0)
        groep = _child_text(element, "jaargroep")
        if not groep:
            ref = next((c.get("key") for c in element if _local(c.tag) == "groep" and c.get("key")), None)
            groep = groepen.get(ref, "") if ref else ""
        row = {
            "bsn": _child_text(element, *BSN_TAGS),
            "onderwijsnummer": _child_text(element, "onderwijsnummer"),
            "voornaam": _child_text(element, "roepnaam") or _child_text(element, "voornamen"),
            "tussenvoegsel": _child_text(element, "voorvoegsel"),
            "achternaam": _child_text(element, "achternaam"),
            "geboortedatum": _child_text(element, "geboortedatum"),
            "groep": groep,
            "woongemeente": _child_text(element, "woongemeente", "gemeentecode"),
            "brin": brin,
        }
        report.rows += 1
        problem = _cell_problem(row, list(row), limits)
        if problem:
            label = f"{row['voornaam']} {row['achternaam']}"
            report.rejected.append(
                Rejection(line, problem, "".join(c for c in label if c not in CONTROL_CHARACTERS)[:60])
            )
            continue
        rows.append((line, row))
    return rows


@logged_attempt(ImportLog.Kind.EDEXML)
def import_leerlingen_edexml(
    *, swv, data: bytes, by, school=None, woongemeente=None, dry_run: bool = False, source: str = ""
) -> ImportReport:
    """An EDEXML pupil file; all or nothing. `woongemeente`: the woongemeente of new pupils whose file has
    none (EDEXML carries no address); existing pupils keep theirs."""
    check_pupil_importer(by, swv, school)
    report = ImportReport(kind="leerlingen")
    rows = read_edexml(data, report=report)
    if school is not None:
        for _line, row in rows:
            row["brin"] = row["brin"] or f"{school.brin}{school.vestiging}"
    planned = plan_pupils(swv=swv, rows=rows, report=report, school=school, default_gemeente=woongemeente)
    if report.rejected or dry_run:
        return report
    write_pupils(
        swv=swv, planned=planned, by=by, reason=_reason("import leerlingen (EDEXML)", source), report=report
    )
    return report


def import_pupils(
    *, by, swv, file_format: str, upload, school=None, mapping=None, woongemeente=None, dry_run: bool
) -> ImportReport:
    """The one call the page and the API make: the service of the file's format."""
    if swv is None:
        raise ValidationFailed(
            "Kies de school of het samenwerkingsverband.", code="swv-onbekend", field="school"
        )
    common = {
        "swv": swv,
        "data": upload.read(),
        "by": by,
        "school": school,
        "dry_run": dry_run,
        "source": (upload.name or "")[:200],
    }
    if file_format == PupilFileFormat.KOPPELING:
        if mapping is None:
            raise ValidationFailed(
                "Kies de kolomkoppeling van het bronsysteem.", code="koppeling-onbekend", field="koppeling"
            )
        return import_leerlingen_mapped(mapping=mapping, **common)
    if file_format == PupilFileFormat.EDEXML:
        return import_leerlingen_edexml(woongemeente=woongemeente, **common)
    return import_leerlingen(**common)
