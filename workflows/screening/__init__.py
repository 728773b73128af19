"""The zorg-naar-onderwijs screening route: flow.py (the process), views.py (its pages), forms.py (its input),
tasks.py (its task steps).

`ScreeningFlow` is also reachable here, lazily: processes store their flow as
"workflows/screening.ScreeningFlow" (viewflow's reference, from the class's __module__), and viewflow
imports that string back.
"""

from workflows import lazy_flow

__getattr__ = lazy_flow(__name__, "ScreeningFlow")
