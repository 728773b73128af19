"""Demo data: TLV cases in every state, some overdue so the sweep escalates at once, and decided TLVs."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cases import clock, profiles
from cases.deadlines import Unit, add_term
from cases.demo.common import pdf
from cases.models import Leerling, School
from cases.services import bekendmaking, bezwaar, documents, tlv
from cases.services.workitems import workitem_claim


def file_kinds(a) -> list[str]:
    """The documents the school adds before submitting: one of each the SWV's profile requires for the
    kind asked (the first option of each rule, as often as the rule asks)."""
    rules = profiles.for_case(a.case).r.documents_for("tlv", a.gevraagde_soort)
    return [r.options[0] for r in rules for _ in range(r.aantal)]


class TlvDemo:
    """Mixed into the seed_demo command (uses its stdout)."""

    def _cases(self, swv, users, rng):
        p = "po" if swv.sector == "po" else "vo"
        school_user, consulent = users[f"{p}-school"], users[f"{p}-consulent"]
        d1, d2 = users[f"{p}-deskundige1"], users[f"{p}-deskundige2"]
        beslisser = users[f"{p}-beslisser"]
        schools = users["_schools"]
        special = schools[3] if swv.sector == "po" else schools[2]
        leerlingen = list(Leerling.objects.filter(swv=swv, stamschool=schools[0]).order_by("pk"))
        soort = "so" if swv.sector == "po" else "vso"
        plan = [
            ("concept", 2),
            ("ingediend", 3),
            ("onvolledig", 20),
            ("deskundigenadvies", 10),
            ("cva_advies", 30),
            ("cva_advies_overdue", 60),
            ("meer_informatie", 25),
            ("besluit_open", 40),
            ("toegekend", 70),
            ("afgewezen", 80),
            ("ingetrokken", 15),
            ("buiten_behandeling", 45),
        ]
        now = clock.now()
        for (target, days_ago), leerling in zip(plan, leerlingen, strict=False):
            start = now - dt.timedelta(days=days_ago)

            def at(day_offset, _start=start):
                return clock.travel(_start + dt.timedelta(days=day_offset, hours=1))

            with at(0):
                a = tlv.aanvraag_create(
                    by=school_user,
                    leerling=leerling,
                    school=leerling.stamschool,
                    gevraagde_soort=soort,
                    gevraagde_cluster=4 if soort == "so" else None,
                    gevraagde_categorie="laag",
                    onderbouwing="Ondanks de ingezette arrangementen (zie OPP) komt de "
                    "ontwikkeling onvoldoende op gang.",
                )
            self.stdout.write(f"  {a.case.reference}: {target}")
            if target == "concept":
                continue
            with at(0.02):  # half an hour after the aanvraag was created
                for kind in file_kinds(a):
                    documents.document_upload(
                        case=a.case, by=school_user, kind=kind, uploaded=pdf(f"{kind}.pdf")
                    )
                tlv.aanvraag_submit(aanvraag=a, by=school_user)
            if target == "ingediend":
                continue
            if target in ("onvolledig", "buiten_behandeling"):
                with at(1):
                    tlv.volledigheid_record(
                        aanvraag=a,
                        by=consulent,
                        volledig=False,
                        ontbrekende_stukken="Het tweede handelingsplan ontbreekt.",
                    )
                if target == "buiten_behandeling":
                    with at(days_ago - 1):
                        tlv.buiten_behandeling_stellen(
                            aanvraag=a, by=consulent, reason="Hersteltermijn verstreken zonder aanvulling."
                        )
                continue
            with at(1):
                tlv.volledigheid_record(aanvraag=a, by=consulent, volledig=True)
            if target == "ingetrokken":
                with at(3):
                    tlv.aanvraag_withdraw(
                        aanvraag=a, by=school_user, reason="Ouders kiezen voor een andere school."
                    )
                continue
            if target == "deskundigenadvies":
                with at(2):
                    workitem_claim(item=a.case.work_items.get(node="deskundigenadvies_1"), by=d1)
                continue
            with at(5):
                tlv.deskundigenadvies_record(
                    aanvraag=a,
                    by=d1,
                    volgorde=1,
                    aanbeveling="toekennen",
                    advies="Het kind heeft een intensieve, specialistische aanpak nodig.",
                )
                tlv.deskundigenadvies_record(
                    aanvraag=a,
                    by=d2,
                    volgorde=2,
                    aanbeveling="toekennen",
                    advies="De ondersteuningsbehoefte overstijgt wat regulier kan.",
                )
            if swv.decision_mode == "bto":
                with at(8):
                    tlv.bto_review_record(
                        aanvraag=a,
                        by=users[f"{p}-bto1"],
                        volgorde=1,
                        aanbeveling="toekennen",
                        oordeel="Dossier is compleet; toelaatbaar.",
                    )
                    tlv.bto_review_record(
                        aanvraag=a,
                        by=users[f"{p}-bto2"],
                        volgorde=2,
                        aanbeveling="toekennen",
                        oordeel="Eens met de deskundigen.",
                    )
            if target in ("cva_advies", "cva_advies_overdue"):
                continue
            adviser = users[f"{p}-voorzitter"] if swv.decision_mode == "bto" else users[f"{p}-cva"]
            if target == "meer_informatie":
                with at(10):
                    tlv.cva_advies_record(
                        aanvraag=a,
                        by=adviser,
                        uitkomst="meer_informatie",
                        vraag="Graag het verslag van het laatste MDO.",
                    )
                continue
            uitkomst = "afwijzen" if target == "afgewezen" else "toekennen"
            with at(10):
                tlv.cva_advies_record(
                    aanvraag=a,
                    by=adviser,
                    uitkomst=uitkomst,
                    soort=soort,
                    cluster=4 if soort == "so" else None,
                    categorie="laag",
                    motivering="Advies op basis van beide deskundigenadviezen.",
                )
            if target == "besluit_open":
                continue
            with at(14):
                ingang = clock.today() + dt.timedelta(days=7)
                if uitkomst == "toekennen":
                    tlv.besluit_record(
                        aanvraag=a,
                        by=beslisser,
                        besluit="toekennen",
                        soort=soort,
                        cluster=4 if soort == "so" else None,
                        categorie="laag",
                        ingangsdatum=ingang,
                        einddatum=self._einddatum(swv, ingang, now),
                        school=special,
                        beoogde_school=self._beoogde_school(a),
                        motivering="De leerling is aangewezen op speciaal onderwijs.",
                    )
                else:
                    tlv.besluit_record(
                        aanvraag=a,
                        by=beslisser,
                        besluit="afwijzen",
                        motivering="De ondersteuning kan binnen het regulier worden geboden.",
                    )
            self._after_besluit(a, target, users, consulent, at)

    @staticmethod
    def _placement(swv, soort, cluster, fallback):
        """A school of the TLV's type (SBO at an SBO school, SO of the cluster, VSO, PrO) in the SWV."""
        schools = School.objects.filter(swv=swv, soort=soort).order_by("pk")
        if soort == "so" and cluster:
            schools = schools.filter(cluster=cluster)
        return schools.first() or fallback

    @staticmethod
    def _beoogde_school(aanvraag):
        """The regular school a young pupil may go back to (the service ignores it for older pupils)."""
        school = aanvraag.case.school
        return school if school is not None and school.soort == School.Soort.REGULIER else None

    @staticmethod
    def _einddatum(swv, ingang, now):
        """PO: the TLV ends 3 months + 5 days from now, so moving the clock shows the verlenging task."""
        if swv.sector == "po":
            return add_term(timezone.localdate(now), 3, Unit.MONTHS) + dt.timedelta(days=5)
        return ingang.replace(year=ingang.year + 2) - dt.timedelta(days=1)

    def _after_besluit(self, a, target, users, consulent, at):
        with at(15):
            bekendmaking.bekendmaking_record(aanvraag=a, by=consulent)
        if target != "afgewezen":
            return
        # the ouders object to the afwijzing; the consulent has asked the commissie for advice
        with at(20):
            b = bezwaar.bezwaar_register(
                aanvraag=a,
                by=consulent,
                ontvangen_op=clock.today(),
                ingediend_door=f"Ouders van {a.case.leerling.voornaam}",
                gronden="De school kan de ondersteuning niet bieden; wij vragen om een TLV.",
            )
        with at(30):
            bezwaar.ontvankelijkheid_record(bezwaar=b, by=consulent, ontvankelijk=True)

    def _decided_tlv(
        self,
        swv,
        users,
        leerling,
        school_user,
        consulent,
        special,
        at,
        *,
        soort,
        cluster,
        categorie,
        besluit,
        ago,
        duration,
    ):
        """One TLV from aanvraag to bekendgemaakt besluit, `duration` days after the complete dossier."""
        p = "po" if swv.sector == "po" else "vo"
        with at(ago):
            a = tlv.aanvraag_create(
                by=school_user,
                leerling=leerling,
                school=leerling.stamschool,
                gevraagde_soort=soort,
                gevraagde_cluster=cluster,
                gevraagde_categorie=categorie,
                onderbouwing="De ondersteuningsbehoefte overstijgt wat de school kan bieden.",
            )
            for kind in file_kinds(a):
                documents.document_upload(case=a.case, by=school_user, kind=kind, uploaded=pdf(f"{kind}.pdf"))
            tlv.aanvraag_submit(aanvraag=a, by=school_user)
        with at(ago - 2):
            tlv.volledigheid_record(aanvraag=a, by=consulent, volledig=True)
        with at(ago - 9):
            for volgorde, deskundige in ((1, users[f"{p}-deskundige1"]), (2, users[f"{p}-deskundige2"])):
                tlv.deskundigenadvies_record(
                    aanvraag=a,
                    by=deskundige,
                    volgorde=volgorde,
                    aanbeveling=besluit,
                    advies="Besproken met school en ouders.",
                )
            if swv.decision_mode == "bto":
                for volgorde, member in ((1, users[f"{p}-bto1"]), (2, users[f"{p}-bto2"])):
                    tlv.bto_review_record(
                        aanvraag=a,
                        by=member,
                        volgorde=volgorde,
                        aanbeveling=besluit,
                        oordeel="Dossier compleet.",
                    )
            adviser = users[f"{p}-voorzitter"] if swv.decision_mode == "bto" else users[f"{p}-cva"]
            tlv.cva_advies_record(
                aanvraag=a,
                by=adviser,
                uitkomst=besluit,
                soort=soort,
                cluster=cluster,
                categorie=categorie,
                motivering="Advies op basis van beide deskundigenadviezen.",
            )
        with at(ago - 2 - duration):
            if besluit == "afwijzen":
                tlv.besluit_record(
                    aanvraag=a,
                    by=users[f"{p}-beslisser"],
                    besluit="afwijzen",
                    motivering="De ondersteuning kan binnen het regulier worden geboden.",
                )
            else:
                ingang = clock.today() + dt.timedelta(days=14)
                tlv.besluit_record(
                    aanvraag=a,
                    by=users[f"{p}-beslisser"],
                    besluit="toekennen",
                    soort=soort,
                    cluster=cluster,
                    categorie=categorie,
                    ingangsdatum=ingang,
                    einddatum=add_term(ingang, 24, Unit.MONTHS) - dt.timedelta(days=1),
                    school=self._placement(swv, soort, cluster, special),
                    beoogde_school=self._beoogde_school(a),
                    motivering="De leerling is aangewezen op speciaal onderwijs.",
                    categorie_motivering="Intensieve begeleiding en een kleine groep zijn nodig."
                    if categorie in ("midden", "hoog")
                    else "",
                )
        with at(ago - 3 - duration):
            bekendmaking.bekendmaking_record(aanvraag=a, by=consulent)
