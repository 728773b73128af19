"""The parent's own view: a single-use personal link plus the pupil's date of birth open a session; the
parent sees their child's case in plain words with the term explained, the letter addressed to them, adds a
zienswijze and withdraws a consent (both on the timeline); every read is in the access log; a link used
twice, after expiry, or with a wrong date of birth is refused and changes nothing."""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from audit.models import AccessLog, AuditEvent
from cases import clock
from cases.models import CaseEvent, Consent, Document, OuderToegang
from cases.services import bekendmaking
from cases.services import ouderportaal as portal
from tests.factories import give_consent, pdf


def _token_from_mail() -> str:
    (message,) = [m for m in mail.outbox if "persoonlijke link" in m.subject]
    return re.search(r"/ouders/link/([^/\s]+)/", message.body).group(1)


def sign_in(client, world, ouder=None):
    ouder = ouder or world.leerling_a.ouders.get()
    token = portal.ouder_link_issue(ouder=ouder, by=world.school_user, send=False)
    assert client.post(reverse("portal_link", args=[token])).status_code == 302
    born = ouder.leerling.geboortedatum.strftime("%d-%m-%Y")
    response = client.post(reverse("portal_verify"), {"geboortedatum": born})
    assert response.status_code == 302 and response["Location"] == reverse("portal_home")
    return token


