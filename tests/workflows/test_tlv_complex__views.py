"""Variant complex case / SO hoog: an external deskundige's zienswijze, the voorzitter decides in 4 weeks."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cases.errors import DomainError, ValidationFailed
from cases.models import Bekendmaking, Deskundige, WorkItem
from cases.roles import Role
from cases.services import tlv, tlv_variants
from tests.factories import make_user


@pytest.fixture
def extern(world):
    user = make_user(f"extern-{world.swv.code}", role=Role.DESKUNDIGE, swv=world.swv)
    return Deskundige.objects.create(
        user=user, naam="Dr. Extern", discipline="kinderpsychiater", swv=world.swv
    )


def _post_item(client, user, item, data):
    client.force_login(user)
    r = client.post(reverse("workitem", args=[item.pk]), data)
    assert r.status_code == 302, r.content.decode()[:2000]


def test_complex_case_end_to_end(client, world, steps, extern, time_machine):
    # a Monday whose + 4 weeks is an ordinary Monday: from 4 December the term ends on 1 January
    # (Nieuwjaarsdag) and the Algemene termijnenwet moves it to 4 January
    time_machine.move_to(dt.datetime(2026, 11, 2, 9, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False)
    w = world
    a = steps.cva_advies(w)
    client.force_login(w.cva)  # the coördinator
    page = client.get(reverse("case_detail", args=[a.case_id])).content.decode()
    assert "Externe deskundige toevoegen" in page
    client.post(
        reverse("complex_start", args=[a.case_id]),
        {"reden": "SO categorie hoog gevraagd", "deskundige": extern.pk, "ontvangende_school": w.special.pk},
    )
    termijn = a.case.deadlines.get(kind="tlv_beslistermijn_complex")
    assert termijn.due_on - termijn.started_on == dt.timedelta(weeks=4)
    # the CvA advises; the besluit task goes to the voorzitter (the board), not the beslisser
    tlv.cva_advies_record(
        aanvraag=steps.fresh(a),
        by=w.cva,
        uitkomst="toekennen",
        soort="so",
        cluster=4,
        categorie="hoog",
        motivering="M",
    )
    besluit_item = WorkItem.objects.get(case=a.case, node="besluit", status="open")
    assert besluit_item.role == "cva_voorzitter"
    data = {
        "besluit": "toekennen",
        "soort": "so",
        "cluster": "4",
        "categorie": "hoog",
        "ingangsdatum": "2027-01-04",
        "einddatum": "2028-07-31",
        "school": w.special.pk,
        "motivering": "Besluit van het bestuur.",
    }
    # not before the zienswijze
    client.force_login(w.voorzitter)
    client.post(reverse("workitem", args=[besluit_item.pk]), data)
    assert steps.fresh(a).status == "cva_advies"
    # the external deskundige gives the zienswijze; it goes to the ouders, the receiving school, the chair
    zw_item = WorkItem.objects.get(case=a.case, node="externe_zienswijze", status="open")
    assert zw_item.assignee == extern.user
    _post_item(client, extern.user, zw_item, {"zienswijze": "Categorie hoog is passend."})
    bk = Bekendmaking.objects.get(aanvraag=a, soort="zienswijze")
    names = list(bk.ontvangers.values_list("naam", flat=True))
    assert names[0] == "Ouder A" and w.special.name in names and any("voorzitter" in n for n in names)
    # the beslisser may not decide this one; the voorzitter does
    with pytest.raises(DomainError):
        tlv.besluit_record(
            aanvraag=steps.fresh(a), by=w.beslisser, besluit="afwijzen", motivering="Niet mijn besluit"
        )
    _post_item(client, w.voorzitter, WorkItem.objects.get(pk=besluit_item.pk), data)
    a = steps.fresh(a)
    assert (a.status, a.besluit_categorie, a.besloten_door) == ("toegekend", "hoog", w.voorzitter)
    assert a.case.deadlines.get(kind="tlv_beslistermijn_complex").status == "closed"


def test_complex_variant_refusals(world, steps, extern):
    w = world
    a = steps.cva_advies(w)
    deska = Deskundige.objects.get(user=w.deskundige_a)  # works for the requesting school
    with pytest.raises(ValidationFailed) as exc:
        tlv_variants.complex_start(
            aanvraag=a, by=w.cva, reden="x", deskundige=deska, ontvangende_school=w.special
        )
    assert exc.value.code == "deskundige-niet-onafhankelijk"
    w.swv.tlv_complex_toegestaan = False
    w.swv.save()
    with pytest.raises(ValidationFailed) as exc:
        tlv_variants.complex_start(
            aanvraag=a, by=w.cva, reden="x", deskundige=extern, ontvangende_school=w.special
        )
    assert exc.value.code == "variant-niet-toegestaan"
