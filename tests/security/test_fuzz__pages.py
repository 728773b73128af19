"""Fuzz: hostile input anywhere answers a 4xx or a form error, never a 5xx.

Walks every page URL of config.urls (the Django admin's list pages included), with ids from a small seeded
dataset, as a few roles. Each page is read once to learn the query parameters its GET forms declare; those
and the well-known ones (q, page, peildatum, ...) are then sent with hostile values: a NUL byte, very long
text, 0001-01-01 and 9999-12-31, huge and negative numbers, unicode. Every POST form found on the pages is
sent back with one field at a time made hostile. Every input form of the registries (tasks, case actions,
case creation: workflows/registry.py, actions.py, creation.py) is validated with hostile values and, when
it accepts them, its service runs (rolled back): only a domain refusal may come out.

A 5xx answer fails the test with the request that caused it. Requests run with raise_request_exception off,
so a crash shows as the 500 the user would see.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django import forms
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cases import clock
from cases.errors import DomainError
from cases.models import Beroep, Document, WorkItem
from cases.roles import Role
from cases.services import vernietiging
from notifications.models import Notification
from tests import loket_steps, overstap_steps, schakel_steps, screening_steps, thuiszitter_steps, tlv_steps
from tests.factories import give_consent, make_user, make_world
from workflows import actions, creation, registry

HOSTILE_QUERY = [
    "\x00",
    "x" * 5000,
    "0001-01-01",
    "9999-12-31",
    "-1",
    "99999999999999999999",
    "\U0001f600\u202e'\"<>",
]
HOSTILE_ONE_PARAM = ["0001-01-01", "9999-12-31", "99999999999999999999"]
KNOWN_PARAMS = [
    "q",
    "page",
    "peildatum",
    "van",
    "tot",
    "status",
    "route",
    "school",
    "swv",
    "user",
    "cursor",
    "sort",
    "format",
    "export",
    "periode",
    "jaar",
    "kwartaal",
    "schooljaar",
    "due_before",
    "opened_after",
    "opened_before",
]
HOSTILE_BY_KIND = {
    "date": ["0001-01-01", "9999-12-31", "1999-12-31"],
    "text": ["x" * 20000, '\U0001f600=HYPERLINK("x")\u202e'],
    "number": ["-1", "99999999999999999999"],
    "choice": ["99999999999999999999"],
}
SKIP_URL_NAMES = {"logout", "demo_clock_move", "set_language", "schema", "docs", "healthz", "not-found"}
SKIP_POST_ACTIONS = {"/uitloggen/", "/i18n/setlang/", "/demo/klok/"}
KIND_BY_PREFIX = {
    "casussen": "tlv_case",
    "documenten": "document",
    "taken": "workitem",
    "bezwaren": "bezwaar",
    "thuiszitters": "thuiszitter_case",
    "aanmeldingen": "zorgplicht_case",
    "leerlingen": "leerling",
    "berichten": "notification",
    "audit/casussen": "tlv_case",
    "audit/leerlingen": "leerling",
    "screenings": "screening_case",
    "schakeltrajecten": "schakel_case",
    "archief/vernietiging": "vernietigingslijst",
    "loket": "loket_case",
    "loket/vragen": "adviesvraag",
    "api/v1/loket": "loket_case",
    "api/v1/loket/vragen": "adviesvraag",
    "api/v1/pupils": "leerling",
    "api/v1/cases": "tlv_case",
    "api/v1/documents": "document",
    "api/v1/tasks": "workitem",
    "api/v1/destruction-lists": "vernietigingslijst",
}
# pages under leerlingen/ whose id is an ouder or a consent, not a pupil
KIND_BY_NAME = {
    "ouder_edit": "ouder",
    "ouder_remove": "ouder",
    "ouder_link": "ouder",
    "consent_withdraw": "consent",
}


# --- the page URLs -----------------------------------------------------------------------------------


def _routes(resolver=None, prefix=""):
    """(name, route) of every named URL pattern, the admin's excluded (its list pages come from its
    registry below)."""
    out = []
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin":
                continue
            out += _routes(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and p.name and p.name not in SKIP_URL_NAMES:
            route = prefix + str(p.pattern)
            if route.startswith("^") or "(?P" in route:
                continue
            out.append((p.name, route))
    return out


def _kind(route: str) -> str | None:
    for prefix in sorted(KIND_BY_PREFIX, key=len, reverse=True):
        if route.startswith(prefix + "/"):
            return KIND_BY_PREFIX[prefix]
    return None


def _page_urls(data) -> list[str]:
    urls = []
    for name, route in _routes():
        url = "/" + route
        if "<" in route:
            kind = KIND_BY_NAME.get(name) or _kind(route)
            obj = data.objects.get(kind)
            if obj is None:
                continue
            url = url.replace("<int:pk>", str(obj.pk)).replace(
                "<int:beroep_pk>", str(data.objects["beroep"].pk)
            )
            if "<" in url:
                continue
        urls.append(url)
    for model in admin.site._registry:
        urls.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    return urls


# --- forms in the HTML ---------------------------------------------------------------------------------


class _Forms(HTMLParser):
    """Every <form> of a page: method, action and its fields (name, kind, value, options)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "method": (a.get("method") or "get").lower(),
                "action": a.get("action"),
                "fields": {},
            }
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                if kind == "submit" and a.get("value") is not None:
                    self._form["fields"].setdefault(a["name"], ("submit", a.get("value"), []))
                return
            if kind in ("checkbox", "radio") and "checked" not in a and a["name"] in self._form["fields"]:
                return
            self._form["fields"][a["name"]] = (_field_kind(kind), a.get("value") or "", [])
        elif tag == "textarea":
            self._form["fields"][a["name"]] = ("text", "", [])
        elif tag == "select":
            self._select = a["name"]
            self._form["fields"][a["name"]] = ("choice", "", [])
        elif tag == "option" and self._select:
            kind, value, options = self._form["fields"][self._select]
            option = a.get("value", "")
            options.append(option)
            if "selected" in a or (not value and option):
                value = option
            self._form["fields"][self._select] = (kind, value, options)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _field_kind(input_type: str) -> str:
    return {
        "date": "date",
        "number": "number",
        "hidden": "hidden",
        "checkbox": "flag",
        "radio": "choice",
    }.get(input_type, "text")


