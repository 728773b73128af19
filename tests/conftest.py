import pytest

from tests import tlv_steps
from tests.factories import make_world


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings, tmp_path):
    settings.DOCUMENT_ROOT = tmp_path / "documents"


@pytest.fixture
def world(db):
    return make_world(mode="cva", sector="po")


@pytest.fixture
def bto_world(db):
    return make_world(mode="bto", sector="vo")


@pytest.fixture
def steps():
    return tlv_steps
