"""Who may see and do what: the one place for object-level access decisions.

Views, inboxes, downloads, the admin and the services all ask here. Reads are expressed as SQL
filters (`visible_cases`, `werkvoorraad_filter`) so a list never loads what it may not show.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cases.roles import ROLE_IMPLIES, Role

SYSTEM_USERNAME = "systeem"


@dataclass(frozen=True)
class Scope:
    """A user's memberships, flattened: role -> SWV ids, school ids, and leerplicht areas.

    `schools` holds only schools of the membership's own SWV. `gemeenten` holds (swv_id, gemeente_id)
    pairs: a leerplichtambtenaar acts for a gemeente within one SWV, and a gemeente lies in a PO and a VO
    SWV, so a gemeente id alone would open the other SWV's pupils of that gemeente.
    """

    swvs_by_role: dict[str, frozenset[int]] = field(default_factory=dict)
    schools: frozenset[int] = frozenset()
    gemeenten: frozenset[tuple[int, int]] = frozenset()
    besturen: frozenset[int] = frozenset()  # the boards of schoolbestuur memberships (of their own SWV)
    is_system: bool = False
    is_superuser: bool = False

    def has_role(self, role: str, swv_id: int | None = None) -> bool:
        swvs = self.swvs_by_role.get(role)
        if not swvs:
            return False
        return swv_id is None or swv_id in swvs

    @property
    def roles(self) -> set[str]:
        return set(self.swvs_by_role)

    @property
    def gemeente_ids(self) -> frozenset[int]:
        """The gemeenten of the leerplicht memberships, for display only (never to filter rows)."""
        return frozenset(g for _swv, g in self.gemeenten)

    def is_leerplicht_for(self, swv_id: int | None, gemeente_id: int | None) -> bool:
        return (swv_id, gemeente_id) in self.gemeenten


def scope_of(user) -> Scope:
    if user is None or not user.is_authenticated:
        return Scope()
    cached = getattr(user, "_case_scope", None)
    if cached is not None:
        return cached
    swvs_by_role: dict[str, set[int]] = {}
    schools, gemeenten, besturen = set(), set(), set()
    for (
        role,
        swv_id,
        school_id,
        school_swv_id,
        gemeente_id,
        bestuur_id,
        bestuur_swv_id,
    ) in user.memberships.values_list(
        "role", "swv_id", "school_id", "school__swv_id", "gemeente_id", "bestuur_id", "bestuur__swv_id"
    ):
        for r in {role, *ROLE_IMPLIES.get(role, set())}:
            swvs_by_role.setdefault(r, set()).add(swv_id)
        if role == Role.SCHOOL and school_id and school_swv_id == swv_id:  # a school of another SWV: none
            schools.add(school_id)
        if role == Role.LEERPLICHTAMBTENAAR and gemeente_id:
            gemeenten.add((swv_id, gemeente_id))
        if role == Role.SCHOOLBESTUUR and bestuur_id and bestuur_swv_id == swv_id:
            besturen.add(bestuur_id)
    scope = Scope(
        swvs_by_role={k: frozenset(v) for k, v in swvs_by_role.items()},
        schools=frozenset(schools),
        gemeenten=frozenset(gemeenten),
        besturen=frozenset(besturen),
        is_system=user.username == SYSTEM_USERNAME,
        is_superuser=user.is_superuser,
    )
    user._case_scope = scope
    return scope


def forget_scope(user) -> None:
    if hasattr(user, "_case_scope"):
        del user._case_scope
    if hasattr(user, "_deskundige_rows"):
        del user._deskundige_rows
    if hasattr(user, "_represented"):
        del user._represented
    if hasattr(user, "_routes_offered"):  # cases/profiles.py: the routes the user's SWVs have on
        del user._routes_offered


# Roles that see every case of their SWV (read); the others see what is theirs.
SWV_WIDE_READ = (Role.CONSULENT, Role.BESLISSER, Role.BEHEERDER, Role.AUDITOR)


# Routes a leerplichtambtenaar follows for the pupils of their gemeente.
LEERPLICHT_ROUTES = ("thuiszitter", "zorgplicht")


def _swvs(scope: Scope, *roles: str) -> set[int]:
    out: set[int] = set()
    for r in roles:
        out |= scope.swvs_by_role.get(r, frozenset())
    return out


def _pairs_q(pairs, swv_field: str, gemeente_field: str) -> Q:
    """OR over (swv_id, gemeente_id) pairs: each leerplicht area matches only within its own SWV."""
    q = Q(pk__in=[])
    for swv_id, gemeente_id in sorted(pairs):
        q |= Q(**{swv_field: swv_id, gemeente_field: gemeente_id})
    return q


def visible_case_ids(user) -> QuerySet | None:
    """The ids of the cases this user may see, as one SQL subquery; None = every case.

    A UNION of one indexed lookup per reason to see a case (its SWV, its school, a work item in the
    user's role or assigned to them, ...). The earlier form, one OR over LEFT JOINs through work_items,
    made PostgreSQL join every case with every work item (seconds at a million cases).
    """
    from cases.models import Case, Schakeltraject, WorkItem

    scope = scope_of(user)
    if scope.is_superuser or scope.is_system:
        return None
    parts = []
    wide = _swvs(scope, *SWV_WIDE_READ)
    if wide:
        parts.append(Case.objects.filter(swv_id__in=wide).values("pk"))
    if scope.schools:  # scope.schools holds only schools of the membership's own SWV
        parts.append(
            Case.objects.filter(school_id__in=scope.schools, swv_id__in=_swvs(scope, Role.SCHOOL)).values(
                "pk"
            )
        )
    # deskundigen and CvA/BTO: cases that reached their role's werkvoorraad in their SWV, or assigned to them
    for role in (Role.DESKUNDIGE, Role.CVA_LID, Role.CVA_VOORZITTER):
        swvs = scope.swvs_by_role.get(role)
        if swvs:
            parts.append(WorkItem.objects.filter(role=role, swv_id__in=swvs).values("case_id"))
    if scope.gemeenten:  # every leerplicht branch matches (SWV, gemeente) pairs, never a gemeente alone
        parts.append(
            WorkItem.objects.filter(
                _pairs_q(scope.gemeenten, "swv_id", "gemeente_id"), role=Role.LEERPLICHTAMBTENAAR
            ).values("case_id")
        )
        # leerplicht: the thuiszitter and zorgplicht cases of pupils living in their own gemeente(n)
        parts.append(
            Case.objects.filter(
                _pairs_q(scope.gemeenten, "swv_id", "leerling__woongemeente_id"), route__in=LEERPLICHT_ROUTES
            ).values("pk")
        )
    if scope.besturen:  # a board: the cases escalated to it, for the schools of its own board
        parts.append(
            WorkItem.objects.filter(
                role=Role.SCHOOLBESTUUR,
                school__bestuur_id__in=scope.besturen,
                swv_id__in=_swvs(scope, Role.SCHOOLBESTUUR),
            ).values("case_id")
        )
    parts.append(WorkItem.objects.filter(assignee_id=user.pk).values("case_id"))
    represented = represented_user_ids(user)
    if represented:  # a vervanger: the open tasks of whom they stand in for
        parts.append(
            WorkItem.objects.filter(assignee_id__in=represented, status=WorkItem.Status.OPEN).values(
                "case_id"
            )
        )
    # The receiving school of a schakeltraject; the screeningsteam the screenings of its SWV
    if scope.schools:
        parts.append(
            Schakeltraject.objects.filter(
                ontvangende_school_id__in=scope.schools, case__swv_id__in=_swvs(scope, Role.SCHOOL)
            ).values("case_id")
        )
    screeningsteam = scope.swvs_by_role.get(Role.SCREENINGSTEAM)
    if screeningsteam:
        parts.append(Case.objects.filter(route="screening", swv_id__in=screeningsteam).values("pk"))
    return parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]


def visible_cases_filter(user, prefix: str = "") -> Q:
    """A Q over Case (or over a model that reaches Case through `prefix`)."""
    ids = visible_case_ids(user)
    return Q() if ids is None else Q(**{f"{prefix}pk__in": ids})


def visible_cases(user) -> QuerySet:
    from cases.models import Case

    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    return Case.objects.filter(visible_cases_filter(user))


def werkvoorraad_filter(user) -> Q:
    """Open, unassigned work items that this user may claim (role + organisation scope, and for a
    deskundigenadvies the deskundige rules of deskundige_advice_q). may_claim decides by the same rules."""
    scope = scope_of(user)
    q = Q(pk__in=[])
    for role, swvs in scope.swvs_by_role.items():
        role_q = Q(role=role, swv_id__in=swvs)
        if role == Role.SCHOOL:
            role_q &= Q(school_id__in=scope.schools)
        if role == Role.LEERPLICHTAMBTENAAR:
            role_q &= _pairs_q(scope.gemeenten, "swv_id", "gemeente_id")
        if role == Role.SCHOOLBESTUUR:  # the board's inbox: items of the schools of its own board
            role_q &= Q(school__bestuur_id__in=scope.besturen)
        if role == Role.DESKUNDIGE:
            role_q &= ~Q(node__startswith=DESKUNDIGENADVIES) | deskundige_advice_q(user)
        q |= role_q
    return q


DESKUNDIGENADVIES = "deskundigenadvies"  # the TLV's two advice tasks: deskundigenadvies_1 and _2


def deskundige_advice_q(user) -> Q:
    """The deskundigenadvies tasks this user may take (the rules of tlv.check_deskundige_may_advise, in SQL):
    registered as deskundige of the task's SWV; per advice the SWV's rule (cases.profiles: which disciplines,
    whether a deskundige of the requesting school may give it; default the law's minimum); not both advices
    of one case. The rules in force now decide who sees the task; the service checks the case's own."""
    from cases import profiles
    from cases.models import Deskundige, ProfielVersie, Swv, WorkItem

    rows = getattr(user, "_deskundige_rows", None)
    if rows is None:
        rows = []
        for swv_id, school_id, discipline in Deskundige.objects.filter(user_id=user.pk).values_list(
            "swv_id", "school_id", "discipline"
        ):
            # each version's advice rules: a case is judged by the version it started under
            versions = [
                (pk, profiles.profile_from_data(data, versie=None).adviezen)
                for pk, data in ProfielVersie.objects.filter(swv_id=swv_id).values_list("pk", "data")
            ]
            current = profiles.current(Swv.objects.get(pk=swv_id)).adviezen
            rows.append((swv_id, school_id, discipline, versions, current))
        user._deskundige_rows = rows

    def allowed(rules, school_id, discipline) -> Q:
        q = Q(pk__in=[])
        for n in (1, 2):
            rule = rules.get(n)
            if rule is None or discipline not in rule.disciplines:
                continue
            part = Q(node=f"{DESKUNDIGENADVIES}_{n}")
            if not rule.eigen_school_toegestaan and school_id is not None:
                part &= ~Q(case__school_id=school_id)
            q |= part
        return q

    q = Q(pk__in=[])
    for swv_id, school_id, discipline, versions, current in rows:
        per_version = Q(case__profiel_versie__isnull=True) & allowed(current, school_id, discipline)
        for pk, rules in versions:
            per_version |= Q(case__profiel_versie_id=pk) & allowed(rules, school_id, discipline)
        q |= Q(swv_id=swv_id) & per_version
    mine = WorkItem.objects.filter(assignee_id=user.pk, node__startswith=DESKUNDIGENADVIES).values("case_id")
    return q & ~Q(case_id__in=mine)


# --- object-level decisions --------------------------------------------------------------------


def _case_of(obj):
    from cases.models import Case

    if isinstance(obj, Case):
        return obj
    return obj.case


def can_view_case(user, case) -> bool:
    return visible_cases(user).filter(pk=case.pk).exists()


def can(user, action: str, obj=None) -> bool:  # noqa: C901 - a flat table of rules reads best
    scope = scope_of(user)
    if action in ("tlv.system", "thuiszitter.system", "zorgplicht.system"):
        return scope.is_system
    if obj is None:
        return False
    if action in ("profiel.manage", "profiel.view"):  # obj is the Swv: its rules as data
        if scope.is_superuser or scope.is_system:
            return True
        if action == "profiel.view" and any(scope.has_role(r, obj.pk) for r in SWV_WIDE_READ):
            return True
        return scope.has_role(Role.BEHEERDER, obj.pk)
    if action.startswith("adviesvraag."):  # obj is the Adviesvraag: no case, no pupil until converted
        return _can_adviesvraag(scope, action, obj)
    case = _case_of(obj)
    swv = case.swv_id
    if action in ("case.view", "document.view"):
        return can_view_case(user, case)
    if scope.has_role(Role.AUDITOR, swv) and not (scope.roles - {Role.AUDITOR}):
        return False  # auditors read, never act
    if action == "tlv.create":
        return case.school_id in scope.schools
    if action in ("tlv.submit", "tlv.supplement"):
        return case.school_id in scope.schools
    if action == "tlv.withdraw":
        return case.school_id in scope.schools or scope.has_role(Role.CONSULENT, swv)
    if action == "tlv.check":
        return scope.has_role(Role.CONSULENT, swv)
    if action == "tlv.advise":
        return scope.has_role(Role.CVA_LID, swv) or scope.has_role(Role.CVA_VOORZITTER, swv)
    if action == "tlv.decide" and _is_complex(obj):  # the board (voorzitter) decides
        return scope.has_role(Role.CVA_VOORZITTER, swv)
    if action == "tlv.decide":  # the role the SWV mandates (its profile, as the case started under it)
        from cases import profiles

        return scope.has_role(profiles.for_case(case).r.mandaat_rol, swv)
    if action == "document.upload":
        return (
            case.school_id in scope.schools
            or scope.has_role(Role.CONSULENT, swv)
            or (case.route == "screening" and scope.has_role(Role.SCREENINGSTEAM, swv))
        )
    if action == "workitem.reassign":
        return scope.has_role(Role.CONSULENT, swv) or scope.has_role(Role.BEHEERDER, swv)
    if action.startswith(("thuiszitter.", "leerplicht.", "zorgplicht.")):
        return _can_thuiszitter(scope, action, case)
    if action in REOPEN_ACTIONS:
        return _may_reopen(scope, case)
    if action in TLV_LIFECYCLE_ACTIONS:
        return _can_tlv_lifecycle(scope, action, case)
    if action.startswith(("screening.", "schakel.")):
        return _can_route5(scope, action, obj, case)
    if action.startswith("loket."):
        return _can_loket(scope, action, case)
    if action.startswith("overstap."):
        return _can_overstap(scope, action, obj, case)
    return False


# --- documents: which kinds each role may add ---------------------------------------------------------

# kind -> the roles that may add (or replace) a document of that kind. The besluitbrief is never uploaded:
# the letter is made from the besluit by the bekendmaking, which links it to its recipients and terms.
DOCUMENT_KIND_ROLES: dict[str, frozenset[str]] = {
    "opp": frozenset({Role.SCHOOL, Role.CONSULENT}),
    "groeidocument": frozenset({Role.SCHOOL, Role.CONSULENT}),
    "zienswijze_ouders": frozenset({Role.SCHOOL, Role.CONSULENT}),
    "instemming_ouders": frozenset({Role.SCHOOL, Role.CONSULENT}),
    "interventies": frozenset({Role.SCHOOL, Role.CONSULENT}),
    "handelingsplan": frozenset({Role.SCHOOL, Role.CONSULENT}),
    "ondertekening": frozenset({Role.SCHOOL, Role.CONSULENT}),
    "deskundigenadvies": frozenset({Role.CONSULENT, Role.SCREENINGSTEAM}),
    "besluitbrief": frozenset(),
    "bezwaarschrift": frozenset({Role.CONSULENT}),
    "overig": frozenset({Role.SCHOOL, Role.CONSULENT, Role.SCREENINGSTEAM}),
}


def document_roles_on(user, case) -> set[str]:
    """The roles in which this user adds documents to this case (the `document.upload` rule, per role)."""
    scope = scope_of(user)
    if scope.has_role(Role.AUDITOR, case.swv_id) and not (scope.roles - {Role.AUDITOR}):
        return set()
    roles = set()
    if case.school_id in scope.schools:
        roles.add(Role.SCHOOL)
    if scope.has_role(Role.CONSULENT, case.swv_id):
        roles.add(Role.CONSULENT)
    if case.route == "screening" and scope.has_role(Role.SCREENINGSTEAM, case.swv_id):
        roles.add(Role.SCREENINGSTEAM)
    return roles


def document_kinds_for(user, case) -> list[str]:
    """The document kinds this user may add to this case, in the order of DOCUMENT_KIND_ROLES. Where the
    SWV's profile (as the case started under it) names who adds a required document, that rule decides."""
    from cases import profiles

    roles = document_roles_on(user, case)
    if not roles:
        return []
    rules = profiles.for_case(case).r
    soort = getattr(getattr(case, "tlv", None), "gevraagde_soort", "") if case.route == "tlv" else ""
    kinds = []
    for kind, allowed in DOCUMENT_KIND_ROLES.items():
        named = rules.adders(case.route, soort, kind)
        if roles & (allowed if named is None else named):
            kinds.append(kind)
    return kinds


# --- reopening a closed case ---------------------------------------------------------------------------

# the routes whose closed record SWV staff may reopen (with a reason; cases/services/routes.py
# RouteRecord.reopen); the thuiszitter has its own rule (the school and the leerplicht too: a pupil at home
# again is reported by whoever sees it)
REOPEN_ACTIONS = frozenset({"tlv.reopen", "screening.reopen", "schakel.reopen", "loket.reopen"})


def _may_reopen(scope: Scope, case) -> bool:
    """SWV staff of the case's SWV who run the route: the consulent, the beslisser; for a screening also the
    screeningsteam. Schools, deskundigen, auditors and the leerplicht do not reopen."""
    swv = case.swv_id
    if scope.has_role(Role.CONSULENT, swv) or scope.has_role(Role.BESLISSER, swv):
        return True
    return case.route == "screening" and scope.has_role(Role.SCREENINGSTEAM, swv)


# --- zorg-naar-onderwijs screening and schakel/terugplaatsing ----------------------------


def _can_route5(scope: Scope, action: str, obj, case) -> bool:
    swv = case.swv_id
    consulent = scope.has_role(Role.CONSULENT, swv)
    if action == "screening.register":  # the registering (SO) school
        return case.school_id in scope.schools
    if action == "screening.screen":  # screening, advice, informing ouders and board
        return scope.has_role(Role.SCREENINGSTEAM, swv) or consulent
    if action == "screening.place":  # the placement decision is the school's
        return case.school_id in scope.schools
    receiving = getattr(getattr(case, "schakeltraject", None), "ontvangende_school_id", None)
    if action == "schakel.signal":
        return consulent or case.school_id in scope.schools
    if action in ("schakel.manage", "schakel.decide"):
        return consulent
    if action == "schakel.nazorg":
        return consulent or (receiving is not None and receiving in scope.schools)
    return False


# --- the loket: support requests (cases/services/loket.py) -----------------------------------------


def _can_loket(scope: Scope, action: str, case) -> bool:
    swv = case.swv_id
    if action in ("loket.submit", "loket.supplement"):  # the requesting school prepares and submits
        return case.school_id in scope.schools
    if action in ("loket.triage", "loket.decide", "loket.evaluate"):  # the SWV's loket and consulenten
        return scope.has_role(Role.CONSULENT, swv)
    if action == "loket.approve":  # a grant over the budget: the second approval (another person)
        return scope.has_role(Role.BESLISSER, swv) or scope.has_role(Role.CONSULENT, swv)
    return False


def _can_adviesvraag(scope: Scope, action: str, vraag) -> bool:
    if action == "adviesvraag.answer":  # the SWV's loket (consulenten)
        return scope.has_role(Role.CONSULENT, vraag.swv_id)
    if action == "adviesvraag.convert":  # the asking school, into a request for one of its pupils
        return vraag.school_id in scope.schools and scope.has_role(Role.SCHOOL, vraag.swv_id)
    return False


def visible_adviesvragen(user) -> QuerySet:
    """Advice and consultation questions: the asking school's own, and all of the SWV for its staff
    (consulenten, beslissers, beheerders, auditors)."""
    from cases.models import Adviesvraag

    if not getattr(user, "is_authenticated", False):
        return Adviesvraag.objects.none()
    scope = scope_of(user)
    if scope.is_superuser:
        return Adviesvraag.objects.all()
    return Adviesvraag.objects.filter(
        Q(swv_id__in=loket_staff_swvs(user))
        | Q(school_id__in=scope.schools, swv_id__in=_swvs(scope, Role.SCHOOL))
    )


# --- the overstap (warm PO→VO handover between two SWVs) ----------------------------------------------


def _can_overstap(scope: Scope, action: str, obj, case) -> bool:
    """The PO side acts on the sending case, the VO side on what was handed over to it."""
    overstap = getattr(obj, "overstap", None) if obj is case else obj
    if action == "overstap.prepare":  # consent and the transfer file: the PO school (or its consulent)
        return case.school_id in scope.schools or scope.has_role(Role.CONSULENT, case.swv_id)
    if action == "overstap.send":
        return scope.has_role(Role.CONSULENT, case.swv_id)
    if overstap is None or overstap.vo_swv_id is None:
        return False
    if action == "overstap.receive":  # receipt, warm handover, the check, a linked follow-up
        return scope.has_role(Role.CONSULENT, overstap.vo_swv_id)
    if action == "overstap.place":  # the VO school confirms the placement
        return overstap.vo_school_id in scope.schools
    return False


def handover_side(user, overstap) -> str | None:
    """'po' for the sending side (who may see the PO case), 'vo' for the receiving SWV's staff and the VO
    school once the file was sent, None for everyone else."""
    if can_view_case(user, overstap.case):
        return "po"
    if overstap.ontvangst_case_id is None:
        return None
    scope = scope_of(user)
    vo_staff = any(scope.has_role(r, overstap.vo_swv_id) for r in SWV_WIDE_READ)
    if vo_staff or overstap.vo_school_id in scope.schools:
        return "vo"
    return None


def may_read_handover(user, overstap) -> bool:
    """May this user read the handed-over file (its facts and selected documents)? The sending side
    always; the receiving SWV's staff and the VO school from the moment of sending, until the ouders
    withdraw their consent. Nobody else (a leerplichtambtenaar with an escalation sees the status only)."""
    side = handover_side(user, overstap)
    if side == "po":
        return True
    return side == "vo" and overstap.handed_over_readable


def overstap_pair_swvs(user) -> set[int]:
    """The SWVs whose PO/VO transition overview this user opens: SWV staff and auditors of their SWV."""
    scope = scope_of(user)
    if scope.is_superuser:
        from cases.models import Swv

        return set(Swv.objects.values_list("pk", flat=True))
    return _swvs(scope, *SWV_WIDE_READ)


def visible_overstappen(user) -> QuerySet:
    """The handovers this user sees: the sending side's (visible PO case) and the receiving side's
    (visible receiving case)."""
    from cases.models import Overstap

    ids = visible_case_ids(user)
    if ids is None:
        return Overstap.objects.all()
    return Overstap.objects.filter(Q(case_id__in=ids) | Q(ontvangst_case_id__in=ids))


def loket_request_schools(user) -> QuerySet:
    """The schools for which this user may prepare a support request (their own school(s))."""
    from cases.models import School

    return School.objects.filter(pk__in=scope_of(user).schools, swv_id__in=_swvs(scope_of(user), Role.SCHOOL))


def loket_staff_swvs(user) -> set[int]:
    """The SWVs whose loket configuration, budgets and reports this user may see (SWV staff and auditors)."""
    scope = scope_of(user)
    if scope.is_superuser:
        from cases.models import Swv

        return set(Swv.objects.values_list("pk", flat=True))
    return _swvs(scope, Role.CONSULENT, Role.BESLISSER, Role.BEHEERDER, Role.AUDITOR)


# --- case tables (cases/services/overleg.py) ---------------------------------------------------------------

# Roles that plan, record and close case tables of their SWV (the chair of a meeting may too, for that one)
OVERLEG_MANAGERS = (Role.CONSULENT, Role.BEHEERDER)


def visible_overleggen(user) -> QuerySet:
    """The case tables this user may open: every one of their SWV for SWV-wide readers; otherwise those
    they chair, take part in or own an agreement of, and those with their organisation among the
    participants (their school; their gemeente within that SWV for a leerplichtambtenaar, never a gemeente
    alone: a gemeente lies in a PO and a VO SWV)."""
    from cases.models import Overleg, OverlegAfspraak, OverlegDeelnemer

    if not getattr(user, "is_authenticated", False):
        return Overleg.objects.none()
    scope = scope_of(user)
    if scope.is_superuser or scope.is_system:
        return Overleg.objects.all()
    parts = [
        Overleg.objects.filter(swv_id__in=_swvs(scope, *SWV_WIDE_READ)).values("pk"),
        Overleg.objects.filter(voorzitter_id=user.pk).values("pk"),
        OverlegDeelnemer.objects.filter(user_id=user.pk).values("overleg_id"),
        OverlegAfspraak.objects.filter(eigenaar_id=user.pk).values("agendapunt__overleg_id"),
    ]
    if scope.schools:
        parts.append(OverlegDeelnemer.objects.filter(school_id__in=scope.schools).values("overleg_id"))
    if scope.gemeenten:
        parts.append(
            OverlegDeelnemer.objects.filter(
                _pairs_q(scope.gemeenten, "overleg__swv_id", "gemeente_id")
            ).values("overleg_id")
        )
    return Overleg.objects.filter(pk__in=parts[0].union(*parts[1:]))


def sees_whole_agenda(user, overleg) -> bool:
    """SWV-wide readers and the chair see every agenda item; anyone else only the cases they may see."""
    scope = scope_of(user)
    return (
        scope.is_superuser
        or scope.is_system
        or overleg.voorzitter_id == user.pk
        or any(scope.has_role(r, overleg.swv_id) for r in SWV_WIDE_READ)
    )


def visible_agendapunten(user, overleg) -> QuerySet:
    """The agenda items of `overleg` this user may read: a school only its own pupils' cases."""
    qs = overleg.agendapunten.all()
    if sees_whole_agenda(user, overleg):
        return qs
    return qs.filter(visible_cases_filter(user, "case__"))


def may_plan_overleg(user, swv_id: int, soort: str = "") -> bool:
    """The SWV's consulenten and beheerders plan case tables; a school of the SWV plans a warm handover
    (PO→VO) of its own pupils."""
    scope = scope_of(user)
    if scope.is_superuser:
        return True
    if any(scope.has_role(r, swv_id) for r in OVERLEG_MANAGERS):
        return True
    return soort == "warme_overdracht" and scope.has_role(Role.SCHOOL, swv_id) and bool(scope.schools)


def may_manage_overleg(user, overleg) -> bool:
    """Record, add to and close a meeting: its chair, or a consulent/beheerder of its SWV (a school that
    planned a warm handover may manage that one)."""
    if overleg.voorzitter_id == user.pk:
        return True
    if overleg.soort == "warme_overdracht" and overleg.created_by_id == user.pk:
        return True
    scope = scope_of(user)
    return scope.is_superuser or any(scope.has_role(r, overleg.swv_id) for r in OVERLEG_MANAGERS)


def overleg_swvs(user) -> set[int]:
    """SWVs whose case tables this user plans (the menu entry and the plan page)."""
    scope = scope_of(user)
    if scope.is_superuser:
        from cases.models import Swv

        return set(Swv.objects.values_list("pk", flat=True))
    return _swvs(scope, *OVERLEG_MANAGERS)


def route5_report_roles(user) -> bool:
    """May this user open the toestroom and carrousel counts (rows are still scoped by visible_cases)?"""
    scope = scope_of(user)
    return bool(
        scope.is_superuser
        or _swvs(scope, Role.CONSULENT, Role.BESLISSER, Role.BEHEERDER, Role.AUDITOR, Role.SCREENINGSTEAM)
    )


# --- the TLV after its besluit ---------------------------------------------------------
TLV_LIFECYCLE_ACTIONS = {
    "tlv.announce",  # bekendmaken (letter to ouders and school)
    "tlv.correct",  # correct a besluit before its bekendmaking
    "bezwaar.handle",  # register, ontvankelijkheid, advice request, hoorzitting, advice, beroep
    "bezwaar.decide",  # beslissing op bezwaar
    "bezwaar.extend",  # verdaging of the beslistermijn op bezwaar
    "tlv.extend_request",  # verlenging aanvragen (the school)
    "tlv.followup",  # record the vervolg after the einddatum
    "tlv.end",  # beëindigen (terugplaatsing)
    "tlv.place",  # the pupil is enrolled at the school of placement (ends the wait for a place)
    "tlv.revoke",  # intrekken
}


def _is_complex(obj) -> bool:
    from cases.models import ComplexeCasus, TlvAanvraag

    return isinstance(obj, TlvAanvraag) and ComplexeCasus.objects.filter(aanvraag_id=obj.pk).exists()


def _can_tlv_lifecycle(scope: Scope, action: str, case) -> bool:
    swv = case.swv_id
    consulent = scope.has_role(Role.CONSULENT, swv)
    beslisser = scope.has_role(Role.BESLISSER, swv)
    if action in ("tlv.announce", "bezwaar.extend", "tlv.end", "tlv.place"):
        return consulent or beslisser
    if action in ("tlv.correct", "bezwaar.decide", "tlv.revoke"):
        return beslisser
    if action == "bezwaar.handle":
        return consulent
    if action == "tlv.extend_request":
        return case.school_id in scope.schools
    if action == "tlv.followup":
        return consulent or case.school_id in scope.schools
    return False


def profile_swvs(user) -> set[int] | None:
    """SWVs whose profile (rules as data) this user may read: their staff, beheerders and auditors; None =
    all (the national beheer). Changing it is `can(user, "profiel.manage", swv)`: the beheerder only."""
    scope = scope_of(user)
    if scope.is_superuser or scope.is_system:
        return None
    return _swvs(scope, *SWV_WIDE_READ, Role.BEHEERDER)


def tlv_register_swvs(user) -> set[int] | None:
    """SWVs whose whole TLV register this user may read (staff and auditors); None = all (superuser)."""
    scope = scope_of(user)
    if scope.is_superuser:
        return None
    return _swvs(scope, Role.CONSULENT, Role.BESLISSER, Role.BEHEERDER, Role.CVA_VOORZITTER, Role.AUDITOR)


def visible_tlvs(user) -> QuerySet:
    """The TLV register rows this user may see: SWV staff and auditors their SWV's, schools their own."""
    from cases.models import Tlv

    if not getattr(user, "is_authenticated", False):
        return Tlv.objects.none()
    swvs = tlv_register_swvs(user)
    if swvs is None:
        return Tlv.objects.all()
    scope = scope_of(user)
    q = Q(case__swv_id__in=swvs)
    if scope.schools:
        q |= Q(case__school_id__in=scope.schools) | Q(plaatsingsschool_id__in=scope.schools)
    return Tlv.objects.filter(q)


def _is_leerplicht_of(scope: Scope, case) -> bool:
    return scope.is_leerplicht_for(case.swv_id, case.leerling.woongemeente_id)


def _can_thuiszitter(scope: Scope, action: str, case) -> bool:
    swv = case.swv_id
    consulent = scope.has_role(Role.CONSULENT, swv)
    school = case.school_id in scope.schools
    if action in ("thuiszitter.register", "thuiszitter.manage"):
        return consulent
    if action in ("thuiszitter.plan", "thuiszitter.terugkeer"):
        return consulent or school
    if action == "thuiszitter.reopen":
        return consulent or school or _is_leerplicht_of(scope, case)
    if action == "leerplicht.act":
        return _is_leerplicht_of(scope, case)
    if action == "leerplicht.consult":
        return consulent or _is_leerplicht_of(scope, case)
    if action == "zorgplicht.decide":
        return school
    return False


def may_report_thuiszitter(user, leerling) -> bool:
    """A melding comes from the pupil's school, the leerplicht of its woongemeente, or the SWV."""
    scope = scope_of(user)
    if scope.has_role(Role.CONSULENT, leerling.swv_id):
        return True
    if {leerling.stamschool_id, leerling.huidige_plaatsing_id} & set(scope.schools):
        return True
    return scope.is_leerplicht_for(leerling.swv_id, leerling.woongemeente_id)


def thuiszitter_report_roles(user) -> bool:
    """May this user open the quarterly thuiszitter counts (rows are still scoped by visible_cases)?"""
    scope = scope_of(user)
    return bool(
        scope.is_superuser
        or _swvs(scope, Role.CONSULENT, Role.BESLISSER, Role.BEHEERDER, Role.AUDITOR)
        or scope.gemeenten
    )


def may_act_on_workitem(user, item) -> bool:
    """May this user claim or complete the work item: its assignee (or their vervanger during an absence),
    or someone in its role and scope."""
    if item.assignee_id is not None:
        return item.assignee_id == user.pk or item.assignee_id in represented_user_ids(user)
    return may_claim(user, item)


# --- absence and vervanging ---------------------------------------------------------------------------

COORDINATOR_ROLES = (Role.CONSULENT, Role.BEHEERDER)  # who reassigns tasks and records others' absences
# roles that carry no tasks: a vervanger need not hold them
TASKLESS_ROLES = frozenset({Role.AUDITOR, Role.PRIVACY_OFFICER, Role.ARCHIVARIS})


def active_absences(day=None):
    from cases import clock
    from cases.models import Afwezigheid

    day = day or clock.today()
    return Afwezigheid.objects.filter(starts_on__lte=day, ends_on__gte=day, ended_at__isnull=True)


def represented_user_ids(user) -> frozenset[int]:
    """The users for whom `user` is the vervanger today (their tasks show in `user`'s list)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_represented", None)
    if cached is None:
        cached = frozenset(active_absences().filter(vervanger_id=user.pk).values_list("user_id", flat=True))
        user._represented = cached
    return cached


def vervanger_of(user, day=None):
    """The vervanger of an absent user today, or None."""
    if user is None:
        return None
    absence = active_absences(day).filter(user_id=user.pk).select_related("vervanger").first()
    return absence.vervanger if absence else None


def absence_swvs(by) -> set[int]:
    """SWVs in which `by` records absences of others (coordinators)."""
    return _swvs(scope_of(by), *COORDINATOR_ROLES)


def may_record_absence(by, user) -> bool:
    """A user records their own absence; a coordinator (consulent, beheerder) that of a member of their
    SWV."""
    if by.pk == user.pk:
        return True
    swvs = absence_swvs(by)
    return bool(swvs) and user.memberships.filter(swv_id__in=swvs).exists()


def visible_absences(user) -> QuerySet:
    """Absences this user sees: their own, those where they are vervanger, and (coordinators) those of
    members of their SWV."""
    from cases.models import Afwezigheid, Membership

    q = Q(user_id=user.pk) | Q(vervanger_id=user.pk)
    swvs = absence_swvs(user)
    if swvs:
        q |= Q(user_id__in=Membership.objects.filter(swv_id__in=swvs).values("user_id"))
    return Afwezigheid.objects.filter(q)


def reassignable_items(user) -> QuerySet:
    """Open work items this user may reassign (a coordinator: those of their SWV they may see)."""
    from cases.models import WorkItem

    swvs = absence_swvs(user)
    if not swvs:
        return WorkItem.objects.none()
    return WorkItem.objects.filter(
        visible_cases_filter(user, "case__"), status=WorkItem.Status.OPEN, swv_id__in=swvs
    )


def staff_of(user) -> QuerySet:
    """Active users of this coordinator's SWVs (to reassign tasks to, or to record an absence for)."""
    from django.contrib.auth import get_user_model

    from cases.models import Membership

    members = Membership.objects.filter(swv_id__in=absence_swvs(user)).values("user_id")
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=members)
        .order_by("last_name", "first_name", "username")
    )


