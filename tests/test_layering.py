"""The layering contract: only inventar/ui imports Qt; domain and models import no services or UI."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "inventar"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules(*exclude: str):
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).parts
        if relative[0] not in exclude:
            yield pytest.param(path, id="/".join(relative))


@pytest.mark.parametrize("path", list(_modules("ui")))
def test_no_qt_outside_ui(path):
    assert not {n for n in _imports(path) if n.split(".")[0] in ("PySide6", "shiboken6")}, \
        f"{path} imports Qt; only inventar/ui may"


@pytest.mark.parametrize("path", [p for p in _modules() if p.values[0].parent.name in ("domain", "models")])
def test_lower_layers_do_not_import_upper_ones(path):
    bad = {n for n in _imports(path) if n.startswith(("inventar.services", "inventar.ui", "inventar.commands"))}
    assert not bad, f"{path} imports {bad}"
