"""The main window: search field, item table, detail pane, status bar; the features add their menus.

The window shows one :class:`~inventar.session.Session` at a time (``window.session``) and hands it to the
features; :meth:`MainWindow.switch_database` replaces it by a new one and emits :attr:`session_changed`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QItemSelectionModel, QModelIndex, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QToolBar,
    QWidget,
)

from inventar import APP_NAME, __version__
from inventar.domain.times import format_number
from inventar.i18n import LANGUAGES, _
from inventar.models.database import DatabaseOpenError, Store
from inventar.paths import asset_path
from inventar.services.demo.status import has_rooms
from inventar.services.items.service import NotFoundError
from inventar.services.sync.passwords import remember_password
from inventar.session import Session
from inventar.settings import Settings
from inventar.ui.backup.actions import BackupActions
from inventar.ui.dashboard.actions import DashboardActions
from inventar.ui.excel.actions import ExcelActions
from inventar.ui.first_run import FirstRunPanel
from inventar.ui.geometry import restore_geometry
from inventar.ui.items.detail_pane import ItemDetailPane
from inventar.ui.items.table_model import Column, ItemTableModel
from inventar.ui.labels.actions import LabelActions
from inventar.ui.menus import Menus
from inventar.ui.needs.actions import NeedsActions
from inventar.ui.placement.actions import PlacementActions
from inventar.ui.registration.actions import RegistrationActions
from inventar.ui.review.actions import ReviewActions
from inventar.ui.row_view import RowTableView
from inventar.ui.sync.actions import SharedMode
from inventar.ui.users.actions import UserActions

StoreOpener = Callable[[str], Store]
FAST_PAINTING_AFTER_MS = 400  # the cached-layout cell painter arrives this long after the window is shown
FIRST_ROWS = 200  # a start with many items shows this many at once and loads the rest after the first paint
FIRST_PAINT_WAIT_MS = 1000  # what waits for the first paint runs after this long when there is none (not shown)


# What the main window hands from one feature to another; each loads with its first use, not with the window.
def _save_item_resolving_conflicts(*args, **kwargs) -> int | None:
    from inventar.ui.sync.conflict_dialog import save_item_resolving_conflicts

    return save_item_resolving_conflicts(*args, **kwargs)


# Every feature adds its menu actions the same way: ``Feature(window, menus)`` puts them into sections of
# :data:`inventar.ui.menus.LAYOUT` (which alone fixes the order users see) and reads ``window.session`` when
# used.  The window keeps each under the attribute named here; they are made in this order.
FEATURES: tuple[tuple[str, type], ...] = (
    ("backups", BackupActions),  # Filer ▸ Sikkerhedskopi, Gendan
    ("excel", ExcelActions),  # Excel ▸ Eksportér, Importér, skabelon
    ("needs", NeedsActions),  # Excel ▸ Behov, norm og indkøb (Ctrl+B)
    ("dashboard", DashboardActions),  # Vis ▸ Overblik (Ctrl+Shift+O)
    ("placement", PlacementActions),  # Vis ▸ Etagefordeling (Ctrl+Shift+F)
    ("review", ReviewActions),  # Gennemgang (Ctrl+R)
    ("labels", LabelActions),  # Etiketter, the scan field (Ctrl+E)
    ("registration", RegistrationActions),  # Registrering: Ctrl+N form, rooms, strategy
    ("shared_mode", SharedMode),  # Filer ▸ Database og fotomappe, bundles; live refresh
    ("users", UserActions),  # Filer ▸ Skift bruger
)


class _AfterFirstPaint(QObject):
    """Runs callbacks, in order, right after ``widget``'s first paint (FIRST_PAINT_WAIT_MS on if it is not shown)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.done = False
        self._callbacks: list[Callable[[], object]] = []
        self._widget = widget
        widget.installEventFilter(self)
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, self, self._run)

    def add(self, callback: Callable[[], object]) -> None:
        if self.done:
            callback()
        else:
            self._callbacks.append(callback)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # once this paint is done and on the screen
        return False

    def _run(self) -> None:
        if self.done:
            return
        self.done = True
        self._widget.removeEventFilter(self)
        for callback in self._callbacks:
            callback()
        self._callbacks.clear()


