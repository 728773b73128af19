"""The thuiszitter route (with the zorgplicht aanmelding): flow.py (the process), views.py (its pages),
forms.py (its input), tasks.py (its task steps), actions.py (its case actions).

`ThuiszitterFlow` is also reachable here, lazily: processes store their flow as
"workflows/thuiszitter.ThuiszitterFlow" (viewflow's reference, from the class's __module__), and viewflow
imports that string back.
"""


def __getattr__(name):
    if name == "ThuiszitterFlow":
        from workflows.thuiszitter.flow import ThuiszitterFlow

        return ThuiszitterFlow
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
