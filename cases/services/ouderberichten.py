"""Notices to the ouders with gezag that are not a besluit: when a statutory term of a route they are a party
to is exceeded (the TLV's beslistermijn, the beslistermijn op bezwaar, the zorgplicht), each ouder who
receives letters gets their own PDF, e-mailed with the PDF attached after the commit or printed for the post
today, recorded per recipient (OuderBericht) and on the timeline. Idempotent per term and ouder: the sweep
may run twice."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases import clock
from cases.deadlines import format_date_nl
from cases.letters import render_pdf
from cases.models import CaseEvent, Deadline, DocumentKind, OuderBericht
from cases.services.common import record_event, save_with_history
from cases.services.ouders import ouder_language, ouders_for_letters

log = logging.getLogger("cases.services.ouderberichten")

# terms of routes the ouders are a party to, whose breach they are told about
PARENT_NOTICE_KINDS = frozenset({"tlv_beslistermijn", "beslistermijn_bezwaar", "zorgplicht"})


def _context(*, case, deadline: Deadline, naam: str, adres: str, datum: dt.date) -> dict:
    from cases.models import Briefhoofd

    briefhoofd = Briefhoofd.objects.filter(swv_id=case.swv_id).first()
    return {
        "briefhoofd": briefhoofd,
        "logo": briefhoofd.logo_data_uri() if briefhoofd else "",
        "ondertekenaar_functie": briefhoofd.ondertekenaar_functie if briefhoofd else "",
        "case": case,
        "datum": format_date_nl(datum),
        "geboortedatum": format_date_nl(case.leerling.geboortedatum),
        "ontvangers": [{"naam": naam, "adres": adres}],
        "betreft": f"overschrijding van de {deadline.label}",
        "ondertekenaar": case.swv.name,
        "term": deadline.label,
        "due": format_date_nl(deadline.due_on) if deadline.due_on else "",
        "explanation": deadline.explanation,
    }


def escalation_notices_send(*, deadline: Deadline, by) -> list[OuderBericht]:
    """Tell each ouder with gezag who receives letters that `deadline` was exceeded (once per ouder)."""
    if deadline.kind not in PARENT_NOTICE_KINDS:
        return []
    from cases.services.bekendmaking import _send_by_email, store_pdf

    case = deadline.case
    now, today = clock.now(), clock.today()
    sent = []
    for ouder in ouders_for_letters(case.leerling):
        key = f"deadline:{deadline.pk}:overschreden:ouder:{ouder.pk}"
        if OuderBericht.objects.filter(key=key).exists():
            continue
        adres = ouder.adres or ouder.email
        content = render_pdf(
            "termijn_overschreden.html",
            _context(case=case, deadline=deadline, naam=ouder.naam, adres=adres, datum=today),
        )
        filename = f"termijn-overschreden-{case.reference}-{ouder.pk}.pdf"
        document = store_pdf(case=case, by=by, name=filename, content=content, kind=DocumentKind.OVERIG)
        row = OuderBericht(
            case=case,
            ouder=ouder,
            naam=ouder.naam,
            soort=OuderBericht.Soort.TERMIJN_OVERSCHREDEN,
            deadline=deadline,
            document=document,
            sent_at=now,
            key=key,
        )
        if ouder.email:
            row.verzending, row.email = OuderBericht.Verzending.EMAIL, ouder.email
            to = ouder.email
            # the covering e-mail in the ouder's preferred language (the PDF keeps the Dutch text)
            with translation.override(ouder_language(ouder)):
                subject = _("Termijn overschreden — {ref}").format(ref=case.reference)
                body = _(
                    "Beste {naam},\n\nDe {term} voor {kind} ({ref}) is overschreden. In de bijlage leest u "
                    "wat dit betekent.\n\nMet vriendelijke groet,\n{swv}"
                ).format(
                    naam=ouder.naam,
                    term=deadline.label,
                    kind=case.leerling.voornaam,
                    ref=case.reference,
                    swv=case.swv.name,
                )
            transaction.on_commit(
                lambda to=to, subject=subject, body=body, filename=filename, content=content: _send_by_email(
                    to=to, subject=subject, body=body, filename=filename, content=content
                )
            )
        else:
            row.verzending, row.gedrukt_op = OuderBericht.Verzending.POST, today
        save_with_history(row, by=by, reason="melding termijn overschreden aan ouder")
        record_event(
            case=case,
            kind=CaseEvent.Kind.NOTIFICATION,
            actor=by,
            action="ouder_bericht",
            summary=(
                f"Melding termijn overschreden aan {ouder.naam} "
                f"({row.get_verzending_display().lower()}, {timezone.localdate(now):%d-%m-%Y})"
            ),
            data={"bericht": row.pk, "ouder": ouder.pk, "deadline": deadline.pk, "document": document.pk},
        )
        sent.append(row)
    return sent
