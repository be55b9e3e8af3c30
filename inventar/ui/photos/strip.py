"""The photos of the item being registered: thumbnails, add (files, drop, paste, camera, a paired phone), order,
primary.

Imports run off the GUI thread through :func:`inventar.ui.jobs.run_job`;
a bad file is reported with its specific message and the other photos stay.
A photo from the paired phone (:mod:`inventar.ui.phone`) takes the same way through :meth:`PhotoStrip.receive`,
without a progress dialog and without locking the strip while the janitor works on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QClipboard, QGuiApplication, QIcon, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inventar.errors import UserError
from inventar.i18n import _
from inventar.services.photos.item_photos import ImportOutcome, import_files, with_label_codes
from inventar.services.photos.store import PhotoError, PhotoStore, StoredPhoto
from inventar.ui.jobs import Job, run_job
from inventar.ui.photos.camera import CameraDialog, camera_available, image_to_jpeg

THUMB = QSize(112, 84)
IMAGE_FILTER = "*.jpg *.jpeg *.png *.heic *.heif *.webp *.bmp *.tif *.tiff *.gif"


def _import_one(store: PhotoStore, data: bytes, name: str) -> ImportOutcome:
    try:
        return with_label_codes(store, ImportOutcome(name, store.import_bytes(data, name)))
    except PhotoError as exc:
        return ImportOutcome(name, error=str(exc))


class PendingPhotosModel(QAbstractListModel):
    """Photos chosen for an item that is not saved yet; row 0.. in the order they will get."""

    def __init__(self, store: PhotoStore, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self._photos: list[StoredPhoto] = []
        self.primary = 0
        self._icons: dict[str, QIcon] = {}

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._photos)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._photos):
            return None
        photo = self._photos[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            mark = "★ " if index.row() == self.primary else ""
            name = photo.original_name if len(photo.original_name) <= 18 else photo.original_name[:16] + "…"
            return f"{mark}{name}"
        if role == Qt.ItemDataRole.DecorationRole:
            icon = self._icons.get(photo.file_hash)
            if icon is None:
                icon = QIcon(QPixmap(str(self.store.thumbnail_path(photo.file_hash))))
                self._icons[photo.file_hash] = icon
            return icon
        if role == Qt.ItemDataRole.ToolTipRole:
            text = _("{name} ({width} × {height})", name=photo.original_name, width=photo.width, height=photo.height)
            return text + ("\n" + _("Primært foto") if index.row() == self.primary else "")
        return None

    def photos(self) -> list[StoredPhoto]:
        return list(self._photos)

    def add(self, photos: list[StoredPhoto]) -> int:
        """Append photos not already in the list; returns how many were new."""
        known = {p.file_hash for p in self._photos}
        new = []
        for photo in photos:
            if photo.file_hash not in known:
                known.add(photo.file_hash)
                new.append(photo)
        if new:
            start = len(self._photos)
            self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
            self._photos.extend(new)
            self.endInsertRows()
        return len(new)

    def remove(self, row: int) -> None:
        if not 0 <= row < len(self._photos):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._photos[row]
        if row < self.primary:
            self.primary -= 1
        elif row == self.primary:  # the next photo in order takes over
            self.primary = min(row, max(0, len(self._photos) - 1))
        self.endRemoveRows()
        self._changed_all()

    def move(self, row: int, delta: int) -> int:
        target = row + delta
        if not (0 <= row < len(self._photos) and 0 <= target < len(self._photos)):
            return row
        destination = target + 1 if delta > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        photo = self._photos.pop(row)
        self._photos.insert(target, photo)
        if self.primary == row:
            self.primary = target
        elif self.primary == target:
            self.primary = row
        self.endMoveRows()
        self._changed_all()
        return target

    def set_primary(self, row: int) -> None:
        if 0 <= row < len(self._photos):
            self.primary = row
            self._changed_all()

    def reset(self, photos: list[StoredPhoto] | None = None) -> None:
        self.beginResetModel()
        self._photos = list(photos or [])
        self.primary = 0
        self.endResetModel()

    def _changed_all(self) -> None:
        if self._photos:
            self.dataChanged.emit(self.index(0), self.index(len(self._photos) - 1))


class PhotoListView(QListView):
    """Thumbnails; accepts dropped files/images and forwards them to the strip."""

    dropped = Signal(object)  # QMimeData

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(THUMB)
        self.setGridSize(QSize(THUMB.width() + 24, THUMB.height() + 34))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setWrapping(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setMinimumHeight(THUMB.height() + 44)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        self.dropped.emit(event.mimeData())
        event.acceptProposedAction()


class PhotoStrip(QWidget):
    """Everything about the photos of the item in the form."""

    changed = Signal()
    message = Signal(str)  # errors and notes for the form's message line
    codes_found = Signal(list)  # label codes read from QR labels visible in imported photos

    def __init__(self, store: PhotoStore, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.model = PendingPhotosModel(store, self)
        self._locked = False  # a file import runs: the strip is disabled until it ends
        self._receiving = 0  # photos from the paired phone being imported
        self.last_errors: list[str] = []
        self.view = PhotoListView()
        self.view.setObjectName("photoList")
        self.view.setModel(self.model)
        self.view.dropped.connect(self.import_mime)
        self.view.setAccessibleName(_("Fotos"))

        self.add_button = QPushButton(_("Tilføj &fotos …"))
        self.add_button.setToolTip(_("Vælg en eller flere fotofiler (Ctrl+Shift+O). Du kan også trække filer "
                                     "hertil eller indsætte med Ctrl+Shift+V."))
        self.add_button.clicked.connect(self.choose_files)
        self.paste_button = QPushButton(_("Indsæt"))
        self.paste_button.setToolTip(_("Indsæt foto fra udklipsholderen (Ctrl+Shift+V)"))
        self.paste_button.clicked.connect(self.paste)
        self.camera_button = QPushButton(_("&Kamera …"))
        self.camera_button.setToolTip(_("Tag et foto med computerens kamera (Ctrl+Shift+K)"))
        self.camera_button.clicked.connect(self.take_photo)
        self.camera_button.setVisible(camera_available())
        self.primary_button = QPushButton(_("Primært"))
        self.primary_button.setToolTip(_("Gør det valgte foto til det primære (Ctrl+P i listen)"))
        self.primary_button.clicked.connect(self.make_primary)
        self.left_button = QPushButton("◀")
        self.left_button.setToolTip(_("Flyt fotoet til venstre (Ctrl+Venstre i listen)"))
        self.left_button.clicked.connect(lambda: self.move_current(-1))
        self.right_button = QPushButton("▶")
        self.right_button.setToolTip(_("Flyt fotoet til højre (Ctrl+Højre i listen)"))
        self.right_button.clicked.connect(lambda: self.move_current(1))
        self.remove_button = QPushButton(_("Fjern"))
        self.remove_button.setToolTip(_("Fjern det valgte foto fra genstanden (Delete i listen)"))
        self.remove_button.clicked.connect(self.remove_current)
        for button in (self.left_button, self.right_button):
            button.setFixedWidth(36)
        for button in (self.add_button, self.paste_button, self.camera_button, self.primary_button, self.left_button,
                       self.right_button, self.remove_button):
            button.setAutoDefault(False)  # in a dialog, a scanner's Enter must not open the file chooser

        self.empty = QLabel(_("Træk fotos hertil, indsæt med Ctrl+Shift+V, eller tryk Ctrl+Shift+O."))
        self.empty.setStyleSheet("color: palette(mid);")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.paste_button, self.camera_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.primary_button, self.left_button, self.right_button, self.remove_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keyboard users use the list's shortcuts
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        layout.addWidget(self.empty)

        for keys, slot in ((QKeySequence.StandardKey.Delete, self.remove_current),
                           ("Ctrl+P", self.make_primary),
                           ("Ctrl+Left", lambda: self.move_current(-1)),
                           ("Ctrl+Right", lambda: self.move_current(1)),
                           (QKeySequence.StandardKey.Paste, self.paste)):
            QShortcut(QKeySequence(keys), self.view, activated=slot,
                      context=Qt.ShortcutContext.WidgetShortcut)
        self.model.rowsInserted.connect(self._update)
        self.model.rowsRemoved.connect(self._update)
        self.model.modelReset.connect(self._update)
        self.model.dataChanged.connect(lambda *_: self.changed.emit())
        self.model.rowsMoved.connect(lambda *_: self.changed.emit())
        self._update()

    # -- state -------------------------------------------------------------------------
    def _update(self, *_args) -> None:
        has = self.model.rowCount() > 0
        for button in (self.primary_button, self.left_button, self.right_button, self.remove_button):
            button.setEnabled(has)
        self.empty.setVisible(not has)
        self.changed.emit()

    @property
    def busy(self) -> bool:
        """An import is running (the form waits for it before saving)."""
        return self._locked or self._receiving > 0

    def photos(self) -> list[StoredPhoto]:
        return self.model.photos()

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    # -- adding ------------------------------------------------------------------------
    def choose_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self, _("Vælg fotos"), "", _("Billeder ({patterns});;Alle filer (*)", patterns=IMAGE_FILTER))
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: list[str | Path]) -> None:
        store = self.store
        self._run(_("Importerer {count} fotos …", count=len(paths)), lambda job: import_files(store, paths, job.progress))

    def import_data(self, data: bytes, name: str) -> None:
        store = self.store
        self._run(_("Importerer foto …"), lambda _job: [_import_one(store, data, name)])

    def receive(self, data: bytes, name: str, done: Callable[[ImportOutcome], None]) -> Job:
        """Import a photo that arrived from elsewhere (the paired phone) as if added from a file.

        Off the GUI thread, without a progress dialog, and the strip stays usable; ``done`` gets the
        outcome on the GUI thread and decides whether it joins the list (:meth:`add_imported`).
        """
        store = self.store
        self._receiving += 1

        def ended() -> None:  # every outcome, before its own callback runs
            self._receiving -= 1
            if job.outcome == "bug":  # the crash dialog has it; the sender still gets an answer
                done(ImportOutcome(name, error=_("»{name}« kunne ikke importeres", name=name)))

        job = run_job(self, _("Importerer foto …"), lambda _job: [_import_one(store, data, name)],
                      lambda outcomes: done(outcomes[0]), title=_("Fotos"), progress_dialog=False,
                      on_error=lambda error: done(ImportOutcome(name, error=str(error))))
        job.ended.connect(ended)
        return job

    def import_mime(self, mime) -> None:
        paths = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
        if paths:
            self.import_paths(paths)
        elif mime.hasImage():
            image = QImage(mime.imageData())
            if not image.isNull():
                self.import_data(image_to_jpeg(image), _("indsat-foto.jpg"))
        else:
            self.message.emit(_("Der er hverken fotofiler eller et billede at indsætte"))

    def paste(self) -> None:
        self.import_mime(QGuiApplication.clipboard().mimeData(QClipboard.Mode.Clipboard))

    def take_photo(self) -> None:
        dialog = CameraDialog(self)
        if dialog.exec() and dialog.jpeg:
            self.import_data(dialog.jpeg, _("kamera.jpg"))

    def _run(self, label: str, job) -> Job:
        self._locked = True
        self.setEnabled(False)
        self.job = run_job(self, label, job, self._imported, title=_("Fotos"), on_error=self._failed)
        self.job.ended.connect(self._idle)  # every outcome, a cancel included, frees the form
        return self.job

    def _idle(self) -> None:
        self._locked = False
        self.setEnabled(True)

    def _imported(self, outcomes: list[ImportOutcome]) -> None:
        self._idle()
        self.add_imported(outcomes)

    def add_imported(self, outcomes: list[ImportOutcome]) -> None:
        """Show imported photos in the list (and their errors, and the label codes seen on them)."""
        added = self.model.add([o.photo for o in outcomes if o.photo])
        self.last_errors = [o.error for o in outcomes if o.error]
        if self.last_errors:
            self.message.emit("\n".join(self.last_errors))
        elif added:
            self.message.emit("")
            self.view.setCurrentIndex(self.model.index(self.model.rowCount() - 1))
        codes = list(dict.fromkeys(code for o in outcomes for code in o.codes))
        if codes:
            self.codes_found.emit(codes)  # after the message line was set, so the note stays visible

    def _failed(self, error: UserError) -> None:
        self.last_errors = [str(error)]
        self.message.emit(_("Fotoimporten mislykkedes: {error}", error=error))

    # -- order, primary, remove ----------------------------------------------------------
    def make_primary(self) -> None:
        self.model.set_primary(self.current_row())

    def move_current(self, delta: int) -> None:
        row = self.current_row()
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(self.model.move(row, delta)))

    def remove_current(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.model.remove(row)
            if self.model.rowCount():
                self.view.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1)))
