"""The schakel/terugplaatsing route: flow.py (the process), views.py (its pages), forms.py (its input),
tasks.py (its task steps).

`SchakelFlow` is also reachable here, lazily: processes store their flow as
"workflows/schakel.SchakelFlow" (viewflow's reference, from the class's __module__), and viewflow
imports that string back.
"""


def __getattr__(name):
    if name == "SchakelFlow":
        from workflows.schakel.flow import SchakelFlow

        return SchakelFlow
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
