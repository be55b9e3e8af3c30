"""The one job runner: cancel is silent everywhere, user errors are messages, bugs go to the crash dialog."""

from __future__ import annotations

import errno
import threading

import openpyxl
import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from inventar.errors import UserError
from inventar.models import Item
from inventar.ui import crash
from inventar.ui.jobs import run_job
from tests.support.photofiles import plain_jpeg


@pytest.fixture
def boxes(monkeypatch):
    """Every message box the app tries to show (none may appear on a cancel)."""
    shown: list[tuple[str, str]] = []

    def record(kind):
        def show(parent, title, text, *args, **kwargs):
            shown.append((kind, f"{title}: {text}"))
            return QMessageBox.StandardButton.Yes
        return show

    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, record(kind))
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(("exec", box.text())) or 0)
    return shown


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _wait(qtbot, job, timeout=30_000):
    qtbot.waitUntil(lambda: not job.running, timeout=timeout)
    return job.outcome


def test_cancel_stops_at_the_next_step_and_shows_nothing(qtbot, parent, boxes):
    started, steps, results = threading.Event(), [], []

    def work(job):
        started.set()
        for step in range(10_000):
            job.progress(step, 10_000)
            steps.append(step)
            threading.Event().wait(0.001)
        return "done"

    job = run_job(parent, "Arbejder …", work, results.append, title="Test")
    assert started.wait(5)
    job.dialog.canceled.emit()  # the user presses Annullér (or Esc)
    assert _wait(qtbot, job) == "cancelled"
    assert results == [] and boxes == [] and 0 < len(steps) < 10_000


def test_a_job_that_reports_no_progress_still_shows_annuller_after_300_ms(qtbot, parent, boxes):
    """The optimiser reports no steps: its dialog (and so its Annullér) appeared only after Qt's default 4 s (the
    300 ms minimum duration starts with the first value), so a 3-second search showed only its status line."""
    release, results = threading.Event(), []

    def work(job):
        while not release.wait(0.01) and not job.token.is_cancelled():
            pass
        job.token.raise_if_cancelled()
        return "done"

    job = run_job(parent, "Finder den bedste etagefordeling …", work, results.append, title="Etagefordeling")
    assert not job.dialog.isVisible()  # not for a short job
    qtbot.waitUntil(job.dialog.isVisible, timeout=2_000)
    assert job.dialog.labelText() == "Finder den bedste etagefordeling …"
    job.dialog.canceled.emit()
    assert _wait(qtbot, job) == "cancelled" and not job.dialog.isVisible()
    assert results == [] and boxes == []
    release.set()


def test_a_user_error_is_a_message_with_the_job_title(qtbot, parent, boxes):
    def work(_job):
        raise UserError("Filen »x.xlsx« er ikke en projektmappe")

    assert _wait(qtbot, run_job(parent, "…", work, print, title="Import")) == "error"
    assert boxes == [("warning", "Import: Filen »x.xlsx« er ikke en projektmappe")]


def test_a_full_disk_is_a_danish_message_not_a_crash(qtbot, parent, boxes):
    def work(_job):
        raise OSError(errno.ENOSPC, "No space left on device", "/mnt/x/register.xlsx")

    assert _wait(qtbot, run_job(parent, "…", work, print, title="Eksport")) == "error"
    assert len(boxes) == 1 and "disken er fuld" in boxes[0][1] and "register.xlsx" in boxes[0][1]


def test_a_bug_goes_to_the_crash_dialog_and_the_log(qtbot, parent, boxes, monkeypatch):
    reported = []
    monkeypatch.setattr(crash, "report_bug", lambda error, parent=None: reported.append(error))

    def work(_job):
        raise KeyError("item_id")

    assert _wait(qtbot, run_job(parent, "…", work, print, title="Eksport")) == "bug"
    assert [type(e) for e in reported] == [KeyError] and boxes == []


def test_the_job_gets_its_own_database_connection(qtbot, parent, store):
    seen = []

    def work(_job):
        seen.append((threading.current_thread() is threading.main_thread(), not store.db.is_closed()))
        return Item.select().count()

    job = run_job(parent, "…", work, seen.append, title="Test", store=store)
    assert _wait(qtbot, job) == "done"
    assert seen == [(False, True), 0]


# -- every background job of the app: Annullér shows no error ---------------------------------------

def test_cancelling_a_backup_shows_no_empty_warning(qtbot, main_window, boxes, tmp_path):
    target = tmp_path / "kopi.inventar-backup"
    job = main_window.backups.backup_to(str(target))
    job.cancel()
    assert _wait(qtbot, job) == "cancelled"
    assert boxes == [] and not target.exists() and list(tmp_path.glob("*.part")) == []


