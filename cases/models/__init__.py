from .case import Case, CaseEvent, Document, DocumentKind
from .deadlines import Deadline, DeadlineExtension, DeadlinePause, DeadlineStep, TermPolicy
from .organisations import Bestuur, Deskundige, Gemeente, Leerling, Membership, Ouder, School, Swv
from .tlv import BtoReview, DeskundigenAdvies, TlvAanvraag, TlvStatus
from .workitems import WorkItem

__all__ = [
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
]
