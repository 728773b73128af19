"""Every model change has its migration, and no migration depends on the machine it was made on."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration(settings, tmp_path):
    settings.DOCUMENT_ROOT = tmp_path / "elsewhere"  # a machine with another document root
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # --check exits non-zero when a migration is missing
        pytest.fail(f"makemigrations --check found changes (exit {exc.code}):\n{out.getvalue()}")
