"""Default term policies (used when an SWV has no TermPolicy row of its own for that kind)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from cases.calendars import Calendar
from cases.deadlines import TermRule, Unit
from cases.roles import Role


@dataclass(frozen=True)
class TermDefault:
    label: str
    length: int
    unit: Unit
    atw: bool = True
    warn_fraction: float | None = 0.75
    max_extensions: int = 1
    extension_length: int = 0
    extension_unit: Unit = Unit.WEEKS
    escalate_roles: tuple[str, ...] = field(default_factory=tuple)
    basis: str = ""  # the rule that sets this term, named in the explanation


DEFAULT_TERMS: dict[str, TermDefault] = {
    # Beslistermijn TLV: 6 weeks from receipt of the aanvraag (Awb 4:13; an SWV may count from the complete
    # dossier instead, never from the check); one verdaging (Awb 4:14) of 6 weeks, notified within the term;
    # on breach the beslisser and the CvA/BTO-voorzitter of the SWV get an escalation.
    "tlv_beslistermijn": TermDefault(
        label=gettext_noop("beslistermijn TLV"),
        length=6,
        unit=Unit.WEEKS,
        max_extensions=1,
        extension_length=6,
        extension_unit=Unit.WEEKS,
        escalate_roles=(Role.BESLISSER, Role.CVA_VOORZITTER),
        basis=gettext_noop(
            "standaardtermijn, binnen het wettelijk maximum van 8 weken na ontvangst (Awb 4:13)"
        ),
    ),
    # Antwoordtermijn when the CvA/BTO asks for more information (Awb 4:15 lid 1 a): 2 weeks by default; the
    # beslistermijn stands still from the day after the request until the answer or the end of this term.
    # The school gets a reminder at 75 %; when it runs out the consulent gets an escalation.
    "tlv_informatietermijn": TermDefault(
        label=gettext_noop("antwoordtermijn meer informatie"),
        length=2,
        unit=Unit.WEEKS,
        warn_fraction=0.75,
        max_extensions=0,
        escalate_roles=(Role.CONSULENT,),
    ),
    # The CvA/BTO's assessment once the advices are in: a term an SWV sets itself (seed 002: 98 % within
    # 2 days, 002:L903), started only for an SWV whose profile names it; escalates to the voorzitter.
    "tlv_beoordeling": TermDefault(
        label=gettext_noop("beoordeling door de CvA/BTO"),
        length=1,
        unit=Unit.WEEKS,
        warn_fraction=0.5,
        max_extensions=0,
        escalate_roles=(Role.CVA_VOORZITTER,),
    ),
    # Hersteltermijn (Awb 4:5): 2 weeks for the school to complete the file; the consulent is told when
    # it has run out (and may then put the aanvraag buiten behandeling).
    "tlv_hersteltermijn": TermDefault(
        label=gettext_noop("hersteltermijn"),
        length=2,
        unit=Unit.WEEKS,
        warn_fraction=None,
        max_extensions=1,
        extension_length=2,
        escalate_roles=(Role.CONSULENT,),
    ),
    # Thuiszitter escalation ladder (DOMAIN.md route 2; our default, configurable per SWV). All three start
    # on the day before the first day of absence, so that day is day 1 and the escalation comes on the day
    # the pupil has been at home the full term (day 28, day 56, the 3-month date). Closed at the milestone.
    # "school" escalates to the stamschool, "schoolbestuur" to the stamschool's board (the school and its
    # board own the 3-month deadline, 000:L445), "leerplichtambtenaar" to the pupil's
    # woongemeente, "beslisser" is the SWV director (cases/services/thuiszitter.escalation_targets).
    "thuiszitter_plan": TermDefault(
        label=gettext_noop("4 weken zonder plan van aanpak"),
        length=4,
        unit=Unit.WEEKS,
        atw=False,
        warn_fraction=None,
        max_extensions=0,
        escalate_roles=(Role.CONSULENT,),
    ),
    "thuiszitter_aanbod": TermDefault(
        label=gettext_noop("8 weken zonder passend aanbod"),
        length=8,
        unit=Unit.WEEKS,
        atw=False,
        warn_fraction=None,
        max_extensions=0,
        escalate_roles=(Role.LEERPLICHTAMBTENAAR, Role.SCHOOL, Role.SCHOOLBESTUUR),
    ),
    "thuiszitter_3_maanden": TermDefault(
        label=gettext_noop("3 maanden thuis zonder passend aanbod"),
        length=3,
        unit=Unit.MONTHS,
        atw=False,
        warn_fraction=None,
        max_extensions=0,
        escalate_roles=(Role.LEERPLICHTAMBTENAAR, Role.BESLISSER),
    ),
    # Monitoring after the return: 8 weeks, then the consulent closes the case. Not started as a Deadline
    # (nothing escalates): it sets the monitoring period and the due date of the consulent's task.
    "thuiszitter_monitoring": TermDefault(
        label=gettext_noop("monitoring na terugkeer"),
        length=8,
        unit=Unit.WEEKS,
        atw=False,
        warn_fraction=None,
        max_extensions=0,
        escalate_roles=(Role.CONSULENT,),
    ),
    # Zorgplicht: the board decides within 6 weeks of the written aanmelding, once extendable by 4 weeks
    # (max 10, 002:L949) [law]; when it runs out, the board (stamschool contact) and the consulent escalate.
    "zorgplicht": TermDefault(
        label=gettext_noop("zorgplichttermijn"),
        length=6,
        unit=Unit.WEEKS,
        atw=True,
        warn_fraction=0.75,
        max_extensions=1,
        extension_length=4,
        extension_unit=Unit.WEEKS,
        escalate_roles=(Role.SCHOOL, Role.CONSULENT),
        basis=gettext_noop(
            "wettelijke termijn van 6 weken, eenmaal te verlengen met ten hoogste 4 weken (zorgplicht)"
        ),
    ),
    # --- the TLV after its besluit ---
    # Bezwaartermijn (Awb 6:7, 6:8): 6 weeks from the day after the bekendmaking; Atw applies.
    "bezwaartermijn": TermDefault(
        label=gettext_noop("bezwaartermijn"),
        length=6,
        unit=Unit.WEEKS,
        warn_fraction=None,
        basis=gettext_noop("wettelijke termijn van 6 weken vanaf de dag na de bekendmaking (Awb 6:7, 6:8)"),
    ),
    # Beslistermijn op bezwaar with an advisory commissie (Awb 7:10 lid 1, 3): 12 weeks from the end of the
    # bezwaartermijn, once extendable by 6 weeks with notice; escalates to the beslisser.
    "beslistermijn_bezwaar": TermDefault(
        label=gettext_noop("beslistermijn bezwaar"),
        length=12,
        unit=Unit.WEEKS,
        max_extensions=1,
        extension_length=6,
        extension_unit=Unit.WEEKS,
        escalate_roles=(Role.BESLISSER,),
        basis=gettext_noop(
            "wettelijke termijn van 12 weken met een adviescommissie, eenmaal 6 weken verdagen (Awb 7:10)"
        ),
    ),
    # The commissie's advice: our default, an SWV sets its own (the LBT usually advises within ~8 weeks).
    "commissie_advies": TermDefault(
        label=gettext_noop("adviestermijn bezwaaradviescommissie"),
        length=8,
        unit=Unit.WEEKS,
        atw=False,
        max_extensions=1,
        extension_length=4,
        escalate_roles=(Role.BESLISSER,),
    ),
    # How long before the einddatum the school and the consulent get the verlenging/vervolg task
    # (length/unit used; the term itself runs to the einddatum). Breach = TLV expired: escalate.
    "tlv_verlenging_signaal": TermDefault(
        label=gettext_noop("looptijd TLV (signaal verlenging)"),
        length=3,
        unit=Unit.MONTHS,
        atw=False,
        max_extensions=0,
        escalate_roles=(Role.CONSULENT,),
    ),
    # Pupils aged 4 to 8 (seed 002): the consulent reviews the TLV with the beoogde reguliere school this
    # long before the einddatum (length/unit used; the term itself runs to the einddatum).
    "tlv_jong_review_signaal": TermDefault(
        label=gettext_noop("review jonge leerling (beoogde reguliere school)"),
        length=3,
        unit=Unit.MONTHS,
        atw=False,
        max_extensions=0,
        escalate_roles=(),
    ),
    # Complex case / SO hoog (002:L903): the board decides within 4 weeks of the external deskundige's
    # involvement; escalates to the voorzitter.
    "tlv_beslistermijn_complex": TermDefault(
        label=gettext_noop("beslistermijn complexe casus"),
        length=4,
        unit=Unit.WEEKS,
        max_extensions=0,
        escalate_roles=(Role.CVA_VOORZITTER,),
    ),
    # VSO: orientation on a return to VO (Commissie van Begeleiding + BTO) about 5 months before the end.
    "tlv_vso_vo_signaal": TermDefault(
        label=gettext_noop("heroriëntatie VSO → VO"),
        length=5,
        unit=Unit.MONTHS,
        atw=False,
        max_extensions=0,
        escalate_roles=(),
    ),
    # --- zorg-naar-onderwijs screening and schakel/terugplaatsing ---
    # Screening completed (advice given) within 6 weeks of the aanmelding; warning at 75 %, escalation to
    # the screeningsteam coördinator.
    "screening_termijn": TermDefault(
        label=gettext_noop("screeningstermijn"),
        length=6,
        unit=Unit.WEEKS,
        atw=False,
        warn_fraction=0.75,
        max_extensions=0,
        escalate_roles=(Role.SCREENINGSTEAM,),
    ),
    # Re-screening after a "nog niet" advice or with a (partial) vrijstelling: a task on the due day
    # (warn_fraction 1.0 puts the signal on the due date; cases/services/screening.on_signal_warning).
    "screening_herscreening": TermDefault(
        label=gettext_noop("herscreening"),
        length=6,
        unit=Unit.MONTHS,
        atw=False,
        warn_fraction=1.0,
        max_extensions=0,
    ),
    # Proefplaatsing: 8 weeks from its start, once extendable by 8 weeks; the consulent decides at the end
    # and gets an escalation when it runs out without a besluit.
    "schakel_proefperiode": TermDefault(
        label=gettext_noop("proefplaatsing"),
        length=8,
        unit=Unit.WEEKS,
        atw=False,
        warn_fraction=0.75,
        max_extensions=1,
        extension_length=8,
        extension_unit=Unit.WEEKS,
        escalate_roles=(Role.CONSULENT,),
    ),
    # Nazorg checkpoints 3 and 12 months after the definitive placement: a task for the receiving school on
    # the day (cases/services/schakel.on_signal_warning).
    "schakel_nazorg_3": TermDefault(
        label=gettext_noop("nazorg na 3 maanden"),
        length=3,
        unit=Unit.MONTHS,
        atw=False,
        warn_fraction=1.0,
        max_extensions=0,
    ),
    "schakel_nazorg_12": TermDefault(
        label=gettext_noop("nazorg na 12 maanden"),
        length=12,
        unit=Unit.MONTHS,
        atw=False,
        warn_fraction=1.0,
        max_extensions=0,
    ),
    # --- the overstap (warm PO→VO handover) ---
    # The receiving VO SWV confirms receipt within 2 weeks of sending; escalation to its consulenten.
    "overstap_ontvangst": TermDefault(
        label=gettext_noop("ontvangst overdracht PO-VO"),
        length=2,
        unit=Unit.WEEKS,
        atw=False,
        warn_fraction=0.75,
        max_extensions=0,
        escalate_roles=(Role.CONSULENT,),
    ),
    # Placed by 1 October of the first VO school year (the services start it with the days up to that
    # date); without a placement the VO SWV's consulent and the leerplicht of the woongemeente escalate.
    "overstap_plaatsing": TermDefault(
        label=gettext_noop("plaatsing na de overstap (uiterlijk 1 oktober)"),
        length=1,
        unit=Unit.CALENDAR_DAYS,
        atw=False,
        warn_fraction=None,
        max_extensions=0,
        escalate_roles=(Role.CONSULENT, Role.LEERPLICHTAMBTENAAR),
        basis=gettext_noop("de leerling zit op 1 oktober van het eerste schooljaar in het VO op zijn plek"),
    ),
    # --- the loket (support requests besides the TLV) ---
    # Triage of a submitted request by the loket (complete? which type? urgent?): 1 week; warning at 75 %,
    # escalation to the consulenten.
    "loket_triagetermijn": TermDefault(
        label=gettext_noop("triagetermijn ondersteuningsaanvraag"),
        length=1,
        unit=Unit.WEEKS,
        atw=False,
        warn_fraction=0.75,
        max_extensions=0,
        escalate_roles=(Role.CONSULENT,),
    ),
    # An advice or consultation question to the loket is answered within 2 weeks (the SWV may set its own).
    "loket_adviestermijn": TermDefault(
        label=gettext_noop("antwoordtermijn adviesvraag"),
        length=2,
        unit=Unit.WEEKS,
        warn_fraction=None,
        max_extensions=0,
    ),
    # Beslistermijn of a support request: 6 weeks from the day it was submitted (Awb 4:13, at most 8 weeks);
    # on breach the consulent and the beslisser of the SWV get an escalation.
    "loket_beslistermijn": TermDefault(
        label=gettext_noop("beslistermijn ondersteuningsaanvraag"),
        length=6,
        unit=Unit.WEEKS,
        max_extensions=1,
        extension_length=2,
        extension_unit=Unit.WEEKS,
        escalate_roles=(Role.CONSULENT, Role.BESLISSER),
        basis=gettext_noop(
            "standaardtermijn, binnen het wettelijk maximum van 8 weken na ontvangst (Awb 4:13)"
        ),
    ),
    # Evaluation of a granted arrangement on set dates (mid-term, end): a task for the consulent on the day
    # (warn_fraction 1.0 puts the signal on the due date; cases/services/loket.on_signal_warning). The
    # length is the date set in the toewijzing; these defaults apply only when none was set.
    "loket_evaluatie_tussentijds": TermDefault(
        label=gettext_noop("tussentijdse evaluatie arrangement"),
        length=3,
        unit=Unit.MONTHS,
        atw=False,
        warn_fraction=1.0,
        max_extensions=0,
    ),
    "loket_evaluatie_eind": TermDefault(
        label=gettext_noop("eindevaluatie arrangement"),
        length=6,
        unit=Unit.MONTHS,
        atw=False,
        warn_fraction=1.0,
        max_extensions=0,
    ),
    # The first feedback on a case table's agreements (002:L610: after 4 weeks): on the day a task for the
    # chair (warn_fraction 1.0 puts the signal on the due date; cases/services/overleg.on_signal_warning).
    # The length is the number of weeks set for the meeting; this default applies when none was set.
    "overleg_terugkoppeling": TermDefault(
        label=gettext_noop("terugkoppeling casustafel"),
        length=4,
        unit=Unit.WEEKS,
        atw=False,
        warn_fraction=1.0,
        max_extensions=0,
        basis=gettext_noop(
            "terugkoppeling op de afspraken van de casustafel, zoals in het overleg vastgesteld"
        ),
    ),
}


# Terms set by law: an SWV may choose their warning point and escalation ladder, never their length, unit,
# verlenging or the Algemene termijnenwet (bezwaartermijn Awb 6:7; beslistermijn op bezwaar Awb 7:10;
# zorgplicht 6 weeks + once at most 4).
STATUTORY_KINDS = frozenset({"bezwaartermijn", "beslistermijn_bezwaar", "zorgplicht"})

# Terms the law caps: an SWV may set a shorter one, never a longer one (Awb 4:13 lid 2: at most 8 weeks
# after receipt of the aanvraag).
CEILINGS: dict[str, tuple[int, Unit, str]] = {
    "tlv_beslistermijn": (8, Unit.WEEKS, "Awb 4:13 lid 2"),
    "loket_beslistermijn": (8, Unit.WEEKS, "Awb 4:13 lid 2"),
}

TERM_KIND_CHOICES = [(kind, default.label) for kind, default in DEFAULT_TERMS.items()]


def exceeds_ceiling(kind: str, length: int, unit: Unit, *, started_on=None) -> bool:
    """Whether a term of `length` `unit` ends after the statutory ceiling for `kind` (from `started_on`, or
    for any start: checked over a whole year of starts for working days)."""
    import datetime as dt

    from cases.deadlines import add_term

    if kind not in CEILINGS:
        return False
    max_length, max_unit, _article = CEILINGS[kind]
    starts = (
        [started_on]
        if started_on is not None
        else [dt.date(2027, 1, 1) + dt.timedelta(days=n) for n in range(0, 366, 1)]
    )
    return any(add_term(d, length, Unit(unit)) > add_term(d, max_length, max_unit) for d in starts)


@dataclass(frozen=True)
class ResolvedTerm:
    kind: str
    label: str
    rule: TermRule
    max_extensions: int
    extension_length: int
    extension_unit: Unit
    escalate_roles: tuple[str, ...]
    starts_from: str = "aanvraag"  # beslistermijn: "aanvraag" (Awb 4:13) or "volledig_dossier"
    basis: str = ""


def term_for(swv, kind: str) -> ResolvedTerm:
    """The SWV's own policy for this kind of term, else the default."""
    from cases.models import TermPolicy

    default = DEFAULT_TERMS[kind]
    policy = TermPolicy.objects.filter(swv=swv, kind=kind).first()
    if policy is not None and kind in STATUTORY_KINDS:
        # the law sets the term: only the warning point and the escalation ladder are the SWV's
        return ResolvedTerm(
            kind=kind,
            label=default.label,
            rule=TermRule(
                length=default.length,
                unit=default.unit,
                atw=default.atw,
                warn_fraction=policy.warn_fraction,
                label=default.label,
            ),
            max_extensions=default.max_extensions,
            extension_length=default.extension_length,
            extension_unit=default.extension_unit,
            escalate_roles=tuple(policy.escalate_roles or default.escalate_roles),
            basis=default.basis,
        )
    if policy is None:
        return ResolvedTerm(
            kind=kind,
            label=default.label,
            rule=TermRule(
                length=default.length,
                unit=default.unit,
                atw=default.atw,
                warn_fraction=default.warn_fraction,
                label=default.label,
            ),
            max_extensions=default.max_extensions,
            extension_length=default.extension_length,
            extension_unit=default.extension_unit,
            escalate_roles=tuple(default.escalate_roles),
            basis=default.basis,
        )
    calendar = policy.calendar
    if calendar == Calendar.SCHOOL and kind in CEILINGS:
        # the statutory ceiling counts in calendar weeks: a schoolvakantie cannot stretch it (see clean)
        calendar = Calendar.ATW
    return ResolvedTerm(
        kind=kind,
        label=default.label,
        rule=TermRule(
            length=policy.length,
            unit=Unit(policy.unit),
            atw=policy.atw,
            warn_fraction=policy.warn_fraction,
            label=default.label,
            calendar=calendar,
        ),
        max_extensions=policy.max_extensions,
        extension_length=policy.extension_length or default.extension_length,
        extension_unit=Unit(policy.extension_unit),
        escalate_roles=tuple(policy.escalate_roles or default.escalate_roles),
        starts_from=policy.starts_from,
        basis=gettext_noop("eigen termijn van het samenwerkingsverband"),
    )
