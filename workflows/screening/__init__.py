"""The zorg-naar-onderwijs screening route: flow.py (the process), views.py (its pages), forms.py (its input),
tasks.py (its task steps).

`ScreeningFlow` is also reachable here, lazily: processes store their flow as
"workflows/screening.ScreeningFlow" (viewflow's reference, from the class's __module__), and viewflow
imports that string back.
"""


def __getattr__(name):
    if name == "ScreeningFlow":
        from workflows.screening.flow import ScreeningFlow

        return ScreeningFlow
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
