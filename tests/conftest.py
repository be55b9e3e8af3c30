"""Test set-up: offscreen Qt, a temporary data folder and a fresh SQLite file per test."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from inventar import i18n  # noqa: E402
from inventar.models.database import Store, open_store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PG_URL_BASE = os.environ.get("INVENTAR_TEST_PG", "postgresql://postgres@127.0.0.1:5432")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()) or "qapp" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Never touch the real data folder or settings; Danish by default."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("INVENTAR_HOME", str(home))
    monkeypatch.delenv("INVENTAR_DB", raising=False)
    i18n.set_language("da")
    yield home
    i18n.set_language("da")


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "inventar.sqlite"


@pytest.fixture
def store(db_path) -> Store:
    """A real SQLite database file at the head schema version."""
    opened = open_store(db_path)
    yield opened
    opened.close()


def _pg_admin():
    from peewee import ImproperlyConfigured, PostgresqlDatabase

    db = PostgresqlDatabase("test", host="127.0.0.1", port=5432, user=os.environ.get("PGUSER", "postgres"))
    try:
        db.connect()
    except ImproperlyConfigured:  # no driver for peewee (inventar.db_drivers broken): a failure, not a skip
        raise
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"PostgreSQL on 127.0.0.1:5432 is not reachable: {exc}")
    return db


@pytest.fixture
def pg_url():
    """A throw-away PostgreSQL database on the local server, dropped afterwards."""
    admin = _pg_admin()
    name = f"inventar_test_{uuid.uuid4().hex[:10]}"
    admin.execute_sql(f'CREATE DATABASE "{name}"')
    admin.close()
    yield f"{PG_URL_BASE}/{name}"
    from inventar.models import db_proxy

    if db_proxy.obj is not None and not db_proxy.obj.is_closed():
        db_proxy.obj.close()
    admin = _pg_admin()
    admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()
