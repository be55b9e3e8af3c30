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
def app_settings():
    """The settings the main window fixture opens with (a test folder may override this fixture)."""
    return Settings()


@pytest.fixture
def forget_unsaved():
    """Run before the main window fixture closes the window; None: an ordinary close (which may ask)."""
    return None


@pytest.fixture
def main_window(qtbot, demo_store, app_settings, forget_unsaved):
    from inventar.ui.main_window import MainWindow

    window = MainWindow.open(demo_store, app_settings, lambda target: open_store(target))
    qtbot.addWidget(window, before_close_func=forget_unsaved)
    window.show()
    qtbot.waitExposed(window)
    return window
