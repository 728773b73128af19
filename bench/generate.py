# ruff: noqa: E501  (SQL reads best on long lines)
"""The data generator: N cases across all routes with organisations, people, history, tasks and deadlines.

SYNTHETIC DATA, LOADED IN BULK. This module is the one place in the code base that writes rows without
the services (`cases/services/*`): it fills an empty benchmark database with INSERT ... SELECT over
generate_series (computed inside PostgreSQL, no row goes through Python) and streams the audit chain with
COPY. The rows have the shape the services write (a Case with its route record, viewflow process and
tasks, work items, deadlines, timeline lines, simple-history rows, notifications, and an audit chain whose
hashes `audit_verify` accepts), but nothing here may be used outside the benchmark database.

Shape (per SWV; ~150 SWVs, half PO with a CvA, half VO with a BTO, in 75 regions of ~4.5 gemeenten):
10 boards, 40 schools (32 regular, 8 special), 64 users (beheerder, auditor, 3 consulenten, 4 deskundigen,
3 CvA members, voorzitter, beslisser, screeningsteam, privacy officer, a leerplichtambtenaar per gemeente,
one school user per school). SWV sizes are skewed (the largest has ~5x the average). Cases are opened
uniformly over ten years; those younger than ~6 months are mostly still open (~7 % of all).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import time

from django.db import connection, transaction

from bench.progress import Progress

N_SWV = 150
N_GEMEENTE = 340
N_REGIONS = N_SWV // 2
USERS_PER_SWV = 64
SCHOOLS_PER_SWV = 40
BESTUREN_PER_SWV = 10
# user offsets inside an SWV's block of 64 ids (1-based)
U_BEHEERDER, U_AUDITOR, U_CONSULENT, U_DESKUNDIGE, U_CVA = 1, 2, 3, 6, 10
U_VOORZITTER, U_BESLISSER, U_SCREENING, U_PRIVACY, U_LEERPLICHT, U_SCHOOL = 13, 14, 15, 16, 17, 24
GENERATOR_VERSION = 1

# Every table the generator fills (children first, for TRUNCATE and for the index drop/rebuild).
BIG_TABLES = [
    "audit_auditevent",
    "notifications_notification",
    "cases_caseevent",
    "cases_historicalcase",
    "cases_historicalworkitem",
    "cases_historicaldeadline",
    "cases_historicaltlvaanvraag",
    "cases_historicalthuiszittermelding",
    "cases_workitem",
    "viewflow_task",
    "cases_deadline",
    "cases_tlv",
    "cases_tlvaanvraag",
    "cases_thuiszitterperiode",
    "cases_thuiszittermelding",
    "cases_aanmelding",
    "cases_zorgonderwijsscreening",
    "cases_schakeltraject",
    "viewflow_process",
    "cases_case",
    "cases_leerling",
]


def _exec(sql: str, *, now: dt.datetime | None = None) -> int:
    """Run SQL without parameters (so % is literal); :NOW and :TODAY become the load's moment."""
    if now is not None:
        sql = sql.replace(":NOW", f"'{now.isoformat()}'::timestamptz").replace(
            ":TODAY", f"'{now.date()}'::date"
        )
    with connection.cursor() as cur:
        cur.execute(sql)
        return cur.rowcount


def _scalar(sql: str, params=None):
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchone()[0]


# --- schema helpers: drop secondary indexes around the load, rebuild afterwards ----------------------


def _secondary_indexes(tables: list[str]) -> list[tuple[str, str, str]]:
    """(table, index name, CREATE INDEX statement) for plain (non-constraint) indexes of `tables`."""
    with connection.cursor() as cur:
        cur.execute(
            """
            SELECT i.tablename, i.indexname, i.indexdef
            FROM pg_indexes i
            WHERE i.schemaname = 'public' AND i.tablename = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            ORDER BY i.tablename, i.indexname
            """,
            [tables],
        )
        return list(cur.fetchall())


def _truncate_all() -> None:
    """Empty every application table (keeps migrations, content types and permissions)."""
    keep = {"django_migrations", "django_content_type", "auth_permission", "bench_meta"}
    with connection.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = [t for (t,) in cur.fetchall() if t not in keep]
        # the audit tables refuse TRUNCATE unless the transaction allows it (audit migration 0006)
        with transaction.atomic():
            cur.execute("SET LOCAL audit.allow_truncate = 'on'")
            cur.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")


def _reset_sequences() -> None:
    with connection.cursor() as cur:
        cur.execute(
            """
            SELECT s.relname, t.relname, a.attname
            FROM pg_class s
            JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
            JOIN pg_class t ON t.oid = d.refobjid
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
            WHERE s.relkind = 'S'
            """
        )
        for seq, table, column in cur.fetchall():
            cur.execute(
                f'SELECT setval(%s, GREATEST((SELECT COALESCE(MAX("{column}"), 0) FROM "{table}"), 1))', [seq]
            )


# --- the generator -----------------------------------------------------------------------------------


