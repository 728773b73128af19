"""AVG rights and retention: the inzage export of one pupil, and the purge after the bewaartermijn.

The purge keeps the Case rows (SWV, school, route, dates, states) that the reports count, and removes or
anonymises what identifies the child: documents, parents, names, BSN, free text, and the history rows that
hold earlier versions of them. Each purge is a link in the audit chain.
"""

from __future__ import annotations

import datetime as dt

from django.db import models, transaction

from audit.anchor import history_changes, history_touched
from audit.models import AuditEvent, Bewaartermijn
from audit.services import audit_append
from cases import clock, person_numbers
from cases.errors import ValidationFailed
from cases.models import Case, CaseEvent, Document, Leerling

DEFAULT_YEARS = 2


def retention_years(swv_id: int) -> int:
    row = Bewaartermijn.objects.filter(swv_id=swv_id).first()
    return row.years_after_close if row else DEFAULT_YEARS


def purge_date(case: Case) -> dt.datetime | None:
    if case.closed_at is None:
        return None
    years = retention_years(case.swv_id)
    closed = case.closed_at
    try:
        return closed.replace(year=closed.year + years)
    except ValueError:  # 29 February
        return closed.replace(year=closed.year + years, day=28)


def _is_purged(case: Case) -> bool:
    return AuditEvent.objects.filter(action="purge", case_id=case.pk).exists()


# Short text fields that can hold personal data (names, addresses, free descriptions of the child's
# situation). Long text fields (TextField) are always scrubbed. Codes, states and dates are kept: the
# reports still count the case.
PERSONAL_CHAR_FIELDS = {
    "naam",
    "adres",
    "email",
    "telefoon",
    "ingediend_door",
    "voorzitter",
    "eigenaar",
    "omschrijving",
    "vervolgplek_omschrijving",
    "plek_omschrijving",
    "herkomst_toelichting",
    "reason",
    "close_reason",
}
SKIP_MODELS = {
    "CaseEvent",
    "Document",
    "Case",
    "Swv",
    "School",
    "Bestuur",
    "Gemeente",
    "Leerling",
    "Deskundige",
    "TermPolicy",
}


def _scrub_fields(model):
    return [
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key
        and f.name != "history_change_reason"
        and (
            isinstance(f, models.TextField)
            or (isinstance(f, models.CharField) and f.name in PERSONAL_CHAR_FIELDS)
        )
    ]


def _scrub(model, qs) -> int:
    fields = _scrub_fields(model)
    return qs.update(**{name: "" for name in fields}) if fields else 0


def _case_paths(depth: int = 3):
    """(model, lookup to the case) for every model that hangs off a Case, directly or through others."""
    seen, out = set(), []
    frontier = [(Case, "")]
    for _ in range(depth):
        nxt = []
        for parent, path in frontier:
            for rel in parent._meta.related_objects:
                model = rel.related_model
                if not isinstance(model, type) or not issubclass(model, models.Model):
                    continue
                name = model.__name__
                if name.startswith("Historical") or model._meta.app_label != "cases" or name in SKIP_MODELS:
                    continue
                lookup = f"{rel.field.name}__{path}" if path else rel.field.name
                if (model, lookup) in seen:
                    continue
                seen.add((model, lookup))
                out.append((model, lookup))
                nxt.append((model, lookup))
        frontier = nxt
    return out


