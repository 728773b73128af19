"""Route variants of a TLV aanvraag: praktijkonderwijs criteria and the competent SWV.

- TLV praktijkonderwijs: the receiving PrO school applies; the criteria (IQ range, leerachterstand in
  DLE per domain) are checked against the SWV's criteria at indienen, with a message per unmet criterion.
- A pupil living outside the SWV's region: for SO/VSO the SWV of the woonplaats is competent; the
  aanvraag is refused with the name of the competent SWV.
"""

from __future__ import annotations

from django.db import transaction

from cases import clock, policies
from cases.errors import Conflict, NotPermitted, ValidationFailed
from cases.models import (
    CaseEvent,
    ComplexeCasus,
    Deskundige,
    ProCriteria,
    School,
    Swv,
    TlvAanvraag,
    TlvStatus,
)
from cases.models.tlv import TlvSoort
from cases.roles import Role
from cases.services.common import record_event, refusals_logged, save_with_history

# national practice (before 2023 the Regeling leerwegondersteuning/PrO): IQ 55-80 and an achterstand of
# at least 50% (≥ 3 years) in at least two domains, one of which rekenen or begrijpend lezen
DEFAULT_PRO_CRITERIA = {"iq_min": 55, "iq_max": 80, "min_achterstand": 0.5, "min_domeinen": 2}


def pro_criteria_for(swv: Swv) -> dict:
    return {**DEFAULT_PRO_CRITERIA, **(swv.pro_criteria or {})}


def pro_criteria_unmet(criteria: ProCriteria | None, swv: Swv) -> list[str]:
    """Dutch messages, one per unmet criterion; empty when the pupil meets the SWV's criteria."""
    if criteria is None:
        return ["Vul de criteria voor praktijkonderwijs in (IQ en leerachterstand per domein)."]
    c = pro_criteria_for(swv)
    unmet = []
    if not c["iq_min"] <= criteria.iq <= c["iq_max"]:
        unmet.append(f"Het IQ ({criteria.iq}) ligt niet tussen {c['iq_min']} en {c['iq_max']}.")
    minimum = c["min_achterstand"]
    behind = [d for d, _label in ProCriteria.DOMEINEN if criteria.achterstand(d) >= minimum]
    labels = dict(ProCriteria.DOMEINEN)
    if len(behind) < c["min_domeinen"]:
        shown = ", ".join(f"{labels[d]} {criteria.achterstand(d):.0%}" for d, _label in ProCriteria.DOMEINEN)
        unmet.append(
            f"Een leerachterstand van ten minste {minimum:.0%} is nodig op {c['min_domeinen']} domeinen; "
            f"die is er op {len(behind)} ({shown})."
        )
    elif not set(behind) & set(ProCriteria.KERN_DOMEINEN):
        unmet.append("De leerachterstand moet ook rekenen/wiskunde of begrijpend lezen betreffen.")
    return unmet


def pro_criteria_record(*, aanvraag: TlvAanvraag, by, **fields) -> ProCriteria:
    """The PrO school records the criteria on its concept aanvraag."""
    with (
        refusals_logged(case=aanvraag.case, action="criteria praktijkonderwijs", by=by),
        transaction.atomic(),
    ):
        a = TlvAanvraag.objects.select_for_update(of=("self",)).select_related("case").get(pk=aanvraag.pk)
        if not policies.can(by, "tlv.submit", a):
            raise NotPermitted("Alleen de aanvragende school legt de criteria vast.")
        if a.status != TlvStatus.CONCEPT:
            raise Conflict("De criteria kunnen alleen bij een concept-aanvraag worden gewijzigd.")
        if a.gevraagde_soort != TlvSoort.PRO:
            raise ValidationFailed("Criteria horen bij een aanvraag voor praktijkonderwijs.")
        if not fields.get("didactische_leeftijd"):
            raise ValidationFailed("Vul de didactische leeftijd in.", field="didactische_leeftijd")
        for name, value in fields.items():
            if name == "didactische_leeftijd":
                continue
            if name.startswith("dle_") and value > fields["didactische_leeftijd"]:
                raise ValidationFailed("Een DLE kan niet hoger zijn dan de didactische leeftijd.", field=name)
        row = ProCriteria.objects.filter(aanvraag=a).first() or ProCriteria(aanvraag=a)
        for name, value in fields.items():
            setattr(row, name, value)
        row.by, row.at = by, clock.now()
        save_with_history(row, by=by, reason="criteria praktijkonderwijs")
        unmet = pro_criteria_unmet(row, a.case.swv)
        record_event(
            case=a.case,
            kind=CaseEvent.Kind.NOTE,
            actor=by,
            action="pro_criteria",
            summary="Criteria praktijkonderwijs vastgelegd: "
            + ("voldoet" if not unmet else "voldoet niet (" + " ".join(unmet) + ")"),
        )
        return row


