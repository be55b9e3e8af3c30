"""The review window: filters, photo grid or table, the side panel, undo/redo and the room walk.

Keyboard: Ctrl+F search, Ctrl+1 photo grid, Ctrl+2 table, arrows move, Ctrl+A marks all;
G genbrug, K kassér (then choose the route, Ctrl+Enter), A afventer, B skal besigtiges;
Ctrl+Enter applies the form to the marked items; Ctrl+Z / Ctrl+Shift+Z undo and redo.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inventar.domain.review import DecisionError
from inventar.domain.times import format_number
from inventar.i18n import _
from inventar.services.photos.store import PhotoStore
from inventar.services.review.decisions import BulkEdit, Change, DecisionService
from inventar.services.review.room_walk import RoomWalkService
from inventar.services.review.rows import ReviewService
from inventar.ui.geometry import fit_to_screen
from inventar.ui.review.board_pdf_dialog import BoardPdfDialog
from inventar.ui.review.filter_bar import FilterBar
from inventar.ui.review.grid_model import THUMB, TILE_LINES, PhotoGridModel, ThumbnailCache
from inventar.ui.review.room_walk import RoomWalkDialog
from inventar.ui.review.side_panel import ReviewSidePanel
from inventar.ui.review.split_dialog import SplitDialog
from inventar.ui.review.table_model import Column, ReviewTableModel
from inventar.ui.review.undo import ChangeCommand
from inventar.ui.roles import ID_ROLE
from inventar.ui.row_delegate import RowDelegate
from inventar.ui.row_view import RowTableView
from inventar.ui.shortcuts_dialog import show_shortcuts

GRID, TABLE = 0, 1
REVIEW_SHORTCUTS = [  # keys of the views rather than of menu actions (translated when shown)
    ("Piletaster", "Flyt mellem genstandene"),
    ("Ctrl+A, Shift+klik", "Markér alle, markér flere"),
    ("Enter (i kommentarfeltet)", "Afgiv stemmen"),
]


class ReviewWindow(QMainWindow):
    def __init__(self, photos: PhotoStore, user: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewWindow")
        self.setWindowTitle(_("Gennemgang og beslutninger"))
        self.photos = photos
        self.review = ReviewService()
        self.decisions = DecisionService(user)
        self.undo_stack = QUndoStack(self)
        self.split_dialog: SplitDialog | None = None
        self.board_pdf_dialog: BoardPdfDialog | None = None
        self.room_walk: RoomWalkDialog | None = None

        self.model = ReviewTableModel(self.review, self)  # the table's own model (see inventar.ui.row_table)
        self.thumbnails = ThumbnailCache(photos, parent=self)
        self.grid_model = PhotoGridModel(self.model, self.thumbnails, self)

        self.filters = FilterBar()
        self.filters.changed.connect(self._filter_changed)
        self.grid = QListView()
        self.grid.setObjectName("photoGrid")
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setUniformItemSizes(True)
        self.grid.setWordWrap(True)
        self.grid.setIconSize(QSize(THUMB.width(), THUMB.height() + 6))
        self.grid.setGridSize(QSize(THUMB.width() + 18, THUMB.height() + 6 + TILE_LINES * self.fontMetrics().height() + 8))
        self.grid.setSpacing(4)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid.setModel(self.grid_model)
        self.table = RowTableView()
        self.table.setObjectName("reviewTable")
        self.table.setModel(self.model)
        self.table.paint_rows_with(RowDelegate(self.model, self.table))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        for column, width in {Column.CODE: 110, Column.CATEGORY: 110, Column.TITLE: 150, Column.ROOM: 150,
                              Column.QUANTITY: 55, Column.CONDITION: 50, Column.GOLD: 70, Column.DECISION: 190,
                              Column.APPROVAL: 120, Column.VOTES: 120, Column.TARGET: 110}.items():
            self.table.setColumnWidth(column, width)
        self.views = QStackedWidget()
        self.views.setObjectName("reviewViews")
        self.views.addWidget(self.grid)
        self.views.addWidget(self.table)
        self.empty = QLabel()
        self.empty.setObjectName("reviewEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(mid); font-size: 13pt; padding: 24px;")
        self.empty.hide()

        self.panel = ReviewSidePanel(photos)
        self.panel.applyRequested.connect(self.apply_edit)
        self.panel.voteRequested.connect(self.vote)
        self.panel.splitRequested.connect(self.open_split)
        self.panel.proposeRequested.connect(lambda: self._run(lambda ids: self.decisions.propose(ids)))
        self.panel.approveRequested.connect(self._approve)
        self.panel.rejectRequested.connect(
            lambda ref, at: self._run(lambda ids: self.decisions.reject(ids, ref, at)))
        self.panel.reopenRequested.connect(self._reopen)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filters)
        left_layout.addWidget(self.views, 1)
        left_layout.addWidget(self.empty)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([950, 560])
        self.setCentralWidget(self.splitter)
        self.count_label = QLabel()
        self.count_label.setObjectName("reviewCount")
        self.statusBar().addPermanentWidget(self.count_label)

        self._form_ids: list[int] | None = None  # the marked items the decision form was filled for
        for view in (self.grid, self.table):
            view.selectionModel().selectionChanged.connect(lambda *_args: self._sync_form())
            view.selectionModel().selectionChanged.connect(self._schedule_selection)
            view.selectionModel().currentChanged.connect(self._schedule_selection)
        self._selection_timer = QTimer(self)
        self._selection_timer.setSingleShot(True)
        self._selection_timer.setInterval(0)
        self._selection_timer.timeout.connect(self._selection_changed)
        self._build_actions()
        fit_to_screen(self, QSize(1500, 900), fraction=1.0)
        self.reload()

    # -- actions -----------------------------------------------------------------------------
    def _action(self, text: str, slot: Callable, shortcuts=(), widget: QWidget | None = None) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.triggered.connect(lambda _checked=False: slot())
        (widget or self).addAction(action)
        if widget is not None:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        edit = bar.addMenu(_("&Rediger"))
        self.undo_action = self.undo_stack.createUndoAction(self, _("&Fortryd"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, _("&Gentag"))
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        for extra in (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")):
            if extra not in redo_keys:
                redo_keys.append(extra)
        self.redo_action.setShortcuts(redo_keys)
        for action in (self.undo_action, self.redo_action):
            self.addAction(action)
            edit.addAction(action)
        view = bar.addMenu(_("&Vis"))
        view.addAction(self._action(_("&Fotogitter"), lambda: self.show_view(GRID), ["Ctrl+1"]))
        view.addAction(self._action(_("&Tabel"), lambda: self.show_view(TABLE), ["Ctrl+2"]))
        view.addSeparator()
        view.addAction(self._action(_("&Søg"), self.focus_search, [QKeySequence.StandardKey.Find]))
        view.addAction(self._action(_("&Nulstil filtre"), self.filters.reset, ["Ctrl+Shift+F"]))
        view.addAction(self._action(_("&Opdatér"), self.reload, [QKeySequence.StandardKey.Refresh]))
        view.addSeparator()  # a window of its own: the keyboard closes it as the floor placement window
        view.addAction(self._action(_("&Luk vinduet"), self.close, ["Ctrl+W", "Ctrl+F4"]))
        decide = bar.addMenu(_("&Beslut"))
        for kind, text, key in (("reuse", _("&Genbrug"), "G"), ("dispose", _("&Kassér …"), "K"),
                                ("pending", _("&Afventer"), "A"), ("inspect", _("Skal &besigtiges"), "B")):
            decide.addAction(self._action(text, lambda k=kind: self.decide_key(k), [key], self.views))
        decide.addSeparator()
        decide.addAction(self._action(_("&Anvend formularen på markerede"), self.panel.request_apply,
                                      ["Ctrl+Return", "Ctrl+Enter"]))
        decide.addAction(self._action(_("&Opdel antal …"), self.open_split, ["Ctrl+D"]))
        decide.addSeparator()
        decide.addAction(self._action(_("&Rumgennemgang …"), self.open_room_walk, ["Ctrl+Shift+R"]))
        board = bar.addMenu(_("&Direktionen"))
        self.board_pdf_action = self._action(_("Indstilling som &PDF …"), self.open_board_pdf)
        board.addAction(self.board_pdf_action)
        help_menu = bar.addMenu(_("&Hjælp"))
        help_menu.addAction(self._action(_("&Tastaturgenveje"), lambda: show_shortcuts(self, REVIEW_SHORTCUTS, _(
            "I gitteret og tabellen")), [QKeySequence.StandardKey.HelpContents]))

    # -- data ----------------------------------------------------------------------------------
    def reload(self) -> None:
        self.filters.populate(self.review)
        self.panel.set_targets(self.review.centres(), self.review.floors())
        self.model.set_filter(self.filters.current())
        self.model.reload()
        self._after_rows_changed()

    def _filter_changed(self, review_filter) -> None:
        self.model.set_filter(review_filter)
        self._after_rows_changed()

    def _after_rows_changed(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count
        self.count_label.setText(_("{shown} af {total} genstande", shown=format_number(shown, 0),
                                   total=format_number(total, 0)))
        if total == 0:
            self.empty.setText(_("Ingen genstande registreret endnu."))
        elif shown == 0:
            self.empty.setText(_("Ingen genstande matcher filtrene. Nulstil dem med Ctrl+Shift+F."))
        self.empty.setVisible(shown == 0)
        self.views.setVisible(shown > 0)
        self._selection_changed()
        self._sync_form()

    def _refresh(self, item_ids: list[int]) -> None:
        self.model.refresh_items(item_ids)
        self._selection_changed()
        self._sync_form(force=True)

    def _sync_form(self, force: bool = False) -> None:
        """A new selection gets a fresh form: one item shows its decision, several start at »(uændret)«.

        Nothing typed for earlier items (a reason, a route) carries over to the new ones.
        """
        ids = self.selected_ids()
        if ids == self._form_ids and not force:
            return
        self._form_ids = ids
        state = None
        if len(ids) == 1:
            try:
                state = self.decisions.state(ids[0])
            except DecisionError:
                state = None
        self.panel.load_form(state)

    # -- selection ---------------------------------------------------------------------------
    def current_view(self) -> QAbstractItemView:
        return self.grid if self.views.currentIndex() == GRID else self.table

    def selected_ids(self) -> list[int]:
        view = self.current_view()
        if view is self.grid:
            indexes = view.selectionModel().selectedIndexes()
        else:
            indexes = view.selectionModel().selectedRows(0)
        ids = [index.data(ID_ROLE) for index in sorted(indexes, key=lambda i: i.row())]
        if not ids and view.currentIndex().isValid():
            ids = [view.currentIndex().data(ID_ROLE)]
        return ids

    def current_id(self) -> int | None:
        index = self.current_view().currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def select_ids(self, ids: list[int], current: int | None = None) -> None:
        view = self.current_view()
        selection = QItemSelection()
        for item_id in ids:
            row = self.model.row_for_id(item_id)
            if row is None:
                continue
            index = self.grid_model.index(row) if view is self.grid else self.model.index_of_item(item_id)
            selection.select(index, index)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        if view is self.table:
            flags |= QItemSelectionModel.SelectionFlag.Rows
        view.selectionModel().select(selection, flags)
        target = current if current is not None else (ids[0] if ids else None)
        row = self.model.row_for_id(target) if target is not None else None
        if row is not None:
            index = self.grid_model.index(row) if view is self.grid else self.model.index_of_item(target)
            view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
            view.scrollTo(index)

    def show_view(self, which: int) -> None:
        ids, current = self.selected_ids(), self.current_id()
        self.views.setCurrentIndex(which)
        self.select_ids(ids, current)
        self.current_view().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _schedule_selection(self, *_args) -> None:
        self._selection_timer.start()

    def _selection_changed(self) -> None:
        ids = self.selected_ids()
        self.count_label.setText(_("{shown} af {total} genstande", shown=format_number(self.model.rowCount(), 0),
                                   total=format_number(self.model.total_count, 0))
                                 + (_(" · {n} markeret", n=format_number(len(ids), 0)) if ids else ""))
        item_id = self.current_id() or (ids[0] if ids else None)
        row = self.model.row_for_id(item_id) if item_id is not None else None
        if row is None:
            self.panel.clear_item(len(ids))
            return
        try:
            state = self.decisions.state(item_id)
        except DecisionError:
            self.panel.clear_item(len(ids))
            return
        self.panel.show_item(self.model.item_at(row), state, self.review.history(item_id), len(ids))

    # -- commands ----------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search.selectAll()

    def _run(self, action: Callable[[list[int]], Change], ids: list[int] | None = None) -> Change | None:
        ids = self.selected_ids() if ids is None else ids
        if not ids:
            self.panel.show_message(_("Markér først en eller flere genstande"))
            return None
        try:
            change = action(ids)
        except DecisionError as exc:
            self.panel.show_message(str(exc))
            return None
        self.undo_stack.push(ChangeCommand(self.decisions, change, self._refresh, self._undo_failed))
        self._refresh(change.item_ids)
        if change.skipped:
            names = ", ".join(change.skipped)
            self.panel.show_message(_("{label}: gemt. Sprunget over (godkendt af direktionen og låst): {names}. "
                                      "Ctrl+Z fortryder.", label=change.label, names=names))
            self.statusBar().showMessage(_("Sprunget over, da de er låst: {names}", names=names), 10000)
        else:
            self.panel.show_message(_("{label}: gemt. Ctrl+Z fortryder.", label=change.label), error=False)
        return change

    def _undo_failed(self, message: str) -> None:
        self.panel.show_message(message)
        QTimer.singleShot(0, self.reload)

    def decide_key(self, kind: str) -> None:
        if kind == "dispose":  # a disposal needs a route: choose it, then Ctrl+Enter
            self.panel.tabs.setCurrentIndex(0)
            self.panel.choose_kind("dispose")
            self.panel.route.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.panel.show_message(_("Vælg ruten (piletaster) og tryk Ctrl+Enter"), error=False)
            return
        # G/A/B set only the kind: a reason typed in the form belongs to the form's own Ctrl+Enter
        self._run(lambda ids: self.decisions.bulk(ids, BulkEdit(kind=kind)))

    def apply_edit(self, edit: BulkEdit) -> None:
        if self._run(lambda ids: self.decisions.bulk(ids, edit)) is not None:
            self.current_view().setFocus()  # the form now shows the items as saved

    def vote(self, kind: str, route: str, comment: str) -> None:
        item_id = self.current_id()
        if self._run(lambda ids: self.decisions.vote(ids[0], kind, route, comment),
                     [item_id] if item_id is not None else []) is not None:
            self.panel.vote_comment.clear()

    def _approve(self, ref: str, at) -> None:
        if self._run(lambda ids: self.decisions.approve(ids, ref, at)) is not None:
            self.panel.meeting_ref.clear()  # the next approval is usually another meeting's

    def _reopen(self, reason: str) -> None:
        if self._run(lambda ids: self.decisions.reopen(ids, reason)) is not None:
            self.panel.reopen_reason.clear()

    def open_split(self) -> None:
        item_id = self.current_id()
        row = self.model.row_for_id(item_id) if item_id is not None else None
        if row is None:
            self.panel.show_message(_("Vælg den genstand, hvis antal skal opdeles"))
            return
        item = self.model.item_at(row)
        if item.quantity < 2:
            self.panel.show_message(_("{name} har kun 1 stk. og kan ikke opdeles", name=item.label_code or item.title))
            return
        state = self.decisions.state(item_id)
        centres = self.review.centres()
        item_centre = next((text for key, text in centres if key == state.target_centre_id), "")
        self.split_dialog = SplitDialog(item.label_code or item.title, item.quantity, self, centres=centres,
                                        item_centre=item_centre, state=state)
        self.split_dialog.accepted.connect(lambda: self._run(
            lambda ids: self.decisions.split(item_id, self.split_dialog.specs()), [item_id]))
        self.split_dialog.open()

    def open_board_pdf(self) -> BoardPdfDialog:
        """Ask for the meeting (reference and date) and the file, then make the board paper (menu action)."""
        from pathlib import Path

        from inventar.services.review.board_pdf import default_meeting

        self.board_pdf_dialog = BoardPdfDialog(default_meeting(), Path.home(), self)
        dialog = self.board_pdf_dialog
        dialog.accepted.connect(lambda: self.save_board_pdf(dialog.target(), dialog.meeting_ref(),
                                                            dialog.meeting_day()))
        dialog.open()
        return dialog

    def save_board_pdf(self, path: str, meeting: str = "", day=None) -> int:
        """The board's meeting paper as a PDF (the board Excel list's proposals); returns its page count."""
        from inventar.errors import UserError
        from inventar.services.review.board_pdf import write_board_pdf
        from inventar.ui.jobs import show_user_error

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:  # painted here, on the GUI thread: the paper is a few pages
            pages = write_board_pdf(path, self.photos, meeting, day)
        except OSError as exc:
            from inventar.errors import FileError

            show_user_error(self, _("Indstilling som PDF"), FileError.from_os_error(exc))
            return 0
        except UserError as exc:
            show_user_error(self, _("Indstilling som PDF"), exc)
            return 0
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.statusBar().showMessage(_("Gemt {path} ({pages} sider)", path=path, pages=pages), 10000)
        return pages

    def open_room_walk(self) -> None:
        if self.room_walk is None:
            self.room_walk = RoomWalkDialog(RoomWalkService(), self.review, self)
        bring_to_front(self.room_walk)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.room_walk is not None:
            self.room_walk.close()
        super().closeEvent(event)


def bring_to_front(window: QWidget) -> None:
    window.show()
    if QGuiApplication.platformName() != "offscreen":  # the test platform warns that it cannot raise
        window.raise_()
    window.activateWindow()

