"""The package's folders stack by role, and imports only point down.

site (the ground) < papers (the .bib's model) < sources (the owner's YAML; the
citation figures name papers) < outputs < commands. handbook/architecture.md
draws the same floors.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[2] / "src" / "academic_site"
FLOORS = ["site", "papers", "sources", "outputs", "commands"]


def _imported_folders(module: Path) -> set[str]:
    """The package folders *module* imports from."""
    folders = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "academic_site" and len(parts) > 1 and parts[1] in FLOORS:
                folders.add(parts[1])
    return folders


def test_every_module_sits_in_a_floor():
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert loose == [], "a module belongs in one of the folders " + ", ".join(FLOORS)


@pytest.mark.parametrize("floor", FLOORS)
def test_imports_point_down(floor):
    allowed = set(FLOORS[: FLOORS.index(floor) + 1])
    upward = {
        f"{module.relative_to(PACKAGE)} imports {sorted(found - allowed)}"
        for module in (PACKAGE / floor).glob("*.py")
        if (found := _imported_folders(module)) - allowed
    }
    assert not upward
