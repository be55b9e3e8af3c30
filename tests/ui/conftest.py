import pytest

from inventar.models import open_store
from inventar.services.demo.data import create_demo
from inventar.services.photos.store import PhotoStore
from inventar.settings import Settings


@pytest.fixture
def demo_store(store):
    create_demo(PhotoStore(store.photo_dir), items=60, seed=7)
    return store


@pytest.fixture
def main_window(qtbot, demo_store):
    from inventar.ui.main_window import MainWindow

    window = MainWindow.open(demo_store, Settings(), lambda target: open_store(target))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