def _forms_of(response) -> list[dict]:
    if "text/html" not in response.get("Content-Type", ""):
        return []
    parser = _Forms()
    parser.feed(response.content.decode("utf-8", errors="replace"))
    return parser.forms


# --- the dataset -----------------------------------------------------------------------------------------


def _build():
    w = make_world()
    a_ingediend = tlv_steps.ingediend(w)
    tlv_steps.deskundigenadvies(w)
    tlv_steps.besluit_open(w)
    a = tlv_steps.bekendgemaakt(w)
    bezwaar = tlv_steps.bezwaar_ontvangen(w, a)
    beroep = Beroep.objects.create(
        bezwaar=bezwaar, ingesteld_op=clock.today(), rechtbank="Rb", by=w.consulent
    )
    m = thuiszitter_steps.gemeld(w)
    thuiszitter_steps.met_overleg(w, leerling=w.leerling_b, by=w.school_b_user)
    screening = screening_steps.aangemeld(w)
    traject = schakel_steps.met_overleg(w, soort="po_vso", huidige_school=w.school_a)
    loket_a = loket_steps.in_behandeling(w)
    from cases.services import loket

    adviesvraag = loket.adviesvraag_create(
        by=w.school_user, school=w.school_a, soort="advies", vraag="Hoe begeleiden we een stille leerling?"
    )
    from cases.services import zorgplicht

    aanmelding = zorgplicht.aanmelding_create(
        by=w.school_user, leerling=w.leerling_a, school=w.school_a, aangemeld_op=clock.today()
    )
    privacy = make_user(role=Role.PRIVACY_OFFICER, swv=w.swv)
    lijst = vernietiging.lijst_propose(
        swv=w.swv, by=privacy, today=clock.today() + dt.timedelta(days=365 * 30)
    )
    notification = Notification.objects.filter(user=w.consulent).first()
    handover = overstap_steps.two_swvs()  # a PO SWV hands a pupil over to a VO SWV
    overstap = overstap_steps.ontvangen(handover)
    return SimpleNamespace(
        world=w,
        users={
            "consulent": w.consulent,
            "school": w.school_user,
            "leerplicht": w.leerplicht,
            "beheerder": w.beheerder,
            "auditor": w.auditor,
            "privacy": privacy,
            "beslisser": w.beslisser,
            "deskundige": w.deskundige1,
            "cva": w.cva,
            "screeningsteam": w.screeningsteam,
            "vo_consulent": handover.vo.consulent,
        },
        objects={
            "tlv_case": a.case,
            "document": Document.objects.filter(case=a.case).first(),
            "workitem": WorkItem.objects.filter(case=a_ingediend.case, status="open").first(),
            "bezwaar": bezwaar,
            "beroep": beroep,
            "thuiszitter_case": m.case,
            "zorgplicht_case": aanmelding.case,
            "leerling": w.leerling_a,
            "notification": notification,
            "screening_case": screening.case,
            "schakel_case": traject.case,
            "overstap_case": overstap.ontvangst_case,
            "loket_case": loket_a.case,
            "adviesvraag": adviesvraag,
            "ouder": w.leerling_a.ouders.order_by("pk").first(),
            "consent": give_consent(w.leerling_a, "casusoverleg"),
            "vernietigingslijst": lijst,
        },
    )


