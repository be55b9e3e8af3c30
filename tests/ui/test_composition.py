"""The composition root: one session handed down to every window, the menus in their fixed order."""

from __future__ import annotations

import sys

from peewee import OperationalError, PostgresqlDatabase
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow

from inventar.models import open_store
from inventar.services.items.service import current_user
from inventar.session import Session
from inventar.settings import Settings
from inventar.ui import crash
from inventar.ui.menus import LAYOUT, Menus

SEP = "----"
EXPECTED_MENUS = [  # what users see: titles, entries with shortcuts, one line per separator drawn
    ("&Filer", ["&Åbn database … [Ctrl+O]", "Skift &bruger …", "Indlæs &demodata …", "&Database og fotomappe … [Ctrl+Shift+D]",
                "&Eksportér bundt … [Ctrl+Shift+E]", "&Indlæs bundt … [Ctrl+Shift+I]", SEP,
                "&Sikkerhedskopi … [Ctrl+Shift+K]", "&Gendan sikkerhedskopi …", SEP, "&Afslut"]),
    ("&Excel", ["&Eksportér", SEP, "&Importér fra Excel … [Ctrl+I]", "Gem import&skabelon …", SEP,
                "&Behov, norm og indkøb … [Ctrl+B]"]),
    ("&Vis", ["&Søg [Ctrl+F]", "&Opdatér [F5]", "O&verblik … [Ctrl+Shift+O]", "&Etagefordeling … [Ctrl+Shift+F]",
              SEP, "Sprog"]),
    ("&Gennemgang", ["&Gennemgang og beslutninger … [Ctrl+R]", "&Rumgennemgang … [Ctrl+Shift+R]"]),
    ("E&tiketter", ["Udskriv etiketter for &valgte … [Ctrl+P]", "Udskriv alle &ikke-udskrevne … [Ctrl+Shift+P]",
                    "&Fortrykte etiketter (blanke koder) …", SEP, "&Scan etiket [Ctrl+E]"]),
    ("&Registrering", ["&Ny registrering … [Ctrl+N]", "&Rum og dækning … [Ctrl+Shift+M]",
                       "Re&digér genstand …", "S&let genstand …", "&Fortryd sletning [Ctrl+Z]", SEP,
                       "Indlæs registrerings&strategi …", "Brug &standardstrategien"]),
    ("&Hjælp", ["&Tastaturgenveje [F1]", "&Om Inventar"]),
]
EXPORTS = ["&Register … [Ctrl+Shift+X]", "Register med &fotos …", "&Genbrugsliste …", "&Bortskaffelsesliste …",
           "&Indkøbsliste (godkendt genbrug) …", "Indstilling til &direktionen …"]


def _entries(menu) -> list[str]:
    """The entries as drawn: separators collapsed (no two in a row, none first or last)."""
    out: list[str] = []
    for action in menu.actions():
        if action.isSeparator():
            if out and out[-1] != SEP:
                out.append(SEP)
            continue
        key = action.shortcut().toString()
        out.append(f"{action.text()} [{key}]" if key else action.text())
    return out[:-1] if out and out[-1] == SEP else out


def test_every_menu_is_there_in_order_with_its_actions(main_window):
    tops = [action.menu() for action in main_window.menuBar().actions()]
    quit_key = QKeySequence(QKeySequence.StandardKey.Quit).toString()  # none on some platforms
    expected = [(title, [f"{e} [{quit_key}]" if e == "&Afslut" and quit_key else e for e in entries])
                for title, entries in EXPECTED_MENUS]
    assert [(menu.title(), _entries(menu)) for menu in tops] == expected
    assert [main_window.menus.menu(key) for key in LAYOUT] == tops  # found by key, never by title or position
    export = next(a.menu() for a in tops[1].actions() if a.menu() is not None)
    assert _entries(export) == EXPORTS
    language = next(a.menu() for a in tops[2].actions() if a.menu() is not None)
    assert _entries(language) == ["Dansk", "English"]


