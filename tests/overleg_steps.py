"""Drive a case table (overleg) through the services, as the real users would."""

from __future__ import annotations

import datetime as dt

from cases import clock
from cases.models import ConsentPurpose, WorkItem
from cases.services import loket, overleg
from cases.services.consent import valid_consent
from tests import loket_steps
from tests.factories import give_consent


def cases(w, *, consent=True):
    """Two support requests of the SWV: pupil A at school A, pupil B at school B (with the parents'
    consent for a case table unless `consent` is False)."""
    loket_steps.types(w)
    a = loket_steps.concept(w)
    if valid_consent(w.leerling_b, ConsentPurpose.GEGEVENSDELING) is None:
        give_consent(w.leerling_b, ConsentPurpose.GEGEVENSDELING)
    b = loket.aanvraag_create(
        by=w.school_b_user,
        leerling=w.leerling_b,
        school=w.school_b,
        aanvraag_type=w.ab_type,
        vraag="Veel verzuim; zorgen thuis.",
        ingezet="Gesprekken met ouders, schoolmaatschappelijk werk.",
    )
    if consent:
        for leerling in (w.leerling_a, w.leerling_b):
            if valid_consent(leerling, ConsentPurpose.CASUSOVERLEG) is None:
                give_consent(leerling, ConsentPurpose.CASUSOVERLEG)
    return a.case, b.case


def plan_doa(w, case_a, case_b, *, datum=None, soort="doa_6plus", **extra):
    """A DOA 6+ on `datum` (today) chaired by the consulent, schools A and B and the leerplichtambtenaar of
    gemeente A taking part, both cases on the agenda."""
    return overleg.overleg_plan(
        by=w.consulent,
        swv=w.swv,
        soort=soort,
        datum=datum or clock.today(),
        tijd=dt.time(14, 0),
        plaats="Kantoor SWV",
        voorzitter=w.consulent,
        deelnemers=[
            {"user": w.school_user, "rol": "school", "school": w.school_a},
            {"user": w.school_b_user, "rol": "school", "school": w.school_b},
            {"naam": "J. de Vries", "rol": "jeugdhulp", "organisatie": "Jeugdteam Noord"},
            {"user": w.leerplicht, "rol": "leerplicht", "gemeente": w.gemeente_a},
        ],
        agenda=[{"case": case_a, "vraag": "Welke begeleiding?"}, {"case": case_b, "vraag": "Verzuim"}],
        **extra,
    )


def item(case, node=overleg.AFSPRAAK_NODE) -> WorkItem:
    return WorkItem.objects.get(case=case, node=node, status="open")
