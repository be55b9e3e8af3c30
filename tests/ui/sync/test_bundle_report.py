"""The import report: summary, conflicts listed, and resolved per field with the conflict dialog."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QRadioButton

from inventar.domain.items import ItemData
from inventar.models import AuditEntry, Item, db_proxy, open_store
from inventar.services.items.service import ItemService
from inventar.services.sync.bundle import export_bundle, import_bundle
from inventar.ui.sync.bundle_report import BundleReportDialog
from inventar.ui.sync.conflict_dialog import ConflictDialog


def _edit(item_uuid, user, **changes):
    service = ItemService(user=user)
    item = Item.get(Item.uuid == item_uuid)
    detail = service.get(item.id)
    for name, value in changes.items():
        setattr(detail.data, name, value)
    service.update(item.id, detail.data, detail.row_version)


def test_conflicts_from_an_import_are_resolved_field_by_field(qtbot, tmp_path):
    laptop = open_store(tmp_path / "laptop.sqlite")
    ItemService(user="jens").create(ItemData(category="chair", title="Syveren", colour="Teak", quantity=4))
    uuid = Item.get().uuid
    export_bundle(laptop, tmp_path / "1.zip")
    laptop.close()
    office = open_store(tmp_path / "office.sqlite")
    import_bundle(office, tmp_path / "1.zip")
    _edit(uuid, "anne", colour="Grøn")
    office.close()
    laptop = open_store(tmp_path / "laptop.sqlite")
    _edit(uuid, "jens", colour="Lilla", quantity=6)
    export_bundle(laptop, tmp_path / "2.zip")
    laptop.close()
    office = open_store(tmp_path / "office.sqlite")
    try:
        result = import_bundle(office, tmp_path / "2.zip")
        dialog = BundleReportDialog(result, office, "anne")
        qtbot.addWidget(dialog)
        dialog.show()
        assert "1 række er ændret både her og i bundtet" in dialog.summary.text()
        assert "Farve: her »Grøn«, i bundtet »Lilla«" in dialog.details.toPlainText()
        assert dialog.resolve_button.isVisible()

        def choose():
            conflict_dialog = QApplication.activeModalWidget()
            if not isinstance(conflict_dialog, ConflictDialog):
                QTimer.singleShot(20, choose)
                return
            button = conflict_dialog.findChild(QRadioButton, "colour_theirs")  # keep this database's colour
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
            qtbot.mouseClick(conflict_dialog.save_button, Qt.MouseButton.LeftButton)

        QTimer.singleShot(0, choose)
        qtbot.mouseClick(dialog.resolve_button, Qt.MouseButton.LeftButton)
        assert dialog.resolved == 1 and not dialog.resolve_button.isVisible()
        db_proxy.initialize(office.db)
        row = Item.get(Item.uuid == uuid)
        assert (row.colour, row.quantity, row.row_version) == ("Grøn", 6, 3)
        assert AuditEntry.select().where((AuditEntry.who == "anne") & (AuditEntry.field == "quantity")).exists()
        again = import_bundle(office, tmp_path / "2.zip")  # the old bundle still disagrees on the colour ...
        assert [f.name for f in again.conflicts[0].fields] == ["colour"] and not again.changed
        assert Item.get(Item.uuid == uuid).row_version == 3  # ... and changes nothing
    finally:
        office.close()
