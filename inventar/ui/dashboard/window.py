"""The overview dashboard: progress pictures instead of tables, exportable as PNG."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QPieSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QBuffer, QByteArray, QDateTime, QIODevice, QMargins, QSize, Qt
from PySide6.QtGui import QColor, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGraphicsSimpleTextItem,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inventar.domain.times import format_number
from inventar.domain.vocabulary import CATEGORIES, DECISION_KINDS, floor_name
from inventar.files import write_bytes
from inventar.i18n import _
from inventar.services.dashboard.figures import Overview, overview
from inventar.ui.geometry import fit_to_screen

COLOURS = {"done": "#2e8b57", "in_progress": "#e0a526", "not_visited": "#c9c9c9", "reuse": "#2e8b57",
           "dispose": "#b03a2e", "pending": "#e0a526", "inspect": "#2980b9", "none": "#c9c9c9",
           "low": "#7fb77e", "high": "#2e8b57", "buy": "#8e44ad"}


FLOORS_UPRIGHT = 6  # up to this many floor names fit side by side under the bars on a laptop screen


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    return chart


def _empty(chart: QChart, text: str) -> QChart:
    """The empty state: the title, one grey sentence in the middle, no series, axes or legend (an empty
    QValueAxis would count 0, 0, 0, 1 and a date axis repeat one day; NaN ranges make Qt warn)."""
    chart.legend().hide()
    chart.setProperty("emptyText", text)
    label = QGraphicsSimpleTextItem(text, chart)
    label.setBrush(QColor("#7f7f7f"))

    def centre() -> None:
        area, box = chart.plotArea(), label.boundingRect()
        label.setPos(area.center().x() - box.width() / 2, area.center().y() - box.height() / 2)

    chart.plotAreaChanged.connect(centre)
    centre()
    return chart


def _view(chart: QChart) -> QChartView:
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumSize(320, 240)
    return view


def registrations_chart(data: Overview) -> QChart:
    chart = _chart(_("Registrerede genstande i alt"))
    if not data.per_day:
        return _empty(chart, _("Ingen genstande registreret endnu"))
    series = QLineSeries()
    series.setName(_("Genstande (rækker)"))
    total = 0
    for day, count in data.per_day:
        total += count
        series.append(QDateTime(datetime.combine(day, time(12))).toMSecsSinceEpoch(), total)
    chart.addSeries(series)
    first, last = data.per_day[0][0], data.per_day[-1][0]
    span = max((last - first).days, 1)  # one day only: show the day before too, never one date repeated
    axis_x = QDateTimeAxis()
    axis_x.setFormat("dd-MM")
    axis_x.setTickCount(min(span + 1, 6))
    axis_x.setRange(QDateTime(datetime.combine(last - timedelta(days=span), time(0))),
                    QDateTime(datetime.combine(last, time(23, 59))))
    axis_y = QValueAxis()
    axis_y.setLabelFormat("%d")
    axis_y.setRange(0, max(total, 1))
    axis_y.applyNiceNumbers()
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_x)
    series.attachAxis(axis_y)
    chart.legend().hide()
    return chart


def floors_chart(data: Overview) -> QChart:
    chart = _chart(_("Rum pr. etage, gamle rådhus: {left} tilbage", left=data.rooms_left))
    if not data.floors:
        return _empty(chart, _("Ingen rum oprettet endnu"))
    series = QStackedBarSeries()
    sets = {}
    for key, label in (("done", _("Færdig")), ("in_progress", _("I gang")), ("not_visited", _("Ikke besøgt"))):
        sets[key] = QBarSet(label)
        sets[key].setColor(QColor(COLOURS[key]))
        series.append(sets[key])
    names = []
    for floor in data.floors:
        names.append(floor_name(floor.floor))
        sets["done"].append(floor.rooms_done)
        sets["in_progress"].append(floor.rooms_in_progress)
        sets["not_visited"].append(floor.rooms - floor.rooms_done - floor.rooms_in_progress)
    chart.addSeries(series)
    axis_x = QBarCategoryAxis()
    axis_x.append(names)
    # whole floor names (»Stueetage«, not »Stue…«): never elided, slanted when many floors share the width
    axis_x.setTruncateLabels(False)
    if len(names) > FLOORS_UPRIGHT:
        axis_x.setLabelsAngle(-40)
    axis_y = QValueAxis()
    axis_y.setLabelFormat("%d")
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_x)
    series.attachAxis(axis_y)
    axis_y.setRange(0, max((f.rooms for f in data.floors), default=1))
    axis_y.applyNiceNumbers()
    return chart


def decisions_chart(data: Overview) -> QChart:
    chart = _chart(_("Beslutninger (stk.)"))
    series = QPieSeries()
    for kind, label in DECISION_KINDS.items():
        pieces = data.decisions.get(kind, 0)
        if pieces:
            slice_ = series.append(f"{_(label)}: {format_number(pieces, 0)}", pieces)
            slice_.setColor(QColor(COLOURS[kind]))
    if not series.count():
        return _empty(chart, _("Ingen beslutninger endnu"))
    series.setPieSize(0.7)
    chart.addSeries(series)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    chart.legend().setShowToolTips(True)  # a label cut on a small screen is shown whole on hover
    return chart


def co2_basis_text() -> str:
    """What the CO2e figure counts (the lists' basis), as the dashboard says it."""
    return _("foreslået og godkendt genbrug, der erstatter indkøb; netto efter istandsættelse og transport")


def co2_chart(data: Overview, top: int = 6) -> QChart:
    """Avoided emissions in tonnes per category (:func:`inventar.services.needs.co2.co2_avoided`, the lists'
    basis): the largest few, the rest summed as "Øvrige"."""
    low, high = data.co2_total
    chart = _chart(_("CO2e undgået: {low}–{high} t", low=_tonnes(low), high=_tonnes(high))
                   + "<br><small>" + co2_basis_text() + "</small>")
    ranked = sorted(data.co2_high, key=lambda c: data.co2_high[c], reverse=True)
    rows = [(_(CATEGORIES.get(c, c)), data.co2_low[c], data.co2_high[c]) for c in ranked[:top]]
    rest = ranked[top:]
    if rest:
        rows.append((_("Øvrige"), sum(data.co2_low[c] for c in rest), sum(data.co2_high[c] for c in rest)))
    rows.reverse()  # horizontal bars are drawn bottom-up: the largest on top
    if not rows:
        return _empty(chart, _("Intet foreslået eller godkendt genbrug erstatter et indkøb endnu"))
    _horizontal_bars(chart, QHorizontalBarSeries(), [name for name, _low, _high in rows],
                     [(_("Lavt skøn"), "low", [low / 1000 for _n, low, _h in rows]),
                      (_("Højt skøn"), "high", [high / 1000 for _n, _l, high in rows])],
                     "%.0f t")
    return chart


def reuse_vs_buy_chart(data: Overview, top: int = 6) -> QChart:
    """Per category with a need: how much of it reuse covers and how much must be bought (the largest
    needs, the rest summed as "Øvrige", so every category name has room on a laptop screen)."""
    covered = sum(c for c, _b in data.reuse_vs_buy.values())
    to_buy = sum(b for _c, b in data.reuse_vs_buy.values())
    chart = _chart(_("Behov dækket af genbrug mod indkøb: {covered} genbrug, {buy} købes (stk.)",
                     covered=format_number(covered, 0), buy=format_number(to_buy, 0)))
    if not data.reuse_vs_buy:
        return _empty(chart, _("Ingen behov indtastet endnu"))
    ranked = sorted(data.reuse_vs_buy.items(), key=lambda row: sum(row[1]), reverse=True)
    rows = [(_(CATEGORIES.get(c, c)), values) for c, values in ranked[:top]]
    if ranked[top:]:
        rows.append((_("Øvrige"), (sum(r for _c, (r, _b) in ranked[top:]), sum(b for _c, (_r, b) in ranked[top:]))))
    rows.reverse()  # bars are drawn bottom-up: the largest need on top
    _horizontal_bars(chart, QHorizontalStackedBarSeries(), [name for name, _values in rows],
                     [(_("Genbrug"), "reuse", [reused for _c, (reused, _b) in rows]),
                      (_("Købes nyt"), "buy", [buy for _c, (_r, buy) in rows])],
                     "%d")
    return chart


def _horizontal_bars(chart: QChart, series, names: list[str], sets: list[tuple[str, str, list[float]]],
                     label_format: str) -> None:
    """Bars per category name (drawn bottom-up), one bar set per (label, colour key, values)."""
    for label, colour, values in sets:
        bar_set = QBarSet(label)
        bar_set.setColor(QColor(COLOURS[colour]))
        bar_set.append(values)
        series.append(bar_set)
    chart.addSeries(series)
    axis_y = QBarCategoryAxis()
    axis_y.append(names)
    axis_x = QValueAxis()
    axis_x.setLabelFormat(label_format)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_y)
    series.attachAxis(axis_x)
    stacked = isinstance(series, QHorizontalStackedBarSeries)
    values = [sum(v) for v in zip(*(vals for _l, _c, vals in sets))] if stacked else \
        [v for _l, _c, vals in sets for v in vals]
    axis_x.setRange(0, max([v for v in values if v == v] + [0]) or 1)  # never NaN, never 0..0
    axis_x.applyNiceNumbers()


