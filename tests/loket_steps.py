"""Drive a support request (loket) through the services, as the real users would."""

from __future__ import annotations

import datetime as dt

from cases import clock
from cases.models import AanvraagType, Budget, ConsentPurpose, Ondersteuningsaanvraag, WorkItem
from cases.services import deadlines as deadline_services
from cases.services import loket
from cases.services.consent import valid_consent
from cases.services.documents import document_upload
from tests.factories import give_consent, pdf


def types(w):
    """The SWV's request types: ambulante begeleiding in hours (needs the interventions overview) and an
    individual arrangement as a budget (needs the OPP and the interventions overview)."""
    if not hasattr(w, "ab_type"):
        w.ab_type = AanvraagType.objects.create(
            swv=w.swv,
            code="ab",
            naam="Ambulante begeleiding",
            arrangement_soort="ambulante_begeleiding",
            eenheid="uren",
            vereiste_documenten=["interventies"],
        )
        w.ia_type = AanvraagType.objects.create(
            swv=w.swv,
            code="ia",
            naam="Individueel arrangement",
            arrangement_soort="individueel",
            eenheid="budget",
            vereiste_documenten=["opp", "interventies"],
        )
    return w


def fresh(a) -> Ondersteuningsaanvraag:
    return Ondersteuningsaanvraag.objects.select_related("case", "aanvraag_type").get(pk=a.pk)


def item(a, node) -> WorkItem:
    return WorkItem.objects.get(case=a.case, node=node, status="open")


def concept(w, *, leerling=None, type_code="ab", toestemming=True) -> Ondersteuningsaanvraag:
    types(w)
    leerling = leerling or w.leerling_a
    if toestemming and valid_consent(leerling, ConsentPurpose.GEGEVENSDELING) is None:
        give_consent(leerling, ConsentPurpose.GEGEVENSDELING)
    return loket.aanvraag_create(
        by=w.school_user,
        leerling=leerling,
        school=w.school_a,
        aanvraag_type=w.ab_type if type_code == "ab" else w.ia_type,
        vraag="Leerling loopt vast in de groep; werkhouding en planning.",
        ingezet="Handelingsplan, gesprekken met ouders, begeleiding door IB (cascade stap 1-3).",
    )


def with_documents(a, w):
    for kind in a.aanvraag_type.vereiste_documenten:
        document_upload(case=a.case, by=w.school_user, kind=kind, uploaded=pdf(f"{kind}.pdf"))
    return a


def ingediend(w, **kwargs) -> Ondersteuningsaanvraag:
    a = with_documents(concept(w, **kwargs), w)
    loket.aanvraag_submit(aanvraag=a, by=w.school_user)
    return fresh(a)


def in_behandeling(w, **kwargs) -> Ondersteuningsaanvraag:
    a = ingediend(w, **kwargs)
    loket.triage_record(aanvraag=a, by=w.consulent, volledig=True, toelichting="volledig")
    return fresh(a)


def budget(w, *, soort="ambulante_begeleiding", uren=None, bedrag=None, school=None) -> Budget:
    return Budget.objects.create(
        swv=w.swv,
        schooljaar=loket.schooljaar_of(clock.today()),
        arrangement_soort=soort,
        school=school,
        uren=uren,
        bedrag=bedrag,
    )


def toewijzing(**extra) -> dict:
    today = clock.today()
    return {
        "beoordeling": "Past bij de hulpvraag; school heeft de cascade doorlopen.",
        "besluit": "toewijzen",
        "aanbieder": "Ambulante dienst SO De Atlas",
        "startdatum": today + dt.timedelta(days=7),
        "einddatum": today + dt.timedelta(days=7 + 180),
        "doelen": "Zelfstandig plannen van de weektaak.",
        **extra,
    }


def toegewezen(w, *, uren=40, **kwargs) -> Ondersteuningsaanvraag:
    a = in_behandeling(w, **kwargs)
    loket.besluit_record(aanvraag=a, by=w.consulent, **toewijzing(uren=uren))
    return fresh(a)


def afgesloten(w, **kwargs) -> Ondersteuningsaanvraag:
    """A granted arrangement closed at its end evaluation (the evaluation task as the sweep gives it on the
    end date, recorded early: goals reached, stop)."""
    a = toegewezen(w, **kwargs)
    deadline = deadline_services.running(a.case, loket.EVALUATIE_KINDS["eind"])
    (task,) = loket.on_signal_warning(deadline=deadline, by=w.consulent)
    loket.evaluatie_record(
        item=task, by=w.consulent, doelen_bereikt="ja", vervolg="stoppen", toelichting="Doelen bereikt"
    )
    return fresh(a)
