"""What the start of the app loads: the main window opens without the heavy libraries and feature windows
it does not show, and PostgreSQL still works although its driver is not imported with peewee.

Each check runs in a fresh process (the test process has imported everything long ago): the real GUI start
(``inventar.cli.main`` with no command, offscreen, ``INVENTAR_EXIT_AFTER_SHOW``) and then a look at
``sys.modules``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from inventar.services.demo.data import create_demo
from inventar.services.photos.store import PhotoStore

ROOT = Path(__file__).resolve().parent.parent

# Loaded when first used, never by opening the main window (each costs the start 20-300 ms).
HEAVY = {
    "psycopg", "psycopg2", "psycopg_binary",  # PostgreSQL: only for a postgresql:// database
    "numpy", "ortools", "highspy",  # the optimiser
    "openpyxl",  # Excel
    "zxingcpp", "PIL", "pillow_heif",  # labels and photo import
    "PySide6.QtCharts", "PySide6.QtMultimedia", "PySide6.QtHttpServer", "PySide6.QtPrintSupport",
    "PySide6.QtPdf", "PySide6.QtSvg",
}
FEATURE_WINDOWS = {
    "inventar.ui.labels.dialog", "inventar.ui.registration.dialog", "inventar.ui.rooms.dialog",
    "inventar.ui.review.window", "inventar.ui.placement.window", "inventar.ui.placement.stack_diagram",
    "inventar.ui.dashboard.window", "inventar.ui.sync.bundle_report", "inventar.ui.sync.conflict_dialog",
    "inventar.services.sync.bundle", "inventar.services.backup.archive", "inventar.services.placement.service",
    "inventar.services.excel.exports", "inventar.services.labels.sheet",
}

START = """
import json, sys
{preload}
from inventar.cli import main
code = main(["--db", sys.argv[1]])
print("RESULT=" + json.dumps({{"code": code, "modules": sorted(sys.modules)}}))
"""


def _start(tmp_path: Path, database: Path, preload: str = "") -> tuple[str, set[str]]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INVENTAR_EXIT_AFTER_SHOW": "1",
           "INVENTAR_HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, "-c", START.format(preload=preload), str(database)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.split("RESULT=", 1)[1])
    assert found["code"] == 0, result.stderr
    return result.stdout, set(found["modules"])


def _loaded(modules: set[str], names: set[str]) -> set[str]:
    return {m for m in modules if m in names or any(m.startswith(name + ".") for name in names)}


def test_the_main_window_opens_without_heavy_libraries_or_feature_windows(tmp_path, store):
    create_demo(PhotoStore(store.photo_dir), items=40, seed=3)
    output, modules = _start(tmp_path, Path(store.db.database))
    assert "items=40" in output  # the window was shown with the items
    assert "inventar.ui.main_window" in modules and "PySide6.QtWidgets" in modules
    assert _loaded(modules, HEAVY) == set()
    assert _loaded(modules, FEATURE_WINDOWS) == set()


def test_the_start_check_sees_a_heavy_import(tmp_path, store):
    """The check above is not toothless: a start that imports zxing-cpp is caught."""
    _output, modules = _start(tmp_path, Path(store.db.database), preload="import zxingcpp")
    assert "zxingcpp" in _loaded(modules, HEAVY)


PG_SESSION = """
import sys
import inventar
assert "psycopg" not in sys.modules, "peewee brought psycopg along"
from peewee import IntegrityError
from inventar.domain.items import ItemData
from inventar.models import Item, open_store
from inventar.services.items.service import ItemService
store = open_store(sys.argv[1])  # an empty database: the schema is created in one transaction
assert store.is_postgres and "psycopg" in sys.modules
service = ItemService(user="test")
first = service.create(ItemData(category="chair", title="Myren"), label_code="HTK-PG0001-X")
try:
    with store.db.atomic():  # a failing transaction is rolled back and the connection stays usable
        Item.create(category="desk", title="Ghost")
        service.create(ItemData(category="chair", title="Twin"), label_code="HTK-PG0001-X")
except Exception:
    pass
print("TITLES=" + ",".join(sorted(i.title for i in Item.select())))
store.close()
"""


def test_postgresql_loads_its_driver_when_a_database_is_opened(tmp_path, pg_url):
    result = subprocess.run([sys.executable, "-c", PG_SESSION, pg_url], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "INVENTAR_HOME": str(tmp_path / "home")})
    assert result.returncode == 0, result.stderr
    assert "TITLES=Myren\n" in result.stdout
