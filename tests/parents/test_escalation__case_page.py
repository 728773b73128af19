"""The staff case page shows the notices to the ouders (a statutory term exceeded) on a card like the
letters': per term its recipients, how each copy was sent (e-mail with the PDF, or printed for the post on a
date) and a link to each recipient's own PDF; a case without notices shows no card."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from cases.models import Deadline, Ouder, OuderBericht
from cases.services.deadlines import sweep_deadlines


def test_the_case_page_lists_each_notice_with_its_recipients_and_how_they_were_sent(
    client, world, steps, django_capture_on_commit_callbacks
):
    Ouder.objects.create(
        leerling=world.leerling_a, naam="Tweede ouder", adres="Molenweg 2, Emmen", gezag=True
    )
    a = steps.ingediend(world)
    client.force_login(world.consulent)
    before = client.get(reverse("case_detail", args=[a.case.pk])).content.decode()
    assert "Meldingen aan ouders" not in before
    termijn = Deadline.objects.get(case=a.case, kind="tlv_beslistermijn")
    late = dt.datetime.combine(termijn.due_on + dt.timedelta(days=2), dt.time(9), tzinfo=dt.UTC)
    with time_machine.travel(late, tick=False), django_capture_on_commit_callbacks(execute=True):
        sweep_deadlines()
    rows = {r.naam: r for r in OuderBericht.objects.filter(case=a.case)}
    page = client.get(reverse("case_detail", args=[a.case.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "Meldingen aan ouders" in html
    card = html[html.index('id="meldingen-ouders"') :]
    card = card[: card.index("</section>")]
    assert card.count('<div class="letter">') == 1  # one notice (one term), two recipients
    assert "Ouder A" in card and "per e-mail met de brief als PDF" in card
    assert "Tweede ouder" in card and f"afgedrukt voor de post op {late:%-d-%-m-%Y}" in card
    for row in rows.values():
        assert reverse("document_download", args=[row.document_id]) in card
    # the school sees the same card (it is a party) and can open each copy
    client.force_login(world.school_user)
    html = client.get(reverse("case_detail", args=[a.case.pk])).content.decode()
    assert 'id="meldingen-ouders"' in html
    download = client.get(reverse("document_download", args=[rows["Tweede ouder"].document_id]))
    assert download.status_code == 200


def test_the_zorgplicht_page_shows_the_notice_of_an_exceeded_zorgplicht(
    client, world, django_capture_on_commit_callbacks
):
    from cases import clock
    from cases.services import zorgplicht

    with time_machine.travel(dt.datetime(2027, 1, 5, 9, tzinfo=dt.UTC), tick=False):
        zp = zorgplicht.aanmelding_create(
            by=world.school_user, leerling=world.leerling_a, school=world.school_a, aangemeld_op=clock.today()
        )
    with (
        time_machine.travel(dt.datetime(2027, 4, 20, 9, tzinfo=dt.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sweep_deadlines()
        (row,) = OuderBericht.objects.filter(case=zp.case)
        client.force_login(world.school_user)
        html = client.get(reverse("aanmelding_detail", args=[zp.case.pk])).content.decode()
    card = html[html.index('id="meldingen-ouders"') :]
    assert "Ouder A" in card and "per e-mail met de brief als PDF" in card
    assert reverse("document_download", args=[row.document_id]) in card