@pytest.fixture(scope="module")
def data(module_db):
    with module_db():
        yield _build()


@pytest.fixture
def web():
    return Client(raise_request_exception=False)


def _rolled_back(call):
    """Run `call` in a savepoint that is always rolled back (a POST may change state)."""
    with transaction.atomic():
        result = call()
        transaction.set_rollback(True)
    return result


def _short(value) -> str:
    text = repr(value)
    return text if len(text) < 60 else text[:57] + "..."


# --- GET: every page's query parameters --------------------------------------------------------------


# who reads which pages: the consulent (staff of the SWV) every page, the auditor and the privacy officer
# their audit pages, the beheerder the Django admin's lists and the import
READERS = {
    "consulent": lambda url: not url.startswith(("/beheer/", "/audit/")),
    "auditor": lambda url: url.startswith("/audit/"),
    "privacy": lambda url: url.startswith(("/audit/", "/archief/")),
    "beheerder": lambda url: url.startswith(("/beheer/", "/importeren/")),
}


def test_every_page_answers_hostile_query_parameters_without_a_5xx(web, db, data):
    failures, pages = [], 0
    for role, reads in READERS.items():
        web.force_login(data.users[role])
        for url in filter(reads, _page_urls(data)):
            first = web.get(url)
            if first.status_code >= 500:
                failures.append(f"{role} GET {url} -> {first.status_code}")
                continue
            if first.status_code != 200:
                continue
            pages += 1
            declared = {
                name
                for f in _forms_of(first)
                if f["method"] == "get"
                for name, (kind, _v, _o) in f["fields"].items()
                if kind != "submit"
            }
            params = sorted(declared | set(KNOWN_PARAMS))
            for value in HOSTILE_QUERY:
                r = web.get(url, {p: value for p in params})
                if r.status_code >= 500:
                    failures.append(f"{role} GET {url} all params={_short(value)} -> {r.status_code}")
            if url.startswith("/beheer/"):
                continue  # the admin's search box is q, sent above; its filters are links, not a form
            for param in sorted(declared):
                for value in HOSTILE_ONE_PARAM:
                    r = web.get(url, {param: value})
                    if r.status_code >= 500:
                        failures.append(f"{role} GET {url}?{param}={_short(value)} -> {r.status_code}")
    assert pages > 40, pages
    assert failures == []


# --- POST: every form on the pages ----------------------------------------------------------------------


