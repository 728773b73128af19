"""The parent's own view: a personal link, its second factor, and what a signed-in parent may do.

`ouder_link_issue` gives an ouder with gezag and an e-mail address a single-use link (only its SHA-256 is
kept; a newer link revokes the unused ones) and mails it after the commit. `ouder_link_open` spends the
link once; `ouder_link_verify` asks the pupil's date of birth (the second factor, at most MAX_ATTEMPTS tries)
and returns the ParentPrincipal the session carries. `ouder_document_upload` is the one change a parent
makes to a case (a zienswijze or a document for an open case); withdrawing a consent is
cases.services.consent.consent_withdraw(principal=...). Every refusal is logged; nothing changes.

The parent is not a Django user: what they change is saved with the portal's named actor (PORTAL_USERNAME)
as history user, and the ouder's name in the reason and on the timeline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_append
from cases import clock, policies
from cases.errors import NotPermitted, ValidationFailed
from cases.models import Case, CaseEvent, Document, DocumentKind, Ouder, OuderToegang
from cases.services.common import record_event, refusals_logged, save_with_history
from cases.services.ouders import ouder_language

log = logging.getLogger("cases.services.ouderportaal")

PORTAL_USERNAME = "ouderportaal"
LINK_VALID = dt.timedelta(days=7)
# after the link is opened, the date of birth must follow within this time
CONFIRM_WITHIN = dt.timedelta(minutes=15)
# a session opened by the link lasts this long (then a new link is needed)
SESSION_VALID = dt.timedelta(hours=2)
MAX_ATTEMPTS = 5
# what a parent may add to an open case
PARENT_DOCUMENT_KINDS = (DocumentKind.ZIENSWIJZE_OUDERS, DocumentKind.OVERIG)


def portal_user():
    """The named actor of the parent's own view (inactive, no password): the history user of a parent's
    change and the `user` of their reads in the access log."""
    user, _created = get_user_model().objects.get_or_create(
        username=PORTAL_USERNAME,
        defaults={
            "first_name": "Ouderportaal",
            "last_name": "(ouder met persoonlijke link)",
            "is_active": False,
        },
    )
    return user


def token_sha256(token: str) -> str:
    return hashlib.sha256((token or "").strip().encode()).hexdigest()


def _refuse(exc, *, action: str, who) -> ValidationFailed:
    log.info("refused %s for %s: %s", action, who, exc.code)
    audit_append(
        action="ouderportaal_geweigerd", payload={"actie": action, "wie": str(who), "code": exc.code}
    )
    return exc


def may_issue_link(by, ouder: Ouder) -> bool:
    return policies.may_manage_ouders(by, ouder.leerling)


def ouder_link_issue(*, ouder: Ouder, by, send: bool = True, national: bool = False) -> str:
    """A new personal link for `ouder` (the token, returned once); their unused links lapse. Sent to the
    ouder's own e-mail address after the commit. `national` is the demo's path (no staff check)."""
    action = "persoonlijke link uitgeven"
    if not national and not may_issue_link(by, ouder):
        raise _refuse(
            NotPermitted(
                _("Alleen de school van de leerling en de consulent sturen een ouder een persoonlijke link."),
                code="ouderlink-niet-toegestaan",
            ),
            action=action,
            who=getattr(by, "pk", None),
        )
    if not ouder.gezag:
        raise _refuse(
            ValidationFailed(
                _("%(name)s heeft geen gezag en krijgt geen toegang tot het dossier.") % {"name": ouder.naam},
                code="ouderlink-zonder-gezag",
            ),
            action=action,
            who=getattr(by, "pk", None),
        )
    if not ouder.email:
        raise _refuse(
            ValidationFailed(
                _("Van %(name)s is geen e-mailadres bekend; vul dat eerst in.") % {"name": ouder.naam},
                code="ouderlink-geen-email",
            ),
            action=action,
            who=getattr(by, "pk", None),
        )
    token = secrets.token_urlsafe(32)
    now = clock.now()
    with transaction.atomic():
        for old in OuderToegang.objects.select_for_update().filter(
            ouder=ouder, used_at=None, revoked_at=None
        ):
            old.revoked_at = now
            save_with_history(old, by=by, reason=_("Vervangen door een nieuwe persoonlijke link"))
        toegang = OuderToegang(
            ouder=ouder,
            token_sha256=token_sha256(token),
            issued_at=now,
            issued_by=by,
            expires_at=now + LINK_VALID,
        )
        save_with_history(toegang, by=by, reason=_("Persoonlijke link uitgegeven"))
        audit_append(
            action="ouderlink_uitgegeven",
            actor=by,
            payload={"toegang": toegang.pk, "ouder": ouder.pk, "leerling": ouder.leerling_id},
            at=now,
        )
        if send:
            address, naam, expires = ouder.email, ouder.naam, toegang.expires_at
            taal = ouder_language(ouder)
            transaction.on_commit(lambda: _send(address, naam, token, expires, taal=taal))
    return token


def open_link(ouder: Ouder, *, now=None) -> OuderToegang | None:
    """The ouder's link that can still be opened (at most one: a newer link revokes the unused ones)."""
    now = now or clock.now()
    return (
        OuderToegang.objects.filter(ouder=ouder, used_at=None, revoked_at=None, expires_at__gt=now)
        .order_by("-issued_at", "-pk")
        .first()
    )