def _tonnes(kg: float) -> str:
    return f"{kg / 1000:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")


class DashboardDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Overblik"))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("dashboardSummary")
        self.summary.setStyleSheet("font-size: 12pt; padding: 4px;")
        layout.addWidget(self.summary)
        self.grid = QGridLayout()
        self.grid.setSpacing(8)
        self.charts_widget = QWidget()
        self.charts_widget.setLayout(self.grid)
        layout.addWidget(self.charts_widget, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.refresh_button = QPushButton(_("Opdatér"))
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_button.clicked.connect(self.refresh)
        self.save_button = QPushButton(_("Gem som billede …"))
        self.save_button.clicked.connect(self.choose_png)
        QShortcut(QKeySequence.StandardKey.Save, self, self.choose_png)
        close = QPushButton(_("Luk"))
        close.clicked.connect(self.close)
        for button in (self.refresh_button, self.save_button, close):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.views: list[QChartView] = []
        self.data: Overview | None = None
        self.refresh()
        fit_to_screen(self, QSize(1280, 760))

    def refresh(self) -> None:
        self.data = data = overview()
        for view in self.views:
            self.grid.removeWidget(view)
            view.deleteLater()
        charts = [registrations_chart(data), floors_chart(data), decisions_chart(data),
                  reuse_vs_buy_chart(data), co2_chart(data)]
        self.views = [_view(chart) for chart in charts]
        # seven equal columns: the pie gets three (its legend names every kind whole on a laptop screen)
        positions = [(0, 0, 1, 2), (0, 2, 1, 2), (0, 4, 1, 3), (1, 0, 1, 3), (1, 3, 1, 4)]
        for view, (row, column, rows, columns) in zip(self.views, positions):
            self.grid.addWidget(view, row, column, rows, columns)
        low, high = data.co2_total
        items = sum(n for _day, n in data.per_day)
        self.summary.setText(_("{items} genstande registreret · {left} rum tilbage · {reuse} stk. til genbrug · "
                               "{low}–{high} t CO2e undgået", items=format_number(items, 0), left=data.rooms_left,
                               reuse=format_number(data.decisions.get("reuse", 0), 0), low=_tonnes(low),
                               high=_tonnes(high)))
        if data.projected_finish and data.rooms_left:
            self.summary.setText(self.summary.text() + " · " + _("registrering færdig ca. {date} i nuværende tempo",
                                                                 date=data.projected_finish.strftime("%d-%m-%Y")))

    def save_png(self, path: str) -> bool:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not self.charts_widget.grab().save(buffer, "PNG"):
            return False
        try:
            write_bytes(path, bytes(data))  # beside the target and renamed: never a half-written picture
        except OSError:
            return False
        return True

    def choose_png(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Gem overblik som billede"), "overblik.png",
                                                    _("PNG-billede (*.png)"))
        if path and not self.save_png(path):
            QMessageBox.warning(self, _("Overblik"), _("Billedet kunne ikke gemmes i {path}", path=path))
