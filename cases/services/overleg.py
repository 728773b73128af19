"""Case tables (DOA, MDO, actietafel, BTO-consultation, warm handover): plan, record, close.

The only code that changes an `Overleg` and its participants, agenda items and agreements. Every change runs
in one transaction with the meeting locked, checks the actor's right (cases/policies.py), writes history
and a timeline line on every case on the agenda. A case goes on the agenda only with the parents' consent
for the meeting's purpose (cases/services/consent.py), valid on the day of the meeting, unless the kind
allows an anonymised discussion and the item is marked so.

Each agreement becomes a work item (node `overleg_afspraak`) in its owner's inbox: a named user, or a
role in an organisation. Completing it (`afspraak_complete`) records the outcome on the agreement and the
case's timeline. Recording the meeting starts a follow-up term per agenda item (`overleg_terugkoppeling`,
the weeks set for the meeting); on its day the sweep puts a task (node `overleg_terugkoppeling`) in the
chair's inbox (`on_signal_warning`). Both task kinds are shared by every route (workflows/route_specs.py).
"""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import contextmanager

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_noop

from cases import clock, policies, profiles
from cases.deadlines import Unit
from cases.errors import Conflict, DomainError, NotPermitted, ValidationFailed
from cases.models import (
    AfspraakStatus,
    Agendapunt,
    CaseEvent,
    DeelnemerRol,
    Overleg,
    OverlegAfspraak,
    OverlegDeelnemer,
    OverlegSoort,
    OverlegStatus,
    WorkItem,
)
from cases.roles import Role
from cases.services import consent as consent_services
from cases.services import deadlines as deadline_services
from cases.services.common import record_event, save_with_history
from cases.services.workitems import take_for_completion, workitem_close, workitem_create
from cases.texts import Text

log = logging.getLogger("cases.services.overleg")

AFSPRAAK_NODE = "overleg_afspraak"  # an agreement in its owner's inbox (stable: a work item's node)
TERUGKOPPELING_NODE = "overleg_terugkoppeling"  # the chair's follow-up task (stable)
TERUGKOPPELING_KIND = "overleg_terugkoppeling"  # the follow-up term (cases/terms.py)
MAX_VERVOLG_WEKEN = 26
# roles an agreement may be given to without naming a person, and the organisation each needs
OWNER_ROLES = {
    Role.SCHOOL: "school",
    Role.LEERPLICHTAMBTENAAR: "gemeente",
    Role.CONSULENT: None,
    Role.BESLISSER: None,
    Role.CVA_VOORZITTER: None,
    Role.CVA_LID: None,
    Role.DESKUNDIGE: None,
    Role.SCREENINGSTEAM: None,
}


# --- refusals ----------------------------------------------------------------------------------------------


@contextmanager
def _refusals_logged(*, action: str, by, cases=()):
    """A refused attempt is logged after the rollback: on the timeline of each case it concerned, and in
    the application log (a meeting without cases yet has only the log)."""
    try:
        yield
    except DomainError as exc:
        for case in {c.pk: c for c in cases if c is not None}.values():
            try:
                with transaction.atomic():
                    record_event(
                        case=case,
                        kind=CaseEvent.Kind.REFUSED,
                        actor=by if getattr(by, "pk", None) else None,
                        action=action,
                        summary=f"Geweigerd: {action}",
                        reason=str(exc.message),
                        data={"code": exc.code},
                    )
            except Exception:  # pragma: no cover - logging a refusal must never hide the refusal
                log.exception("could not log refused attempt %s on %s", action, case)
        log.info("refused %s by %s: %s", action, by, exc.code)
        raise


def _agenda_cases(overleg: Overleg | None) -> list:
    if overleg is None or overleg.pk is None:
        return []
    return [p.case for p in overleg.agendapunten.select_related("case")]


def _lock(overleg: Overleg) -> Overleg:
    return (
        Overleg.objects.select_for_update(of=("self",)).select_related("swv", "voorzitter").get(pk=overleg.pk)
    )


def _label(overleg: Overleg) -> Text:
    return Text(
        gettext_noop("%(soort)s van %(date)s"),
        soort=Text(OverlegSoort(overleg.soort).label),
        date=overleg.datum,
    )


