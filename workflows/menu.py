"""The main menu per user: each entry is shown only when its page opens for that user and can hold something
for them. The pages that refuse a user ask the same predicates (`may_open_tlv_register`, `may_import`,
`may_issue_enrolment_codes`), so a menu entry never leads to a "niet gevonden"."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cases import policies, profiles
from cases.models.case import Route
from cases.roles import Role

# The routes whose cases a role sees (cases.policies.visible_case_ids): SWV-wide readers and schools all of
# them, deskundigen and the CvA/BTO the TLVs they advise on, leerplicht the thuiszitter and zorgplicht cases
# of their gemeente, the screeningsteam the screenings. The privacy officer reads the access log, no cases.
ALL_ROUTES = frozenset(Route.values)
ROUTES_BY_ROLE: dict[str, frozenset[str]] = {
    Role.SCHOOL: ALL_ROUTES,
    Role.CONSULENT: ALL_ROUTES,
    Role.BESLISSER: ALL_ROUTES,
    Role.BEHEERDER: ALL_ROUTES,
    Role.AUDITOR: ALL_ROUTES,
    Role.DESKUNDIGE: frozenset({Route.TLV}),
    Role.CVA_LID: frozenset({Route.TLV}),
    Role.CVA_VOORZITTER: frozenset({Route.TLV}),
    Role.LEERPLICHTAMBTENAAR: frozenset(policies.LEERPLICHT_ROUTES),
    Role.SCREENINGSTEAM: frozenset({Route.SCREENING}),
    Role.SCHOOLBESTUUR: frozenset({Route.THUISZITTER}),  # the thuiszitter cases escalated to the board
}
# Roles that only read: they never hold a task of their own (cases.policies.can: "auditors read, never act").
READ_ONLY_ROLES = frozenset({Role.AUDITOR, Role.PRIVACY_OFFICER, Role.ARCHIVARIS})


def routes_of(user) -> frozenset[str]:
    scope = policies.scope_of(user)
    if scope.is_superuser:
        return ALL_ROUTES
    out: set[str] = set()
    for role in scope.roles:
        out |= ROUTES_BY_ROLE.get(role, frozenset())
    return frozenset(out)


def may_hold_tasks(user) -> bool:
    scope = policies.scope_of(user)
    return scope.is_superuser or bool(scope.roles - READ_ONLY_ROLES)


def may_open_tlv_register(user) -> bool:
    """SWV staff and auditors read their SWV's register, a school the TLVs of its own pupils."""
    swvs = policies.tlv_register_swvs(user)
    return swvs is None or bool(swvs) or bool(policies.scope_of(user).schools)


def may_import(user) -> bool:
    return policies.scope_of(user).is_superuser or bool(policies.admin_swvs(user))


def may_issue_enrolment_codes(user) -> bool:
    return may_import(user)


def may_open_enrolment_codes(user) -> bool:
    """Beheerders issue two-step enrolment codes; privacy officers and auditors read the list."""
    return may_issue_enrolment_codes(user) or bool(policies.access_log_swvs(user))


def may_audit(user) -> bool:
    swvs = policies.audit_swvs(user)
    return swvs is None or bool(swvs)


def may_read_access_log(user) -> bool:
    swvs = policies.access_log_swvs(user)
    return swvs is None or bool(swvs)


@dataclass(frozen=True)
class MenuEntry:
    url_name: str
    label: str
    current: tuple[str, ...] = ()  # the url names on which this entry is the current page
    query: str = ""

    @property
    def current_names(self) -> tuple[str, ...]:
        return self.current or (self.url_name,)


def entries_for(user) -> list[MenuEntry]:
    """The menu of this user, in the order shown."""
    if not getattr(user, "is_authenticated", False):
        return []
    routes = routes_of(user)
    out = [MenuEntry("home", _("Start"))]
    if may_hold_tasks(user):
        out.append(MenuEntry("inbox", _("Mijn werk")))
    if routes:
        out.append(MenuEntry("case_list", _("Casussen")))
    if routes & {Route.THUISZITTER, Route.ZORGPLICHT}:
        out.append(MenuEntry("thuiszitter_list", _("Thuiszitters")))
    # a route the SWV switched off is not offered (its running cases stay in the case list)
    if Route.SCREENING in routes and profiles.route_offered(user, Route.SCREENING):
        out.append(MenuEntry("screening_list", _("Screenings")))
    if Route.SCHAKEL in routes and profiles.route_offered(user, Route.SCHAKEL):
        out.append(MenuEntry("schakel_list", _("Schakeltrajecten")))
    if Route.LOKET in routes:
        out.append(
            MenuEntry(
                "loket_list",
                _("Loket"),
                ("loket_list", "loket_new", "loket_detail", "loket_budgets", "loket_report"),
            )
        )
    if may_open_case_tables(user):
        out.append(
            MenuEntry("casustafels", _("Casustafels"), ("casustafels", "overleg_plan", "overleg_detail"))
        )
    if Route.OVERSTAP in routes and profiles.route_offered(user, Route.OVERSTAP):
        out.append(
            MenuEntry(
                "overstap_list",
                _("Overstap PO-VO"),
                ("overstap_list", "overstap_new", "overstap_detail", "overstap_overleg", "overstap_report"),
            )
        )
    if routes:
        out.append(MenuEntry("leerling_search", _("Leerlingen"), ("leerling_search", "leerling_detail")))
    if may_open_tlv_register(user):
        out.append(MenuEntry("tlv_register", _("TLV-register")))
    out.append(MenuEntry("notifications", _("Berichten")))
    if may_audit(user):
        out.append(MenuEntry("audit_case_list", _("Audit")))
    elif may_read_access_log(user):
        out.append(MenuEntry("audit_access_log", _("Audit")))
    if policies.destruction_swvs(user):
        out.append(
            MenuEntry(
                "vernietigingslijsten", _("Vernietiging"), ("vernietigingslijsten", "vernietigingslijst")
            )
        )
    if user.is_staff:
        out.append(MenuEntry("admin:index", _("Beheer")))
    if may_open_enrolment_codes(user):
        out.append(MenuEntry("otp_enrolment_codes", _("Tweestapscodes")))
    imports_pages = ("import_csv", "leerling_import", "import_mappings", "import_mapping")
    if may_import(user):
        out.append(MenuEntry("import_csv", _("Importeren"), imports_pages))
    elif policies.may_import_any_pupils(user):  # a school imports its own pupils
        out.append(MenuEntry("leerling_import", _("Importeren"), imports_pages))
    from workflows.profiles.views import may_open_profile

    if may_open_profile(user):
        out.append(MenuEntry("profile", _("Profiel"), ("profile", "profile_export")))
    return out


def may_open_case_tables(user) -> bool:
    """SWV staff (those who plan case tables, and the SWV-wide readers) have the case tables in the menu;
    others reach a meeting from the case page of a case on its agenda."""
    scope = policies.scope_of(user)
    return bool(policies.overleg_swvs(user) or policies._swvs(scope, *policies.SWV_WIDE_READ))


def main_menu(request):
    """Context processor: `main_menu` (the entries) and `may_open` (url name -> True) for other links."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    entries = entries_for(user)
    return {"main_menu": entries, "may_open": {e.url_name: True for e in entries}}
