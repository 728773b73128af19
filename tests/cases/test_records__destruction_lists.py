"""Destruction lists: proposed by the periodic job, reviewed (take off with a reason, legal hold), approved
twice by two different people, carried out in batches: the case and everything of it gone, a tombstone in the
audit chain that `audit_verify` accepts, a verklaring van vernietiging as PDF. Bad input changes nothing."""

import datetime as dt
import io

import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse

from audit.anchor import checkpoint_write
from audit.models import AccessLog, AuditEvent
from audit.services import verify_chain
from cases import clock
from cases.errors import DomainError
from cases.models import Case, Document, Vernietigingslijst, WorkItem
from cases.roles import Role
from cases.services import vernietiging
from notifications.models import Notification
from tests import tlv_steps
from tests.factories import make_user

pytestmark = pytest.mark.postgres


@pytest.fixture
def reviewers(world):
    return (
        make_user(role=Role.PRIVACY_OFFICER, swv=world.swv, first_name="Femke"),
        make_user(role=Role.ARCHIVARIS, swv=world.swv, first_name="Arie"),
    )


@pytest.fixture
def closed_cases(world, django_capture_on_commit_callbacks):
    """Two closed TLV cases (one granted, one rejected) with their timeline chained and history sealed."""
    with django_capture_on_commit_callbacks(execute=True):
        granted = tlv_steps.toegekend(world).case
        rejected = tlv_steps.afgewezen(world).case
    checkpoint_write()  # the history rows are sealed into the chain before they are destroyed
    return granted, rejected


