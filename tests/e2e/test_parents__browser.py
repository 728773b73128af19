"""Parents in Chromium: the besluit letter e-mailed to both ouders with gezag, each with their own PDF and
listed per recipient on the case page; a casusoverleg refused until the DOA consent is recorded on the
consent page, allowed then, and refused again after its withdrawal; a parent who signs in with the personal
link from the school's e-mail and the child's date of birth, reads the status in plain words, the term with
its explanation and their letter, adds a zienswijze, withdraws a consent, and reaches nothing else. No
console error on any page."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from cases import clock
from cases.models import Bekendmaking, Casusoverleg, Consent, Document, Ouder, WorkItem
from cases.services import bekendmaking, thuiszitter
from tests import thuiszitter_steps, tlv_steps
from tests.e2e.steps import login
from tests.factories import PDF_BYTES, give_consent

pytestmark = pytest.mark.django_db(transaction=True)


def _watch(page, expected_404: list[str] | None = None) -> list[str]:
    """Console errors, script errors and error answers of the live server (except the 404s a test expects)."""
    problems: list[str] = []
    allowed = expected_404 if expected_404 is not None else []

    def expected(url: str, status: int) -> bool:
        return status == 404 and any(url.endswith(u) for u in allowed)

    def on_console(msg):
        # Chromium reports the page's own 404 as "Failed to load resource"; only the expected one passes
        if msg.type == "error" and not (
            "status of 404" in msg.text and expected(msg.location.get("url", ""), 404)
        ):
            problems.append(f"console: {msg.text} ({msg.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(f"script: {exc}"))

    def on_response(r):
        if r.status >= 400 and not expected(r.url, r.status):
            problems.append(f"{r.status} {r.url}")

    page.on("response", on_response)
    return problems


def _second_ouder(w) -> Ouder:
    return Ouder.objects.create(
        leerling=w.leerling_a, naam="Ouder Twee", email="twee@test.example", gezag=True, ontvangt_brieven=True
    )


def test_the_besluit_letter_is_emailed_to_both_ouders_with_gezag(page, live_server, world, shot):
    w = world
    _second_ouder(w)
    a = tlv_steps.toegekend(w)
    problems = _watch(page)
    login(page, live_server, w.consulent)
    page.goto(f"{live_server.url}/casussen/{a.case_id}/")
    page.get_by_role("link", name="Besluit bekendmaken (brief versturen)…").click()
    recipients = page.locator("#ontvangers li")
    recipients.first.wait_for()
    listed = " ".join(recipients.all_inner_texts())
    assert "Ouder A" in listed and "Ouder Twee" in listed
    mail.outbox.clear()
    page.get_by_role("button", name=re.compile("^Ja, besluit bekendmaken")).click()
    page.wait_for_selector("text=Het besluit is bekendgemaakt")
    shot(page, "bekendgemaakt")
    assert Bekendmaking.objects.filter(aanvraag=a).count() == 1

    letters = sorted((m for m in mail.outbox if m.attachments), key=lambda m: m.to)
    assert [m.to for m in letters] == [["ouder@test.example"], ["twee@test.example"]]
    contents = []
    for m in letters:
        ((_name, content, mimetype),) = m.attachments
        assert mimetype == "application/pdf" and content.startswith(b"%PDF")
        contents.append(content)
    assert contents[0] != contents[1]  # each ouder their own copy

    page.goto(f"{live_server.url}/casussen/{a.case_id}/")
    card = page.locator("ul.letter-recipients")
    card.wait_for()
    rows = {t.split(" (")[0].strip(): t for t in card.locator("li").all_inner_texts()}
    for naam in ("Ouder A", "Ouder Twee"):
        assert "per e-mail met de brief als PDF" in rows[naam], rows
    shot(page, "brieven-per-ontvanger")
    assert problems == []


def _casusoverleg(page, live_server, m) -> None:
    item = WorkItem.objects.get(case=m.case, node="casusoverleg", status="open")
    page.goto(f"{live_server.url}/taken/{item.pk}/")
    today = clock.today()
    page.fill("#id_datum", today.isoformat())
    page.fill("#id_voorzitter", "Mw. Onafhankelijk")
    page.check("#id_voorzitter_onafhankelijk")
    page.fill("#id_deelnemers", "school\nouders\nleerplicht")
    page.fill("#id_afspraken", f"Intake jeugdhulp | wijkteam | {today:%d-%m-%Y}")
    page.get_by_role("button", name="Vastleggen en afronden").click()
    page.wait_for_load_state()


def test_a_casusoverleg_waits_for_the_doa_consent_and_stops_after_its_withdrawal(
    page, live_server, world, shot
):
    w = world
    m = thuiszitter_steps.met_plan(w)
    assert not Consent.objects.filter(leerling=w.leerling_a).exists()
    problems = _watch(page)
    login(page, live_server, w.consulent)
    _casusoverleg(page, live_server, m)
    page.wait_for_selector("text=Er is geen geldige toestemming voor")
    shot(page, "casusoverleg-geweigerd")
    assert not Casusoverleg.objects.filter(melding=m).exists()

    # the consent of Ouder A, recorded in the meeting, on the pupil's consent page
    page.goto(f"{live_server.url}/leerlingen/{w.leerling_a.pk}/toestemmingen/")
    page.select_option("#id_purpose", "casusoverleg")
    page.check("input[name=gever][value=ouder]")
    page.select_option("#id_ouder", label="Ouder A")
    page.fill("#id_gegeven_op", clock.today().isoformat())
    page.check("input[name=wijze][value=overleg]")
    page.fill("#id_overleg", "Gesprek op school met de mentor")
    page.get_by_role("button", name="Toestemming vastleggen").click()
    page.locator("#h-register ~ table td", has_text="geldig").first.wait_for()
    shot(page, "toestemming-vastgelegd")
    consent = Consent.objects.get(leerling=w.leerling_a, purpose="casusoverleg")

    _casusoverleg(page, live_server, m)
    page.wait_for_selector("text=U heeft de taak opgepakt en afgerond: Casusoverleg")
    assert Casusoverleg.objects.filter(melding=m).count() == 1
    shot(page, "casusoverleg-vastgelegd")

    # the ouders withdraw it (recorded by the school with a confirmation)
    page.goto(f"{live_server.url}/leerlingen/{w.leerling_a.pk}/toestemmingen/")
    page.get_by_role("link", name=re.compile("^Intrekken")).click()
    page.wait_for_selector("h1:has-text('Toestemming intrekken')")
    page.fill("#id_reden", "Ouders willen geen overleg meer")
    page.get_by_role("button", name="Intrekken").click()
    page.wait_for_selector("text=ingetrokken op")
    consent.refresh_from_db()
    assert consent.ingetrokken_op == clock.today()

    # the pupil drops out again during monitoring: a new plan, and the next casusoverleg is refused
    thuiszitter.aanbod_record(
        melding=m, by=w.consulent, soort="onderwijs", omschrijving="Deeltijdrooster", startdatum=clock.today()
    )
    thuiszitter.terugkeer_record(melding=m, by=w.school_user, terugkeer_op=clock.today())
    thuiszitter.heropenen(melding=m, by=w.leerplicht, eerste_verzuimdag=clock.today(), reason="Weer thuis")
    thuiszitter.plan_record(melding=m, by=w.school_user, eigenaar=w.school_a, inhoud="Opnieuw opbouwen")
    _casusoverleg(page, live_server, m)
    page.wait_for_selector(
        "text=De toestemming voor 'Bespreking aan een casustafel (DOA, casusoverleg)' is ingetrokken"
    )
    shot(page, "casusoverleg-na-intrekking-geweigerd")
    assert Casusoverleg.objects.filter(melding=m).count() == 1
    assert problems == []


def test_a_parent_signs_in_with_the_link_sees_the_case_and_reaches_nothing_else(
    browser, page, live_server, world, shot, django_capture_on_commit_callbacks
):
    w = world
    a = tlv_steps.toegekend(w)
    bk = bekendmaking.bekendmaking_record(aanvraag=a, by=w.consulent)
    copy = bk.ontvangers.get(ouder__naam="Ouder A")
    herindicatie = tlv_steps.concept(w)  # an open request the zienswijze goes with
    consent = give_consent(w.leerling_a, "casusoverleg")
    other = thuiszitter_steps.gemeld(w, leerling=w.leerling_b, by=w.school_b_user)
    ouder = w.leerling_a.ouders.get(naam="Ouder A")

    # the school sends the link from the ouders card on the pupil page
    staff_problems = _watch(page)
    login(page, live_server, w.school_user)
    page.goto(f"{live_server.url}/leerlingen/{w.leerling_a.pk}/")
    mail.outbox.clear()
    page.get_by_role("link", name="Persoonlijke link sturen Ouder A").click()
    page.get_by_role("button", name="Link sturen").click()
    page.wait_for_selector("text=Persoonlijke link gemaild naar Ouder A")
    shot(page, "link-gestuurd")
    assert staff_problems == []
    (message,) = [m for m in mail.outbox if "persoonlijke link" in m.subject.lower()]
    assert message.to == [ouder.email]
    link = re.search(r"https?://\S+/ouders/link/[^/\s]+/", message.body).group(0)
    link = re.sub(r"^https?://[^/]+", live_server.url, link)

    # the parent, in a browser of their own
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    parent = context.new_page()
    parent.set_default_timeout(15000)
    other_url = f"/ouders/casussen/{other.case_id}/"
    problems = _watch(parent, expected_404=[other_url])
    try:
        parent.goto(link)
        parent.get_by_role("button", name="Verder").click()
        parent.wait_for_selector("h1:has-text('Bevestig wie u bent')")
        field = parent.locator("#id_geboortedatum")
        born = w.leerling_a.geboortedatum
        field.fill(born.isoformat() if field.get_attribute("type") == "date" else f"{born:%d-%m-%Y}")
        parent.get_by_role("button", name="Bevestigen").click()
        parent.wait_for_selector("h1:has-text('Het dossier van Anna')")
        assert "De toelaatbaarheidsverklaring is toegekend." in parent.inner_text("main")
        shot(parent, "ouder-overzicht")

        parent.get_by_role("link", name=re.compile(re.escape(a.case.reference))).click()
        parent.wait_for_selector("#h-status")
        main = parent.inner_text("main")
        assert "De toelaatbaarheidsverklaring is toegekend." in main
        deadline = a.case.deadlines.exclude(status="closed").first()
        assert deadline is not None and deadline.display_explanation in main
        letter = parent.locator(f"a[href='/ouders/brieven/{copy.pk}/']")
        assert letter.count() == 1
        assert parent.locator("a[href^='/ouders/brieven/']").count() == 1  # only their own copy
        with parent.expect_download() as download:
            letter.click()
        with open(download.value.path(), "rb") as f:
            assert f.read(5) == b"%PDF-"

        parent.goto(f"{live_server.url}/ouders/")
        parent.get_by_role("link", name=re.compile(re.escape(herindicatie.case.reference))).click()
        parent.wait_for_selector("text=De school bereidt de aanvraag voor")
        parent.select_option("#id_kind", "zienswijze_ouders")
        parent.set_input_files(
            "#id_file", files=[{"name": "zienswijze.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
        )
        parent.get_by_role("button", name="Toevoegen").click()
        parent.wait_for_selector("text=Uw document is toegevoegd")
        assert parent.locator("#h-documenten ~ ul li", has_text="zienswijze.pdf").count() == 1
        assert Document.objects.filter(
            case=herindicatie.case, ouder=ouder, original_name="zienswijze.pdf"
        ).exists()
        shot(parent, "ouder-casus")

        parent.goto(f"{live_server.url}/ouders/")
        parent.get_by_role("link", name=re.compile("^Intrekken")).click()
        parent.wait_for_selector("h1:has-text('Toestemming intrekken')")
        parent.get_by_role("button", name="Ja, intrekken").click()
        parent.wait_for_selector("text=is ingetrokken")
        consent.refresh_from_db()
        assert consent.ingetrokken_op == clock.today()
        shot(parent, "toestemming-ingetrokken")

        # a staff page answers as to an anonymous visitor; another child's case as a missing one
        parent.goto(f"{live_server.url}/casussen/{a.case_id}/")
        assert "/inloggen/" in parent.url and a.case.reference not in parent.content()
        answer = parent.goto(f"{live_server.url}{other_url}")
        assert answer.status == 404 and w.leerling_b.voornaam not in parent.content()
        shot(parent, "ander-kind-404")
    finally:
        parent.goto("about:blank")
        context.close()
    assert problems == []
