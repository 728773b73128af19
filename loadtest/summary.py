"""The last lines of `make reliability`: the totals of the race/fault run and the load run, as
they were counted (tests/reliability writes one JSON file, loadtest.run the other). Exit 1 unless all 0."""

import json
import sys
from pathlib import Path


def main(argv=None):
    argv = argv or sys.argv[1:]
    runs, load = (json.loads(Path(p).read_text()) for p in argv)
    print("==> reliability")
    for line in runs["lines"]:
        print(f"  {line}")
    totals = {
        "lost": runs["lost"],
        "duplicated": runs["duplicated"],
        "double decisions": runs["double_decisions"],
        "load errors": load["load_errors"],
    }
    for name, value in totals.items():
        print(f"{value} {name}")
    return 1 if any(totals.values()) or runs["failed_tests"] else 0


if __name__ == "__main__":
    sys.exit(main())
