"""Split an item's quantity over several decisions: of 40 chairs, 30 reuse and 10 dispose.

Each part shows the piece numbers it takes (the rule of :mod:`inventar.domain.labels.pieces`: parts take
consecutive pieces in order), so with per-piece labels the janitor knows which labelled pieces go where.
A reused part may go to a target centre of its own (»Målcenter«; by default the item's).
An item split before opens with its parts, so a split is edited rather than typed again.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inventar.domain.fields import field_label
from inventar.domain.labels.pieces import describe_range, piece_ranges
from inventar.domain.review import PartSpec
from inventar.domain.vocabulary import DECISION_KINDS, DISPOSAL_ROUTES
from inventar.i18n import _
from inventar.services.review.decisions import ItemState
from inventar.ui.geometry import fit_to_screen


class SplitDialog(QDialog):
    def __init__(self, title: str, total: int, parent: QWidget | None = None,
                 centres: list[tuple[int, str]] | None = None, item_centre: str = "",
                 state: ItemState | None = None) -> None:
        """``centres``: (id, text) to choose a part's own target centre from; ``item_centre``: the item's
        target centre as text (what a part without a centre of its own follows); ``state``: the item's
        decisions, to start from an earlier split."""
        super().__init__(parent)
        self.setObjectName("splitDialog")
        self.setWindowTitle(_("Opdel antal"))
        self.total = total
        self.centres = centres or []
        self.item_centre = item_centre
        layout = QVBoxLayout(self)
        intro = QLabel(_("<b>{title}</b>: {total} stk. Fordel antallet på beslutninger; delene beholder "
                         "genstandens etiket og oprindelse.", title=title, total=total))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.grid = QGridLayout()
        for column, text in enumerate([field_label(name) for name in ("quantity", "kind", "route", "reason",
                                                                      "target_centre_id")]):
            self.grid.addWidget(QLabel(f"<b>{text}</b>"), 0, column)
        self.grid.addWidget(QLabel("<b>" + _("Stk. nr.") + "</b>"), 0, 5)
        self.piece_labels: list[QLabel] = []
        layout.addLayout(self.grid)
        self.parts: list[tuple[QSpinBox, QComboBox, QComboBox, QLineEdit, QComboBox]] = []
        self.add_button = QPushButton(_("+ Tilføj del"))
        self.add_button.setObjectName("addPart")
        self.add_button.clicked.connect(lambda: self.add_part(0, "dispose"))
        layout.addWidget(self.add_button)
        self.sum_label = QLabel()
        self.sum_label.setObjectName("splitSum")
        layout.addWidget(self.sum_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Opdel"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Annullér"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        earlier = [d for d in state.decisions if d.quantity is not None] if state is not None else []
        if len(earlier) >= 2:
            for d in earlier:
                self.add_part(d.quantity, d.kind, d.route, d.reason, d.target_centre_id)
        else:
            first = max(total - total // 4, 1)
            self.add_part(first, "reuse")
            self.add_part(total - first, "dispose")
        fit_to_screen(self, self.sizeHint())

    def add_part(self, quantity: int, kind: str, route_code: str = "", reason_text: str = "",
                 centre_id: int | None = None) -> None:
        row = len(self.parts) + 1
        amount = QSpinBox()
        amount.setObjectName(f"partQuantity{row}")
        amount.setRange(0, self.total)
        amount.setValue(quantity)
        amount.setSuffix(_(" stk."))
        kind_combo = QComboBox()
        kind_combo.setObjectName(f"partKind{row}")
        for code, text in DECISION_KINDS.items():
            kind_combo.addItem(_(text), code)
        kind_combo.setCurrentIndex(kind_combo.findData(kind))
        route = QComboBox()
        route.setObjectName(f"partRoute{row}")
        route.addItem(_("(vælg rute)"), "")
        for code, text in DISPOSAL_ROUTES.items():
            route.addItem(_(text), code)
        route.setCurrentIndex(max(0, route.findData(route_code)))
        reason = QLineEdit(reason_text)
        reason.setObjectName(f"partReason{row}")
        centre = QComboBox()
        centre.setObjectName(f"partCentre{row}")
        centre.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        centre.setMinimumContentsLength(22)  # long centre names do not widen the dialog past a laptop screen
        centre.addItem(_("som genstanden: {centre}", centre=self.item_centre) if self.item_centre
                       else _("som genstanden: intet målcenter"), None)
        for centre_key, text in self.centres:
            centre.addItem(text, centre_key)
        if centre_id is not None:
            centre.setCurrentIndex(max(0, centre.findData(centre_id)))
        centre.setToolTip(_("Et eget målcenter for de stk., der genbruges; ellers følger delen genstandens"))
        for column, widget in enumerate((amount, kind_combo, route, reason, centre)):
            self.grid.addWidget(widget, row, column)
        pieces = QLabel()
        pieces.setObjectName(f"partPieces{row}")
        pieces.setToolTip(_("De stk., delen får: med en etiket pr. stk. følger etiketterne med disse numre delen"))
        self.grid.addWidget(pieces, row, 5)
        self.piece_labels.append(pieces)
        self.parts.append((amount, kind_combo, route, reason, centre))
        amount.valueChanged.connect(self._update)
        kind_combo.currentIndexChanged.connect(self._update)
        route.currentIndexChanged.connect(self._update)
        self._update()

    def specs(self) -> list[PartSpec]:
        return [PartSpec(a.value(), k.currentData(), r.currentData() if k.currentData() == "dispose" else "",
                         t.text().strip(), c.currentData() if k.currentData() == "reuse" else None)
                for a, k, r, t, c in self.parts if a.value() > 0]

    def _update(self) -> None:
        for _amount, kind, route, _reason, centre in self.parts:
            route.setEnabled(kind.currentData() == "dispose")
            centre.setEnabled(kind.currentData() == "reuse")
        given = sum(a.value() for a, *_rest in self.parts)
        for label, numbers in zip(self.piece_labels, piece_ranges([a.value() for a, *_rest in self.parts])):
            label.setText(describe_range(numbers))
        missing_route = any(k.currentData() == "dispose" and not r.currentData() and a.value() > 0
                            for a, k, r, *_rest in self.parts)
        ok = given == self.total and len(self.specs()) >= 2 and not missing_route
        if given != self.total:
            text = _("I alt {given} af {total} stk. – delene skal give det oprindelige antal",
                     given=given, total=self.total)
        elif missing_route:
            text = _("Vælg en rute for de kasserede")
        else:
            text = _("I alt {given} af {total} stk.", given=given, total=self.total)
        self.sum_label.setText(text)
        self.sum_label.setStyleSheet("" if ok else "color: #b03a2e;")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