def check_submit(aanvraag: TlvAanvraag) -> None:
    """Called by aanvraag_submit: a PrO aanvraag that does not meet the criteria is not taken in."""
    if aanvraag.gevraagde_soort != TlvSoort.PRO:
        return
    if aanvraag.case.school.soort != School.Soort.PRO:
        raise ValidationFailed(
            "Een TLV praktijkonderwijs wordt aangevraagd door de ontvangende school voor praktijkonderwijs.",
            code="pro-aanvrager",
            field="gevraagde_soort",
        )
    unmet = pro_criteria_unmet(ProCriteria.objects.filter(aanvraag=aanvraag).first(), aanvraag.case.swv)
    if unmet:
        raise ValidationFailed(
            "De leerling voldoet niet aan de criteria voor praktijkonderwijs van het samenwerkingsverband: "
            + " ".join(unmet),
            code="pro-criteria",
        )


# --- who applies, which SWV is competent ----------------------------------------------------------


def competent_swv(*, leerling, soort: str, swv: Swv) -> Swv | None:
    """The SWV that decides: for SO/VSO the SWV (same sector) of the pupil's woonplaats; else `swv`.

    None when the woongemeente is linked to no SWV of that sector (then `swv` decides, as before).
    """
    if soort not in (TlvSoort.SO, TlvSoort.VSO):
        return swv
    candidates = list(leerling.woongemeente.swvs.filter(sector=swv.sector))
    if not candidates or swv in candidates:
        return swv
    return candidates[0]


def check_create(*, leerling, school: School, gevraagde_soort: str) -> None:
    """Called by aanvraag_create: PrO is applied for by the PrO school; the competent SWV decides."""
    if gevraagde_soort == TlvSoort.PRO and school.soort != School.Soort.PRO:
        raise ValidationFailed(
            "Een TLV praktijkonderwijs wordt aangevraagd door de ontvangende school voor praktijkonderwijs.",
            code="pro-aanvrager",
            field="gevraagde_soort",
        )
    swv = school.swv
    competent = competent_swv(leerling=leerling, soort=gevraagde_soort, swv=swv)
    if competent is not None and competent.pk != swv.pk:
        raise ValidationFailed(
            f"{leerling} woont in {leerling.woongemeente}, buiten de regio van {swv.name}. Voor "
            f"{TlvSoort(gevraagde_soort).label} beslist het samenwerkingsverband van de woonplaats: "
            f"{competent.name}. Dien de aanvraag daar in.",
            code="swv-niet-bevoegd",
            field="leerling",
        )


# --- complex case / SO categorie hoog ---------------------------------------------------------------

COMPLEX_TERM = "tlv_beslistermijn_complex"
ZIENSWIJZE_NODE = "externe_zienswijze"


def is_complex(aanvraag: TlvAanvraag) -> bool:
    return ComplexeCasus.objects.filter(aanvraag_id=aanvraag.pk).exists()


def complex_start(
    *, aanvraag: TlvAanvraag, by, reden: str, deskundige: Deskundige, ontvangende_school: School
):
    """The coördinator (CvA/BTO) adds an external deskundige; the voorzitter will decide within 4 weeks."""
    from cases.services import deadlines as deadline_services
    from cases.services.workitems import workitem_create

    with refusals_logged(case=aanvraag.case, action="complexe casus", by=by), transaction.atomic():
        a = (
            TlvAanvraag.objects.select_for_update(of=("self",))
            .select_related("case", "case__swv")
            .get(pk=aanvraag.pk)
        )
        swv = a.case.swv
        if not swv.tlv_complex_toegestaan:
            raise ValidationFailed(
                "Dit samenwerkingsverband kent de route voor complexe casussen niet.",
                code="variant-niet-toegestaan",
            )
        if not policies.can(by, "tlv.advise", a):
            raise NotPermitted("Alleen de coördinator (CvA/BTO) kan een externe deskundige toevoegen.")
        if a.status not in (TlvStatus.DESKUNDIGENADVIES, TlvStatus.CVA_ADVIES):
            raise Conflict(
                f"Een externe deskundige kan niet (meer) in status '{a.get_status_display()}'.",
                code="transition-not-allowed",
            )
        if is_complex(a):
            raise Conflict("Er is al een externe deskundige toegevoegd.", code="complex-bestaat")
        if not reden or not reden.strip():
            raise ValidationFailed("Waarom is dit een complexe casus?", field="reden")
        if deskundige.swv_id != swv.pk or deskundige.user_id is None:
            raise ValidationFailed("Kies een deskundige van dit samenwerkingsverband.", field="deskundige")
        if deskundige.school_id == a.case.school_id or a.adviezen.filter(deskundige=deskundige).exists():
            raise ValidationFailed(
                "De externe deskundige moet onafhankelijk zijn: niet van de aanvragende school en niet een "
                "van de twee adviserende deskundigen.",
                code="deskundige-niet-onafhankelijk",
                field="deskundige",
            )
        row = ComplexeCasus(
            aanvraag=a,
            reden=reden.strip(),
            externe_deskundige=deskundige,
            ontvangende_school=ontvangende_school,
            by=by,
            at=clock.now(),
        )
        save_with_history(row, by=by, reason="complexe casus")
        deadline = deadline_services.deadline_start(
            case=a.case, kind=COMPLEX_TERM, started_on=clock.today(), by=by
        )
        record_event(
            case=a.case,
            kind=CaseEvent.Kind.NOTE,
            actor=by,
            action="complex_start",
            reason=row.reden,
            summary=f"Complexe casus: externe deskundige {deskundige.naam}; de voorzitter beslist "
            f"(uiterlijk {deadline.due_on:%d-%m-%Y})",
        )
        workitem_create(
            case=a.case,
            node=ZIENSWIJZE_NODE,
            title="Zienswijze externe deskundige (complexe casus)",
            role=Role.DESKUNDIGE,
            assignee=deskundige.user,
            deadline=deadline,
            instructions=row.reden,
            by=by,
        )
        from cases.models import WorkItem

        for item in WorkItem.objects.select_for_update().filter(
            case=a.case, node="besluit", status=WorkItem.Status.OPEN, assignee__isnull=True
        ):
            item.role = Role.CVA_VOORZITTER
            save_with_history(item, by=by, reason="complexe casus: de voorzitter beslist")
        return row


