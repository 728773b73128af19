"""The pupil's voice (hoorrecht): per case a dated entry with who heard the pupil and how (or why not),
recorded by the school or the consulent through the service, page and API; on the timeline with history;
the TLV and schakel pages show whether it is there; bad input is refused clearly and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import formats, translation

from cases import clock
from cases.errors import NotPermitted, ValidationFailed
from cases.models import CaseEvent, LeerlingGehoord
from cases.services import hoorrecht
from cases.texts import render
from tests import schakel_steps
from tests.api.helpers import Api, api_client


def _record(case, by, **kwargs):
    data = {
        "gehoord_op": clock.today(),
        "gehoord_door": "J. de Vries, mentor",
        "wijze": "gesprek",
        "mening": "Ik wil graag naar een kleinere klas.",
    }
    return hoorrecht.hoorrecht_record(case=case, by=by, **{**data, **kwargs})


def test_the_school_records_the_pupils_view_with_history_and_timeline(world, steps):
    case = steps.concept(world).case
    entry = _record(case, world.school_user)
    assert entry.history.count() == 1 and entry.history.first().history_user == world.school_user
    line = CaseEvent.objects.get(case=case, action="hoorrecht")
    assert (
        line.summary
        == f"Leerling gehoord op {formats.date_format(clock.today(), 'j F Y')} door J. de Vries, mentor"
    )
    with translation.override("en"):  # the timeline line in the reader's language
        assert render(line.data["text"]) == (
            f"Pupil heard on {clock.today():%-d %B %Y} by J. de Vries, mentor"
        )
    assert hoorrecht.latest(case) == entry


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"mening": ""}, "hoorrecht-mening"),
        ({"gehoord_door": "  "}, "hoorrecht-door"),
        ({"wijze": "telepathie"}, "hoorrecht-wijze"),
        ({"wijze": "niet_gehoord", "mening": ""}, "hoorrecht-reden"),
        ({"gehoord_op": dt.date(2999, 1, 1)}, None),
    ],
)
def test_bad_input_is_refused_clearly_and_nothing_is_recorded(world, steps, kwargs, code):
    case = steps.concept(world).case
    with pytest.raises(ValidationFailed) as exc:
        _record(case, world.school_user, **kwargs)
    if code:
        assert exc.value.code == code
    assert not LeerlingGehoord.objects.exists()
    assert CaseEvent.objects.filter(case=case, kind="refused").exists()


def test_not_heard_with_a_reason_is_an_entry_too(world, steps):
    case = steps.concept(world).case
    entry = _record(
        case, world.consulent, wijze="niet_gehoord", mening="x", reden_niet_gehoord="Te jong (4 jaar)"
    )
    assert (entry.mening, entry.reden_niet_gehoord) == ("", "Te jong (4 jaar)")


def test_another_school_or_a_deskundige_may_not_record(world, steps):
    case = steps.concept(world).case
    for user in (world.school_b_user, world.deskundige1):
        with pytest.raises(NotPermitted):
            _record(case, user)
    assert not LeerlingGehoord.objects.exists()


def test_the_tlv_page_shows_whether_it_is_there_and_the_page_records_it(client, world, steps):
    case = steps.concept(world).case
    client.force_login(world.school_user)
    assert "nog niet vastgelegd" in client.get(reverse("case_detail", args=[case.pk])).content.decode()
    url = reverse("leerling_gehoord", args=[case.pk])
    bad = client.post(
        url, {"gehoord_op": clock.today().isoformat(), "gehoord_door": "IB'er", "wijze": "gesprek"}
    )
    assert bad.status_code == 400 and "eigen woorden" in bad.content.decode()
    ok = client.post(
        url,
        {
            "gehoord_op": clock.today().isoformat(),
            "gehoord_door": "IB'er Inge",
            "wijze": "gesprek",
            "mening": "Ik vind het fijn op school.",
        },
    )
    assert ok.status_code == 302
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "gehoord op" in page and "nog niet vastgelegd" not in page
    # a deskundige sees the entries but gets no form, and a POST is refused
    client.force_login(world.deskundige1)
    assert client.post(url, {"gehoord_door": "x"}).status_code in (403, 404)


def test_the_schakel_page_shows_it(client, world):
    traject = schakel_steps.met_overleg(world, soort="po_vso", huidige_school=world.school_a)
    client.force_login(world.consulent)
    page = client.get(reverse("schakel_detail", args=[traject.case_id])).content.decode()
    assert "Mening van de leerling" in page and "nog niet vastgelegd" in page
    _record(traject.case, world.consulent)
    page = client.get(reverse("schakel_detail", args=[traject.case_id])).content.decode()
    assert "nog niet vastgelegd" not in page


def test_the_api_lists_and_records_it(world, steps):
    case = steps.concept(world).case
    _c, token = api_client(world)
    api = Api(token)
    path = f"/api/v1/cases/{case.pk}/pupil-voice/"
    bad = api.post(path, {"gehoord_op": clock.today().isoformat(), "gehoord_door": "x", "wijze": "gesprek"})
    assert bad.status_code == 400 and bad.json()["code"] == "hoorrecht-mening"
    r = api.post(
        path,
        {
            "gehoord_op": clock.today().isoformat(),
            "gehoord_door": "Consulent M. Visser",
            "wijze": "overleg",
            "mening": "Ik wil terug naar mijn oude school.",
        },
    )
    assert r.status_code == 201, r.content
    listed = api.get(path).json()
    assert [e["wijze"] for e in listed] == ["overleg"]
    _c2, other = api_client(world, role="school", school=world.school_b, name="Andere school")
    assert Api(other).get(path).status_code == 404
