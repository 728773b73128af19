"""The TLV route: flow.py (the process), views.py (its pages, also after the besluit), forms.py (input),
tasks.py (task steps), actions.py (case actions)."""
