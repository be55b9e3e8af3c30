"""*Filer ▸ Indlæs demodata …*: demo data only ever in a separate demo database, never among real items.

The demo file (:func:`~inventar.services.demo.status.demo_database_path`) is opened with its own photo folder
beside it, after asking (default: No); the main window switches to it without remembering it as the last
database, and its title says DEMO.  An empty demo file is then filled with 2,000 demo items.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from inventar.i18n import _
from inventar.models.database import DatabaseOpenError, open_store
from inventar.services.demo.status import demo_database_path, item_count
from inventar.ui.jobs import Job, run_job

if TYPE_CHECKING:
    from inventar.ui.main_window import MainWindow

DEMO_ITEMS = 2000


def load_demo(window: MainWindow) -> Job | None:
    """Ask, switch ``window`` to the demo file and fill it when empty; the job, or ``None`` when nothing runs."""
    path = demo_database_path()
    if window.session.store.target != str(path):
        answer = QMessageBox.question(
            window, _("Indlæs demodata"),
            _("Demodata lægges i en separat demodatabase, så de aldrig blandes med rigtige registreringer:\n"
              "{path}\n\nSkift til demodatabasen nu? Din egen database åbnes igen med Filer ▸ Åbn database.",
              path=path),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return None
        try:
            store = open_store(path)  # its own photo folder beside it, never the shared one
        except DatabaseOpenError as exc:
            QMessageBox.warning(window, _("Databasen kan ikke åbnes"), str(exc))
            return None
        window.switch_database(str(path), store=store, remember=False)
    if item_count():
        window.statusBar().showMessage(_("Demodatabasen er åben"), 5000)
        return None
    session = window.session

    def job(job):
        from inventar.services.demo.data import create_demo  # Pillow drawing, only when asked

        return create_demo(session.photos, items=DEMO_ITEMS, seed=None, progress=job.progress,
                           decisions=True)

    def done(_result) -> None:
        window.update_title()
        window.reload()

    return run_job(window, _("Opretter demodata …"), job, done, title=_("Demodata"), store=session.store)
