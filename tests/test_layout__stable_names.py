"""The names other systems and stored rows depend on stay as they are when code moves.

tests/layout_names.json lists every URL name (with its path), every API operation of the OpenAPI schema,
every flow's stored reference and node names, and every database table. In-flight processes keep their
flow reference and node names in the database (viewflow's Process.flow_class and Task.flow_task), so a
moved flow class must keep producing the same reference.

A deliberate change (a new page, API path, node or table) updates the list:
    LAYOUT_NAMES_WRITE=1 .venv/bin/python -m pytest -p no:xdist tests/test_layout__stable_names.py
and the diff of tests/layout_names.json shows what changed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

NAMES_FILE = Path(__file__).with_name("layout_names.json")


def _url_names(patterns=None, prefix="", namespace=""):
    names = {}
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}{p.namespace}:"
            names.update(_url_names(p.url_patterns, prefix + str(p.pattern), ns))
        elif isinstance(p, URLPattern) and p.name:
            names.setdefault(f"{namespace}{p.name}", prefix + str(p.pattern))
    return names


def _api_operations():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        f"{method.upper()} {path} {op.get('operationId', '')}".strip()
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if method in ("get", "post", "put", "patch", "delete", "head", "options")
    )


def _flows():
    from viewflow.workflow.fields import get_flow_ref, get_task_ref

    from workflows.flows import FLOWS

    flows = {}
    for route, flow_class in FLOWS.items():
        nodes = sorted(node.name for node in flow_class.instance.nodes())
        flows[route] = {
            "class": flow_class.__name__,
            "flow_ref": get_flow_ref(flow_class),
            "task_refs": sorted(get_task_ref(flow_class.instance.node(name)) for name in nodes),
            "nodes": nodes,
        }
    return flows


def _tables():
    return sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True)})


def live_names():
    return {
        "url_names": dict(sorted(_url_names().items())),
        "api_operations": _api_operations(),
        "flows": _flows(),
        "db_tables": _tables(),
    }


@pytest.fixture(scope="module")
def names():
    live = live_names()
    if os.environ.get("LAYOUT_NAMES_WRITE"):
        NAMES_FILE.write_text(json.dumps(live, indent=1, ensure_ascii=False) + "\n")
    return live, json.loads(NAMES_FILE.read_text())


def test_url_names_and_paths_are_unchanged(names):
    live, committed = names
    assert live["url_names"] == committed["url_names"]


def test_api_operations_are_unchanged(names):
    live, committed = names
    assert live["api_operations"] == committed["api_operations"]


def test_flow_references_and_node_names_are_unchanged(names):
    live, committed = names
    assert live["flows"] == committed["flows"]


def test_stored_flow_references_still_import(names):
    """A reference stored by an older process still finds its flow class and every node."""
    from viewflow.workflow.fields import import_flow_by_ref, import_task_by_ref

    _, committed = names
    for flow in committed["flows"].values():
        assert import_flow_by_ref(flow["flow_ref"]).__name__ == flow["class"]
        for task_ref in flow["task_refs"]:
            assert import_task_by_ref(task_ref).name == task_ref.rsplit(".", 1)[1]


def test_database_tables_are_unchanged(names):
    live, committed = names
    assert live["db_tables"] == committed["db_tables"]
