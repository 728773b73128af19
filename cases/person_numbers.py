"""How a pupil's person numbers (BSN, onderwijsnummer) look to someone who may not see them in full.

Who may see them in full is one rule, `cases.policies.may_see_bsn`; `cases.policies.person_number_for` applies
it, and every surface goes through that: the pages (template filters in
workflows/templatetags/person_numbers.py), the admin (cases/admin_person_numbers.py), the AVG inzage export
and the API serializers.
"""

from __future__ import annotations

PERSON_NUMBER_FIELDS = ("bsn", "onderwijsnummer")


def mask(value) -> str:
    """The masked form: only the last four digits, enough to tell two pupils apart on the phone."""
    value = str(value or "")
    return f"*****{value[-4:]}" if value else ""
