"""The composition root: settings, language, error handling, the database session and the main window.

:func:`run_gui` makes the one :class:`~inventar.session.Session` (store, settings, user, services) and
:func:`build_main_window` the window on it, with the error handling that belongs to the window.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sqlite3
import sys
import threading
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from inventar import APP_NAME, ORG_NAME, __version__
from inventar.i18n import _, language, set_language
from inventar.models.database import DatabaseOpenError, Store, open_store
from inventar.paths import asset_path, data_dir, default_database
from inventar.session import Session
from inventar.settings import Settings
from inventar.ui import crash

if TYPE_CHECKING:
    from inventar.ui.main_window import MainWindow, StoreOpener

log = logging.getLogger(__name__)
ENV_EXIT_AFTER_SHOW = "INVENTAR_EXIT_AFTER_SHOW"  # benchmarks: print start-up time and quit
# Housekeeping (the rolling backup, the photo folder's leftovers) starts this long after the window is shown:
# a thread running beside the start-up holds Python's lock half the time and delays the first window.
HOUSEKEEPING_DELAY_MS = 1500


def collect_from_now_on() -> None:
    """Garbage collection on again after the start (:func:`inventar.cli.main` turns it off for the GUI).

    What the start made lives as long as the app (modules, widgets, the item list): frozen, later
    collections leave it alone, so no keystroke waits for a walk through all of it."""
    gc.freeze()
    gc.enable()


def in_background_later(work, name: str) -> None:
    """Run ``work`` on its own (daemon) thread once the window had its time to appear."""
    QTimer.singleShot(HOUSEKEEPING_DELAY_MS, lambda: threading.Thread(target=work, name=name, daemon=True).start())


# Texts Qt 6's own Danish catalogue lacks (its file dialog labels gained mnemonics the catalogue does not have)
QT_DANISH_GAPS = {
    ("QFileDialog", "&Look in:"): "&Kig i:",  # i18n: ignore
    ("QFileDialog", "Files of &type:"): "Fil&type:",  # i18n: ignore
}


class QtGapsTranslator(QTranslator):
    """Fills the few gaps of Qt's Danish catalogue (installed after it, so asked first)."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        return QT_DANISH_GAPS.get((context, source))  # None: not ours, Qt asks the next catalogue


def install_qt_translations(app: QApplication) -> None:
    """Qt's own texts (standard buttons Luk/Annullér/Ja/Nej, file dialogs) in the app's language."""
    translator = QTranslator(app)
    if translator.load(QLocale(language()), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    if language() == "da":
        app.installTranslator(QtGapsTranslator(app))
        # spin boxes, dates and numbers Qt formats itself: decimal comma, Danish day and month names
        QLocale.setDefault(QLocale(QLocale.Language.Danish, QLocale.Country.Denmark))


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    install_qt_translations(app)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    icon = asset_path("icons", "inventar.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def build_main_window(session: Session, open_store: StoreOpener) -> MainWindow:
    """The main window on ``session``; an uncaught error that is a lost database connection marks it offline."""
    from inventar.ui.main_window import MainWindow  # after the QApplication exists

    window = MainWindow(session, open_store)
    crash.guard_connection(lambda: window.session.store.db, window.shared_mode.live.mark_offline, window)
    return window


def run_gui(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    settings = Settings()
    set_language(args.lang or settings.get("language") or "da")
    app = make_application()
    crash.install(str(getattr(args, "log_path", "") or ""))
    if not QFontDatabase.families():
        print(_("Advarsel: ingen skrifttyper fundet; installér fx fonts-dejavu-core"), file=sys.stderr)

    def opener(target: str) -> Store:
        store = open_store(target, photo_dir=args.photos or settings.get("photo_folder") or None)

        def sweep() -> None:  # leftovers of a killed photo write; a large (network) photo folder takes a while
            from inventar.services.photos.store import sweep_orphans

            sweep_orphans(store.photo_dir, store.is_postgres)

        in_background_later(sweep, "photo-sweep")
        return store

    target = args.db or os.environ.get("INVENTAR_DB") or settings.get("last_database") or default_database()
    try:
        store = opener(target)
    except DatabaseOpenError as exc:
        QMessageBox.critical(None, _("Databasen kan ikke åbnes"),
                             _("{error}\n\nInventar åbner i stedet standarddatabasen.", error=exc))
        try:
            store = opener(default_database())
        except DatabaseOpenError as again:
            QMessageBox.critical(None, _("Databasen kan ikke åbnes"), str(again))
            return 1
    def snapshot() -> None:  # a database-only copy per start, newest 7 kept; off the GUI thread
        from inventar.services.backup.archive import rolling_backup

        try:
            with store.db.connection_context():
                rolling_backup(store, data_dir() / "backups", keep=7)
        except (OSError, sqlite3.Error) as exc:
            log.warning("Rolling backup failed: %s", exc)

    in_background_later(snapshot, "rolling-backup")
    from inventar.ui.users.actions import ensure_user_name

    if not os.environ.get(ENV_EXIT_AFTER_SHOW):  # a benchmark start must not wait for a question
        ensure_user_name(settings)  # once per laptop account; remembered in the settings
    window = build_main_window(Session.open(store, settings), opener)
    window.show()
    QTimer.singleShot(0, collect_from_now_on)
    if os.environ.get(ENV_EXIT_AFTER_SHOW):
        def report() -> None:
            print(f"shown_after_s={time.perf_counter() - started:.4f} cpu_s={time.process_time():.4f} "
                  f"items={window.model.total_count}", flush=True)
            window.table.after_first_paint(finish)  # after the rest of a long list (see MainWindow._load_list)

        def finish() -> None:
            print(f"complete_after_s={time.perf_counter() - started:.4f} cpu_s={time.process_time():.4f} "
                  f"rows={window.model.rowCount()}", flush=True)
            window.close()
            app.quit()
        QTimer.singleShot(0, report)
    code = app.exec()
    window.session.close()  # the database open now (the user may have switched)
    return code
