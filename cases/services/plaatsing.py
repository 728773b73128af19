"""The pupil of a TLV takes up the place: the school of placement enrolled them. Until then the pupil is on
that school's waiting list (reports/capacity.py counts the waiting days from the TLV's ingangsdatum)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_noop

from cases import clock, policies
from cases.errors import Conflict, NotPermitted, ValidationFailed
from cases.models import CaseEvent, Leerling, Tlv
from cases.services.common import record_event, refusals_logged, save_with_history
from cases.services.tlv_lifecycle import lock_tlv
from cases.texts import Text
from cases.validators import plausible_date


def plaatsing_bevestigen(*, tlv: Tlv, by, op: dt.date) -> Tlv:
    """Record that the pupil is enrolled at the TLV's school of placement on `op` (the current placement of
    the pupil changes, with history; a line on the case's timeline)."""
    with refusals_logged(case=tlv.case, action="Plaatsing bevestigen", by=by), transaction.atomic():
        plausible_date(op, field="op", label="Ingeschreven op", not_after=clock.today())
        t = lock_tlv(tlv)
        if not policies.can(by, "tlv.place", t):
            raise NotPermitted(
                "Alleen de consulent of beslisser van het samenwerkingsverband legt de plaatsing vast."
            )
        if not t.is_actief(clock.today()) and not (t.status == "actief" and t.ingangsdatum > clock.today()):
            raise Conflict(
                "Deze TLV is niet (meer) van kracht: er is geen plaats om in te nemen.",
                code="tlv-niet-actief",
            )
        if op < t.ingangsdatum - dt.timedelta(days=31) or op > t.einddatum:
            raise ValidationFailed(
                "De inschrijving ligt binnen de looptijd van de TLV (vanaf een maand voor de ingangsdatum).",
                field="op",
            )
        leerling = Leerling.objects.select_for_update().get(pk=t.case.leerling_id)
        if leerling.huidige_plaatsing_id == t.plaatsingsschool_id:
            raise Conflict("De leerling staat al ingeschreven op deze school.", code="al-geplaatst")
        leerling.huidige_plaatsing = t.plaatsingsschool
        save_with_history(leerling, by=by, reason=f"plaatsing op grond van TLV {t.case.reference}")
        record_event(
            case=t.case,
            kind=CaseEvent.Kind.NOTE,
            actor=by,
            action="plaatsing_bevestigd",
            summary=Text(
                gettext_noop("Leerling ingeschreven op %(school)s per %(op)s"),
                school=t.plaatsingsschool.name,
                op=op,
            ),
            data={"school": t.plaatsingsschool_id, "op": op.isoformat()},
        )
        return t