def zienswijze_record(*, aanvraag: TlvAanvraag, by, zienswijze: str) -> ComplexeCasus:
    """The external deskundige's zienswijze, sent to the ouders, the receiving school and the board chair."""
    from cases.services import bekendmaking
    from cases.services.workitems import take_for_completion, workitem_close

    with (
        refusals_logged(case=aanvraag.case, action="zienswijze externe deskundige", by=by),
        transaction.atomic(),
    ):
        a = bekendmaking.lock_aanvraag(aanvraag)
        row = ComplexeCasus.objects.select_for_update().filter(aanvraag=a).first()
        if row is None:
            raise Conflict("Dit is geen complexe casus.", code="geen-complexe-casus")
        if row.externe_deskundige.user_id != by.pk:
            raise NotPermitted("Alleen de toegevoegde externe deskundige geeft de zienswijze.")
        if row.zienswijze_op is not None:
            raise Conflict("De zienswijze is al gegeven.", code="zienswijze-bestaat")
        if not zienswijze or not zienswijze.strip():
            raise ValidationFailed("Schrijf de zienswijze.", field="zienswijze")
        from cases.models import WorkItem

        item = WorkItem.objects.filter(case=a.case, node=ZIENSWIJZE_NODE, status=WorkItem.Status.OPEN).first()
        if item is not None:
            item = take_for_completion(item=item, by=by)
        row.zienswijze, row.zienswijze_op = zienswijze.strip(), clock.now()
        save_with_history(row, by=by, reason="zienswijze")
        case = a.case
        voorzitters = policies.role_members(Role.CVA_VOORZITTER, swv_id=case.swv_id)
        ontvangers = [r for r in bekendmaking.recipients(case) if r[0] == "ouder"]
        ontvangers.append(("school", row.ontvangende_school.name, ""))
        ontvangers += [("school", f"{u.get_full_name() or u.username} (voorzitter)", "") for u in voorzitters]
        context = bekendmaking.letter_context(
            case=case,
            soort="zienswijze",
            datum=clock.today(),
            ontvangers=ontvangers,
            ondertekenaar=by,
            deskundige=row.externe_deskundige,
            zienswijze=row.zienswijze,
        )
        bekendmaking.send_letter(
            aanvraag=a, by=by, soort="zienswijze", context=context, ontvangers=ontvangers
        )
        if item is not None:
            workitem_close(item=item, by=by)
        return row


def before_besluit(*, aanvraag: TlvAanvraag, by) -> None:
    """Called by besluit_record: a complex case is decided after the zienswijze, within its own term."""
    from cases.services import deadlines as deadline_services

    row = ComplexeCasus.objects.filter(aanvraag=aanvraag).first()
    if row is None:
        return
    if row.zienswijze_op is None:
        raise ValidationFailed(
            "In een complexe casus beslist de voorzitter pas na de zienswijze van de externe deskundige.",
            code="zienswijze-ontbreekt",
        )
    termijn = deadline_services.running(aanvraag.case, COMPLEX_TERM)
    if termijn is not None:
        deadline_services.deadline_close(deadline=termijn, reason="besluit genomen", by=by)
