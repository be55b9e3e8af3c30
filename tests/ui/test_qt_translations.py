"""Qt's own dialogs speak Danish: the file dialog's labels that Qt's Danish catalogue lacks are filled in."""

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QDoubleSpinBox, QFileDialog

from inventar.ui.app import install_qt_translations


def test_the_file_dialog_is_danish_throughout(qapp, qtbot):
    before = set(qapp.findChildren(QTranslator))
    locale = QLocale()
    install_qt_translations(qapp)
    try:
        weight = QDoubleSpinBox()
        qtbot.addWidget(weight)
        weight.setValue(4.5)
        assert weight.text() == "4,50", "Qt's own number widgets use the decimal comma"
        dialog = QFileDialog()
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        labels = {label: dialog.labelText(label) for label in QFileDialog.DialogLabel}
        assert labels[QFileDialog.DialogLabel.LookIn] == "&Kig i:"
        assert labels[QFileDialog.DialogLabel.FileType] == "Fil&type:"
        assert labels[QFileDialog.DialogLabel.FileName] == "&Filnavn:"  # Qt's own catalogue still answers the rest
        assert labels[QFileDialog.DialogLabel.Reject] == "Annuller"
    finally:
        QLocale.setDefault(locale)
        for translator in set(qapp.findChildren(QTranslator)) - before:
            QCoreApplication.removeTranslator(translator)
            translator.deleteLater()