def links_for(leerling):
    """The personal links issued for a pupil's ouders, newest first (for the staff's ouders card and API)."""
    return (
        OuderToegang.objects.filter(ouder__leerling=leerling)
        .select_related("ouder", "issued_by")
        .order_by("-issued_at", "-pk")
    )


def link_state(toegang: OuderToegang, *, now=None) -> str:
    """`gebruikt`, `ingetrokken`, `verlopen` or `open`: what became of a link."""
    now = now or clock.now()
    if toegang.used_at is not None:
        return "gebruikt"
    if toegang.revoked_at is not None:
        return "ingetrokken"
    if toegang.expires_at <= now:
        return "verlopen"
    return "open"


def ouder_link_revoke(*, ouder: Ouder, by) -> OuderToegang:
    """Revoke the ouder's unused, unexpired link (the school of the pupil or the consulent): from then on it
    opens nothing. Refused when there is none; nothing changes."""
    action = "persoonlijke link intrekken"
    if not may_issue_link(by, ouder):
        raise _refuse(
            NotPermitted(
                _("Alleen de school van de leerling en de consulent trekken een persoonlijke link in."),
                code="ouderlink-niet-toegestaan",
            ),
            action=action,
            who=getattr(by, "pk", None),
        )
    now = clock.now()
    with transaction.atomic():
        toegang = (
            OuderToegang.objects.select_for_update()
            .filter(ouder=ouder, used_at=None, revoked_at=None, expires_at__gt=now)
            .order_by("-issued_at", "-pk")
            .first()
        )
        if toegang is not None:
            toegang.revoked_at = now
            save_with_history(toegang, by=by, reason=_("Persoonlijke link ingetrokken"))
            audit_append(
                action="ouderlink_ingetrokken",
                actor=by,
                payload={"toegang": toegang.pk, "ouder": ouder.pk, "leerling": ouder.leerling_id},
                at=now,
            )
    if toegang is None:
        raise _refuse(
            ValidationFailed(
                _("%(name)s heeft geen ongebruikte, geldige link; er is niets in te trekken.")
                % {"name": ouder.naam},
                code="ouderlink-geen-open-link",
            ),
            action=action,
            who=getattr(by, "pk", None),
        )
    return toegang


def link_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("portal_link", args=[token])


def _send(address: str, naam: str, token: str, expires_at, *, taal: str = "nl") -> None:
    with translation.override(taal):  # the ouder's preferred language
        _send_message(address, naam, token, expires_at)


def _send_message(address: str, naam: str, token: str, expires_at) -> None:
    EmailMessage(
        subject=_("Uw persoonlijke link naar het dossier van uw kind"),
        body=_(
            "Beste {naam},\n\nMet deze persoonlijke link volgt u de aanvragen en besluiten over uw kind:\n"
            "{url}\n\nDe link werkt één keer en is geldig tot {until}. Daarna vragen wij de "
            "geboortedatum van uw kind. Heeft u hier niet om gevraagd, neem dan contact op met de school."
        ).format(naam=naam, url=link_url(token), until=f"{timezone.localtime(expires_at):%d-%m-%Y %H:%M}"),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
    ).send()


def ouder_link_open(*, token: str) -> OuderToegang:
    """Spend a link once: refused when unknown, already used, revoked or expired (nothing changes)."""
    action = "persoonlijke link openen"
    now = clock.now()
    with transaction.atomic():
        toegang = (
            OuderToegang.objects.select_for_update()
            .select_related("ouder")
            .filter(token_sha256=token_sha256(token))
            .first()
        )
        if toegang is None:
            error = ValidationFailed(
                _("Deze link is niet (meer) geldig. Vraag de school om een nieuwe link."),
                code="ouderlink-onbekend",
            )
        elif toegang.used_at is not None:
            error = ValidationFailed(
                _("Deze link is al gebruikt. Een link werkt één keer; vraag de school om een nieuwe link."),
                code="ouderlink-gebruikt",
            )
        elif toegang.revoked_at is not None or toegang.expires_at <= now:
            error = ValidationFailed(
                _("Deze link is verlopen. Vraag de school om een nieuwe link."), code="ouderlink-verlopen"
            )
        elif not toegang.ouder.gezag:
            error = ValidationFailed(
                _("Deze link is niet (meer) geldig. Vraag de school om een nieuwe link."),
                code="ouderlink-zonder-gezag",
            )
        else:
            error = None
            toegang.used_at = now
            save_with_history(toegang, by=portal_user(), reason=_("Persoonlijke link geopend"))
    if error is not None:
        raise _refuse(error, action=action, who=getattr(toegang, "pk", "onbekende link"))
    return toegang