def _soort_nl(overleg: Overleg) -> str:
    """The kind's Dutch label, for stored task titles (shown translated through cases/texts.py)."""
    with translation.override("nl"):
        return str(overleg.get_soort_display())


def _event(case, *, by, action: str, summary, reason: str = "", data=None) -> None:
    record_event(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        actor=by,
        action=action,
        summary=summary,
        reason=reason,
        data=data,
    )


def _require_manager(overleg: Overleg, by) -> None:
    if not policies.may_manage_overleg(by, overleg):
        raise NotPermitted(
            "Alleen de voorzitter of een consulent van het samenwerkingsverband kan dit overleg bijwerken."
        )


def _require_status(overleg: Overleg, *allowed: str, what: str) -> None:
    if overleg.status not in allowed:
        raise Conflict(
            f"{what} kan niet bij een overleg met status '{overleg.get_status_display()}'.",
            code="overleg-status",
        )


# --- validation --------------------------------------------------------------------------------------------


def _check_date(datum, *, field: str = "datum") -> None:
    if datum is None:
        raise ValidationFailed("Geef de datum van het overleg.", code="datum-leeg", field=field)
    today = clock.today()
    if not (today - dt.timedelta(days=366) <= datum <= today + dt.timedelta(days=366)):
        raise ValidationFailed(
            "De datum van het overleg ligt meer dan een jaar van vandaag af; controleer het jaar.",
            code="datum-onwaarschijnlijk",
            field=field,
        )


def _clean_deelnemers(overleg: Overleg, deelnemers) -> list[OverlegDeelnemer]:
    rows = []
    for d in deelnemers or []:
        user = d.get("user")
        naam = (d.get("naam") or "").strip() or (user.get_full_name() or user.username if user else "")
        rol = d.get("rol") or ""
        if not naam:
            raise ValidationFailed(
                "Elke deelnemer heeft een naam (of kies een gebruiker).",
                code="deelnemer-naam",
                field="deelnemers",
            )
        if rol not in DeelnemerRol.values:
            raise ValidationFailed(
                f"Kies de rol van {naam} in het overleg.", code="deelnemer-rol", field="deelnemers"
            )
        school, gemeente = d.get("school"), d.get("gemeente")
        organisatie = (d.get("organisatie") or "").strip() or str(school or gemeente or "")
        rows.append(
            OverlegDeelnemer(
                overleg=overleg,
                user=user,
                naam=naam[:200],
                rol=rol,
                organisatie=organisatie[:200],
                school=school,
                gemeente=gemeente,
            )
        )
    return rows


def _check_consent(overleg: Overleg, case, *, anoniem: bool, on: dt.date):
    """The consent a case is discussed with (None for an anonymised item), or a refusal."""
    if anoniem:
        if not overleg.allows_anonymous:
            raise ValidationFailed(
                f"Een {overleg.get_soort_display()} bespreekt een leerling niet geanonimiseerd; daarvoor is "
                "toestemming van de ouders nodig.",
                code="anoniem-niet-toegestaan",
                field="anoniem",
            )
        return None
    try:
        return consent_services.consent_require(
            leerling=case.leerling, purpose=overleg.consent_purpose, on=on
        )
    except ValidationFailed as exc:
        hint = (
            " Bespreek de casus geanonimiseerd, of leg eerst de toestemming vast."
            if overleg.allows_anonymous
            else ""
        )
        raise ValidationFailed(
            f"{case.reference}: {exc.message}{hint}", code="geen-toestemming", field="agenda"
        ) from exc


