"""Demo data: the overstap. Pupils of PO 22-02's first school moving to VO 31-02 in several states: opened,
consent recorded, sent, received with the warm handover held, and placed; one to a VSO school with the
advice of an independent deskundige (PO 22-02 asks for one). Runs after both SWVs exist."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from cases import clock
from cases.models import Case, Deskundige, Leerling, School, Swv

PO, VO = "PO 22-02", "VO 31-02"
FILE = {
    "ondersteuningsbehoeften": "Duidelijke structuur, voorspelbare overgangen, extra instructie bij "
    "begrijpend lezen.",
    "wat_werkte": "Een vaste plek vooraan, een dagplanning op tafel, een korte check-in per dag.",
    "stem_leerling": "Ik wil een mentor die ik kan vragen als ik iets niet snap.",
    "advies_vo": "Een mentor met wekelijks contact; de eerste weken een rustige plek in de pauze.",
}


class OverstapDemo:
    """Mixed into the seed_demo command (uses its stdout)."""

    def _overstap(self):
        from cases.demo.common import pdf
        from cases.services import overstap
        from cases.services.documents import document_upload

        po = Swv.objects.filter(code=PO).first()
        vo = Swv.objects.filter(code=VO).first()
        if po is None or vo is None or Case.objects.filter(swv=po, route="overstap").exists():
            return
        self.stdout.write("Overstap PO-VO: overdrachten van PO 22-02 naar VO 31-02 ...")
        users = {u.username: u for u in get_user_model().objects.filter(username__startswith=("po-"))}
        users |= {u.username: u for u in get_user_model().objects.filter(username__startswith=("vo-"))}
        po_school = users["po-school"].memberships.get(role="school").school
        vo_school = users["vo-school"].memberships.get(role="school").school
        vso = School.objects.filter(swv=vo, soort=School.Soort.VSO).order_by("pk").first()
        pupils = [
            leerling
            for leerling in Leerling.objects.filter(swv=po, stamschool=po_school).order_by(
                "-geboortedatum", "pk"
            )
            if leerling.ouders.filter(gezag=True).exists()
            and not Case.objects.filter(leerling=leerling, closed_at__isnull=True).exists()
        ][:6]
        if len(pupils) < 6:
            return
        deskundige = Deskundige.objects.filter(swv=po, school__isnull=True).order_by("pk").first()
        school, consulent = users["po-school"], users["po-consulent"]
        vo_consulent, vo_school_user = users["vo-consulent"], users["vo-school"]
        now = clock.now()

        def at(days_ago):
            return clock.travel(now - dt.timedelta(days=days_ago, hours=-1))

        def step(leerling, until, days_ago, to=None):
            with at(days_ago), transaction.atomic():
                o = overstap.overstap_create(
                    by=school,
                    leerling=leerling,
                    school=po_school,
                    groep=8,
                    aanleiding="Heeft structuur en voorspelbaarheid nodig; OPP sinds groep 6.",
                )
                if until == "concept":
                    return
                overstap.toestemming_record(
                    overstap=o,
                    by=school,
                    ouder=leerling.ouders.filter(gezag=True).order_by("pk").first(),
                    gegeven_op=clock.today(),
                    overleg="Oudergesprek over het schooladvies",
                )
                if until == "toestemming":
                    return
                opp = document_upload(case=o.case, by=school, kind="opp", uploaded=pdf("opp.pdf"))
                overstap.dossier_record(
                    overstap=o, by=school, vo_school=to or vo_school, documenten=[opp], **FILE
                )
                if until == "dossier":
                    return
                vso_advice = to is not None and to.soort == School.Soort.VSO
                overstap.verzenden_record(
                    overstap=o,
                    by=consulent,
                    deskundige=deskundige if vso_advice else None,
                    deskundige_advies="VSO cluster 4 past: de ondersteuningsbehoefte overstijgt het VO."
                    if vso_advice
                    else "",
                )
                if until == "verzonden":
                    return
                o = type(o).objects.get(pk=o.pk)
                overstap.ontvangst_record(overstap=o, by=vo_consulent)
                overstap.overdracht_record(
                    overstap=o,
                    by=vo_consulent,
                    datum=clock.today(),
                    deelnemers="PO 22-02 (consulent)\nVO 31-02 (consulent)\nIB'er PO-school\n"
                    "zorgcoördinator VO-school\nouders",
                    afspraken="Kennismaking met de mentor in juni; de leerling bezoekt de school twee keer.",
                )
                if until == "overdracht":
                    return
                overstap.plaatsing_record(overstap=o, by=vo_school_user, geplaatst_op=clock.today())

        step(pupils[0], "concept", 2)
        step(pupils[1], "toestemming", 10)
        step(pupils[2], "dossier", 20)
        step(pupils[3], "verzonden", 25, to=vso if deskundige is not None else None)
        step(pupils[4], "overdracht", 40)
        step(pupils[5], "geplaatst", 60)
