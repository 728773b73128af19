"""python -m bench.profile: where the time of a TLV route or of a due term goes, PostgreSQL against Python.

    python -m bench.profile route            # 10 TLV routes through the services (as benchmark a)
    python -m bench.profile sweep -n 1000    # 1 000 due terms through the sweep (as benchmark c)

It runs on data a benchmark run generated (`make bench ...`; the same --db), times every SQL statement with
an execute wrapper, and prints per route or per due term: the wall time, the time spent waiting for
PostgreSQL, the rest (Python: the ORM, viewflow, simple-history, ...), the number of statements, and the
statements that cost most. The README's Performance section quotes it for the targets that are not met.
Like the benchmarks it writes to the benchmark database (routes, escalations); it never runs in a test
database.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict

from bench import env


class StatementTimer:
    """An execute wrapper that adds up the time and count per statement shape (numbers folded)."""

    def __init__(self):
        self.by_shape: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])

    def __call__(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            entry = self.by_shape[re.sub(r"\d+", "N", sql)]
            entry[0] += 1
            entry[1] += time.perf_counter() - t0

    @property
    def statements(self) -> int:
        return sum(int(n) for n, _ in self.by_shape.values())

    @property
    def seconds(self) -> float:
        return sum(t for _, t in self.by_shape.values())


def _route(n: int, out) -> tuple[float, StatementTimer]:
    import itertools

    from bench.routes import actors, one_route

    w = actors()
    if not w.leerlingen:
        raise SystemExit("no generated pupils in SWV 1: run `make bench` (or python -m bench) first")
    pupils = itertools.cycle(w.leerlingen)
    print("warming up (3 routes) ...", file=out, flush=True)
    for _ in range(3):
        one_route(w, next(pupils), {})
    return _timed(lambda: [one_route(w, next(pupils), {}) for _ in range(n)], f"{n} TLV routes", out)


def _sweep(n: int, out) -> tuple[float, StatementTimer]:
    from bench.workers import _make_due
    from cases import clock
    from cases.services.deadlines import sweep_deadlines

    print("warming up (a sweep of 20 due terms) ...", file=out, flush=True)
    warm = clock.now()
    _make_due(20, warm)
    sweep_deadlines(now=warm)
    now = clock.now()
    made = _make_due(n, now)
    return _timed(lambda: sweep_deadlines(now=now), f"a sweep over {made} due terms", out)


def _timed(fn, what: str, out) -> tuple[float, StatementTimer]:
    from django.db import connection

    timer = StatementTimer()
    print(f"{what} ...", file=out, flush=True)
    t0 = time.perf_counter()
    with connection.execute_wrapper(timer):
        fn()
    return time.perf_counter() - t0, timer


def report(kind: str, n: int, wall: float, timer: StatementTimer, top: int) -> str:
    unit = "route" if kind == "route" else "due term"
    per = 1000 / n
    sql_ms, wall_ms = timer.seconds * per, wall * per
    lines = [
        f"per {unit}: {wall_ms:.1f} ms = {sql_ms:.1f} ms PostgreSQL ({timer.statements / n:.1f} statements, "
        f"{1000 * timer.seconds / max(timer.statements, 1):.2f} ms each) + {wall_ms - sql_ms:.1f} ms Python",
        f"statements that cost most (per {unit}):",
    ]
    ranked = sorted(timer.by_shape.items(), key=lambda kv: -kv[1][1])[:top]
    for sql, (count, seconds) in ranked:
        lines.append(f"  {seconds * per:7.2f} ms  {count / n:6.3g} x  {' '.join(sql.split())[:110]}")
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n\n")[0])
    p.add_argument("what", choices=["route", "sweep"])
    p.add_argument("-n", type=int, default=None, help="routes (default 10) or due terms (default 1000)")
    p.add_argument("--db", default=None, help="benchmark database name (default: <DATABASE_URL name>_bench)")
    p.add_argument("--top", type=int, default=12, help="statements to list (default 12)")
    args = p.parse_args(argv)
    n = args.n or (10 if args.what == "route" else 1000)
    env.configure(args.db)
    import django

    django.setup()

    wall, timer = (_route if args.what == "route" else _sweep)(n, sys.stdout)
    print(report(args.what, n, wall, timer, args.top), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
