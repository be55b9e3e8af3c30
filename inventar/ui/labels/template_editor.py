"""A small dialog to define a label sheet template of one's own (all measures in mm)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inventar.domain.labels.templates import LabelTemplate
from inventar.i18n import _
from inventar.services.labels.templates import LabelTemplateService

DECLARED_LABELS = {  # attribute: form label (the message checker reads this table)
    "label_width": "Etikettens bredde", "label_height": "Etikettens højde",
    "margin_left": "Venstre margen", "margin_top": "Topmargen",
    "pitch_x": "Vandret afstand (venstre kant til venstre kant)", "pitch_y": "Lodret afstand (top til top)",
    "page_width": "Sidens bredde", "page_height": "Sidens højde",
    "offset_x": "Kalibrering vandret (+ = mod højre)", "offset_y": "Kalibrering lodret (+ = nedad)",
}
DEFAULTS = {"label_width": 70.0, "label_height": 37.0, "margin_left": 0.0, "margin_top": 0.0, "pitch_x": 70.0,
            "pitch_y": 37.0, "page_width": 210.0, "page_height": 297.0, "offset_x": 0.0, "offset_y": 0.0}


class LabelTemplateEditor(QDialog):
    def __init__(self, templates: LabelTemplateService, start: LabelTemplate | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Ny etiketskabelon"))
        self.templates = templates
        self.saved: LabelTemplate | None = None
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("templateName")
        self.name.setPlaceholderText(_("fx Avery L7160"))
        form.addRow(_("Navn"), self.name)
        self.columns = QSpinBox(minimum=1, maximum=20, value=start.columns if start else 3)
        self.rows = QSpinBox(minimum=1, maximum=40, value=start.rows if start else 8)
        form.addRow(_("Kolonner"), self.columns)
        form.addRow(_("Rækker"), self.rows)
        self.measures: dict[str, QDoubleSpinBox] = {}
        for name, label in DECLARED_LABELS.items():
            box = QDoubleSpinBox(minimum=-10.0 if name.startswith("offset") else 0.0, maximum=1000.0, decimals=1,
                                 singleStep=0.1 if name.startswith("offset") else 0.5, suffix=" mm")
            box.setValue(getattr(start, name) if start else DEFAULTS[name])
            box.setObjectName(name)
            self.measures[name] = box
            form.addRow(_(label), box)
        self.error = QLabel()
        self.error.setObjectName("templateError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(_("Gem skabelon"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Annullér"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def template(self) -> LabelTemplate:
        values = {name: box.value() for name, box in self.measures.items()}
        return LabelTemplate(self.name.text().strip(), self.columns.value(), self.rows.value(), **values)

    def save(self) -> None:
        template = self.template()
        if self.templates.is_builtin(template.name):
            self.error.setText(_("»{name}« er en indbygget skabelon; vælg et andet navn", name=template.name))
            return
        try:
            self.saved = self.templates.save(template)
        except ValueError as error:
            self.error.setText(str(error))
            return
        self.accept()