def case_purge(*, case: Case, by, now=None) -> dict:
    """Remove or anonymise the personal data of one closed case after its bewaartermijn. No job, command or
    page calls it: retention runs through the reviewed vernietigingslijsten (cases/services/vernietiging.py);
    this stays for the chain links earlier purges left (audit_verify reads them) and for a pseudonymisation
    an SWV decides on by hand."""
    now = now or clock.now()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.closed_at is None:
            raise ValidationFailed("Een open casus wordt niet opgeschoond.", code="casus-open")
        if purge_date(case) > now:
            raise ValidationFailed(
                f"De bewaartermijn loopt nog tot {purge_date(case):%d-%m-%Y}.", code="bewaartermijn-loopt"
            )
        if _is_purged(case):
            raise ValidationFailed("Deze casus is al opgeschoond.", code="al-opgeschoond")
        leerling = Leerling.objects.get(pk=case.leerling_id)
        history_before = history_touched(_purged_history_rows(case, leerling))
        docs = list(Document.objects.filter(case=case))
        for doc in docs:
            transaction.on_commit(lambda f=doc.file: f.delete(save=False))
        Document.history.filter(case_id=case.pk).delete()
        for doc in sorted(docs, key=lambda d: -d.version):  # a later version protects the one it replaced
            doc.delete()
        CaseEvent.objects.filter(case=case).update(summary="(opgeschoond)", reason="", data={})
        scrubbed = 0
        for model, lookup in _case_paths():
            pks = list(model._default_manager.filter(**{lookup: case}).values_list("pk", flat=True))
            if not pks:
                continue
            scrubbed += _scrub(model, model._default_manager.filter(pk__in=pks))
            history = getattr(model, "history", None)
            if history is not None:
                _scrub(history.model, history.model.objects.filter(id__in=pks))
        anonymised = _anonymise_leerling_if_done(case.leerling_id, now=now, purging=case.pk)
        audit_append(
            action="purge",
            actor=by,
            case_id=case.pk,
            payload={
                "reference": case.reference,
                "route": case.route,
                "closed_at": case.closed_at.isoformat(),
                "documents_removed": len(docs),
                "records_scrubbed": scrubbed,
                "leerling_anonymised": anonymised,
                # the history rows scrubbed or deleted here, digests before and after: audit_verify checks
                # the history seals that covered them against the digest from before
                "history": history_changes(history_before),
            },
            at=now,
        )
    return {"documents_removed": len(docs), "leerling_anonymised": anonymised}


def _purged_history_rows(case: Case, leerling: Leerling):
    """(history model, rows) that case_purge may scrub or delete."""
    targets = [(Document.history.model, Document.history.filter(case_id=case.pk))]
    for model, lookup in _case_paths():
        history = getattr(model, "history", None)
        if history is not None:
            pks = model._default_manager.filter(**{lookup: case}).values_list("pk", flat=True)
            targets.append((history.model, history.model.objects.filter(id__in=list(pks))))
    return targets + pupil_history_rows(leerling.pk)


def pupil_history_rows(leerling_id: int):
    """(history model, rows) that anonymise_leerling deletes: the pupil's, its ouders' and its consents'."""
    from cases.models import Consent, Ouder

    return [
        (Ouder.history.model, Ouder.history.filter(leerling_id=leerling_id)),
        (Consent.history.model, Consent.history.filter(leerling_id=leerling_id)),
        (Leerling.history.model, Leerling.history.filter(id=leerling_id)),
    ]


def _anonymise_leerling_if_done(leerling_id: int, *, now, purging: int) -> bool:
    """Anonymise the pupil once none of their cases is open or still within its bewaartermijn."""
    for other in Case.objects.filter(leerling_id=leerling_id).exclude(pk=purging):
        if other.closed_at is None or (purge_date(other) > now and not _is_purged(other)):
            return False
    anonymise_leerling(leerling_id)
    return True


def anonymise_leerling(leerling_id: int) -> None:
    """The pupil record keeps only what counts (woongemeente, year of birth); names, BSN and onderwijsnummer
    go, and so do the ouders (with their portal access), the consents and every earlier version of them.
    The caller records the history rows it touched in the audit chain (pupil_history_rows)."""
    leerling = Leerling.objects.get(pk=leerling_id)
    Leerling.objects.filter(pk=leerling_id).update(
        voornaam="Geanonimiseerd",
        achternaam=f"#{leerling_id}",
        bsn="",
        onderwijsnummer="",
        geboortedatum=dt.date(leerling.geboortedatum.year, 1, 1),  # the age group stays countable
    )
    leerling.ouders.all().delete()  # writes "deleted" history rows that still hold the names: removed next
    leerling.ouders.model.history.filter(leerling_id=leerling_id).delete()
    leerling.consents.all().delete()  # consents name who gave them
    leerling.consents.model.history.filter(leerling_id=leerling_id).delete()
    Leerling.history.filter(id=leerling_id).delete()  # earlier versions hold the names and BSN


# --- inzage (art. 15) ----------------------------------------------------------------------------