def _add_item(
    overleg: Overleg, *, case, by, vraag: str = "", anoniem: bool = False, volgorde: int
) -> Agendapunt:
    if not policies.can_view_case(by, case):
        raise NotPermitted(f"U kunt casus {case.reference} niet op de agenda zetten.")
    if case.swv_id != overleg.swv_id and overleg.soort != OverlegSoort.WARME_OVERDRACHT:
        raise ValidationFailed(
            f"Casus {case.reference} hoort bij een ander samenwerkingsverband.",
            code="agenda-swv",
            field="agenda",
        )
    if case.closed_at is not None:
        raise ValidationFailed(
            f"Casus {case.reference} is afgesloten; zet een lopende casus op de agenda.",
            code="agenda-afgesloten",
            field="agenda",
        )
    if overleg.agendapunten.filter(case=case).exists():
        raise ValidationFailed(
            f"Casus {case.reference} staat al op de agenda van dit overleg.",
            code="agenda-dubbel",
            field="agenda",
        )
    consent = _check_consent(overleg, case, anoniem=anoniem, on=overleg.datum)
    punt = Agendapunt(
        overleg=overleg,
        volgorde=volgorde,
        case=case,
        vraag=(vraag or "").strip(),
        anoniem=anoniem,
        consent=consent,
        consent_checked_at=clock.now(),
    )
    save_with_history(punt, by=by, reason="geagendeerd")
    _event(
        case,
        by=by,
        action="overleg_agenda",
        summary=Text(gettext_noop("Geagendeerd voor %(overleg)s"), overleg=_label(overleg))
        if not anoniem
        else Text(gettext_noop("Geanonimiseerd geagendeerd voor %(overleg)s"), overleg=_label(overleg)),
        reason=punt.vraag,
        data={"overleg": overleg.pk, "agendapunt": punt.pk, "consent": getattr(consent, "pk", None)},
    )
    return punt


# --- plan --------------------------------------------------------------------------------------------------


def overleg_plan(
    *,
    by,
    swv,
    soort: str,
    datum: dt.date,
    voorzitter,
    agenda: list[dict],
    deelnemers: list[dict] | None = None,
    tijd: dt.time | None = None,
    plaats: str = "",
    vervolg_weken: int = 4,
) -> Overleg:
    """Plan a meeting with its agenda (`agenda`: dicts with `case`, optional `vraag` and `anoniem`) and its
    participants (`deelnemers`: dicts with `user` or `naam`, `rol`, optional `organisatie`, `school`,
    `gemeente`). The chair is a participant by right."""
    cases = [a.get("case") for a in agenda or []]
    with _refusals_logged(action="overleg plannen", by=by, cases=cases), transaction.atomic():
        if soort not in OverlegSoort.values:
            raise ValidationFailed("Kies de soort overleg.", code="soort", field="soort")
        if not policies.may_plan_overleg(by, swv.pk, soort):
            raise NotPermitted("U kunt geen overleg plannen voor dit samenwerkingsverband.")
        profiles.check_casustafel_on(profiles.current(swv), soort)
        _check_date(datum)
        if voorzitter is None or not voorzitter.memberships.filter(swv=swv).exists():
            raise ValidationFailed(
                "Kies als voorzitter iemand van het samenwerkingsverband of een van zijn scholen.",
                code="voorzitter",
                field="voorzitter",
            )
        if not (1 <= int(vervolg_weken or 0) <= MAX_VERVOLG_WEKEN):
            raise ValidationFailed(
                f"De terugkoppeling volgt na 1 tot {MAX_VERVOLG_WEKEN} weken.",
                code="vervolg-weken",
                field="vervolg_weken",
            )
        if not agenda:
            raise ValidationFailed(
                "Zet ten minste één casus op de agenda.", code="agenda-leeg", field="agenda"
            )
        overleg = Overleg(
            swv=swv,
            soort=soort,
            datum=datum,
            tijd=tijd,
            plaats=(plaats or "").strip()[:200],
            voorzitter=voorzitter,
            vervolg_weken=int(vervolg_weken),
            created_by=by,
            created_at=clock.now(),
        )
        save_with_history(overleg, by=by, reason="gepland")
        rows = _clean_deelnemers(overleg, deelnemers)
        if not any(r.user_id == voorzitter.pk for r in rows):
            rows.insert(
                0,
                OverlegDeelnemer(
                    overleg=overleg,
                    user=voorzitter,
                    naam=voorzitter.get_full_name() or voorzitter.username,
                    rol=DeelnemerRol.VOORZITTER,
                    organisatie=swv.name[:200],
                ),
            )
        for row in rows:
            save_with_history(row, by=by, reason="deelnemer")
        for n, a in enumerate(agenda, start=1):
            if a.get("case") is None:
                raise ValidationFailed(
                    "Kies een casus voor elk agendapunt.", code="agenda-casus", field="agenda"
                )
            _add_item(
                overleg,
                case=a["case"],
                by=by,
                vraag=a.get("vraag", ""),
                anoniem=bool(a.get("anoniem")),
                volgorde=n,
            )
        return overleg


