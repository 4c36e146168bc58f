"""The layers of docs/architecture.md, checked on the source: a module imports only its own layer and those
below it (imports inside functions count too)."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"

# Lowest first. Inside one layer, areas may use each other; nothing may import a higher layer.
LAYERS = (
    {"core", "extensions"},
    {"accounts", "org", "audit"},  # who and where: users, roles, the unit tree, the change log
    {"documents", "jobs"},  # infrastructure the domain areas use: issued PDFs, background jobs
    {"imports", "health"},  # health: does the app server reach its database and job queue
    {"agreements"},
    {"monitoring", "discipline"},
    {"attendance"},  # check-ins to daily statuses; writes discipline's derived monthly recap
    {"awards", "tpp", "workers"},  # employee of the month; the monthly TPP; non-ASN workers (read attendance, …)
    {"scorecards", "home", "demo"},  # on top: what brings every area together (scorecards, home page, demo)
)


def _layer(area: str) -> int:
    return next(i for i, areas in enumerate(LAYERS) if area in areas)


def _imported_areas(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        found |= {name.split(".")[1] for name in names if name.startswith("app.") and name.count(".") >= 1}
    return found


def test_every_area_has_a_layer():
    areas = {p.name for p in APP.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert areas - set().union(*LAYERS) == set()


def test_no_module_imports_a_higher_layer():
    wrong = []
    for path in sorted(APP.rglob("*.py")):
        parts = path.relative_to(APP).parts
        if len(parts) == 1:  # app/__init__.py (the composition root) and app/extensions.py
            continue
        area = parts[0]
        for imported in _imported_areas(path):
            if _layer(imported) > _layer(area):
                wrong.append(f"{path.relative_to(APP.parent)} imports app.{imported}")
    assert wrong == []


def test_no_module_is_over_400_lines():
    long = [f"{p.relative_to(APP.parent)}: {n}" for p in sorted(APP.rglob("*.py"))
            if (n := len(p.read_text().splitlines())) > 420]
    assert long == []
