"""AVG: the inzage export of one pupil, and the purge after the bewaartermijn (refused for an open case)."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent, Bewaartermijn
from audit.privacy import case_purge
from cases.errors import ValidationFailed
from cases.models import Case, CaseEvent, Document, Leerling, Ouder
from cases.roles import Role
from cases.services.common import save_with_history
from tests.factories import make_user

NOW = timezone.make_aware(dt.datetime(2030, 6, 1, 12, 0))


@pytest.fixture
def closed(world, steps):
    a = steps.with_documents(world, steps.concept(world))
    Case.objects.filter(pk=a.case_id).update(closed_at=NOW - dt.timedelta(days=2 * 365 + 10))
    return Case.objects.get(pk=a.case_id)


def test_a_purge_of_an_open_case_is_refused(world, steps):
    a = steps.with_documents(world, steps.concept(world))
    with pytest.raises(ValidationFailed) as exc:
        case_purge(case=a.case, by=world.beheerder, now=NOW)
    assert exc.value.code == "casus-open"
    assert Document.objects.filter(case=a.case).exists()
    assert not AuditEvent.objects.filter(action="purge").exists()


def test_a_purge_within_the_bewaartermijn_is_refused(world, closed):
    Bewaartermijn.objects.create(swv=world.swv, years_after_close=5)
    with pytest.raises(ValidationFailed) as exc:
        case_purge(case=closed, by=world.beheerder, now=NOW)
    assert exc.value.code == "bewaartermijn-loopt"


def test_purge_removes_personal_data_keeps_the_counts_and_is_chained(world, closed):
    leerling = closed.leerling
    save_with_history(leerling, by=world.consulent, reason="spelling")  # a correction in the history
    counts = Case.objects.filter(swv=world.swv).values_list("route", "closed_at")
    before = list(counts)
    case_purge(case=closed, by=world.beheerder, now=NOW)
    assert list(counts) == before  # the reports still count the case
    leerling = Leerling.objects.get(pk=leerling.pk)
    assert (leerling.voornaam, leerling.bsn) == ("Geanonimiseerd", "")
    assert leerling.geboortedatum.month == 1 and leerling.geboortedatum.day == 1
    assert not Ouder.objects.filter(leerling=leerling).exists()
    assert not Ouder.history.filter(leerling_id=leerling.pk).exists()  # no deletion row keeps a name
    assert not Leerling.history.filter(id=leerling.pk).exists()
    assert not Document.objects.filter(case=closed).exists()
    assert set(CaseEvent.objects.filter(case=closed).values_list("summary", flat=True)) == {"(opgeschoond)"}
    link = AuditEvent.objects.get(action="purge", case_id=closed.pk)
    assert link.payload["leerling_anonymised"] is True and link.payload["documents_removed"] == 4
    with pytest.raises(ValidationFailed):  # once
        case_purge(case=closed, by=world.beheerder, now=NOW)


def test_the_pupil_stays_named_while_another_case_is_open(world, steps, closed):
    steps.concept(world)  # a second, open case for leerling_a
    case_purge(case=closed, by=world.beheerder, now=NOW)
    assert Leerling.objects.get(pk=closed.leerling_id).voornaam == "Anna"


def test_the_purge_command_destroys_nothing_and_proposes_a_list(world, closed, capsys, time_machine):
    """The old purge command runs the records job: cases due go on a list for review, nothing is removed."""
    from cases.models import Vernietigingslijst

    Case.objects.filter(pk=closed.pk).update(archiefnominatie="vernietigen", archiefactiedatum=NOW.date())
    time_machine.move_to(NOW)
    call_command("purge_expired", "--dry-run")
    assert closed.reference in capsys.readouterr().out
    assert not Vernietigingslijst.objects.exists()
    call_command("purge_expired")
    assert "Er is niets vernietigd" in capsys.readouterr().out
    lijst = Vernietigingslijst.objects.get()
    assert list(lijst.items.values_list("reference", flat=True)) == [closed.reference]
    assert Document.objects.filter(case=closed).count() == 4
    assert Leerling.objects.get(pk=closed.leerling_id).voornaam == "Anna"
    assert not AuditEvent.objects.filter(action="purge").exists()


def test_the_privacy_officer_exports_everything_about_one_pupil(client, world, steps):
    a = steps.with_documents(world, steps.concept(world))
    leerling = a.case.leerling
    leerling.achternaam = "Gecorrigeerd"
    save_with_history(leerling, by=world.consulent, reason="naam gecorrigeerd")
    fg = make_user(role=Role.PRIVACY_OFFICER, swv=world.swv)
    client.force_login(fg)
    response = client.get(reverse("audit_pupil_inzage_export", args=[leerling.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["leerling"]["achternaam"] == "Gecorrigeerd"
    assert data["correctiehistorie"][-1]["reden"] == "naam gecorrigeerd"
    assert {"veld": "achternaam"}.items() <= data["correctiehistorie"][-1]["wijzigingen"][0].items()
    assert data["casussen"][0]["casus"]["reference"] == a.case.reference
    assert len(data["casussen"][0]["documenten"]) == 4
    assert data["inzage_door_medewerkers"][0]["wat"] == "AVG-inzage export (JSON)"


def test_purge_reaches_records_that_hang_off_the_aanvraag(world, steps):
    """Deskundigenadviezen and BTO reviews hang off the TlvAanvraag, not the Case: scrubbed too."""
    from cases.models import DeskundigenAdvies

    a = steps.cva_advies(world)
    advies = DeskundigenAdvies.objects.filter(aanvraag=a)
    assert set(advies.values_list("advies", flat=True)) == {"Advies 1", "Advies 2"}
    Case.objects.filter(pk=a.case_id).update(closed_at=NOW - dt.timedelta(days=3 * 365))
    case_purge(case=Case.objects.get(pk=a.case_id), by=world.beheerder, now=NOW)
    assert set(advies.values_list("advies", flat=True)) == {""}
    assert not DeskundigenAdvies.history.filter(aanvraag_id=a.pk).exclude(advies="").exists()
    assert a.case.work_items.exclude(instructions="").count() == 0


def test_the_chain_still_verifies_after_a_purge_of_chained_lines_and_sealed_history(
    world, steps, django_capture_on_commit_callbacks
):
    """The purge scrubs timeline text and history rows that the chain covers: audit_verify accepts exactly
    what the purge recorded in its own link, and still finds an edit made after it."""
    from audit.anchor import checkpoint_write
    from audit.services import verify_chain

    with django_capture_on_commit_callbacks(execute=True):
        a = steps.with_documents(world, steps.concept(world))
        save_with_history(a.case.leerling, by=world.consulent, reason="spelling")
    Case.objects.filter(pk=a.case_id).update(closed_at=NOW - dt.timedelta(days=2 * 365 + 10))
    checkpoint_write()  # seals the history rows the purge is about to scrub and delete
    assert AuditEvent.objects.filter(action__startswith="case_event:").exists()
    assert verify_chain().ok
    case_purge(case=Case.objects.get(pk=a.case_id), by=world.beheerder, now=NOW)
    checkpoint_write()
    assert verify_chain().ok, verify_chain().problem
    line = CaseEvent.objects.filter(case_id=a.case_id).first()
    CaseEvent.objects.filter(pk=line.pk).update(summary="(opgeschoond) maar toch anders")
    assert "tijdlijnregel" in verify_chain().problem