def colleagues_of(user) -> QuerySet:
    """Active users holding one of this user's task roles in the same SWV (who can stand in for them)."""
    from django.contrib.auth import get_user_model

    from cases.models import Membership

    q = Q(pk__in=[])
    for role, swvs in scope_of(user).swvs_by_role.items():
        if role not in TASKLESS_ROLES:
            q |= Q(role=role, swv_id__in=swvs)
    members = Membership.objects.filter(q).values("user_id")
    return get_user_model().objects.filter(is_active=True, pk__in=members).exclude(pk=user.pk)


def vervanger_missing_roles(user, vervanger) -> list[tuple[str, int]]:
    """The (role, SWV) pairs of `user` that `vervanger` lacks: every task role of the absent user (in its
    school or gemeente where the role has one) must be one the vervanger holds."""
    mine, theirs = scope_of(user), scope_of(vervanger)
    missing = []
    for role, swvs in sorted(mine.swvs_by_role.items()):
        if role in TASKLESS_ROLES:
            continue
        for swv_id in sorted(swvs):
            ok = theirs.has_role(role, swv_id)
            if ok and role == Role.SCHOOL:
                ok = mine.schools <= theirs.schools
            if ok and role == Role.LEERPLICHTAMBTENAAR:
                ok = {p for p in mine.gemeenten if p[0] == swv_id} <= theirs.gemeenten
            if not ok:
                missing.append((role, swv_id))
    return missing