def test_cancelling_a_restore(qtbot, main_window, boxes, tmp_path):
    backup = tmp_path / "kopi.inventar-backup"
    made = main_window.backups.backup_to(str(backup))
    assert _wait(qtbot, made) == "done"
    target = tmp_path / "gendannet.sqlite"
    job = main_window.backups.restore_to(str(backup), str(target))
    job.cancel()
    assert _wait(qtbot, job) == "cancelled"
    assert boxes == [] and not target.exists()


def test_cancelling_an_excel_export(qtbot, main_window, boxes, tmp_path):
    target = tmp_path / "register.xlsx"
    job = main_window.excel.export_to_file("register", "Register", "register", path=str(target), thumbnails=True)
    job.cancel()
    assert _wait(qtbot, job) == "cancelled"
    assert boxes == [] and not target.exists()
    assert "annulleret" in main_window.statusBar().currentMessage()


def test_cancelling_an_excel_import_check_and_import(qtbot, main_window, boxes, tmp_path):
    exported = tmp_path / "register.xlsx"
    assert _wait(qtbot, main_window.excel.export_to_file("register", "Register", "r", path=str(exported))) == "done"
    book = openpyxl.load_workbook(exported)
    sheet = book["Genstande"]
    title = [c.value for c in sheet[1]].index("Betegnelse") + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, title).value = f"Rettet {row}"
    book.save(exported)
    dialog = main_window.excel.import_file(str(exported))
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=30_000)
    before = Item.select().count()
    job = dialog.run_import()
    job.cancel()
    assert _wait(qtbot, job) in ("cancelled", "done")  # the commit may be one quick transaction
    assert boxes == [] and dialog.error is None
    checking = type(dialog)(main_window.store, exported, main_window)
    qtbot.addWidget(checking)
    job = checking.start()
    job.cancel()
    assert _wait(qtbot, job) == "cancelled"
    assert boxes == [] and Item.select().count() == before


def test_cancelling_label_pdf(qtbot, main_window, boxes, tmp_path):
    from inventar.ui.labels.dialog import UNPRINTED

    Item.update(label_printed_at=None).execute()
    dialog = main_window.labels.open_dialog(UNPRINTED)
    qtbot.addWidget(dialog)
    target = tmp_path / "etiketter.pdf"
    job = dialog.save_pdf(target)
    job.cancel()
    assert _wait(qtbot, job) == "cancelled"
    assert boxes == [] and not target.exists()
    assert Item.select().where(Item.label_printed_at.is_null(False)).count() == 0  # printed only after the write


def test_cancelling_bundles(qtbot, main_window, boxes, tmp_path):
    target = tmp_path / "alt.inventar-bundle"
    job = main_window.shared_mode.export_to(target)
    job.cancel()
    assert _wait(qtbot, job) == "cancelled"
    assert boxes == [] and not target.exists()
    from inventar.services.sync.bundle import export_bundle

    export_bundle(main_window.store, target, everything=True)
    job = main_window.shared_mode.import_file(target)
    job.cancel()
    assert _wait(qtbot, job) == "cancelled"
    assert boxes == []


def test_cancelling_a_photo_import_frees_the_form(qtbot, main_window, boxes, tmp_path):
    from inventar.services.photos.item_photos import import_files
    from inventar.services.photos.store import PhotoStore
    from inventar.ui.photos.strip import PhotoStrip

    strip = PhotoStrip(PhotoStore(main_window.store.photo_dir))
    qtbot.addWidget(strip)
    paths = [plain_jpeg(tmp_path / f"foto{n}.jpg") for n in range(40)]
    job = strip._run("…", lambda job: import_files(strip.store, paths, job.progress))
    job.cancel()
    assert _wait(qtbot, job) == "cancelled"
    assert boxes == [] and not strip.busy and strip.isEnabled()


def test_cancelling_the_optimiser_keeps_the_best_plan(qtbot, main_window, boxes):
    main_window.placement.open_placement()
    window = main_window.placement.placement_window
    window.time_limit.setValue(30)
    job = window.run_optimiser()
    job.cancel()
    assert _wait(qtbot, job, timeout=20_000) == "done"
    assert boxes == [] and window.optimum is not None


def test_cancelling_demo_data(qtbot, main_window, boxes):
    job = main_window.load_demo()  # in the separate demo file, empty before
    job.cancel()
    assert _wait(qtbot, job, timeout=60_000) == "cancelled"
    assert boxes == [] and Item.select().count() == 0
