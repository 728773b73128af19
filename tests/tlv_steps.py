"""Drive a TLV aanvraag to a given state through the services (as the real users would)."""

from __future__ import annotations

import datetime as dt

from cases import profiles
from cases.models import TlvAanvraag
from cases.services import documents, tlv
from tests.factories import pdf

REQUIRED = ("opp", "zienswijze_ouders", "instemming_ouders", "interventies")


def fresh(a: TlvAanvraag) -> TlvAanvraag:
    return TlvAanvraag.objects.select_related("case").get(pk=a.pk)


def kind(w) -> dict:
    """The TLV the steps ask for: SO cluster 4 in a PO SWV, VSO in a VO SWV (the sector decides)."""
    if w.swv.sector == "vo":
        return {"soort": "vso", "cluster": None, "categorie": "laag"}
    return {"soort": "so", "cluster": 4, "categorie": "laag"}


def concept(w, leerling=None) -> TlvAanvraag:
    leerling = leerling or w.leerling_a
    k = kind(w)
    return tlv.aanvraag_create(
        by=w.school_user,
        leerling=leerling,
        school=leerling.stamschool,
        gevraagde_soort=k["soort"],
        gevraagde_cluster=k["cluster"],
        gevraagde_categorie=k["categorie"],
        onderbouwing="Onderbouwing",
    )


def with_documents(w, a):
    """The usual file, and whatever else the SWV's profile requires for this kind (by who may add it)."""
    for kind in REQUIRED:
        documents.document_upload(case=a.case, by=w.school_user, kind=kind, uploaded=pdf(f"{kind}.pdf"))
    for kind, n, adders in extra_documents(a):
        by = w.school_user if not adders or "school" in adders else w.consulent
        for _ in range(n):
            documents.document_upload(case=a.case, by=by, kind=kind, uploaded=pdf(f"{kind}.pdf"))
    return a


def extra_documents(a):
    rules = profiles.for_case(a.case).r.documents_for("tlv", a.gevraagde_soort)
    return [(r.options[0], r.aantal, r.toevoegen_door) for r in rules if not set(r.options) & set(REQUIRED)]


def ingediend(w):
    a = with_documents(w, concept(w))
    tlv.aanvraag_submit(aanvraag=a, by=w.school_user)
    return fresh(a)


def onvolledig(w):
    a = ingediend(w)
    tlv.volledigheid_record(aanvraag=a, by=w.consulent, volledig=False, ontbrekende_stukken="OPP-evaluatie")
    return fresh(a)


def deskundigenadvies(w):
    a = ingediend(w)
    tlv.volledigheid_record(aanvraag=a, by=w.consulent, volledig=True)
    return fresh(a)


def cva_advies(w):
    a = deskundigenadvies(w)
    tlv.deskundigenadvies_record(
        aanvraag=a, by=w.deskundige1, volgorde=1, advies="Advies 1", aanbeveling="toekennen"
    )
    tlv.deskundigenadvies_record(
        aanvraag=a, by=w.deskundige2, volgorde=2, advies="Advies 2", aanbeveling="toekennen"
    )
    a = fresh(a)
    if a.case.swv.decision_mode == "bto":
        tlv.bto_review_record(aanvraag=a, by=w.cva, volgorde=1, oordeel="Eens", aanbeveling="toekennen")
        tlv.bto_review_record(aanvraag=a, by=w.cva2, volgorde=2, oordeel="Eens", aanbeveling="toekennen")
    return fresh(a)


def adviser(w, a):
    return w.voorzitter if a.case.swv.decision_mode == "bto" else w.cva


def besluit_open(w, uitkomst="toekennen"):
    a = cva_advies(w)
    tlv.cva_advies_record(
        aanvraag=a,
        by=adviser(w, a),
        uitkomst=uitkomst,
        **kind(w),
        motivering="Motivering",
    )
    return fresh(a)


def meer_informatie(w):
    a = cva_advies(w)
    tlv.cva_advies_record(aanvraag=a, by=adviser(w, a), uitkomst="meer_informatie", vraag="MDO-verslag")
    return fresh(a)