def agendapunt_add(*, overleg: Overleg, by, case, vraag: str = "", anoniem: bool = False) -> Agendapunt:
    """Put one more case on a planned (or just held) meeting's agenda."""
    with _refusals_logged(action="agendapunt toevoegen", by=by, cases=[case]), transaction.atomic():
        overleg = _lock(overleg)
        _require_manager(overleg, by)
        _require_status(
            overleg, OverlegStatus.GEPLAND, OverlegStatus.GEHOUDEN, what="Een agendapunt toevoegen"
        )
        last = overleg.agendapunten.order_by("-volgorde").values_list("volgorde", flat=True).first() or 0
        return _add_item(overleg, case=case, by=by, vraag=vraag, anoniem=anoniem, volgorde=last + 1)


def deelnemer_add(
    *,
    overleg: Overleg,
    by,
    rol: str,
    user=None,
    naam: str = "",
    organisatie: str = "",
    school=None,
    gemeente=None,
) -> OverlegDeelnemer:
    with (
        _refusals_logged(action="deelnemer toevoegen", by=by, cases=_agenda_cases(overleg)),
        transaction.atomic(),
    ):
        overleg = _lock(overleg)
        _require_manager(overleg, by)
        _require_status(
            overleg, OverlegStatus.GEPLAND, OverlegStatus.GEHOUDEN, what="Een deelnemer toevoegen"
        )
        (row,) = _clean_deelnemers(
            overleg,
            [
                {
                    "user": user,
                    "naam": naam,
                    "rol": rol,
                    "organisatie": organisatie,
                    "school": school,
                    "gemeente": gemeente,
                }
            ],
        )
        return save_with_history(row, by=by, reason="deelnemer")


# --- record ------------------------------------------------------------------------------------------------


def overleg_record(
    *,
    overleg: Overleg,
    by,
    verslag: str = "",
    aanwezig: list[int] | None = None,
    punten: list[dict] | None = None,
) -> Overleg:
    """Record that the meeting was held: the general minutes, who was there (`aanwezig`: participant ids;
    None leaves attendance as it is), and optionally per agenda item its minutes and agreements
    (`punten`: dicts with `agendapunt`, `verslag`, `ouders_aanwezig`, `afspraken`). The consent of each
    named case is checked again for the day of the meeting; each case gets its follow-up term."""
    with (
        _refusals_logged(action="overleg vastleggen", by=by, cases=_agenda_cases(overleg)),
        transaction.atomic(),
    ):
        overleg = _lock(overleg)
        _require_manager(overleg, by)
        _require_status(overleg, OverlegStatus.GEPLAND, what="Het overleg vastleggen")
        if overleg.datum > clock.today():
            raise ValidationFailed(
                f"Het overleg is op {overleg.datum:%d-%m-%Y}; u legt het vast op of na die dag.",
                code="overleg-toekomst",
                field="datum",
            )
        items = list(overleg.agendapunten.select_related("case", "case__leerling"))
        for punt in items:  # a consent withdrawn since planning stops the discussion of a named case
            punt.consent = _check_consent(overleg, punt.case, anoniem=punt.anoniem, on=overleg.datum)
            punt.consent_checked_at = clock.now()
        if aanwezig is not None:
            present = {int(pk) for pk in aanwezig}
            for d in overleg.deelnemers.all():
                d.aanwezig = d.pk in present
                save_with_history(d, by=by, reason="aanwezigheid")
        overleg.verslag = (verslag or "").strip()
        overleg.status = OverlegStatus.GEHOUDEN
        overleg.recorded_by = by
        overleg.recorded_at = clock.now()
        save_with_history(overleg, by=by, reason="vastgelegd")
        by_pk = {p.pk: p for p in items}
        for p in punten or []:
            punt = by_pk.get(getattr(p.get("agendapunt"), "pk", p.get("agendapunt")))
            if punt is None:
                raise ValidationFailed(
                    "Een agendapunt hoort niet bij dit overleg.", code="agendapunt", field="punten"
                )
            _minutes(punt, by=by, verslag=p.get("verslag", ""), ouders_aanwezig=p.get("ouders_aanwezig"))
            for a in p.get("afspraken") or []:
                _add_afspraak(overleg, punt, by=by, **a)
        vervolg_op = overleg.datum + dt.timedelta(weeks=overleg.vervolg_weken)
        for punt in items:
            punt.terugkoppeling_op = vervolg_op
            punt.terugkoppeling = deadline_services.deadline_start(
                case=punt.case,
                kind=TERUGKOPPELING_KIND,
                started_on=overleg.datum,
                by=by,
                length=overleg.vervolg_weken,
                unit=Unit.WEEKS,
                started_because="overleg",
            )
            save_with_history(punt, by=by, reason="overleg gehouden")
            _event(
                punt.case,
                by=by,
                action="overleg_gehouden",
                summary=Text(
                    gettext_noop("Besproken in %(overleg)s; terugkoppeling op %(date)s"),
                    overleg=_label(overleg),
                    date=vervolg_op,
                ),
                data={"overleg": overleg.pk, "agendapunt": punt.pk},
            )
        return overleg


