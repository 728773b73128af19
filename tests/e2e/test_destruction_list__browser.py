"""A vernietigingslijst in Chromium, from proposal to certificate: the privacy officer proposes a list, takes
one case off with a reason and puts another on legal hold, approves; the archivaris approves (the second,
different person) and carries it out; the verklaring van vernietiging downloads as a PDF; the destroyed case
is gone from every table and its tombstone verifies; the held case stays, and a case put on legal hold on
its archive card is never proposed."""

import io
from pathlib import Path

import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse

from audit.anchor import checkpoint_write
from audit.models import AuditEvent
from audit.services import verify_chain
from cases import clock
from cases.models import Case, VernietigingsItem, Vernietigingslijst
from cases.roles import Role
from cases.services import tlv, vernietiging
from tests import tlv_steps
from tests.e2e.steps import login
from tests.factories import make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def _closed_cases(w):
    """Four closed TLV cases whose archiefactiedatum has come (set back by hand: the clock stays)."""
    granted = tlv_steps.toegekend(w).case
    rejected = tlv_steps.afgewezen(w).case
    cases = [granted, rejected]
    for reason in ("Ouders kiezen anders", "Verhuisd"):
        a = tlv_steps.ingediend(w)
        tlv.aanvraag_withdraw(aanvraag=a, by=w.school_user, reason=reason)
        cases.append(a.case)
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(archiefactiedatum=clock.today())
    checkpoint_write()  # the history rows are sealed into the chain before any is destroyed
    return [Case.objects.get(pk=c.pk) for c in cases]


def _row(page, reference):
    return page.locator("tbody tr", has_text=reference)


def test_a_list_is_proposed_reviewed_approved_twice_carried_out_and_certified(page, live_server, world, shot):
    w = world
    privacy = make_user(role=Role.PRIVACY_OFFICER, swv=w.swv, first_name="Femke", last_name="Privacy")
    archivaris = make_user(role=Role.ARCHIVARIS, swv=w.swv, first_name="Arie", last_name="Archief")
    destroyed, removed, held, held_before = _closed_cases(w)

    # a legal hold on the archive card before any list: this case is never proposed
    login(page, live_server, privacy)
    page.goto(f"{live_server.url}{reverse('vernietigingslijsten')}")
    page.fill("#kenmerk", held_before.reference)
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_selector(f"h1:has-text('{held_before.reference}')")
    page.fill("#id_bewaarplicht-reason", "Klacht bij de Inspectie")
    page.get_by_role("button", name="Bewaarplicht opleggen").click()
    page.wait_for_selector("text=De casus staat onder bewaarplicht; zij wordt niet vernietigd.")
    shot(page, "archiefkaart-bewaarplicht")

    # the proposal
    page.goto(f"{live_server.url}{reverse('vernietigingslijsten')}")
    page.get_by_role("button", name="Nu een lijst voorstellen").click()
    page.wait_for_selector("text=1 lijst voorgesteld.")
    lijst = Vernietigingslijst.objects.get(swv=w.swv)
    assert set(lijst.items.values_list("reference", flat=True)) == {
        destroyed.reference,
        removed.reference,
        held.reference,
    }
    page.get_by_role("link", name=f"VL-{lijst.pk}").click()
    page.wait_for_selector(f"h1:has-text('VL-{lijst.pk}')")
    shot(page, "lijst-voorgesteld")

    # review: one case off the list with a reason, one on legal hold
    row = _row(page, removed.reference)
    row.locator("input[name=reden]").fill("Bezwaar nog niet afgehandeld")
    row.get_by_role("button", name="Van de lijst halen").click()
    page.wait_for_selector("text=De casus is van de lijst gehaald.")
    row = _row(page, held.reference)
    row.locator("input[name=reden]").fill("Rechtszaak van de ouders")
    row.get_by_role("button", name="Bewaarplicht (legal hold)").click()
    page.wait_for_selector("text=De casus staat onder bewaarplicht en is van de lijst gehaald.")
    assert "Bezwaar nog niet afgehandeld" in _row(page, removed.reference).inner_text()
    page.get_by_role("button", name="Lijst goedkeuren").click()
    page.wait_for_selector("text=U heeft de lijst goedgekeurd.")
    assert page.get_by_role("button", name="Lijst goedkeuren").count() == 0  # not twice by the same person
    shot(page, "lijst-beoordeeld-eerste-akkoord")

    # the archivaris confirms the default rule of one result, below the lists
    login(page, live_server, archivaris)
    page.goto(f"{live_server.url}{reverse('vernietigingslijsten')}")
    page.get_by_role(
        "button", name="Archiefregel bevestigen: Toelaatbaarheidsverklaring, TLV toegekend"
    ).click()
    page.wait_for_selector("text=Archiefregel bevestigd: Toelaatbaarheidsverklaring, TLV toegekend.")
    assert page.locator("td", has_text="bevestigd door Arie Archief").count() == 1
    shot(page, "archiefregel-bevestigd")

    # the second approval, by another person, and the destruction
    page.goto(f"{live_server.url}{reverse('vernietigingslijst', args=[lijst.pk])}")
    page.get_by_role("button", name="Lijst goedkeuren").click()
    page.wait_for_selector("text=De lijst is goedgekeurd (twee akkoorden) en kan worden uitgevoerd.")
    page.get_by_role("button", name="Vernietiging uitvoeren").click()
    page.wait_for_selector("text=1 casus vernietigd.")
    shot(page, "lijst-uitgevoerd")

    # the certificate
    with page.expect_download() as info:
        page.get_by_role("link", name="Verklaring van vernietiging (PDF)").click()
    download = info.value
    assert download.suggested_filename == f"verklaring-van-vernietiging-{lijst.pk}.pdf"
    content = Path(download.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages)
    assert "Verklaring van vernietiging" in text and destroyed.reference in text
    assert "Vernietigd (1)" in text and "Niet vernietigd (2)" in text
    assert removed.reference in text and held.reference in text

    # the destroyed case is gone from every table; its tombstone verifies
    assert vernietiging.case_is_gone(destroyed.pk) == []
    tombstone = AuditEvent.objects.get(action="vernietiging", case_id=destroyed.pk)
    assert tombstone.payload["reference"] == destroyed.reference and tombstone.payload["lijst"] == lijst.pk
    checkpoint_write()
    result = verify_chain()
    assert result.ok, result.problem
    call_command("audit_verify")
    # the others stay: taken off, on hold (during review and before it)
    assert VernietigingsItem.objects.get(lijst=lijst, reference=destroyed.reference).status == "vernietigd"
    for case in (removed, held, held_before):
        assert Case.objects.filter(pk=case.pk).exists()
    assert Case.objects.get(pk=held.pk).legal_hold and Case.objects.get(pk=held_before.pk).legal_hold

    # the consulent no longer finds the destroyed case
    login(page, live_server, w.consulent)
    response = page.goto(f"{live_server.url}{reverse('case_detail', args=[destroyed.pk])}")
    assert response.status == 404
