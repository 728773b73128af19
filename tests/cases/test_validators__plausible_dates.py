"""Every entered date lies in a plausible range (cases.validators.plausible_date): not before 2000-01-01
or the pupil's birth, not further ahead than that kind of date can be. The services refuse with a stable
code (the authority, also for the API); the forms show the same rule as a field error; a date at the end of
the calendar (9999-12-31, 0001-01-01) is a refusal, never an OverflowError."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cases import clock
from cases.errors import ValidationFailed
from cases.models import CaseEvent, LeerplichtActie, WorkItem
from cases.services import thuiszitter, tlv
from cases.validators import EARLIEST_DATE, plausible_date, years_ahead
from tests import thuiszitter_steps
from tests.api.helpers import Api, api_client


@pytest.mark.parametrize(
    ("value", "born", "code"),
    [
        (dt.date(1, 1, 1), None, "datum-te-vroeg"),
        (dt.date(1999, 12, 31), None, "datum-te-vroeg"),
        (dt.date(9999, 12, 31), None, "datum-te-laat"),
        (dt.date(2012, 3, 14), dt.date(2012, 3, 15), "datum-voor-geboorte"),
        (dt.date(1, 1, 1), dt.date(2012, 3, 15), "datum-voor-geboorte"),
    ],
)
def test_plausible_date_refuses_with_a_stable_code_and_the_field(value, born, code):
    with pytest.raises(ValidationFailed) as refused:
        plausible_date(value, field="datum", not_after=dt.date(2030, 1, 1), born=born)
    assert (refused.value.code, refused.value.field) == (code, "datum")
    assert str(refused.value.message)[0].isupper()


def test_plausible_date_passes_the_bounds_themselves_and_none():
    assert plausible_date(EARLIEST_DATE, field="d", not_after=dt.date(2030, 1, 1)) == EARLIEST_DATE
    assert plausible_date(dt.date(2030, 1, 1), field="d", not_after=dt.date(2030, 1, 1))
    assert plausible_date(None, field="d") is None


@pytest.mark.parametrize(
    ("until", "code"), [(dt.date(2100, 1, 1), "datum-te-laat"), (dt.date(9999, 12, 31), "datum-te-laat")]
)
def test_a_hersteltermijn_years_ahead_is_refused_by_the_service(world, steps, until, code):
    a = steps.ingediend(world)
    with pytest.raises(ValidationFailed) as refused:
        tlv.volledigheid_record(
            aanvraag=a,
            by=world.consulent,
            volledig=False,
            ontbrekende_stukken="OPP",
            hersteltermijn_tot=until,
        )
    assert (refused.value.code, refused.value.field) == (code, "hersteltermijn_tot")
    # within a year is still fine
    tlv.volledigheid_record(
        aanvraag=steps.fresh(a),
        by=world.consulent,
        volledig=False,
        ontbrekende_stukken="OPP",
        hersteltermijn_tot=years_ahead(1),
    )


def test_a_hersteltermijn_of_9999_12_31_on_the_task_page_is_a_field_error(client, world, steps):
    a = steps.ingediend(world)
    item = WorkItem.objects.get(case=a.case, node="volledigheidstoets", status="open")
    client.force_login(world.consulent)
    response = client.post(
        reverse("workitem", args=[item.pk]),
        {"volledig": "0", "ontbrekende_stukken": "OPP", "hersteltermijn_tot": "9999-12-31"},
    )
    assert response.status_code == 200
    assert "te ver in de toekomst" in response.content.decode()
    assert steps.fresh(a).status == "ingediend"


@pytest.mark.parametrize(
    ("day", "code"),
    [(dt.date(1, 1, 1), "datum-voor-geboorte"), (None, "datum-voor-geboorte")],
    ids=["year-1", "day-before-birth"],
)
def test_a_leerplicht_actie_before_the_pupils_birth_is_refused(world, day, code):
    m = thuiszitter_steps.gemeld(world)
    born = m.case.leerling.geboortedatum
    with pytest.raises(ValidationFailed) as refused:
        thuiszitter.leerplicht_actie_record(
            melding=m,
            by=world.leerplicht,
            soort="gesprek",
            datum=day or born - dt.timedelta(days=1),
            toelichting="t",
        )
    assert (refused.value.code, refused.value.field) == (code, "datum")
    assert not LeerplichtActie.objects.filter(melding=m).exists()
    assert CaseEvent.objects.filter(case=m.case, kind=CaseEvent.Kind.REFUSED).exists()


def test_a_leerplicht_actie_on_the_page_dated_year_one_is_a_field_error(client, world):
    m = thuiszitter_steps.gemeld(world)
    client.force_login(world.leerplicht)
    response = client.post(
        reverse("thuiszitter_actie", args=[m.case_id]),
        {"soort": "gesprek", "datum": "0001-01-01", "toelichting": "t"},
    )
    assert response.status_code in (200, 302)
    assert not LeerplichtActie.objects.filter(melding=m).exists()


@pytest.mark.parametrize("peildatum", ["0001-01-01", "9999-12-31"])
def test_an_implausible_peildatum_is_a_field_error_on_the_page_and_400_in_the_api(client, world, peildatum):
    client.force_login(world.consulent)
    response = client.get(reverse("thuiszitter_count"), {"peildatum": peildatum})
    assert response.status_code == 200
    body = response.content.decode()
    assert "te ver in het verleden" in body or "te ver in de toekomst" in body
    _c, token = api_client(world)
    api = Api(token).get("/api/v1/reports/thuiszitters/", {"peildatum": peildatum})
    assert api.status_code == 400
    assert api.json()["code"] in ("datum-te-vroeg", "datum-te-laat")


def test_the_form_bound_moves_with_the_clock(world):
    from workflows.thuiszitter.forms import PeildatumForm

    ahead = clock.today() + dt.timedelta(days=5 * 366 + 2)
    assert not PeildatumForm({"peildatum": ahead.isoformat()}).is_valid()
    assert PeildatumForm({"peildatum": clock.today().isoformat()}).is_valid()