def generate(*, scale: int, seed: float = 0.42, progress: Progress) -> dict:
    """Fill the (migrated) benchmark database with `scale` cases. Returns row counts and timings."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)

    def step(name, fn, *args):
        t0 = time.perf_counter()
        progress.step(name)
        out = fn(*args)
        timings[name] = round(time.perf_counter() - t0, 2)
        progress.done(f"{timings[name]:.1f} s")
        return out

    with connection.cursor() as cur:
        cur.execute("SET session_replication_role = replica")  # no FK triggers during the load (ours only)
        cur.execute("SET maintenance_work_mem = '256MB'")
        cur.execute("SET synchronous_commit = off")  # this session's load only; the benchmarks run with on
        cur.execute("SELECT setseed(%s)", [seed])
    step("tabellen leegmaken", _truncate_all)
    indexes = _secondary_indexes(BIG_TABLES)
    step(f"{len(indexes)} secundaire indexen weg voor het laden", _drop_indexes, indexes)
    try:
        step("organisaties, scholen, gebruikers, lidmaatschappen", _organisations)
        step("beleidsdoelen per SWV", _targets, now)
        step("leerlingen", _leerlingen, scale)
        step("casussen (plan per casus)", _plan, scale, now)
        step("casussen", _cases)
        step("routerecords (TLV, thuiszitter, zorgplicht, screening, schakel)", _route_records, now)
        step("viewflow-processen en -taken, werkitems", _work, now)
        step("termijnen", _deadlines, now)
        step("tijdlijn (CaseEvent) en simple-history", _history, now)
        step("meldingen", _notifications)
        n_chain = step("auditketen (sha256, COPY)", _audit_chain, progress)
    finally:  # a failed load still leaves the schema whole (the data is then marked incomplete)
        step(f"{len(indexes)} indexen herbouwen", _create_indexes, indexes)
    step("sequences, ANALYZE", _finish)
    with connection.cursor() as cur:
        cur.execute("SET session_replication_role = origin")
        cur.execute("SET synchronous_commit = on")
    counts = row_counts()
    total = round(time.perf_counter() - started, 1)
    history_rows = sum(v for k, v in counts.items() if k.startswith("cases_historical")) + counts.get(
        "audit_historicalbewaartermijn", 0
    )
    return {
        "scale": scale,
        "seconds": total,
        "timings": timings,
        "rows": counts,
        "audit_chain_links": n_chain,
        "history_rows_per_case": round(
            (history_rows + counts["cases_caseevent"] + counts["audit_auditevent"]) / max(scale, 1), 2
        ),
        "database_bytes": _scalar("SELECT pg_database_size(current_database())"),
    }


def row_counts() -> dict[str, int]:
    with connection.cursor() as cur:
        cur.execute("SELECT relname, n_live_tup FROM pg_stat_user_tables")
        estimates = dict(cur.fetchall())
        out = {}
        for table in [*BIG_TABLES, "auth_user", "cases_membership", "cases_school", "cases_swv"]:
            if estimates.get(table, 0) > 200_000:
                out[table] = int(estimates[table])
            else:
                cur.execute(f'SELECT count(*) FROM "{table}"')
                out[table] = cur.fetchone()[0]
        for table in ("cases_historicaldeadline", "cases_historicalworkitem", "cases_historicaltlvaanvraag"):
            out.setdefault(table, int(estimates.get(table, 0)))
    return dict(sorted(out.items()))


def _drop_indexes(indexes) -> None:
    for _table, name, _ddl in indexes:
        _exec(f'DROP INDEX IF EXISTS "{name}"')


def _create_indexes(indexes) -> None:
    for _table, _name, ddl in indexes:
        _exec(ddl.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))


def _finish() -> None:
    _reset_sequences()
    _exec("DROP TABLE IF EXISTS bench_plan")
    _exec("DROP TABLE IF EXISTS bench_items")
    # a database in service is vacuumed (autovacuum): set the visibility map of the tables the access
    # policy and the quarterly report read by index only, as it would be after the load settled
    _exec(
        "VACUUM (ANALYZE) cases_case, cases_workitem, cases_deadline, cases_tlvaanvraag, cases_aanmelding,"
        " cases_thuiszitterperiode, cases_thuiszittermelding, cases_zorgonderwijsscreening, cases_schakeltraject,"
        " cases_bezwaar, cases_tlv"
    )
    _exec("ANALYZE")


def _organisations() -> None:
    s, g = N_SWV, N_GEMEENTE
    _exec(
        f"""
        INSERT INTO cases_swv (id, name, code, sector, decision_mode, tlv_min_months_vo, tlv_max_months_young,
            tlv_max_months, required_documents, bezwaar_advies_verplicht, bezwaar_commissie, pro_criteria,
            tlv_complex_toegestaan, bijna_verlopen_dagen, regio, reviewers, mandate_role, mandate_people,
            advice_mode, routes_off, case_tables_off)
        SELECT i, 'Samenwerkingsverband ' || CASE WHEN i % 2 = 1 THEN 'PO ' ELSE 'VO ' END || i,
            CASE WHEN i % 2 = 1 THEN 'PO ' ELSE 'VO ' END || lpad(i::text, 3, '0'),
            CASE WHEN i % 2 = 1 THEN 'po' ELSE 'vo' END, CASE WHEN i % 2 = 1 THEN 'cva' ELSE 'bto' END,
            12, 24, 96, '[]', true, 'lbt', '{{}}', true, 7, (ARRAY['noord', 'midden', 'zuid'])[1 + i % 3],
            CASE WHEN i % 2 = 1 THEN 1 ELSE 2 END, 'beslisser', '[]', 'taken', '[]', '[]'
        FROM generate_series(1, {s}) i;
        INSERT INTO cases_gemeente (id, name, code)
        SELECT i, 'Gemeente ' || i, 'GM' || lpad(i::text, 4, '0') FROM generate_series(1, {g}) i;
        -- the PO and the VO SWV of a region share its gemeenten
        INSERT INTO cases_gemeente_swvs (gemeente_id, swv_id)
        SELECT gm, sw FROM generate_series(1, {g}) gm, generate_series(1, {s}) sw
        WHERE (gm - 1) % {N_REGIONS} = (sw - 1) / 2;
        INSERT INTO cases_bestuur (id, name, swv_id)
        SELECT (sw - 1) * {BESTUREN_PER_SWV} + b, 'Schoolbestuur ' || sw || '-' || b, sw
        FROM generate_series(1, {s}) sw, generate_series(1, {BESTUREN_PER_SWV}) b;
        """
    )
    # schools: 1-32 regular, 33-36 SO (PO) / VSO (VO), 37-38 SBO (PO) / PrO (VO), 39-40 SO cluster 3
    _exec(
        f"""
        INSERT INTO cases_school (id, name, brin, vestiging, soort, cluster, bestuur_id, swv_id, gemeente_id)
        SELECT sc.id,
            CASE WHEN k <= 32 THEN 'Basisschool ' ELSE 'School ' END || sw || '-' || k,
            chr(65 + (sc.id / 1000)::int) || lpad((sc.id % 1000)::text, 3, '0'), '00',
            CASE WHEN k <= 32 THEN 'regulier'
                 WHEN k <= 36 THEN CASE WHEN sw % 2 = 1 THEN 'so' ELSE 'vso' END
                 WHEN k <= 38 THEN CASE WHEN sw % 2 = 1 THEN 'sbo' ELSE 'pro' END
                 ELSE CASE WHEN sw % 2 = 1 THEN 'so' ELSE 'vso' END END,
            CASE WHEN k BETWEEN 33 AND 36 THEN 4 WHEN k >= 39 THEN 3 END,
            (sw - 1) * {BESTUREN_PER_SWV} + (k % {BESTUREN_PER_SWV}) + 1, sw,
            ((sw - 1) / 2) + 1 + {N_REGIONS} * (k % ((({g} - 1 - ((sw - 1) / 2)) / {N_REGIONS}) + 1))
        FROM generate_series(1, {s}) sw, generate_series(1, {SCHOOLS_PER_SWV}) k,
             LATERAL (SELECT (sw - 1) * {SCHOOLS_PER_SWV} + k AS id) sc;
        """
    )
    # users: a block of 64 per SWV; unusable passwords (the benchmark logs in with force_login)
    roles = _role_of_offset_sql()
    _exec(
        f"""
        INSERT INTO auth_user (id, password, is_superuser, username, first_name, last_name, email, is_staff,
            is_active, date_joined)
        SELECT (sw - 1) * {USERS_PER_SWV} + o, '!', false, 'b' || sw || '-' || r.role || '-' || o,
            initcap(r.role), 'SWV ' || sw, 'b' || sw || '-' || o || '@bench.example', o = {U_BEHEERDER}, true,
            now()
        FROM generate_series(1, {s}) sw, generate_series(1, {USERS_PER_SWV}) o,
             LATERAL ({roles}) r
        WHERE r.role IS NOT NULL;
        INSERT INTO cases_membership (role, swv_id, school_id, gemeente_id, user_id)
        SELECT r.role, sw,
            CASE WHEN r.role = 'school' THEN (sw - 1) * {SCHOOLS_PER_SWV} + (o - {U_SCHOOL}) END,
            CASE WHEN r.role = 'leerplichtambtenaar' THEN ((sw - 1) / 2) + 1 + {N_REGIONS} * (o - {U_LEERPLICHT})
            END,
            (sw - 1) * {USERS_PER_SWV} + o
        FROM generate_series(1, {s}) sw, generate_series(1, {USERS_PER_SWV}) o,
             LATERAL ({roles}) r
        WHERE r.role IS NOT NULL;
        INSERT INTO cases_deskundige (user_id, naam, discipline, swv_id, organisatie)
        SELECT (sw - 1) * {USERS_PER_SWV} + o, 'Deskundige ' || sw || '-' || o,
            (ARRAY['orthopedagoog', 'psycholoog', 'kinderpsychiater', 'pedagoog'])[o - {U_DESKUNDIGE} + 1], sw,
            'Expertisecentrum'
        FROM generate_series(1, {s}) sw, generate_series({U_DESKUNDIGE}, {U_DESKUNDIGE + 3}) o;
        """
    )


def _targets(now: dt.datetime) -> None:
    """Every SWV's targets for the running school year, as in the demo profiles (the targets page)."""
    year = now.year if now.month >= 8 else now.year - 1
    _exec(
        f"""
        INSERT INTO cases_indicatordoel (swv_id, schooljaar, indicator, richting, waarde, peildatum)
        SELECT s.id, {year}, x.indicator, x.richting, x.waarde, x.peildatum
        FROM cases_swv s CROSS JOIN (VALUES
            ('tlv_daling', 'minimaal', 10.0, DATE '{year - 1}-08-01'),
            ('binnen_termijn', 'minimaal', 95.0, NULL::date),
            ('thuiszitters', 'maximaal', 5.0, NULL::date),
            ('po_vso', 'maximaal', 50.0, NULL::date)
        ) AS x(indicator, richting, waarde, peildatum)
        """
    )


