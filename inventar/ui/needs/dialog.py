"""Needs, norm and procurement in one window: edit the furnishing norm, enter needs per centre, see the
purchase list (needs minus reuse) and export it."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inventar.domain.vocabulary import CATEGORIES
from inventar.i18n import _
from inventar.services.needs.norm import NeedError, NeedService, NormLine
from inventar.services.needs.procurement import BASIS_LABELS, net
from inventar.ui.geometry import fit_to_screen
from inventar.ui.table_model import ListColumn, ListTableModel, sorted_proxy


def _table(model, name: str, stretch: int) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(sorted_proxy(model, view))
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def _hint(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(mid);")
    return label


class NeedsDialog(QDialog):
    def __init__(self, actions, parent=None) -> None:
        super().__init__(parent)
        self.actions = actions  # the Excel menu's actions (export_to_file): the purchase list is written by them
        self.service = NeedService()
        self.setWindowTitle(_("Behov, norm og indkøb"))
        fit_to_screen(self, QSize(980, 640))
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_needs_tab(), _("&Behov pr. center"))
        self.tabs.addTab(self._build_norm_tab(), _("&Norm"))
        self.tabs.addTab(self._build_procurement_tab(), _("&Indkøbsliste"))
        buttons = QDialogButtonBox()
        buttons.addButton(QPushButton(_("Luk")), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.refresh()

    # -- norm ----------------------------------------------------------------------------------
    def _build_norm_tab(self) -> QWidget:
        self.norm_model = ListTableModel([
            ListColumn("Kategori", lambda r: _(CATEGORIES[r["category"]])),
            ListColumn("Antal", lambda r: r["quantity"], numeric=True, editable=True),
            ListColumn("Pr. arbejdspladser", lambda r: r["per"], numeric=True, editable=True),
            ListColumn("Eksempel: 100 arbejdspladser", lambda r: NormLine(r["category"], r["quantity"], r["per"])
                       .needed_for(100) if r["quantity"] else 0, numeric=True),
        ], self, on_edit=self._edit_norm)
        self.norm_table = _table(self.norm_model, "normTable", 0)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(_hint(_("Normen giver et centers behov ud fra antallet af arbejdspladser, fx 1 skrivebord "
                                 "pr. arbejdsplads og 1 mødebord pr. 10. Behov, der er indtastet for et center, "
                                 "går forud for normen. Dobbeltklik på et tal for at ændre det; 0 = ingen norm.")))
        layout.addWidget(self.norm_table)
        return page

    def _edit_norm(self, row: dict, column: int, value) -> bool:
        try:
            number = float(str(value).replace(",", ".")) if column == 1 else int(value)
        except ValueError:
            return False
        old = dict(row)
        row["quantity" if column == 1 else "per"] = number
        try:
            self.service.save_norm([NormLine(r["category"], r["quantity"], r["per"]) for r in self.norm_model.rows])
        except NeedError as exc:
            row.update(old)
            QMessageBox.warning(self, _("Norm"), str(exc))
            return False
        self._refresh_needs()
        self._refresh_procurement()
        return True

    # -- needs ---------------------------------------------------------------------------------
    def _build_needs_tab(self) -> QWidget:
        self.need_model = ListTableModel([
            ListColumn("Center", lambda n: n.centre),
            ListColumn("Etage", lambda n: n.floor_level, numeric=True),
            ListColumn("Kategori", lambda n: _(CATEGORIES.get(n.category, n.category))),
            ListColumn("Behov", lambda n: n.quantity, numeric=True, editable=True),
            ListColumn("Kilde", lambda n: _("Indtastet") if n.source == "entered" else _("Norm")),
        ], self, on_edit=self._edit_need)
        self.need_table = _table(self.need_model, "needTable", 2)
        self.need_empty = _hint()
        self.centre_box = QComboBox()
        self.centre_box.setObjectName("needCentre")
        self.floor_box = QComboBox()
        self.floor_box.setObjectName("needFloor")
        self.floor_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.centre_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.category_box = QComboBox()
        self.category_box.setObjectName("needCategory")
        for code, name in CATEGORIES.items():
            self.category_box.addItem(_(name), code)
        self.quantity_box = QSpinBox()
        self.quantity_box.setObjectName("needQuantity")
        self.quantity_box.setRange(0, 100_000)
        add = QPushButton(_("&Gem behov"))
        add.setObjectName("addNeed")
        add.clicked.connect(self.add_need)
        self.clear_button = QPushButton(_("Brug &normen igen"))
        self.clear_button.setObjectName("clearNeed")
        self.clear_button.setToolTip(_("Glem det indtastede behov for den valgte linje, så normen gælder igen"))
        self.clear_button.clicked.connect(self.clear_need)
        form = QHBoxLayout()
        for label, widget in ((_("Center:"), self.centre_box), (_("Etage:"), self.floor_box),
                              (_("Kategori:"), self.category_box), (_("Antal:"), self.quantity_box)):
            form.addWidget(QLabel(label))
            form.addWidget(widget)
        form.addWidget(add)
        form.addStretch(1)
        form.addWidget(self.clear_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(_hint(_("Behov i det nye rådhus pr. center og kategori. Linjer fra normen beregnes ud fra "
                                 "centrets arbejdspladser; et indtastet behov (også 0) erstatter normen.")))
        layout.addLayout(form)
        layout.addWidget(self.need_empty)
        layout.addWidget(self.need_table)
        return page

    def _edit_need(self, need, column: int, value) -> bool:
        try:
            self.service.set_need(need.centre_id, need.category, int(value), floor_id=need.floor_id)
        except (NeedError, ValueError) as exc:
            QMessageBox.warning(self, _("Behov"), str(exc))
            return False
        self._refresh_needs()
        self._refresh_procurement()
        return True

    def add_need(self) -> None:
        centre = self.centre_box.currentData()
        if centre is None:
            QMessageBox.information(self, _("Behov"), _("Der er ingen centre endnu."))
            return
        try:
            self.service.set_need(centre, self.category_box.currentData(), self.quantity_box.value(),
                                  floor_id=self.floor_box.currentData())
        except NeedError as exc:
            QMessageBox.warning(self, _("Behov"), str(exc))
            return
        self._refresh_needs()
        self._refresh_procurement()

    def clear_need(self) -> None:
        index = self.need_table.currentIndex()
        if not index.isValid():
            return
        need = self.need_model.row_value(self.need_table.model().mapToSource(index).row())
        if need.source != "entered":
            return
        self.service.clear_need(need.centre_id, need.category, need.floor_id)
        self._refresh_needs()
        self._refresh_procurement()

    # -- procurement ---------------------------------------------------------------------------
    def _build_procurement_tab(self) -> QWidget:
        self.procurement_model = ListTableModel([
            ListColumn("Center", lambda l: l.centre or _("Ikke placeret")),
            ListColumn("Kategori", lambda l: l.category_name),
            ListColumn("Behov", lambda l: l.needed, numeric=True),
            ListColumn("Genbrug", lambda l: l.reused, numeric=True),
            ListColumn("Dækket af genbrug", lambda l: l.covered, numeric=True),
            ListColumn("Heraf genbrug uden center", lambda l: l.covered_by_pool, numeric=True),
            ListColumn("Købes", lambda l: l.to_buy, numeric=True),
            ListColumn("Overskud", lambda l: l.surplus, numeric=True),
        ], self)
        self.procurement_table = _table(self.procurement_model, "procurementTable", 2)
        self.basis_box = QComboBox()
        self.basis_box.setObjectName("basis")
        for code, label in BASIS_LABELS.items():
            self.basis_box.addItem(_(label), code)
        self.basis_box.currentIndexChanged.connect(self._refresh_procurement)
        self.totals = QLabel()
        self.totals.setObjectName("procurementTotals")
        export = QPushButton(_("&Eksportér indkøbsliste …"))
        export.setObjectName("exportProcurement")
        export.clicked.connect(lambda: self.actions.export_to_file(
            "procurement", _("Indkøbsliste"), "indkobsliste", basis=self.basis_box.currentData()))
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Genbrug, der tæller:")))
        top.addWidget(self.basis_box)
        top.addStretch(1)
        top.addWidget(export)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.procurement_table)
        layout.addWidget(self.totals)
        return page

    # -- refreshing ----------------------------------------------------------------------------
    def refresh(self) -> None:
        stored = {n.category: n for n in self.service.norm()}
        self.norm_model.set_rows([{"category": code, "quantity": stored[code].quantity if code in stored else 0,
                                   "per": stored[code].per_workplaces if code in stored else 1}
                                  for code in CATEGORIES])
        self.centre_box.clear()
        for centre_id, abbreviation, name, headcount in self.service.centres():
            self.centre_box.addItem(abbreviation, centre_id)
            self.centre_box.setItemData(self.centre_box.count() - 1,
                                        _("{name}: {count} arbejdspladser", name=name, count=headcount),
                                        Qt.ItemDataRole.ToolTipRole)
        self.floor_box.clear()
        self.floor_box.addItem(_("Hele centret"), None)
        for floor_id, _level, name in self.service.floors():
            self.floor_box.addItem(name, floor_id)
        self._refresh_needs()
        self._refresh_procurement()

    def _refresh_needs(self) -> None:
        self.need_model.set_rows(self.service.needs())
        if self.centre_box.count() == 0:
            self.need_empty.setText(_("Ingen centre endnu. Importér centre fra Excel (Ctrl+I) eller indlæs demodata."))
        elif not self.need_model.rows:
            self.need_empty.setText(_("Ingen behov: angiv centrenes arbejdspladser eller en norm, eller indtast "
                                      "behov ovenfor."))
        else:
            self.need_empty.setText("")
        self.need_empty.setVisible(bool(self.need_empty.text()))

    def _refresh_procurement(self) -> None:
        result = net(self.basis_box.currentData() or "approved")
        self.procurement_model.set_rows(result.lines)
        totals = result.totals_by_category()
        self.totals.setText(_("I alt: behov {needed} · dækket af genbrug {covered} · købes {to_buy} · "
                              "overskud {surplus}", **{k: sum(t[k] for t in totals.values())
                                                        for k in ("needed", "covered", "to_buy", "surplus")}))
