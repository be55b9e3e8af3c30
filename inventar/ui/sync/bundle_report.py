"""After a bundle import: what came in, what could not be placed, and the conflicts to resolve by hand.

Conflicts are resolved with the same per-field :class:`ConflictDialog` as a
lost update, »I bundtet« against »I denne database«.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inventar.i18n import _
from inventar.models.database import Store
from inventar.services.sync.bundle import ImportResult, apply_conflict_choice
from inventar.ui.geometry import fit_to_screen
from inventar.ui.sync.conflict_dialog import ConflictDialog


def summary_text(result: ImportResult) -> str:
    text = _("{new} nye og {updated} opdaterede genstande; {same} var allerede ens.",
             new=result.inserted.get("item", 0), updated=result.updated.get("item", 0),
             same=result.unchanged.get("item", 0))
    extra = [(result.inserted.get("decision", 0), _("nye beslutninger")),
             (result.inserted.get("photo", 0), _("nye fotos"))]
    parts = [f"{count} {label}" for count, label in extra if count]
    if parts:
        text += " " + ", ".join(parts).capitalize() + "."
    count = len(result.conflicts)
    if count == 1:
        text += "\n\n" + _("1 række er ændret både her og i bundtet; den er ikke overskrevet. Vælg selv pr. felt.")
    elif count:
        text += "\n\n" + _("{count} rækker er ændret både her og i bundtet; de er ikke overskrevet. Vælg selv "
                           "pr. felt.", count=count)
    return text


class BundleReportDialog(QDialog):
    def __init__(self, result: ImportResult, store: Store, user: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bundleReport")
        self.setWindowTitle(_("Bundt indlæst"))
        self.result_ = result
        self.store = store
        self.user = user
        self.resolved = 0
        self.summary = QLabel(summary_text(result))
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setObjectName("details")
        self.details.setReadOnly(True)
        self.details.setPlainText(self._details())
        self.details.setVisible(bool(self.details.toPlainText()))
        buttons = QDialogButtonBox()
        self.resolve_button = QPushButton(_("&Løs konflikter …"))
        self.resolve_button.setObjectName("resolveConflicts")
        self.resolve_button.setVisible(bool(result.conflicts))
        self.resolve_button.clicked.connect(lambda _checked=False: self.resolve_all())
        buttons.addButton(self.resolve_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(_("&Luk"), QDialogButtonBox.ButtonRole.AcceptRole)
        close.setDefault(not result.conflicts)
        self.resolve_button.setDefault(bool(result.conflicts))
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, QSize(680, 420 if not self.details.isHidden() else 160))  # not yet shown

    def _details(self) -> str:
        lines = [line for conflict in self.result_.conflicts for line in conflict.report_lines()]
        if self.result_.relabel:
            lines += ["", _("Sæt ny etiket på (koden var brugt her i forvejen):")] + [f"• {r}" for r in self.result_.relabel]
        if self.result_.problems:
            lines += ["", _("Ikke indlæst:")] + [f"• {p}" for p in self.result_.problems]
        return "\n".join(lines).strip()

    def resolve_all(self) -> int:
        """Open the conflict dialog for each unresolved conflict; returns how many were saved."""
        remaining = []
        for conflict in self.result_.conflicts:
            dialog = ConflictDialog(
                conflict, self,
                intro=_("<b>{title}</b> er ændret både i bundtet og i denne database. Vælg for hvert felt, "
                        "hvilken værdi der skal gælde.", title=conflict.title),
                headers=(_("I bundtet"), _("I denne database")),
                note=_("Annullér springer rækken over: den forbliver, som den er i denne database."))
            choices = dialog.choices() if dialog.exec() == QDialog.DialogCode.Accepted else None
            dialog.deleteLater()
            if choices is None or not apply_conflict_choice(self.store, conflict, choices, self.user):
                remaining.append(conflict)
            else:
                self.resolved += 1
        self.result_.conflicts = remaining
        self.details.setPlainText(self._details())
        self.resolve_button.setVisible(bool(remaining))
        self.summary.setText(summary_text(self.result_) if remaining else
                             _("Alle konflikter er løst ({count} gemt).", count=self.resolved))
        return self.resolved