class ItemTableView(RowTableView):
    """The item table, with an empty-state message drawn over the viewport."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The viewport is made here, not by Qt: PySide wraps a QWidget it did not make by looking through every
        # widget class there is (creating each one's enums), 10 ms of the start for the first viewport() call.
        viewport = QWidget()
        viewport.setObjectName("qt_scrollarea_viewport")  # as Qt makes its own
        viewport.setBackgroundRole(QPalette.ColorRole.Base)
        viewport.setAutoFillBackground(True)
        self.setViewport(viewport)
        self._first_paint = _AfterFirstPaint(self.viewport())
        self.empty_label = QLabel(self.viewport())
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: palette(mid); font-size: 13pt; padding: 32px;")
        self.empty_label.hide()
        self.first_run = FirstRunPanel(self.viewport())

    def after_first_paint(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` right after the table's first paint (now, when that has been)."""
        self._first_paint.add(callback)

    def set_first_run(self, shown: bool) -> None:
        """The first-run panel (no rooms yet) instead of the empty-state text."""
        self.first_run.setVisible(shown)
        self.first_run.resize(self.viewport().size())
        if shown:
            self.empty_label.hide()

    def set_empty_text(self, text: str | None) -> None:
        self.empty_label.setVisible(bool(text))
        self.empty_label.setText(text or "")
        self.empty_label.resize(self.viewport().size())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        self.empty_label.resize(self.viewport().size())
        self.first_run.resize(self.viewport().size())


