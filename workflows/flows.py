"""The viewflow flow of every route: route -> flow class (each lives in workflows/<route>/flow.py).

Node names are a stable API (in-flight cases run for months): renaming one needs a data migration.
Processes of the TLV store their flow as "workflows/flows.TlvFlow", so `TlvFlow` stays importable here.
"""

from workflows.loket.flow import LoketFlow
from workflows.overstap.flow import OverstapFlow
from workflows.schakel.flow import SchakelFlow
from workflows.screening.flow import ScreeningFlow
from workflows.thuiszitter.flow import ThuiszitterFlow
from workflows.tlv.flow import TlvFlow

FLOWS = {
    "tlv": TlvFlow,
    "thuiszitter": ThuiszitterFlow,
    "screening": ScreeningFlow,
    "schakel": SchakelFlow,
    "loket": LoketFlow,
    "overstap": OverstapFlow,
}


def flow_for_route(route: str):
    return FLOWS.get(route)
