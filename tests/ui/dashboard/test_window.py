"""The dashboard opens from the main window and exports a PNG."""

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from inventar.models import Decision, Item
from inventar.ui.dashboard.window import DashboardDialog


def test_dashboard_opens_with_shortcut_and_saves_png(qtbot, main_window, tmp_path):
    for item in Item.select().limit(10):
        Decision.create(item=item, kind="reuse")
    qtbot.keyClick(main_window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, DashboardDialog) and w.isVisible()]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.addWidget(dialog)
    assert len(dialog.views) == 5
    assert "60 genstande registreret" in dialog.summary.text()
    assert "stk. til genbrug" in dialog.summary.text()
    target = tmp_path / "overblik.png"
    assert dialog.save_png(str(target))
    with Image.open(target) as image:
        assert image.width > 300 and image.height > 200
        assert len(set(image.convert("RGB").get_flattened_data())) > 20, "the charts drew something"


def test_an_empty_database_gets_empty_states_and_no_axis_warnings(qtbot, store):
    from PySide6.QtCore import qInstallMessageHandler

    messages = []
    previous = qInstallMessageHandler(lambda _mode, _context, text: messages.append(text))
    try:
        dialog = DashboardDialog()
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.charts_widget.grab()
    finally:
        qInstallMessageHandler(previous)
    assert not [m for m in messages if "invalid range" in m], messages
    for view in dialog.views:
        chart = view.chart()
        assert chart.property("emptyText"), chart.title()
        assert not chart.series() and not chart.axes(), chart.title()  # no 0,0,0,1 axis, no "01-01" repeated
    texts = [view.chart().property("emptyText") for view in dialog.views]
    assert "Ingen beslutninger endnu" in texts
    assert "Intet foreslået eller godkendt genbrug erstatter et indkøb endnu" in texts


def test_one_day_of_registrations_spans_two_dates(qtbot, store):
    from datetime import datetime

    from PySide6.QtCharts import QDateTimeAxis

    Item.create(category="desk", registered_at=datetime(2026, 11, 30, 9))
    dialog = DashboardDialog()
    qtbot.addWidget(dialog)
    axis = next(a for a in dialog.views[0].chart().axes() if isinstance(a, QDateTimeAxis))
    assert axis.min().date() < axis.max().date()
    assert axis.tickCount() == 2


def test_the_need_chart_shows_the_largest_needs_and_sums_the_rest(qtbot):
    from inventar.services.dashboard.figures import Overview
    from inventar.ui.dashboard.window import reuse_vs_buy_chart

    data = Overview.__new__(Overview)
    data.reuse_vs_buy = {f"cat{n}": (n, 10 * n) for n in range(1, 12)}  # eleven categories with a need
    chart = reuse_vs_buy_chart(data)
    names = chart.axes(Qt.Orientation.Vertical)[0].categories()
    assert len(names) == 7 and names[-1] == "cat11" and names[0] == "Øvrige"
    assert sum(chart.series()[0].barSets()[1].at(i) for i in range(7)) == sum(10 * n for n in range(1, 12))
