"""The label dialog: what to print, template, skipped positions, calibration, live preview, print or PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, QSize, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inventar.domain.labels.templates import DEFAULT_TEMPLATE, LabelTemplate
from inventar.i18n import _
from inventar.services.labels.codes import LabelCodeService, LabelData
from inventar.services.labels.pieces import PieceLabelService
from inventar.services.labels.sheet import LabelPainter, page_layout, write_pdf
from inventar.services.labels.templates import LabelTemplateService
from inventar.settings import Settings
from inventar.ui.geometry import fit_to_screen
from inventar.ui.jobs import run_job
from inventar.ui.labels.sources import BLANK, SELECTED, UNPRINTED
from inventar.ui.labels.template_editor import LabelTemplateEditor

PREVIEW_LIMIT = 200  # labels drawn in the preview; the print and the PDF always have all


class LabelDialog(QDialog):
    printed = Signal(int)  # number of labels printed or saved

    def __init__(self, codes: LabelCodeService, templates: LabelTemplateService, settings: Settings,
                 selected_ids: list[int], source: int = SELECTED, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Udskriv etiketter"))
        self.setObjectName("labelDialog")
        self.codes = codes
        self.templates = templates
        self.settings = settings
        self.selected_ids = list(selected_ids)
        self.labels: list[LabelData] = []
        self.last_pdf: Path | None = None

        self.source_group = QButtonGroup(self)
        self.selected_radio = QRadioButton(_("Valgte genstande ({count})", count=len(self.selected_ids)))
        self.unprinted_radio = QRadioButton(_("Alle uden udskrevet etiket ({count})", count=codes.unprinted_count()))
        self.blank_radio = QRadioButton(_("Blanke etiketter med nye koder (fortrykte)"))
        for number, radio in enumerate((self.selected_radio, self.unprinted_radio, self.blank_radio)):
            self.source_group.addButton(radio, number)
        self.selected_radio.setEnabled(bool(self.selected_ids))
        if source == SELECTED and not self.selected_ids:
            source = UNPRINTED
        self.source_group.button(source).setChecked(True)
        self.per_piece = QCheckBox(_("Én etiket pr. stk. for sæt (Antal ens 10 → 10 etiketter)"))
        self.per_piece.setObjectName("perPiece")
        self.per_piece.setToolTip(_("Hvert stk. får sin egen kode; alle åbner sættet, når de scannes"))
        self.pieces = PieceLabelService(codes)
        self.blank_count = QSpinBox(minimum=1, maximum=5000, value=21)
        self.blank_count.setObjectName("blankCount")
        self.blank_count.setSuffix(_(" stk."))

        self.template_combo = QComboBox()
        self.template_combo.setObjectName("templateCombo")
        self.new_template = QPushButton(_("Ny skabelon …"))
        self.delete_template = QPushButton(_("Slet skabelon"))
        self.skip = QSpinBox(minimum=0)
        self.skip.setObjectName("skipPositions")
        self.skip.setSuffix(_(" pladser"))
        self.skip.setMaximumWidth(140)
        self.skip.setToolTip(_("Spring de første pladser over, når et ark allerede er delvist brugt"))
        self.offset_x = QDoubleSpinBox(minimum=-10, maximum=10, singleStep=0.1, decimals=1, suffix=" mm")
        self.offset_y = QDoubleSpinBox(minimum=-10, maximum=10, singleStep=0.1, decimals=1, suffix=" mm")
        for box in (self.offset_x, self.offset_y):
            box.setLocale(QLocale(QLocale.Language.Danish, QLocale.Country.Denmark))  # "0,0 mm", any system
        self.offset_x.setObjectName("offsetX")
        self.offset_y.setObjectName("offsetY")
        self.save_calibration = QPushButton(_("Gem kalibrering"))
        self.summary = QLabel()
        self.summary.setObjectName("labelSummary")
        self.summary.setWordWrap(True)

        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.preview = QPrintPreviewWidget(self.printer, self)
        self.preview.setObjectName("labelPreview")
        self.preview.setMinimumSize(420, 520)
        self.preview.paintRequested.connect(self._paint_preview)
        self._preview_timer = QTimer(self, singleShot=True, interval=250)
        self._preview_timer.timeout.connect(self.preview.updatePreview)

        self.print_button = QPushButton(_("&Udskriv …"))
        self.print_button.setObjectName("printButton")
        self.pdf_button = QPushButton(_("&Gem PDF …"))
        self.pdf_button.setObjectName("pdfButton")
        self.pdf_button.setDefault(True)
        close = QPushButton(_("Luk"))
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_labels)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.choose_pdf)

        self._layout(close)
        self._fill_templates(settings.get("label_template") or DEFAULT_TEMPLATE)
        self.source_group.idToggled.connect(lambda _id, on: on and self.refresh())
        self.blank_count.valueChanged.connect(lambda _v: self.refresh())
        self.per_piece.toggled.connect(lambda _on: self.refresh())
        self.template_combo.currentIndexChanged.connect(lambda _i: self._on_template())
        self.skip.valueChanged.connect(lambda _v: self.refresh())
        self.offset_x.valueChanged.connect(lambda _v: self.refresh(reload=False))
        self.offset_y.valueChanged.connect(lambda _v: self.refresh(reload=False))
        self.save_calibration.clicked.connect(self.store_calibration)
        self.new_template.clicked.connect(self.add_template)
        self.delete_template.clicked.connect(self.remove_template)
        self.print_button.clicked.connect(self.print_labels)
        self.pdf_button.clicked.connect(self.choose_pdf)
        close.clicked.connect(self.reject)
        self._on_template()

    def _layout(self, close: QPushButton) -> None:
        form = QFormLayout()
        what = QVBoxLayout()
        what.addWidget(self.selected_radio)
        what.addWidget(self.unprinted_radio)
        blank_row = QHBoxLayout()
        blank_row.addWidget(self.blank_radio)
        blank_row.addWidget(self.blank_count)
        blank_row.addStretch()
        what.addLayout(blank_row)
        what.addWidget(self.per_piece)
        form.addRow(_("Etiketter til"), what)
        form.addRow(_("Skabelon"), self.template_combo)
        template_buttons = QHBoxLayout()
        template_buttons.addWidget(self.new_template)
        template_buttons.addWidget(self.delete_template)
        template_buttons.addStretch()
        form.addRow("", template_buttons)
        form.addRow(_("Spring over"), self.skip)
        offsets = QHBoxLayout()
        offsets.addWidget(QLabel(_("vandret")))
        offsets.addWidget(self.offset_x)
        offsets.addWidget(QLabel(_("lodret")))
        offsets.addWidget(self.offset_y)
        offsets.addStretch()
        form.addRow(_("Kalibrering"), offsets)
        form.addRow("", self.save_calibration)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.summary)
        left.addStretch()
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch()
        buttons.addWidget(close)
        left.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 0)
        layout.addWidget(self.preview, 1)
        fit_to_screen(self, QSize(1100, 720))

    # -- state -------------------------------------------------------------------------
    def _fill_templates(self, current: str) -> None:
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for template in self.templates.templates():
            self.template_combo.addItem(template.name, template)
        index = self.template_combo.findText(current)
        self.template_combo.setCurrentIndex(max(0, index))
        self.template_combo.blockSignals(False)

    def template(self) -> LabelTemplate:
        base: LabelTemplate = self.template_combo.currentData()
        return base.with_offset(self.offset_x.value(), self.offset_y.value())

    @property
    def source(self) -> int:
        return self.source_group.checkedId()

    def _on_template(self) -> None:
        template: LabelTemplate = self.template_combo.currentData()
        for box, value in ((self.offset_x, template.offset_x), (self.offset_y, template.offset_y)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        self.skip.setMaximum(0 if template.roll else template.per_page - 1)
        self.skip.setEnabled(not template.roll)
        self.delete_template.setEnabled(not self.templates.is_builtin(template.name))
        self.printer.setPageLayout(page_layout(template))
        self.printer.setFullPage(True)
        self.refresh()

    def refresh(self, reload: bool = True) -> None:
        """Recount the labels and schedule a new preview."""
        if reload:
            rows = self.pieces.label_rows if self.per_piece.isChecked() else self.codes.label_rows
            if self.source == SELECTED:
                self.labels = rows(self.selected_ids)
            elif self.source == UNPRINTED:
                self.labels = rows(only_unprinted=True)
            else:
                self.labels = [LabelData(code) for code in self.codes.next_codes(self.blank_count.value())]
        template = self.template()
        count = len(self.labels)
        if not count:
            text = _("Ingen etiketter at udskrive: alle genstande har fået deres etiket udskrevet.") \
                if self.source == UNPRINTED else _("Ingen etiketter at udskrive.")
        elif count == 1:
            text = _("1 etiket")
        elif template.roll:
            text = _("{count} etiketter på rulle", count=count)
        else:
            text = _("{count} etiketter på {pages} ark", count=count, pages=template.pages_for(count, self.skip.value()))
        if count > PREVIEW_LIMIT:
            text += "\n" + _("Forhåndsvisningen viser de første {limit}.", limit=PREVIEW_LIMIT)
        self.summary.setText(text)
        self.print_button.setEnabled(bool(count))
        self.pdf_button.setEnabled(bool(count))
        self._preview_timer.start()

    def _paint_preview(self, printer: QPrinter) -> None:
        template = self.template()
        printer.setPageLayout(page_layout(template))
        printer.setFullPage(True)
        if self.labels:
            LabelPainter(printer, template).paint(self.labels[:PREVIEW_LIMIT], self._skip(template))
        else:  # QPrintPreviewWidget wants a page: an empty one
            LabelPainter(printer, template).paint([], 0)

    def _skip(self, template: LabelTemplate) -> int:
        return 0 if template.roll else self.skip.value()

    # -- templates ---------------------------------------------------------------------
    def store_calibration(self) -> None:
        saved = self.templates.save(self.template())
        self._fill_templates(saved.name)
        self._on_template()
        self.summary.setText(self.summary.text() + "\n" + _("Kalibreringen er gemt for {name}.", name=saved.name))

    def add_template(self) -> None:
        editor = LabelTemplateEditor(self.templates, self.template_combo.currentData(), self)
        editor.name.clear()
        if editor.exec() and editor.saved is not None:
            self._fill_templates(editor.saved.name)
            self._on_template()

    def remove_template(self) -> None:
        name = self.template_combo.currentText()
        if self.templates.is_builtin(name):
            return
        answer = QMessageBox.question(self, _("Slet skabelon"), _("Slet skabelonen »{name}«?", name=name))
        if answer == QMessageBox.StandardButton.Yes:
            self.templates.delete(name)
            self._fill_templates(DEFAULT_TEMPLATE)
            self._on_template()

    # -- output ------------------------------------------------------------------------
    def _final_labels(self) -> list[LabelData]:
        """The labels to print; blank labels get their codes reserved only now."""
        if self.source == BLANK:
            self.labels = self.codes.reserve_batch(self.blank_count.value())
        return self.labels

    def _done(self, labels: list[LabelData]) -> None:
        self.codes.mark_printed(labels)
        self.settings.set("label_template", self.template_combo.currentText())
        self.printed.emit(len(labels))
        if self.source == BLANK:
            self.refresh()

    def print_labels(self) -> None:
        if not self.labels:
            return
        template = self.template()
        self.printer.setPageLayout(page_layout(template))
        self.printer.setFullPage(True)
        dialog = QPrintDialog(self.printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(self.printer)

    def print_to(self, printer: QPrinter) -> None:
        """Paint all labels on ``printer`` (page size from the template, no printer margins)."""
        template = self.template()
        printer.setPageLayout(page_layout(template))
        printer.setFullPage(True)
        labels = self._final_labels()
        LabelPainter(printer, template).paint(labels, self._skip(template))
        self._done(labels)

    def choose_pdf(self) -> None:
        if not self.labels:
            return
        path, _filter = QFileDialog.getSaveFileName(self, _("Gem etiketter som PDF"), _("etiketter.pdf"),
                                                    _("PDF-filer (*.pdf)"))
        if path:
            self.save_pdf(Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf"))

    def save_pdf(self, path: Path) -> None:
        """Write the PDF off the GUI thread; ``printed`` is emitted when it is on disk."""
        template = self.template()
        labels = self._final_labels()
        skip = self._skip(template)

        def job(job):
            return write_pdf(path, template, labels, skip, job.progress)

        def done(result: Path) -> None:
            self.last_pdf = result
            self._done(labels)
            self.summary.setText(_("{count} etiketter gemt i {path}", count=len(labels), path=result))

        return run_job(self, _("Skriver etiketter …"), job, done, title=_("Etiketter"))
