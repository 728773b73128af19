"""`seed_demo` loads two SWVs with a login per role and cases in every state; a second run changes nothing;
the first sweep after it escalates the overdue case at once (what `make run` shows)."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from cases.models import Briefhoofd, Case, Swv, TlvAanvraag, WorkItem
from cases.roles import Role


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
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    assert Briefhoofd.objects.count() == Swv.objects.count()  # every demo SWV has a letterhead
    _assert_quarterly_report_has_data()
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
    call_command("sweep_deadlines", stdout=StringIO())
    assert WorkItem.objects.filter(kind="escalation").count() == escalations.count()


def _assert_quarterly_report_has_data():
    """issue 7: `make run` shows the quarterly report with data in every figure, whatever today's date."""
    from cases import clock
    from reports.quarterly import Period, quarterly_report

    period = Period.last_complete_quarter(clock.today())  # what the report page opens with
    for swv in Swv.objects.all():
        r = quarterly_report(swv=swv, period=period, now=clock.now())
        assert r.tlv_totaal >= 2 and r.thuiszitters_totaal >= 1, (swv.code, period.label)
        assert any(x.definitief or x.gestart for x in r.schakel), (swv.code, period.label)
        assert any(x.besluiten for x in r.termijnen) and r.doorlooptijd_stappen
        if swv.sector == "po":
            assert r.toestroom_totaal.afgesloten >= 1, period.label