def toegekend(w, ingang=None):
    a = besluit_open(w)
    ingang = ingang or dt.date(2027, 1, 4)
    tlv.besluit_record(
        aanvraag=a,
        by=w.beslisser,
        besluit="toekennen",
        **kind(w),
        ingangsdatum=ingang,
        einddatum=dt.date(ingang.year + 1, 7, 31),
        school=w.special,
        motivering="Besluit",
    )
    return fresh(a)


# --- after the besluit -----------------------------------------------------------------------


def afgewezen(w):
    a = besluit_open(w, uitkomst="afwijzen")
    tlv.besluit_record(aanvraag=a, by=w.beslisser, besluit="afwijzen", motivering="Regulier kan het bieden")
    return fresh(a)


def bekendgemaakt(w, a=None):
    """A toegekend (or the given) aanvraag, made known to the ouders and the school today."""
    from cases.services import bekendmaking

    a = a or toegekend(w)
    bekendmaking.bekendmaking_record(aanvraag=a, by=w.consulent)
    return fresh(a)


def bezwaar_ontvangen(w, a=None, ontvangen_op=None):
    """A bekendgemaakt aanvraag with a timely bezwaar registered today (or on `ontvangen_op`)."""
    from cases import clock
    from cases.services import bezwaar

    a = a or bekendgemaakt(w)
    return bezwaar.bezwaar_register(
        aanvraag=a,
        by=w.consulent,
        ontvangen_op=ontvangen_op or clock.today(),
        ingediend_door="Ouder A",
        gronden="De categorie is te laag.",
    )


def bezwaar_te_beslissen(w, a=None, advies="ongegrond"):
    """A bezwaar through ontvankelijkheid, hoorzitting and the commissie's advice."""
    from cases import clock
    from cases.services import bezwaar

    b = bezwaar_ontvangen(w, a)
    bezwaar.ontvankelijkheid_record(bezwaar=b, by=w.consulent, ontvankelijk=True)
    bezwaar.hoorzitting_record(bezwaar=b, by=w.consulent, op=clock.today(), verslag="Ouders gehoord.")
    bezwaar.advies_record(bezwaar=b, by=w.consulent, uitkomst=advies, tekst="Advies LBT", op=clock.today())
    return fresh_bezwaar(b)


def fresh_bezwaar(b):
    from cases.models import Bezwaar

    return Bezwaar.objects.select_related("case").get(pk=b.pk)


def toegekend_for(w, leerling, ingang=dt.date(2027, 1, 4), einde=dt.date(2028, 7, 31)):
    """A toegekend aanvraag for another pupil (by that pupil's school)."""
    school_user = w.school_user if leerling.stamschool_id == w.school_a.pk else w.school_b_user
    a = tlv.aanvraag_create(
        by=school_user,
        leerling=leerling,
        school=leerling.stamschool,
        gevraagde_soort=kind(w)["soort"],
        gevraagde_cluster=kind(w)["cluster"],
        gevraagde_categorie=kind(w)["categorie"],
        onderbouwing="Onderbouwing",
    )
    for doc in REQUIRED:
        documents.document_upload(case=a.case, by=school_user, kind=doc, uploaded=pdf(f"{doc}.pdf"))
    tlv.aanvraag_submit(aanvraag=a, by=school_user)
    tlv.volledigheid_record(aanvraag=fresh(a), by=w.consulent, volledig=True)
    a = fresh(a)
    tlv.deskundigenadvies_record(
        aanvraag=a, by=w.deskundige1, volgorde=1, advies="A", aanbeveling="toekennen"
    )
    tlv.deskundigenadvies_record(
        aanvraag=a, by=w.deskundige2, volgorde=2, advies="B", aanbeveling="toekennen"
    )
    a = fresh(a)
    tlv.cva_advies_record(
        aanvraag=a,
        by=adviser(w, a),
        uitkomst="toekennen",
        **kind(w),
        motivering="M",
    )
    tlv.besluit_record(
        aanvraag=fresh(a),
        by=w.beslisser,
        besluit="toekennen",
        **kind(w),
        ingangsdatum=ingang,
        einddatum=einde,
        school=w.special,
        motivering="Besluit",
    )
    return fresh(a)
