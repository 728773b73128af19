"""A tiny run of the benchmark (`python -m bench --scale 300 --quick`) so it cannot rot.

It runs in a database of its own, cloned from this worker's (migrated) test database and dropped at the
end; it checks that every benchmark produced its figure and ratio, and that the generated audit chain
passes audit_verify. No timing is asserted.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.dbcopy import free_template

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # makes pytest-django create the test database even when run alone
def test_a_tiny_benchmark_run_produces_every_figure_with_its_ratio(
    django_db_setup, django_db_blocker, tmp_path
):
    with django_db_blocker.unblock():
        template = connection.settings_dict["NAME"]
        with _admin_connection() as admin:  # CREATE DATABASE ... TEMPLATE needs the template without sessions
            free_template(admin, template)
    name = f"bench_smoke_{os.getpid()}"
    env = {**os.environ, "DOCUMENT_ROOT": str(tmp_path / "documents")}
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "bench", "--scale", "300", "--quick", "--db", name, "--template", template]
            + ["--results", str(tmp_path)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        profiles = [  # python -m bench.profile on the same data: the README's split of route and term time
            subprocess.run(
                [sys.executable, "-m", "bench.profile", what, "-n", n, "--db", name],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            for what, n in (("route", "1"), ("sweep", "5"))
        ]
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # also when the run failed half-way
    assert proc.returncode == 0, proc.stderr[-3000:]
    [result_file] = tmp_path.glob("*-scale300-quick.json")
    results = json.loads(result_file.read_text())
    gen = results["generator"]
    assert gen["rows"]["cases_case"] == 300
    assert gen["audit_chain_verified"] is True
    assert gen["history_rows_per_case"] > 5
    b = results["benchmarks"]
    assert set(b) == {"a", "b", "c", "d", "e", "f"}
    assert b["a"]["ratio_transition_vs_insert_commit"] > 0 and b["a"]["routes_per_second"] > 0
    for user in b["b"]["users"].values():
        sizes = [user[f"page_size_{n}"]["first_page"] for n in (25, 100)]
        assert all(s["ratio_p95_vs_trivial"] > 0 for s in sizes)
        assert sizes[0]["queries"] == sizes[1]["queries"]  # queries do not grow with the page size
    pages = b["b"]["users"]["consulent"]["report_pages"]  # the breach forecast and the targets page
    assert set(pages) == {"vooruitblik", "doelen"}
    assert all(p["ratio_p95_vs_trivial"] > 0 and p["ratio_p95_vs_inbox"] > 0 for p in pages.values())
    assert [lv["steps"] for lv in b["c"]["levels"]] == [lv["due"] for lv in b["c"]["levels"]]
    assert b["c"]["ratio_high_vs_low"] > 0
    assert b["d"]["one_swv_quarter_ms"] > 0 and b["d"]["one_swv_schoolyear_ms"] > 0
    assert b["d"]["national_route_reports_ms"] > 0 and b["d"]["ratio_worst_vs_count"] > 0
    assert b["e"]["ratio_peer_web_vs_ours"] > 0 and b["e"]["peer"]["web"]["tasks_per_route"] == 6
    bare = b["e"]["bare_viewflow"]  # the same flow in plain viewflow: six human tasks, a figure per step
    assert bare["tasks_per_route"] == 6 and b["e"]["ratio_ours_vs_bare_viewflow"] > 0
    assert set(b["e"]["ratio_ours_vs_bare_viewflow_per_step"]) == set(b["a"]["per_step_mean_ms"]) - {
        "document_upload"
    }
    assert b["f"]["web_worker_peak_rss_mib"] > 0 and b["f"]["sweep_peak_rss_mib"] > 0
    assert "Benchmark 300 casussen" in proc.stdout
    for profile, unit in zip(profiles, ("route", "due term"), strict=True):
        assert profile.returncode == 0, profile.stderr[-3000:]
        assert f"per {unit}: " in profile.stdout and "ms PostgreSQL" in profile.stdout, profile.stdout
        assert "statements that cost most" in profile.stdout
    assert name not in {r[0] for r in _databases()}  # dropped


def _admin_connection():
    import psycopg

    settings = connection.settings_dict
    server = {"host": settings["HOST"] or "127.0.0.1", "port": settings["PORT"] or 5432}
    return psycopg.connect(**server, user=settings["USER"], dbname="postgres", autocommit=True)


def _admin(sql: str):
    with _admin_connection() as conn:
        cur = conn.execute(sql)
        return cur.fetchall() if cur.description else None


def _databases():
    return _admin("SELECT datname FROM pg_database")