def _role_of_offset_sql() -> str:
    """The role of user offset `o` in SWV `sw` (NULL: no user; a leerplichtambtenaar per gemeente)."""
    n_gem = f"((({N_GEMEENTE} - 1 - ((sw - 1) / 2)) / {N_REGIONS}) + 1)"
    return f"""
        SELECT CASE
            WHEN o = {U_BEHEERDER} THEN 'beheerder' WHEN o = {U_AUDITOR} THEN 'auditor'
            WHEN o < {U_DESKUNDIGE} THEN 'consulent' WHEN o < {U_CVA} THEN 'deskundige'
            WHEN o < {U_VOORZITTER} THEN 'cva_lid' WHEN o = {U_VOORZITTER} THEN 'cva_voorzitter'
            WHEN o = {U_BESLISSER} THEN 'beslisser' WHEN o = {U_SCREENING} THEN 'screeningsteam'
            WHEN o = {U_PRIVACY} THEN 'privacy_officer'
            WHEN o <= {U_SCHOOL} THEN CASE WHEN o - {U_LEERPLICHT} < {n_gem} THEN 'leerplichtambtenaar' END
            ELSE 'school' END AS role
    """


def _leerlingen(scale: int) -> None:
    n = max(10, math.ceil(scale * 0.85))
    # SWV sizes are skewed: swv = 1 + floor(150 * u^1.5) makes SWV 1 the largest (~5x the average).
    # BSN i * 7919 mod 999999999 differs for every i below 999999999 (7919 is prime and does not divide
    # it), so no two pupils share one, as the unique constraint per SWV requires; onderwijsnummer stays ''.
    _exec(
        f"""
        INSERT INTO cases_leerling (id, swv_id, voornaam, achternaam, geboortedatum, bsn, onderwijsnummer,
            woongemeente_id, stamschool_id, huidige_plaatsing_id)
        SELECT i, x.sw, 'Leerling', 'L' || i,
            (now() - make_interval(days => CASE WHEN x.sw % 2 = 1 THEN 1460 + (random() * 2900)::int
                                                ELSE 4380 + (random() * 2190)::int END))::date,
            lpad(((i::bigint * 7919) % 999999999)::text, 9, '0'), '',
            ((x.sw - 1) / 2) + 1 + {N_REGIONS} * (x.k % ((({N_GEMEENTE} - 1 - ((x.sw - 1) / 2)) / {N_REGIONS}) + 1)),
            (x.sw - 1) * {SCHOOLS_PER_SWV} + x.k, (x.sw - 1) * {SCHOOLS_PER_SWV} + x.k
        FROM generate_series(1, {n}) i,
             LATERAL (SELECT 1 + floor({N_SWV} * power(random(), 1.5))::int AS sw,
                             1 + floor(random() * 32)::int AS k, i AS dummy) x
        """
    )


