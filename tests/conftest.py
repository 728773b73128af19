from contextlib import contextmanager

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client, override_settings

from tests import tlv_steps
from tests.factories import make_world


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    # make_world creates ~15 users; PBKDF2 would cost seconds per world
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _force_login_includes_the_second_factor(monkeypatch):
    """2FA is enforced in every test (settings.OTP_REQUIRED stays on). `client.force_login` stands for a
    completed login, so for the privileged roles it also completes the TOTP step, as django_otp.login would
    after a valid code. tests/security/test_auth_hardening.py logs in through the real forms instead."""
    from tests.factories import complete_second_factor

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        complete_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A test that renders in English must not leave the next test of its worker in English."""
    from django.utils import translation

    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings, tmp_path):
    settings.DOCUMENT_ROOT = tmp_path / "documents"


@pytest.fixture(autouse=True, scope="session")
def _audit_checkpoints_outside_the_repository(tmp_path_factory):
    """Processes the tests start (gunicorn, Celery) write their audit checkpoints to a temporary directory."""
    import os

    os.environ["AUDIT_CHECKPOINT_DIR"] = str(tmp_path_factory.mktemp("audit-checkpoints"))
    yield


@pytest.fixture(autouse=True)
def _audit_checkpoints_in_tmp(settings, tmp_path):
    """Each test's chain starts empty, and so do its checkpoints."""
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"


@pytest.fixture(autouse=True, scope="session")
def _flush_may_truncate_the_audit_tables():
    """Django's flush between transactional tests truncates every table; the audit tables refuse TRUNCATE
    unless the transaction sets audit.allow_truncate (audit migration 0006)."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        sql = original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET LOCAL audit.allow_truncate = 'on'", *sql] if sql else sql

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker, tmp_path_factory):
    """Data built once per module (like setUpTestData): each test still runs in its own savepoint
    (request `db`), and everything is rolled back when the module is done."""

    @contextmanager
    def shared():
        with (
            django_db_blocker.unblock(),
            override_settings(DOCUMENT_ROOT=tmp_path_factory.mktemp("documents")),
            transaction.atomic(),
        ):
            yield
            transaction.set_rollback(True)

    return shared


@pytest.fixture
def world(db):
    return make_world(mode="cva", sector="po")


@pytest.fixture
def other_world(db):
    """A second SWV with its own users per role: they must never act in `world`."""
    return make_world(mode="cva", sector="po")


@pytest.fixture
def bto_world(db):
    return make_world(mode="bto", sector="vo")


@pytest.fixture
def steps():
    return tlv_steps
