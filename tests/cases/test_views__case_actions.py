"""Case-level actions through the views: withdraw, verdagen, buiten behandeling, uploads with bad files."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import CaseEvent, Document, TlvAanvraag
from tests.factories import pdf


def _status(a):
    return TlvAanvraag.objects.get(pk=a.pk).status


def test_school_withdraws_with_a_reason(client, world, steps):
    a = steps.ingediend(world)
    client.force_login(world.school_user)
    r = client.post(reverse("aanvraag_withdraw", args=[a.case_id]), {"intrekken-reason": ""}, follow=True)
    assert "Geef een reden" in r.content.decode()
    assert _status(a) == "ingediend"
    client.post(reverse("aanvraag_withdraw", args=[a.case_id]), {"intrekken-reason": "Verhuisd"})
    assert _status(a) == "ingetrokken"
    a = TlvAanvraag.objects.get(pk=a.pk)
    assert a.process.status == "CANCELED"
    assert not a.case.work_items.filter(status="open").exists()


def test_beslisser_verdaagt_once(client, world, steps):
    a = steps.deskundigenadvies(world)
    due_before = a.case.deadlines.get(kind="tlv_beslistermijn").due_on
    client.force_login(world.beslisser)
    client.post(reverse("aanvraag_verdagen", args=[a.case_id]), {"verdagen-reason": "Extra onderzoek"})
    termijn = a.case.deadlines.get(kind="tlv_beslistermijn")
    assert termijn.due_on >= due_before + dt.timedelta(weeks=6)
    assert "Verdaagd" in termijn.explanation or "verdaagd" in termijn.explanation
    r = client.post(
        reverse("aanvraag_verdagen", args=[a.case_id]), {"verdagen-reason": "Nog eens"}, follow=True
    )
    assert "maximum" in r.content.decode()
    assert a.case.deadlines.get(kind="tlv_beslistermijn").due_on == termijn.due_on


def test_school_may_not_verdagen(client, world, steps):
    a = steps.deskundigenadvies(world)
    client.force_login(world.school_user)
    r = client.post(reverse("aanvraag_verdagen", args=[a.case_id]), {"verdagen-reason": "x"}, follow=True)
    assert "Alleen de beslisser of de consulent" in r.content.decode()
    assert CaseEvent.objects.filter(case=a.case, kind="refused").exists()


def test_buiten_behandeling_only_after_hersteltermijn(client, world, steps):
    a = steps.onvolledig(world)
    client.force_login(world.consulent)
    r = client.post(
        reverse("aanvraag_buiten_behandeling", args=[a.case_id]),
        {"buiten-reason": "Niets ontvangen"},
        follow=True,
    )
    assert "nog niet verstreken" in r.content.decode()
    assert _status(a) == "onvolledig"
    later = dt.datetime.combine(
        a.hersteltermijn_tot + dt.timedelta(days=1), dt.time(10), ZoneInfo("Europe/Amsterdam")
    )
    with time_machine.travel(later, tick=False):
        client.force_login(world.consulent)  # the session expired during the two weeks
        client.post(
            reverse("aanvraag_buiten_behandeling", args=[a.case_id]), {"buiten-reason": "Niets ontvangen"}
        )
    assert _status(a) == "buiten_behandeling"


def test_upload_refusals_are_clear_and_store_nothing(client, world, steps, settings):
    a = steps.concept(world)
    client.force_login(world.school_user)
    url = reverse("document_upload", args=[a.case_id])
    exe = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    r = client.post(url, {"kind": "opp", "file": exe}, follow=True)
    assert "niet toegestaan" in r.content.decode()
    fake = SimpleUploadedFile("opp.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    r = client.post(url, {"kind": "opp", "file": fake}, follow=True)
    assert "past niet bij de extensie" in r.content.decode()
    settings.DOCUMENT_MAX_BYTES = 100
    r = client.post(url, {"kind": "opp", "file": pdf(size=500)}, follow=True)
    assert "te groot" in r.content.decode()
    assert not Document.objects.filter(case=a.case).exists()


def test_download_is_permission_checked(client, world, steps):
    a = steps.with_documents(world, steps.concept(world))
    doc = a.case.documents.first()
    client.force_login(world.school_user)
    r = client.get(reverse("document_download", args=[doc.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
    assert r["Content-Disposition"].startswith("attachment")
    client.force_login(world.school_b_user)
    assert client.get(reverse("document_download", args=[doc.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("document_download", args=[doc.pk])).status_code == 302
