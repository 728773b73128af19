from .archief import ArchiefRegel, VernietigingsAkkoord, VernietigingsItem, Vernietigingslijst
from .case import Case, CaseEvent, Document, DocumentKind, ReferenceCounter
from .deadlines import Deadline, DeadlineExtension, DeadlinePause, DeadlineStep, TermPolicy
from .organisations import Bestuur, Deskundige, Gemeente, Leerling, Membership, Ouder, School, Swv
from .tlv import BtoReview, DeskundigenAdvies, TlvAanvraag, TlvStatus
from .tlv_lifecycle import Bekendmaking, Beroep, Bezwaar, BezwaarStatus, Ontvanger, Tlv
from .tlv_variants import ComplexeCasus, ProCriteria
from .workitems import Afwezigheid, WorkItem

__all__ = [
    "ReferenceCounter",
    "Bestuur",
    "BtoReview",
    "Case",
    "CaseEvent",
    "Deadline",
    "DeadlineExtension",
    "DeadlinePause",
    "DeadlineStep",
    "DeskundigenAdvies",
    "Deskundige",
    "Document",
    "DocumentKind",
    "Gemeente",
    "Leerling",
    "Membership",
    "Ouder",
    "School",
    "Swv",
    "TermPolicy",
    "TlvAanvraag",
    "TlvStatus",
    "WorkItem",
    "Afwezigheid",
    "ArchiefRegel",
    "VernietigingsAkkoord",
    "VernietigingsItem",
    "Vernietigingslijst",
]

# thuiszitter and zorgplicht routes
from .thuiszitter import (  # noqa: E402
    Afspraak,
    Casusoverleg,
    LeerplichtActie,
    PassendAanbod,
    PlanVanAanpak,
    ThuiszitterMelding,
    ThuiszitterPeriode,
    ThuiszitterStatus,
    Uitschrijving,
)
from .zorgplicht import Aanmelding, AanmeldingStatus  # noqa: E402

__all__ += [
    "Aanmelding",
    "AanmeldingStatus",
    "Afspraak",
    "Casusoverleg",
    "LeerplichtActie",
    "PassendAanbod",
    "PlanVanAanpak",
    "ThuiszitterMelding",
    "ThuiszitterPeriode",
    "ThuiszitterStatus",
    "Uitschrijving",
    # The TLV after its besluit
    "Bekendmaking",
    "Beroep",
    "Bezwaar",
    "BezwaarStatus",
    "ComplexeCasus",
    "Ontvanger",
    "ProCriteria",
    "Tlv",
]

# Zorg-naar-onderwijs screening and schakel/terugplaatsing
from .schakel import (  # noqa: E402
    CarrouselDoel,
    NazorgCheckpoint,
    Schakeloverleg,
    SchakelStatus,
    Schakeltraject,
)
from .screening import ScreeningInstelling, ScreeningStatus, ZorgOnderwijsScreening  # noqa: E402

__all__ += [
    "CarrouselDoel",
    "NazorgCheckpoint",
    "SchakelStatus",
    "Schakeloverleg",
    "Schakeltraject",
    "ScreeningInstelling",
    "ScreeningStatus",
    "ZorgOnderwijsScreening",
]

# the letterhead of an SWV's letters
from .briefhoofd import Briefhoofd  # noqa: E402

__all__ += ["Briefhoofd"]

# the schoolvakanties per region (the school calendar of terms counted in school weeks or days)
from .schoolvakanties import Regio, SchoolVakantie  # noqa: E402

__all__ += ["Regio", "SchoolVakantie"]

# consents per purpose (the register)
from .consent import Consent, ConsentPurpose  # noqa: E402

__all__ += ["Consent", "ConsentPurpose"]

# the parent's own view (personal links) and the pupil's voice (hoorrecht)
from .hoorrecht import LeerlingGehoord  # noqa: E402
from .ouderportaal import OuderBericht, OuderToegang  # noqa: E402

__all__ += ["LeerlingGehoord", "OuderBericht", "OuderToegang"]

# an SWV's rules as data
from .profiles import AdviesRegel, IndicatorDoel, ProfielVersie, TlvSoortRegel  # noqa: E402

__all__ += ["AdviesRegel", "IndicatorDoel", "ProfielVersie", "TlvSoortRegel"]

# The loket: support requests besides the TLV
from .loket import (  # noqa: E402
    AanvraagStatus,
    AanvraagType,
    Adviesvraag,
    Budget,
    Evaluatie,
    LoketRegels,
    Ondersteuningsaanvraag,
)

__all__ += [
    "AanvraagStatus",
    "AanvraagType",
    "Adviesvraag",
    "Budget",
    "Evaluatie",
    "LoketRegels",
    "Ondersteuningsaanvraag",
]

# Case tables: one meeting record for every route (DOA, MDO, actietafel, BTO-consultation, warm handover)
from .overleg import (  # noqa: E402
    AfspraakStatus,
    Agendapunt,
    DeelnemerRol,
    Overleg,
    OverlegAfspraak,
    OverlegDeelnemer,
    OverlegSoort,
    OverlegStatus,
)

__all__ += [
    "AfspraakStatus",
    "Agendapunt",
    "DeelnemerRol",
    "Overleg",
    "OverlegAfspraak",
    "OverlegDeelnemer",
    "OverlegSoort",
    "OverlegStatus",
]

# pupils from the schools' own systems: column mappings per source, and the log of import attempts
from .imports import ImportLog, ImportMapping, PupilField  # noqa: E402

__all__ += ["ImportLog", "ImportMapping", "PupilField"]

# The overstap: the warm PO→VO handover between two SWVs
from .overstap import Overstap, OverstapSoort, OverstapStatus  # noqa: E402

__all__ += ["Overstap", "OverstapSoort", "OverstapStatus"]
