"""The guards run with the tests: import-linter's contracts (pyproject.toml), ruff, and the one Qt exception."""

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "inventar"
BIN = Path(sys.executable).parent
# The modules below the GUI allowed to import Qt to paint PDFs (declared in pyproject's "No Qt below the GUI"
# contract): QtCore and QtGui only.
QT_PAINTERS = [PACKAGE / "services" / "labels" / "sheet.py", PACKAGE / "services" / "review" / "board_pdf.py",
               PACKAGE / "services" / "placement" / "plan_picture.py", PACKAGE / "services" / "pdf_file.py"]


def _tool(name: str) -> str:
    path = BIN / name
    if not path.exists() and (BIN / f"{name}.exe").exists():
        path = BIN / f"{name}.exe"  # Windows venvs
    if not path.exists():
        pytest.fail(f"{name} is not installed beside {sys.executable}: install the [test] extra")
    return str(path)


def _run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **env})


def test_import_contracts_are_kept():
    result = _run([_tool("lint-imports"), "--no-cache"], ROOT, PYTHONPATH=str(ROOT))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_ruff_finds_nothing():
    result = _run([_tool("ruff"), "check", "--no-cache", "."], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_qt_contract_can_fail(tmp_path):
    """A widget import under inventar/services breaks "No Qt below the GUI": the guard is not toothless."""
    shutil.copytree(PACKAGE, tmp_path / "inventar", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "inventar" / "services" / "widgets_here.py").write_text(
        "from PySide6.QtWidgets import QLabel\n", encoding="utf-8")
    result = _run([_tool("lint-imports"), "--no-cache"], tmp_path, PYTHONPATH=str(tmp_path))
    assert result.returncode != 0, result.stdout + result.stderr
    assert "No Qt below the GUI BROKEN" in " ".join(result.stdout.split()), result.stdout
    assert "inventar.services.widgets_here -> PySide6" in result.stdout


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_declared_exceptions_are_exactly_the_pdf_painters():
    declared = set(re.findall(r'"(inventar\.[\w.]+) -> PySide6"', (ROOT / "pyproject.toml").read_text(encoding="utf-8")))
    assert declared == {".".join(p.relative_to(ROOT).with_suffix("").parts) for p in QT_PAINTERS}


@pytest.mark.parametrize("path", QT_PAINTERS, ids=lambda p: p.stem)
def test_the_pdf_painters_use_only_qtcore_and_qtgui(path):
    """The declared exceptions paint PDFs with QtGui: no widgets, no other Qt module, no shiboken."""
    qt = {n for n in _imports(path) if n.split(".")[0] in ("PySide6", "shiboken6")}
    assert qt, f"{path} no longer uses Qt: drop its exception from pyproject.toml"
    modules = {".".join(n.split(".")[:2]) for n in qt}
    assert modules <= {"PySide6.QtCore", "PySide6.QtGui"}, f"{path} imports {sorted(modules)}"


def _outside_ui():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).parts
        if relative[0] != "ui":
            yield pytest.param(path, id="/".join(relative))


@pytest.mark.parametrize("path", list(_outside_ui()))
def test_no_widgets_outside_ui(path):
    widgets = {n for n in _imports(path) if n == "PySide6.QtWidgets" or n.startswith("PySide6.QtWidgets.")}
    assert not widgets, f"{path} imports PySide6.QtWidgets; only inventar/ui may"
