"""Pickers that scale: choose a pupil or a school by typing, never from a dropdown of hundreds of names.

`search(queryset, text, user=...)` narrows the queryset a form already offers (the pupils of
cases.policies.pickable_leerlingen, the schools of the creation form), so the search endpoint and the form's
own validation use the same list. Each option carries enough to tell two "Bram Bos" apart: date of birth,
school and the masked BSN. `PickerWidget` renders a plain search field with a result list of radio buttons
(works without JavaScript: the "Zoeken" button reloads the form with GET); static/js/picker.js turns it into
an ARIA combobox that asks the JSON endpoint as the user types.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from cases import person_numbers, policies
from cases.models import Leerling, School
from cases.selectors import DATE_FORMATS

LIMIT = 20
MAX_QUERY = 100
BSN_DIGITS_MIN = 3  # "last digits": 3 or more digits of a BSN or onderwijsnummer


def _date(term: str) -> dt.date | None:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(term, fmt).date()
        except ValueError:
            continue
    return None


def search(queryset: QuerySet, text: str, *, user) -> tuple[QuerySet, str]:
    """(matches, message): every word of `text` must match. For pupils a word is part of the name or the
    school, a date of birth, or the last digits of the BSN/onderwijsnummer (only for roles that may search
    by BSN; otherwise the message says so). For schools: part of the name, BRIN or gemeente."""
    text = (text or "").strip()[:MAX_QUERY]
    message = ""
    if not text:
        return queryset.none(), message
    is_pupil = queryset.model is Leerling
    for term in text.split():
        compact = re.sub(r"[.\s]", "", term)
        day = _date(term)
        if is_pupil and day is not None:
            queryset = queryset.filter(geboortedatum=day)
        elif is_pupil and compact.isdigit() and len(compact) >= BSN_DIGITS_MIN:
            if not policies.may_search_bsn(user):
                message = str(policies.BSN_SEARCH_REFUSED)
                return queryset.none(), message
            queryset = queryset.filter(Q(bsn__endswith=compact) | Q(onderwijsnummer__endswith=compact))
        elif is_pupil:
            queryset = queryset.filter(
                Q(voornaam__icontains=term)
                | Q(achternaam__icontains=term)
                | Q(stamschool__name__icontains=term)
                | Q(huidige_plaatsing__name__icontains=term)
            )
        else:
            queryset = queryset.filter(
                Q(name__icontains=term) | Q(brin__icontains=term) | Q(gemeente__name__icontains=term)
            )
    return queryset, message


def option(obj) -> dict:
    """One option as the picker shows it (the same in the JSON answer and in the list without JS)."""
    if isinstance(obj, Leerling):
        school = obj.stamschool or obj.huidige_plaatsing
        number = person_numbers.mask(obj.bsn) or person_numbers.mask(obj.onderwijsnummer)
        parts = [
            _("geboren %(date)s") % {"date": obj.geboortedatum.strftime("%d-%m-%Y")},
            school.name if school else _("geen school"),
        ]
        if number:
            parts.append((_("BSN %(nr)s") if obj.bsn else _("onderwijsnummer %(nr)s")) % {"nr": number})
        return {"id": obj.pk, "label": str(obj), "detail": " · ".join(parts)}
    if isinstance(obj, School):
        detail = " · ".join(
            p for p in (obj.get_soort_display(), obj.gemeente.name if obj.gemeente else "") if p
        )
        return {"id": obj.pk, "label": obj.name, "detail": f"{obj.brin}{obj.vestiging} · {detail}"}
    return {"id": obj.pk, "label": str(obj), "detail": ""}


def results(queryset: QuerySet, text: str, *, user) -> dict:
    """The JSON answer of the search endpoint: at most LIMIT options and whether there were more."""
    matches, message = search(queryset, text, user=user)
    if queryset.model is Leerling:
        matches = matches.select_related("stamschool", "huidige_plaatsing")
    else:
        matches = matches.select_related("gemeente")
    rows = list(matches[: LIMIT + 1])
    if len(rows) > LIMIT:
        message = _("Meer dan %(n)s resultaten: typ verder om te verfijnen.") % {"n": LIMIT}
    elif not rows and text.strip() and not message:
        message = _("Niets gevonden.")
    return {"results": [option(r) for r in rows[:LIMIT]], "more": len(rows) > LIMIT, "message": message}


def is_picker_field(field) -> bool:
    return isinstance(field, forms.ModelChoiceField) and getattr(field.queryset, "model", None) in (
        Leerling,
        School,
    )


class PickerWidget(forms.Widget):
    """A search field plus the result list as radio buttons; the chosen pk is posted under the field's
    own name. The form field's queryset still validates the chosen id."""

    template_name = "includes/picker.html"

    def __init__(self, *, queryset, user, search_url: str, query: str = "", new_url: str = "", attrs=None):
        super().__init__(attrs)
        self.queryset = queryset
        self.user = user
        self.search_url = search_url
        self.query = (query or "")[:MAX_QUERY]
        self.new_url = new_url

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        widget_id = attrs.get("id") or f"id_{name}"
        selected = None
        pk = str(value if value is not None else "")
        if pk.isascii() and pk.isdigit() and 0 < int(pk) < 2**31:  # a posted or linked id, never trusted
            selected = self.queryset.filter(pk=int(pk)).first()
        found = results(self.queryset, self.query, user=self.user) if self.query else None
        options = [option(selected)] if selected is not None else []
        if found:
            options += [o for o in found["results"] if selected is None or o["id"] != selected.pk]
        return render_to_string(
            self.template_name,
            {
                "name": name,
                "id": widget_id,
                "query": self.query,
                "options": options,
                "selected": selected.pk if selected is not None else None,
                "message": found["message"] if found else "",
                "search_url": self.search_url,
                "new_url": self.new_url,
                "is_pupil": self.queryset.model is Leerling,
                "required": attrs.get("required", False),
            },
        )


def enhance(form: forms.Form, *, route: str, user, query: dict | None = None) -> forms.Form:
    """Give every pupil and school field of a case creation form the search picker."""
    query = query or {}
    for name, field in form.fields.items():
        if not is_picker_field(field):
            continue
        new_url = ""
        if field.queryset.model is Leerling and policies.leerling_create_schools(user).exists():
            new_url = f"{reverse('leerling_new')}?route={route}"
        field.widget = PickerWidget(
            queryset=field.queryset,
            user=user,
            search_url=reverse("picker_search", args=[route, name]),
            query=str(query.get(f"{name}_zoek", "")),
            new_url=new_url,
            attrs={"required": field.required},
        )
    return form