def _history(qs, *, masked=()) -> list[dict]:
    """The correction history; the values of the fields in `masked` are shown masked (person numbers)."""

    def shown(field, value):
        return person_numbers.mask(value) if field in masked else str(value)

    rows = []
    for h in qs.order_by("history_date"):
        changes = []
        prev = h.prev_record
        if prev is not None:
            changes = [
                {"veld": c.field, "oud": shown(c.field, c.old), "nieuw": shown(c.field, c.new)}
                for c in h.diff_against(prev).changes
            ]
        rows.append(
            {
                "op": h.history_date.isoformat(),
                "soort": h.get_history_type_display(),
                "door": getattr(h.history_user, "username", None),
                "reden": h.history_change_reason or "",
                "wijzigingen": changes,
            }
        )
    return rows


def leerling_inzage(*, leerling: Leerling, user) -> dict:
    """Everything held about one pupil, machine-readable (JSON), with the correction history. The BSN and
    onderwijsnummer follow the one rule (cases.policies.person_number_for), the ouders' address, e-mail and
    phone the same rule (cases.services.ouders.contact_for): masked unless `user`, who asks for the export,
    may see them in full."""
    from audit.models import AccessLog
    from cases import policies
    from cases.services import ouders as ouder_services

    def plain(obj, exclude=()):
        return {
            f.name: (str(getattr(obj, f.attname)) if getattr(obj, f.attname) is not None else None)
            for f in obj._meta.concrete_fields
            if f.name not in exclude
        }

    cases = []
    for case in Case.objects.filter(leerling=leerling).order_by("opened_at"):
        cases.append(
            {
                "casus": plain(case),
                "tijdlijn": [
                    {"op": e.at.isoformat(), "soort": e.kind, "samenvatting": e.summary, "reden": e.reason}
                    for e in case.events.all()
                ],
                "documenten": [plain(d, exclude=("file",)) for d in case.documents.all()],
                "termijnen": [
                    {
                        "termijn": d.label,
                        "status": d.status,
                        "uiterste_datum": str(d.due_on),
                        "uitleg": d.explanation,
                    }
                    for d in case.deadlines.all()
                ],
            }
        )
    return {
        "leerling": {
            **plain(leerling),
            **{f: policies.person_number_for(user, leerling, f) for f in person_numbers.PERSON_NUMBER_FIELDS},
        },
        "ouders": [
            {**plain(o), **{f: ouder_services.contact_for(user, o, f) for f in ouder_services.CONTACT_FIELDS}}
            for o in leerling.ouders.all()
        ],
        "correctiehistorie": _history(
            Leerling.history.filter(id=leerling.pk),
            masked=() if policies.may_see_bsn(user, leerling) else person_numbers.PERSON_NUMBER_FIELDS,
        ),
        "casussen": cases,
        "inzage_door_medewerkers": [
            {"op": r.at.isoformat(), "gebruiker": r.user.username, "wat": r.what, "casus": r.case_reference}
            for r in AccessLog.objects.filter(leerling_id=leerling.pk).select_related("user")
        ],
    }


# --- the read-access log's own term ---------------------------------------------------------------------


def access_log_purge(*, now=None, years: int | None = None) -> int:
    """Delete read-access log entries older than their term (settings.ACCESS_LOG_RETENTION_YEARS, NEN 7513
    practice: 5 years). On PostgreSQL the log's trigger allows exactly this DELETE (older than the moment set
    for this transaction, and older than one year); the purge itself is a link in the audit chain."""
    from django.conf import settings
    from django.db import connection

    from audit.models import AccessLog

    years = settings.ACCESS_LOG_RETENTION_YEARS if years is None else years
    now = now or clock.now()
    try:
        before = now.replace(year=now.year - years)
    except ValueError:  # 29 February
        before = now.replace(year=now.year - years, day=28)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('audit.access_log_purge_before', %s, true)", [before.isoformat()]
                )
        n, _ = AccessLog.objects.filter(at__lt=before).delete()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('audit.access_log_purge_before', '', true)")
        if n:
            audit_append(
                action="access_log_purge", payload={"before": before.isoformat(), "deleted": n}, at=now
            )
    return n
