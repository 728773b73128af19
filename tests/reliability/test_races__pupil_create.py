"""Two people registering the same pupil (same SWV and BSN, or the same onderwijsnummer) at the same moment:
one pupil is registered and the other person reads "Er staat al een leerling met dit ... in uw
samenwerkingsverband", through the service, the page and the API, never an IntegrityError, a 500 or 503,
or a second pupil. On PostgreSQL this module runs in the suite; on the quick start's SQLite file in its own
pytest process (test_races__sqlite_file.py), as Django tests SQLite in memory otherwise."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from cases.errors import ValidationFailed
from cases.models import Gemeente, Leerling, School
from cases.roles import Role
from cases.services.leerlingen import leerling_create
from tests.api.helpers import Api, api_client
from tests.concurrency import run_concurrently
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)

BSNS = ["999990111", "999990123", "999990135", "999990147"]  # elfproef-valid, unused by the factories
ONDERWIJSNUMMERS = ["100000004", "100000016", "100000028"]
ROUNDS = 3
BSN_TAKEN = "Er staat al een leerling met dit BSN in uw samenwerkingsverband"
ONDERWIJSNUMMER_TAKEN = "Er staat al een leerling met dit onderwijsnummer in uw samenwerkingsverband"


@pytest.fixture(autouse=True)
def _on_a_real_database():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("runs on a SQLite file in its own process: test_races__sqlite_file.py")


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC), tick=False)


def _form(world, **numbers):
    data = {
        "voornaam": "Bram",
        "achternaam": "Bos",
        "geboortedatum": "2017-04-03",
        "bsn": "",
        "onderwijsnummer": "",
        "woongemeente": world.gemeente_a.pk,
        "stamschool": world.school_a.pk,
    }
    return {**data, **numbers}


def _service_data(world, **numbers):
    return {
        **_form(world, **numbers),
        "geboortedatum": dt.date(2017, 4, 3),
        "woongemeente": Gemeente.objects.get(pk=world.gemeente_a.pk),
        "stamschool": School.objects.get(pk=world.school_a.pk),
    }


def _refused(outcome, field: str) -> bool:
    return (
        isinstance(outcome.error, ValidationFailed)
        and outcome.error.code == "leerling-bestaat"
        and outcome.error.field == field
    )


@pytest.mark.parametrize(
    ("field", "values"), [("bsn", BSNS[:ROUNDS]), ("onderwijsnummer", ONDERWIJSNUMMERS[:ROUNDS])]
)
def test_two_registrations_at_once_leave_one_pupil_and_a_clear_refusal(world, field, values):
    users = (world.school_user, world.consulent)
    for value in values:
        data = _service_data(world, **{field: value})
        connection.close()
        outcomes = run_concurrently(*(lambda u=u, d=data: leerling_create(by=u, data=d) for u in users))
        won = [o for o in outcomes if o.ok]
        lost = [o for o in outcomes if not o.ok]
        assert len(won) == 1 and len(lost) == 1, [o.error for o in outcomes]
        assert _refused(lost[0], field), repr(lost[0].error)
        assert Leerling.objects.filter(swv=world.swv, **{field: value}).count() == 1
        assert Leerling.history.filter(swv_id=world.swv.pk, **{field: value}).count() == 1


@pytest.mark.postgres
def test_the_second_insert_waits_for_the_first_and_gets_the_message_not_an_integrity_error(world):
    """Deterministic: the first registration has inserted but not committed when the second checks for a
    duplicate (and finds none), so only the unique constraint can stop the second."""
    data = _service_data(world, bsn=BSNS[3])
    inserted = threading.Event()

    def first():
        with transaction.atomic():
            leerling = leerling_create(by=world.school_user, data=data)
            inserted.set()
            with connection.cursor() as cursor:  # commit once the second waits on our row
                for _ in range(2000):
                    # pg_stat_activity is read once per transaction unless its snapshot is cleared
                    cursor.execute("SELECT pg_stat_clear_snapshot()")
                    cursor.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND wait_event_type = 'Lock'"
                    )
                    if cursor.fetchone()[0]:
                        break
                    cursor.execute("SELECT pg_sleep(0.01)")
                else:
                    raise AssertionError("the second registration never waited on the first")
        return leerling

    def second():
        assert inserted.wait(30)
        return leerling_create(by=world.consulent, data=data)

    connection.close()
    winner, loser = run_concurrently(first, second)
    assert winner.ok, (repr(winner.error), repr(loser.error))
    assert _refused(loser, "bsn"), repr(loser.error)
    assert Leerling.objects.filter(swv=world.swv, bsn=BSNS[3]).count() == 1


def _at_once(calls):
    connection.close()  # the main connection stays closed while the requests hold theirs
    outcomes = run_concurrently(*calls)
    for outcome in outcomes:
        assert outcome.ok, outcome.error
    return [o.value for o in outcomes]


def test_two_people_on_the_page_at_once_one_pupil_the_other_reads_the_message(world):
    other = make_user(f"{world.swv.code}-school-race", role=Role.SCHOOL, swv=world.swv, school=world.school_a)
    clients = []
    for user in (world.school_user, other):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    url = reverse("leerling_new")
    for value in BSNS[:ROUNDS]:
        data = _form(world, bsn=value)
        responses = _at_once([lambda c=c, d=data: c.post(url, d) for c in clients])
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [302, 400], statuses
        loser = next(r for r in responses if r.status_code == 400).content.decode()
        assert BSN_TAKEN in loser and "niet bereikbaar" not in loser
        assert Leerling.objects.filter(swv=world.swv, bsn=value).count() == 1


def test_two_api_clients_at_once_one_201_the_other_400_leerling_bestaat(world):
    apis = [Api(api_client(world, Role.SCHOOL)[1]), Api(api_client(world, Role.CONSULENT)[1])]
    for value in ONDERWIJSNUMMERS[:ROUNDS]:
        data = _form(world, onderwijsnummer=value)
        responses = _at_once([lambda a=a, d=data: a.post("/api/v1/pupils/", d) for a in apis])
        assert sorted(r.status_code for r in responses) == [201, 400], [r.content for r in responses]
        body = next(r for r in responses if r.status_code == 400).json()
        assert (body["code"], body["field"]) == ("leerling-bestaat", "onderwijsnummer")
        assert ONDERWIJSNUMMER_TAKEN in body["detail"]
        assert Leerling.objects.filter(swv=world.swv, onderwijsnummer=value).count() == 1
