"""Room-walk audit: choose an old room, scan (or type) the labels there, see found/missing/unexpected.

The room box takes a typed room number whole (``0.07``): choosing a room does not move the
focus, Enter or Tab does.  Codes are read like in the registration form (:func:`normalise`,
so ``htk+wv1991+d`` from a US keyboard layout is ``HTK-WV1991-D``); a code whose check
character does not match is not counted, and a hint says so.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inventar.domain.labels.codes import LabelCodeError, normalise
from inventar.i18n import _
from inventar.services.review.room_walk import RoomWalkResult, RoomWalkService, normalise_code
from inventar.services.review.rows import ReviewService
from inventar.ui.geometry import fit_to_screen
from inventar.ui.review.rows_model import RowsModel

_BROWSING_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home,
                  Qt.Key.Key_End)


class RoomWalkDialog(QDialog):
    def __init__(self, service: RoomWalkService, review: ReviewService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roomWalkDialog")
        self.setWindowTitle(_("Rumgennemgang"))
        self.service = service
        self.codes: list[str] = []
        self.result = RoomWalkResult()
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.room = QComboBox()
        self.room.setObjectName("walkRoom")
        self.room.addItem(_("(vælg rum)"), None)
        for room_id, text, _floor in review.rooms():
            self.room.addItem(text, room_id)
        self.room.currentIndexChanged.connect(self._room_changed)
        # picked in the list (a click, or Enter in the open list); QComboBox says "activated" for every typed
        # character and arrow key too, and those must leave the focus in the box
        self._browsing = False
        self.room.activated.connect(self._room_picked)
        self.room.installEventFilter(self)
        self.scan = QLineEdit()
        self.scan.setObjectName("walkScan")
        self.scan.setPlaceholderText(_("Scan eller skriv etiketkoden og tryk Enter"))
        self.scan.returnPressed.connect(self._scanned)
        self.restart_button = QPushButton(_("Start forfra"))
        self.restart_button.setObjectName("walkRestart")
        self.restart_button.setAutoDefault(False)  # a scanner ends each code with Enter: never "click" this
        self.restart_button.clicked.connect(self.restart)
        room_label = QLabel(_("&Rum:"))
        room_label.setBuddy(self.room)
        scan_label = QLabel(_("&Etiket:"))
        scan_label.setBuddy(self.scan)
        for widget in (room_label, self.room, scan_label, self.scan, self.restart_button):
            top.addWidget(widget)
        top.setStretch(3, 1)
        layout.addLayout(top)
        self.summary = QLabel(_("Vælg det rum, du står i, og scan etiketterne på det, der står der."))
        self.summary.setObjectName("walkSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.hint = QLabel()
        self.hint.setObjectName("walkHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #b03a2e; font-weight: bold;")
        self.hint.hide()
        layout.addWidget(self.hint)

        headers = [_("Etiket"), _("Betegnelse"), _("Antal"), _("Registreret i")]
        self.models = {name: RowsModel(headers, self) for name in ("found", "missing", "unexpected")}
        self.models["unknown"] = RowsModel([_("Kode")], self)
        self.boxes: dict[str, QGroupBox] = {}
        grid = QGridLayout()
        for position, name in enumerate(("found", "missing", "unexpected", "unknown")):
            box = QGroupBox()
            box.setObjectName(f"walk_{name}")
            view = QTableView()
            view.setObjectName(f"walkTable_{name}")
            view.setModel(self.models[name])
            view.verticalHeader().hide()
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.horizontalHeader().setStretchLastSection(True)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            box_layout = QVBoxLayout(box)
            box_layout.addWidget(view)
            self.boxes[name] = box
            grid.addWidget(box, position // 2, position % 2)
        layout.addLayout(grid, 1)
        fit_to_screen(self, QSize(980, 640))
        self._show()

    def choose_room(self, room_id: int) -> None:
        self.room.setCurrentIndex(self.room.findData(room_id))
        self._focus_scan()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Enter in the room box: the room typed so far is the one; go on to scanning.  A character or an arrow
        key browses the rooms, and the focus stays."""
        if watched is self.room and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._browsing = False
                self._focus_scan()
                return True
            self._browsing = bool(event.text().strip()) or (
                event.key() in _BROWSING_KEYS and not event.modifiers() & Qt.KeyboardModifier.AltModifier)
        return super().eventFilter(watched, event)

    def _room_picked(self, _index: int) -> None:
        if not self._browsing:
            self._focus_scan()
        self._browsing = False

    def _focus_scan(self) -> None:
        self.scan.setFocus(Qt.FocusReason.OtherFocusReason)

    def _room_changed(self) -> None:
        # the focus stays: typing »0.07« goes on selecting until the whole number is typed
        self.codes.clear()
        self._set_hint("")
        self._evaluate()

    def restart(self) -> None:
        self._room_changed()
        self._focus_scan()

    def _set_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def add_code(self, code: str) -> None:
        try:
            code = normalise(code)
        except LabelCodeError as exc:
            if exc.reason == _("kontroltegnet passer ikke, så koden er tastet eller læst forkert"):
                self._set_hint(str(exc) + " " + _("Scan eller skriv koden igen."))
                return
            code = normalise_code(code)  # not a code of ours: listed as unknown (or an old-style label)
        self._set_hint("")
        if code and code not in self.codes:
            self.codes.append(code)
        self._evaluate()

    def _scanned(self) -> None:
        text = self.scan.text()
        self.scan.clear()
        if self.room.currentData() is None:
            self.summary.setText(_("Vælg først rummet, du står i"))
            return
        self.add_code(text)

    def _evaluate(self) -> None:
        room_id = self.room.currentData()
        self.result = RoomWalkResult() if room_id is None else self.service.classify(room_id, self.codes)
        self._show()

    def _show(self) -> None:
        r = self.result

        def rows(items):
            return [(i.label_code or _("(ingen etiket)"), i.title, i.quantity, i.room or _("(intet rum)"))
                    for i in items]

        self.models["found"].set_rows(rows(r.found))
        self.models["missing"].set_rows(rows(r.missing + r.unlabelled))
        self.models["unexpected"].set_rows(rows(r.unexpected))
        self.models["unknown"].set_rows([(code,) for code in r.unknown])
        titles = {"found": _("Fundet ({n})", n=len(r.found)),
                  "missing": _("Mangler ({n})", n=len(r.missing) + len(r.unlabelled)),
                  "unexpected": _("Uventet – registreret et andet sted ({n})", n=len(r.unexpected)),
                  "unknown": _("Ukendte koder ({n})", n=len(r.unknown))}
        for name, title in titles.items():
            self.boxes[name].setTitle(title)
        if self.room.currentData() is not None:
            text = _("{scanned} scannet · {found} fundet · {missing} mangler · {unexpected} uventede",
                     scanned=len(self.codes), found=len(r.found), missing=len(r.missing),
                     unexpected=len(r.unexpected))
            if r.unlabelled:
                text += " · " + _("{n} uden etiket (kan ikke scannes)", n=len(r.unlabelled))
            self.summary.setText(text)
