"""Loket figures for a quarter: requests per type and school, decision times against the beslistermijn,
arrangements running and ending, evaluation outcomes and budget use. Scoped through cases.policies."""

from __future__ import annotations

from collections import Counter, defaultdict

from cases import policies
from cases.models import Deadline, Evaluatie, Ondersteuningsaanvraag, Swv
from cases.models.loket import EvaluatieMoment, Vervolg
from reports.selectors import quarter_bounds


def loket_report(*, user, jaar: int, kwartaal: int) -> dict:
    start, end = quarter_bounds(jaar, kwartaal)
    visible = Ondersteuningsaanvraag.objects.filter(case__in=policies.visible_cases(user)).select_related(
        "case", "case__school", "aanvraag_type"
    )
    # requests submitted in the quarter, per type and school
    submitted = visible.filter(ingediend_op__gte=start, ingediend_op__lte=end)
    per_type_school = Counter((a.aanvraag_type.naam, a.case.school.name) for a in submitted)
    aanvragen = [
        {"soort": soort, "school": school, "aantal": n}
        for (soort, school), n in sorted(per_type_school.items())
    ]
    # decisions in the quarter: days from submission and whether within the beslistermijn
    decided = list(visible.filter(besloten_op__date__gte=start, besloten_op__date__lte=end))
    due = dict(
        Deadline.objects.filter(
            case_id__in=[a.case_id for a in decided], kind="loket_beslistermijn"
        ).values_list("case_id", "due_on")
    )
    besluiten = defaultdict(
        lambda: {"aantal": 0, "toegewezen": 0, "afgewezen": 0, "binnen_termijn": 0, "dagen": []}
    )
    for a in decided:
        row = besluiten[a.aanvraag_type.naam]
        row["aantal"] += 1
        row["toegewezen" if a.besluit == "toewijzen" else "afgewezen"] += 1
        on = a.besloten_op.date()
        if due.get(a.case_id) is None or on <= due[a.case_id]:
            row["binnen_termijn"] += 1
        if a.ingediend_op:
            row["dagen"].append((on - a.ingediend_op).days)
    beslistijden = [
        {
            "soort": soort,
            "aantal": r["aantal"],
            "toegewezen": r["toegewezen"],
            "afgewezen": r["afgewezen"],
            "binnen_termijn": r["binnen_termijn"],
            "gemiddeld_dagen": round(sum(r["dagen"]) / len(r["dagen"]), 1) if r["dagen"] else None,
        }
        for soort, r in sorted(besluiten.items())
    ]
    # arrangements running at the end of the quarter and ending within it
    granted = visible.filter(besluit="toewijzen", status__in=["toegewezen", "afgesloten"])
    lopend = granted.filter(startdatum__lte=end, einddatum__gt=end).count()
    eindigend = granted.filter(einddatum__gte=start, einddatum__lte=end).count()
    uitkomsten = Counter(
        (e.moment, e.vervolg)
        for e in Evaluatie.objects.filter(aanvraag__in=visible, at__date__gte=start, at__date__lte=end)
    )
    evaluaties = [
        {
            "moment": m,
            "vervolg": v,
            "aantal": n,
            "moment_label": EvaluatieMoment(m).label,
            "vervolg_label": Vervolg(v).label,
        }
        for (m, v), n in sorted(uitkomsten.items())
    ]
    return {
        "jaar": jaar,
        "kwartaal": kwartaal,
        "van": start,
        "tot": end,
        "aanvragen": aanvragen,
        "beslistijden": beslistijden,
        "lopend": lopend,
        "eindigend": eindigend,
        "evaluaties": evaluaties,
    }


def budget_use(*, user, schooljaar: int) -> list[dict]:
    """Budget use per SWV this user may see (staff and auditors of the SWV)."""
    from cases.services import loket

    out = []
    for swv in Swv.objects.filter(pk__in=policies.loket_staff_swvs(user)).order_by("name"):
        for row in loket.budget_overview(swv, schooljaar):
            b = row["budget"]
            out.append(
                {
                    "swv": swv.code,
                    "schooljaar": schooljaar,
                    "arrangement_soort": b.arrangement_soort,
                    "school": b.school.name if b.school else None,
                    "budget_uren": b.uren,
                    "budget_bedrag": b.bedrag,
                    "toegewezen_uren": row["granted"]["uren"],
                    "toegewezen_bedrag": row["granted"]["bedrag"],
                    "gebruikt_uren": row["used"]["uren"],
                    "gebruikt_bedrag": row["used"]["bedrag"],
                    "resterend_uren": row["remaining_uren"],
                    "resterend_bedrag": row["remaining_bedrag"],
                }
            )
    return out


def loket_report_table(report: dict) -> list[list]:
    """The loket report as rows for a CSV export: one block per figure, each with its header."""
    from django.utils.translation import gettext as _

    rows: list[list] = [[_("Loket: rapportage"), f"{report['jaar']}-Q{report['kwartaal']}"]]
    rows += [
        [],
        [_("Ingediende aanvragen per soort en school")],
        [_("Soort aanvraag"), _("School"), _("Aantal")],
    ]
    rows += [[r["soort"], r["school"], r["aantal"]] for r in report["aanvragen"]]
    rows += [
        [],
        [_("Besluiten en beslistermijn")],
        [
            _("Soort aanvraag"),
            _("Besluiten"),
            _("Toegewezen"),
            _("Afgewezen"),
            _("Binnen de termijn"),
            _("Gemiddeld dagen"),
        ],
    ]
    rows += [
        [r["soort"], r["aantal"], r["toegewezen"], r["afgewezen"], r["binnen_termijn"], r["gemiddeld_dagen"]]
        for r in report["beslistijden"]
    ]
    rows += [
        [],
        [_("Arrangementen")],
        [_("Lopend aan het einde van het kwartaal"), report["lopend"]],
        [_("Eindigend in het kwartaal"), report["eindigend"]],
    ]
    rows += [[], [_("Evaluaties")], [_("Moment"), _("Vervolg"), _("Aantal")]]
    rows += [[str(r["moment_label"]), str(r["vervolg_label"]), r["aantal"]] for r in report["evaluaties"]]
    return rows