def _holds_item_role(user, item) -> bool:
    """The item's role in its organisation (school, gemeente, SWV)."""
    scope = scope_of(user)
    if not scope.has_role(item.role, item.swv_id):
        return False
    if item.role == Role.SCHOOL:
        return item.school_id in scope.schools
    if item.role == Role.LEERPLICHTAMBTENAAR:
        return scope.is_leerplicht_for(item.swv_id, item.gemeente_id)
    if item.role == Role.SCHOOLBESTUUR:
        return item.school_id is not None and item.school.bestuur_id in scope.besturen
    return True


def may_claim(user, item) -> bool:
    """May this user take this item: the rule of werkvoorraad_filter, for one item."""
    if not _holds_item_role(user, item):
        return False
    if item.role == Role.DESKUNDIGE and item.node.startswith(DESKUNDIGENADVIES):
        from cases.models import WorkItem

        return WorkItem.objects.filter(deskundige_advice_q(user), pk=item.pk).exists()
    return True


def can_see_workitem(user, item) -> bool:
    # a deskundige who may not take a task of their role still opens it and reads why (independence)
    return (
        item.assignee_id == user.pk
        or (item.assignee_id is not None and item.assignee_id in represented_user_ids(user))
        or _holds_item_role(user, item)
        or (can(user, "workitem.reassign", item) and can_view_case(user, item.case))
    )


