"""Access-control proof: every role x every URL that takes an object id, on objects of the own SWV and of
another SWV. The URL list is read from config.urls, so a new URL with an id is covered (or this test fails
until it is given an object kind). Allowed means not 404; refused is 404, exactly like an id that does not
exist, so a refusal never reveals that the object exists. The oracle is cases.policies."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cases import clock, policies
from cases.models import Beroep, Document, WorkItem
from cases.roles import Role
from cases.services import leerling_import, loket, vernietiging, zorgplicht
from cases.services.overstap import overstap_of_case
from notifications.models import Notification
from tests import (
    loket_steps,
    overleg_steps,
    overstap_steps,
    schakel_steps,
    screening_steps,
    thuiszitter_steps,
    tlv_steps,
)
from tests.factories import give_consent, make_user, make_world


def _int_urls(resolver=None, prefix=""):
    """(url name, route) for every named URL with an <int:...> parameter."""
    out = []
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace:  # the Django admin: its own permission system, ids as <path:object_id>
                continue
            out += _int_urls(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and p.name and "<int:" in str(p.pattern):
            out.append((p.name, prefix + str(p.pattern)))
    return out


# object kind by the URL's first path segment
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
    "archief/casussen": "archief_case",
    "casustafels": "overleg",
    "overstappen": "overstap_case",
    "importeren/koppelingen": "import_mapping",
    # the parent's own view: no staff role reaches it (tests/parents/test_portal__leaks.py proves it per URL)
    "ouders": "portal",
}
URLS = _int_urls()
ROLES = list(Role.values)  # every role a Membership can carry: a new role needs a user in _build


# pages under leerlingen/ whose id is an ouder or a consent, not a pupil
KIND_BY_NAME = {
    "ouder_edit": "ouder",
    "ouder_remove": "ouder",
    "ouder_link": "ouder",
    "ouder_link_revoke": "ouder",
    "consent_withdraw": "consent",
    "overstap_document": "overstap_document",
}
NAME_BY_ROUTE = {route: name for name, route in URLS}


def _kind(route: str) -> str | None:
    if NAME_BY_ROUTE.get(route) in KIND_BY_NAME:
        return KIND_BY_NAME[NAME_BY_ROUTE[route]]
    for prefix in sorted(KIND_BY_PREFIX, key=len, reverse=True):
        if route.startswith(prefix + "/"):
            return KIND_BY_PREFIX[prefix]
    return None


def test_every_url_with_an_id_has_an_object_kind():
    assert [name for name, route in URLS if _kind(route) is None] == []


def _build(w):
    a = tlv_steps.bekendgemaakt(w)
    bezwaar = tlv_steps.bezwaar_ontvangen(w, a)
    m = thuiszitter_steps.gemeld(w)
    aanmelding = zorgplicht.aanmelding_create(
        by=w.school_user,
        leerling=w.leerling_a,
        school=w.school_a,
        aangemeld_op=clock.today() - dt.timedelta(days=1),
    )
    Beroep.objects.create(bezwaar=bezwaar, ingesteld_op=clock.today(), rechtbank="Rechtbank", by=w.consulent)
    privacy = make_user(role=Role.PRIVACY_OFFICER, swv=w.swv)
    archivaris = make_user(role=Role.ARCHIVARIS, swv=w.swv)
    # a vernietigingslijst of the closed TLV case, as proposed once its archiefactiedatum has come
    lijst = vernietiging.lijst_propose(
        swv=w.swv, by=privacy, today=clock.today() + dt.timedelta(days=365 * 30)
    )
    # a screening registered by the SO school, a schakeltraject from school A
    screening = screening_steps.aangemeld(w)
    traject = schakel_steps.met_overleg(w, soort="po_vso", huidige_school=w.school_a)
    loket_case = loket_steps.concept(w).case
    adviesvraag = loket.adviesvraag_create(
        by=w.school_user, school=w.school_a, soort="advies", vraag="Hoe begeleiden we een stille leerling?"
    )
    overleg = overleg_steps.plan_doa(w, *overleg_steps.cases(w))
    overstap = overstap_steps.geopend(SimpleNamespace(po=w))
    overstap.documenten.add(overstap_steps.document(w, overstap.case))
    mapping = leerling_import.mapping_save(
        by=w.beheerder,
        swv=w.swv,
        name="Leerlingexport",
        delimiter=";",
        encoding="utf-8",
        columns={
            "bsn": "BSN",
            "voornaam": "Roepnaam",
            "achternaam": "Achternaam",
            "geboortedatum": "Geboortedatum",
            "groep": "Groep",
            "woongemeente": "Gemeente",
        },
        ignored=[],
    )
    roles = {
        **w.roles,
        "privacy_officer": privacy,
        "archivaris": archivaris,
        "screeningsteam": w.screeningsteam,
        "schoolbestuur": make_user(role=Role.SCHOOLBESTUUR, swv=w.swv, bestuur=w.school_a.bestuur),
    }
    notification = Notification.objects.filter(case=a.case).first() or Notification.objects.create(
        user=w.consulent, case=a.case, kind="besluit", title="t", created_at=clock.now(), key=f"m{w.swv.pk}"
    )
    return SimpleNamespace(
        world=w,
        roles=roles,
        objects={
            "tlv_case": a.case,
            "document": Document.objects.filter(case=a.case).first(),
            "workitem": WorkItem.objects.filter(case=a.case).order_by("-pk").first(),
            "bezwaar": bezwaar,
            "thuiszitter_case": m.case,
            "zorgplicht_case": aanmelding.case,
            "leerling": w.leerling_a,
            "notification": notification,
            "screening_case": screening.case,
            "schakel_case": traject.case,
            "loket_case": loket_case,
            "adviesvraag": adviesvraag,
            "ouder": w.leerling_a.ouders.filter(gezag=True).order_by("pk").first(),
            "consent": give_consent(w.leerling_a, "screening"),
            "vernietigingslijst": lijst,
            "archief_case": a.case,
            "overleg": overleg,
            "overstap_case": overstap.case,
            "overstap_document": overstap.case,
            "import_mapping": mapping,
        },
    )


@pytest.fixture(scope="module")
def built(module_db):
    with module_db():
        yield SimpleNamespace(own=_build(make_world()), other=_build(make_world()))


def _url(name, route, obj):
    kwargs = {"pk": obj.pk}
    if "<int:beroep_pk>" in route:
        beroep = getattr(obj, "beroepen", None) and obj.beroepen.first()
        kwargs["beroep_pk"] = beroep.pk if beroep else 987654321
    if "<int:punt>" in route:
        punt = getattr(obj, "agendapunten", None) and obj.agendapunten.first()
        kwargs["punt"] = punt.pk if punt else 987654321
    if "<int:doc>" in route:
        overstap = getattr(obj, "route", None) == "overstap" and overstap_of_case(obj)
        doc = overstap and overstap.documenten.first()
        kwargs["doc"] = doc.pk if doc else 987654321
    return reverse(name, kwargs=kwargs)


POST_ONLY: set[str] = set()  # learnt from the first 405: the view's lookup runs only on POST


def _status(client, url, name=""):
    if name in POST_ONLY:
        return client.post(url, {}).status_code
    response = client.get(url)
    if response.status_code == 405:
        POST_ONLY.add(name)
        response = client.post(url, {})
    return response.status_code


def _allowed(user, kind, obj, name) -> bool:
    """What cases.policies says this user may open."""
    if name == "audit_case_timeline":
        swvs = policies.audit_swvs(user)
        return swvs is None or obj.swv_id in swvs
    if name in ("audit_pupil_access", "audit_pupil_inzage_export"):
        return bool(policies.access_log_swvs(user)) and policies.may_view_pupil_access(user, obj)
    if name == "leerling_uitschrijven":
        return obj.stamschool_id in policies.scope_of(user).schools
    if name == "leerling_detail":  # the pupil page
        return policies.visible_leerlingen(user).filter(pk=obj.pk).exists()
    if name in ("ouder_new", "consent_list"):  # the pupil must be visible; managing it may still be 403
        return policies.visible_leerlingen(user).filter(pk=obj.pk).exists()
    if kind in ("ouder", "consent"):
        return policies.visible_leerlingen(user).filter(pk=obj.leerling_id).exists()
    if kind == "document":
        return policies.can(user, "document.view", obj)
    if kind == "workitem":
        return policies.can_see_workitem(user, obj)
    if kind == "bezwaar":
        return policies.can_view_case(user, obj.case)
    if kind == "leerling":
        return False
    if kind == "adviesvraag":  # no case: the asking school and the SWV's staff
        return policies.visible_adviesvragen(user).filter(pk=obj.pk).exists()
    if kind == "vernietigingslijst":  # the reviewers of its SWV; the verklaring once it was carried out
        return obj.swv_id in policies.destruction_swvs(user) and (
            name != "vernietiging_verklaring" or obj.status == "uitgevoerd"
        )
    if kind == "overstap_document":  # the handed-over file, not the case page
        return policies.can_view_case(user, obj) and policies.may_read_handover(user, overstap_of_case(obj))
    if kind == "archief_case":  # the archive card: metadata for the SWV's records staff
        return obj.swv_id in policies.destruction_swvs(user)
    if kind == "overleg":
        return policies.visible_overleggen(user).filter(pk=obj.pk).exists()
    if kind == "import_mapping":
        return policies.visible_import_mappings(user).filter(pk=obj.pk).exists()
    return policies.can_view_case(user, obj)


CASES = [
    (name, route, role)
    for name, route in URLS
    if _kind(route) not in (None, "notification", "portal")
    for role in ROLES
]


@pytest.mark.parametrize(("name", "route", "role"), CASES, ids=[f"{n}-{r}" for n, _, r in CASES])
def test_own_organisation_as_policies_decide_other_organisation_not_found(
    client, db, built, name, route, role
):
    kind = _kind(route)
    for side, expect_own in (("own", True), ("other", False)):
        data = getattr(built, side)
        user = built.own.roles[role]
        obj = data.objects[kind]
        client.force_login(user)
        status = _status(client, _url(name, route, obj), name)
        policies.forget_scope(user)
        if expect_own and _allowed(user, kind, obj, name):
            assert status != 404 and status < 500, f"{role} refused on own {kind} ({status})"
        else:
            assert status == 404, f"{role} got {status} on {side} {kind}"


@pytest.mark.parametrize(
    ("name", "route"), [u for u in URLS if _kind(u[1]) not in (None, "notification", "portal")]
)
def test_an_id_that_does_not_exist_is_not_found_either(client, db, built, name, route):
    client.force_login(built.own.roles["consulent"])
    assert _status(client, _url(name, route, SimpleNamespace(pk=987654321)), name) == 404


@pytest.mark.parametrize("role", ROLES)
def test_another_users_notification_is_treated_as_a_missing_one(client, db, built, role):
    user = built.own.roles[role]
    client.force_login(user)
    n = built.other.objects["notification"]
    response = client.post(reverse("notification_read", args=[n.pk]))
    missing = client.post(reverse("notification_read", args=[987654321]))
    assert (response.status_code, response["Location"]) == (missing.status_code, missing["Location"])
    n.refresh_from_db()
    assert n.read_at is None
