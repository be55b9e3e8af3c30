"""The Registrering menu: strategy remembered in the settings, fallback, switching database."""

from inventar.models import open_store
from inventar.settings import Settings
from inventar.ui.registration.actions import DEFAULT_STRATEGY


def _window(qtbot, store, settings):
    from inventar.ui.main_window import MainWindow

    window = MainWindow.open(store, settings, lambda target: open_store(target))
    qtbot.addWidget(window)
    return window


def test_broken_remembered_strategy_falls_back_to_the_bundled_one(qtbot, store, tmp_path):
    broken = tmp_path / "strategi.json"
    broken.write_text('{"name": "x", "criteria": [}', encoding="utf-8")
    settings = Settings()
    settings.set("strategy_file", str(broken))
    window = _window(qtbot, store, settings)
    assert window.registration.strategy.source == DEFAULT_STRATEGY.name
    assert "linje 1" in window.statusBar().currentMessage()
    assert "standardstrategien bruges" in window.statusBar().currentMessage()


def test_switching_database_gives_a_form_on_the_new_database(qtbot, demo_store, tmp_path):
    window = _window(qtbot, demo_store, Settings())
    first = window.registration.open_registration()
    assert first.room_combo.count() > 1
    first.close()
    assert window.switch_database(str(tmp_path / "tom.sqlite"))
    second = window.registration.open_registration()
    assert second is not first
    assert second.room_combo.count() == 2  # only "(vælg rum)" and "Nyt rum …": the new database has no rooms yet
    assert second.photo_strip.store.folder == window.store.photo_dir
    second.close()
