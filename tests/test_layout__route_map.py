"""The README's route map matches the tree: every path it names exists, and every route with a flow has a row
whose flow, views and forms are in workflows/<route>/."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _route_map_rows() -> list[list[str]]:
    text = (ROOT / "README.md").read_text()
    section = text.split("### Route map", 1)[1].split("\n#", 1)[0]
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("| ") and not line.startswith("| Route")
    ]


def _paths(cell: str) -> list[str]:
    """Backticked paths of a cell; a bare file name is taken in the folder of the path before it."""
    out, folder = [], ""
    for token in re.findall(r"`([^`]+)`", cell):
        if "*" in token or "<" in token or " " in token:
            if "/" in token:
                folder = token.rsplit("/", 1)[0]
            continue
        if "/" in token:
            folder = token.rstrip("/").rsplit("/", 1)[0] if not token.endswith("/") else token.rstrip("/")
            out.append(token)
        elif token.endswith(".py") and folder:
            out.append(f"{folder}/{token}")
    return out


def test_every_path_in_the_route_map_exists():
    rows = _route_map_rows()
    assert rows
    missing = [p for row in rows for cell in row[1:] for p in _paths(cell) if not (ROOT / p).exists()]
    assert not missing, f"the README's route map names paths that do not exist: {missing}"


def test_every_route_with_a_flow_has_its_folder_in_the_route_map():
    from workflows.flows import FLOWS

    rows = {row[0].split()[0]: row for row in _route_map_rows()}
    for route in FLOWS:
        row = rows[route]
        flow, views, forms = row[3], row[4], row[5]
        assert f"`workflows/{route}/flow.py`" in flow
        assert f"`workflows/{route}/views.py`" in views
        assert f"`workflows/{route}/forms.py`" in forms
        for name in ("flow.py", "views.py", "forms.py"):
            assert (ROOT / "workflows" / route / name).is_file()
        assert (ROOT / "templates" / route).is_dir()


def test_every_module_of_a_route_folder_is_in_its_row():
    """The map is the whole tree of a route: a module added to workflows/<route>/ (tasks.py, actions.py, ...)
    has to be named in that route's row, and a route's service module in cases/services/ too."""
    from workflows.flows import FLOWS

    rows = {row[0].split()[0]: row for row in _route_map_rows()}
    for route in FLOWS:
        named = {p for cell in rows[route][1:] for p in _paths(cell)}
        modules = {
            f"workflows/{route}/{path.name}"
            for path in (ROOT / "workflows" / route).glob("*.py")
            if path.name != "__init__.py"
        }
        assert modules <= named, f"{route}: the route map does not name {sorted(modules - named)}"
        assert f"cases/services/{route}.py" in named
        assert f"cases/models/{route}.py" in named


def test_the_shared_route_machinery_is_named():
    """The paragraph under the map names the shared base every route fills in, and those modules exist."""
    text = (ROOT / "README.md").read_text().split("### Route map", 1)[1].split("\n## ", 1)[0]
    for path in (
        "cases/services/routes.py",
        "workflows/route_pages.py",
        "workflows/route_specs.py",
        "workflows/registry.py",
        "workflows/actions.py",
        "workflows/creation.py",
    ):
        assert f"`{path}`" in text, path
        assert (ROOT / path).is_file(), path