class MainWindow(QMainWindow):
    session_changed = Signal(object)  # the new Session, after Åbn database and the like

    def __init__(self, session: Session, open_store: StoreOpener) -> None:
        super().__init__()
        self.session = session
        self._open_store = open_store
        self._painter_planned = False
        store = session.store

        self.update_title()
        icon = asset_path("icons", "inventar.png")
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))

        self.model = ItemTableModel(session.items, self)  # the view's own model (see inventar.ui.row_table)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Søg i etiket, betegnelse, kategori, rum, materiale og farve  (Ctrl+F)"))
        self.search.setMinimumWidth(420)
        self.search.textChanged.connect(self._on_search)

        self.table = ItemTableView()
        self.table.setObjectName("itemTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)  # stretching costs 16 ms of header layout per keystroke (measured)
        for column, width in {Column.CODE: 115, Column.CATEGORY: 120, Column.TITLE: 170, Column.ROOM: 190,
                              Column.MATERIAL: 130, Column.COLOUR: 95, Column.QUANTITY: 60,
                              Column.CONDITION: 55, Column.PHOTOS: 55, Column.GOLD: 75,
                              Column.REGISTERED: 95}.items():
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)

        self.detail = ItemDetailPane(session.photos)
        self.detail.setObjectName("detailPane")

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 380])
        self.setCentralWidget(self.splitter)

        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().showMessage(_("Database: {target}", target=store.target))

        self.menus = Menus(self)
        self._build_actions()
        for name, feature in FEATURES:
            setattr(self, name, feature(self, self.menus))
        self.labels.scan.registration_hook = self.registration.start_with_code  # a pre-printed label scanned
        self.table.first_run.add_rooms.connect(self.open_rooms)
        self.table.first_run.import_rooms.connect(lambda: self.open_rooms().choose_import())
        self.registration.versioned_save = _save_item_resolving_conflicts  # the edit form's conflict handling
        self._restore_layout()
        self._load_list()

    @classmethod
    def open(cls, store: Store, settings: Settings, open_store: StoreOpener) -> MainWindow:
        """The window on a new session for ``store`` (what tests and scripts build)."""
        return cls(Session.open(store, settings), open_store)

    # -- the session's store and settings, for reading (features take what they need from window.session) --
    @property
    def store(self) -> Store:
        return self.session.store

    @property
    def settings(self) -> Settings:
        return self.session.settings

    # -- the window's own menu entries ----------------------------------------------------
    def _build_actions(self) -> None:
        toolbar = QToolBar(_("Søgning"))
        toolbar.setObjectName("searchToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(_("Søg:") + " "))
        toolbar.addWidget(self.search)
        self.addToolBar(toolbar)

        menus = self.menus
        menus.add("file/database", _("&Åbn database …"), self.choose_database, QKeySequence.StandardKey.Open)
        menus.add("file/demo", _("Indlæs &demodata …"), self.load_demo)
        menus.add("file/quit", _("&Afslut"), self.close, QKeySequence.StandardKey.Quit)
        self.find_action = menus.add("view/list", _("&Søg"), self.focus_search, QKeySequence.StandardKey.Find)
        menus.add("view/list", _("&Opdatér"), self.reload, QKeySequence.StandardKey.Refresh)
        language_menu = menus.submenu("view/language", _("Sprog"))
        group = QActionGroup(self)
        for code, name in LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.setChecked(code == (self.settings.get("language") or "da"))
            action.triggered.connect(lambda _checked=False, c=code: self.choose_language(c))
            group.addAction(action)
            language_menu.addAction(action)
        menus.add("help/shortcuts", _("&Tastaturgenveje"), self.show_shortcuts, QKeySequence.StandardKey.HelpContents)
        menus.add("help/about", _("&Om Inventar"), self.show_about)

        escape = QAction(self)
        escape.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        escape.triggered.connect(self._clear_search)
        self.search.addAction(escape)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().showEvent(event)
        if not self._painter_planned:
            # Cells are painted from cached text layouts (inventar.ui.row_delegate) once the window is up: the
            # painter's Qt classes would cost the first window ~15 ms, and only typing and scrolling need its speed.
            self._painter_planned = True
            QTimer.singleShot(FAST_PAINTING_AFTER_MS, self, self._paint_cells_fast)  # cancelled with the window

    def _paint_cells_fast(self) -> None:
        from inventar.ui.row_delegate import RowDelegate

        self.table.paint_rows_with(RowDelegate(self.model, self.table))

    # -- data ------------------------------------------------------------------------
    def _load_list(self) -> None:
        """The item list of a new window: with many items the first screenful now and the rest once the window
        has been painted (loading 10,000 rows would delay its first appearance by a sixth of its start-up).
        A sorted list is loaded whole (its first screenful may hold any of the rows)."""
        if self._sorted_by() is not None or not self.model.load_first(FIRST_ROWS):
            self.shared_mode.live.start()  # others' changes from now on reload the list
            self.reload()
            return
        self._after_rows_changed(None)
        self.table.after_first_paint(self._load_rest)

    def _load_rest(self) -> None:
        self.shared_mode.live.start()  # (its first look at the database, ~10 ms, need not delay the window either)
        if not self.model.complete:  # not reloaded meanwhile (another database, F5)
            self.reload()

    def reload(self) -> None:
        current = self.detail.item_id
        self.model.reload()
        sort = self._sorted_by()
        if sort is not None:
            self.model.sort(*sort)  # keep the user's order
        self._after_rows_changed(current)
        if current is not None and self.detail.item_id == current:  # the data changed: redraw the details too
            try:
                self.detail.show_item(self.session.items.get(current))
            except NotFoundError:
                self.detail.clear()

    def _sorted_by(self) -> tuple[int, Qt.SortOrder] | None:
        """The column and order the user sorts the list by (clicking a header); None for the items' own order."""
        header = self.table.horizontalHeader()
        if header.isSortIndicatorShown() and 0 <= header.sortIndicatorSection() < self.model.columnCount():
            return header.sortIndicatorSection(), header.sortIndicatorOrder()
        return None

    def _on_search(self, text: str) -> None:
        current = self.detail.item_id
        self.model.set_filter_text(text)
        # The table lays out its new rows now, not in a later turn of the event loop: laid out later, it
        # painted the whole table a second time per keystroke (the scroll bar's new range repaints it).
        self.table.executeDelayedItemsLayout()
        self._after_rows_changed(current)

    def _after_rows_changed(self, keep_item: int | None) -> None:
        index = self.model.index_of_item(keep_item) if keep_item is not None else QModelIndex()
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        else:
            self.detail.clear()
        self._update_counts()

    def _update_counts(self) -> None:
        total, shown = self.model.total_count, self.model.visible_count
        text = _("{total} genstande ({quantity} stk.)", total=format_number(total, 0),
                 quantity=format_number(self.model.total_quantity, 0))
        if shown != total:
            text += " · " + _("{shown} vist ({quantity} stk.)", shown=format_number(shown, 0),
                              quantity=format_number(self.model.visible_quantity, 0))
        self.count_label.setText(text)
        if total == 0:
            self.table.set_empty_text(_("Ingen genstande endnu.\n\nRegistrér med Ctrl+N, indlæs demodata (i en separat "
                                        "demodatabase) under Filer ▸ Indlæs demodata, eller åbn en anden database "
                                        "med Ctrl+O."))
        elif shown == 0:
            self.table.set_empty_text(_("Ingen genstande matcher »{text}«.\nTryk Esc for at rydde søgningen.",
                                        text=self.search.text()))
        else:
            self.table.set_empty_text(None)
        self.table.set_first_run(total == 0 and not has_rooms())

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item_id = self.model.item_id(current)
        if item_id is None:
            self.detail.clear()
            return
        if item_id == self.detail.item_id and self.detail.currentIndex() == 1:
            return  # the same item came back after a search or reload: nothing to redraw
        try:
            self.detail.show_item(self.session.items.get(item_id))
        except NotFoundError:
            self.statusBar().showMessage(_("Genstanden er slettet af en anden – listen opdateres"), 5000)
            QTimer.singleShot(0, self.reload)

    # -- commands --------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _clear_search(self) -> None:
        if self.search.text():
            self.search.clear()
        else:
            self.table.setFocus()

    def open_rooms(self):
        """*Rum og dækning* from the first-run panel; the panel goes once rooms exist."""
        dialog = self.registration.open_rooms()
        dialog.changed.connect(self._update_counts)
        return dialog

    def choose_database(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Åbn database"), "",
                                                    _("Inventar-database (*.sqlite *.db);;Alle filer (*)"))
        if path:
            self.switch_database(path)

    def switch_database(self, target: str, store: Store | None = None, remember: bool = True) -> bool:
        """Open ``target`` (or take the already opened ``store``) and rebuild the session on it."""
        if store is None:
            try:
                store = self._open_store(target)
            except DatabaseOpenError as exc:
                QMessageBox.warning(self, _("Databasen kan ikke åbnes"), str(exc))
                return False
        self.session.close()
        if remember:  # the address without its password, which goes to PostgreSQL's own password file
            self.settings.set("last_database", remember_password(target))
        self._use_session(Session.open(store, self.settings))
        return True

    def switch_user(self, name: str) -> None:
        """Remember ``name`` for this laptop account and rebuild the session on the same database."""
        self.settings.set("user_name", name)
        self.settings.save()
        self._use_session(Session.open(self.session.store, self.settings))
        self.statusBar().showMessage(_("Bruger: {name}", name=self.session.user), 5000)

    def _use_session(self, session: Session) -> None:
        """Show ``session`` everywhere (the list, the detail pane, the title) and tell the features."""
        self.session = session
        self.model.set_service(session.items)
        self.detail.set_photo_store(session.photos)
        self.update_title()
        self.statusBar().showMessage(_("Database: {target}", target=session.store.target))
        self.detail.clear()
        self.reload()
        self.session_changed.emit(session)

    def update_title(self) -> None:
        from inventar.services.demo.status import is_demo_database

        title = f"{APP_NAME} – {self.session.store.target} – {self.session.user}"
        self.setWindowTitle(f"{title} – {_('DEMO')}" if is_demo_database() else title)

    def load_demo(self):
        """*Indlæs demodata*: into the separate demo file only (see :mod:`inventar.ui.demo`); the job or None."""
        from inventar.ui.demo import load_demo  # the separate demo file, asked first

        return load_demo(self)

    def choose_language(self, code: str) -> None:
        if code == self.settings.get("language"):
            return
        self.settings.set("language", code)
        self.settings.save()
        QMessageBox.information(self, _("Sprog"), _("Det nye sprog bruges, næste gang Inventar startes."))

    def show_shortcuts(self) -> None:
        from inventar.ui.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self).exec()

    def show_about(self) -> None:
        QMessageBox.about(
            self, _("Om Inventar"),
            _("<h3>Inventar {version}</h3><p>Registrering, genbrug og indkøb af inventar til det nye rådhus.</p>"
              "<p>Database: {target}</p>", version=__version__, target=self.session.store.target))

    # -- remembered layout -------------------------------------------------------------
    def _restore_layout(self) -> None:
        restore_geometry(self, self.settings.get("window_geometry"), QSize(1280, 800), fraction=1.0)
        state = self.settings.get("window_state")
        if state:
            self.restoreState(QByteArray(state))
        header = self.settings.get("item_table_header")
        if header:
            self.table.horizontalHeader().restoreState(QByteArray(header))
        splitter = self.settings.get("main_splitter")
        if splitter:
            self.splitter.restoreState(QByteArray(splitter))

    def save_layout(self) -> None:
        self.settings.set("window_geometry", self.saveGeometry().data())
        self.settings.set("window_state", self.saveState().data())
        self.settings.set("item_table_header", self.table.horizontalHeader().saveState().data())
        self.settings.set("main_splitter", self.splitter.saveState().data())
        self.settings.save()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt naming)
        self.save_layout()
        super().closeEvent(event)
