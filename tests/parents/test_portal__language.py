"""The ouder's preferred language: the portal speaks it (Dutch or English) for the whole parent session
unless the visitor chose a language with the switch, and the e-mails to that ouder (the personal link, the
covering e-mail of a letter or a notice) are in it; a language the application does not have means Dutch.
The letters' PDFs keep the Dutch legal text."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cases.models import Deadline
from cases.services import bekendmaking
from cases.services import ouderportaal as portal
from cases.services.deadlines import sweep_deadlines
from cases.services.ouders import ouder_language
from tests.parents.test_portal__parent_view import sign_in


def _ouder(world, taal):
    ouder = world.leerling_a.ouders.get()
    ouder.voorkeurstaal = taal
    ouder.save()
    return ouder


def test_the_portal_speaks_the_ouders_preferred_language(client, world):
    ouder = _ouder(world, "en")
    token = portal.ouder_link_issue(ouder=ouder, by=world.school_user, send=False)
    client.post(reverse("portal_link", args=[token]))
    verify = client.get(reverse("portal_verify"))
    assert "Confirm who you are" in verify.content.decode() and verify["Content-Language"] == "en"
    client.post(reverse("portal_verify"), {"geboortedatum": ouder.leerling.geboortedatum.isoformat()})
    home = client.get(reverse("portal_home"))
    assert "Applications and processes" in home.content.decode()
    assert "Aanvragen en trajecten" not in home.content.decode()
    assert home["Content-Language"] == "en"
    # the language switch (its cookie) wins over the preference
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    home = client.get(reverse("portal_home"))
    assert "Aanvragen en trajecten" in home.content.decode() and home["Content-Language"] == "nl"


def test_a_language_the_application_lacks_means_dutch(client, world):
    ouder = _ouder(world, "pl")
    assert ouder_language(ouder) == "nl"
    sign_in(client, world, ouder=ouder)
    home = client.get(reverse("portal_home"))
    assert "Aanvragen en trajecten" in home.content.decode() and home["Content-Language"] == "nl"
    # a staff page after the parent's session does not inherit a language
    assert client.get(reverse("portal_start"))["Content-Language"] == "nl"


def test_the_link_email_is_in_the_ouders_language(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        portal.ouder_link_issue(ouder=_ouder(world, "en"), by=world.school_user)
    assert mail.outbox[-1].subject == "Your personal link to your child's file"
    with django_capture_on_commit_callbacks(execute=True):
        portal.ouder_link_issue(ouder=_ouder(world, "nl"), by=world.school_user)
    assert mail.outbox[-1].subject == "Uw persoonlijke link naar het dossier van uw kind"


def test_a_letters_covering_email_is_in_the_ouders_language(world, steps, django_capture_on_commit_callbacks):
    _ouder(world, "en")
    a = steps.toegekend(world)
    with django_capture_on_commit_callbacks(execute=True):
        bekendmaking.bekendmaking_record(aanvraag=a, by=world.consulent)
    (letter,) = [m for m in mail.outbox if m.attachments]
    assert letter.subject == f"Decision (granted) — {a.case.reference}"
    with translation.override("en"):
        assert letter.body.startswith(gettext("Beste {naam},\n\nIn de bijlage vindt u").split("{")[0])
    assert letter.attachments[0][1].startswith(b"%PDF")  # the PDF itself keeps the Dutch legal text


def test_a_notice_covering_email_is_in_the_ouders_language(world, steps, django_capture_on_commit_callbacks):
    _ouder(world, "en")
    a = steps.ingediend(world)
    termijn = Deadline.objects.get(case=a.case, kind="tlv_beslistermijn")
    late = dt.datetime.combine(termijn.due_on + dt.timedelta(days=2), dt.time(9), tzinfo=dt.UTC)
    with time_machine.travel(late, tick=False), django_capture_on_commit_callbacks(execute=True):
        sweep_deadlines()
    (notice,) = [m for m in mail.outbox if m.attachments]
    with translation.override("en"):
        expected = gettext("Termijn overschreden — {ref}").format(ref=a.case.reference)
    assert notice.subject == expected
    with translation.override("nl"):
        dutch = gettext("Termijn overschreden — {ref}").format(ref=a.case.reference)
    assert dutch.startswith("Termijn overschreden")
