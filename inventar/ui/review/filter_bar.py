"""The review screen's filters: search text and one combo box per criterion."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from inventar.domain.vocabulary import CATEGORIES, CONDITIONS, STRATEGY_CRITERIA, floor_name
from inventar.i18n import _
from inventar.services.review.rows import DECISION_FILTERS, ReviewFilter, ReviewService


class FilterBar(QWidget):
    changed = Signal(object)  # ReviewFilter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setObjectName("reviewSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Søg i etiket, betegnelse, rum, begrundelse … (Ctrl+F)"))
        self.combos: dict[str, QComboBox] = {}
        specs = [
            ("category", _("&Kategori")), ("floor", _("&Etage (gl.)")), ("room_id", _("Ru&m (gl.)")),
            ("criterion", _("&Strategi")), ("hidden_gold", _("&Gemt guld")), ("condition", _("S&tand")),
            ("decision", _("Beslutni&ng")), ("registrar", _("Reg&istrator")),
        ]
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 0, 0, 1, 5)
        self.reset_button = QPushButton(_("Nulstil filtre"))
        self.reset_button.setObjectName("resetFilters")
        self.reset_button.clicked.connect(self.reset)
        for position, (key, label) in enumerate(specs):
            combo = QComboBox()
            combo.setObjectName(f"filter_{key}")
            combo.setToolTip(label.replace("&", ""))
            combo.setMinimumContentsLength(10)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            self.combos[key] = combo
            combo.currentIndexChanged.connect(self._emit)
            caption = QLabel(label + ":")
            caption.setBuddy(combo)
            row = 1 if position < 4 else 2
            layout.addWidget(caption, row, (position % 4) * 2)
            layout.addWidget(combo, row, (position % 4) * 2 + 1)
        layout.addWidget(self.reset_button, 0, 7)
        self.search.textChanged.connect(self._emit)

    def populate(self, service: ReviewService) -> None:
        """Fill the combos from the database (keeps the current choices where they still exist)."""
        rooms = service.rooms()
        floors = sorted({floor for _id, _text, floor in rooms})
        options = {
            "category": [(k, _(v)) for k, v in CATEGORIES.items()],
            "floor": [(f, floor_name(f)) for f in floors],
            "room_id": [(room_id, text) for room_id, text, _floor in rooms],
            "criterion": [(k, _(v)) for k, v in STRATEGY_CRITERIA.items()] + [("none", _("(intet kriterium)"))],
            "hidden_gold": [("yes", _("Ja")), ("no", _("Nej"))],  # not bools: PySide6 mis-counts them in QVariant
            "condition": [(k, _(v)) for k, v in CONDITIONS.items()] + [(0, _("(ikke vurderet)"))],
            "decision": [(k, _(v)) for k, v in DECISION_FILTERS.items()],
            "registrar": [(name, name) for name in service.registrars()],
        }
        for key, combo in self.combos.items():
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("Alle"), None)
            for data, text in options[key]:
                combo.addItem(text, data)
            index = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    def current(self) -> ReviewFilter:
        values = {key: combo.currentData() for key, combo in self.combos.items()}
        values["hidden_gold"] = {"yes": True, "no": False}.get(values["hidden_gold"])
        return ReviewFilter(**values, text=self.search.text())

    def reset(self) -> None:
        for combo in self.combos.values():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._emit()

    def _emit(self, *_args) -> None:
        self.changed.emit(self.current())
