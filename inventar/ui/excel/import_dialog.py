"""The import preview: what the file holds, every rejected row (row, column, reason), then import or cancel.

Reading and writing run off the GUI thread; nothing is written before the user presses Importér.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from inventar.errors import UserError
from inventar.i18n import _
from inventar.models.database import Store
from inventar.services.excel.importer import ImportPlan, analyse, commit
from inventar.ui.geometry import fit_to_screen
from inventar.ui.jobs import Job, run_job
from inventar.ui.table_model import ListColumn, ListTableModel, sorted_proxy

REJECTION_COLUMNS = [
    ListColumn("Ark", lambda r: r.sheet),
    ListColumn("Række", lambda r: r.row, numeric=True),
    ListColumn("Kolonne", lambda r: r.column),
    ListColumn("Årsag", lambda r: r.reason),
]


class ImportDialog(QDialog):
    imported = Signal(object)  # the counts written

    def __init__(self, store: Store, path: str, parent=None, user: str | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.user = user  # the session's user signs the imported rows (None: the OS account)
        self.path = Path(path)
        self.plan: ImportPlan | None = None
        self.error: str | None = None
        self.counts: dict | None = None
        self.setWindowTitle(_("Importér fra Excel – {name}", name=self.path.name))
        fit_to_screen(self, QSize(900, 560))

        self.heading = QLabel(_("Læser »{name}« …", name=self.path.name))
        self.heading.setObjectName("importHeading")
        self.heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.model = ListTableModel(REJECTION_COLUMNS, self)
        self.proxy = sorted_proxy(self.model, self)
        self.table = QTableView()
        self.table.setObjectName("rejectedRows")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 110), (1, 60), (2, 200)):
            self.table.setColumnWidth(column, width)
        self.table.hide()
        self.empty = QLabel()
        self.empty.setObjectName("noRejections")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: palette(mid); font-size: 12pt; padding: 24px;")

        self.buttons = QDialogButtonBox()
        self.import_button = QPushButton(_("Importér"))
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(False)
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.run_import)
        self.copy_button = QPushButton(_("Kopiér fejlliste"))
        self.copy_button.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy_rejections)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QPushButton(_("Annullér")), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        self.table_label = QLabel(_("Afviste rækker (rettes i Excel-filen, og filen importeres igen):"))
        layout.addWidget(self.table_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.buttons)

    # -- reading ------------------------------------------------------------------------------
    def start(self) -> Job:
        path = self.path
        return run_job(self, _("Kontrollerer »{name}« …", name=path.name),
                       lambda job: analyse(path, user=self.user, progress=job.progress), self.show_plan,
                       title=_("Import"), store=self.store, on_error=self.show_error, on_cancelled=self.reject)

    def show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.heading.setText(_("»{name}«: {valid} gyldige og {bad} afviste rækker", name=self.path.name,
                               valid=plan.valid_rows, bad=len({(r.sheet, r.row) for r in plan.rejected})))
        self.summary.setText("\n".join(plan.summary()))
        self.model.set_rows(plan.rejected)
        has_rejections = bool(plan.rejected)
        self.table.setVisible(has_rejections)
        self.empty.setVisible(not has_rejections)
        self.empty.setText(_("Ingen afviste rækker – alle rækker kan importeres."))
        self.copy_button.setEnabled(has_rejections)
        if plan.writes:
            self.import_button.setText(_("Importér {count} rækker", count=plan.writes))
            self.import_button.setEnabled(True)
        else:
            self.import_button.setText(_("Intet at importere"))
            self.import_button.setEnabled(False)

    def show_error(self, error: UserError) -> None:
        self.error = str(error)
        self.heading.setText(_("Filen kan ikke importeres"))
        self.summary.setText(str(error))
        self.summary.setStyleSheet("color: #b03a2e;")
        self.table.hide()
        self.table_label.hide()
        self.empty.hide()
        self.import_button.setEnabled(False)

    def copy_rejections(self) -> None:
        if self.plan:
            lines = ["\t".join(map(str, (r.sheet, r.row, r.column, r.reason))) for r in self.plan.rejected]
            QGuiApplication.clipboard().setText("\n".join(lines))

    # -- writing ------------------------------------------------------------------------------
    def run_import(self) -> Job | None:
        if not self.plan or not self.plan.writes:
            return None
        self.import_button.setEnabled(False)
        plan = self.plan
        return run_job(self, _("Importerer …"), lambda job: commit(plan, user=self.user, progress=job.progress), self._done,
                       title=_("Import"), store=self.store, on_error=self.show_error,
                       on_cancelled=lambda: self.import_button.setEnabled(True))

    def _done(self, counts: dict) -> None:
        self.counts = counts
        self.imported.emit(counts)
        parent = self.parent()
        if parent is not None and hasattr(parent, "statusBar"):
            parent.statusBar().showMessage(_("Importeret fra {name}: {created} nye og {updated} ændrede rækker",
                                             name=self.path.name, **counts), 10_000)
        self.accept()

