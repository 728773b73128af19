"""The pupil's voice (hoorrecht): record, per case, the pupil's own view as a dated entry with who heard
them and how, or why they were not heard. Recorded by those who add documents to the case (the school,
the consulent, on a screening the screeningsteam); saved with history and on the timeline."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases import clock, policies
from cases.errors import NotPermitted, ValidationFailed
from cases.models import Case, CaseEvent, LeerlingGehoord
from cases.services.common import record_event, refusals_logged, save_with_history
from cases.texts import Text
from cases.validators import plausible_date


def may_record(user, case) -> bool:
    return bool(policies.document_roles_on(user, case)) and policies.can_view_case(user, case)


def latest(case) -> LeerlingGehoord | None:
    """The newest entry of the case (what the TLV and schakel forms show), or None."""
    return LeerlingGehoord.objects.filter(case=case).order_by("-gehoord_op", "-pk").first()


def hoorrecht_record(
    *,
    case: Case,
    by,
    gehoord_op: dt.date | None,
    gehoord_door: str,
    wijze: str,
    mening: str = "",
    reden_niet_gehoord: str = "",
) -> LeerlingGehoord:
    with refusals_logged(case=case, action="mening leerling vastleggen", by=by), transaction.atomic():
        if not may_record(by, case):
            raise NotPermitted(
                _(
                    "Alleen de school, de consulent en bij een screening het screeningsteam leggen de "
                    "mening van de leerling vast."
                ),
                code="hoorrecht-niet-toegestaan",
            )
        if case.closed_at is not None:
            raise ValidationFailed(_("De casus is afgesloten; er kan niets meer bij."), code="casus-gesloten")
        if gehoord_op is None:
            raise ValidationFailed(
                _("Vul in wanneer de leerling is gehoord."), code="hoorrecht-datum", field="gehoord_op"
            )
        plausible_date(
            gehoord_op, field="gehoord_op", label=_("Gehoord op"), born=case.leerling.geboortedatum
        )
        if gehoord_op > clock.today():
            raise ValidationFailed(
                _("De datum ligt in de toekomst."), code="hoorrecht-datum", field="gehoord_op"
            )
        if wijze not in LeerlingGehoord.Wijze.values:
            raise ValidationFailed(
                _("Kies hoe de leerling is gehoord."), code="hoorrecht-wijze", field="wijze"
            )
        door = " ".join((gehoord_door or "").split())
        if not door:
            raise ValidationFailed(
                _("Vul in wie de leerling heeft gehoord (naam en functie)."),
                code="hoorrecht-door",
                field="gehoord_door",
            )
        mening, reden = (mening or "").strip(), (reden_niet_gehoord or "").strip()
        if wijze == LeerlingGehoord.Wijze.NIET_GEHOORD:
            if not reden:
                raise ValidationFailed(
                    _("Vul in waarom de leerling niet is gehoord."),
                    code="hoorrecht-reden",
                    field="reden_niet_gehoord",
                )
        elif not mening:
            raise ValidationFailed(
                _("Vul de mening van de leerling in, zo veel mogelijk in de eigen woorden."),
                code="hoorrecht-mening",
                field="mening",
            )
        entry = LeerlingGehoord(
            case=case,
            gehoord_op=gehoord_op,
            gehoord_door=door[:200],
            wijze=wijze,
            mening=mening if wijze != LeerlingGehoord.Wijze.NIET_GEHOORD else "",
            reden_niet_gehoord=reden if wijze == LeerlingGehoord.Wijze.NIET_GEHOORD else "",
            recorded_by=by,
            recorded_at=clock.now(),
        )
        save_with_history(entry, by=by, reason=_("Mening van de leerling vastgelegd"))
        record_event(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            actor=by,
            action="hoorrecht",
            summary=(
                Text(
                    gettext_noop("Leerling gehoord op %(date)s door %(who)s"),
                    date=gehoord_op,
                    who=entry.gehoord_door,
                )
                if wijze != LeerlingGehoord.Wijze.NIET_GEHOORD
                else Text(gettext_noop("Leerling niet gehoord (%(date)s)"), date=gehoord_op)
            ),
            reason=entry.reden_niet_gehoord,
            data={"gehoord": entry.pk, "wijze": wijze},
        )
    return entry
