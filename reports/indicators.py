"""Indicators an SWV reports on besides the quarterly figures, each with its definition.

- deelnamepercentage: the share of the SWV's pupils in SBO, SO, VSO and praktijkonderwijs on DUO's peildatum
  (1 October), from the counts the SWV imports or enters (reports.Leerlingtelling);
- thuiszitters per school: the thuiszitters on a peildatum (as the thuiszitter count defines them) per
  stamschool; nieuwkomers and verhuisleerlingen without a stamschool under "zonder stamschool";
- vrijstellingen per grondslag, pupils with a symbiose agreement and satisfaction scores: the school year's
  figures the SWV records itself (reports.Kengetal), with their source.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.errors import ValidationFailed
from cases.models import Case, Swv
from reports.models import Kengetal, Leerlingtelling
from reports.selectors import thuiszitters_in

DEELNAME_DEFINITIE = gettext_lazy(
    "Deelnamepercentage: het aandeel van de leerlingen van het samenwerkingsverband dat op de peildatum van "
    "DUO (1 oktober) in SBO, SO, VSO of praktijkonderwijs zit, uit de leerlingtelling die het "
    "samenwerkingsverband invoert of importeert."
)
THUISZITTERS_DEFINITIE = gettext_lazy(
    "Thuiszitters per school: de thuiszitters op de peildatum, zoals de thuiszittertelling ze telt, per "
    "stamschool."
)
KINDS = (
    ("sbo", gettext_lazy("SBO")),
    ("so", gettext_lazy("SO")),
    ("vso", gettext_lazy("VSO")),
    ("pro", gettext_lazy("Praktijkonderwijs")),
)


@dataclass
class Share:
    kind: str
    label: str
    n: int
    percentage: float | None


@dataclass
class Deelname:
    peildatum: dt.date | None
    totaal: int | None
    shares: list[Share]


def deelname(*, swv_id: int, peildatum: dt.date) -> Deelname:
    """The shares from the latest count on or before the peildatum (none recorded: empty)."""
    telling = (
        Leerlingtelling.objects.filter(swv_id=swv_id, peildatum__lte=peildatum).order_by("-peildatum").first()
    )
    if telling is None:
        return Deelname(None, None, [])
    shares = [
        Share(
            kind,
            str(label),
            getattr(telling, kind),
            round(100 * getattr(telling, kind) / telling.totaal, 2) if telling.totaal else None,
        )
        for kind, label in KINDS
    ]
    return Deelname(telling.peildatum, telling.totaal, shares)


def thuiszitters_per_school(*, swv_id: int, peildatum: dt.date) -> list[tuple[str, int]]:
    rows = (
        thuiszitters_in(Case.objects.filter(swv_id=swv_id), peildatum=peildatum)
        .values("melding__stamschool__name")
        .annotate(n=Count("pk"))
        .order_by("melding__stamschool__name")
    )
    return [(r["melding__stamschool__name"] or _("zonder stamschool"), r["n"]) for r in rows]


# --- the DUO count as CSV ------------------------------------------------------------------------------

CSV_COLUMNS = ("swv", "peildatum", "totaal", "sbo", "so", "vso", "pro")


def import_counts(text: str, *, allowed_swvs=None) -> int:
    """Import pupil counts from CSV (columns swv code, peildatum as yyyy-mm-dd or dd-mm-yyyy, totaal, sbo, so,
    vso, pro; ';' or ','), all or nothing: one bad line refuses the file, naming its line and the reason.
    A count for an SWV and peildatum that exists is replaced. Returns the number of lines imported."""
    sample = text[:2000]
    dialect = csv.Sniffer().sniff(sample, delimiters=";,") if sample.strip() else csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise ValidationFailed(
            _("Kolommen ontbreken: %(cols)s.") % {"cols": ", ".join(missing)}, field="file"
        )
    rows, errors = [], []
    codes = {s.code.lower(): s for s in Swv.objects.all()}
    for number, raw in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        swv = codes.get(row["swv"].lower())
        if swv is None or (allowed_swvs is not None and swv.pk not in allowed_swvs):
            errors.append(
                _("regel %(n)s: onbekend samenwerkingsverband %(code)s") % {"n": number, "code": row["swv"]}
            )
            continue
        peildatum = _date(row["peildatum"])
        if peildatum is None:
            errors.append(
                _("regel %(n)s: geen geldige peildatum %(value)s") % {"n": number, "value": row["peildatum"]}
            )
            continue
        try:
            counts = {k: int(row[k] or 0) for k in ("totaal", "sbo", "so", "vso", "pro")}
        except ValueError:
            errors.append(_("regel %(n)s: aantallen zijn hele getallen") % {"n": number})
            continue
        if min(counts.values()) < 0 or counts["totaal"] < sum(v for k, v in counts.items() if k != "totaal"):
            errors.append(_("regel %(n)s: het totaal is kleiner dan de deelaantallen samen") % {"n": number})
            continue
        rows.append((swv, peildatum, counts))
    if errors:
        raise ValidationFailed("; ".join(errors), field="file")
    with transaction.atomic():
        for swv, peildatum, counts in rows:
            Leerlingtelling.objects.update_or_create(swv=swv, peildatum=peildatum, defaults=counts)
    return len(rows)


def _date(value: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            day = dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        return day if 2000 <= day.year <= 2100 else None
    return None


KENGETAL_DEFINITIES = {
    Kengetal.Soort.VRIJSTELLING: gettext_lazy(
        "Vrijstellingen van de leerplicht: het aantal vrijstellingen per grondslag van de Leerplichtwet 1969 "
        "bij de leerlingen van het samenwerkingsverband in het schooljaar, uit de cijfers van de leerplicht "
        "die het samenwerkingsverband invoert (art. 5 onder a alleen na overleg met het "
        "samenwerkingsverband)."
    ),
    Kengetal.Soort.SYMBIOSE: gettext_lazy(
        "Symbiose: het aantal leerlingen met een symbioseovereenkomst in het schooljaar (een deel van de "
        "onderwijstijd op een school van een andere soort), zoals het samenwerkingsverband ze invoert."
    ),
    Kengetal.Soort.TEVREDENHEID: gettext_lazy(
        "Tevredenheid: het gemiddelde rapportcijfer (1–10) per groep respondenten uit het eigen "
        "tevredenheidsonderzoek van het samenwerkingsverband, met het aantal respondenten."
    ),
}


@dataclass
class KengetalRij:
    categorie: str
    label: str
    waarde: float | None
    respondenten: int | None
    bron: str


@dataclass
class KengetalBlok:
    soort: str
    label: str
    definitie: str
    rijen: list[KengetalRij]
    totaal: float | None  # the sum of the counts (not for scores); None when nothing was recorded


def kengetallen(*, swv_id: int, schooljaar: int) -> list[KengetalBlok]:
    """Per kind, every category with the figure recorded for the school year (or none)."""
    rows = {(k.soort, k.categorie): k for k in Kengetal.objects.filter(swv_id=swv_id, schooljaar=schooljaar)}
    out = []
    for soort, label in Kengetal.Soort.choices:
        rijen = []
        for code, cat_label in Kengetal.CATEGORIEEN[soort]:
            k = rows.get((soort, code))
            rijen.append(
                KengetalRij(
                    code,
                    str(cat_label),
                    None if k is None else float(k.waarde),
                    None if k is None else k.respondenten,
                    "" if k is None else k.bron,
                )
            )
        recorded = [r.waarde for r in rijen if r.waarde is not None]
        totaal = sum(recorded) if recorded and soort != Kengetal.Soort.TEVREDENHEID else None
        out.append(KengetalBlok(soort, str(label), str(KENGETAL_DEFINITIES[soort]), rijen, totaal))
    return out
