"""The loket section of an SWV's profile (cases/profiles.py): which request kinds it offers, and the criteria
it decides LWOO and PrO on where it runs its own procedure; and the assessment of a request's test results
against those criteria, one line per criterion (passes or fails, and why).

In the profile file:

    loket:
      aanvraagsoorten: {ab: true, ia: false, lwoo: true}   # the SWV's request kinds on or off
      lwoo:                                                 # empty: the SWV does not decide LWOO itself
        instrumenten: [Cito LVS, IEP, DIA]                  # the allowed test instruments (Staatscourant)
        dle_min: 30                                         # a domain counts when its DLE lies in this range
        dle_max: 45                                         #   (1.5 to 3 years behind at the end of groep 8)
        min_domeinen: 2                                     # at least this many domains ...
        een_van: [begrijpend_lezen, inzichtelijk_rekenen]   # ... one of which is one of these
        iq_min: null                                        # an IQ range (null: no IQ criterion)
        iq_max: null
      pro: null
"""

from __future__ import annotations

from django.utils.translation import gettext as _

DOMEINEN = ["technisch_lezen", "begrijpend_lezen", "spellen", "inzichtelijk_rekenen"]
CRITERIA_KEYS = ["instrumenten", "dle_min", "dle_max", "min_domeinen", "een_van", "iq_min", "iq_max"]
SECTION_KEYS = ["aanvraagsoorten", "lwoo", "pro"]


def _domain_label(code: str) -> str:
    from cases.models.loket import Toetsdomein

    return str(dict(Toetsdomein.choices).get(code, code))


# --- the profile section ----------------------------------------------------------------------------------


def data_of(swv) -> dict:
    from cases.models.loket import AanvraagType, LoketRegels

    regels = LoketRegels.objects.filter(swv=swv).first()
    return {
        "aanvraagsoorten": {t.code: t.actief for t in AanvraagType.objects.filter(swv=swv).order_by("code")},
        "lwoo": regels.lwoo if regels else None,
        "pro": regels.pro if regels else None,
    }


def parse(err, d, swv) -> dict:
    """Validate the `loket` section (errors go to `err`, as the other sections); missing = as it is now."""
    from cases.models.loket import AanvraagType

    current = data_of(swv)
    if d is None:
        return current
    if not isinstance(d, dict):
        err.add(("loket",), _("het onderdeel loket is een lijst van sleutels (aanvraagsoorten, lwoo, pro)"))
        return current
    for key in d:
        if key not in SECTION_KEYS:
            err.add(
                ("loket", key),
                _("onbekende sleutel; toegestaan: %(keys)s") % {"keys": ", ".join(SECTION_KEYS)},
            )
    out = dict(current)
    soorten = d.get("aanvraagsoorten", current["aanvraagsoorten"])
    if not isinstance(soorten, dict):
        err.add(("loket", "aanvraagsoorten"), _("per code van een soort aanvraag: true of false"))
    else:
        known = set(AanvraagType.objects.filter(swv=swv).values_list("code", flat=True))
        for code, on in soorten.items():
            if code not in known:
                err.add(("loket", "aanvraagsoorten", code), _("onbekende soort aanvraag"))
            elif not isinstance(on, bool):
                err.add(("loket", "aanvraagsoorten", code), _("true of false"))
        out["aanvraagsoorten"] = {**current["aanvraagsoorten"], **soorten}
    for kind in ("lwoo", "pro"):
        if kind in d:
            out[kind] = _parse_criteria(err, d[kind], ("loket", kind))
    return out


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _parse_criteria(err, c, path):
    if c is None:
        return None
    if not isinstance(c, dict):
        err.add(path, _("de criteria zijn sleutels (%(keys)s) of null") % {"keys": ", ".join(CRITERIA_KEYS)})
        return None
    for key in c:
        if key not in CRITERIA_KEYS:
            err.add((*path, key), _("onbekende sleutel"))
    inst = c.get("instrumenten")
    if not isinstance(inst, list) or not inst or not all(isinstance(i, str) and i.strip() for i in inst):
        err.add((*path, "instrumenten"), _("noem de toegestane toetsinstrumenten"))
        inst = []
    for key in ("dle_min", "dle_max", "min_domeinen"):
        if not _is_int(c.get(key)) or c.get(key) < 0:
            err.add((*path, key), _("een geheel getal (0 of meer)"))
    if _is_int(c.get("dle_min")) and _is_int(c.get("dle_max")) and c["dle_min"] > c["dle_max"]:
        err.add((*path, "dle_max"), _("dle_max is kleiner dan dle_min"))
    if _is_int(c.get("min_domeinen")) and c["min_domeinen"] > len(DOMEINEN):
        err.add((*path, "min_domeinen"), _("er zijn maar %(n)s domeinen") % {"n": len(DOMEINEN)})
    een_van = c.get("een_van") or []
    if not isinstance(een_van, list) or any(x not in DOMEINEN for x in een_van):
        err.add((*path, "een_van"), _("domeinen uit: %(d)s") % {"d": ", ".join(DOMEINEN)})
        een_van = []
    for key in ("iq_min", "iq_max"):
        if c.get(key) is not None and not _is_int(c.get(key)):
            err.add((*path, key), _("een geheel getal of null"))
    return {
        "instrumenten": [i.strip() for i in inst],
        "dle_min": c.get("dle_min"),
        "dle_max": c.get("dle_max"),
        "min_domeinen": c.get("min_domeinen"),
        "een_van": list(een_van),
        "iq_min": c.get("iq_min"),
        "iq_max": c.get("iq_max"),
    }


