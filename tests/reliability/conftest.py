import json
import os
from pathlib import Path

from tests.reliability.harness import FULL, RESULTS


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not RESULTS.lines:
        return
    tr = terminalreporter
    tr.section(f"reliability ({'full' if FULL else 'short'} run)")
    for line in RESULTS.lines:
        tr.line(line)
    tr.line(f"{RESULTS.lost} lost")
    tr.line(f"{RESULTS.duplicated} duplicated")
    tr.line(f"{RESULTS.double_decisions} double decisions")
    if RESULTS.load_errors is not None:
        tr.line(f"{RESULTS.load_errors} load errors")
    path = os.environ.get("RELIABILITY_RESULTS")
    if path:  # make reliability: the totals go to the summary printed after the load run
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(
            json.dumps(
                {
                    "lost": RESULTS.lost,
                    "duplicated": RESULTS.duplicated,
                    "double_decisions": RESULTS.double_decisions,
                    "attempts": RESULTS.attempts,
                    "failed_tests": exitstatus != 0,
                    "lines": RESULTS.lines,
                }
            )
        )
