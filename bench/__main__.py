"""python -m bench: generate N cases in a benchmark database and run benchmarks a-f with their ratios.

    python -m bench                       # 100 000 cases (the default), every benchmark
    python -m bench --scale 1000000       # national scale (make bench SCALE=1000000)
    python -m bench --scale 300 --quick   # a tiny run (the test suite does this)

The database is DATABASE_URL's server with the database '<name>_bench' (or --db); it is created and
migrated when missing and never a test database. Results: bench/results/<timestamp>-<scale>.json and .md,
plus latest.json / latest.md.
"""

from __future__ import annotations

import argparse
import json
import sys

from bench import env

BENCHMARKS = ("a", "b", "c", "d", "e", "f")


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--scale", type=int, default=100_000, help="number of cases to generate (default 100000)")
    p.add_argument("--quick", action="store_true", help="few repetitions and small sweep levels (smoke test)")
    p.add_argument("--db", default=None, help="benchmark database name (default: <DATABASE_URL name>_bench)")
    p.add_argument("--template", default=None, help="create the database from this (migrated) template")
    p.add_argument("--reuse", action="store_true", help="keep data of the same --scale")
    p.add_argument("--only", default=",".join(BENCHMARKS), help="benchmarks to run, e.g. a,b (default all)")
    p.add_argument("--results", default=None, help="directory for the results (default bench/results)")
    p.add_argument("--seed", type=float, default=0.42, help="random seed of the generator")
    p.add_argument("--sweep-due", type=int, default=None, help="due deadlines in benchmark c (default 10000)")
    p.add_argument("--drop", action="store_true", help="drop the benchmark database at the end")
    p.add_argument("--worker", default=None, help=argparse.SUPPRESS)  # internal: a measuring subprocess
    p.add_argument("--params", default="{}", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.only = [x.strip() for x in args.only.split(",") if x.strip()]
    unknown = set(args.only) - set(BENCHMARKS)
    if unknown:
        p.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    name = env.configure(args.db)
    if args.worker:  # a subprocess that measures one thing and prints JSON (its own peak RSS included)
        import django

        django.setup()
        from bench import workers

        print(json.dumps(workers.run(args.worker, json.loads(args.params))), flush=True)
        return 0
    from bench.runner import run

    return run(args, name)


if __name__ == "__main__":
    sys.exit(main())