def apply(swv, data: dict, *, by, reason: str) -> None:
    """Write the validated section: the request kinds' flags and the criteria row (with history)."""
    from cases.models.loket import AanvraagType, LoketRegels
    from cases.services.common import save_with_history

    for t in AanvraagType.objects.filter(swv=swv, code__in=list(data["aanvraagsoorten"])):
        on = data["aanvraagsoorten"][t.code]
        if t.actief != on:
            t.actief = on
            save_with_history(t, by=by, reason=reason)
    regels = LoketRegels.objects.filter(swv=swv).first() or LoketRegels(swv=swv)
    if regels.pk is None and data["lwoo"] is None and data["pro"] is None:
        return
    if regels.lwoo != data["lwoo"] or regels.pro != data["pro"] or regels.pk is None:
        regels.lwoo, regels.pro = data["lwoo"], data["pro"]
        save_with_history(regels, by=by, reason=reason)


def criteria_for(swv, soort: str) -> dict | None:
    """The SWV's criteria for `soort` ("lwoo" / "pro") in force now; None when it does not decide it."""
    from cases import profiles

    v = profiles.latest_version(swv)
    data = (v.data.get("loket") if v is not None else None) or data_of(swv)
    return data.get(soort)


# --- the assessment -------------------------------------------------------------------------------------


def assess(criteria: dict, *, uitslagen: list[dict], iq: int | None) -> list[dict]:
    """One line per criterion: {"criterium", "voldaan", "uitleg"}. `uitslagen` are {"domein", "instrument",
    "dle"}; a result of an instrument that is not allowed does not count."""
    allowed = {i.lower() for i in criteria["instrumenten"]}
    lines = []
    wrong = [u for u in uitslagen if u["instrument"].strip().lower() not in allowed]
    lines.append(
        {
            "criterium": _("Toetsuitslagen van toegestane instrumenten (%(list)s)")
            % {"list": ", ".join(criteria["instrumenten"])},
            "voldaan": bool(uitslagen) and not wrong,
            "uitleg": _("geen toetsuitslagen")
            if not uitslagen
            else (
                _("niet toegestaan en niet meegeteld: %(list)s")
                % {"list": ", ".join(f"{u['instrument']} ({_domain_label(u['domein'])})" for u in wrong)}
                if wrong
                else _("alle %(n)s uitslagen") % {"n": len(uitslagen)}
            ),
        }
    )
    lo, hi = criteria["dle_min"], criteria["dle_max"]
    counted = sorted(
        {u["domein"] for u in uitslagen if u not in wrong and lo <= u["dle"] <= hi}, key=DOMEINEN.index
    )
    n = criteria["min_domeinen"]
    lines.append(
        {
            "criterium": _("Leerachterstand (DLE %(lo)s tot en met %(hi)s) op minstens %(n)s domeinen")
            % {"lo": lo, "hi": hi, "n": n},
            "voldaan": len(counted) >= n,
            "uitleg": _("op %(n)s: %(list)s")
            % {"n": len(counted), "list": ", ".join(map(_domain_label, counted))}
            if counted
            else _("op geen enkel domein"),
        }
    )
    if criteria["een_van"]:
        hits = [d for d in counted if d in criteria["een_van"]]
        lines.append(
            {
                "criterium": _("Waarvan minstens één: %(list)s")
                % {"list": ", ".join(map(_domain_label, criteria["een_van"]))},
                "voldaan": bool(hits),
                "uitleg": ", ".join(map(_domain_label, hits)) if hits else _("geen van deze domeinen"),
            }
        )
    if criteria["iq_min"] is not None or criteria["iq_max"] is not None:
        iq_lo = criteria["iq_min"] if criteria["iq_min"] is not None else 0
        iq_hi = criteria["iq_max"] if criteria["iq_max"] is not None else 999
        lines.append(
            {
                "criterium": _("IQ tussen %(lo)s en %(hi)s") % {"lo": iq_lo, "hi": iq_hi},
                "voldaan": iq is not None and iq_lo <= iq <= iq_hi,
                "uitleg": _("geen IQ opgegeven") if iq is None else _("IQ %(iq)s") % {"iq": iq},
            }
        )
    return lines


def passes(lines: list[dict]) -> bool:
    return bool(lines) and all(line["voldaan"] for line in lines)
