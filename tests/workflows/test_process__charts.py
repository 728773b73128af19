"""Flow diagrams: every route's viewflow flow drawn as SVG (no graphviz), with one case's position marked."""

import re

import pytest
from django.urls import reverse

from cases import clock
from cases.services import zorgplicht
from tests import schakel_steps, screening_steps, thuiszitter_steps, tlv_steps
from workflows import charts


def _node_class(html, route, node):
    match = re.search(rf'<g id="flow-{route}-{node}"[^>]*class="([^"]*)"', html)
    assert match, node
    return match.group(1).split()


def test_processen_page_draws_every_route(client, world):
    client.force_login(world.school_user)
    html = client.get(reverse("processen")).content.decode()
    # tlv, thuiszitter, screening, schakel, loket, overstap
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="flow-chart"') == 6
    for title in ("Eerste deskundigenadvies", "Plan van aanpak opstellen", "Screenen en advies vastleggen"):
        assert title in html
    assert "Dossier volledig?" in html  # a gateway gets a readable label
    assert "zorgplicht" in html.lower()  # the route without a flow is explained in words


def test_a_tlv_case_is_marked_where_it_stands(client, world):
    a = tlv_steps.deskundigenadvies(world)
    client.force_login(world.consulent)
    html = client.get(reverse("case_process", args=[a.case.pk])).content.decode()
    assert "current" in _node_class(html, "tlv", "deskundigenadvies_1")
    assert "current" in _node_class(html, "tlv", "deskundigenadvies_2")
    assert "done" in _node_class(html, "tlv", "volledigheidstoets")
    assert "current" not in _node_class(html, "tlv", "besluit")
    assert "done" not in _node_class(html, "tlv", "besluit")
    assert re.search(r"Eerste deskundigenadvies[^<]*— <strong>nu bezig</strong>", html)


def test_a_decided_tlv_has_finished_its_flow(client, world):
    a = tlv_steps.toegekend(world)
    client.force_login(world.beslisser)
    html = client.get(reverse("case_process", args=[a.case.pk])).content.decode()
    assert "done" in _node_class(html, "tlv", "besluit")
    assert "done" in _node_class(html, "tlv", "end")
    assert "Het proces van deze route is afgerond." in html


@pytest.mark.parametrize(
    ("make", "route", "node"),
    [
        (lambda w: thuiszitter_steps.gemeld(w).case, "thuiszitter", "registratie"),
        (lambda w: screening_steps.aangemeld(w).case, "screening", "screening"),
        (
            lambda w: schakel_steps.signaal(w, soort="po_vso", huidige_school=w.school_a).case,
            "schakel",
            "schakeloverleg",
        ),
    ],
)
def test_the_other_routes_are_marked_too(client, world, make, route, node):
    case = make(world)
    client.force_login(world.consulent)
    html = client.get(reverse("case_process", args=[case.pk])).content.decode()
    assert "current" in _node_class(html, route, node)


def test_zorgplicht_has_no_flow_and_says_so(client, world):
    a = zorgplicht.aanmelding_create(
        by=world.school_user, leerling=world.leerling_a, school=world.school_a, aangemeld_op=clock.today()
    )
    client.force_login(world.consulent)
    html = client.get(reverse("case_process", args=[a.case.pk])).content.decode()
    assert "Deze route heeft geen stroomschema" in html
    assert "Open taken buiten het stroomschema" in html  # the board's decision task


def test_another_organisations_case_is_not_found(client, world, other_world):
    a = tlv_steps.ingediend(other_world)
    client.force_login(world.consulent)
    assert client.get(reverse("case_process", args=[a.case.pk])).status_code == 404


def test_the_chart_follows_the_reader_s_language(db):
    from django.utils import translation

    with translation.override("en"):
        assert "Draft and submit the application" in charts.flow_svg("tlv")
    with translation.override("nl"):
        svg = charts.flow_svg("tlv", current={"besluit"})
    assert "Aanvraag opstellen" in svg and "Draft and submit" not in svg
    assert 'role="img"' in svg and 'class="node current human"' in svg
