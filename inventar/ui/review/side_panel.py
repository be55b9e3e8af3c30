"""The right-hand side of the review screen: large preview, decision, votes, board approval, history.

The panel only collects input and shows state; it emits requests and the review
window runs them through the services (and its undo stack).
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inventar.domain.fields import field_label
from inventar.domain.times import display_value, format_datetime
from inventar.domain.vocabulary import APPROVAL_STATES, DECISION_KINDS, DISPOSAL_ROUTES
from inventar.i18n import _
from inventar.services.photos.store import PhotoStore
from inventar.services.review.decisions import UNCHANGED, BulkEdit, ItemState
from inventar.services.review.rows import HistoryLine, ReviewRow
from inventar.ui.geometry import scrolling
from inventar.ui.review.rows_model import RowsModel

PREVIEW = QSize(440, 330)


def _combo(items: list[tuple[object, str]], name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for data, text in items:
        combo.addItem(text, data)
    return combo


def _table(model: RowsModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def _change_text(line: HistoryLine) -> str:
    if not line.field:
        return line.action
    return line.field if line.field.startswith(line.action) else f"{line.action}: {line.field}"


class ReviewSidePanel(QWidget):
    applyRequested = Signal(object)  # BulkEdit
    voteRequested = Signal(str, str, str)  # kind, route, comment
    splitRequested = Signal()
    proposeRequested = Signal()
    approveRequested = Signal(str, object)  # meeting ref, date
    rejectRequested = Signal(str, object)
    reopenRequested = Signal(str)

    def __init__(self, photos: PhotoStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.photos = photos
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        self.preview = QLabel(_("Vælg en genstand for at se det store foto"))
        self.preview.setObjectName("reviewPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # On a low laptop screen the photo gives way (splitter) before the form does; the form scrolls.
        self.preview.setMinimumSize(PREVIEW.width() // 2, PREVIEW.height() // 2)
        self.preview.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.preview.setStyleSheet("background: palette(midlight); border-radius: 4px; color: palette(mid);")
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.preview, 1)
        self.caption = QLabel()
        self.caption.setObjectName("reviewCaption")
        self.caption.setWordWrap(True)
        top_layout.addWidget(self.caption)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reviewTabs")
        self.decision_area = scrolling(self._decision_tab())
        self.tabs.addTab(self.decision_area, _("Besl&utning"))
        self.tabs.addTab(scrolling(self._approval_tab()), _("&Direktionen"))
        self.history_model = RowsModel([_("Hvornår og hvem"), _("Ændring"), _("Før → efter")], self)
        self.history = _table(self.history_model, "historyTable")
        self.history.setWordWrap(True)
        self.history.setColumnWidth(0, 110)
        self.history.setColumnWidth(1, 170)
        self.tabs.addTab(self.history, _("&Historik"))
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("reviewPanelSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([PREVIEW.height() + 40, 400])
        self._user_split = False  # once the user drags the splitter, it stays where they put it
        self.splitter.splitterMoved.connect(self._splitter_moved)
        layout.addWidget(self.splitter, 1)
        self.message = QLabel()
        self.message.setObjectName("reviewMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)

    # -- building -----------------------------------------------------------------------
    def _splitter_moved(self, _pos: int, _index: int) -> None:
        self._user_split = True

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if not self._user_split:
            self.fit_splitter()

    def fit_splitter(self) -> None:
        """The tabs get the height the decision tab needs (the form and the whole vote box, no scrolling);
        the photo takes what is left, down to half its size (then the tab scrolls)."""
        content = self.decision_area.widget()
        need = content.sizeHint().height() + self.tabs.tabBar().sizeHint().height() + 2 * self.tabs.style() \
            .pixelMetric(self.tabs.style().PixelMetric.PM_DefaultFrameWidth) + 4
        total = self.splitter.height() - self.splitter.handleWidth()
        photo = max(self.splitter.widget(0).minimumSizeHint().height(), total - need)
        self.splitter.setSizes([photo, max(total - photo, 0)])

    def _request_vote(self) -> None:
        kind = self.vote_kind.currentData()
        route = self.vote_route.currentData() if kind == "dispose" else ""
        self.voteRequested.emit(kind, route, self.vote_comment.text())

    def _decision_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        box = QGroupBox(_("Beslutning for de markerede"))
        form = QFormLayout(box)
        self.kind = _combo([(None, _("(uændret)"))] + [(k, _(v)) for k, v in DECISION_KINDS.items()], "kindCombo")
        self.route = _combo([("", _("(vælg rute)"))] + [(k, _(v)) for k, v in DISPOSAL_ROUTES.items()], "routeCombo")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.route.setEnabled(False)
        self.reason = QLineEdit()
        self.reason.setObjectName("reasonEdit")
        self.reason.setPlaceholderText(_("Hvorfor? (fx »klassiker i god stand«)"))
        self.centre = _combo([(UNCHANGED, _("(uændret)"))], "centreCombo")
        self.floor = _combo([(UNCHANGED, _("(uændret)"))], "floorCombo")
        form.addRow(field_label("kind") + ":", self.kind)
        form.addRow(field_label("route") + ":", self.route)
        form.addRow(field_label("reason") + ":", self.reason)
        form.addRow(field_label("target_centre_id") + ":", self.centre)
        form.addRow(field_label("target_floor_id") + ":", self.floor)
        buttons = QHBoxLayout()
        self.apply_button = QPushButton(_("Anvend på markerede  (Ctrl+Enter)"))
        self.apply_button.setObjectName("applyButton")
        self.apply_button.clicked.connect(self.request_apply)
        self.split_button = QPushButton(_("Opdel antal …"))
        self.split_button.setObjectName("splitButton")
        self.split_button.clicked.connect(self.splitRequested)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.split_button)
        form.addRow(buttons)
        layout.addWidget(box)

        votes = QGroupBox(_("Stemmer fra brugergruppen"))
        votes_layout = QVBoxLayout(votes)
        self.tally = QLabel()
        self.tally.setObjectName("tallyLabel")
        votes_layout.addWidget(self.tally)
        self.votes_model = RowsModel([_("Hvem"), _("Stemme"), _("Kommentar"), _("Hvornår")], self)
        self.votes = _table(self.votes_model, "votesTable")
        self.votes.setMaximumHeight(100)
        votes_layout.addWidget(self.votes)
        row = QHBoxLayout()
        second = QHBoxLayout()
        self.vote_kind = _combo([(k, _(v)) for k, v in DECISION_KINDS.items()], "voteKindCombo")
        self.vote_route = _combo([("", _("(rute)"))] + [(k, _(v)) for k, v in DISPOSAL_ROUTES.items()],
                                 "voteRouteCombo")
        self.vote_comment = QLineEdit()
        self.vote_comment.setObjectName("voteComment")
        self.vote_comment.setPlaceholderText(_("Kommentar"))
        self.vote_button = QPushButton(_("Stem"))
        self.vote_button.setObjectName("voteButton")
        self.vote_button.clicked.connect(self._request_vote)
        self.vote_comment.returnPressed.connect(self._request_vote)  # Enter votes
        row.addWidget(QLabel(_("Min stemme:")))
        row.addWidget(self.vote_kind, 1)
        row.addWidget(self.vote_route, 1)
        second.addWidget(self.vote_comment, 1)
        second.addWidget(self.vote_button)
        votes_layout.addLayout(row)
        votes_layout.addLayout(second)
        layout.addWidget(votes)
        layout.addStretch(1)
        return tab

    def _approval_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.approval_state = QLabel()
        self.approval_state.setObjectName("approvalState")
        self.approval_state.setWordWrap(True)
        layout.addWidget(self.approval_state)
        self.propose_button = QPushButton(_("Indstil de markerede til direktionen"))
        self.propose_button.setObjectName("proposeButton")
        self.propose_button.clicked.connect(self.proposeRequested)
        layout.addWidget(self.propose_button)
        board = QGroupBox(_("Direktionens afgørelse"))
        form = QFormLayout(board)
        self.meeting_ref = QLineEdit()
        self.meeting_ref.setObjectName("meetingRef")
        self.meeting_ref.setPlaceholderText(_("fx Direktionsmøde 23-08-2021, pkt. 4"))
        self.meeting_date = QDateEdit(QDate.currentDate())
        self.meeting_date.setObjectName("meetingDate")
        self.meeting_date.setCalendarPopup(True)
        self.meeting_date.setDisplayFormat("dd-MM-yyyy")
        form.addRow(field_label("meeting_ref") + ":", self.meeting_ref)
        form.addRow(_("Dato:"), self.meeting_date)
        buttons = QHBoxLayout()
        self.approve_button = QPushButton(_("Godkend"))
        self.approve_button.setObjectName("approveButton")
        self.reject_button = QPushButton(_("Afvis"))
        self.reject_button.setObjectName("rejectButton")
        self.approve_button.clicked.connect(lambda: self.approveRequested.emit(self.meeting_ref.text(),
                                                                               self._date()))
        self.reject_button.clicked.connect(lambda: self.rejectRequested.emit(self.meeting_ref.text(), self._date()))
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.reject_button)
        form.addRow(buttons)
        layout.addWidget(board)
        reopen = QGroupBox(_("Genåbn en godkendt beslutning"))
        reopen_layout = QHBoxLayout(reopen)
        self.reopen_reason = QLineEdit()
        self.reopen_reason.setObjectName("reopenReason")
        self.reopen_reason.setPlaceholderText(_("Begrundelse (skal udfyldes)"))
        self.reopen_button = QPushButton(_("Genåbn"))
        self.reopen_button.setObjectName("reopenButton")
        self.reopen_button.clicked.connect(lambda: self.reopenRequested.emit(self.reopen_reason.text()))
        reopen_layout.addWidget(self.reopen_reason, 1)
        reopen_layout.addWidget(self.reopen_button)
        layout.addWidget(reopen)
        layout.addStretch(1)
        return tab

    def _date(self):
        from datetime import datetime

        d = self.meeting_date.date()
        return datetime(d.year(), d.month(), d.day())

    def set_targets(self, centres: list[tuple[int, str]], floors: list[tuple[int, str]]) -> None:
        for combo, options in ((self.centre, centres), (self.floor, floors)):
            combo.clear()
            combo.addItem(_("(uændret)"), UNCHANGED)
            combo.addItem(_("(ingen)"), None)
            for data, text in options:
                combo.addItem(text, data)

    # -- requests ---------------------------------------------------------------------
    def _kind_changed(self) -> None:
        dispose = self.kind.currentData() == "dispose"
        self.route.setEnabled(dispose)
        if not dispose:
            self.route.setCurrentIndex(0)

    def choose_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def edit(self) -> BulkEdit:
        kind = self.kind.currentData()
        reason = self.reason.text().strip()
        return BulkEdit(kind=kind, route=self.route.currentData() if kind == "dispose" else "",
                        reason=reason or None, target_centre_id=self.centre.currentData(),
                        target_floor_id=self.floor.currentData())

    def request_apply(self) -> None:
        self.applyRequested.emit(self.edit())

    def reset_form(self) -> None:
        self.kind.setCurrentIndex(0)
        self.reason.clear()
        self.centre.setCurrentIndex(0)
        self.floor.setCurrentIndex(0)

    def load_form(self, state: ItemState | None) -> None:
        """Fill the form with one item's decision and target (``None``: several items, all »(uændret)«)."""
        self.reset_form()
        if state is None:
            return
        if len(state.decisions) == 1:  # a split item's parts are edited in the split dialog
            decision = state.decisions[0]
            self.choose_kind(decision.kind)
            self.route.setCurrentIndex(max(0, self.route.findData(decision.route)))
            self.reason.setText(decision.reason)
        for combo, value in ((self.centre, state.target_centre_id), (self.floor, state.target_floor_id)):
            index = combo.findData(value)
            if index >= 0:
                combo.setCurrentIndex(index)

    # -- showing ---------------------------------------------------------------------------
    def show_message(self, text: str, error: bool = True) -> None:
        self.message.setStyleSheet("color: #b03a2e; font-weight: bold;" if error else "color: #2e7d32;")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def clear_item(self, selected: int = 0) -> None:
        self.preview.setPixmap(QPixmap())
        self.preview.setText(_("Vælg en genstand for at se det store foto") if not selected
                             else _("{n} genstande markeret", n=selected))
        self.caption.setText("")
        self.history_model.set_rows([])
        self.votes_model.set_rows([])
        self.tally.setText("")
        self.approval_state.setText("")

    def show_item(self, row: ReviewRow, state: ItemState, history: list[HistoryLine], selected: int) -> None:
        self._show_photo(row.primary_photo)
        extra = _(" · {n} markeret", n=selected) if selected > 1 else ""
        code = f"<b>{row.label_code}</b> · " if row.label_code else ""
        self.caption.setText(f"{code}<b>{row.title}</b> · {row.room} · "
                             + _("{n} stk.", n=row.quantity) + extra)
        self.votes_model.set_rows([(v.voter, _(DECISION_KINDS.get(v.kind, v.kind))
                                    + (f" ({_(DISPOSAL_ROUTES.get(v.route, v.route)).lower()})" if v.route else ""),
                                    v.comment, format_datetime(v.voted_at))
                                   for v in state.votes])
        self.votes.resizeColumnsToContents()
        self.tally.setText(_("Optælling: {tally}", tally=row.votes_text) if row.votes_text else _("Ingen stemmer endnu"))
        parts: list[str] = []
        for d in state.decisions:
            text = _(APPROVAL_STATES.get(d.approval, d.approval))
            if d.meeting_ref:
                text += f" – {d.meeting_ref}"
            if d.approved_at:
                text += f" ({d.approved_at:%d-%m-%Y})"
            if text not in parts:
                parts.append(text)
        lock = _("\nLåst: genåbn med en begrundelse for at ændre.") if state.locked else ""
        self.approval_state.setText(_("Godkendelse: {state}", state="; ".join(parts) or _("ingen beslutning endnu"))
                                    + lock)
        self.history_model.set_rows([(f"{format_datetime(h.at)}\n{h.who}", _change_text(h),
                                      f"{display_value(h.before) or '–'} → {display_value(h.after) or '–'}"
                                      if h.field else "")
                                     for h in history],
                                    [(h.at, h.who, h.action, h.field, h.before, h.after) for h in history])
        self.history.resizeRowsToContents()

    def _show_photo(self, file_hash: str | None) -> None:
        if not file_hash:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(_("Intet foto"))
            return
        reader = QImageReader(str(self.photos.path_for(file_hash)))
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid():
            reader.setScaledSize(size.scaled(PREVIEW, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if image.isNull():
            self.preview.setPixmap(QPixmap())
            self.preview.setText(_("Fotoet mangler i fotomappen"))
        else:
            self.preview.setPixmap(QPixmap.fromImage(image))
