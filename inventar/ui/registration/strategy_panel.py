"""The strategy part of the registration form: criteria with help, and *gemt guld* with its reason.

When the item does not fit the strategy (category out of scope, or no criterion
ticked) the panel ticks *gemt guld* itself, keeps it ticked and asks for the reason; when
the item fits again it unticks what it ticked.  A saved item being corrected that was saved
so (registered under another strategy, imported from a list) keeps its warning but is not
forced, as long as its category and criteria stay as saved (:meth:`StrategyPanel.set_saved`).

By keyboard: the criteria are Alt+1, Alt+2 … (tickable before or after the warning);
*gemt guld* stays enabled so its mnemonic Alt+G always works – it ticks the box (or, when
the box must stay ticked, leaves it so) and puts the focus in the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QLabel, QLineEdit, QWidget

from inventar.domain.registration import Strategy
from inventar.i18n import _

GoldReason = Callable[[str, list[str]], "str | None"]


class StrategyPanel(QGroupBox):
    changed = Signal()

    def __init__(self, gold_reason: GoldReason, parent: QWidget | None = None) -> None:
        super().__init__(_("3. Strategi for registrering"), parent)
        self._gold_reason = gold_reason
        self._category = ""
        self._gold_forced = False
        self._saved: tuple[str, list[str]] | None = None  # category and criteria of a saved item being corrected
        self.layout_ = QGridLayout(self)
        self.criteria: dict[str, QCheckBox] = {}
        self.note = QLabel()
        self.note.setObjectName("strategyNote")
        self.note.setWordWrap(True)
        self.gold = QCheckBox(_("&Gemt guld: uden for strategien, men værd at gemme"))
        self.gold.setObjectName("hiddenGold")
        self.gold.toggled.connect(self.update_state)
        self.gold.clicked.connect(self._gold_clicked)
        self.reason = QLineEdit()
        self.reason.setObjectName("hidden_gold_reason")
        self.reason.setPlaceholderText(_("kort begrundelse, fx »Byvåben i messing fra 1938«"))

    def set_strategy(self, strategy: Strategy) -> None:
        """Show the criteria of ``strategy``; ticked codes it still has stay ticked."""
        checked = self.checked()
        while self.layout_.count():
            widget = self.layout_.takeAt(0).widget()
            if widget is not None and widget not in (self.note, self.gold, self.reason):
                widget.deleteLater()
        self.criteria = {}
        intro = QLabel(_("Sæt kryds ved det, der gør genstanden værd at registrere:"))
        intro.setWordWrap(True)
        self.layout_.addWidget(intro, 0, 0, 1, 2)
        row = 1
        for number, criterion in enumerate(strategy.criteria, start=1):
            name = _(criterion.name)  # the default strategy's names are in the catalogue; a custom file's stay
            box = QCheckBox(f"&{number} {name}" if number < 10 else name)
            box.setObjectName(f"criterion_{criterion.code}")
            box.setToolTip(_(criterion.help))
            box.setChecked(criterion.code in checked)
            box.toggled.connect(self.update_state)
            help_label = QLabel(_(criterion.help))
            help_label.setWordWrap(True)
            help_label.setStyleSheet("color: #505050; font-size: 8.5pt;")
            help_label.setMinimumHeight(2 * help_label.fontMetrics().lineSpacing() + 4)
            self.layout_.addWidget(box, row, 0, Qt.AlignmentFlag.AlignTop)
            self.layout_.addWidget(help_label, row, 1)
            self.criteria[criterion.code] = box
            row += 1
        self.layout_.setColumnStretch(1, 1)
        self.layout_.addWidget(self.note, row, 0, 1, 2)
        self.layout_.addWidget(self.gold, row + 1, 0, 1, 2)
        self.layout_.addWidget(self.reason, row + 2, 0, 1, 2)
        self.setToolTip(strategy.description)
        self.update_state()

    def focus_chain(self) -> list[QWidget]:
        return [*self.criteria.values(), self.gold, self.reason]

    def checked(self) -> list[str]:
        return [code for code, box in self.criteria.items() if box.isChecked()]

    def set_category(self, category: str) -> None:
        self._category = category
        self.update_state()

    def set_values(self, criteria: list[str], gold: bool, reason: str) -> None:
        for code, box in self.criteria.items():
            box.setChecked(code in criteria)
        self._gold_forced = False
        self.gold.setChecked(gold)
        self.reason.setText(reason)
        self.update_state()

    def set_saved(self, category: str | None, criteria: Sequence[str] = (), gold: bool = False) -> None:
        """Correcting a saved item (None: registering): when it was saved not fitting the strategy and without
        *gemt guld*, the panel does not force it while its category and criteria stay as saved."""
        self._saved = (category, sorted(criteria)) if category is not None and not gold else None

    def _fit(self) -> tuple[str | None, bool]:
        """Why the item does not fit the strategy (None: it fits), and whether it must therefore be *gemt guld*
        (not when a saved item is corrected with its category and criteria as saved)."""
        reason = self._gold_reason(self._category, self.checked()) if self._category else None
        return reason, reason is not None and self._saved != (self._category, sorted(self.checked()))

    def _gold_clicked(self, checked: bool) -> None:
        """Alt+G or a click: a required *gemt guld* stays ticked; a ticked one wants its reason next."""
        required = self._fit()[1]
        if required and not checked:
            self.gold.setChecked(True)
            checked = True
        if checked:
            self.reason.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.reason.selectAll()

    def update_state(self, *_args) -> None:
        reason, required = self._fit()
        self.gold.blockSignals(True)
        if required:
            if not self.gold.isChecked():
                self._gold_forced = True
            self.gold.setChecked(True)
            self.note.setText(_("⚠ {reason}. Sæt kryds ved et kriterium (Alt+1 …), eller gem genstanden som gemt "
                                "guld og skriv kort hvorfor (Alt+G).", reason=reason))
            self.note.setStyleSheet("color: #a04000; font-weight: bold;")
        else:
            if self._gold_forced:
                self.gold.setChecked(False)
                self._gold_forced = False
            if reason:  # saved so: corrections may keep it
                self.note.setText(_("⚠ {reason}. Sådan er genstanden gemt, og rettelser kan gemmes uden at ændre "
                                    "det; sæt kryds ved et kriterium eller ved gemt guld, hvis den skal passe til "
                                    "strategien.", reason=reason))
                self.note.setStyleSheet("color: #a04000;")
            else:
                self.note.setText(_("✓ Passer til strategien.") if self._category else "")
                self.note.setStyleSheet("color: #1e7b34;")
        self.gold.setToolTip(_("Skal være afkrydset: genstanden passer ikke til strategien") if required else "")
        self.gold.blockSignals(False)
        self.reason.setEnabled(self.gold.isChecked())
        self.changed.emit()
