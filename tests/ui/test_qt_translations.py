"""Qt's own dialogs speak Danish: the file dialog's labels that Qt's Danish catalogue lacks are filled in."""

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QFileDialog

from inventar.ui.app import install_qt_translations


def test_the_file_dialog_is_danish_throughout(qapp, qtbot):
    before = set(qapp.findChildren(QTranslator))
    install_qt_translations(qapp)
    try:
        dialog = QFileDialog()
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        labels = {label: dialog.labelText(label) for label in QFileDialog.DialogLabel}
        assert labels[QFileDialog.DialogLabel.LookIn] == "&Kig i:"
        assert labels[QFileDialog.DialogLabel.FileType] == "Fil&type:"
        assert labels[QFileDialog.DialogLabel.FileName] == "&Filnavn:"  # Qt's own catalogue still answers the rest
        assert labels[QFileDialog.DialogLabel.Reject] == "Annuller"
    finally:
        for translator in set(qapp.findChildren(QTranslator)) - before:
            QCoreApplication.removeTranslator(translator)
            translator.deleteLater()
