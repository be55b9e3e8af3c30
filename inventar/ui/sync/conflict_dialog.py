"""The conflict dialog: someone else saved the row while it was open; choose per field.

Each differing field is one line: its name, »Min version« and »Den gemte
version« as two radio buttons.  The side that changed the field is preselected
when the version both started from is known; otherwise the user's own value.

:func:`save_item_resolving_conflicts` is the helper an edit form calls instead
of ``ItemService.update``: it shows this dialog on a :class:`ConflictError`,
and the connection dialog when the shared database is gone, and returns the
new row version (or None: nothing saved, the form keeps its input).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from inventar.domain.items import ItemData
from inventar.domain.sync import MINE, THEIRS, Conflict
from inventar.domain.times import format_datetime
from inventar.i18n import _
from inventar.services.items.service import ConflictError, ItemService
from inventar.services.sync.conflicts import (
    VersionConflictError,
    decision_conflict,
    item_conflict,
    resolved_item_data,
    update_decision,
)
from inventar.ui.geometry import fit_to_screen
from inventar.ui.sync.connection_guard import run_with_reconnect


class ConflictDialog(QDialog):
    def __init__(self, conflict: Conflict, parent: QWidget | None = None, intro: str | None = None,
                 headers: tuple[str, str] | None = None, note: str | None = None) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.setObjectName("conflictDialog")
        self.setWindowTitle(_("Ændret af en anden"))
        self.setMinimumWidth(640)
        self._groups: dict[str, QButtonGroup] = {}
        self._buttons: dict[tuple[str, str], QRadioButton] = {}

        when = format_datetime(conflict.theirs_at)[11:] if hasattr(conflict.theirs_at, "strftime") else ""
        who = conflict.theirs_by or _("en anden bruger")
        intro = QLabel(intro or _("<b>{title}</b> blev gemt af {who}{when}, mens du havde den åben. Intet er "
                                  "overskrevet.<br>Vælg for hvert felt, hvilken værdi der skal gemmes.",
                                  title=conflict.title, who=who, when=_(" kl. {time}", time=when) if when else ""))
        intro.setObjectName("conflictIntro")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)

        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setHorizontalSpacing(18)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        mine_header, theirs_header = headers or (_("Min version"), _("Den gemte version"))
        for column, text in enumerate((_("Felt"), mine_header, theirs_header)):
            header = QLabel(f"<b>{text}</b>")
            grid.addWidget(header, 0, column)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        grid.addWidget(line, 1, 0, 1, 3)
        for row, field in enumerate(conflict.fields, start=2):
            grid.addWidget(QLabel(field.label), row, 0, Qt.AlignmentFlag.AlignVCenter)
            group = QButtonGroup(self)
            for column, (side, text) in enumerate(((MINE, field.mine_text), (THEIRS, field.theirs_text)), start=1):
                button = QRadioButton(text)
                button.setObjectName(f"{field.name}_{side}")
                button.setToolTip(text)
                button.setChecked(side == field.suggested)
                group.addButton(button)
                self._buttons[(field.name, side)] = button
                grid.addWidget(button, row, column, Qt.AlignmentFlag.AlignVCenter)
            self._groups[field.name] = group
        grid.setRowStretch(len(conflict.fields) + 2, 1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(grid_host)

        buttons = QDialogButtonBox()
        self.all_mine = QPushButton(_("Alle &mine") if headers is None else _("Alle fra &venstre"))
        self.all_mine.setObjectName("allMine")
        self.all_theirs = QPushButton(_("Alle &gemte") if headers is None else _("Alle fra &højre"))
        self.all_theirs.setObjectName("allTheirs")
        self.save_button = buttons.addButton(_("&Gem de valgte"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveChosen")
        self.save_button.setDefault(True)
        cancel = buttons.addButton(_("Annullér"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancel")
        self.all_mine.clicked.connect(lambda: self.choose_all(MINE))
        self.all_theirs.clicked.connect(lambda: self.choose_all(THEIRS))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.accept)

        note = QLabel(note or _("Annullér gemmer intet; dine indtastninger i formularen er bevaret."))
        note.setStyleSheet("color: palette(mid);")

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(note)
        row_of_buttons = QHBoxLayout()
        row_of_buttons.addWidget(self.all_mine)
        row_of_buttons.addWidget(self.all_theirs)
        row_of_buttons.addStretch(1)
        row_of_buttons.addWidget(buttons)
        layout.addLayout(row_of_buttons)
        rows = len(conflict.fields)
        width = min(1100, max(640, grid_host.sizeHint().width() + 48))
        fit_to_screen(self, QSize(width, min(600, 170 + 30 * rows)))
        self.save_button.setFocus()

    def choose(self, field_name: str, side: str) -> None:
        self._buttons[(field_name, side)].setChecked(True)

    def choose_all(self, side: str) -> None:
        for field in self.conflict.fields:
            self.choose(field.name, side)

    def choices(self) -> dict[str, str]:
        return {name: (MINE if self._buttons[(name, MINE)].isChecked() else THEIRS) for name in self._groups}

    def resolved(self) -> dict[str, Any]:
        return self.conflict.resolve(self.choices())


def ask_choices(parent: QWidget | None, conflict: Conflict) -> dict[str, str] | None:
    """Show the dialog; the choices, or None when the user cancelled."""
    dialog = ConflictDialog(conflict, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    choices = dialog.choices() if accepted else None
    dialog.deleteLater()  # let Qt delete it from the event loop, not Python's garbage collector
    return choices


Asker = Callable[[QWidget | None, Conflict], "dict[str, str] | None"]


def save_item_resolving_conflicts(parent: QWidget | None, service: ItemService, db, item_id: int, data: ItemData,
                                  expected_version: int, base: ItemData | None = None,
                                  ask: Asker = ask_choices) -> int | None:
    """Save the edit form's ``data``; resolve conflicts and connection trouble with the user.

    Returns the new row version, or None when the user cancelled (nothing saved).
    """
    while True:
        attempt = ItemData(**data.as_dict())
        ok, outcome = run_with_reconnect(
            parent, db, lambda: _try_update(service, item_id, attempt, expected_version))  # noqa: B023 - called at once
        if not ok:
            return None
        if not isinstance(outcome, ConflictError):
            return outcome
        conflict = item_conflict(data, outcome, base)
        expected_version = conflict.theirs_version
        if not conflict.fields:
            continue  # they changed something this form does not show: nothing to choose
        choices = ask(parent, conflict)
        if choices is None:
            return None
        data = resolved_item_data(conflict, choices, data)


def _try_update(service: ItemService, item_id: int, data: ItemData, expected_version: int):
    try:
        return service.update(item_id, data, expected_version)
    except ConflictError as error:
        return error


def save_decision_resolving_conflicts(parent: QWidget | None, db, decision_id: int, values: dict[str, Any],
                                      expected_version: int, user: str, base: dict[str, Any] | None = None,
                                      ask: Asker = ask_choices) -> int | None:
    """The same for a decision (its fields as a plain dict)."""
    while True:
        attempt = dict(values)
        ok, outcome = run_with_reconnect(
            parent, db, lambda: _try_decision(decision_id, attempt, expected_version, user))  # noqa: B023 - called at once
        if not ok:
            return None
        if not isinstance(outcome, VersionConflictError):
            return outcome
        conflict = decision_conflict(values, outcome, base)
        expected_version = conflict.theirs_version
        if not conflict.fields:
            continue
        choices = ask(parent, conflict)
        if choices is None:
            return None
        values = {k: v for k, v in conflict.resolve(choices).items() if k in values}


def _try_decision(decision_id: int, values: dict[str, Any], expected_version: int, user: str):
    try:
        return update_decision(decision_id, values, expected_version, user)
    except VersionConflictError as error:
        return error
