"""Basic accessibility, checked mechanically on the main pages of every role (WCAG 2.1 AA basics that a
parser can see): the page language, one h1, a skip link to the main content, a label for every form
field, headers and a caption (or an accessible name) on every table, unique ids, text alternatives for
images and charts, and refusals that explain themselves. Without a browser, so it also runs where Chromium
is missing; in Chromium the journeys of tests/e2e/test_journeys__roles.py run these checks and axe-core's
WCAG 2.1 A/AA rules on every page of every role's menu and home page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import schakel_steps, screening_steps, thuiszitter_steps, tlv_steps
from tests.a11y_basics import check


@pytest.fixture
def pages(world):
    """The main pages of every role, with data on them."""
    w = world
    a = tlv_steps.cva_advies(w)
    m = thuiszitter_steps.gemeld(w)
    s = screening_steps.aangemeld(w)
    t = schakel_steps.signaal(w, soort="po_vso", huidige_school=w.school_a)
    common = [
        reverse("home"),
        reverse("inbox"),
        reverse("case_list"),
        reverse("deadline_list"),
        reverse("processen"),
        reverse("leerling_search") + f"?q={w.leerling_a.achternaam}",
        reverse("notifications"),
        reverse("thuiszitter_list"),
        reverse("screening_list"),
        reverse("schakel_list"),
    ]
    case_pages = [
        reverse("case_detail", args=[a.case.pk]),
        reverse("case_process", args=[a.case.pk]),
        reverse("leerling_detail", args=[w.leerling_a.pk]),
        reverse("thuiszitter_detail", args=[m.case.pk]),
        reverse("screening_detail", args=[s.case.pk]),
        reverse("schakel_detail", args=[t.case.pk]),
    ]
    reports = [
        reverse("kwartaalrapportage"),
        reverse("tlv_register"),
        reverse("thuiszitter_count"),
        reverse("toestroom"),
        reverse("carrousel"),
        reverse("capacity"),
        reverse("maandoverzicht"),
        reverse("indicators"),
    ]
    return {
        "school": common + [reverse("aanvraag_new"), reverse("thuiszitter_new")],
        "consulent": common
        + case_pages
        + reports
        + [reverse("thuiszitter_new"), reverse("schakel_new"), reverse("forecast")],
        "deskundige": common,
        "leerplichtambtenaar": common + [reverse("thuiszitter_detail", args=[m.case.pk])],
        "auditor": common + case_pages + reports + [reverse("audit_case_list"), reverse("audit_access_log")],
        "beslisser": common + [reverse("kwartaalrapportage")],
    }


@pytest.mark.parametrize(
    "role", ["school", "consulent", "deskundige", "leerplichtambtenaar", "auditor", "beslisser"]
)
def test_main_pages_meet_the_basics(client, world, pages, role):
    client.force_login(world.roles[role])
    problems = []
    for url in pages[role]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        problems += check(response.content.decode(), url)
    assert problems == [], "\n".join(problems)


def test_refusals_explain_themselves(client, world, other_world):
    client.force_login(world.school_user)
    response = client.get(reverse("kwartaalrapportage"))
    html = response.content.decode()
    assert response.status_code == 403 and "U heeft met uw rol geen toegang tot deze pagina" in html
    assert check(html, "403") == []
    a = tlv_steps.ingediend(other_world)
    response = client.get(reverse("case_detail", args=[a.case.pk]))
    html = response.content.decode()
    assert response.status_code == 404 and "Deze pagina bestaat niet, of u heeft geen toegang" in html
    assert check(html, "404") == []


def test_the_checker_finds_what_it_looks_for():
    bad = (
        '<html><body><h1>a</h1><h1>b</h1><input name="x"><table><tr><td>1</td></tr></table>'
        "<svg></svg></body></html>"
    )
    found = " | ".join(check(bad, "bad"))
    for problem in (
        "no lang",
        "2 h1",
        "skip link",
        "unlabelled input",
        "without headers",
        "without caption",
        "svg",
    ):
        assert problem in found, problem


def _luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(fg: str, bg: str) -> float:
    high, low = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_colours_meet_aa_contrast():
    """WCAG 2.1 AA: 4.5:1 for the text colours of the style sheet on the backgrounds they are used on."""
    import re
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text()
    var = {
        name: value if len(value) == 7 else "#" + "".join(c * 2 for c in value[1:])
        for name, value in re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b", css)
    }
    pairs = [
        (var["ink"], var["bg"]),
        (var["muted"], "#ffffff"),
        (var["muted"], var["bg"]),
        (var["brand"], var["bg"]),  # links
        (var["brand-ink"], var["brand"]),  # header
        (var["green"], "#ffffff"),
        (var["amber"], "#ffffff"),
        (var["red"], "#ffffff"),
        (var["grey"], "#ffffff"),
        ("#0b3a66", "#e6edf5"),  # badge
        (var["red"], "#fdecea"),  # escalation badge
    ]
    low = [(fg, bg, round(contrast(fg, bg), 2)) for fg, bg in pairs if contrast(fg, bg) < 4.5]
    assert low == []
    assert contrast("#777777", "#ffffff") < 4.5  # the check can fail