def admin_swvs(user) -> set[int]:
    """SWVs whose data this user may manage in the Django admin."""
    return set(scope_of(user).swvs_by_role.get(Role.BEHEERDER, frozenset()))


def role_members(role: str, *, swv_id: int, school_id: int | None = None, gemeente_id: int | None = None):
    """Active users holding `role` (or a role implying it) in this scope: a werkvoorraad item's recipients."""
    from django.contrib.auth import get_user_model

    roles = {role} | {r for r, implied in ROLE_IMPLIES.items() if role in implied}
    q = Q(memberships__role__in=roles, memberships__swv_id=swv_id)
    if role == Role.SCHOOL:
        q &= Q(memberships__school_id=school_id)
    if role == Role.LEERPLICHTAMBTENAAR:
        q &= Q(memberships__gemeente_id=gemeente_id)
    if role == Role.SCHOOLBESTUUR:  # the board of the item's school
        q &= Q(memberships__bestuur__scholen__id=school_id)
    return get_user_model().objects.filter(q, is_active=True).distinct()


# --- audit and privacy ------------------------------------------------------------------
# Auditors read everything of their SWV (SWV_WIDE_READ) and the audit views; the privacy officer (FG)
# reads the access log and the access report per pupil of their SWV, not the dossier content itself.


