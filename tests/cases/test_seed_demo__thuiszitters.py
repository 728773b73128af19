"""The demo (what `make run` shows): seed_demo adds thuiszitters in both gemeenten; the first sweep puts the
escalation of the pupil at home > 8 weeks in the inbox of the leerplichtambtenaar of its gemeente only, and
moving the clock 3 months escalates to the SWV director and the inspectie list."""

import datetime as dt
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from cases import clock
from cases.models import Case, ThuiszitterMelding
from cases.services.deadlines import sweep_deadlines
from workflows import selectors


def _pool(username):
    user = get_user_model().objects.get(username=username)
    return selectors.werkvoorraad(user).filter(case__route="thuiszitter", kind="escalation")


def test_seed_then_sweep_escalates_to_the_right_leerplicht(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("seed_demo", stdout=StringIO())
    n = Case.objects.filter(route__in=["thuiszitter", "zorgplicht"]).count()
    assert n == 14  # 10, and 2 per SWV of half a year ago for the quarterly report (issue 7)
    call_command("seed_demo", stdout=StringIO())
    assert Case.objects.filter(route__in=["thuiszitter", "zorgplicht"]).count() == n
    call_command("sweep_deadlines", stdout=StringIO())
    for username, gemeente in (("po-leerplicht", "Emmen"), ("vo-leerplicht", "Katwijk")):
        items = list(_pool(username))
        assert items, username
        assert {i.gemeente.name for i in items} == {gemeente}
        assert {i.case.leerling.woongemeente.name for i in items} == {gemeente}
    # move the clock 3 months: more escalations, still only the own gemeente, and the inspectie list
    sweep_deadlines(now=clock.now() + dt.timedelta(days=91))
    assert {i.gemeente.name for i in _pool("po-leerplicht")} == {"Emmen"}
    assert ThuiszitterMelding.objects.filter(inspectie_gemeld_op__isnull=False).exists()
    assert _pool("po-beslisser").exists()
