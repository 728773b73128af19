"""The consent register: record, withdraw, and check a consent per purpose.

`consent_record` and `consent_withdraw` are the only code that changes a consent; both write the pupil's
open cases' timelines and the webhooks `consent.given` / `consent.withdrawn`. Services that need a consent
call `consent_require`, which refuses with a clear message when none is valid today (missing, ended, or
withdrawn): a withdrawal stops what depends on it from that day on.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils.translation import gettext as _

from cases import clock, policies
from cases.errors import NotPermitted, ValidationFailed
from cases.models import Case, CaseEvent, Consent, ConsentPurpose, Document, Leerling, Ouder
from cases.models.consent import PUPIL_CONSENT_AGE
from cases.services.common import record_event, save_with_history
from cases.validators import plausible_date

log = logging.getLogger("cases.services.consent")


def _refused(exc, *, action: str, leerling_id, by):
    log.info("refused %s for pupil %s by %s: %s", action, leerling_id, by, exc.code)
    return exc


def valid_consent(leerling, purpose: str, *, on: dt.date | None = None) -> Consent | None:
    """The consent for `purpose` that holds on `on` (today), newest first; None when there is none."""
    day = on or clock.today()
    for consent in Consent.objects.filter(leerling_id=leerling.pk, purpose=purpose).order_by(
        "-gegeven_op", "-pk"
    ):
        if consent.is_valid_on(day):
            return consent
    return None


def consent_require(*, leerling, purpose: str, on: dt.date | None = None) -> Consent:
    """The valid consent for `purpose`, or a refusal naming what is missing (code `geen-toestemming`)."""
    consent = valid_consent(leerling, purpose, on=on)
    if consent is not None:
        return consent
    label = ConsentPurpose(purpose).label
    withdrawn = Consent.objects.filter(
        leerling_id=leerling.pk, purpose=purpose, ingetrokken_op__isnull=False
    ).exists()
    if withdrawn:
        message = _(
            "De toestemming voor '%(purpose)s' is ingetrokken. Dit kan pas weer als er opnieuw toestemming "
            "is vastgelegd (bij de leerling, onder Toestemmingen)."
        )
    else:
        message = _(
            "Er is geen geldige toestemming voor '%(purpose)s'. Leg eerst de toestemming van een ouder met "
            "gezag (of van de leerling vanaf 16 jaar) vast bij de leerling, onder Toestemmingen."
        )
    raise ValidationFailed(message % {"purpose": label}, code="geen-toestemming", field="toestemming")


def consent_not_withdrawn(*, leerling, purpose: str, on: dt.date | None = None) -> Consent | None:
    """For a step whose consent may also be in the file itself (the TLV's signed toestemmingsverklaring):
    refused when the register holds consents for `purpose` but none is valid (withdrawn or ended); passes
    (None) when the register holds none for it."""
    consent = valid_consent(leerling, purpose, on=on)
    if consent is not None:
        return consent
    if Consent.objects.filter(leerling_id=leerling.pk, purpose=purpose).exists():
        return consent_require(leerling=leerling, purpose=purpose, on=on)
    return None


def consent_for_tlv(*, leerling, case, on: dt.date | None = None) -> Consent | None:
    """The consent a TLV aanvraag goes on with: a valid one in the register, or (when the register holds
    none for the TLV) the ouders' signed toestemmingsverklaring in the dossier. A withdrawn or ended one
    in the register refuses, whatever the dossier holds."""
    from cases.models import DocumentKind

    consent = consent_not_withdrawn(leerling=leerling, purpose=ConsentPurpose.TLV_AANVRAAG, on=on)
    if consent is not None:
        return consent
    if case.documents.filter(kind=DocumentKind.INSTEMMING_OUDERS).exists():
        return None
    return consent_require(leerling=leerling, purpose=ConsentPurpose.TLV_AANVRAAG, on=on)


def _open_cases(leerling, case=None):
    if case is not None:
        return [case]
    return list(Case.objects.filter(leerling_id=leerling.pk, closed_at__isnull=True).select_related("swv"))


def _announce(consent: Consent, *, event: str, summary: str, actor, reason: str = "") -> None:
    """The line on the timeline of each open case of the pupil (or the consent's own case), and the hook."""
    from webhooks.services import emit

    data = {
        "consent": consent.pk,
        "purpose": consent.purpose,
        "gever": consent.gever,
        "gegeven_op": consent.gegeven_op.isoformat(),
        "ingetrokken_op": consent.ingetrokken_op.isoformat() if consent.ingetrokken_op else None,
    }
    for case in _open_cases(consent.leerling, consent.case):
        record_event(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            actor=actor if getattr(actor, "pk", None) else None,
            action=event.replace(".", "_"),
            summary=summary,
            reason=reason,
            data=data,
        )
        emit(event=event, case=case, data=data)


def _giver(leerling, *, gever: str, ouder: Ouder | None, on: dt.date) -> tuple[Ouder | None, str]:
    if gever == Consent.Gever.LEERLING:
        if leerling.age_on(on) < PUPIL_CONSENT_AGE:
            raise ValidationFailed(
                _("De leerling geeft pas vanaf 16 jaar zelf toestemming; kies een ouder met gezag."),
                code="toestemming-leerling-te-jong",
                field="ouder",
            )
        return None, f"{leerling.voornaam} {leerling.achternaam}"
    if gever != Consent.Gever.OUDER:
        raise ValidationFailed(_("Kies wie de toestemming gaf."), code="toestemming-gever", field="gever")
    if ouder is None or ouder.leerling_id != leerling.pk:
        raise ValidationFailed(
            _("Kies de ouder of verzorger van deze leerling die de toestemming gaf."),
            code="toestemming-gever",
            field="ouder",
        )
    if not ouder.gezag:
        raise ValidationFailed(
            _("%(name)s heeft geen gezag en kan geen toestemming geven.") % {"name": ouder.naam},
            code="toestemming-zonder-gezag",
            field="ouder",
        )
    return ouder, ouder.naam


def consent_record(
    *,
    leerling: Leerling,
    by,
    purpose: str,
    gever: str,
    ouder: Ouder | None = None,
    gegeven_op: dt.date | None = None,
    wijze: str,
    case: Case | None = None,
    document: Document | None = None,
    uploaded=None,
    overleg: str = "",
    reikwijdte: str = "",
    geldig_tot: dt.date | None = None,
) -> Consent:
    """Record a consent for one purpose, given by an ouder with gezag or the pupil from 16. With wijze
    'document' the signed document is an existing document of one of the pupil's cases, or `uploaded` to
    `case`; with 'overleg' the meeting is named."""
    action = "toestemming vastleggen"
    try:
        if not policies.may_manage_ouders(by, leerling):
            raise NotPermitted(
                _("Alleen de school van de leerling en de consulent leggen toestemmingen vast."),
                code="toestemming-niet-toegestaan",
            )
        if purpose not in ConsentPurpose.values:
            raise ValidationFailed(_("Kies het doel uit de lijst."), code="toestemming-doel", field="purpose")
        today = clock.today()
        gegeven_op = gegeven_op or today
        plausible_date(gegeven_op, field="gegeven_op", label=_("Gegeven op"), born=leerling.geboortedatum)
        if gegeven_op > today:
            raise ValidationFailed(
                _("De datum van de toestemming ligt in de toekomst."),
                code="toestemming-datum",
                field="gegeven_op",
            )
        if geldig_tot is not None and geldig_tot < gegeven_op:
            raise ValidationFailed(
                _("De einddatum ligt vóór de datum waarop de toestemming is gegeven."),
                code="toestemming-einde",
                field="geldig_tot",
            )
        ouder, naam = _giver(leerling, gever=gever, ouder=ouder, on=gegeven_op)
        if case is not None and (case.leerling_id != leerling.pk or not policies.can_view_case(by, case)):
            raise ValidationFailed(
                _("Kies een casus van deze leerling."), code="toestemming-casus", field="case"
            )
        if wijze == Consent.Wijze.DOCUMENT:
            if document is None and uploaded is None:
                raise ValidationFailed(
                    _("Voeg het ondertekende document toe."), code="toestemming-document", field="file"
                )
            if document is not None and (
                document.case.leerling_id != leerling.pk or not policies.can(by, "document.view", document)
            ):
                raise ValidationFailed(
                    _("Kies een document van deze leerling."), code="toestemming-document", field="document"
                )
            if uploaded is not None and case is None:
                raise ValidationFailed(
                    _("Kies de casus waar het ondertekende document bij hoort."),
                    code="toestemming-casus",
                    field="case",
                )
        elif wijze == Consent.Wijze.OVERLEG:
            if not (overleg or "").strip():
                raise ValidationFailed(
                    _("Noem het overleg waarin de toestemming is gegeven (en de datum)."),
                    code="toestemming-overleg",
                    field="overleg",
                )
        else:
            raise ValidationFailed(
                _("Kies hoe de toestemming is gegeven."), code="toestemming-wijze", field="wijze"
            )
    except (NotPermitted, ValidationFailed) as exc:
        raise _refused(exc, action=action, leerling_id=leerling.pk, by=by) from None

    with transaction.atomic():
        Leerling.objects.select_for_update().filter(pk=leerling.pk).first()
        if uploaded is not None:
            from cases.services.documents import document_upload

            document = document_upload(case=case, by=by, kind="instemming_ouders", uploaded=uploaded)
        consent = Consent(
            leerling=leerling,
            purpose=purpose,
            gever=gever,
            ouder=ouder,
            gever_naam=naam,
            gegeven_op=gegeven_op,
            wijze=wijze,
            case=case or (document.case if document is not None else None),
            document=document,
            overleg=(overleg or "").strip()[:300],
            reikwijdte=(reikwijdte or "").strip(),
            geldig_tot=geldig_tot,
            recorded_by=by,
            recorded_at=clock.now(),
        )
        save_with_history(consent, by=by, reason=_("Toestemming vastgelegd"))
        _announce(
            consent,
            event="consent.given",
            summary=_("Toestemming gegeven: %(purpose)s (door %(name)s)")
            % {"purpose": consent.get_purpose_display(), "name": naam},
            actor=by,
        )
    return consent


def consent_withdraw(
    *, consent_id, by=None, principal: policies.ParentPrincipal | None = None, reason: str = ""
) -> Consent:
    """Withdraw a consent from today: by staff who manage the pupil's ouders, or by a signed-in parent of
    the pupil. A consent that does not exist (or is not theirs to withdraw) and one already withdrawn are
    refused; nothing changes."""
    actor_label = "ouder" if principal is not None else str(getattr(by, "pk", None))
    consent = (
        Consent.objects.select_related("leerling").filter(pk=consent_id).first()
        if str(consent_id).isdigit()
        else None
    )
    allowed = consent is not None and (
        (principal is not None and policies.parent_can(principal, "consent.withdraw", consent))
        or (
            principal is None
            and by is not None
            and policies.may_manage_ouders(by, consent.leerling)
            and policies.visible_leerlingen(by).filter(pk=consent.leerling_id).exists()
        )
    )
    if not allowed:
        raise _refused(
            ValidationFailed(
                _("Deze toestemming bestaat niet, of u kunt haar niet intrekken."),
                code="toestemming-bestaat-niet",
            ),
            action="toestemming intrekken",
            leerling_id=getattr(consent, "leerling_id", None),
            by=actor_label,
        )
    with transaction.atomic():
        locked = Consent.objects.select_for_update().select_related("leerling").get(pk=consent.pk)
        if locked.ingetrokken_op is not None:
            raise _refused(
                ValidationFailed(
                    _("Deze toestemming is al ingetrokken op %(day)s.")
                    % {"day": locked.ingetrokken_op.strftime("%d-%m-%Y")},
                    code="toestemming-al-ingetrokken",
                ),
                action="toestemming intrekken",
                leerling_id=locked.leerling_id,
                by=actor_label,
            )
        if principal is not None:
            ouder = Ouder.objects.filter(pk=principal.ouder_id).first()
            door = ouder.naam if ouder else _("ouder")
            history_user = None
        else:
            door = by.get_full_name() or by.get_username()
            history_user = by
        locked.ingetrokken_op = clock.today()
        locked.ingetrokken_door = door[:200]
        locked.intrekking_reden = (reason or "").strip()
        save_with_history(locked, by=history_user, reason=_("Toestemming ingetrokken"))
        if locked.purpose == ConsentPurpose.OVERDRACHT:  # the PO→VO handover stops, or the VO stops reading
            from cases.services import overstap
            from cases.system import system_user

            overstap.consent_withdrawn(leerling=locked.leerling, by=history_user or system_user())
        _announce(
            locked,
            event="consent.withdrawn",
            summary=_("Toestemming ingetrokken: %(purpose)s (door %(name)s)")
            % {"purpose": locked.get_purpose_display(), "name": door},
            actor=by,
            reason=locked.intrekking_reden,
        )
    return locked
