"""Letters go to the ouders with gezag who receive letters, each their own PDF, e-mailed with the PDF
attached (or printed for the post), recorded per recipient with how it was sent."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail

from cases.models import Ouder
from cases.services import bekendmaking

AMS = ZoneInfo("Europe/Amsterdam")


def test_the_besluit_goes_to_both_parents_with_gezag_by_email_and_post(
    world, steps, django_capture_on_commit_callbacks
):
    leerling = world.leerling_a
    Ouder.objects.create(leerling=leerling, naam="Tweede ouder", adres="Molenweg 2, Emmen", gezag=True)
    Ouder.objects.create(leerling=leerling, naam="Zonder gezag", email="geen@test.example", gezag=False)
    Ouder.objects.create(
        leerling=leerling, naam="Geen brieven", email="nb@test.example", ontvangt_brieven=False
    )
    a = steps.toegekend(world)
    moment = dt.datetime(2026, 11, 13, 10, 0, tzinfo=AMS)
    with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
        bk = bekendmaking.bekendmaking_record(aanvraag=a, by=world.consulent)
    rows = {o.naam: o for o in bk.ontvangers.all()}
    assert set(rows) == {"Ouder A", "Tweede ouder", world.school_a.name, world.special.name}
    by_mail, by_post = rows["Ouder A"], rows["Tweede ouder"]
    assert (by_mail.verzending, by_mail.email) == ("email", "ouder@test.example")
    assert (by_post.verzending, by_post.gedrukt_op) == ("post", dt.date(2026, 11, 13))
    assert by_mail.document_id and by_post.document_id and by_mail.document_id != by_post.document_id
    assert by_mail.ouder.naam == "Ouder A"
    assert rows[world.school_a.name].verzending == "applicatie"
    # one e-mail, to the parent with an address, with their own PDF attached
    letters = [m for m in mail.outbox if m.attachments]  # the school's staff get their usual notice too
    assert [m.to for m in letters] == [["ouder@test.example"]]
    (_name, content, mimetype) = letters[0].attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    with by_mail.document.file.open("rb") as f:
        assert f.read() == content
