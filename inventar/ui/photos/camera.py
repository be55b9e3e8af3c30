"""Webcam capture through QtMultimedia: only offered when a camera is present.

QtMultimedia is imported lazily (it loads FFmpeg), and its harmless probe
warnings about optional video-acceleration libraries are silenced.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLoggingCategory, Qt
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from inventar.i18n import _

_available: bool | None = None


def camera_available() -> bool:
    """True when the system has at least one video input (checked once)."""
    global _available
    if _available is None:
        QLoggingCategory.setFilterRules("qt.multimedia.symbolsresolver=false")
        try:
            from PySide6.QtMultimedia import QMediaDevices
        except ImportError:
            _available = False
        else:
            _available = bool(QMediaDevices.videoInputs())
    return _available


def image_to_jpeg(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPG", 92)
    buffer.close()
    return bytes(data.data())


class CameraDialog(QDialog):
    """Live view and a "Tag foto" button (Mellemrum); ``jpeg`` holds the captured photo."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self.setWindowTitle(_("Tag foto med kamera"))
        self.jpeg: bytes | None = None
        self.camera = QCamera(self)
        self.capture = QImageCapture(self)
        self.session = QMediaCaptureSession(self)
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.capture)
        view = QVideoWidget()
        view.setMinimumSize(640, 480)
        self.session.setVideoOutput(view)
        self.status = QLabel(_("Tryk Mellemrum for at tage fotoet, Esc for at annullere."))
        shoot = QPushButton(_("&Tag foto"))
        shoot.clicked.connect(self.shoot)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self, activated=self.shoot)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(shoot, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.capture.imageCaptured.connect(self._captured)
        self.capture.errorOccurred.connect(lambda _id, _err, text: self.status.setText(
            _("Kameraet gav en fejl: {error}", error=text)))
        self.camera.start()

    def shoot(self) -> None:
        if self.capture.isReadyForCapture():
            self.capture.capture()

    def _captured(self, _id: int, image: QImage) -> None:
        self.jpeg = image_to_jpeg(image)
        self.camera.stop()
        self.accept()