def _plan(scale: int, now: dt.datetime) -> None:
    """One row per case with every random decision; every table below is derived from it."""
    n_leerlingen = max(10, math.ceil(scale * 0.85))
    _exec("DROP TABLE IF EXISTS bench_plan")
    _exec("DROP TABLE IF EXISTS bench_items")
    _exec(
        f"""
        CREATE UNLOGGED TABLE bench_plan AS
        WITH base AS (
            SELECT i AS id, 1 + floor(random() * {n_leerlingen})::bigint AS leerling_id, random() AS r_route,
                   random() AS r_age, random() AS r_state, random() AS r_who, random() AS r_due, random() AS r_x
            FROM generate_series(1, {scale}) i
        ), c AS (
            SELECT b.*, l.swv_id, l.stamschool_id AS school_id, l.woongemeente_id AS gemeente_id,
                CASE WHEN b.r_route < 0.60 THEN 'tlv' WHEN b.r_route < 0.75 THEN 'thuiszitter'
                     WHEN b.r_route < 0.85 THEN 'zorgplicht' WHEN b.r_route < 0.92 THEN 'screening'
                     ELSE 'schakel' END AS route,
                :NOW - make_interval(secs => b.r_age * 3650 * 86400) AS opened_at
            FROM base b JOIN cases_leerling l ON l.id = b.leerling_id
        ), o AS (
            SELECT c.*,
                -- open: younger than ~180 days, or 30 % of those between 180 and 400 days
                (c.opened_at > :NOW - interval '180 days'
                 OR (c.opened_at > :NOW - interval '400 days' AND c.r_x < 0.3)) AS is_open
            FROM c
        )
        SELECT o.*,
            CASE WHEN o.is_open THEN NULL
                 ELSE o.opened_at + make_interval(days => 20 + (o.r_due * 150)::int) END AS closed_at,
            CASE o.route
              WHEN 'tlv' THEN CASE WHEN NOT o.is_open THEN
                    CASE WHEN o.r_state < 0.70 THEN 'toegekend' WHEN o.r_state < 0.88 THEN 'afgewezen'
                         WHEN o.r_state < 0.95 THEN 'ingetrokken' ELSE 'buiten_behandeling' END
                  ELSE CASE WHEN o.r_state < 0.10 THEN 'concept' WHEN o.r_state < 0.25 THEN 'ingediend'
                         WHEN o.r_state < 0.33 THEN 'onvolledig' WHEN o.r_state < 0.63 THEN 'deskundigenadvies'
                         WHEN o.r_state < 0.93 THEN 'cva_advies' ELSE 'meer_informatie' END END
              WHEN 'thuiszitter' THEN CASE WHEN NOT o.is_open THEN 'afgesloten'
                  ELSE CASE WHEN o.r_state < 0.15 THEN 'gemeld' WHEN o.r_state < 0.35 THEN 'geregistreerd'
                         WHEN o.r_state < 0.60 THEN 'plan_van_aanpak' WHEN o.r_state < 0.80 THEN 'casusoverleg'
                         WHEN o.r_state < 0.90 THEN 'passend_aanbod' ELSE 'monitoring' END END
              WHEN 'zorgplicht' THEN CASE WHEN o.is_open THEN 'aangemeld'
                  ELSE CASE WHEN o.r_state < 0.75 THEN 'toegelaten' WHEN o.r_state < 0.95 THEN 'elders_geplaatst'
                            ELSE 'geen_plek' END END
              WHEN 'screening' THEN CASE WHEN NOT o.is_open THEN 'afgesloten'
                  ELSE CASE WHEN o.r_state < 0.5 THEN 'aangemeld' WHEN o.r_state < 0.75 THEN 'geadviseerd'
                            ELSE 'geinformeerd' END END
              ELSE CASE WHEN NOT o.is_open THEN 'afgesloten'
                  ELSE CASE WHEN o.r_state < 0.4 THEN 'signaal' WHEN o.r_state < 0.6 THEN 'overleg'
                            ELSE 'proefplaatsing' END END
            END AS state,
            (o.swv_id - 1) * {USERS_PER_SWV} + {U_SCHOOL} + (o.school_id - (o.swv_id - 1) * {SCHOOLS_PER_SWV})
                AS school_user
        FROM o
        """,
        now=now,
    )
    _exec(
        f"""
        ALTER TABLE bench_plan ADD COLUMN node text, ADD COLUMN role text, ADD COLUMN assignee int,
            ADD COLUMN item_school bigint, ADD COLUMN item_gemeente bigint, ADD COLUMN deadline_kind text,
            ADD COLUMN escalation boolean DEFAULT false, ADD COLUMN due_on date;
        UPDATE bench_plan SET (node, role, deadline_kind) = (
          SELECT x.node, x.role, x.kind FROM (VALUES
            ('tlv', 'concept', 'indienen', 'school', NULL),
            ('tlv', 'ingediend', 'volledigheidstoets', 'consulent', NULL),
            ('tlv', 'onvolledig', 'herstel', 'school', 'tlv_hersteltermijn'),
            ('tlv', 'deskundigenadvies', 'deskundigenadvies_1', 'deskundige', 'tlv_beslistermijn'),
            ('tlv', 'cva_advies', 'cva_advies', 'cva', 'tlv_beslistermijn'),
            ('tlv', 'meer_informatie', 'cva_aanvulling', 'school', 'tlv_beslistermijn'),
            ('thuiszitter', 'gemeld', 'registratie', 'consulent', 'thuiszitter_plan'),
            ('thuiszitter', 'geregistreerd', 'plan_van_aanpak', 'school', 'thuiszitter_plan'),
            ('thuiszitter', 'plan_van_aanpak', 'casusoverleg', 'consulent', 'thuiszitter_aanbod'),
            ('thuiszitter', 'casusoverleg', 'passend_aanbod', 'consulent', 'thuiszitter_aanbod'),
            ('thuiszitter', 'passend_aanbod', 'terugkeer', 'school', NULL),
            ('thuiszitter', 'monitoring', 'monitoring', 'consulent', 'thuiszitter_monitoring'),
            ('zorgplicht', 'aangemeld', 'zorgplicht_besluit', 'school', 'zorgplicht'),
            ('screening', 'aangemeld', 'screening', 'screeningsteam', 'screening_termijn'),
            ('screening', 'geadviseerd', 'informeren', 'screeningsteam', NULL),
            ('screening', 'geinformeerd', 'plaatsing', 'school', NULL),
            ('schakel', 'signaal', 'schakeloverleg', 'consulent', NULL),
            ('schakel', 'overleg', 'schakelplan', 'consulent', NULL),
            ('schakel', 'proefplaatsing', 'besluit', 'consulent', 'schakel_proefperiode')
          ) AS x(route, state, node, role, kind)
          WHERE x.route = bench_plan.route AND x.state = bench_plan.state)
        WHERE closed_at IS NULL;
        -- the CvA/BTO advice goes to a member (CvA, PO) or the voorzitter (BTO, VO); a third of the cases in
        -- cva_advies already wait for the besluit
        UPDATE bench_plan SET role = CASE WHEN swv_id % 2 = 1 THEN 'cva_lid' ELSE 'cva_voorzitter' END
        WHERE role = 'cva';
        UPDATE bench_plan SET node = 'besluit', role = 'beslisser' WHERE node = 'cva_advies' AND r_x < 0.33;
        -- who holds the open item: the school user for school tasks; 40 % claimed by a colleague otherwise
        UPDATE bench_plan SET item_school = CASE WHEN role = 'school' THEN school_id END,
            assignee = CASE
              WHEN node = 'indienen' THEN school_user
              WHEN role = 'school' THEN CASE WHEN r_who < 0.6 THEN school_user END
              WHEN r_who >= 0.4 THEN NULL
              WHEN role = 'consulent' THEN (swv_id - 1) * {USERS_PER_SWV} + {U_CONSULENT} + (r_who * 7.5)::int % 3
              WHEN role = 'deskundige' THEN (swv_id - 1) * {USERS_PER_SWV} + {U_DESKUNDIGE} + (r_who * 10)::int % 4
              WHEN role = 'cva_lid' THEN (swv_id - 1) * {USERS_PER_SWV} + {U_CVA} + (r_who * 7.5)::int % 3
              WHEN role = 'cva_voorzitter' THEN (swv_id - 1) * {USERS_PER_SWV} + {U_VOORZITTER}
              WHEN role = 'beslisser' THEN (swv_id - 1) * {USERS_PER_SWV} + {U_BESLISSER}
              WHEN role = 'screeningsteam' THEN (swv_id - 1) * {USERS_PER_SWV} + {U_SCREENING}
            END
        WHERE closed_at IS NULL;
        -- 30 % of the open thuiszitters have been escalated to the leerplichtambtenaar of the woongemeente
        UPDATE bench_plan SET escalation = true, item_gemeente = gemeente_id
        WHERE closed_at IS NULL AND route = 'thuiszitter' AND r_due < 0.3;
        -- the running term of an open step: due between 15 days ago (breached, escalated) and 45 days ahead
        UPDATE bench_plan SET due_on = :TODAY + (r_due * 60)::int - 15
        WHERE closed_at IS NULL AND deadline_kind IS NOT NULL;
        ALTER TABLE bench_plan ADD PRIMARY KEY (id);
        ANALYZE bench_plan;
        """,
        now=now,
    )


def _cases() -> None:
    _exec(
        """
        INSERT INTO cases_case (id, swv_id, leerling_id, school_id, route, reference, opened_at, closed_at,
            created_by_id, resultaat, archiefnominatie, legal_hold, legal_hold_reason)
        SELECT p.id, p.swv_id, p.leerling_id, p.school_id, p.route,
            (CASE p.route WHEN 'tlv' THEN 'TLV' WHEN 'thuiszitter' THEN 'TZ' WHEN 'zorgplicht' THEN 'ZP'
                 WHEN 'screening' THEN 'ZO' ELSE 'SK' END) || '-' || replace(s.code, ' ', '') || '-'
                 || extract(year FROM p.opened_at)::int || '-' || lpad(p.id::text, 7, '0'),
            p.opened_at, p.closed_at, p.school_user, '', '', false, ''
        FROM bench_plan p JOIN cases_swv s ON s.id = p.swv_id
        """
    )


