# ruff: noqa: E501  (SQL and report lines read best unbroken)
"""Measuring subprocesses (python -m bench --worker NAME): a web worker serving the inboxes, and the sweep.

Each runs in its own process so that its peak RSS (benchmark f) is its own, and prints one JSON object.
"""

from __future__ import annotations

import datetime as dt
import re
import time

from bench.stats import peak_rss_mib, summary_ms


def run(name: str, params: dict) -> dict:
    return {"inbox": inbox, "sweep": sweep}[name](**params)


# --- (b) inboxes ---------------------------------------------------------------------------------------

_NEXT = re.compile(r'<a href="([^"]+)">(?:Volgende|Next)</a>')


def _next_link(html: str, section_id: str) -> str | None:
    part = html.split(f'id="{section_id}"', 1)
    if len(part) < 2:
        return None
    part = part[1].split("</section>", 1)[0]
    m = _NEXT.search(part)
    return m.group(1).replace("&amp;", "&") if m else None


def inbox(
    *,
    users: list[list[str]],
    page_sizes: list[int],
    requests: int,
    warmup: int,
    deep: int,
    report_pages: list[list[str]] | None = None,
) -> dict:
    """p50/p95 server time of the inbox page (Mijn taken + Werkvoorraad) per user and page size, its first
    page and a page `deep` pages into the werkvoorraad; queries per request; a trivial request as baseline.
    `report_pages` ([name, url] pairs: the breach forecast, the targets page) are measured the same way for
    the first user, against the same baseline and the inbox's first page."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    import config.wsgi  # noqa: F401  (start like a web worker: the app loaded and its objects frozen)

    out: dict = {"users": {}}
    with override_settings(ROOT_URLCONF="bench.urls"):
        for label, username in users:
            user = get_user_model().objects.get(username=username)
            client = Client()
            client.force_login(user)

            def measure(url, client=client):
                for _ in range(warmup):
                    assert client.get(url).status_code == 200, url
                times = []
                for _ in range(requests):
                    t0 = time.perf_counter()
                    response = client.get(url)
                    times.append(time.perf_counter() - t0)
                    assert response.status_code == 200, url
                with CaptureQueriesContext(connection) as q:
                    response = client.get(url)
                result = summary_ms(times)
                result["queries"] = len(q.captured_queries)
                return result, response.content.decode()

            per_user: dict = {"username": username}
            base, _ = measure("/bench/leeg/")
            per_user["baseline_trivial_request"] = base
            for size in page_sizes:
                first, html = measure(f"/taken/?n={size}")
                first["ratio_p95_vs_trivial"] = round(first["p95_ms"] / base["p95_ms"], 1)
                entry = {"first_page": first}
                url, hops = f"/taken/?n={size}", 0
                while hops < deep:
                    link = _next_link(html, "h-voorraad")
                    if link is None:
                        break
                    url = "/taken/" + link if link.startswith("?") else link
                    html = client.get(url).content.decode()
                    hops += 1
                if hops:
                    later, _ = measure(url)
                    later["ratio_p95_vs_trivial"] = round(later["p95_ms"] / base["p95_ms"], 1)
                    later["page"] = hops + 1
                    entry["werkvoorraad_later_page"] = later
                per_user[f"page_size_{size}"] = entry
            if report_pages and label == users[0][0]:
                inbox_p95 = per_user[f"page_size_{page_sizes[0]}"]["first_page"]["p95_ms"]
                pages = {}
                for name, url in report_pages:
                    page, _ = measure(url)
                    page["url"] = url
                    page["ratio_p95_vs_trivial"] = round(page["p95_ms"] / base["p95_ms"], 1)
                    page["ratio_p95_vs_inbox"] = round(page["p95_ms"] / inbox_p95, 2) if inbox_p95 else None
                    pages[name] = page
                per_user["report_pages"] = pages
            out["users"][label] = per_user
    out["peak_rss_mib"] = peak_rss_mib()
    return out


# --- (c) the sweep ---------------------------------------------------------------------------------------


def _open_deadlines() -> int:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM cases_deadline WHERE status = 'running' AND next_action_at IS NOT NULL"
        )
        return cur.fetchone()[0]


def _remove_filler() -> int:
    """Remove the not-yet-due terms an earlier sweep benchmark added (they have no steps or work items)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "DELETE FROM cases_deadline WHERE kind = 'tlv_verlenging_signaal'"
            " AND explanation = 'synthetisch (benchmark)'"
        )
        return cur.rowcount