def test_the_school_mails_the_link_and_the_parent_signs_in_with_the_date_of_birth(
    client, world, django_capture_on_commit_callbacks
):
    ouder = world.leerling_a.ouders.get()
    client.force_login(world.school_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ouder_link", args=[ouder.pk]))
    assert response.status_code == 302
    token = _token_from_mail()
    assert mail.outbox[-1].to == ["ouder@test.example"]
    client.logout()
    # the GET only shows a button: a mail scanner following the link does not spend it
    assert client.get(reverse("portal_link", args=[token])).status_code == 200
    assert OuderToegang.objects.get().used_at is None
    client.post(reverse("portal_link", args=[token]))
    assert client.get(reverse("portal_home")).status_code == 302  # not yet: the second factor first
    response = client.post(
        reverse("portal_verify"), {"geboortedatum": world.leerling_a.geboortedatum.isoformat()}
    )
    assert response["Location"] == reverse("portal_home")
    page = client.get(reverse("portal_home"))
    assert page.status_code == 200 and "Het dossier van Anna" in page.content.decode()


def test_a_link_used_twice_or_after_expiry_is_refused_and_logged(client, world):
    ouder = world.leerling_a.ouders.get()
    token = sign_in(client, world)
    other = client.__class__()
    response = other.post(reverse("portal_link", args=[token]))
    assert response.status_code == 400 and "al gebruikt" in response.content.decode()
    assert other.get(reverse("portal_home")).status_code == 302
    late = portal.ouder_link_issue(ouder=ouder, by=world.school_user, send=False)
    with time_machine.travel(clock.now() + portal.LINK_VALID + dt.timedelta(minutes=1), tick=False):
        response = other.post(reverse("portal_link", args=[late]))
    assert response.status_code == 400 and "verlopen" in response.content.decode()
    assert OuderToegang.objects.filter(verified_at__isnull=False).count() == 1
    unknown = other.post(reverse("portal_link", args=["verzonnen-token"]))
    assert unknown.status_code == 400 and "niet (meer) geldig" in unknown.content.decode()
    refusals = AuditEvent.objects.filter(action="ouderportaal_geweigerd").values_list(
        "payload__code", flat=True
    )
    assert sorted(refusals) == ["ouderlink-gebruikt", "ouderlink-onbekend", "ouderlink-verlopen"]
    assert OuderToegang.objects.filter(used_at__isnull=False).count() == 1  # the refused ones stay unused


def test_a_wrong_date_of_birth_counts_and_the_fifth_ends_the_link(client, world):
    ouder = world.leerling_a.ouders.get()
    token = portal.ouder_link_issue(ouder=ouder, by=world.school_user, send=False)
    client.post(reverse("portal_link", args=[token]))
    for _attempt in range(portal.MAX_ATTEMPTS):
        response = client.post(reverse("portal_verify"), {"geboortedatum": "01-01-2001"})
        assert response.status_code == 400
    assert "vervallen" in response.content.decode()
    toegang = OuderToegang.objects.get()
    assert toegang.revoked_at is not None and toegang.verified_at is None
    # the right date afterwards no longer opens anything
    client.post(reverse("portal_verify"), {"geboortedatum": ouder.leerling.geboortedatum.isoformat()})
    assert client.get(reverse("portal_home")).status_code == 302


def test_no_link_for_an_ouder_without_gezag_or_by_another_school(client, world):
    ouder = world.leerling_a.ouders.get()
    client.force_login(world.school_b_user)
    assert client.post(reverse("ouder_link", args=[ouder.pk])).status_code in (403, 404)
    ouder.gezag = False
    ouder.save()
    client.force_login(world.school_user)
    response = client.post(reverse("ouder_link", args=[ouder.pk]), follow=True)
    assert "geen gezag" in response.content.decode()
    assert not OuderToegang.objects.exists()


def test_the_parent_sees_the_plain_status_the_explained_term_and_their_letter(
    client, world, steps, django_capture_on_commit_callbacks
):
    a = steps.toegekend(world)
    with django_capture_on_commit_callbacks(execute=True):
        bk = bekendmaking.bekendmaking_record(aanvraag=a, by=world.consulent)
    copy = bk.ontvangers.get(ouder__naam="Ouder A")
    sign_in(client, world)
    home = client.get(reverse("portal_home")).content.decode()
    assert a.case.reference in home and "De toelaatbaarheidsverklaring is toegekend." in home
    page = client.get(reverse("portal_case", args=[a.case.pk])).content.decode()
    assert "De toelaatbaarheidsverklaring is toegekend." in page
    deadline = a.case.deadlines.exclude(status="closed").first()
    assert deadline is not None and escape(deadline.display_explanation) in page
    assert reverse("portal_letter", args=[copy.pk]) in page
    letter = client.get(reverse("portal_letter", args=[copy.pk]))
    assert letter.status_code == 200 and b"".join(letter.streaming_content).startswith(b"%PDF")
    # the school's copy is not theirs
    school_copy = bk.ontvangers.exclude(ouder__isnull=False).first()
    assert client.get(reverse("portal_letter", args=[school_copy.pk])).status_code == 404
    reads = AccessLog.objects.filter(via="ouder", ouder_id=copy.ouder_id)
    assert {r.view for r in reads} >= {"portal_home", "portal_case", "portal_letter"}
    assert all(r.leerling_id == world.leerling_a.pk for r in reads)


def test_the_parent_uploads_a_zienswijze_on_the_timeline(client, world, steps):
    a = steps.concept(world)
    sign_in(client, world)
    response = client.post(
        reverse("portal_case", args=[a.case.pk]),
        {"kind": "zienswijze_ouders", "file": pdf("zienswijze.pdf")},
    )
    assert response.status_code == 302
    doc = Document.objects.get(case=a.case, ouder__isnull=False)
    assert (doc.kind, doc.ouder.naam, doc.uploaded_by.username) == (
        "zienswijze_ouders",
        "Ouder A",
        "ouderportaal",
    )
    assert CaseEvent.objects.filter(case=a.case, action="document_upload_ouder").exists()
    assert "zienswijze.pdf" in client.get(reverse("portal_case", args=[a.case.pk])).content.decode()
    # a bad file: a clear Dutch error, nothing added
    bad = client.post(
        reverse("portal_case", args=[a.case.pk]), {"kind": "zienswijze_ouders", "file": pdf("x.exe")}
    )
    assert bad.status_code == 400 and "niet toegestaan" in bad.content.decode()
    assert Document.objects.filter(case=a.case, ouder__isnull=False).count() == 1


def test_the_parent_withdraws_a_consent_after_confirming(client, world, steps):
    m = steps.concept(world)
    consent = give_consent(world.leerling_a, "casusoverleg")
    sign_in(client, world)
    confirm = client.get(reverse("portal_consent_withdraw", args=[consent.pk]))
    assert confirm.status_code == 200 and "Ja, intrekken" in confirm.content.decode()
    consent.refresh_from_db()
    assert consent.ingetrokken_op is None  # opening the confirmation changes nothing
    assert client.post(reverse("portal_consent_withdraw", args=[consent.pk])).status_code == 302
    consent.refresh_from_db()
    assert (consent.ingetrokken_op, consent.ingetrokken_door) == (clock.today(), "Ouder A")
    assert CaseEvent.objects.filter(case=m.case, action="consent_withdrawn").exists()
    # twice: a clear message, nothing changes
    again = client.post(reverse("portal_consent_withdraw", args=[consent.pk]), follow=True)
    assert "al ingetrokken" in again.content.decode()
    assert Consent.history.filter(id=consent.pk).count() == 2


def test_who_opened_the_file_names_roles_and_organisations_not_persons(client, world, steps):
    a = steps.concept(world)
    staff = client.__class__()
    staff.force_login(world.consulent)
    assert staff.get(reverse("case_detail", args=[a.case.pk])).status_code == 200
    sign_in(client, world)
    page = client.get(reverse("portal_access")).content.decode()
    assert "Consulent" in page and world.swv.name in page
    assert world.consulent.username not in page and world.consulent.last_name not in page


def test_a_session_ends_when_the_ouder_loses_gezag(client, world):
    ouder = world.leerling_a.ouders.get()
    sign_in(client, world)
    assert client.get(reverse("portal_home")).status_code == 200
    ouder.gezag = False
    ouder.save()
    assert client.get(reverse("portal_home")).status_code == 302
