"""The benchmark run: database, generator, benchmarks a-f, results (JSON + Markdown)."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

from bench import env
from bench.progress import Progress

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def _migrate(progress: Progress) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        progress.step(f"database migreren ({len(plan)} migraties)")
        call_command("migrate", interactive=False, verbosity=0)
        progress.done()


def _meta_get() -> dict:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb NOT NULL)")
        cur.execute("SELECT key, value FROM bench_meta")
        return {k: (json.loads(v) if isinstance(v, str) else v) for k, v in cur.fetchall()}


def _meta_set(**values) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        for k, v in values.items():
            cur.execute(
                "INSERT INTO bench_meta (key, value) VALUES (%s, %s::jsonb)"
                " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                [k, json.dumps(v)],
            )


def run(args, db_name: str) -> int:
    progress = Progress()
    progress.say(f"benchmarkdatabase '{db_name}' (schaal {args.scale:,} casussen)".replace(",", "."))
    created = env.ensure_database(db_name, template=args.template)
    if created:
        origin = f" uit '{args.template}'" if args.template else ""
        progress.say(f"database '{db_name}' aangemaakt{origin}")
    import django

    django.setup()
    _migrate(progress)
    from bench import generate, machine

    meta = _meta_get()
    results: dict = {
        "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "quick": args.quick,
        "database": db_name,
        "machine": machine.describe(),
    }
    if (
        args.reuse
        and meta.get("scale") == args.scale
        and meta.get("generator") == generate.GENERATOR_VERSION
        and meta.get("complete")
    ):
        progress.say("gegevens van deze schaal staan er al (--reuse): genereren overgeslagen")
        results["generator"] = meta.get("generation")
    else:
        progress.say("data genereren")
        _meta_set(complete=False)
        gen = generate.generate(scale=args.scale, seed=args.seed, progress=progress)
        if args.scale <= 20_000:  # the generated chain is a real one: audit_verify accepts it
            from audit.services import verify_chain

            progress.step("auditketen controleren (audit_verify)")
            gen["audit_chain_verified"] = verify_chain().ok
            progress.done(str(gen["audit_chain_verified"]))
        _meta_set(scale=args.scale, generator=generate.GENERATOR_VERSION, complete=True, generation=gen)
        results["generator"] = gen
        progress.say(
            f"gegenereerd: {args.scale:,} casussen in {gen['seconds']:.0f} s, "
            f"{gen['history_rows_per_case']} historieregels per casus, "
            f"{gen['database_bytes'] / 2**30:.2f} GiB".replace(",", ".")
        )
    from bench import benchmarks

    results["benchmarks"] = {}
    for key in args.only:
        t0 = time.perf_counter()
        progress.say(f"benchmark {key}: {benchmarks.TITLES[key]}")
        out = benchmarks.RUNNERS[key](args=args, progress=progress, results=results)
        out["seconds"] = round(time.perf_counter() - t0, 1)
        results["benchmarks"][key] = out
        for line in benchmarks.summary_lines(key, out):
            progress.say(f"  {line}")
    results["finished_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    paths = write_results(results, Path(args.results) if args.results else RESULTS_DIR)
    progress.say("resultaten: " + ", ".join(str(p) for p in paths))
    print()
    print(benchmarks.markdown(results))
    if args.drop:
        from django.db import connections

        connections.close_all()
        env.drop_database(db_name)
        progress.say(f"database '{db_name}' verwijderd")
    return 0


def write_results(results: dict, directory: Path) -> list[Path]:
    from bench import benchmarks

    directory.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    tag = f"{stamp}-scale{results['scale']}{'-quick' if results['quick'] else ''}"
    text = json.dumps(results, indent=2, default=str)
    md = benchmarks.markdown(results)
    paths = [directory / f"{tag}.json", directory / f"{tag}.md"]
    paths[0].write_text(text)
    paths[1].write_text(md)
    if not results["quick"] and set(results.get("benchmarks", {})) == set(benchmarks.RUNNERS):
        (directory / "latest.json").write_text(text)
        (directory / "latest.md").write_text(md)
    return paths
