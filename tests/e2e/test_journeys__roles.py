"""A journey per role in headless Chromium: log in (with the two-step code where the role needs it), open
every link of the main menu and the home page (same-origin, each once; not logout, the language switch or
downloads) and fail on any 4xx/5xx answer, console error or uncaught script error; every page visited passes
axe-core's WCAG 2.1 A/AA rules and the basics of tests/a11y_basics.py.

The data is built once for the module and the live server runs for the module (one flush at the end instead
of one per role), so the whole journey over eleven roles stays well under a minute and a half."""

from __future__ import annotations

import hashlib
import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from cases.roles import Role
from tests import schakel_steps, screening_steps, thuiszitter_steps, tlv_steps
from tests.a11y_basics import check as basics
from tests.e2e.axe import AXE_PATH, AXE_VERSION, axe_violations, vendored_axe_is_intact
from tests.e2e.steps import login
from tests.factories import make_user, make_world, totp_device

# Paths that are not pages to visit: leaving the session or downloading a file.
NOT_PAGES = re.compile(
    r"^/(uitloggen|i18n)/|/admin/logout/|\.(csv|xlsx|pdf|zip|json)$|/export|/inhoud/$|/documenten/\d+/$"
)
DOWNLOAD_QUERY = re.compile(r"(^|&)(format|export)=")

# The data lives outside the tests' transactions (the live server reads it); each test only reads.
pytestmark = pytest.mark.django_db

# Known dead ends, named per link; each is a bug to fix, not a pass.


@pytest.fixture(scope="module")
def journey_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One SWV with cases of every route in open states (so each role's home page has work and links), a
    live server over it, and one flush when the module is done."""
    from django.core.management import call_command
    from django.test import override_settings
    from pytest_django.live_server_helper import LiveServer

    with (
        django_db_blocker.unblock(),
        override_settings(DOCUMENT_ROOT=tmp_path_factory.mktemp("journey-documents")),
    ):
        server = None
        try:
            w = make_world(mode="cva", sector="po")
            screening_steps.actors(w)  # the SO school's IB'er and the screeningsteam
            w.privacy = make_user(role=Role.PRIVACY_OFFICER, swv=w.swv)
            w.aanvraag = tlv_steps.cva_advies(w)  # the CvA has an advice task
            w.besluit = tlv_steps.besluit_open(w)  # the beslisser has a besluit task
            w.melding = thuiszitter_steps.gemeld(w)  # gemeente A: the leerplichtambtenaar's
            w.screening = screening_steps.aangemeld(w, leerling=w.leerling_b)
            w.schakel = schakel_steps.signaal(w, soort="po_vso", huidige_school=w.school_a)
            w.devices = {}
            for user in {make(w) for make in ROLES.values()}:
                device = totp_device(user)  # in the authenticator app; asked for by the privileged roles
                device.last_t = -1
                device.save(update_fields=["last_t"])
                w.devices[user.pk] = device
            server = LiveServer("localhost")
            server._live_server_modified_settings.enable()
            yield SimpleNamespace(world=w, server=server)
        finally:
            if server is not None:
                server._live_server_modified_settings.disable()
                server.stop()
            call_command("flush", interactive=False, verbosity=0)


ROLES = {
    "school": lambda w: w.school_user,
    "consulent": lambda w: w.consulent,
    "deskundige": lambda w: w.deskundige1,
    "cva_lid": lambda w: w.cva,
    "beslisser": lambda w: w.beslisser,
    "leerplichtambtenaar": lambda w: w.leerplicht,
    "so_school": lambda w: w.so_user,
    "screeningsteam": lambda w: w.screeningsteam,
    "auditor": lambda w: w.auditor,
    "privacy_officer": lambda w: w.privacy,
    "beheerder": lambda w: w.beheerder,
}


def _links(page, origin: str) -> list[str]:
    """The same-origin page links of the main menu and the main content, in order, each once."""
    hrefs = page.eval_on_selector_all(
        "header nav a[href]:not([download]), main a[href]:not([download])", "els => els.map(a => a.href)"
    )
    seen, out = set(), []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        if NOT_PAGES.search(parts.path) or DOWNLOAD_QUERY.search(parts.query):
            continue
        url = href.split("#", 1)[0]
        if url not in seen:
            seen.add(url)
            out.append(url)
    return out


# Content already checked by axe and the basics in this module: (url, digest of <main>). A page whose main
# content is identical to one checked before (e.g. the process pages, the same for every role) is not
# checked again; its header and menu are this role's, checked on its own home page.
CHECKED: set[tuple[str, str]] = set()
MAIN_DIGEST = """() => {
    const main = document.querySelector('main');
    if (!main) return null;
    const copy = main.cloneNode(true);
    copy.querySelectorAll('input[name=csrfmiddlewaretoken]').forEach(el => el.remove());
    return copy.outerHTML;
}"""


def _check_page(page, path: str, *, home: bool) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations and the parser basics of the page now shown (the admin has its
    own layout without the product's skip link: axe only there)."""
    main = page.evaluate(MAIN_DIGEST)
    key = (path, hashlib.sha1((main or page.content()).encode()).hexdigest())
    if key in CHECKED and not home:
        return []
    CHECKED.add(key)
    found = [f"{path}: axe {v}" for v in axe_violations(page)]
    if not path.startswith("/beheer/"):
        found += basics(page.content(), path)
    return found


@pytest.mark.parametrize("role", list(ROLES))
def test_every_menu_and_home_link_opens_without_errors_and_passes_axe(browser, journey_world, role):
    w, server = journey_world.world, journey_world.server
    user = ROLES[role](w)
    origin = server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    # axe-core from the vendored file into every page (an init script is not subject to the page's CSP)
    context.add_init_script(path=str(AXE_PATH))
    page = context.new_page()
    page.set_default_timeout(15000)
    problems: list[str] = []
    here = {"url": "login"}

    def on_console(msg):
        if msg.type == "error":
            problems.append(f"{here['url']}: console error: {msg.text}")

    def on_response(response):
        if response.status >= 400 and response.url.startswith(origin):
            problems.append(f"{here['url']}: {response.status} for {response.url.removeprefix(origin)}")

    def outside(route):  # nothing leaves the machine: every page from the live server, axe from the file
        problems.append(f"{here['url']}: request outside the live server: {route.request.url}")
        route.abort()

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(f"{here['url']}: script error: {exc}"))
    page.on("response", on_response)
    context.route(lambda url: not url.startswith(origin), outside)
    try:
        login(page, server, user, device=w.devices[user.pk])
        home = page.url
        links = [link for link in _links(page, origin) if link != home]
        assert links, "the home page and the menu have links"
        for url in [home, *links]:
            here["url"] = url.removeprefix(origin)
            if url != home:
                response = page.goto(url)
                if response is None or not response.ok:
                    continue  # recorded by on_response
                if "text/html" not in response.headers.get("content-type", ""):
                    continue
            problems += _check_page(page, here["url"], home=url == home)
    finally:
        context.close()
    summary = f"{role}: {len(problems)} problems on {len(links) + 1} pages\n"
    assert problems == [], summary + "\n".join(problems)


