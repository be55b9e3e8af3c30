"""Labels in the GUI: scan-to-open, the label dialog (PDF read back), calibration and own templates."""

import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from inventar.domain.labels.codes import make_code, parse_code
from inventar.models import Item
from inventar.models.entities import ReservedCode
from inventar.services.labels.templates import LabelTemplateService
from inventar.ui.labels.dialog import BLANK, SELECTED, UNPRINTED
from inventar.ui.labels.template_editor import LabelTemplateEditor
from tests.support.pdf_codes import codes_in_pdf


def scan(qtbot, window, text):
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    field = window.labels.field
    assert field.hasFocus()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    return window.labels.scan.last_result


def test_scanning_a_known_code_opens_its_item_even_when_the_search_hides_it(qtbot, main_window):
    item = Item.select().order_by(Item.id.desc()).get()
    qtbot.keyClicks(main_window.search, "zzz-ingen")
    result = scan(qtbot, main_window, item.label_code.lower().replace("-", "+"))  # a scanner on a US layout
    assert result.kind == "item"
    assert main_window.detail.item_id == item.id
    assert main_window.search.text() == ""
    assert main_window.labels.field.text() == ""  # ready for the next scan
    assert item.label_code in main_window.statusBar().currentMessage()


def test_a_mistyped_code_is_refused_and_says_why(qtbot, main_window):
    before = main_window.detail.item_id
    code = Item.select().get().label_code
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    result = scan(qtbot, main_window, wrong)
    assert result.kind == "invalid"
    assert "kontroltegnet passer ikke" in main_window.statusBar().currentMessage()
    assert "kontroltegnet" in main_window.labels.field.toolTip()
    assert main_window.detail.item_id == before
    assert scan(qtbot, main_window, make_code(parse_code(code).prefix, 99999)).kind == "unknown"
    assert "findes ikke" in main_window.statusBar().currentMessage()


def test_a_pre_printed_code_starts_a_registration_through_the_hook(qtbot, main_window):
    code = ReservedCode.select().where(ReservedCode.used_at.is_null()).get().code
    started = []
    main_window.labels.scan.registration_hook = started.append
    with qtbot.waitSignal(main_window.labels.scan.registration_requested) as signal:
        assert scan(qtbot, main_window, code).kind == "reserved"
    assert started == [code] and signal.args == [code]


def test_a_pre_printed_code_without_a_form_hook_gets_a_message(qtbot, main_window):
    main_window.labels.scan.registration_hook = None  # as in a window without the registration form
    code = ReservedCode.select().where(ReservedCode.used_at.is_null()).get().code
    shown = []

    def close_message():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(20, close_message)

    QTimer.singleShot(0, close_message)
    assert scan(qtbot, main_window, code).kind == "reserved"
    assert shown and code in shown[0] and "fortrykt" in shown[0]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is missing")
