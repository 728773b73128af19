# ruff: noqa: E501  (SQL and report lines read best unbroken)
"""Small helpers for timing: percentiles, peak RSS, a bare INSERT+COMMIT baseline."""

from __future__ import annotations

import resource
import statistics
import time


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of `values`."""
    if not values:
        return 0.0
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def summary_ms(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "mean_ms": round(statistics.fmean(ms), 2) if ms else 0.0,
    }


def peak_rss_mib() -> float:
    """Peak resident set size of this process in MiB: VmHWM of /proc/self/status (the high-water mark of this
    program's own memory). getrusage's ru_maxrss is not used where /proc is available: Linux carries the
    parent's peak over a fork + exec, so every measuring subprocess would report at least the runner's peak."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)  # kB
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def insert_commit_baseline(n: int) -> dict:
    """The cost of one bare single-row INSERT + COMMIT through the same Django connection."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS bench_ping (id bigserial PRIMARY KEY, at timestamptz NOT NULL, note text NOT NULL)"
        )
        for _ in range(max(3, n // 10)):  # warm-up
            cur.execute("INSERT INTO bench_ping (at, note) VALUES (now(), 'warm')")
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            cur.execute("INSERT INTO bench_ping (at, note) VALUES (now(), 'ping')")  # autocommit: one COMMIT
            times.append(time.perf_counter() - t0)
        cur.execute("TRUNCATE bench_ping")
    return summary_ms(times)