def _route_records(now: dt.datetime) -> None:
    _exec(
        """
        INSERT INTO viewflow_process (id, flow_class, status, created, finished, data)
        SELECT p.id, 'workflows/' || CASE p.route WHEN 'tlv' THEN 'flows.TlvFlow'
                 WHEN 'thuiszitter' THEN 'thuiszitter.ThuiszitterFlow'
                 WHEN 'screening' THEN 'screening.ScreeningFlow' ELSE 'schakel.SchakelFlow' END,
            CASE WHEN p.closed_at IS NULL THEN 'NEW' ELSE 'DONE' END, p.opened_at, p.closed_at, '{}'
        FROM bench_plan p WHERE p.route <> 'zorgplicht';

        INSERT INTO cases_tlvaanvraag (id, case_id, status, gevraagde_soort, gevraagde_categorie,
            gevraagde_cluster, onderbouwing, ingediend_op, volledig_op, ontbrekende_stukken, hersteltermijn_tot,
            cva_uitkomst, cva_soort, cva_categorie, cva_motivering, cva_vraag, cva_op, besluit_soort,
            besluit_cluster, besluit_categorie, ingangsdatum, einddatum, besluit_motivering, besloten_op,
            intrekking_reden, besloten_door_id, cva_door_id, plaatsingsschool_id, process_id)
        SELECT p.id, p.id, p.state, CASE WHEN p.swv_id % 2 = 1 THEN 'so' ELSE 'vso' END, 'laag',
            CASE WHEN p.swv_id % 2 = 1 THEN 4 END, 'Onderbouwing van de aanvraag.',
            CASE WHEN p.state <> 'concept' THEN p.opened_at + interval '3 days' END,
            CASE WHEN p.state NOT IN ('concept', 'ingediend', 'onvolledig')
                 THEN (p.opened_at + interval '7 days')::date END,
            CASE WHEN p.state = 'onvolledig' THEN 'OPP-evaluatie' ELSE '' END,
            CASE WHEN p.state = 'onvolledig' THEN (p.opened_at + interval '21 days')::date END,
            CASE WHEN p.state IN ('toegekend', 'afgewezen') THEN
                 CASE WHEN p.state = 'toegekend' THEN 'toekennen' ELSE 'afwijzen' END ELSE '' END,
            CASE WHEN p.state = 'toegekend' THEN CASE WHEN p.swv_id % 2 = 1 THEN 'so' ELSE 'vso' END ELSE '' END,
            CASE WHEN p.state = 'toegekend' THEN 'laag' ELSE '' END, '', '',
            CASE WHEN p.state IN ('toegekend', 'afgewezen') THEN p.closed_at - interval '5 days' END,
            CASE WHEN p.state = 'toegekend' THEN CASE WHEN p.swv_id % 2 = 1 THEN 'so' ELSE 'vso' END ELSE '' END,
            CASE WHEN p.state = 'toegekend' AND p.swv_id % 2 = 1 THEN 4 END,
            CASE WHEN p.state = 'toegekend' THEN 'laag' ELSE '' END,
            CASE WHEN p.state = 'toegekend' THEN (p.closed_at + interval '30 days')::date END,
            CASE WHEN p.state = 'toegekend' THEN (p.closed_at + interval '30 days' + make_interval(
                 months => CASE WHEN p.r_x < 0.5 THEN 24 ELSE 48 END))::date END,
            CASE WHEN p.state IN ('toegekend', 'afgewezen') THEN 'Motivering van het besluit.' ELSE '' END,
            CASE WHEN p.state IN ('toegekend', 'afgewezen') THEN p.closed_at END,
            CASE WHEN p.state = 'ingetrokken' THEN 'Ingetrokken door de school.' ELSE '' END,
            CASE WHEN p.state IN ('toegekend', 'afgewezen') THEN (p.swv_id - 1) * 64 + 14 END,
            NULL,
            CASE WHEN p.state = 'toegekend' THEN (p.swv_id - 1) * 40 + 33 + (p.id % 4) END,
            p.id
        FROM bench_plan p WHERE p.route = 'tlv';

        INSERT INTO cases_tlv (id, aanvraag_id, case_id, status, soort, cluster, categorie, ingangsdatum,
            einddatum, opvolging, einde_reden, plaatsingsschool_id)
        SELECT a.id, a.id, a.case_id,
            CASE WHEN a.einddatum < :TODAY THEN 'beeindigd' ELSE 'actief' END,
            a.besluit_soort, a.besluit_cluster, a.besluit_categorie, a.ingangsdatum, a.einddatum, '',
            CASE WHEN a.einddatum < :TODAY THEN 'einddatum bereikt' ELSE '' END, a.plaatsingsschool_id
        FROM cases_tlvaanvraag a WHERE a.status = 'toegekend';

        INSERT INTO cases_thuiszittermelding (id, case_id, status, melder, type, officieel, risico, gemeld_op,
            eerste_verzuimdag, toelichting, nieuwkomer, verhuisleerling, geregistreerd_op, periode_nr,
            monitoring_tot, afgesloten_op, bestuur_id, gemeente_id, stamschool_id, process_id)
        SELECT p.id, p.id, p.state,
            (ARRAY['school', 'leerplicht', 'swv'])[1 + (p.r_who * 3)::int % 3],
            (ARRAY['relatief', 'relatief', 'absoluut', 'zorgwekkend', 'vrijstelling'])[1 + (p.r_x * 5)::int % 5],
            p.r_who < 0.8, p.r_due < 0.1, p.opened_at::date, (p.opened_at - interval '30 days')::date, '',
            false, false, CASE WHEN p.state <> 'gemeld' THEN p.opened_at + interval '2 days' END, 1,
            CASE WHEN p.state = 'monitoring' THEN (p.opened_at + interval '200 days')::date END,
            p.closed_at, s.bestuur_id, p.gemeente_id, p.school_id, p.id
        FROM bench_plan p JOIN cases_school s ON s.id = p.school_id WHERE p.route = 'thuiszitter';

        INSERT INTO cases_thuiszitterperiode (melding_id, nr, eerste_verzuimdag, aanbod_op, terugkeer_op)
        SELECT m.id, 1, m.eerste_verzuimdag,
            CASE WHEN m.status IN ('terugkeer', 'monitoring', 'afgesloten', 'passend_aanbod')
                 THEN m.eerste_verzuimdag + 60 END,
            CASE WHEN m.status IN ('monitoring', 'afgesloten') THEN m.eerste_verzuimdag + 75 END
        FROM cases_thuiszittermelding m;

        INSERT INTO cases_aanmelding (id, case_id, status, aangemeld_op, toelichting, verlenging_kennisgeving,
            plek_omschrijving, besloten_op, besloten_door_id, plek_school_id)
        SELECT p.id, p.id, p.state, p.opened_at::date, '', '', '', p.closed_at,
            CASE WHEN p.closed_at IS NOT NULL THEN p.school_user END,
            CASE WHEN p.state = 'toegelaten' THEN p.school_id END
        FROM bench_plan p WHERE p.route = 'zorgplicht';

        INSERT INTO cases_zorgonderwijsscreening (id, case_id, status, herkomst, herkomst_toelichting,
            vrijstelling, toestemming_ouders, toestemming_op, aangemeld_op, toelichting, deelnemers, bevindingen,
            advies, geadviseerd_op, plaatsing, advies_gevolgd, afwijking_motivering, afgesloten_op,
            plaatsing_school_id, process_id)
        SELECT p.id, p.id, p.state,
            (ARRAY['dagbehandeling', 'kdc', 'moc', 'jeugd_ggz', 'overig'])[1 + (p.r_x * 5)::int % 5], '',
            'geen', true, p.opened_at::date, p.opened_at::date, '', '', '',
            CASE WHEN p.state <> 'aangemeld' THEN
                (ARRAY['volledig', 'gedeeltelijk', 'nog_niet'])[1 + (p.r_who * 3)::int % 3] ELSE '' END,
            CASE WHEN p.state <> 'aangemeld' THEN p.opened_at + interval '30 days' END,
            CASE WHEN p.state = 'afgesloten' THEN
                (ARRAY['volledig', 'gedeeltelijk', 'niet'])[1 + (p.r_due * 3)::int % 3] ELSE '' END,
            CASE WHEN p.state = 'afgesloten' THEN true END, '', p.closed_at,
            CASE WHEN p.state = 'afgesloten' THEN (p.swv_id - 1) * 40 + 39 END, p.id
        FROM bench_plan p WHERE p.route = 'screening';

        INSERT INTO cases_schakeltraject (id, case_id, status, soort, bron, signaal_op, signaal_toelichting, plan,
            extra_begeleiding, proef_start, proef_verlengd, uitkomst, besluit_op, besluit_motivering,
            afgesloten_op, huidige_school_id, ontvangende_school_id, process_id)
        SELECT p.id, p.id, p.state,
            CASE WHEN p.swv_id % 2 = 1 THEN (ARRAY['so_po', 'sbo_po', 'po_vso'])[1 + (p.r_x * 3)::int % 3]
                 ELSE (ARRAY['vso_vo', 'vo_vso', 'vso_pro', 'so_vo'])[1 + (p.r_x * 4)::int % 4] END,
            'opp_evaluatie', p.opened_at::date, '', '', '',
            CASE WHEN p.state IN ('proefplaatsing', 'afgesloten') THEN (p.opened_at + interval '20 days')::date END,
            false,
            CASE WHEN p.state = 'afgesloten' THEN CASE WHEN p.r_who < 0.7 THEN 'definitief' ELSE 'terug' END
                 ELSE '' END,
            CASE WHEN p.state = 'afgesloten' THEN (p.closed_at - interval '1 day')::date END, '',
            p.closed_at, p.school_id, (p.swv_id - 1) * 40 + 1 + (p.id % 32), p.id
        FROM bench_plan p WHERE p.route = 'schakel';
        """,
        now=now,
    )