def ouder_link_verify(*, toegang_id: int, geboortedatum: dt.date | None) -> policies.ParentPrincipal:
    """The second factor: the pupil's date of birth, within CONFIRM_WITHIN of opening the link. A wrong
    answer counts; after MAX_ATTEMPTS the link lapses."""
    action = "geboortedatum controleren"
    now = clock.now()
    error = None
    with transaction.atomic():
        toegang = (
            OuderToegang.objects.select_for_update()
            .select_related("ouder__leerling")
            .filter(pk=toegang_id)
            .first()
        )
        if (
            toegang is None
            or toegang.used_at is None
            or toegang.verified_at is not None
            or toegang.revoked_at is not None
            or now > toegang.used_at + CONFIRM_WITHIN
        ):
            error = ValidationFailed(
                _("Deze aanmelding is verlopen. Vraag de school om een nieuwe link."),
                code="ouderlink-verlopen",
            )
        elif geboortedatum != toegang.ouder.leerling.geboortedatum:
            toegang.failed_attempts += 1
            left = MAX_ATTEMPTS - toegang.failed_attempts
            if left <= 0:
                toegang.revoked_at = now
                message = _(
                    "De geboortedatum klopt niet. De link is nu vervallen; vraag de school om een nieuwe."
                )
            else:
                message = _("De geboortedatum klopt niet. U kunt het nog %(n)s keer proberen.") % {"n": left}
            save_with_history(toegang, by=portal_user(), reason=_("Onjuiste geboortedatum"))
            error = ValidationFailed(message, code="ouderlink-controle", field="geboortedatum")
        else:
            toegang.verified_at = now
            save_with_history(toegang, by=portal_user(), reason=_("Ouder aangemeld met persoonlijke link"))
            ouder = toegang.ouder
            audit_append(
                action="ouderportaal_aangemeld",
                payload={"toegang": toegang.pk, "ouder": ouder.pk, "leerling": ouder.leerling_id},
                at=now,
            )
    if error is not None:
        raise _refuse(error, action=action, who=toegang_id)
    return policies.ParentPrincipal(
        ouder_id=ouder.pk, leerling_id=ouder.leerling_id, swv_id=ouder.leerling.swv_id
    )


def principal_still_valid(principal: policies.ParentPrincipal) -> bool:
    """The ouder still exists, still belongs to the pupil and still has gezag (else the session ends)."""
    return Ouder.objects.filter(pk=principal.ouder_id, leerling_id=principal.leerling_id, gezag=True).exists()


def ouder_document_upload(
    *, principal: policies.ParentPrincipal, case: Case, kind: str, uploaded
) -> Document:
    """A parent adds a zienswijze or another document to an open case of their child: checked like any
    upload, saved with the portal's actor, marked as theirs, on the timeline."""
    from cases.services.documents import _store, check_upload

    actor = portal_user()
    ouder = Ouder.objects.filter(pk=principal.ouder_id).first()
    naam = ouder.naam if ouder else _("ouder")
    with refusals_logged(case=case, action="document toevoegen (ouder)", by=actor), transaction.atomic():
        if not policies.parent_can(principal, "case.view", case):
            raise NotPermitted(_("Deze casus hoort niet bij uw kind."), code="ouder-niet-toegestaan")
        if case.closed_at is not None:
            raise ValidationFailed(
                _("Deze casus is afgesloten; er kunnen geen documenten meer bij."), code="casus-gesloten"
            )
        if kind not in PARENT_DOCUMENT_KINDS:
            raise ValidationFailed(_("Kies de soort document."), code="document-soort", field="kind")
        if uploaded is None:
            raise ValidationFailed(_("Kies een bestand."), code="document-geen-bestand", field="file")
        content_type = check_upload(uploaded)
        doc = _store(case=case, by=actor, kind=kind, uploaded=uploaded, content_type=content_type)
        doc.ouder = ouder
        save_with_history(doc, by=actor, reason=_("Toegevoegd door %(name)s (ouder)") % {"name": naam})
        record_event(
            case=case,
            kind=CaseEvent.Kind.DOCUMENT,
            actor=actor,
            action="document_upload_ouder",
            summary=(
                f"Document toegevoegd door {naam} (ouder): {doc.get_kind_display()} ({doc.original_name})"
            ),
            data={"document": doc.pk, "sha256": doc.sha256, "ouder": principal.ouder_id},
        )
    return doc