def test_axe_finds_violations_offline_from_the_vendored_file(page):
    """The check can fail: a page without a language, with an unlabelled field and grey-on-white text."""
    assert vendored_axe_is_intact()
    assert AXE_PATH.read_text()[:200].startswith(f"/*! axe v{AXE_VERSION}")  # with its MPL-2.0 header
    page.context.route("**/*", lambda route: route.abort())  # no network at all
    page.set_content(
        '<html><body><main><h1>Test</h1><input name="x">'
        '<p style="color:#bbb;background:#fff">te licht</p></main></body></html>'
    )
    found = " | ".join(axe_violations(page))
    for rule in ("html-has-lang", "label", "color-contrast"):
        assert rule in found, rule


def test_refusal_pages_pass_axe(browser, journey_world):
    """The pages a dead end leads to (404 for an unknown address, 403 for a page of another role) have the
    site's layout and pass axe-core and the basics too."""
    w, server = journey_world.world, journey_world.server
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    context.add_init_script(path=str(AXE_PATH))
    page = context.new_page()
    try:
        login(page, server, w.school_user, device=w.devices[w.school_user.pk])
        problems = []
        for path, status in (("/bestaat-niet/", 404), ("/rapportages/kwartaal/", 403)):
            response = page.goto(server.url + path)
            assert response.status == status, path
            assert page.locator("header nav").count() == 1, f"{path}: the site's header and menu"
            problems += [f"{path}: axe {v}" for v in axe_violations(page)]
            problems += basics(page.content(), path)
    finally:
        context.close()
    assert problems == []