def _page_post_forms(web, data):
    """(role, action url, fields) of every POST form on the pages, once per (role, action)."""
    found, seen = [], set()
    pages = [u for u in _page_urls(data) if not u.startswith(("/beheer/", "/audit/", "/api/"))]
    tasks = {f"/taken/{item.pk}/": item for item in WorkItem.objects.filter(pk__in=list(_open_items(data)))}
    for role in (
        "consulent",
        "school",
        "leerplicht",
        "beslisser",
        "deskundige",
        "screeningsteam",
        "beheerder",
    ):
        user = data.users[role]
        web.force_login(user)
        mine = [u for u, item in tasks.items() if _may_do(user, item)]
        for url in ["/importeren/"] if role == "beheerder" else pages + mine:
            r = web.get(url)
            if r.status_code != 200:
                continue
            for form in _forms_of(r):
                action = form["action"] or url
                path = urlsplit(action).path or url
                if form["method"] != "post" or path in SKIP_POST_ACTIONS or (role, path) in seen:
                    continue
                seen.add((role, path))
                found.append((role, path, form["fields"]))
    return found


def _open_items(data):
    return WorkItem.objects.filter(case__swv=data.world.swv, status="open").values_list("pk", flat=True)


def _baseline(fields: dict) -> dict:
    today = clock.today().isoformat()
    out = {}
    for name, (kind, value, options) in fields.items():
        if kind == "submit":
            out[name] = value
        elif kind == "date":
            out[name] = value or today
        elif kind == "choice":
            out[name] = value or next((o for o in options if o), "")
        elif kind == "number":
            out[name] = value or "1"
        elif kind == "flag":
            out[name] = value or "on"
        else:
            out[name] = value or "Een toelichting"
    return out


def test_every_post_form_on_the_pages_answers_hostile_fields_without_a_5xx(web, db, data):
    failures, posts = [], 0
    forms_found = _page_post_forms(web, data)
    for role, path, fields in forms_found:
        web.force_login(data.users[role])
        base = _baseline(fields)
        for name, (kind, _value, _options) in fields.items():
            if kind in ("submit", "flag") or name == "csrfmiddlewaretoken":
                continue
            for value in HOSTILE_BY_KIND.get(kind, HOSTILE_BY_KIND["text"]):
                body = {**base, name: value}
                r = _rolled_back(lambda body=body, path=path: web.post(path, body))
                posts += 1
                if r.status_code >= 500:
                    failures.append(f"{role} POST {path} {name}={_short(value)} -> {r.status_code}")
    assert len(forms_found) > 15, [p for _r, p, _f in forms_found]
    assert failures == []


# --- the registries: every task, action and creation form and its service ---------------------------------


def _form_values(form: forms.Form) -> dict:
    """A plausible value per field: the first choice, today, a number, a text."""
    out = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue
        if isinstance(field, forms.ModelChoiceField):
            first = field.queryset.first()
            out[name] = str(first.pk) if first is not None else ""
        elif isinstance(field, forms.ChoiceField):
            out[name] = next((str(c) for c, _label in field.choices if c not in ("", None)), "")
        elif isinstance(field, forms.DateField):
            out[name] = clock.today().isoformat()
        elif isinstance(field, forms.BooleanField):
            out[name] = "on"
        elif isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
            out[name] = str(field.min_value or 1)
        else:
            out[name] = "Een toelichting"
    return out


def _hostile_for(field) -> list[str]:
    if isinstance(field, forms.DateField):
        return HOSTILE_BY_KIND["date"]
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return HOSTILE_BY_KIND["number"]
    if isinstance(field, forms.ChoiceField):
        return HOSTILE_BY_KIND["choice"]
    if isinstance(field, forms.BooleanField):
        return []
    return HOSTILE_BY_KIND["text"]


def _variants(make):
    """(field, value, bound form) per hostile value of each field, the other fields plausible."""
    blank = make(None)
    base = _form_values(blank)
    yield None, None, make(base)
    for name, field in blank.fields.items():
        for value in _hostile_for(field):
            yield name, value, make({**base, name: value})


def _try(failures, label, form, perform):
    try:
        valid = form.is_valid()
    except Exception as exc:  # noqa: BLE001 - the test reports any crash with its input
        failures.append(f"{label}: form raised {type(exc).__name__}: {exc}")
        return
    if not valid:
        return
    try:
        _rolled_back(lambda: perform(form.cleaned_data))
    except DomainError:
        pass
    except Exception as exc:  # noqa: BLE001
        failures.append(f"{label}: service raised {type(exc).__name__}: {str(exc)[:120]}")


