"""Default term policies (used when an SWV has no TermPolicy row of its own for that kind)."""

from dataclasses import dataclass, field

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


DEFAULT_TERMS: dict[str, TermDefault] = {
    # Beslistermijn TLV: 6 weeks from the complete dossier; one verdaging (Awb 4:14) of 6 weeks;
    # on breach the beslisser and the CvA/BTO-voorzitter of the SWV get an escalation.
    "tlv_beslistermijn": TermDefault(
        label="beslistermijn TLV",
        length=6,
        unit=Unit.WEEKS,
        max_extensions=1,
        extension_length=6,
        extension_unit=Unit.WEEKS,
        escalate_roles=(Role.BESLISSER, Role.CVA_VOORZITTER),
    ),
    # Hersteltermijn (Awb 4:5): 2 weeks for the school to complete the file; the consulent is told when
    # it has run out (and may then put the aanvraag buiten behandeling).
    "tlv_hersteltermijn": TermDefault(
        label="hersteltermijn",
        length=2,
        unit=Unit.WEEKS,
        warn_fraction=None,
        max_extensions=1,
        extension_length=2,
        escalate_roles=(Role.CONSULENT,),
    ),
}


@dataclass(frozen=True)
class ResolvedTerm:
    kind: str
    label: str
    rule: TermRule
    max_extensions: int
    extension_length: int
    extension_unit: Unit
    escalate_roles: tuple[str, ...]


def term_for(swv, kind: str) -> ResolvedTerm:
    """The SWV's own policy for this kind of term, else the default."""
    from cases.models import TermPolicy

    default = DEFAULT_TERMS[kind]
    policy = TermPolicy.objects.filter(swv=swv, kind=kind).first()
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
        )
    return ResolvedTerm(
        kind=kind,
        label=default.label,
        rule=TermRule(
            length=policy.length,
            unit=Unit(policy.unit),
            atw=policy.atw,
            warn_fraction=policy.warn_fraction,
            label=default.label,
        ),
        max_extensions=policy.max_extensions,
        extension_length=policy.extension_length or default.extension_length,
        extension_unit=Unit(policy.extension_unit),
        escalate_roles=tuple(policy.escalate_roles or default.escalate_roles),
    )
