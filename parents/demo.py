"""Demo data: two ouders with gezag for every demo pupil (separated parents at different addresses for some),
and the consents the demo routes need. Idempotent: pupils that already have ouders are left alone."""

from __future__ import annotations

import datetime as dt

from cases import clock
from cases.models import Consent, ConsentPurpose, Leerling, Ouder
from cases.system import system_user

DEMO_EMAIL_DOMAIN = "demo.example"
DEMO_PURPOSES = (ConsentPurpose.GEGEVENSDELING, ConsentPurpose.SCREENING, ConsentPurpose.CASUSOVERLEG)
STREETS = ("Dorpsstraat", "Kerklaan", "Molenweg", "Schoolstraat", "Beukenlaan", "Havenkade")


def _slug(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum()) or "ouder"


def demo_ouders(leerling: Leerling) -> list[Ouder]:
    n = leerling.pk
    street = STREETS[n % len(STREETS)]
    base = _slug(f"{leerling.voornaam}{leerling.achternaam}")
    separated = n % 3 == 0
    rows = [
        Ouder(
            leerling=leerling,
            naam=f"M. {leerling.achternaam}",
            relatie=Ouder.Relatie.MOEDER,
            gezag=True,
            email=f"moeder.{base}.{n}@{DEMO_EMAIL_DOMAIN}",
            telefoon=f"06 1234 {n % 10000:04d}",
            adres=f"{street} {n % 90 + 1}, demo",
            ontvangt_brieven=True,
        ),
        Ouder(
            leerling=leerling,
            naam=f"J. {leerling.achternaam}",
            relatie=Ouder.Relatie.VADER,
            gezag=True,
            email=f"vader.{base}.{n}@{DEMO_EMAIL_DOMAIN}",
            adres=f"{STREETS[(n + 1) % len(STREETS)]} {n % 70 + 2}, demo"
            if separated
            else f"{street} {n % 90 + 1}, demo",
            voorkeurstaal=Ouder.Taal.EN if n % 5 == 0 else Ouder.Taal.NL,
            ontvangt_brieven=True,
        ),
    ]
    for ouder in rows:
        ouder._change_reason = "demo"
        ouder.save()
    # the consents the demo routes need, given by the first parent in an intake a year ago
    given = max(clock.today() - dt.timedelta(days=365), leerling.geboortedatum)
    for purpose in DEMO_PURPOSES:
        consent = Consent(
            leerling=leerling,
            purpose=purpose,
            gever=Consent.Gever.OUDER,
            ouder=rows[0],
            gever_naam=rows[0].naam,
            gegeven_op=given,
            wijze=Consent.Wijze.OVERLEG,
            overleg="Intakegesprek op school (demo)",
            recorded_by=system_user(),
            recorded_at=clock.now(),
        )
        consent._change_reason = "demo"
        consent.save()
    return rows


def seed_parents(swv, *, leerlingen=None) -> int:
    """Give every pupil of `swv` (or only `leerlingen`) without ouders two; returns how many got them."""
    qs = Leerling.objects.filter(swv=swv, ouders__isnull=True) if leerlingen is None else leerlingen
    count = 0
    for leerling in qs:
        if leerling.ouders.exists():
            continue
        demo_ouders(leerling)
        count += 1
    return count


def demo_parent_link(swv) -> tuple[str, Ouder] | None:
    """A fresh personal link (printed, not mailed) for the first ouder with gezag of a demo pupil whose
    TLV letter went to them (else of any pupil with a case): the parent login of `make run`."""
    from cases.models import Case, Ontvanger
    from cases.services.ouderportaal import link_url, ouder_link_issue

    row = (
        Ontvanger.objects.filter(
            bekendmaking__aanvraag__case__swv=swv,
            ouder__gezag=True,
            ouder__email__gt="",
            document__isnull=False,
        )
        .select_related("ouder__leerling")
        .order_by("pk")
        .first()
    )
    ouder = row.ouder if row else None
    if ouder is None:
        case = Case.objects.filter(swv=swv, leerling__ouders__gezag=True).order_by("pk").first()
        if case is None:
            return None
        ouder = case.leerling.ouders.filter(gezag=True).exclude(email="").order_by("pk").first()
        if ouder is None:
            return None
    token = ouder_link_issue(ouder=ouder, by=system_user(), send=False, national=True)
    return link_url(token), ouder
