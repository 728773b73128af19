"""The overstap through the web pages and the API: the PO school opens it, the PO SWV sends it, the VO SWV
receives it and the VO school confirms the placement. The receiving side reaches exactly what was handed
over, nothing else of the PO dossier (a leak test per URL and API path), and each of its reads is logged
in both SWVs' access logs."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from audit.models import AccessLog
from cases.models import Case, Consent, ConsentPurpose, Document, Overstap, WorkItem
from cases.roles import Role
from cases.services import consent as consent_services
from tests import overstap_steps as steps
from tests.api.helpers import Api, api_client
from tests.factories import PDF_BYTES

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def _march_2027(time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)


@pytest.fixture
def t(db):
    return steps.two_swvs()


def _complete(client, user, item, data):
    client.force_login(user)
    page = client.get(reverse("workitem", args=[item.pk]))
    assert page.status_code == 200, page.content.decode()[:2000]
    response = client.post(reverse("workitem", args=[item.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def _pdf(w, case, name):
    d = steps.document(w, case, name=name)
    d.file.save(name, ContentFile(PDF_BYTES), save=True)
    return d


def test_the_handover_through_the_pages(client, t):
    po, vo = t.po, t.vo
    client.force_login(po.school_user)
    assert client.get(reverse("overstap_new")).status_code == 200
    r = client.post(
        reverse("overstap_new"),
        {"leerling": po.leerling_a.pk, "school": po.school_a.pk, "groep": 8, "aanleiding": "OPP"},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    o = Overstap.objects.get(case__leerling=po.leerling_a)
    ouder = po.leerling_a.ouders.get()
    _complete(
        client,
        po.school_user,
        steps.item(o.case, "toestemming"),
        {"ouder": ouder.pk, "gegeven_op": "2027-03-01", "overleg": "Oudergesprek"},
    )
    assert Consent.objects.filter(leerling=po.leerling_a, purpose=ConsentPurpose.OVERDRACHT).count() == 1
    opp = _pdf(po, o.case, "opp.pdf")
    _complete(
        client,
        po.school_user,
        steps.item(o.case, "dossier"),
        {
            "vo_school": vo.school_a.pk,
            "ondersteuningsbehoeften": "Structuur",
            "advies_vo": "Mentor",
            "documenten": [opp.pk],
        },
    )
    _complete(client, po.consulent, steps.item(o.case, "verzenden"), {})
    o = steps.fresh(o)
    ontvangst = o.ontvangst_case
    _complete(client, vo.consulent, steps.item(ontvangst, "ontvangst"), {})
    _complete(
        client,
        vo.consulent,
        steps.item(ontvangst, "warme_overdracht"),
        {"datum": "2027-03-01", "deelnemers": "PO-SWV\nVO-SWV\nouders", "afspraken": "Kennismaking"},
    )
    _complete(client, vo.school_user, steps.item(ontvangst, "plaatsing"), {"geplaatst_op": "2027-08-30"})
    assert steps.fresh(o).status == "geplaatst"

    # the VO school reads the handed-over file on its own case page; the PO page shows the outcome
    client.force_login(vo.school_user)
    page = client.get(reverse("overstap_detail", args=[ontvangst.pk])).content.decode()
    assert "Structuur" in page and "opp.pdf" in page
    client.force_login(po.school_user)
    page = client.get(reverse("overstap_detail", args=[o.case_id])).content.decode()
    assert "Geplaatst" in page and "30 augustus 2027" in page


def test_no_consent_is_refused_on_the_task_page_in_dutch_and_logged(client, t):
    o = steps.geopend(t)
    client.force_login(t.po.school_user)
    item = steps.item(o.case, "toestemming")
    r = client.post(reverse("workitem", args=[item.pk]), {})
    assert r.status_code == 200 and "Er is geen geldige toestemming" in r.content.decode()
    assert o.case.events.filter(kind="refused").exists()
    assert steps.fresh(o).status == "concept"


@pytest.fixture
def sent(t):
    """A handover sent to the VO SWV, with one document handed over and one kept back, and another route's
    case of the same pupil in the PO SWV (`o.other`)."""
    o = steps.met_toestemming(t)
    handed = _pdf(t.po, o.case, "opp.pdf")
    kept = _pdf(t.po, o.case, "verslag-jeugdhulp.pdf")
    from cases.services import overstap

    overstap.dossier_record(
        overstap=o,
        by=t.po.school_user,
        vo_school=t.vo.school_a,
        ondersteuningsbehoeften="Structuur",
        advies_vo="Mentor",
        documenten=[handed],
    )
    overstap.verzenden_record(overstap=steps.fresh(o), by=t.po.consulent)
    o = steps.fresh(o)
    o.other = Case.objects.create(
        swv=t.po.swv,
        leerling=o.case.leerling,
        school=t.po.school_a,
        route="loket",
        reference="OA-PO-2027-9999",
        opened_at=o.case.opened_at,
        created_by=t.po.school_user,
    )
    return o, handed, kept


def _po_urls(o, kept, handed):
    """Every page of the PO dossier; the VO side reaches none of them."""
    case = o.case
    return [
        reverse("overstap_detail", args=[case.pk]),
        reverse("case_detail", args=[case.pk]),
        reverse("case_process", args=[case.pk]),
        reverse("leerling_detail", args=[case.leerling_id]),
        reverse("document_download", args=[kept.pk]),
        reverse("document_detail", args=[kept.pk]),
        reverse("document_inline", args=[kept.pk]),
        reverse("document_download", args=[handed.pk]),  # even the handed-over one, never via the PO path
        reverse("overstap_document", args=[case.pk, handed.pk]),
        reverse("overstap_document", args=[o.ontvangst_case_id, kept.pk]),
        reverse("case_detail", args=[o.other.pk]),
        reverse("loket_detail", args=[o.other.pk]),
    ]


def _po_api_paths(o, kept, handed):
    case = o.case
    return [
        f"/api/v1/cases/{case.pk}/",
        f"/api/v1/cases/overstap/{case.pk}/",
        f"/api/v1/cases/{case.pk}/timeline/",
        f"/api/v1/cases/{case.pk}/deadlines/",
        f"/api/v1/cases/{case.pk}/documents/",
        f"/api/v1/cases/{case.pk}/letters/",
        f"/api/v1/cases/{case.pk}/pupil-voice/",
        f"/api/v1/documents/{kept.pk}/",
        f"/api/v1/documents/{kept.pk}/content/",
        f"/api/v1/documents/{handed.pk}/content/",
        f"/api/v1/pupils/{case.leerling_id}/",
        f"/api/v1/pupils/{case.leerling_id}/consents/",
        f"/api/v1/overstap/{case.pk}/overdracht/",
        f"/api/v1/overstap/{o.ontvangst_case_id}/overdracht/documenten/{kept.pk}/",
        f"/api/v1/cases/{o.other.pk}/",
        f"/api/v1/cases/{o.other.pk}/timeline/",
    ]


@pytest.mark.parametrize("who", ["consulent", "school_user", "beslisser", "auditor"])
def test_the_vo_side_reaches_nothing_of_the_po_dossier_in_the_pages(client, t, sent, who):
    o, handed, kept = sent
    client.force_login(getattr(t.vo, who))
    for url in _po_urls(o, kept, handed):
        assert client.get(url).status_code in (403, 404), url


@pytest.mark.parametrize("role", [Role.CONSULENT, Role.SCHOOL, Role.AUDITOR])
def test_the_vo_side_reaches_nothing_of_the_po_dossier_in_the_api(t, sent, role):
    o, handed, kept = sent
    _c, token = api_client(t.vo, role=role)
    api = Api(token)
    for path in _po_api_paths(o, kept, handed):
        assert api.get(path).status_code in (403, 404), path
    listed = api.get("/api/v1/cases/").json()["results"]
    assert o.case_id not in {c["id"] for c in listed}
    documents = api.get(f"/api/v1/overstap/{o.ontvangst_case_id}/overdracht/").json()["documents"]
    if role != Role.AUDITOR or documents:
        assert [d["id"] for d in documents] == [handed.pk]


def test_the_vo_side_reads_what_was_handed_over_logged_in_both_swvs(client, t, sent):
    o, handed, kept = sent
    client.force_login(t.vo.consulent)
    page = client.get(reverse("overstap_detail", args=[o.ontvangst_case_id]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Structuur" in text and "opp.pdf" in text and "verslag-jeugdhulp" not in text
    r = client.get(reverse("overstap_document", args=[o.ontvangst_case_id, handed.pk]))
    assert r.status_code == 200
    reads = AccessLog.objects.filter(user=t.vo.consulent)
    assert reads.filter(swv_id=t.vo.swv.pk, case_id=o.ontvangst_case_id).count() == 2
    assert reads.filter(swv_id=t.po.swv.pk, case_id=o.case_id).count() == 2
    # the API reads are logged in both SWVs as well
    _c, token = api_client(t.vo, role=Role.SCHOOL)
    api = Api(token)
    assert api.get(f"/api/v1/overstap/{o.ontvangst_case_id}/overdracht/").status_code == 200
    r = api.get(f"/api/v1/overstap/{o.ontvangst_case_id}/overdracht/documenten/{handed.pk}/")
    assert r.status_code == 200
    assert AccessLog.objects.filter(swv_id=t.po.swv.pk, case_id=o.case_id, via="api").count() == 2


def test_the_sending_side_sees_receipt_and_outcome_not_the_vo_case(client, t, sent):
    o, _handed, _kept = sent
    from cases.services import overstap

    overstap.ontvangst_record(overstap=o, by=t.vo.consulent)
    client.force_login(t.po.school_user)
    page = client.get(reverse("overstap_detail", args=[o.case_id])).content.decode()
    assert "1 maart 2027" in page  # received
    assert client.get(reverse("overstap_detail", args=[o.ontvangst_case_id])).status_code == 404
    assert client.get(reverse("case_detail", args=[o.ontvangst_case_id])).status_code == 404


def test_withdrawn_consent_closes_the_handed_over_file(client, t, sent):
    o, handed, _kept = sent
    consent = Consent.objects.get(leerling=o.case.leerling, purpose=ConsentPurpose.OVERDRACHT)
    consent_services.consent_withdraw(consent_id=consent.pk, by=t.po.school_user)
    client.force_login(t.vo.consulent)
    page = client.get(reverse("overstap_detail", args=[o.ontvangst_case_id])).content.decode()
    assert "Structuur" not in page and "toestemming ingetrokken" in page
    assert client.get(reverse("overstap_document", args=[o.ontvangst_case_id, handed.pk])).status_code == 404


def test_the_meeting_view_and_report_per_pair(client, t, sent):
    o, _h, _k = sent
    steps.geopend(t, leerling=t.po.leerling_b, groep=7)  # no VO school yet: not in the meeting view
    for user, reference in ((t.po.consulent, o.case.reference), (t.vo.consulent, o.ontvangst_case.reference)):
        client.force_login(user)
        page = client.get(reverse("overstap_overleg")).content.decode()
        assert reference in page and "Overdracht ontvangen" in page, user
        assert page.count("<tr>") == 2  # header + one pupil
    client.force_login(t.po.school_user)
    assert client.get(reverse("overstap_overleg")).status_code == 403
    client.force_login(t.po.consulent)
    page = client.get(reverse("overstap_report")).content.decode()
    # 2027-2028: the sent one (1 started, 1 handed over); 2028-2029: the groep 7 pupil (1 started)
    assert "2027-2028" in page and "2028-2029" in page
    _c, token = api_client(t.vo, role=Role.CONSULENT)
    api = Api(token)
    pairs = api.get("/api/v1/overstap/overleg/").json()
    assert [(p["po_swv"], p["vo_swv"], len(p["rows"])) for p in pairs] == [(t.po.swv.code, t.vo.swv.code, 1)]
    assert pairs[0]["rows"][0]["term_due_on"] == "2027-03-15"
    years = api.get("/api/v1/reports/overstap/").json()
    assert years == [
        {
            "schooljaar": 2027,
            "gestart": 1,
            "overgedragen": 1,
            "op_tijd_geplaatst": 0,
            "te_laat": 0,
            "po_vso": 0,
            "po_pro": 0,
        }
    ]  # the VO side counts only what reached it
    assert WorkItem.objects.filter(case=o.ontvangst_case, node="ontvangst").exists()
    assert Document.objects.filter(case=o.case).count() == 2