def _work(now: dt.datetime) -> None:
    """viewflow tasks and work items: two finished steps per case, plus the open step of an open case."""
    _exec(
        """
        CREATE UNLOGGED TABLE bench_items AS
        -- finished steps (done): for every case with a process, two; their task ids follow below
        SELECT p.id AS case_id, k AS n, 'done' AS status,
            CASE p.route WHEN 'tlv' THEN (ARRAY['indienen', 'volledigheidstoets'])[k]
                 WHEN 'thuiszitter' THEN (ARRAY['registratie', 'plan_van_aanpak'])[k]
                 WHEN 'zorgplicht' THEN (ARRAY['zorgplicht_besluit', 'zorgplicht_besluit'])[k]
                 WHEN 'screening' THEN (ARRAY['screening', 'informeren'])[k]
                 ELSE (ARRAY['schakeloverleg', 'schakelplan'])[k] END AS node,
            CASE p.route WHEN 'tlv' THEN (ARRAY['school', 'consulent'])[k]
                 WHEN 'thuiszitter' THEN (ARRAY['consulent', 'school'])[k]
                 WHEN 'zorgplicht' THEN 'school' WHEN 'screening' THEN 'screeningsteam'
                 ELSE 'consulent' END AS role,
            p.opened_at + make_interval(days => 2 * k) AS created_at,
            p.opened_at + make_interval(days => 2 * k + 1) AS completed_at,
            NULL::timestamptz AS due_at, false AS escalation
        FROM bench_plan p, generate_series(1, 2) k
        WHERE NOT (p.closed_at IS NULL AND p.state IN ('concept', 'gemeld', 'aangemeld', 'signaal'))
          AND NOT (p.route = 'zorgplicht' AND k = 2)
        UNION ALL
        SELECT p.id, 3, 'open', p.node, p.role, p.opened_at + interval '5 days', NULL,
            -- due dates spread around today: a fifth already late
            :NOW + make_interval(days => (p.r_due * 50)::int - 10), false
        FROM bench_plan p WHERE p.closed_at IS NULL AND p.node IS NOT NULL
        UNION ALL
        SELECT p.id, 4, 'open', 'escalatie_thuiszitter_aanbod', 'leerplichtambtenaar',
            p.opened_at + interval '56 days', NULL,
            :NOW + make_interval(days => (p.r_who * 10)::int - 3), true
        FROM bench_plan p WHERE p.escalation;
        ALTER TABLE bench_items ADD COLUMN id bigserial PRIMARY KEY;
        """,
        now=now,
    )
    _exec(
        f"""
        INSERT INTO viewflow_task (id, flow_task, flow_task_type, status, created, started, finished, token,
            owner_id, process_id, assigned, data)
        SELECT i.id, f.flow_class || '.' || i.node, 'HUMAN',
            CASE WHEN i.status = 'done' THEN 'DONE' WHEN p.assignee IS NULL THEN 'NEW' ELSE 'ASSIGNED' END,
            i.created_at, CASE WHEN i.status = 'done' THEN i.created_at END, i.completed_at, 'start',
            CASE WHEN i.status = 'done' THEN p.school_user ELSE p.assignee END, i.case_id,
            CASE WHEN i.status = 'done' OR p.assignee IS NOT NULL THEN i.created_at END, '{{}}'
        FROM bench_items i JOIN bench_plan p ON p.id = i.case_id
        JOIN viewflow_process f ON f.id = i.case_id
        WHERE NOT i.escalation;

        INSERT INTO cases_workitem (id, case_id, kind, task_id, node, title, role, swv_id, school_id, gemeente_id,
            assignee_id, status, due_at, priority, instructions, created_at, completed_at, completed_by_id,
            deadline_id)
        SELECT i.id, i.case_id, CASE WHEN i.escalation THEN 'escalation' ELSE 'task' END,
            CASE WHEN NOT i.escalation AND p.route <> 'zorgplicht' THEN i.id END, i.node,
            CASE WHEN i.escalation THEN 'Termijn overschreden: 8 weken zonder passend aanbod'
                 ELSE initcap(replace(i.node, '_', ' ')) END,
            i.role, p.swv_id,
            CASE WHEN i.role = 'school' THEN p.school_id END,
            CASE WHEN i.escalation THEN p.gemeente_id END,
            CASE WHEN i.status = 'done' THEN
                     CASE WHEN i.role = 'school' THEN p.school_user
                          ELSE (p.swv_id - 1) * {USERS_PER_SWV} + {U_CONSULENT} END
                 WHEN i.escalation THEN NULL ELSE p.assignee END,
            i.status,
            CASE WHEN i.status = 'open' AND NOT i.escalation AND p.due_on IS NOT NULL
                 THEN p.due_on::timestamptz + interval '1 day' - interval '1 microsecond' ELSE i.due_at END,
            CASE WHEN i.escalation THEN 10 ELSE 0 END, '', i.created_at, i.completed_at,
            CASE WHEN i.status = 'done' THEN
                     CASE WHEN i.role = 'school' THEN p.school_user
                          ELSE (p.swv_id - 1) * {USERS_PER_SWV} + {U_CONSULENT} END END,
            CASE WHEN i.status = 'open' AND NOT i.escalation AND p.due_on IS NOT NULL THEN p.id END
        FROM bench_items i JOIN bench_plan p ON p.id = i.case_id;
        """
    )