def test_sections_keep_their_place_whatever_order_features_are_wired_in(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    menus = Menus(window)
    noop = lambda: None  # noqa: E731
    menus.add("help/about", "Om", noop)
    menus.add("file/quit", "Afslut", noop)
    menus.add("file/backup", "Sikkerhedskopi", noop)
    menus.add("file/database", "Åbn", noop, "Ctrl+O")
    menus.add("file/sync", "Bundt", noop)
    menus.add("help/shortcuts", "Genveje", noop)
    assert _entries(menus.menu("file")) == ["Åbn [Ctrl+O]", "Bundt", SEP, "Sikkerhedskopi", SEP, "Afslut"]
    assert _entries(menus.menu("help")) == ["Genveje", "Om"]
    assert [a.text() for a in window.menuBar().actions()] == [title for title, _sections in LAYOUT.values()]


def test_the_session_is_handed_down_to_the_feature_windows(qtbot, main_window):
    session = main_window.session
    assert main_window.store is session.store and main_window.settings is session.settings
    review = main_window.review.review_window()
    assert review.photos is session.photos and review.decisions.user == session.user
    assert main_window.review.review_window() is review  # one per session
    main_window.placement.open_placement()
    assert main_window.placement.placement_window.service is session.placement()
    main_window.placement.placement_window.close()
    dialog = main_window.registration.registration_dialog()
    assert dialog.registration.items is session.items and dialog.registration.photos is session.photo_service
    assert dialog.rooms is session.rooms
    assert main_window.labels.scan.codes is session.label_codes
    assert main_window.model._service is session.items
    review.close()


def test_switching_database_builds_a_new_session(qtbot, main_window, tmp_path, monkeypatch):
    made = []
    original = Session.open.__func__
    monkeypatch.setattr(Session, "open", classmethod(lambda cls, store, settings: made.append(store) or
                                                     original(cls, store, settings)))
    old = main_window.session
    old_review = main_window.review.review_window()
    with qtbot.waitSignal(main_window.session_changed) as changed:
        assert main_window.switch_database(str(tmp_path / "anden.sqlite"))
    new = main_window.session
    assert made == [new.store] and changed.args == [new]
    assert new is not old and new.store.target == str(tmp_path / "anden.sqlite")
    assert new.settings is old.settings and new.user == old.user
    assert old.store.db.is_closed()
    review = main_window.review.review_window()
    assert review is not old_review and review.photos is new.photos
    assert main_window.labels.scan.codes is new.label_codes
    assert main_window.model._service is new.items and main_window.model.total_count == 0
    review.close()


def test_the_user_is_decided_in_one_place(store):
    settings = Settings()
    session = Session.open(store, settings)
    assert session.user == current_user() and session.user_name == ""
    assert session.items.user == session.rooms.user == session.photo_service.user == session.user
    assert "@" in session.label_codes.user  # an unconfigured user signs label series with the device name
    settings.set("user_name", "ulla")
    session = Session.open(store, settings)
    assert session.user == session.items.user == session.label_codes.user == session.placement().user == "ulla"


def test_only_the_composition_root_replaces_the_excepthook(qtbot, store):
    from inventar.ui.app import build_main_window
    from inventar.ui.main_window import MainWindow

    before = sys.excepthook
    plain = MainWindow.open(store, Settings(), open_store)
    qtbot.addWidget(plain)
    assert sys.excepthook is before  # the sync feature's menu no longer touches it
    built = build_main_window(Session.open(store, Settings()), open_store)
    assert sys.excepthook is not before
    built.destroy()
    built.deleteLater()
    qtbot.waitUntil(lambda: sys.excepthook is before)


def test_a_lost_connection_marks_offline_instead_of_an_error_box(qtbot, monkeypatch):
    seen, lost = [], []
    monkeypatch.setattr(sys, "excepthook", lambda *args: seen.append(args[1]))
    owner = QMainWindow()
    qtbot.addWidget(owner)
    db = PostgresqlDatabase("gone", host="127.0.0.1")  # never connected: the server counts as gone
    crash.guard_connection(lambda: db, lambda: lost.append(True), owner)
    sys.excepthook(OperationalError, OperationalError("server closed the connection"), None)
    assert lost == [True] and seen == []
    error = ValueError("noget andet")
    sys.excepthook(ValueError, error, None)
    assert seen == [error]