def _later(case):
    """A moment after the case's archiefactiedatum."""
    case.refresh_from_db()
    return clock.start_of_day(case.archiefactiedatum + dt.timedelta(days=1))


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_list_is_proposed_reviewed_approved_twice_and_carried_out(
    client, world, reviewers, closed_cases, django_capture_on_commit_callbacks
):
    privacy, archivaris = reviewers
    granted, rejected = closed_cases
    pk, reference = granted.pk, granted.reference
    assert Document.objects.filter(case=granted).exists() and WorkItem.objects.filter(case=granted).exists()
    with clock.travel(_later(granted)):
        assert vernietiging.records_run()["lists"] == 1  # the periodic job
        lijst = Vernietigingslijst.objects.get(swv=world.swv)
        assert set(lijst.items.values_list("reference", flat=True)) == {granted.reference, rejected.reference}
        assert vernietiging.records_run()["lists"] == 0  # a case already on a list is not proposed again
        # review: the rejected case is put on legal hold, which takes it off the list
        hold = lijst.items.get(reference=rejected.reference)
        client.force_login(archivaris)
        client.post(
            reverse("vernietigingslijst", args=[lijst.pk]),
            {"actie": "bewaarplicht", "item": hold.pk, "reden": "Bezwaarprocedure"},
        )
        rejected.refresh_from_db()
        assert rejected.legal_hold and lijst.items.get(pk=hold.pk).status == "verwijderd"
        client.post(reverse("vernietigingslijst", args=[lijst.pk]), {"actie": "goedkeuren"})
        # the same person approving twice is refused, nothing changes
        r = client.post(reverse("vernietigingslijst", args=[lijst.pk]), {"actie": "goedkeuren"}, follow=True)
        assert "al goedgekeurd" in r.content.decode()
        lijst.refresh_from_db()
        assert lijst.status == "voorgesteld" and lijst.akkoorden.count() == 1
        client.force_login(privacy)
        client.post(reverse("vernietigingslijst", args=[lijst.pk]), {"actie": "goedkeuren"})
        lijst.refresh_from_db()
        assert lijst.status == "goedgekeurd"
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("vernietigingslijst", args=[lijst.pk]), {"actie": "uitvoeren"})
        lijst.refresh_from_db()
        assert lijst.status == "uitgevoerd"
    # the destroyed case is gone from every table; the held case is untouched
    assert vernietiging.case_is_gone(pk) == []
    assert not Notification.objects.filter(case_id=pk).exists()
    assert Case.objects.filter(pk=rejected.pk).exists()
    tombstone = AuditEvent.objects.get(action="vernietiging", case_id=pk)
    assert tombstone.payload["reference"] == reference and tombstone.payload["lijst"] == lijst.pk
    assert tombstone.payload["resultaat"] == "toegekend"
    assert tombstone.payload["leerling_anonymised"] is False  # the pupil's held case is still there
    result = verify_chain()
    assert result.ok, result.problem
    call_command("audit_verify")
    # the verklaring van vernietiging
    r = client.get(reverse("vernietiging_verklaring", args=[lijst.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = _pdf_text(r.content)
    assert "Verklaring van vernietiging" in text and reference in text
    assert rejected.reference in text and "bewaarplicht" in text  # listed as not destroyed, with the reason
    assert len(pypdf.PdfReader(io.BytesIO(r.content)).pages) >= 1


def test_a_legal_hold_case_on_a_list_is_refused_at_approval(world, reviewers, closed_cases):
    privacy, archivaris = reviewers
    granted, _rejected = closed_cases
    with clock.travel(_later(granted)):
        lijst = vernietiging.lijst_propose(swv=world.swv, by=privacy)
        # a hold set outside the review (e.g. by the admin) still stops the approval
        Case.objects.filter(pk=granted.pk).update(legal_hold=True)
        with pytest.raises(DomainError) as exc:
            vernietiging.lijst_approve(lijst=lijst, by=privacy)
        assert "bewaarplicht" in str(exc.value.message)
        assert lijst.akkoorden.count() == 0


def test_a_held_case_is_never_proposed_nor_destroyed(world, reviewers, closed_cases):
    privacy, archivaris = reviewers
    granted, rejected = closed_cases
    vernietiging.legal_hold_set(case=rejected, by=privacy, reason="Klacht loopt")
    with clock.travel(_later(granted)):
        lijst = vernietiging.lijst_propose(swv=world.swv, by=privacy)
        assert list(lijst.items.values_list("reference", flat=True)) == [granted.reference]
        vernietiging.lijst_approve(lijst=lijst, by=privacy)
        vernietiging.lijst_approve(lijst=lijst, by=archivaris)
        Case.objects.filter(pk=granted.pk).update(legal_hold=True)  # a hold after the approval
        assert vernietiging.lijst_execute(lijst=lijst, by=archivaris) == 0
    assert Case.objects.filter(pk=granted.pk).exists() and Case.objects.filter(pk=rejected.pk).exists()


def test_only_reviewers_act_and_an_unapproved_list_is_not_carried_out(world, reviewers, closed_cases):
    privacy, archivaris = reviewers
    granted, _ = closed_cases
    with clock.travel(_later(granted)):
        lijst = vernietiging.lijst_propose(swv=world.swv, by=privacy)
        with pytest.raises(DomainError):
            vernietiging.lijst_approve(lijst=lijst, by=world.consulent)
        with pytest.raises(DomainError):
            vernietiging.lijst_execute(lijst=lijst, by=archivaris)
        with pytest.raises(DomainError):
            vernietiging.item_remove(item=lijst.items.first(), by=privacy, reason="")
    assert Case.objects.filter(pk=granted.pk).exists()


def test_a_case_before_its_archiefactiedatum_is_not_proposed(world, reviewers, closed_cases):
    assert vernietiging.lijst_propose(swv=world.swv, by=reviewers[0]) is None


def test_access_log_entries_go_after_their_own_term(world):
    now = clock.now()
    old = AccessLog.objects.create(user=world.consulent, at=now - dt.timedelta(days=365 * 5 + 10), what="oud")
    recent = AccessLog.objects.create(
        user=world.consulent, at=now - dt.timedelta(days=365 * 4), what="recent"
    )
    assert vernietiging.records_run()["access_log_purged"] == 1
    assert (
        not AccessLog.objects.filter(pk=old.pk).exists() and AccessLog.objects.filter(pk=recent.pk).exists()
    )
    assert AuditEvent.objects.filter(action="access_log_purge").exists()


def test_the_last_case_of_a_pupil_destroyed_anonymises_the_pupil(
    world, reviewers, django_capture_on_commit_callbacks
):
    """Nothing in the SWV needs the pupil's identity once its last case is destroyed: names, BSN and
    onderwijsnummer go, and so do the ouders, the consents and their history; the chain still verifies. A
    pupil with a case left keeps everything."""
    from cases.models import Leerling

    privacy, archivaris = reviewers
    with django_capture_on_commit_callbacks(execute=True):
        only = tlv_steps.toegekend(world).case
    leerling = Leerling.objects.get(pk=only.leerling_id)
    assert leerling.ouders.exists() and leerling.bsn
    others = Case.objects.filter(leerling_id=leerling.pk).exclude(pk=only.pk)
    others_ids = list(others.values_list("pk", flat=True))
    Case.objects.filter(pk__in=others_ids).update(leerling=world.leerling_b)  # this pupil has one case
    checkpoint_write()
    with clock.travel(_later(only)):
        lijst = vernietiging.lijst_propose(swv=world.swv, by=privacy)
        lijst.items.exclude(case=only).delete()
        for reviewer in (privacy, archivaris):
            vernietiging.lijst_approve(lijst=lijst, by=reviewer)
        with django_capture_on_commit_callbacks(execute=True):
            vernietiging.lijst_execute(lijst=lijst, by=archivaris)
    leerling.refresh_from_db()
    assert (leerling.voornaam, leerling.bsn, leerling.onderwijsnummer) == ("Geanonimiseerd", "", "")
    assert leerling.geboortedatum.month == 1 and leerling.geboortedatum.day == 1
    assert not leerling.ouders.exists() and not leerling.consents.exists()
    assert not Leerling.history.filter(id=leerling.pk).exists()
    tombstone = AuditEvent.objects.get(action="vernietiging", case_id=only.pk)
    assert tombstone.payload["leerling_anonymised"] is True
    result = verify_chain()
    assert result.ok, result.problem
    # pupil B still has its cases: untouched
    world.leerling_b.refresh_from_db()
    assert world.leerling_b.voornaam != "Geanonimiseerd"