def destruction_swvs(user) -> set[int]:
    """SWVs whose vernietigingslijsten this user reviews (privacy officer, archivaris)."""
    return _swvs(scope_of(user), Role.PRIVACY_OFFICER, Role.ARCHIVARIS)


def archive_rule_swvs(user) -> set[int]:
    """SWVs whose archive rules this user confirms (the archivaris: the Archiefwet's custodian)."""
    return _swvs(scope_of(user), Role.ARCHIVARIS)


def visible_destruction_lists(user) -> QuerySet:
    from cases.models import Vernietigingslijst

    return Vernietigingslijst.objects.filter(swv_id__in=destruction_swvs(user))


def audit_swvs(user) -> set[int] | None:
    """SWVs whose full case timelines this user may replay in the audit views; None = all (superuser)."""
    scope = scope_of(user)
    if scope.is_superuser:
        return None
    return _swvs(scope, Role.AUDITOR)


def access_log_swvs(user) -> set[int] | None:
    """SWVs whose read-access log this user may search (auditors and privacy officers)."""
    scope = scope_of(user)
    if scope.is_superuser:
        return None
    return _swvs(scope, Role.AUDITOR, Role.PRIVACY_OFFICER)


def audit_cases(user) -> QuerySet:
    from cases.models import Case

    swvs = audit_swvs(user)
    if swvs is None:
        return Case.objects.all()
    return Case.objects.filter(swv_id__in=swvs)