def _minutes(punt: Agendapunt, *, by, verslag: str, ouders_aanwezig) -> Agendapunt:
    punt.verslag = (verslag or "").strip()
    punt.ouders_aanwezig = ouders_aanwezig
    save_with_history(punt, by=by, reason="verslag")
    _event(
        punt.case,
        by=by,
        action="overleg_verslag",
        summary=Text(gettext_noop("Verslag vastgelegd: %(overleg)s"), overleg=_label(punt.overleg)),
        reason=punt.verslag,
        data={"overleg": punt.overleg_id, "agendapunt": punt.pk, "ouders_aanwezig": ouders_aanwezig},
    )
    return punt


def agendapunt_record(
    *, punt: Agendapunt, by, verslag: str, ouders_aanwezig: bool | None = None
) -> Agendapunt:
    """The minutes of one agenda item and whether the parents were there (after the meeting was held)."""
    with _refusals_logged(action="verslag agendapunt", by=by, cases=[punt.case]), transaction.atomic():
        overleg = _lock(punt.overleg)
        _require_manager(overleg, by)
        _require_status(overleg, OverlegStatus.GEHOUDEN, what="Het verslag vastleggen")
        if not (verslag or "").strip():
            raise ValidationFailed(
                "Schrijf het verslag van dit agendapunt.", code="verslag-leeg", field="verslag"
            )
        punt = Agendapunt.objects.select_for_update().select_related("case", "overleg").get(pk=punt.pk)
        return _minutes(punt, by=by, verslag=verslag, ouders_aanwezig=ouders_aanwezig)


# --- agreements --------------------------------------------------------------------------------------------


def _owner_role(user, swv_id: int) -> str:
    """The role under which a named owner's task is filed: their first task role in the SWV."""
    scope = policies.scope_of(user)
    for role in (
        Role.CONSULENT,
        Role.SCHOOL,
        Role.LEERPLICHTAMBTENAAR,
        Role.DESKUNDIGE,
        Role.CVA_VOORZITTER,
        Role.CVA_LID,
        Role.BESLISSER,
        Role.SCREENINGSTEAM,
        Role.BEHEERDER,
    ):
        if scope.has_role(role, swv_id):
            return role
    return Role.CONSULENT


