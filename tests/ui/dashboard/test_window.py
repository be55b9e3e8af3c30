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
