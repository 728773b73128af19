"""The TLV route: flow.py (the process), views.py (its pages, also after the besluit), forms.py (input)."""