def _add_afspraak(
    overleg: Overleg,
    punt: Agendapunt,
    *,
    by,
    omschrijving: str,
    uiterlijk: dt.date,
    eigenaar=None,
    eigenaar_rol: str = "",
    eigenaar_school=None,
    eigenaar_gemeente=None,
) -> OverlegAfspraak:
    omschrijving = (omschrijving or "").strip()
    if not omschrijving:
        raise ValidationFailed("Beschrijf de afspraak.", code="afspraak-leeg", field="omschrijving")
    if uiterlijk is None:
        raise ValidationFailed(
            "Geef de datum waarop de afspraak uitgevoerd is.", code="afspraak-datum", field="uiterlijk"
        )
    if uiterlijk < overleg.datum:
        raise ValidationFailed(
            "De uiterste datum van een afspraak ligt niet vóór de datum van het overleg.",
            code="afspraak-datum-voor-overleg",
            field="uiterlijk",
        )
    if uiterlijk > overleg.datum + dt.timedelta(days=366):
        raise ValidationFailed(
            "De uiterste datum ligt meer dan een jaar na het overleg; controleer het jaar.",
            code="afspraak-datum-onwaarschijnlijk",
            field="uiterlijk",
        )
    case = punt.case
    if eigenaar is None:
        if eigenaar_rol not in OWNER_ROLES:
            raise ValidationFailed(
                "Kies wie de afspraak uitvoert: een persoon, of een rol met haar organisatie.",
                code="afspraak-eigenaar",
                field="eigenaar",
            )
        needs = OWNER_ROLES[eigenaar_rol]
        if needs == "school" and eigenaar_school is None:
            eigenaar_school = case.school  # the case's own school, unless another is named
        if needs == "school" and eigenaar_school.swv_id != case.swv_id:
            raise ValidationFailed(
                "Een afspraak voor een school gaat naar een school van het samenwerkingsverband van de "
                "casus.",
                code="afspraak-school",
                field="eigenaar_school",
            )
        if needs == "gemeente" and eigenaar_gemeente is None:
            eigenaar_gemeente = case.leerling.woongemeente
        if needs != "school":
            eigenaar_school = None
        if needs != "gemeente":
            eigenaar_gemeente = None
    else:
        eigenaar_rol, eigenaar_school, eigenaar_gemeente = "", None, None
    afspraak = OverlegAfspraak(
        agendapunt=punt,
        omschrijving=omschrijving[:300],
        eigenaar=eigenaar,
        eigenaar_rol=eigenaar_rol,
        eigenaar_school=eigenaar_school,
        eigenaar_gemeente=eigenaar_gemeente,
        uiterlijk=uiterlijk,
        created_by=by,
        created_at=clock.now(),
    )
    save_with_history(afspraak, by=by, reason="afspraak")
    item = workitem_create(
        case=case,
        node=AFSPRAAK_NODE,
        title=f"Afspraak uit {_soort_nl(overleg)}: {omschrijving}"[:200],
        role=eigenaar_rol or _owner_role(eigenaar, case.swv_id),
        assignee=eigenaar,
        school=eigenaar_school,
        gemeente=eigenaar_gemeente,
        due_at=clock.end_of_day(uiterlijk),
        instructions=(
            f"Afgesproken in het overleg ({_soort_nl(overleg)}) van {overleg.datum:%d-%m-%Y}: "
            f"{omschrijving}. Leg bij het afronden vast wat er is gedaan."
        ),
        idempotency_key=f"overleg-afspraak:{afspraak.pk}",
        by=by,
    )
    afspraak.work_item = item
    save_with_history(afspraak, by=by, reason="taak aangemaakt")
    _event(
        case,
        by=by,
        action="overleg_afspraak",
        summary=Text(
            gettext_noop("Afspraak (%(overleg)s): %(what)s — %(who)s, uiterlijk %(date)s"),
            overleg=_label(overleg),
            what=omschrijving,
            who=afspraak.eigenaar_label,
            date=uiterlijk,
        ),
        data={"overleg": overleg.pk, "afspraak": afspraak.pk, "work_item": item.pk},
    )
    return afspraak


