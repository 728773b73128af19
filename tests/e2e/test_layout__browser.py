"""The main pages work on a laptop (1280 px) and a tablet (768 px): nothing is wider than the window
(wide flow charts scroll inside their own region). Screenshots of both widths are saved."""

import pytest

from cases import clock
from tests import thuiszitter_steps, tlv_steps
from tests.e2e.steps import login, overflows

pytestmark = pytest.mark.django_db(transaction=True)


def test_main_pages_fit_a_laptop_and_a_tablet(page, live_server, world, shot):
    w = world
    a = tlv_steps.toegekend(w)
    thuiszitter_steps.gemeld(w, leerling=w.leerling_b, by=w.school_b_user)
    today = clock.today()
    quarter = (today.month - 1) // 3 + 1
    pages = {
        "home": "/",
        "mijn-werk": "/taken/",
        "casussen": "/casussen/",
        "casus": f"/casussen/{a.case.pk}/",
        "leerling": f"/leerlingen/{w.leerling_a.pk}/",
        "proces": f"/casussen/{a.case.pk}/proces/",
        "termijnen": "/termijnen/",
        "thuiszitters": "/thuiszitters/",
        "kwartaalrapportage": (
            f"/rapportages/kwartaal/?swv={w.swv.pk}&periode=kwartaal&jaar={today.year}&kwartaal={quarter}"
            f"&schooljaar={today.year - 1}"
        ),
    }
    login(page, live_server, w.consulent)
    problems = {}
    for width in (1280, 768):
        page.set_viewport_size({"width": width, "height": 1000})
        for name, path in pages.items():
            page.goto(live_server.url + path)
            page.wait_for_selector("h1")
            found = overflows(page)
            if found:
                problems[f"{name}@{width}"] = found
            shot(page, f"{name}-{width}")
    assert problems == {}
    assert "<svg" in page.content()  # the report's charts are drawn
    # the check itself finds a table wider than its card, and a page that is too wide
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', "
        '\'<div class="card" style="width:200px"><table style="width:600px"><tr><td>x</td></tr>'
        "</table></div>')"
    )
    assert "in card: TABLE" in overflows(page)
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<p style=\"width:2000px\">x</p>')"
    )
    assert overflows(page)
