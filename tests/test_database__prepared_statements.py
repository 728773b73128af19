"""PostgreSQL plans a repeated ORM statement once per connection (DB_PREPARED_STATEMENTS)."""

import pytest
from django.db import connection

from cases.models import Case

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _prepared() -> int:
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_prepared_statements")
        return cur.fetchone()[0]


def test_a_statement_used_five_times_is_prepared_on_its_connection():
    before = _prepared()
    for pk in range(1, 7):  # the same statement with other parameters (server-side binding)
        list(Case.objects.filter(pk=pk).select_related("swv", "school"))
    assert _prepared() > before


def test_the_setting_can_be_switched_off_for_a_transaction_pooler(monkeypatch):
    import importlib

    import config.settings as settings_module

    monkeypatch.setenv("DB_PREPARED_STATEMENTS", "0")
    try:
        options = importlib.reload(settings_module).DATABASES["default"].get("OPTIONS", {})
        assert "prepare_threshold" not in options and "server_side_binding" not in options
    finally:
        monkeypatch.delenv("DB_PREPARED_STATEMENTS")
        importlib.reload(settings_module)
