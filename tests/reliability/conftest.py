from tests.reliability.harness import FULL, RESULTS


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not RESULTS.lines:
        return
    tr = terminalreporter
    tr.section(f"reliability ({'full' if FULL else 'short'} run, issue 10)")
    for line in RESULTS.lines:
        tr.line(line)
    tr.line(f"{RESULTS.lost} lost")
    tr.line(f"{RESULTS.duplicated} duplicated")
    tr.line(f"{RESULTS.double_decisions} double decisions")
    if RESULTS.load_errors is not None:
        tr.line(f"{RESULTS.load_errors} load errors")
