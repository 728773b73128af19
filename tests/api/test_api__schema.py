"""The OpenAPI document: every operation of /api/v1/ is in it, with its request and response schemas and
its error responses; the docs page serves the assets locally (no CDN) without inline scripts."""

from __future__ import annotations

import functools
import re

import yaml
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from api.forms_adapter import component_name
from workflows import actions, registry


@functools.cache
def _schema():
    """Generated once per test process (it takes a few seconds)."""
    return yaml.safe_load(Client().get("/api/schema/").content)


def _api_routes():
    api = next(p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "api")
    return [
        str(p.pattern)
        for p in api.url_patterns
        if isinstance(p, URLPattern) and p.name not in ("schema", "docs", "not-found")
    ]


def test_every_api_url_is_documented():
    paths = _schema()["paths"]
    documented = {p.removeprefix("/api/") for p in paths}
    for route in _api_routes():
        path = re.sub(r"<int:(\w+)>", lambda m: "{id}" if m[1] == "pk" else f"{{{m[1]}}}", route)
        assert path in documented, route


def test_every_operation_documents_success_errors_and_its_input():
    schema = _schema()
    operations = [(path, method, op) for path, item in schema["paths"].items() for method, op in item.items()]
    assert len(operations) > 50
    for path, method, op in operations:
        codes = set(op["responses"])
        assert codes & {"200", "201"}, (path, method)
        assert {"400", "401", "403", "404"} <= codes, (path, method)
        if method == "post":
            assert "409" in codes and "413" in codes, (path, method)
        assert op.get("summary") or op.get("description") or op.get("operationId"), (path, method)
    assert schema["components"]["securitySchemes"]["tokenAuth"]["scheme"] == "bearer"


def test_each_task_node_and_case_action_has_its_own_input_schema():
    components = _schema()["components"]["schemas"]
    with_input = [spec for spec in registry.all_specs() if spec.form.base_fields]
    for spec in with_input:
        assert component_name(spec.form, spec.name) in components, spec.name
    assert len(components["TaskInputRequest"]["oneOf"]) == len(with_input)
    for name, spec in actions.ACTIONS.items():
        camel = "".join(part.title() for part in name.split("_"))
        if spec.form.base_fields:
            assert component_name(spec.form, f"Actie{camel}") in components, name


def test_the_docs_page_loads_its_assets_locally_without_inline_scripts():
    r = Client().get("/api/docs/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<script>" not in html and "https://" not in html
    assert "script-src 'self'" in r["Content-Security-Policy"]
    script = Client().get("/api/docs/?script=")
    assert script.status_code == 200 and "/api/schema/" in script.content.decode()
