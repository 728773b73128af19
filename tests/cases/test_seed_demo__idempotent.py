"""`seed_demo` loads two SWVs with a login per role and cases in every state; a second run changes nothing;
the first sweep after it escalates the overdue case at once (what `make run` shows). Its thuiszitters lie in
both gemeenten: the first sweep puts the escalation of the pupil at home > 8 weeks in the inbox of the
leerplichtambtenaar of its gemeente only, and moving the clock 3 months escalates to the SWV director and the
inspectie list. One test, as seeding takes most of its time."""

import datetime as dt
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from cases import clock
from cases.models import Briefhoofd, Case, Swv, ThuiszitterMelding, TlvAanvraag, WorkItem
from cases.roles import Role
from cases.services.deadlines import sweep_deadlines
from workflows import selectors


def _counts():
    return (
        Swv.objects.count(),
        Case.objects.count(),
        get_user_model().objects.count(),
        WorkItem.objects.count(),
    )


def test_seed_demo_is_idempotent_and_escalates(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "po-beslisser" in out.getvalue() and "Passend-2026" in out.getvalue()
    first = _counts()
    thuiszitters = Case.objects.filter(route__in=["thuiszitter", "zorgplicht"]).count()
    assert thuiszitters == 14  # 10, and 2 per SWV of half a year ago for the quarterly report
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    assert Case.objects.filter(route__in=["thuiszitter", "zorgplicht"]).count() == thuiszitters
    assert Briefhoofd.objects.count() == Swv.objects.count()  # every demo SWV has a letterhead
    _assert_quarterly_report_has_data()
    _assert_capacity_page_has_data()
    _assert_targets_page_has_data()
    statuses = set(TlvAanvraag.objects.values_list("status", flat=True))
    assert statuses >= {
        "concept",
        "ingediend",
        "onvolledig",
        "deskundigenadvies",
        "cva_advies",
        "meer_informatie",
        "toegekend",
        "afgewezen",
        "ingetrokken",
        "buiten_behandeling",
    }
    roles = set(
        get_user_model().objects.filter(memberships__isnull=False).values_list("memberships__role", flat=True)
    )
    assert roles == set(Role.values)
    sweep = StringIO()
    call_command("sweep_deadlines", stdout=sweep)
    escalations = WorkItem.objects.filter(kind="escalation")
    assert {e.role for e in escalations} >= {"beslisser", "cva_voorzitter", "consulent"}
    for username, gemeente in (("po-leerplicht", "Emmen"), ("vo-leerplicht", "Katwijk")):
        items = list(_pool(username))
        assert items, username
        assert {i.gemeente.name for i in items} == {gemeente}
        assert {i.case.leerling.woongemeente.name for i in items} == {gemeente}
    call_command("sweep_deadlines", stdout=StringIO())
    assert WorkItem.objects.filter(kind="escalation").count() == escalations.count()
    # move the clock 3 months: more escalations, still only the own gemeente, and the inspectie list
    sweep_deadlines(now=clock.now() + dt.timedelta(days=91))
    assert {i.gemeente.name for i in _pool("po-leerplicht")} == {"Emmen"}
    assert ThuiszitterMelding.objects.filter(inspectie_gemeld_op__isnull=False).exists()
    assert _pool("po-beslisser").exists()


def _assert_capacity_page_has_data():
    from reports.capacity import capacity_report

    for swv in Swv.objects.all():
        report = capacity_report(swv_id=swv.pk)
        assert report.norm_days is not None and report.schools, swv
        assert all(s.capacity is not None and s.capacity_next is not None for s in report.schools)
        assert sum(s.placed for s in report.schools) >= 1, swv
        assert report.waiting_total >= 1 and report.over_norm_total >= 1, swv


def _assert_targets_page_has_data():
    """The PO SWV's targets page shows its -30 % TLV target against the school year so far and the
    projection (the base year before the target's peildatum holds decisions)."""
    from reports.selectors import schooljaar_of
    from reports.targets import targets_report

    swv = Swv.objects.get(code="PO 22-02")
    report = targets_report(swv=swv, schooljaar=schooljaar_of(clock.today()), today=clock.today())
    row = next(r for r in report.rows if r.indicator == "tlv_daling")
    assert row.doel == 30 and row.projectie is not None, row
    assert {d.reeks: d.n for d in row.drill}["basisjaar"] >= 6


def _pool(username):
    user = get_user_model().objects.get(username=username)
    return selectors.werkvoorraad(user).filter(case__route="thuiszitter", kind="escalation")


def _assert_quarterly_report_has_data():
    """`make run` shows the quarterly report with data in every figure, whatever today's date."""
    from reports.quarterly import Period, quarterly_report

    period = Period.last_complete_quarter(clock.today())  # what the report page opens with
    for swv in Swv.objects.all():
        r = quarterly_report(swv=swv, period=period, now=clock.now())
        assert r.tlv_totaal >= 2 and r.thuiszitters_totaal >= 1, (swv.code, period.label)
        assert any(x.definitief or x.gestart for x in r.schakel), (swv.code, period.label)
        assert any(x.besluiten for x in r.termijnen) and r.doorlooptijd_stappen
        if swv.sector == "po":
            assert r.toestroom_totaal.afgesloten >= 1, period.label