def _deadlines(now: dt.datetime) -> None:
    """One term per case (closed for closed cases) and, for every TLV in force, its verlenging signal."""
    _exec(
        """
        CREATE UNLOGGED TABLE bench_deadlines AS
        SELECT p.id, p.id AS case_id, p.due_on AS plan_due_on, COALESCE(p.deadline_kind, CASE p.route WHEN 'tlv' THEN 'tlv_beslistermijn'
                 WHEN 'thuiszitter' THEN 'thuiszitter_aanbod' WHEN 'zorgplicht' THEN 'zorgplicht'
                 WHEN 'screening' THEN 'screening_termijn' ELSE 'schakel_proefperiode' END) AS kind,
            CASE WHEN p.closed_at IS NULL AND p.deadline_kind IS NOT NULL THEN 'running' ELSE 'closed' END AS status,
            (p.opened_at + interval '7 days')::date AS started_on, 42 AS days, p.closed_at,
            p.r_due
        FROM bench_plan p
        UNION ALL
        SELECT (SELECT max(id) FROM bench_plan) + row_number() OVER (ORDER BY t.id), t.case_id, NULL,
            'tlv_verlenging_signaal', 'running', t.ingangsdatum, (t.einddatum - t.ingangsdatum) - 91, NULL, 0.5
        FROM cases_tlv t
        WHERE t.einddatum - 91 > :TODAY;
        """,
        now=now,
    )
    # running terms are never due at load time: due_on lies ahead (or it was breached and escalated);
    # the sweep benchmark makes exactly the number of rows due it measures
    _exec(
        """
        INSERT INTO cases_deadline (id, case_id, kind, label, status, started_on, length, unit, atw,
            warn_fraction, max_extensions, escalate_roles, due_on, warn_on, explanation, next_action_at,
            warned_at, breached_at, closed_at, close_reason, started_because, basis, calendar, regio,
            calendar_incomplete)
        SELECT d.id, d.case_id, d.kind, replace(d.kind, '_', ' '), d.status, d.started_on, d.days,
            'calendar_days', true, 0.75, 1,
            CASE WHEN d.kind = 'tlv_beslistermijn' THEN '["beslisser", "cva_voorzitter"]'
                 WHEN d.kind LIKE 'thuiszitter%' THEN '["leerplichtambtenaar"]' ELSE '["consulent"]' END::jsonb,
            x.due_on, x.warn_on,
            'Uiterlijk ' || to_char(x.due_on, 'DD-MM-YYYY') || ': gestart ' || to_char(d.started_on, 'DD-MM-YYYY')
                || ' + ' || d.days || ' kalenderdagen.',
            CASE WHEN d.status = 'running' THEN
                CASE WHEN x.warn_on > :TODAY THEN x.warn_on::timestamptz
                     WHEN x.due_on >= :TODAY THEN x.due_on::timestamptz + interval '1 day 1 second'
                END END,
            CASE WHEN d.status = 'running' AND x.warn_on <= :TODAY THEN x.warn_on::timestamptz END,
            CASE WHEN d.status = 'running' AND x.due_on < :TODAY THEN x.due_on::timestamptz + interval '1 day' END,
            d.closed_at, CASE WHEN d.status = 'closed' THEN 'stap afgerond' ELSE '' END, '', '', 'atw', '', false
        FROM bench_deadlines d,
             LATERAL (SELECT COALESCE(d.plan_due_on, d.started_on + d.days) AS due_on) y,
             LATERAL (SELECT y.due_on, y.due_on - (d.days / 4) AS warn_on) x;
        DROP TABLE bench_deadlines;
        """,
        now=now,
    )


def _history(now: dt.datetime) -> None:
    """Timeline lines and simple-history rows, as the services write them (an average of ~10 per case
    together with the audit chain)."""
    _exec(
        """
        INSERT INTO cases_caseevent (case_id, kind, at, actor_id, from_state, to_state, action, reason, summary,
            data)
        SELECT w.case_id, CASE WHEN w.kind = 'escalation' THEN 'escalation' ELSE 'task' END, w.created_at,
            NULL, '', '', 'workitem_create', '', 'Nieuwe taak: ' || w.title,
            jsonb_build_object('role', w.role, 'work_item', w.id)
        FROM cases_workitem w WHERE w.status = 'open'
        UNION ALL
        SELECT w.case_id, 'task', w.completed_at, w.completed_by_id, '', '', 'workitem_close', '',
            'Taak afgerond: ' || w.title, jsonb_build_object('work_item', w.id)
        FROM cases_workitem w WHERE w.status = 'done'
        UNION ALL
        SELECT c.id, 'transition', c.closed_at, c.created_by_id, '', 'afgesloten', 'close', '',
            'Casus afgesloten', '{}'
        FROM cases_case c WHERE c.closed_at IS NOT NULL;

        INSERT INTO cases_historicalcase (id, route, reference, opened_at, closed_at, history_date,
            history_change_reason, history_type, created_by_id, history_user_id, leerling_id, school_id, swv_id,
            resultaat, archiefnominatie, legal_hold, legal_hold_reason)
        SELECT c.id, c.route, c.reference, c.opened_at, NULL, c.opened_at, 'aangemaakt', '+',
            c.created_by_id, c.created_by_id, c.leerling_id, c.school_id, c.swv_id, '', '', false, ''
        FROM cases_case c
        UNION ALL
        SELECT c.id, c.route, c.reference, c.opened_at, c.closed_at, c.closed_at, 'afgesloten', '~',
            c.created_by_id, c.created_by_id, c.leerling_id, c.school_id, c.swv_id, '', '', false, ''
        FROM cases_case c WHERE c.closed_at IS NOT NULL;

        INSERT INTO cases_historicalworkitem (id, kind, node, title, role, status, due_at, priority,
            follow_up_at, instructions, created_at, completed_at, idempotency_key, history_date,
            history_change_reason, history_type, assignee_id, case_id, completed_by_id, deadline_id,
            gemeente_id, history_user_id, task_id, school_id, swv_id)
        SELECT w.id, w.kind, w.node, w.title, w.role, w.status, w.due_at, w.priority, NULL, '', w.created_at,
            w.completed_at, NULL, COALESCE(w.completed_at, w.created_at),
            CASE WHEN w.status = 'done' THEN 'afgerond' ELSE 'aangemaakt' END,
            CASE WHEN w.status = 'done' THEN '~' ELSE '+' END, w.assignee_id, w.case_id, w.completed_by_id,
            w.deadline_id, w.gemeente_id, w.completed_by_id, w.task_id, w.school_id, w.swv_id
        FROM cases_workitem w;

        INSERT INTO cases_historicaldeadline (id, kind, label, status, started_on, length, unit, atw,
            warn_fraction, max_extensions, escalate_roles, due_on, warn_on, explanation, next_action_at,
            warned_at, breached_at, closed_at, close_reason, history_date, history_change_reason, history_type,
            case_id, history_user_id, started_because, basis, calendar, regio, calendar_incomplete)
        SELECT d.id, d.kind, d.label, d.status, d.started_on, d.length, d.unit, d.atw, d.warn_fraction,
            d.max_extensions, d.escalate_roles, d.due_on, d.warn_on, d.explanation, d.next_action_at,
            d.warned_at, d.breached_at, d.closed_at, d.close_reason,
            COALESCE(d.closed_at, d.started_on::timestamptz), 'gestart', '+', d.case_id, NULL,
            d.started_because, d.basis, d.calendar, d.regio, d.calendar_incomplete
        FROM cases_deadline d;

        INSERT INTO cases_historicaltlvaanvraag (id, status, gevraagde_soort, gevraagde_categorie,
            gevraagde_cluster, onderbouwing, ingediend_op, volledig_op, ontbrekende_stukken, hersteltermijn_tot,
            cva_uitkomst, cva_soort, cva_categorie, cva_motivering, cva_vraag, cva_op, besluit_soort,
            besluit_cluster, besluit_categorie, ingangsdatum, einddatum, besluit_motivering, besloten_op,
            intrekking_reden, history_date, history_change_reason, history_type, besloten_door_id, case_id,
            cva_door_id, history_user_id, process_id, plaatsingsschool_id)
        SELECT a.id, a.status, a.gevraagde_soort, a.gevraagde_categorie, a.gevraagde_cluster, a.onderbouwing,
            a.ingediend_op, a.volledig_op, a.ontbrekende_stukken, a.hersteltermijn_tot, a.cva_uitkomst,
            a.cva_soort, a.cva_categorie, a.cva_motivering, a.cva_vraag, a.cva_op, a.besluit_soort,
            a.besluit_cluster, a.besluit_categorie, a.ingangsdatum, a.einddatum, a.besluit_motivering,
            a.besloten_op, a.intrekking_reden, COALESCE(a.besloten_op, a.ingediend_op, c.opened_at),
            a.status, '~', a.besloten_door_id, a.case_id, a.cva_door_id, c.created_by_id, a.process_id,
            a.plaatsingsschool_id
        FROM cases_tlvaanvraag a JOIN cases_case c ON c.id = a.case_id;

        INSERT INTO cases_historicalthuiszittermelding (id, status, melder, type, officieel, risico, gemeld_op,
            eerste_verzuimdag, toelichting, nieuwkomer, verhuisleerling, geregistreerd_op, periode_nr,
            monitoring_tot, inspectie_gemeld_op, vrijstelling_op, afgesloten_op, history_date,
            history_change_reason, history_type, bestuur_id, case_id, gemeente_id, history_user_id, process_id,
            stamschool_id)
        SELECT m.id, m.status, m.melder, m.type, m.officieel, m.risico, m.gemeld_op, m.eerste_verzuimdag,
            m.toelichting, m.nieuwkomer, m.verhuisleerling, m.geregistreerd_op, m.periode_nr, m.monitoring_tot,
            m.inspectie_gemeld_op, m.vrijstelling_op, m.afgesloten_op, c.opened_at, m.status, '+', m.bestuur_id,
            m.case_id, m.gemeente_id, c.created_by_id, m.process_id, m.stamschool_id
        FROM cases_thuiszittermelding m JOIN cases_case c ON c.id = m.case_id;
        """
    )