def visible_access_log(user) -> QuerySet:
    from audit.models import AccessLog

    swvs = access_log_swvs(user)
    if swvs is None:
        return AccessLog.objects.all()
    return AccessLog.objects.filter(swv_id__in=swvs)


def may_view_pupil_access(user, leerling) -> bool:
    swvs = access_log_swvs(user)
    return swvs is None or leerling.swv_id in swvs


def leerlingen_to_deregister(user) -> QuerySet:
    """Pupils this user may de-register from their stamschool: the stamschool's own staff only."""
    from cases.models import Leerling

    return Leerling.objects.filter(stamschool_id__in=scope_of(user).schools)


# --- home per role, the pupil page, the combined quarterly report -----------------------
# SWV staff whose home page carries the SWV dashboard (open cases per route and phase, terms at risk,
# breaches). They read every case of their SWV (SWV_WIDE_READ), so the dashboard counts over the SWV are
# exactly what they may see; the bureau's coördinator holds one of these memberships.
DASHBOARD_ROLES = (Role.CONSULENT, Role.BESLISSER, Role.BEHEERDER)
# Who may open the combined quarterly report of an SWV: its staff and its auditors.
REPORT_ROLES = (Role.CONSULENT, Role.BESLISSER, Role.BEHEERDER, Role.AUDITOR)
# Who sees a pupil's full BSN (AVG data minimisation): the school that registers the pupil, the SWV staff
# that register the TLV with DUO and sign the besluit, and the leerplichtambtenaar, who works from the
# BRP. Deskundigen, CvA/BTO members, the screeningsteam, auditors and beheerders see it masked.
BSN_ROLES = (Role.SCHOOL, Role.CONSULENT, Role.BESLISSER, Role.LEERPLICHTAMBTENAAR)


def dashboard_swvs(user) -> set[int]:
    """SWVs whose dashboard this user sees on the home page (superusers see none: they have the admin)."""
    return _swvs(scope_of(user), *DASHBOARD_ROLES)


def dashboard_cases(user) -> QuerySet:
    """The cases the dashboard counts: every case of the user's dashboard SWVs (one indexed filter)."""
    from cases.models import Case

    return Case.objects.filter(swv_id__in=dashboard_swvs(user))


def forecast_swvs(user):
    """SWVs whose breach forecast this user may open (QuerySet of Swv): the coordinators, the dashboard roles
    (they read every case of their SWV, so the forecast shows nothing they could not open)."""
    from cases.models import Swv

    return Swv.objects.filter(pk__in=dashboard_swvs(user)).order_by("code")


def report_swvs(user):
    """SWVs this user may report on (QuerySet of Swv), for the combined quarterly report."""
    from cases.models import Swv

    scope = scope_of(user)
    if scope.is_superuser:
        return Swv.objects.all()
    return Swv.objects.filter(pk__in=_swvs(scope, *REPORT_ROLES))


