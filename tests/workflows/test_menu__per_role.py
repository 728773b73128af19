"""Each role's menu holds only what it may open (workflows/menu.py, the same predicates as the views), and
on a case page a task the viewer may not open is text naming who holds it, not a link that ends in 404."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from cases.roles import Role
from tests import thuiszitter_steps
from tests.factories import make_user

NAV = re.compile(r'<nav aria-label="Hoofdmenu".*?</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')
TASK_LINK = re.compile(r'href="(/taken/\d+/)"')


def menu_links(client) -> list[str]:
    html = client.get(reverse("home")).content.decode()
    nav = NAV.search(html)
    assert nav, "no main menu on the home page"
    return HREF.findall(nav.group(0))


def users(w):
    out = dict(w.roles)
    out["privacy_officer"] = make_user(role=Role.PRIVACY_OFFICER, swv=w.swv)
    out["screeningsteam"] = make_user(role=Role.SCREENINGSTEAM, swv=w.swv)
    return out


def test_every_menu_link_of_every_role_opens(client, world):
    broken = {}
    for role, user in users(world).items():
        client.force_login(user)
        for href in menu_links(client):
            status = client.get(href).status_code
            if status >= 400:
                broken.setdefault(role, []).append((href, status))
    assert not broken


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("school", True),
        ("consulent", True),
        ("beslisser", True),
        ("auditor", True),
        ("leerplichtambtenaar", False),
        ("deskundige", False),
        ("privacy_officer", False),
    ],
)
def test_tlv_register_in_the_menu_only_for_who_may_open_it(client, world, role, shown):
    client.force_login(users(world)[role])
    assert (reverse("tlv_register") in menu_links(client)) is shown
    assert (client.get(reverse("tlv_register")).status_code == 200) is shown


def test_menu_per_role_shows_only_its_routes(client, world):
    client.force_login(world.leerplicht)
    links = menu_links(client)
    assert reverse("thuiszitter_list") in links
    assert reverse("screening_list") not in links and reverse("schakel_list") not in links
    client.force_login(world.auditor)
    links = menu_links(client)
    assert reverse("inbox") not in links  # auditors read, they hold no tasks
    assert reverse("audit_case_list") in links


def _task_links_open(client, user, url):
    client.force_login(user)
    html = client.get(url).content.decode()
    for href in TASK_LINK.findall(html):
        assert client.get(href).status_code == 200, href
    return html


def test_leerplicht_on_a_thuiszitter_case_sees_the_consulents_task_as_text(client, world):
    m = thuiszitter_steps.gemeld(world)  # open: registration by the consulent
    item = thuiszitter_steps.item(m, "registratie")
    html = _task_links_open(client, world.leerplicht, reverse("thuiszitter_detail", args=[m.case_id]))
    assert reverse("workitem", args=[item.pk]) not in html
    assert str(item.display_title) in html
    assert "werkvoorraad Consulent SWV" in html
    # the consulent, who may open it, gets the link
    html = _task_links_open(client, world.consulent, reverse("thuiszitter_detail", args=[m.case_id]))
    assert reverse("workitem", args=[item.pk]) in html


def test_auditor_sees_open_tasks_as_text_on_a_tlv_case(client, world, steps):
    a = steps.deskundigenadvies(world)
    html = _task_links_open(client, world.auditor, reverse("case_detail", args=[a.case_id]))
    assert not TASK_LINK.findall(html)
    assert "werkvoorraad Deskundige" in html
