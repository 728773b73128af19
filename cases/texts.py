"""Texts stored as their message and parameters, rendered in the reader's language.

A timeline line or a notification is written once but read in Dutch or English. What is stored is the
Dutch source string (the gettext msgid) with its parameters, encoded as JSON:

- a date is stored as its ISO date and shown in the reader's date format (7 december 2026 / 7 December 2026);
- a lazily translated label (a choice label, a transition label) is stored as its Dutch msgid and translated
  when shown;
- a nested text is stored as a text;
- anything else (a name, a case reference, a number) is data and shown as it is.

`Text.dutch()` is the record of the moment (CaseEvent.summary, Notification.title); `render()` is what a
person reads.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from django.utils import translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop


class Text:
    """A message (its Dutch msgid, marked with gettext_noop or gettext_lazy) and its parameters."""

    def __init__(self, message, **params):
        self.message = _source(message)
        self.params = {key: _encode(value) for key, value in params.items()}

    def spec(self) -> dict:
        return {"m": self.message, "p": self.params}

    def dutch(self) -> str:
        with translation.override("nl"):
            return render(self.spec())

    def __str__(self) -> str:
        return render(self.spec())


def _source(message) -> str:
    """The Dutch msgid of a (lazy) message: the source strings are Dutch, so Dutch rendering is the msgid."""
    if isinstance(message, Promise):
        with translation.override("nl"):
            return str(message)
    return str(message)


def _encode(value):
    if isinstance(value, Text):
        return {"x": value.spec()}
    if isinstance(value, dt.datetime):
        return {"d": value.date().isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, Promise):
        return {"t": _source(value)}
    if isinstance(value, int | float):
        return value
    return str(value)


def _decode(value):
    if isinstance(value, dict):
        if "d" in value:
            return format_date(dt.date.fromisoformat(value["d"]))
        if "t" in value:
            return gettext(value["t"]) if value["t"] else ""
        if "x" in value:
            return render(value["x"])
    return value


def format_date(day: dt.date) -> str:
    """A date in the reader's language: 7 december 2026 (Dutch), 7 December 2026 (English)."""
    return date_format(day, "j F Y")


def render(spec) -> str:
    """A stored text in the active language; a plain string is shown as it is."""
    if not isinstance(spec, dict) or "m" not in spec:
        return str(spec or "")
    params = {key: _decode(value) for key, value in (spec.get("p") or {}).items()}
    message = gettext(spec["m"]) if spec["m"] else ""
    if not params:
        return message
    try:
        return message % params
    except (KeyError, TypeError, ValueError):  # a catalog entry that lost a placeholder: the Dutch line
        return spec["m"] % params


# --- lines stored as Dutch text only (a task title without a flow node, a notification's title) -------------

# The messages such a stored line is made from. A line that matches one is shown in the reader's language:
# its parameters are taken from the Dutch line and translated in turn (a term's name, a nested task title),
# a date (dd-mm-jjjj) in the reader's date format; a line that matches none is shown as it is.
STORED_LINES = (
    gettext_noop("Termijn overschreden: %(term)s"),
    gettext_noop("Nazorg na %(months)s maanden: hoe gaat het met de leerling?"),
    gettext_noop("Heroriëntatie VSO → VO: terugplaatsing of verlenging (TLV t/m %(end)s)"),
    gettext_noop("Review jonge leerling: terug naar %(school)s? (TLV t/m %(end)s)"),
    gettext_noop("TLV loopt af op %(end)s: verlenging of vervolg bepalen"),
    gettext_noop("Nieuwe taak: %(task)s (%(case)s)"),
    gettext_noop("Escalatie: %(task)s (%(case)s)"),
    gettext_noop("Taak toegewezen: %(task)s (%(case)s)"),
    gettext_noop("Termijn loopt af: %(term)s (%(case)s) uiterlijk %(due)s"),
    gettext_noop("%(letter)s (%(case)s) verzonden"),
    gettext_noop("Beslistermijn verdaagd (%(case)s)"),
    gettext_noop("Besluit TLV (%(case)s): %(status)s"),
    gettext_noop("Vooruitblik termijnen %(swv)s: %(n)s termijn(en) lopen af in de komende vier weken"),
    gettext_noop("Per week: %(weeks)s. Al verlopen: %(overdue)s. Verwachte escalaties: %(escalations)s."),
    # titles of tasks without a flow node (stored as they are)
    gettext_noop("Besluit bekendmaken"),
    gettext_noop("TLV verlopen zonder verlenging of vervolg"),
    gettext_noop("Zienswijze externe deskundige (complexe casus)"),
    gettext_noop("Voortgang na 4 weken controleren (casusoverleg)"),
    gettext_noop("Besluiten over de aanmelding (zorgplicht)"),
    gettext_noop("Herscreening zorg naar onderwijs"),
    gettext_noop("Afspraak uit %(soort)s: %(afspraak)s"),
    gettext_noop("Terugkoppeling %(soort)s van %(date)s"),
    gettext_noop("Bezwaar: ontvankelijkheid beoordelen"),
    gettext_noop("Bezwaar: hoorzitting vastleggen"),
    gettext_noop("Bezwaar: advies van de commissie vastleggen"),
    gettext_noop("Beslissing op bezwaar nemen"),
    # notification bodies
    gettext_noop("De brief staat bij de documenten van de casus."),
    gettext_noop("Het besluit op de TLV-aanvraag is genomen."),
)
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_DATE_NL = re.compile(r"^(\d{2})-(\d{2})-(\d{4})$")


@cache
def _patterns() -> tuple[tuple[re.Pattern, str], ...]:
    out = []
    for message in STORED_LINES:
        parts = _PLACEHOLDER.split(message)
        regex = ""
        for i, part in enumerate(parts):
            if i % 2 == 0:
                regex += re.escape(part)
            elif parts[i - 1].endswith("(") and parts[i + 1].startswith(")"):
                regex += f"(?P<{part}>[^()]+)"  # "(TLV-2026-0001)": the last parenthesis is the parameter's
            else:
                regex += f"(?P<{part}>.+?)"
        out.append((re.compile(f"^{regex}$", re.DOTALL), message))
    return tuple(out)


def stored_line(text: str) -> str:
    """A Dutch line stored as text, in the reader's language (see STORED_LINES)."""
    if not text or (translation.get_language() or "nl").startswith("nl"):
        return text
    return _stored_line(text, depth=0)


def _stored_line(text: str, *, depth: int) -> str:
    if depth > 2:
        return text
    for pattern, message in _patterns():
        match = pattern.match(text)
        if match:
            params = {key: _stored_param(value, depth=depth) for key, value in match.groupdict().items()}
            return gettext(message) % params
    return gettext(text)


def _stored_param(value: str, *, depth: int) -> str:
    date = _DATE_NL.match(value)
    if date:
        day, month, year = (int(part) for part in date.groups())
        try:
            return format_date(dt.date(year, month, day))
        except ValueError:
            return value
    return _stored_line(value, depth=depth + 1)