def _notifications() -> None:
    """A new-task notification per work item to its holder (read, except for the open ones)."""
    _exec(
        """
        INSERT INTO notifications_notification (user_id, case_id, kind, title, body, link, created_at, read_at,
            emailed_at, key)
        SELECT w.assignee_id, w.case_id, CASE WHEN w.kind = 'escalation' THEN 'escalation' ELSE 'new_task' END,
            'Nieuwe taak: ' || w.title, 'Er staat een nieuwe taak voor u klaar.', '/taken/' || w.id || '/',
            w.created_at, CASE WHEN w.status = 'done' THEN w.completed_at END, w.created_at,
            'workitem:' || w.id || ':u' || w.assignee_id
        FROM cases_workitem w WHERE w.assignee_id IS NOT NULL
        """
    )


# --- the audit chain: every timeline line chained in time order, hashed exactly as audit.services does -----

# The digest of a line's free text (audit.services.case_event_payload) computed by PostgreSQL: for the
# generated lines (ASCII text; `data` keys whose jsonb order is their sorted order) this is byte for byte
# json.dumps({"data", "reason", "summary"}, sort_keys=True); the test of the benchmark runs audit_verify.
_EVENTS_SQL = """
    SELECT e.id, e.case_id, e.kind, e.action, e.actor_id, e.from_state, e.to_state,
        to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
        encode(sha256(convert_to('{"data": ' || e.data::text || ', "reason": ' || to_json(e.reason)::text
            || ', "summary": ' || to_json(e.summary)::text || '}', 'UTF8')), 'hex')
    FROM cases_caseevent e ORDER BY e.at, e.id
"""


def _audit_chain(progress: Progress) -> int:
    """Stream the timeline in (at, id) order, build each link's canonical JSON and hash, COPY them in."""
    import psycopg
    from django.contrib.auth import get_user_model

    from audit.anchor import link_mac

    names = dict(get_user_model().objects.values_list("pk", "username"))
    total = _scalar("SELECT count(*) FROM cases_caseevent")
    raw = connection.connection  # psycopg 3
    js_cache: dict[str, str] = {}

    def js(value: str) -> str:
        out = js_cache.get(value)
        if out is None:
            out = js_cache[value] = json.dumps(value, ensure_ascii=False)
        return out

    reader = psycopg.connect(**_conninfo(raw))
    prev = "0" * 64
    seq = 0
    buf: list[str] = []
    sha = hashlib.sha256
    try:
        with (
            reader.cursor(name="bench_events") as src,
            raw.cursor() as dst,
            dst.copy(
                "COPY audit_auditevent (seq, at, actor_id, actor_name, action, case_id, payload, prev_hash, hash,"
                " mac) FROM STDIN"
            ) as copy,
        ):
            src.itersize = 50_000
            src.execute(_EVENTS_SQL)
            for ev_id, case_id, kind, action, actor_id, from_state, to_state, at, text_sha in src:
                seq += 1
                event_at = (at[:-7] if at.endswith(".000000") else at) + "+00:00"  # datetime.isoformat()
                payload = (
                    f'{{"case_event":{ev_id},"event_at":"{event_at}","from_state":{js(from_state)},'
                    f'"kind":{js(kind)},"text_sha256":"{text_sha}","to_state":{js(to_state)}}}'
                )
                actor_name = names.get(actor_id, "") if actor_id else ""
                act = f"case_event:{kind}:{action}"[:60]
                body = (
                    f'{{"action":{js(act)},"actor_id":{actor_id if actor_id is not None else "null"},'
                    f'"actor_name":{js(actor_name)},"at":"{at}+00:00","case_id":{case_id},'
                    f'"payload":{payload},"prev_hash":"{prev}","seq":{seq}}}'
                )
                h = sha(body.encode()).hexdigest()
                buf.append(
                    f"{seq}\t{at}+00:00\t{actor_id if actor_id is not None else chr(92) + 'N'}\t{actor_name}\t"
                    f"{act}\t{case_id}\t{payload}\t{prev}\t{h}\t{link_mac(h)}\n"
                )
                prev = h
                if len(buf) >= 20_000:
                    copy.write("".join(buf))
                    buf.clear()
                if seq % 500_000 == 0:
                    progress.tick(seq, total)
            if buf:
                copy.write("".join(buf))
    finally:
        reader.close()
    return seq


def _conninfo(raw) -> dict:
    info = raw.info
    out = {"host": info.host, "port": info.port, "user": info.user, "dbname": info.dbname}
    if info.password:
        out["password"] = info.password
    return out
