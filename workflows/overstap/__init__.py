"""The overstap route (the warm PO→VO handover): flow.py (the process), views.py (its pages), forms.py
(its input), tasks.py (its task steps), actions.py (its case action).

`OverstapFlow` is also reachable here, lazily: processes store their flow as
"workflows/overstap.OverstapFlow" (viewflow's reference, from the class's __module__), and viewflow
imports that string back.
"""

from workflows import lazy_flow

__getattr__ = lazy_flow(__name__, "OverstapFlow")
