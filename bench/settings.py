"""The benchmark's settings: the project's settings plus the bare viewflow peer's app."""

import importlib
import os

_base = importlib.import_module(os.environ.get("BENCH_BASE_SETTINGS", "config.settings"))
globals().update({k: v for k, v in vars(_base).items() if k.isupper()})

INSTALLED_APPS = [*_base.INSTALLED_APPS, "bench.viewflow_peer"]