def test_printing_the_selected_items_to_pdf_marks_them_printed(qtbot, main_window, tmp_path):
    Item.update(label_printed_at=None).execute()
    main_window.table.selectRow(0)
    qtbot.keyClick(main_window.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(main_window.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    ids = main_window.labels.selected_ids()
    assert len(ids) == 3
    dialog = main_window.labels.open_dialog(SELECTED)
    qtbot.addWidget(dialog)
    assert dialog.source == SELECTED and len(dialog.labels) == 3
    assert (dialog.offset_x.text(), dialog.offset_y.text()) == ("0,0 mm", "0,0 mm")  # decimal comma
    dialog.template_combo.setCurrentIndex(dialog.template_combo.findText("A4 2x8 105x37 mm"))
    qtbot.keyClicks(dialog.skip, "5")
    assert "3 etiketter på 1 ark" in dialog.summary.text()
    with qtbot.waitSignal(dialog.printed, timeout=10_000):
        dialog.save_pdf(tmp_path / "valgte.pdf")
    expected = {i.label_code for i in Item.select().where(Item.id.in_(ids))}
    assert sorted(codes_in_pdf(tmp_path / "valgte.pdf", tmp_path)) == sorted(expected)
    assert Item.select().where(Item.label_printed_at.is_null(False)).count() == 3
    dialog.source_group.button(UNPRINTED).setChecked(True)
    assert len(dialog.labels) == Item.select().count() - 3


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is missing")
def test_blank_labels_reserve_their_codes_only_when_saved(qtbot, main_window, tmp_path):
    dialog = main_window.labels.open_dialog(BLANK)
    qtbot.addWidget(dialog)
    dialog.blank_count.setValue(8)
    preview = [label.code for label in dialog.labels]
    reserved_before = ReservedCode.select().count()
    assert len(preview) == 8 and ReservedCode.select().count() == reserved_before  # a preview reserves nothing
    with qtbot.waitSignal(dialog.printed, timeout=10_000):
        dialog.save_pdf(tmp_path / "blanke.pdf")
    new = [r.code for r in ReservedCode.select().order_by(ReservedCode.id.desc()).limit(8)]
    assert sorted(new) == sorted(preview)
    assert sorted(codes_in_pdf(tmp_path / "blanke.pdf", tmp_path)) == sorted(new)
    assert ReservedCode.select().where(ReservedCode.code.in_(new) & ReservedCode.printed_at.is_null()).count() == 0
    assert not {label.code for label in dialog.labels} & set(new)  # the next preview shows fresh codes


def test_calibration_is_saved_for_the_template(qtbot, main_window):
    dialog = main_window.labels.open_dialog(UNPRINTED)
    qtbot.addWidget(dialog)
    dialog.template_combo.setCurrentIndex(dialog.template_combo.findText("A4 3x8 70x37 mm"))
    dialog.offset_x.setValue(1.5)
    dialog.offset_y.setValue(-0.7)
    qtbot.mouseClick(dialog.save_calibration, Qt.MouseButton.LeftButton)
    saved = LabelTemplateService().get("3x8")
    assert (saved.offset_x, saved.offset_y) == (1.5, -0.7) and saved.columns == 3
    assert dialog.template_combo.currentText() == "A4 3x8 70x37 mm"


def test_an_own_template_is_checked_and_saved(qtbot, demo_store):
    templates = LabelTemplateService()
    editor = LabelTemplateEditor(templates)
    qtbot.addWidget(editor)
    qtbot.keyClicks(editor.name, "Avery L7160")
    editor.columns.setValue(3)
    editor.rows.setValue(7)
    for name, value in {"label_width": 63.5, "label_height": 38.1, "margin_left": 7.2, "margin_top": 15.1,
                        "pitch_x": 66.0, "pitch_y": 38.1}.items():
        editor.measures[name].setValue(value)
    editor.measures["label_width"].setValue(80)  # too wide: 3 x 66 mm pitch would overlap
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "mindre end etikettens bredde" in editor.error.text()
    assert "Avery L7160" not in [t.name for t in templates.templates()]
    editor.measures["label_width"].setValue(63.5)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved = templates.get("Avery L7160")
    assert (saved.columns, saved.rows, saved.label_width, saved.pitch_x) == (3, 7, 63.5, 66.0)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is missing")
def test_printing_goes_through_qprinter_with_the_template_page(qtbot, main_window, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    dialog = main_window.labels.open_dialog(UNPRINTED)
    qtbot.addWidget(dialog)
    dialog.template_combo.setCurrentIndex(dialog.template_combo.findText("Rulle 62 mm (62x29)"))
    expected = [label.code for label in dialog.labels]
    assert expected
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer that writes its pages to a file
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    with qtbot.waitSignal(dialog.printed):
        dialog.print_to(printer)
    info = subprocess.run(["pdfinfo", str(tmp_path / "printer.pdf")], capture_output=True, text=True).stdout
    assert int(info.split("Pages:")[1].split()[0]) == len(expected)
    width, height = [float(v) for v in info.split("Page size:")[1].split("pts")[0].split(" x ")]
    assert abs(width / 72 * 25.4 - 62) < 0.5 and abs(height / 72 * 25.4 - 29) < 0.5
    assert sorted(codes_in_pdf(tmp_path / "printer.pdf", tmp_path)) == sorted(expected)
    assert "Alle uden udskrevet etiket (0)" in main_window.labels.open_dialog(UNPRINTED).unprinted_radio.text()
