"""The floor placement window: stack plan with live score, optimiser comparison, scenarios and editors."""

from __future__ import annotations

from PySide6.QtCore import QSize, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from inventar.domain.placement import Problem, Shares, Weights, score
from inventar.domain.times import format_number
from inventar.domain.vocabulary import floor_name
from inventar.i18n import _
from inventar.services.excel.placement import export_template, import_template
from inventar.services.placement.optimiser import OptimiserResult, optimise
from inventar.services.placement.service import PlacementError, PlacementService
from inventar.ui.geometry import fit_to_screen, scrolling
from inventar.ui.jobs import run_job
from inventar.ui.placement.building_models import CentreTableModel, FloorTableModel, MatrixModel
from inventar.ui.placement.score_panel import ScorePanel
from inventar.ui.placement.stack_diagram import StackDiagram
from inventar.ui.placement.undo import PlanCommand, snapshot
from inventar.ui.roles import SORT_ROLE

OPTIMISER_SECONDS = 10.0


def _proxy(model, parent) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    return proxy


def _table(proxy) -> QTableView:
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.setWordWrap(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the name
    return view


class PlacementWindow(QMainWindow):
    def __init__(self, service: PlacementService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Etagefordeling – det nye rådhus"))
        self.service = service
        self.problem = Problem([], [])
        self.shares: Shares = {}
        self.pinned: set[int] = set()
        self.scenario = service.active_scenario()
        self.optimum: OptimiserResult | None = None

        self.diagram = StackDiagram()
        self.diagram.setObjectName("stackDiagram")
        self.diagram.planChanged.connect(self._on_plan_changed)
        self.diagram.previewChanged.connect(self._on_preview)
        self.diagram.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.diagram.pinToggled.connect(self.toggle_pin)
        self.score_panel = ScorePanel()
        self.score_panel.setObjectName("scorePanel")
        self.score_panel.weightsChanged.connect(self._on_weights)
        hint = QLabel(_("Træk en blok til en anden etage for at flytte centret (Skift: halvdelen). "
                        "Dobbeltklik låser centret, så optimeringen ikke flytter det."))
        hint.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.diagram, 1)
        left_layout.addWidget(hint)
        plan_split = QSplitter(Qt.Orientation.Horizontal)
        plan_split.addWidget(left)
        score_scroll = QScrollArea()  # on a 1366 x 768 laptop the costliest lists run below the window
        score_scroll.setWidgetResizable(True)
        score_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        score_scroll.setWidget(self.score_panel)
        plan_split.addWidget(score_scroll)
        plan_split.setStretchFactor(0, 3)
        plan_split.setStretchFactor(1, 1)
        plan_split.setSizes([900, 380])

        self.tabs = QTabWidget()
        self.tabs.addTab(plan_split, _("Stakplan"))
        self.tabs.addTab(self._comparison_tab(), _("Sammenligning med optimum"))
        self.tabs.addTab(self._building_tab(), _("Etager og centre"))
        self.tabs.addTab(self._matrix_tab(), _("Samarbejde"))
        self.setCentralWidget(self.tabs)
        self._build_toolbar()
        fit_to_screen(self, QSize(1400, 820), fraction=1.0)
        self.reload()

    # -- building the screens ---------------------------------------------------------------
    def _comparison_tab(self) -> QWidget:
        content = QWidget()  # the two plans scroll on a low screen; the title and the button stay in view
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 0, 0, 0)
        self.compare_user = StackDiagram(read_only=True)
        self.compare_user.setObjectName("compareUser")
        self.compare_best = StackDiagram(read_only=True)
        self.compare_best.setObjectName("compareOptimum")
        self.compare_user_score = ScorePanel(editable=False, compact=True)
        self.compare_best_score = ScorePanel(editable=False, compact=True)
        self.compare_title = QLabel(_("Tryk Optimér (Ctrl+R) for at finde den bedste fordeling."))
        self.compare_title.setWordWrap(True)
        self.adopt_button = QPushButton(_("&Brug optimum som plan"))
        self.adopt_button.setEnabled(False)
        self.adopt_button.clicked.connect(self.adopt_optimum)
        grid.addWidget(QLabel("<b>" + _("Jeres plan") + "</b>"), 1, 0)
        self.best_heading = QLabel("<b>" + _("Optimum") + "</b>")
        grid.addWidget(self.best_heading, 1, 1)
        grid.addWidget(self.compare_user, 2, 0)
        grid.addWidget(self.compare_best, 2, 1)
        grid.addWidget(self.compare_user_score, 3, 0)
        grid.addWidget(self.compare_best_score, 3, 1)
        grid.setRowStretch(2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.addWidget(self.compare_title)
        layout.addWidget(scrolling(content), 1)
        layout.addWidget(self.adopt_button, 0, Qt.AlignmentFlag.AlignRight)
        return widget

    def _building_tab(self) -> QWidget:
        self.floor_model = FloorTableModel(self.service, self)
        self.centre_model = CentreTableModel(self.service, self)
        self.floor_view = _table(_proxy(self.floor_model, self))
        self.floor_view.setObjectName("floorTable")
        self.centre_view = _table(_proxy(self.centre_model, self))
        self.centre_view.setObjectName("centreTable")
        for model in (self.floor_model, self.centre_model):
            model.errorOccurred.connect(self._error)
            model.edited.connect(self._after_building_edit)
        widget = QWidget()
        layout = QHBoxLayout(widget)
        for title, view, add, delete in (
                (_("Etager i det nye rådhus"), self.floor_view, self.add_floor, self.delete_floor),
                (_("Centre"), self.centre_view, self.add_centre, self.delete_centre)):
            column = QVBoxLayout()
            column.addWidget(QLabel("<b>" + title + "</b>"))
            column.addWidget(view, 1)
            buttons = QHBoxLayout()
            for text, slot in ((_("Tilføj"), add), (_("Slet"), delete)):
                button = QPushButton(text)
                button.clicked.connect(slot)
                buttons.addWidget(button)
            buttons.addStretch(1)
            column.addLayout(buttons)
            layout.addLayout(column, 1)
        return widget

    def _matrix_tab(self) -> QWidget:
        self.matrix_model = MatrixModel(self.service, self)
        self.matrix_model.errorOccurred.connect(self._error)
        self.matrix_model.edited.connect(self._after_building_edit)
        self.matrix_view = QTableView()
        self.matrix_view.setObjectName("matrixTable")
        self.matrix_view.setModel(self.matrix_model)
        self.matrix_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.addWidget(QLabel(_("Hvor meget arbejder centrene sammen? 0 = intet, 9 = hele tiden. "
                                  "Matricen er symmetrisk: at rette en celle retter også dens spejling.")))
        layout.addWidget(self.matrix_view, 1)
        return widget

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(_("Scenarier"))
        toolbar.setObjectName("placementToolbar")
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        toolbar.addWidget(QLabel(_("Scenarie:") + " "))
        self.scenario_box = QComboBox()
        self.scenario_box.setObjectName("scenarioBox")
        self.scenario_box.setMinimumWidth(200)
        self.scenario_box.activated.connect(self._on_scenario_chosen)
        toolbar.addWidget(self.scenario_box)
        self.save_as_action = self._action(_("Gem som …"), self.save_scenario_as, "Ctrl+Shift+S")
        self.delete_scenario_action = self._action(_("Slet scenarie"), self.delete_scenario)
        self.optimise_action = self._action(_("Optimér"), self.run_optimiser, "Ctrl+R")
        self.clear_action = self._action(_("Tøm planen"), self.clear_plan)
        self.export_action = self._action(_("Eksportér skabelon …"), self.choose_export)
        self.import_action = self._action(_("Importér skabelon …"), self.choose_import)
        for action in (self.save_as_action, self.delete_scenario_action, None, self.optimise_action):
            toolbar.addSeparator() if action is None else toolbar.addAction(action)
        self.time_limit = QSpinBox()
        self.time_limit.setObjectName("optimiserSeconds")
        self.time_limit.setRange(2, 600)
        self.time_limit.setValue(int(OPTIMISER_SECONDS))
        self.time_limit.setSuffix(" s")
        self.time_limit.setToolTip(_("Højst så lang tid må optimeringen bruge; bliver den ikke færdig, vises den "
                                     "bedste fundne fordeling og hvor langt den højst er fra optimum."))
        toolbar.addWidget(self.time_limit)
        for action in (self.clear_action, None, self.export_action, self.import_action):
            toolbar.addSeparator() if action is None else toolbar.addAction(action)
        self.undo_stack = QUndoStack(self)
        self.undo_action = self.undo_stack.createUndoAction(self, _("Fortryd"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, _("Gentag"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo_action, self.redo_action):
            self.addAction(action)
        toolbar.insertAction(self.save_as_action, self.redo_action)
        toolbar.insertAction(self.redo_action, self.undo_action)
        close = self._action(_("Luk"), self.close, QKeySequence.StandardKey.Close)
        self.addAction(close)
        for index in range(self.tabs.count()):  # Ctrl+1 … Ctrl+4 switch tabs
            self._action(self.tabs.tabText(index), lambda _checked=False, i=index: self.tabs.setCurrentIndex(i),
                         f"Ctrl+{index + 1}")

    def _action(self, text: str, slot, shortcut: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # -- data ---------------------------------------------------------------------------------
    def reload(self) -> None:
        self.scenario = self.service.active_scenario()
        self.problem = self.service.problem()
        self.shares = self.service.shares(self.scenario.id)
        self.pinned = self.service.pinned_centres(self.scenario.id)
        self.scenario_box.clear()
        for info in self.service.scenarios():
            self.scenario_box.addItem(info.name, info.id)
        self.scenario_box.setCurrentIndex(self.scenario_box.findData(self.scenario.id))
        self.delete_scenario_action.setEnabled(self.scenario_box.count() > 1)
        self.score_panel.set_weights(self.scenario.weights)
        self.floor_model.reload()
        self.centre_model.reload()
        self.matrix_model.reload()
        self._show_plan()

    def _show_plan(self) -> None:
        self.diagram.set_plan(self.problem, self.shares, self.pinned)
        self.score_panel.show_score(self.problem, score(self.problem, self.shares, self.scenario.weights))
        self._refresh_comparison()

    def _refresh_comparison(self) -> None:
        weights = self.scenario.weights
        self.compare_user.set_plan(self.problem, self.shares, self.pinned)
        self.compare_user_score.show_score(self.problem, score(self.problem, self.shares, weights))
        if self.optimum is not None:
            self.compare_best.set_plan(self.problem, self.optimum.shares, self.pinned)
            self.compare_best_score.show_score(self.problem, score(self.problem, self.optimum.shares, weights),
                                               note=self._optimum_note())

    def _optimum_note(self) -> str:
        result = self.optimum
        if result is None:
            return ""
        if result.optimal:
            return _("Bevist optimal ({seconds} s).", seconds=format_number(result.seconds))
        return _("Bedste fundne på {seconds} s; bevist nedre grænse {bound} (højst {gap} fra optimum).",
                 seconds=format_number(result.seconds, 0), bound=format_number(result.bound),
                 gap=f"{format_number(100 * result.gap, 1 if result.gap < 0.1 else 0)} %")  # not "0 %" for 0,09 %

    def _on_plan_changed(self, shares: Shares) -> None:  # a drop in the diagram
        self._change_plan(_("Flyt centre"), shares, self.pinned)

    def _change_plan(self, label: str, shares: Shares, pinned: set[int]) -> None:
        """Save a new plan (shares and pins) as one undoable step."""
        before = snapshot(self.shares, self.pinned)
        if self._apply_plan(shares, set(pinned)):
            self.undo_stack.push(PlanCommand(label, before, snapshot(shares, pinned), self._apply_plan))

    def _apply_plan(self, shares: Shares, pinned: set[int]) -> bool:
        self.shares, self.pinned = shares, pinned
        try:
            moved = self.service.save_plan(self.scenario.id, shares, self.pinned)
        except PlacementError as exc:
            self._error(str(exc))
            self.reload()
            return False
        self._show_plan()
        if moved:
            self.statusBar().showMessage(_("{n} genstande fik ny måletage", n=moved), 5000)
        return True

    def _on_preview(self, shares: Shares | None) -> None:
        weights = self.scenario.weights
        if shares is None:
            self.score_panel.show_score(self.problem, score(self.problem, self.shares, weights))
        else:
            self.score_panel.show_score(self.problem, score(self.problem, shares, weights), preview=True)

    def _on_weights(self, weights: Weights) -> None:
        try:
            self.service.set_weights(self.scenario.id, weights)
        except PlacementError as exc:
            self._error(str(exc))
            return
        self.scenario = self.service.scenario(self.scenario.id)
        self.optimum = None
        self.adopt_button.setEnabled(False)
        self._show_plan()

    def _after_building_edit(self) -> None:
        self.problem = self.service.problem()
        self.optimum = None
        self.adopt_button.setEnabled(False)
        self._show_plan()

    def _error(self, text: str) -> None:
        QMessageBox.warning(self, _("Etagefordeling"), text)

    # -- commands -------------------------------------------------------------------------------
    def toggle_pin(self, centre_id: int) -> None:
        abbreviation = self.problem.centre(centre_id).abbreviation
        pinning = centre_id not in self.pinned
        self._change_plan(_("Lås {centre}", centre=abbreviation) if pinning
                          else _("Lås {centre} op", centre=abbreviation), self.shares, self.pinned ^ {centre_id})
        self.statusBar().showMessage(_("{centre} er låst", centre=abbreviation) if centre_id in self.pinned
                                     else _("{centre} er ikke længere låst", centre=abbreviation), 4000)

    def clear_plan(self) -> None:
        self._change_plan(_("Tøm planen"), {c.id: {} for c in self.problem.centres}, set())

    def _on_scenario_chosen(self, index: int) -> None:
        scenario_id = self.scenario_box.itemData(index)
        if scenario_id == self.scenario.id:
            return
        moved = self.service.activate(scenario_id)
        self.undo_stack.clear()  # each scenario has its own plan: earlier steps belong to the other one
        self.optimum = None
        self.adopt_button.setEnabled(False)
        self.reload()
        self.statusBar().showMessage(_("Scenariet »{name}« er nu planen; {n} genstande fik ny måletage",
                                       name=self.scenario.name, n=moved), 5000)

    def save_scenario_as(self) -> None:
        name, ok = QInputDialog.getText(self, _("Gem scenarie"), _("Navn på det nye scenarie:"))
        if ok:
            self.save_scenario_named(name)

    def save_scenario_named(self, name: str) -> bool:
        try:
            new_id = self.service.save_scenario_as(self.scenario.id, name)
        except PlacementError as exc:
            self._error(str(exc))
            return False
        self.service.activate(new_id)
        self.reload()
        return True

    def delete_scenario(self) -> None:
        others = [s for s in self.service.scenarios() if s.id != self.scenario.id]
        if not others:
            return
        answer = QMessageBox.question(self, _("Slet scenarie"),
                                      _("Slet scenariet »{name}«? Planen skifter til »{other}«.",
                                        name=self.scenario.name, other=others[0].name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        doomed = self.scenario.id
        self.service.activate(others[0].id)
        self.service.delete_scenario(doomed)
        self.reload()

    def run_optimiser(self) -> None:
        problem, weights = self.problem, self.scenario.weights
        pins, hint = self.service.pins(self.scenario.id), self.shares
        seconds = float(self.time_limit.value())

        def job(job):  # Annullér stops the search and keeps the best plan found so far
            return optimise(problem, weights, pins, time_limit=seconds, hint=hint, should_stop=job.token.is_cancelled)

        self.statusBar().showMessage(_("Optimerer …"))
        return run_job(self, _("Finder den bedste etagefordeling …"), job, self.show_optimum,
                       title=_("Etagefordeling"))

    def show_optimum(self, result: OptimiserResult) -> None:
        self.optimum = result
        self.adopt_button.setEnabled(True)
        self.compare_title.setText(self._optimum_note())
        self.best_heading.setText("<b>" + (_("Optimum") if result.optimal else _("Bedste fundne fordeling")) + "</b>")
        self._refresh_comparison()
        self.tabs.setCurrentIndex(1)
        self.statusBar().showMessage(self._optimum_note(), 8000)

    def adopt_optimum(self) -> None:
        """Replace the plan with the optimum, after asking (default No: the plan may be hours of work)."""
        if self.optimum is None:
            return
        answer = QMessageBox.question(
            self, _("Brug optimum som plan"),
            _("Den nuværende plan erstattes af optimum. Vil du fortsætte?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._change_plan(_("Brug optimum som plan"), self.optimum.shares, self.pinned)
        self.tabs.setCurrentIndex(0)

    # -- the Excel template ------------------------------------------------------------------------
    def choose_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Eksportér etager, centre og samarbejde"),
                                                    "nyt-raadhus.xlsx", _("Excel-regneark (*.xlsx)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        try:
            export_template(self.service, path)
        except OSError as exc:
            self._error(_("Filen kunne ikke gemmes: {error}", error=exc))
            return
        self.statusBar().showMessage(_("Gemt: {path}", path=path), 5000)

    def choose_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Importér etager, centre og samarbejde"), "",
                                                    _("Excel-regneark (*.xlsx)"))
        if path:
            self.import_from(path)

    def import_from(self, path: str) -> bool:
        try:
            summary = import_template(self.service, path)
        except PlacementError as exc:
            self._error(_("Intet er indlæst. {error}", error=exc))
            return False
        self.optimum = None
        self.reload()
        self.statusBar().showMessage(_("Indlæst: {floors} etager, {centres} centre, {pairs} samarbejdspar",
                                       floors=summary.floors, centres=summary.centres, pairs=summary.pairs), 5000)
        return True

    # -- the building editors ------------------------------------------------------------------
    def add_floor(self) -> None:
        levels = [f.level for f in self.problem.floors]
        level = max(levels) + 1 if levels else 0
        self._run(self.service.save_floor, None, level, floor_name(level), 0)

    def delete_floor(self) -> None:
        index = self.floor_view.currentIndex()
        if index.isValid():
            self._run(self.service.delete_floor, self.floor_model.floor_id(
                self.floor_view.model().mapToSource(index).row()))

    def add_centre(self) -> None:
        known = {c.abbreviation for c in self.problem.centres}
        n = 1
        while f"NYT{n}" in known:
            n += 1
        self._run(self.service.save_centre, None, _("Nyt center"), f"NYT{n}", 0, 0)

    def delete_centre(self) -> None:
        index = self.centre_view.currentIndex()
        if index.isValid():
            self._run(self.service.delete_centre, self.centre_model.centre_id(
                self.centre_view.model().mapToSource(index).row()))

    def _run(self, fn, *args) -> None:
        try:
            fn(*args)
        except PlacementError as exc:
            self._error(str(exc))
        self.reload()
