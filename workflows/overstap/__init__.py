"""The overstap route (the warm PO→VO handover): flow.py (the process), views.py (its pages), forms.py
(its input), tasks.py (its task steps), actions.py (its case action).

`OverstapFlow` is also reachable here, lazily: processes store their flow as
"workflows/overstap.OverstapFlow" (viewflow's reference, from the class's __module__), and viewflow
imports that string back.
"""


def __getattr__(name):
    if name == "OverstapFlow":
        from workflows.overstap.flow import OverstapFlow

        return OverstapFlow
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