def afspraak_add(
    *,
    punt: Agendapunt,
    by,
    omschrijving: str,
    uiterlijk: dt.date,
    eigenaar=None,
    eigenaar_rol: str = "",
    eigenaar_school=None,
    eigenaar_gemeente=None,
) -> OverlegAfspraak:
    """An agreement about one agenda item's case, made in the meeting: a task in its owner's inbox."""
    with _refusals_logged(action="afspraak vastleggen", by=by, cases=[punt.case]), transaction.atomic():
        overleg = _lock(punt.overleg)
        _require_manager(overleg, by)
        _require_status(overleg, OverlegStatus.GEHOUDEN, what="Een afspraak vastleggen")
        punt = Agendapunt.objects.select_related("case", "case__leerling", "case__school").get(pk=punt.pk)
        return _add_afspraak(
            overleg,
            punt,
            by=by,
            omschrijving=omschrijving,
            uiterlijk=uiterlijk,
            eigenaar=eigenaar,
            eigenaar_rol=eigenaar_rol,
            eigenaar_school=eigenaar_school,
            eigenaar_gemeente=eigenaar_gemeente,
        )


def afspraak_complete(*, item: WorkItem, by, uitkomst: str) -> OverlegAfspraak:
    """The owner reports the agreement done: the outcome goes on the agreement, the meeting's page and the
    case's timeline; the task closes."""
    with _refusals_logged(action="afspraak afronden", by=by, cases=[item.case]), transaction.atomic():
        if not (uitkomst or "").strip():
            raise ValidationFailed(
                "Beschrijf wat er met de afspraak is gedaan.", code="uitkomst-leeg", field="uitkomst"
            )
        item = take_for_completion(item=item, by=by)
        afspraak = (
            OverlegAfspraak.objects.select_for_update(of=("self",))
            .select_related("agendapunt__overleg")
            .get(work_item=item)
        )
        if afspraak.status != AfspraakStatus.OPEN:
            raise Conflict("Deze afspraak is al afgerond.", code="afspraak-afgerond")
        afspraak.status = AfspraakStatus.UITGEVOERD
        afspraak.uitkomst = uitkomst.strip()
        afspraak.afgerond_op = clock.now()
        afspraak.afgerond_door = by
        save_with_history(afspraak, by=by, reason="uitgevoerd")
        _event(
            item.case,
            by=by,
            action="overleg_afspraak_uitgevoerd",
            summary=Text(
                gettext_noop("Afspraak uitgevoerd (%(overleg)s): %(what)s"),
                overleg=_label(afspraak.agendapunt.overleg),
                what=afspraak.omschrijving,
            ),
            reason=afspraak.uitkomst,
            data={"overleg": afspraak.agendapunt.overleg_id, "afspraak": afspraak.pk},
        )
        workitem_close(item=item, by=by, reason=afspraak.uitkomst)
        return afspraak


# --- follow-up ---------------------------------------------------------------------------------------------


def on_signal_warning(*, deadline, by) -> list[WorkItem]:
    """The follow-up day: a task for the chair, on the case of that agenda item (idempotent per term)."""
    key = f"deadline:{deadline.pk}:terugkoppeling"
    existing = WorkItem.objects.filter(idempotency_key=key).first()
    if existing:
        return [existing]
    punt = (
        Agendapunt.objects.select_related("overleg", "overleg__voorzitter", "case")
        .filter(terugkoppeling=deadline)
        .first()
    )
    if punt is None or punt.overleg.status == OverlegStatus.GEANNULEERD:
        return []
    overleg = punt.overleg
    open_n = punt.afspraken.filter(status=AfspraakStatus.OPEN).count()
    return [
        workitem_create(
            case=punt.case,
            node=TERUGKOPPELING_NODE,
            title=f"Terugkoppeling {_soort_nl(overleg)} van {overleg.datum:%d-%m-%Y}"[:200],
            role=_owner_role(overleg.voorzitter, punt.case.swv_id),
            assignee=overleg.voorzitter,
            due_at=clock.end_of_day(deadline.due_on + dt.timedelta(weeks=1)),
            instructions=(
                f"{overleg.vervolg_weken} weken na het overleg: vraag terug hoe de afspraken zijn uitgevoerd "
                f"({open_n} nog open) en leg de terugkoppeling vast."
            ),
            idempotency_key=key,
            by=by,
        )
    ]


def on_signal_breach(*, deadline, by) -> list[WorkItem]:
    """The day after the follow-up day: the chair's task stands; the signal term is done."""
    deadline_services.deadline_close(deadline=deadline, reason="terugkoppelmoment bereikt", by=by)
    return []


