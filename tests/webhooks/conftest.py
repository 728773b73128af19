import pytest


@pytest.fixture(autouse=True)
def _local_receivers_allowed(settings):
    """The test receivers listen on plain http on 127.0.0.1: allowed here as an operator would allow a
    receiver on its own network (WEBHOOK_ALLOW_HTTP, WEBHOOK_ALLOWED_NETWORKS). Tests of the address rules
    set their own values."""
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
