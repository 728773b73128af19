"""Without Chromium the browser journeys skip with a printed reason, except under CI=true: then they fail."""

from tests.e2e.conftest import chromium_status


def test_missing_chromium_skips_outside_ci_and_fails_in_ci():
    assert chromium_status(ci=False, path=None)[0] == "skip"
    status, reason = chromium_status(ci=True, path=None)
    assert status == "fail" and "apt-get install -y chromium" in reason
    assert chromium_status(ci=True, path="/usr/bin/chromium") == ("run", "/usr/bin/chromium")