def _top_up(target: int) -> int:
    """Add not-yet-due running terms (verlenging signals of TLVs in force) until `target` are open."""
    from django.db import connection

    missing = target - _open_deadlines()
    if missing <= 0:
        return 0
    with connection.cursor() as cur:
        cur.execute("SELECT max(id) FROM cases_case")
        n_cases = cur.fetchone()[0]
        cur.execute(
            """
            INSERT INTO cases_deadline (case_id, kind, label, status, started_on, length, unit, atw, warn_fraction,
                max_extensions, escalate_roles, due_on, warn_on, explanation, next_action_at, close_reason,
                started_because, basis, calendar, regio, calendar_incomplete)
            SELECT 1 + floor(random() * %s)::bigint, 'tlv_verlenging_signaal', 'signaal verlenging TLV', 'running',
                current_date - 400, x.days, 'calendar_days', false, 0.75, 0, '["consulent"]', x.due,
                x.due - 30, 'synthetisch (benchmark)', x.due::timestamptz - interval '30 days', '', '', '', 'atw', '', false
            FROM generate_series(1, %s) i,
                 LATERAL (SELECT current_date + 31 + (random() * 900)::int AS due, 500 AS days, i AS dummy) x
            """,
            [n_cases, missing],
        )
        cur.execute("ANALYZE cases_deadline")
    return missing


def _make_due(n: int, now: dt.datetime) -> int:
    """`n` running beslistermijnen of open TLV cases that are due now: half at their warning, half breached."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            """
            WITH open_tlv AS (
                SELECT id, row_number() OVER () AS rn FROM cases_case WHERE route = 'tlv' AND closed_at IS NULL
            ), n AS (SELECT count(*) AS c FROM open_tlv)
            INSERT INTO cases_deadline (case_id, kind, label, status, started_on, length, unit, atw, warn_fraction,
                max_extensions, escalate_roles, due_on, warn_on, warned_at, explanation, next_action_at, close_reason,
                started_because, basis, calendar, regio, calendar_incomplete)
            SELECT o.id, 'tlv_beslistermijn', 'beslistermijn TLV', 'running', %(today)s - 40, 6, 'weeks', true, 0.75,
                1, '["beslisser", "cva_voorzitter"]',
                CASE WHEN i %% 2 = 0 THEN %(today)s + 7 ELSE %(today)s - 1 END,
                CASE WHEN i %% 2 = 0 THEN %(today)s ELSE %(today)s - 10 END,
                CASE WHEN i %% 2 = 0 THEN NULL ELSE %(now)s - interval '10 days' END,
                'synthetisch (benchmark)', %(now)s - interval '1 minute', '', '', '', 'atw', '', false
            FROM generate_series(1, %(n)s) i CROSS JOIN n JOIN open_tlv o ON o.rn = 1 + (i %% n.c)
            """,
            {"today": now.date(), "now": now, "n": n},
        )
        return cur.rowcount


def _select_ms(now: dt.datetime, batch: int) -> float:
    """The sweep's own batch query (SELECT ... FOR UPDATE SKIP LOCKED), timed and rolled back."""
    from django.db import transaction

    from cases.models import Deadline

    with transaction.atomic():
        t0 = time.perf_counter()
        list(
            Deadline.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(next_action_at__lte=now, status=Deadline.Status.RUNNING)
            .select_related("case", "case__swv")
            .order_by("next_action_at")[:batch]
        )
        elapsed = time.perf_counter() - t0
        transaction.set_rollback(True)
    return round(elapsed * 1000, 2)


def sweep(*, due: int, levels: list[int]) -> dict:
    """Time one sweep over `due` due deadlines among `level` open ones, for each level."""
    from django.conf import settings

    from cases import clock
    from cases.services.deadlines import sweep_deadlines

    out: dict = {"due": due, "levels": []}
    _remove_filler()  # a rerun (--reuse) starts again from the generated open terms
    # warm-up: the first sweep of a process imports the notification and escalation code (seconds)
    warm = clock.now()
    _make_due(min(20, due), warm)
    sweep_deadlines(now=warm)
    for level in levels:
        added = _top_up(level - due)
        now = clock.now()
        made = _make_due(due, now)
        open_now = _open_deadlines()
        select_ms = _select_ms(now, settings.SWEEP_BATCH_SIZE)
        t0 = time.perf_counter()
        steps = sweep_deadlines(now=now)
        seconds = time.perf_counter() - t0
        out["levels"].append(
            {
                "open_deadlines": open_now,
                "filler_added": added,
                "due": made,
                "steps": steps,
                "seconds": round(seconds, 2),
                "per_due_ms": round(1000 * seconds / max(made, 1), 2),
                "batch_select_ms": select_ms,
            }
        )
    out["peak_rss_mib"] = peak_rss_mib()
    return out
