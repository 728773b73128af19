import pytest

from tests import tlv_steps
from tests.factories import make_world


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings, tmp_path):
    settings.DOCUMENT_ROOT = tmp_path / "documents"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # make_world creates ~15 users; PBKDF2 would cost seconds per world
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
