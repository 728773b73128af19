"""Form widgets shared by every page form.

A browser's `<input type="date">` only accepts an ISO value (2026-12-07); the Dutch locale's input format
(07-12-2026) is discarded, so a default date would silently disappear. Dates shown as text stay Dutch.
"""

from django import forms


class DateInput(forms.DateInput):
    """A date picker whose value is always ISO (YYYY-MM-DD), whatever the active language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
