"""The models import nothing above them: loading cases/models/ never loads policies, services, audit or pages.

The FSM `permission=` callables and the audit hooks reach policies and audit through imports inside the
function body, so the import graph has no circle through the domain. This reads the source (ast), follows
every module-level import inside the project, and fails on a path from cases/models/ to a layer above it.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ABOVE_THE_MODELS = (
    "cases.policies",
    "cases.services",
    "cases.views",
    "cases.forms",
    "cases.admin",
    "cases.tasks",
    "audit",
    "workflows",
    "api",
    "notifications",
    "reports",
    "webhooks",
    "parents",
)


def _module_file(name: str) -> Path | None:
    for candidate in (ROOT / f"{name.replace('.', '/')}.py", ROOT / name.replace(".", "/") / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def module_level_imports(path: Path, module: str) -> list[str]:
    """Project modules imported when `module` is loaded (imports in functions and TYPE_CHECKING skipped)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[str] = []

    def visit(statements):
        for node in statements:
            if isinstance(node, ast.Import):
                found.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package
                    for _ in range(node.level - 1):
                        parent = parent.rpartition(".")[0]
                    base = f"{parent}.{base}" if base else parent
                found.append(base)
                found.extend(f"{base}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.If) and not _is_type_checking(node.test):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)
                visit(node.orelse)
                visit(node.finalbody)
            elif isinstance(node, ast.ClassDef):
                visit(node.body)  # a class body runs at import time

    visit(ast.parse(path.read_text()).body)
    loaded = set()
    for name in found:
        parts = name.split(".")
        for i in range(1, len(parts) + 1):  # importing a.b.c loads a and a.b too
            prefix = ".".join(parts[:i])
            if _module_file(prefix):
                loaded.add(prefix)
    return sorted(loaded)


def import_paths_from(start: list[str]) -> dict[str, list[str]]:
    """Every project module reached at import time, with one chain of imports that reaches it."""
    chains = {m: [m] for m in start}
    todo = list(start)
    while todo:
        module = todo.pop()
        for dep in module_level_imports(_module_file(module), module):
            if dep not in chains:
                chains[dep] = [*chains[module], dep]
                todo.append(dep)
    return chains


def _model_modules() -> list[str]:
    return [
        "cases.models" if p.stem == "__init__" else f"cases.models.{p.stem}"
        for p in sorted((ROOT / "cases" / "models").glob("*.py"))
    ]


def _above(module: str) -> bool:
    return any(
        module == layer or module.startswith(layer + ".") or module.startswith(layer + "_")
        for layer in ABOVE_THE_MODELS
    )


def test_models_reach_no_layer_above_them_at_import_time():
    chains = import_paths_from(_model_modules())
    leaks = [" -> ".join(chain) for module, chain in sorted(chains.items()) if _above(module)]
    assert not leaks, "cases/models/ imports a layer above it at module level:\n" + "\n".join(leaks)


def test_the_scan_sees_a_module_level_import(tmp_path):
    source = tmp_path / "probe.py"
    source.write_text(
        "from cases import policies\n"
        "def lazy():\n    from audit import services\n"
        "if TYPE_CHECKING:\n    import workflows\n"
    )
    assert module_level_imports(source, "cases.models.probe") == ["cases", "cases.policies"]