def visible_leerlingen(user) -> QuerySet:
    """Pupils this user may open: SWV-wide readers the pupils of their SWV, schools the pupils enrolled or
    placed with them, everyone else the pupils of a case they may see. One SQL filter."""
    from cases.models import Leerling

    if not getattr(user, "is_authenticated", False):
        return Leerling.objects.none()
    scope = scope_of(user)
    if scope.is_superuser or scope.is_system:
        return Leerling.objects.all()
    q = Q(pk__in=[])
    wide = _swvs(scope, *SWV_WIDE_READ)
    if wide:
        q |= Q(swv_id__in=wide)
    if scope.schools:
        q |= Q(stamschool_id__in=scope.schools) | Q(huidige_plaatsing_id__in=scope.schools)
    if not scope.roles <= set(SWV_WIDE_READ):  # SWV-wide readers need no per-case subquery
        q |= Q(pk__in=visible_cases(user).values("leerling_id"))
    return Leerling.objects.filter(q)


def may_see_bsn(user, leerling) -> bool:
    """The full BSN of this pupil (else masked): BSN_ROLES within the pupil's SWV."""
    scope = scope_of(user)
    if scope.is_superuser:
        return True
    return any(scope.has_role(role, leerling.swv_id) for role in BSN_ROLES)


def person_number_for(user, leerling, field: str = "bsn") -> str:
    """A pupil's BSN or onderwijsnummer as this user may see it: in full where may_see_bsn allows, else
    masked. The one rule for pages, admin, exports and the API."""
    from cases import person_numbers

    if field not in person_numbers.PERSON_NUMBER_FIELDS:
        raise ValueError(field)
    value = getattr(leerling, field, "") or ""
    return value if may_see_bsn(user, leerling) else person_numbers.mask(value)


BSN_SEARCH_REFUSED = _(
    "Zoeken op BSN of onderwijsnummer kan niet met uw rol: u ziet BSN's alleen gemaskeerd. "
    "Zoek op naam of geboortedatum."
)


def may_search_bsn(user) -> bool:
    """Searching by BSN would confirm a number the user may not see: only for BSN_ROLES."""
    scope = scope_of(user)
    return scope.is_superuser or bool(_swvs(scope, *BSN_ROLES))


# --- pupil pickers: every form, the API and the case creation pick pupils through here ------------
# Routes on which a school registers a child that is not (yet) enrolled with it: a child from care for
# screening, a written aanmelding (zorgplicht), a TLV praktijkonderwijs by the receiving PrO school. The
# school does not get a list of the SWV's pupils for these; it identifies the child by BSN (or
# onderwijsnummer) together with the date of birth, which it has from the ouders.
IDENTIFY_ROUTES = ("screening", "zorgplicht", "tlv")


def pickable_leerlingen(user, *, route: str) -> QuerySet:
    """Pupils this user may pick when opening a case on `route` (listed in the form, accepted from a post).

    A school: pupils whose stamschool or current school is its own (for a TLV the stamschool applies, so
    only pupils enrolled with it). The consulent: the pupils of their SWV (thuiszitter, schakel). The
    leerplichtambtenaar: the pupils living in their gemeente within their SWV (thuiszitter). Nobody else.
    """
    from cases.models import Leerling

    if not getattr(user, "is_authenticated", False):
        return Leerling.objects.none()
    scope = scope_of(user)
    school_swvs = _swvs(scope, Role.SCHOOL)
    q = Q(pk__in=[])
    if scope.schools:
        if route == "tlv":
            q |= Q(stamschool_id__in=scope.schools, swv_id__in=school_swvs)
        else:
            q |= Q(swv_id__in=school_swvs) & (
                Q(stamschool_id__in=scope.schools) | Q(huidige_plaatsing_id__in=scope.schools)
            )
    if route in ("thuiszitter", "schakel", "overstap"):
        consulent = scope.swvs_by_role.get(Role.CONSULENT)
        if consulent:
            q |= Q(swv_id__in=consulent)
    if route == "thuiszitter" and scope.gemeenten:
        q |= _pairs_q(scope.gemeenten, "swv_id", "woongemeente_id")
    return Leerling.objects.filter(q).order_by("achternaam", "voornaam", "pk")


def leerling_create_schools(user) -> QuerySet:
    """Schools for which this user may register a new pupil (as its stamschool): a school only itself, the
    consulent every school of their SWV. Leerplicht, deskundigen and the others register no pupils."""
    from cases.models import School

    scope = scope_of(user)
    q = Q(pk__in=scope.schools) if scope.schools else Q(pk__in=[])
    consulent = scope.swvs_by_role.get(Role.CONSULENT)
    if consulent:
        q |= Q(swv_id__in=consulent)
    return School.objects.filter(q).order_by("name", "pk")


def may_identify_leerling(user, *, route: str) -> bool:
    """May this user name a pupil outside their list by BSN and date of birth (see IDENTIFY_ROUTES)?"""
    from cases.models import School

    scope = scope_of(user)
    if route not in IDENTIFY_ROUTES or not scope.schools:
        return False
    if route == "tlv":  # only the receiving praktijkonderwijs school applies for a pupil not yet its own
        return School.objects.filter(pk__in=scope.schools, soort=School.Soort.PRO).exists()
    return True


def identify_leerling(user, *, route: str, nummer: str, geboortedatum):
    """The one pupil of the user's school's SWV with exactly this BSN or onderwijsnummer and date of birth,
    or None. Both must match, so the answer confirms nothing the user did not already know."""
    from cases.models import Leerling

    nummer = (nummer or "").replace(" ", "").replace(".", "")
    if not nummer or geboortedatum is None or not may_identify_leerling(user, route=route):
        return None
    if len(nummer) == 8 and nummer.isdigit():
        nummer = "0" + nummer
    return (
        Leerling.objects.filter(Q(bsn=nummer) | Q(onderwijsnummer=nummer), geboortedatum=geboortedatum)
        .filter(swv_id__in=_swvs(scope_of(user), Role.SCHOOL))
        .order_by("pk")
        .first()
    )


# --- memberships: who may grant which role, and who sees the changes -------------------------------
# Roles whose grant widens someone's view or rights markedly; every change to such a membership is listed
# for the privacy officer of the SWV (membership_changes).
PRIVILEGED_ROLES = (
    Role.BEHEERDER,
    Role.AUDITOR,
    Role.PRIVACY_OFFICER,
    Role.ARCHIVARIS,
    Role.BESLISSER,
    Role.CVA_VOORZITTER,
    Role.CONSULENT,
    Role.LEERPLICHTAMBTENAAR,
)
# Roles only the national beheer (a superuser) grants or changes: the beheerder role itself (two beheerders
# could otherwise grant each other anything) and the roles that oversee the beheerder.
NATIONAL_GRANT_ROLES = (Role.BEHEERDER, Role.AUDITOR, Role.PRIVACY_OFFICER, Role.ARCHIVARIS)


