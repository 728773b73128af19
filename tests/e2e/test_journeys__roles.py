"""A journey per role in headless Chromium: log in (with the two-step code where the role needs it), open
every link of the main menu and the home page (same-origin, each once; not logout, the language switch or
downloads) and fail on any 4xx/5xx answer, console error or uncaught script error; every page visited passes
axe-core's WCAG 2.1 A/AA rules and the basics of tests/a11y_basics.py, shows no internal code or stray space
before a comma in its text and keeps the value of every date picker. Each role makes the journey twice: in
Dutch, and in English chosen with the header's language switch (no Dutch interface words then); its home
page is kept as a screenshot in test-artifacts/screenshots/.

The data is built once for the module and the live server runs for the module (one flush at the end instead
of one per role), so the 22 journeys take about three and a half minutes on two busy cores."""

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


# What a person reads must not show: an internal code (snake_case, not a file name) or a stray space
# before a comma ("SBO , 4-1-2027"; "; of , als scheidingsteken" names the comma itself). Text in <code>
# (the column names of a CSV import) is meant to be typed as shown, and so is a <textarea>'s text (an SWV
# profile section in its file format).
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b(?!\.[a-z]{3,4}\b)")
STRAY_COMMA = re.compile(r"(\S+) ,")
COMMA_NAMED_AFTER = {"of", "or", "en", "and"}
VISIBLE_TEXT = """() => {
    const root = document.querySelector('main') || document.body;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const parts = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!el || el.closest('code, kbd, samp, script, style, template, textarea')) continue;
        if (!el.checkVisibility({visibilityProperty: true})) continue;
        parts.push(node.data);
    }
    // codes: each text node apart; commas: the rendered text as it runs (<b>SBO</b>, 4-1 has no stray space)
    return [parts.join(' '), root.innerText];
}"""
# Date pickers whose value the browser threw away: a value in the HTML that the input does not hold
# (a date input accepts only yyyy-mm-dd; "07-12-2026" is discarded silently).
DISCARDED_DATES = """() => Array.from(document.querySelectorAll('input[type=date]'))
    .filter(el => (el.getAttribute('value') || '') !== '' && el.value === '')
    .map(el => `${el.name}=${el.getAttribute('value')}`)"""


def _text_problems(page, path: str) -> list[str]:
    """The rendered text of <main> (visible text nodes outside <code>) and the date pickers of the page."""
    found = [f"{path}: date input discards its value: {v}" for v in page.evaluate(DISCARDED_DATES)]
    if path.startswith("/beheer/"):  # Django's admin: field names and codes are the beheerder's own data
        return found
    nodes, running = page.evaluate(VISIBLE_TEXT)
    found += [f"{path}: internal code in the text: {c}" for c in sorted(set(CODE.findall(nodes)))]
    found += [
        f"{path}: space before a comma: {m.group(0)!r}"
        for m in STRAY_COMMA.finditer(running.replace("\u00a0", " "))
        if m.group(1).lower() not in COMMA_NAMED_AFTER
    ]
    return found


def _check_page(page, path: str, *, home: bool) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations, the parser basics and the visible text of the page now shown
    (the admin has its own layout without the product's skip link: axe and the date pickers only there)."""
    main = page.evaluate(MAIN_DIGEST)
    key = (path, hashlib.sha1((main or page.content()).encode()).hexdigest())
    if key in CHECKED and not home:
        return []
    CHECKED.add(key)
    found = [f"{path}: axe {v}" for v in axe_violations(page)]
    found += _text_problems(page, path)
    if not path.startswith("/beheer/"):
        found += basics(page.content(), path)
    return found


def _dutch_problems(page, path: str, names: list[str]) -> list[str]:
    """Dutch interface words in the rendered text of an English page (names of people, schools and cases
    left out; the admin keeps its own texts)."""
    from tests.test_i18n__english import _dutch_in

    if path.startswith("/beheer/"):
        return []
    text, _running = page.evaluate(VISIBLE_TEXT)
    for name in names:
        text = text.replace(name, " ")
    return [f"{path}: Dutch in English: …{hit}…" for hit in _dutch_in(text)]


def _names(w) -> list[str]:
    from cases.models import Case, Leerling, School

    names = [str(p) for p in Leerling.objects.all()] + [p.achternaam for p in Leerling.objects.all()]
    names += [s.name for s in School.objects.all()] + [c.reference for c in Case.objects.all()]
    names += [u.get_full_name() for u in {make(w) for make in ROLES.values()} if u.get_full_name()]
    return sorted(set(names), key=len, reverse=True)


def _next_code(device):
    """The device, set to give a code the server has not seen: the journey in the other language may have
    used this 30-second code already, and a code is used once. Only read here (a write from the test's
    transaction would hold the row the live server updates); the server accepts the next step's code."""
    import time

    device.refresh_from_db()
    now_t = int((time.time() - device.t0) // device.step)
    device.drift = max(0, device.last_t + 1 - now_t)
    return device


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("role", list(ROLES))
def test_every_menu_and_home_link_opens_without_errors_and_passes_axe(
    browser, journey_world, role, language, shot
):
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
    device = _next_code(w.devices[user.pk])
    try:
        login(page, server, user, device=device)
        if language == "en":  # as a user chooses it: the language switch in the header
            page.select_option("#lang", "en")
            page.wait_for_selector("html[lang=en]")
            names = _names(w)
        home = page.url
        shot(page, "home")
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
            if language == "en":
                problems += _dutch_problems(page, here["url"], names)
    finally:
        context.close()
    summary = f"{role} ({language}): {len(problems)} problems on {len(links) + 1} pages\n"
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


def test_the_text_checks_find_codes_stray_commas_and_discarded_dates(page):
    """The checks of every journey page can fail: a Dutch date in a date picker (which Chromium discards),
    a state code and "SBO , 4-1-2027"; an ISO date, a label and a file name with an underscore pass."""
    page.set_content(
        '<html lang="nl"><body><main><h1>Test</h1>'
        '<label>Datum <input type="date" name="peildatum" value="07-12-2026"></label>'
        '<label>Goed <input type="date" name="ontvangen_op" value="2026-12-07"></label>'
        "<p>Status: in_behandeling</p><p>SBO , 4-1-2027</p><p><b>VSO</b>, zie opp_v2.pdf</p>"
        "<p>Kolommen: <code>plaatsing_brin</code>; ; of , als scheidingsteken</p><p hidden>cva_lid</p>"
        "</main></body></html>"
    )
    assert _text_problems(page, "/test/") == [
        "/test/: date input discards its value: peildatum=07-12-2026",
        "/test/: internal code in the text: in_behandeling",
        "/test/: space before a comma: 'SBO ,'",
    ]


def test_the_english_check_finds_dutch_words_but_not_names(page):
    page.set_content(
        '<html lang="en"><body><main><h1>Home</h1><p>Nieuwe casus for Geen Taak</p>'
        "<p>Case of Anna Taak, due 4 January</p></main></body></html>"
    )
    found = _dutch_problems(page, "/test/", ["Anna Taak"])
    # Nieuwe, casus, Geen, Taak; not the Taak of the pupil's name
    assert [hit.split("…")[0] for hit in found] == ["/test/: Dutch in English: "] * 4
    assert not _dutch_problems(page, "/beheer/", [])


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
