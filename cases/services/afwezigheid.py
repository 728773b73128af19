"""Absence with a vervanger: recorded by the user or a coordinator, ended early, and refused with a reason."""

from __future__ import annotations

import logging

from django.db import transaction

from cases import clock, policies
from cases.errors import NotPermitted, ValidationFailed
from cases.models import Afwezigheid
from cases.roles import Role
from cases.services.common import save_with_history

log = logging.getLogger("cases.services")

MAX_DAYS = 366  # an absence longer than a year is a change of job, not an absence


def _name(user) -> str:
    return user.get_full_name() or user.username


def _refuse(exc, *, by, user):
    log.info(
        "refused afwezigheid for user %s by %s: %s",
        getattr(user, "pk", None),
        getattr(by, "pk", None),
        exc.code,
    )
    raise exc


def afwezigheid_record(*, user, vervanger, starts_on, ends_on, by, reason: str = "") -> Afwezigheid:
    """Record that `user` is away from `starts_on` to `ends_on` (both included) with `vervanger` standing in.

    Refused: someone else's absence unless `by` coordinates their SWV; a vervanger who is the user, inactive,
    away themselves in that period, or lacking one of the user's task roles; a period that ends before today,
    runs backwards or lasts over a year; an overlap with another absence of the user."""
    try:
        if not policies.may_record_absence(by, user):
            raise NotPermitted(
                "Alleen de medewerker zelf of een consulent of beheerder van het samenwerkingsverband kan "
                "een afwezigheid vastleggen."
            )
        if vervanger.pk == user.pk:
            raise ValidationFailed(
                "Kies een ander als vervanger.", code="afwezigheid-zelf", field="vervanger"
            )
        if not vervanger.is_active:
            raise ValidationFailed(
                "Deze vervanger heeft geen actief account.", code="afwezigheid-inactief", field="vervanger"
            )
        if ends_on < starts_on:
            raise ValidationFailed(
                "De einddatum ligt vóór de begindatum.", code="afwezigheid-periode", field="ends_on"
            )
        if ends_on < clock.today():
            raise ValidationFailed(
                "Deze afwezigheid ligt al helemaal in het verleden.",
                code="afwezigheid-verleden",
                field="ends_on",
            )
        if (ends_on - starts_on).days >= MAX_DAYS:
            raise ValidationFailed(
                "Een afwezigheid duurt hoogstens een jaar.", code="afwezigheid-te-lang", field="ends_on"
            )
        missing = policies.vervanger_missing_roles(user, vervanger)
        if missing:
            labels = sorted({str(Role(role).label) for role, _swv in missing})
            raise ValidationFailed(
                f"{_name(vervanger)} heeft niet de rol van {_name(user)} om te vervangen: "
                f"{', '.join(labels)}.",
                code="afwezigheid-vervanger-rol",
                field="vervanger",
            )
        with transaction.atomic():
            overlap = Afwezigheid.objects.select_for_update().filter(
                ended_at__isnull=True, starts_on__lte=ends_on, ends_on__gte=starts_on
            )
            if overlap.filter(user=user).exists():
                raise ValidationFailed(
                    "Er is al een afwezigheid vastgelegd in deze periode.", code="afwezigheid-overlap"
                )
            if overlap.filter(user=vervanger).exists():
                raise ValidationFailed(
                    f"{_name(vervanger)} is zelf afwezig in deze periode.",
                    code="afwezigheid-vervanger-afwezig",
                    field="vervanger",
                )
            absence = Afwezigheid(
                user=user,
                vervanger=vervanger,
                starts_on=starts_on,
                ends_on=ends_on,
                reason=reason.strip()[:200],
                created_by=by,
                created_at=clock.now(),
            )
            text = f"afwezig {starts_on:%d-%m-%Y} t/m {ends_on:%d-%m-%Y}, vervanger {_name(vervanger)}"
            if by.pk != user.pk:
                text += f", vastgelegd door {_name(by)}"
            save_with_history(absence, by=by, reason=text)
            policies.forget_scope(vervanger)
            return absence
    except (NotPermitted, ValidationFailed) as exc:
        _refuse(exc, by=by, user=user)


def afwezigheid_end(*, absence: Afwezigheid, by) -> Afwezigheid:
    """End an absence now (the user is back early): their tasks return to their own list."""
    try:
        if not policies.may_record_absence(by, absence.user):
            raise NotPermitted("U kunt deze afwezigheid niet beëindigen.")
        with transaction.atomic():
            absence = Afwezigheid.objects.select_for_update().get(pk=absence.pk)
            if absence.ended_at is not None or absence.ends_on < clock.today():
                raise ValidationFailed("Deze afwezigheid is al voorbij.", code="afwezigheid-voorbij")
            absence.ended_at = clock.now()
            save_with_history(absence, by=by, reason=f"beëindigd door {_name(by)}")
            return absence
    except (NotPermitted, ValidationFailed) as exc:
        _refuse(exc, by=by, user=absence.user)