def membership_grant_refusal(granter, *, member, role, swv_id, school=None, gemeente=None, previous=None):
    """Why `granter` may not save this membership (a Dutch sentence), or None when they may.

    A beheerder manages the memberships of their own SWV for other people only: never their own, never
    one in another SWV, never a school outside the SWV or a gemeente not linked to it, and never the
    roles in NATIONAL_GRANT_ROLES (given or taken away). `previous` is the membership as stored before
    this change (None for a new one). Superusers are the national beheer and may.
    """
    if getattr(granter, "is_superuser", False):
        return None
    managed = admin_swvs(granter)
    old_swv = getattr(previous, "swv_id", swv_id)
    if swv_id not in managed or old_swv not in managed:
        return str(_("U kunt alleen lidmaatschappen van uw eigen samenwerkingsverband beheren."))
    if granter.pk in {getattr(member, "pk", None), getattr(previous, "user_id", None)}:
        return str(
            _(
                "U kunt uzelf geen lidmaatschap geven en uw eigen lidmaatschappen niet wijzigen. "
                "Vraag dit aan het landelijk beheer."
            )
        )
    if role in NATIONAL_GRANT_ROLES or getattr(previous, "role", None) in NATIONAL_GRANT_ROLES:
        return str(
            _(
                "De rollen beheerder, auditor en privacy officer worden alleen door het landelijk beheer "
                "toegekend of gewijzigd."
            )
        )
    if school is not None and school.swv_id != swv_id:
        return str(_("Deze school hoort niet bij het samenwerkingsverband van het lidmaatschap."))
    if gemeente is not None and not gemeente.swvs.filter(pk=swv_id).exists():
        return str(_("Deze gemeente hoort niet bij het samenwerkingsverband van het lidmaatschap."))
    return None


def membership_changes_swvs(user) -> set[int] | None:
    """SWVs whose membership changes this user reviews (privacy officers); None = all (superuser)."""
    scope = scope_of(user)
    if scope.is_superuser:
        return None
    return _swvs(scope, Role.PRIVACY_OFFICER)


def membership_changes(user) -> QuerySet:
    """The history of memberships of privileged roles in the SWVs this user reviews, newest first."""
    from cases.models import Membership

    history = Membership.history.model.objects.filter(role__in=PRIVILEGED_ROLES)
    swvs = membership_changes_swvs(user)
    if swvs is not None:
        history = history.filter(swv_id__in=swvs)
    return history.select_related("history_user", "user", "swv", "school", "gemeente").order_by(
        "-history_date", "-history_id"
    )


# --- ouders/verzorgers and consents ------------------------------------------------------------------
# The school of the pupil (stamschool or current placement) and the SWV's consulent keep the pupil's ouders
# and record consents; everyone who may open the pupil sees the ouders, with their contact details in full
# only in BSN_ROLES (the others see them masked, like the BSN).


def may_manage_ouders(user, leerling) -> bool:
    """May this user add, change or remove the pupil's ouders and record or withdraw consents?"""
    scope = scope_of(user)
    if scope.is_superuser:
        return True
    if scope.has_role(Role.CONSULENT, leerling.swv_id):
        return True
    school_ids = {leerling.stamschool_id, leerling.huidige_plaatsing_id} - {None}
    return bool(school_ids & set(scope.schools)) and scope.has_role(Role.SCHOOL, leerling.swv_id)


def may_see_ouder_contact(user, leerling) -> bool:
    """The ouders' address, e-mail and phone in full (else masked): the BSN rule."""
    return may_see_bsn(user, leerling)


# --- the parent's own view ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ParentPrincipal:
    """A parent signed in through their personal link and second factor: one ouder of one pupil. Not a
    Django user: staff pages and the API see an anonymous visitor."""

    ouder_id: int
    leerling_id: int
    swv_id: int


def parent_visible_cases(principal: ParentPrincipal | None) -> QuerySet:
    """The cases a signed-in parent may open: their own child's, nothing else."""
    from cases.models import Case

    if principal is None:
        return Case.objects.none()
    return Case.objects.filter(leerling_id=principal.leerling_id, swv_id=principal.swv_id)


def parent_can(principal: ParentPrincipal | None, action: str, obj=None) -> bool:
    """What a parent may do: read their child's cases, upload a zienswijze or document to an open case, and
    withdraw a consent they gave (or that was given for their child by a parent with gezag)."""
    if principal is None or obj is None:
        return False
    if action in ("case.view", "case.upload"):
        case = _case_of(obj)
        ok = case.leerling_id == principal.leerling_id and case.swv_id == principal.swv_id
        return ok and (action == "case.view" or case.closed_at is None)
    if action == "consent.withdraw":
        return obj.leerling_id == principal.leerling_id
    return False


# --- pupils from the schools' own systems (cases/services/imports.py, leerling_import.py) ----------


def may_import_pupils(user, swv, school=None) -> bool:
    """A beheerder imports pupils for every school of their SWV; a school only its own pupils (school
    given, one of its own). The national beheer and the system actor may too."""
    scope = scope_of(user)
    if scope.is_superuser or scope.is_system:
        return True
    if scope.has_role(Role.BEHEERDER, swv.pk):
        return True
    return school is not None and school.pk in scope.schools and scope.has_role(Role.SCHOOL, swv.pk)


def pupil_import_schools(user) -> QuerySet:
    """The schools for which this user imports pupils: every school of the SWVs they manage, or their own."""
    from cases.models import School

    scope = scope_of(user)
    if scope.is_superuser:
        return School.objects.all().order_by("name", "pk")
    q = Q(swv_id__in=admin_swvs(user))
    if scope.schools:
        q |= Q(pk__in=scope.schools, swv_id__in=_swvs(scope, Role.SCHOOL))
    return School.objects.filter(q).order_by("name", "pk")


def pupil_import_swvs(user) -> QuerySet:
    """The SWVs into which this user imports pupils (as beheerder, or through their own school)."""
    from cases.models import Swv

    scope = scope_of(user)
    if scope.is_superuser:
        return Swv.objects.all()
    return Swv.objects.filter(
        Q(pk__in=admin_swvs(user)) | Q(scholen__in=pupil_import_schools(user))
    ).distinct()


def may_import_any_pupils(user) -> bool:
    """Without a query (the menu asks on every page): `scope.schools` holds only schools of the membership's
    own SWV."""
    scope = scope_of(user)
    return scope.is_superuser or bool(scope.schools) or bool(admin_swvs(user))


def visible_import_mappings(user) -> QuerySet:
    """Column mappings this user may use: the SWV's shared ones and their own school's; a beheerder every
    mapping of their SWV."""
    from cases.models import ImportMapping

    scope = scope_of(user)
    if scope.is_superuser:
        return ImportMapping.objects.all()
    q = Q(swv_id__in=admin_swvs(user))
    if scope.schools:
        school_swvs = _swvs(scope, Role.SCHOOL)
        q |= Q(swv_id__in=school_swvs, school__isnull=True) | Q(
            school_id__in=scope.schools, swv_id__in=school_swvs
        )
    return ImportMapping.objects.filter(q)


def may_manage_import_mapping(user, *, swv, school=None) -> bool:
    """Save a mapping owned by this SWV (school None: the beheerder) or by this school (the school itself
    or the beheerder)."""
    scope = scope_of(user)
    if scope.is_superuser or scope.has_role(Role.BEHEERDER, swv.pk):
        return True
    return school is not None and school.pk in scope.schools and scope.has_role(Role.SCHOOL, swv.pk)


def visible_import_logs(user) -> QuerySet:
    """Import attempts: a beheerder those of their SWV, a school those for its own school."""
    from cases.models import ImportLog

    scope = scope_of(user)
    if scope.is_superuser:
        return ImportLog.objects.all()
    q = Q(swv_id__in=admin_swvs(user))
    if scope.schools:
        q |= Q(school_id__in=scope.schools, swv_id__in=_swvs(scope, Role.SCHOOL))
    return ImportLog.objects.filter(q)