def test_every_task_form_and_its_service_refuse_hostile_input_cleanly(db, data):
    failures, covered = [], set()
    items = {}
    for item in WorkItem.objects.filter(pk__in=list(_open_items(data))).select_related("case"):
        spec = registry.spec_for(item)
        if spec is not None:
            items.setdefault(spec.name, item)
    users = list(data.users.values())
    for spec in registry.all_specs():
        item = items.get(spec.name)
        if item is None:  # no open task of this kind in the dataset: the form alone, where it needs no task
            try:
                spec.form(None)
            except TypeError:
                continue
            for name, value, form in _variants(lambda d, spec=spec: spec.form(d)):
                _try(failures, f"{spec.name} {name}={_short(value)}", form, lambda d: None)
            continue
        covered.add(spec.name)
        user = item.assignee or next((u for u in users if _may_do(u, item)), data.users["consulent"])
        for name, value, form in _variants(lambda d, item=item: registry.make_form(item, d)):
            _try(
                failures,
                f"{spec.name} {name}={_short(value)}",
                form,
                lambda d, item=item, user=user: registry.complete(item=item, by=user, data=d),
            )
    assert len(covered) >= 6, covered
    assert failures == []


def _may_do(user, item) -> bool:
    from cases import policies

    return policies.can_see_workitem(user, item)


ACTION_ACTORS = {
    "tlv": "consulent",
    "thuiszitter": "leerplicht",
    "zorgplicht": "school",
    "screening": "screeningsteam",
    "schakel": "consulent",
    "overstap": "vo_consulent",  # the receiving SWV's consulent links the follow-up
    "loket": "consulent",  # reopens a closed arrangement
}
CASE_BY_ROUTE = {
    "tlv": "tlv_case",
    "thuiszitter": "thuiszitter_case",
    "zorgplicht": "zorgplicht_case",
    "screening": "screening_case",
    "schakel": "schakel_case",
    "overstap": "overstap_case",  # the receiving case of a received handover
    "loket": "loket_case",
}


def test_every_case_action_form_and_its_service_refuse_hostile_input_cleanly(db, data):
    failures = []
    for spec in actions.ACTIONS.values():
        case = data.objects[CASE_BY_ROUTE[spec.route]]
        user = data.users[ACTION_ACTORS[spec.route]]
        for name, value, form in _variants(lambda d, spec=spec, case=case: actions.make_form(spec, case, d)):
            _try(
                failures,
                f"{spec.name} {name}={_short(value)}",
                form,
                lambda d, spec=spec, case=case, user=user: actions.perform(
                    name=spec.name, case=case, by=user, data=d
                ),
            )
    assert failures == []


CREATORS = {
    "tlv": "school",
    "thuiszitter": "school",
    "zorgplicht": "school",
    "screening": "school",
    "schakel": "consulent",
    "loket": "school",
    "overstap": "school",  # the PO school opens the handover
}


def test_every_creation_form_and_its_service_refuse_hostile_input_cleanly(db, data):
    failures = []
    for route in creation.CREATION:
        user = data.users[CREATORS[route]]
        for name, value, form in _variants(
            lambda d, route=route, user=user: creation.make_form(route, user, d)
        ):
            _try(
                failures,
                f"{route} {name}={_short(value)}",
                form,
                lambda d, route=route, user=user: creation.create(route=route, by=user, data=d),
            )
    assert failures == []


def test_the_fuzzer_sees_the_pages_it_should(db, data):
    """Guards the walk itself: the list pages named in the findings are among the URLs."""
    urls = set(_page_urls(data))
    for url in ("/casussen/", "/leerlingen/", "/taken/", "/termijnen/", "/tlv-register/", "/thuiszitters/"):
        assert url in urls
    w = data.world
    ouder, consent = data.objects["ouder"], data.objects["consent"]
    for url in (
        reverse("ouder_new", args=[w.leerling_a.pk]),
        reverse("ouder_edit", args=[ouder.pk]),
        reverse("consent_list", args=[w.leerling_a.pk]),
        reverse("consent_withdraw", args=[consent.pk]),
    ):
        assert url in urls
    assert any(u.startswith("/beheer/") for u in urls)
