"""The sync tests' two SQLite databases: a laptop and the office."""

import pytest

from inventar.models import open_store


@pytest.fixture
def laptop(tmp_path):
    store = open_store(tmp_path / "laptop.sqlite")
    yield store
    store.close()


@pytest.fixture
def office(tmp_path):
    store = open_store(tmp_path / "office.sqlite")
    yield store
    store.close()
