"""Every top-level window and dialog of Inventar, each opened from a shown main window.

Shared by tests/ui/test_screen_fit.py (a small fake screen) and scripts/screens.py (a real X server):
each opener returns the window, not yet shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from inventar.domain.sync import Conflict, compare
from inventar.services.sync.bundle import ImportResult


def _conflict() -> Conflict:
    mine = {"title": "Syveren", "material": "Teak", "quantity": 4, "hidden_gold": False, "colour": "Grøn"}
    theirs = {"title": "Syveren", "material": "Eg", "quantity": 6, "hidden_gold": True, "colour": "Lilla"}
    base = {"title": "Syveren", "material": "Teak", "quantity": 2, "hidden_gold": False, "colour": "Grøn"}
    return Conflict("item", "HTK-1", "Syveren", mine, theirs, 3, compare(mine, theirs, list(mine), base),
                    theirs_by="anne")


def registration(window) -> QWidget:
    return window.registration.registration_dialog()


def review(window) -> QWidget:
    from inventar.ui.review.window import ReviewWindow

    return ReviewWindow(window.session.photos, "anna", window)


def room_walk(window) -> QWidget:
    from inventar.services.review.room_walk import RoomWalkService
    from inventar.services.review.rows import ReviewService
    from inventar.ui.review.room_walk import RoomWalkDialog

    return RoomWalkDialog(RoomWalkService(), ReviewService(), window)


def split(window) -> QWidget:
    from inventar.services.review.rows import ReviewService
    from inventar.ui.review.split_dialog import SplitDialog

    centres = ReviewService().centres()
    return SplitDialog("HTK-1 Syveren", 12, window, centres=centres, item_centre=centres[0][1] if centres else "")


def board_pdf(window) -> QWidget:
    from pathlib import Path

    from inventar.ui.review.board_pdf_dialog import BoardPdfDialog

    return BoardPdfDialog("Direktionsmøde 14-12-2026, pkt. 3", Path.home(), window)


def placement(window) -> QWidget:
    from inventar.ui.placement.window import PlacementWindow

    return PlacementWindow(window.session.placement(), window)


def dashboard(window) -> QWidget:
    from inventar.ui.dashboard.window import DashboardDialog

    return DashboardDialog(window)


def needs(window) -> QWidget:
    from inventar.ui.needs.dialog import NeedsDialog

    return NeedsDialog(window.excel, window)


def labels(window) -> QWidget:
    from inventar.ui.labels.dialog import LabelDialog

    session = window.session
    return LabelDialog(session.label_codes, session.label_templates, session.settings, [], 0, window)


def label_template(window) -> QWidget:
    from inventar.ui.labels.template_editor import LabelTemplateEditor

    return LabelTemplateEditor(window.session.label_templates, None, window)


def rooms(window) -> QWidget:
    from inventar.ui.rooms.dialog import RoomsDialog

    return RoomsDialog(window.session.rooms, window)


def excel_import(window) -> QWidget:
    from inventar.ui.excel.import_dialog import ImportDialog

    return ImportDialog(window.store, "indkøb.xlsx", window)


def database_settings(window) -> QWidget:
    from inventar.ui.sync.database_settings import DatabaseSettingsDialog

    return DatabaseSettingsDialog(str(window.store.target), "", window)


def conflict(window) -> QWidget:
    from inventar.ui.sync.conflict_dialog import ConflictDialog

    return ConflictDialog(_conflict(), window)


def bundle_report(window) -> QWidget:
    from inventar.ui.sync.bundle_report import BundleReportDialog

    result = ImportResult(inserted={"item": 12}, updated={"item": 3}, conflicts=[_conflict()] * 3,
                          problems=["Rum 2.14 findes ikke"] * 4)
    return BundleReportDialog(result, window.store, "anna", window)


def shortcuts(window) -> QWidget:
    from inventar.ui.shortcuts_dialog import ShortcutsDialog

    return ShortcutsDialog(window)


WINDOWS: dict[str, Callable[[QWidget], QWidget]] = {
    "registration": registration, "review": review, "room_walk": room_walk, "split": split, "board_pdf": board_pdf,
    "placement": placement, "dashboard": dashboard, "needs": needs, "labels": labels,
    "label_template": label_template, "rooms": rooms, "excel_import": excel_import,
    "database_settings": database_settings, "conflict": conflict, "bundle_report": bundle_report,
    "shortcuts": shortcuts,
}


def forget_unsaved_registration(window) -> None:
    """Closes without asking about an item left in the registration form."""
    dialog = window.registration.dialog
    if dialog is not None:
        dialog._clean_state = dialog.form_state()