def terugkoppeling_record(*, item: WorkItem, by, toelichting: str) -> WorkItem:
    """The chair's follow-up: how the agreements went, on the case's timeline."""
    with _refusals_logged(action="terugkoppeling casustafel", by=by, cases=[item.case]), transaction.atomic():
        if not (toelichting or "").strip():
            raise ValidationFailed(
                "Beschrijf de terugkoppeling op de afspraken.", code="toelichting-leeg", field="toelichting"
            )
        item = take_for_completion(item=item, by=by)
        punt = (
            Agendapunt.objects.select_related("overleg", "terugkoppeling")
            .filter(case=item.case, terugkoppeling__isnull=False)
            .order_by("-overleg__datum", "-pk")
            .first()
        )
        if punt is not None and punt.terugkoppeling.status != punt.terugkoppeling.Status.CLOSED:
            deadline_services.deadline_close(
                deadline=punt.terugkoppeling, reason="terugkoppeling gedaan", by=by
            )
        _event(
            item.case,
            by=by,
            action="overleg_terugkoppeling",
            summary=Text(gettext_noop("Terugkoppeling casustafel: %(overleg)s"), overleg=_label(punt.overleg))
            if punt
            else Text(gettext_noop("Terugkoppeling casustafel")),
            reason=toelichting.strip(),
            data={"overleg": getattr(punt, "overleg_id", None)},
        )
        return workitem_close(item=item, by=by, reason=toelichting.strip())


# --- close and cancel --------------------------------------------------------------------------------------


def overleg_close(*, overleg: Overleg, by, reason: str = "") -> Overleg:
    """Close a held meeting's record: no more minutes or agreements. Open agreements stay in their owners'
    inboxes and the follow-up terms run on."""
    with (
        _refusals_logged(action="overleg afsluiten", by=by, cases=_agenda_cases(overleg)),
        transaction.atomic(),
    ):
        overleg = _lock(overleg)
        _require_manager(overleg, by)
        _require_status(overleg, OverlegStatus.GEHOUDEN, what="Het overleg afsluiten")
        overleg.status = OverlegStatus.AFGESLOTEN
        overleg.closed_by = by
        overleg.closed_at = clock.now()
        overleg.close_reason = (reason or "").strip()[:300]
        save_with_history(overleg, by=by, reason="afgesloten")
        for case in _agenda_cases(overleg):
            _event(
                case,
                by=by,
                action="overleg_afgesloten",
                summary=Text(gettext_noop("Verslag afgesloten: %(overleg)s"), overleg=_label(overleg)),
                reason=overleg.close_reason,
                data={"overleg": overleg.pk},
            )
        return overleg


def overleg_cancel(*, overleg: Overleg, by, reason: str) -> Overleg:
    """Cancel a planned meeting (with a reason); the cases' timelines say so."""
    with (
        _refusals_logged(action="overleg annuleren", by=by, cases=_agenda_cases(overleg)),
        transaction.atomic(),
    ):
        overleg = _lock(overleg)
        _require_manager(overleg, by)
        _require_status(overleg, OverlegStatus.GEPLAND, what="Het overleg annuleren")
        if not (reason or "").strip():
            raise ValidationFailed("Geef een reden voor het annuleren.", code="reden-leeg", field="reason")
        overleg.status = OverlegStatus.GEANNULEERD
        overleg.closed_by = by
        overleg.closed_at = clock.now()
        overleg.close_reason = reason.strip()[:300]
        save_with_history(overleg, by=by, reason="geannuleerd")
        for case in _agenda_cases(overleg):
            _event(
                case,
                by=by,
                action="overleg_geannuleerd",
                summary=Text(gettext_noop("Overleg geannuleerd: %(overleg)s"), overleg=_label(overleg)),
                reason=overleg.close_reason,
                data={"overleg": overleg.pk},
            )
        return overleg


# --- reads -------------------------------------------------------------------------------------------------


def overleggen_of_case(case, user):
    """The meetings this case was (or will be) discussed in that this user may open, newest first."""
    return (
        policies.visible_overleggen(user)
        .filter(agendapunten__case=case)
        .select_related("voorzitter")
        .distinct()
        .order_by("-datum", "-pk")
    )
