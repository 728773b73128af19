"""Default dates survive in Chromium: a date picker accepts only yyyy-mm-dd and silently drops anything else
("07-12-2026"), so each form that proposes a date shows it in the picker itself, in Dutch and in English:
thuiszitter melden, the report's peildatum, uitschrijven and the bezwaar's ontvangstdatum."""

import re

import pytest
from django.urls import reverse

from cases import clock
from tests import tlv_steps
from tests.e2e.steps import login

pytestmark = pytest.mark.django_db(transaction=True)

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
# Every date picker of the page: its name, the value in the HTML and the value the browser holds.
PICKERS = """() => Array.from(document.querySelectorAll('input[type=date]'))
    .map(el => [el.name, el.getAttribute('value') || '', el.value])"""


def _pickers(page, live_server, path: str) -> dict[str, tuple[str, str]]:
    response = page.goto(live_server.url + path)
    assert response.ok, path
    return {name: (html, held) for name, html, held in page.evaluate(PICKERS)}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_proposed_date_is_in_the_picker(page, live_server, world, shot, language):
    w = world
    a = tlv_steps.bekendgemaakt(w)
    today = clock.today().isoformat()
    pages = [
        (w.school_user, reverse("thuiszitter_new"), "gemeld_op"),
        (w.school_user, reverse("leerling_uitschrijven", args=[w.leerling_a.pk]), "datum"),
        (w.consulent, reverse("thuiszitter_count"), "peildatum"),  # the last counting day, not today
        (w.consulent, reverse("case_detail", args=[a.case_id]), "ontvangen_op"),  # the bezwaar form
    ]
    user = None
    for who, path, name in pages:
        if who != user:
            login(page, live_server, who)
            if language == "en":
                page.select_option("#lang", "en")
                page.wait_for_selector("html[lang=en]")
            user = who
        pickers = _pickers(page, live_server, path)
        assert pickers, f"{path}: a date picker"
        for field, (html, held) in pickers.items():
            assert held == html, f"{path}: {field} shows {held!r}, the page sent {html!r}"
        assert name in pickers, f"{path}: {name}"
        expected = pickers[name][0] if name == "peildatum" else today
        assert pickers[name] == (expected, expected) and ISO.fullmatch(expected), path
        shot(page, path.strip("/").replace("/", "-"))
