"""*Telefon som kamera* in the registration form: a switch, the QR code to scan, the network, a new code.

Switched on, the panel starts :class:`~inventar.ui.phone.server.PhoneServer` on the chosen network's
address and the port from the settings (``phone_port``, 8765: the port the Windows firewall rule opens)
and shows ``http://<address>:<port>/p/<token>`` as a QR code (zxing-cpp, as the labels). Every photo the
phone sends goes through the photo strip's import, as if added from a file, and joins the list only if
the form still shows the item it was sent for; then the phone hears the stored photo's content hash.
Switched off, or the form closed, the server stops and the code is gone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtNetwork import QAbstractSocket, QHostAddress, QNetworkInterface
from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from inventar.i18n import _
from inventar.services.labels.qr import qr_matrix
from inventar.services.phone.endpoint import ItemSummary, PhoneEndpoint, Upload
from inventar.services.photos.item_photos import ImportOutcome
from inventar.settings import Settings
from inventar.ui.phone.server import PhoneServer, PhoneServerError
from inventar.ui.photos.strip import PhotoStrip

QR_SIDE = 150  # pixels the code may take in the form's left column (phones read it at 20-50 cm)
QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks
STATUS_EVERY_MS = 5000  # the expiry shows within this


@dataclass(frozen=True)
class NetworkChoice:
    label: str
    address: str
    interface: str


def network_choices() -> list[NetworkChoice]:
    """The IPv4 addresses a phone on the same network can reach: Wi-Fi first, then cable, then the rest."""
    rank = {QNetworkInterface.InterfaceType.Wifi: 0, QNetworkInterface.InterfaceType.Ethernet: 1}
    found = []
    for interface in QNetworkInterface.allInterfaces():
        flags = interface.flags()
        if not (flags & QNetworkInterface.InterfaceFlag.IsUp and flags & QNetworkInterface.InterfaceFlag.IsRunning) \
                or flags & QNetworkInterface.InterfaceFlag.IsLoopBack:
            continue
        for entry in interface.addressEntries():
            ip = entry.ip()
            if ip.protocol() != QAbstractSocket.NetworkLayerProtocol.IPv4Protocol or ip.isLoopback() \
                    or ip.isInSubnet(QHostAddress("169.254.0.0"), 16):  # link-local: no network behind it
                continue
            label = f"{interface.humanReadableName()} ({ip.toString()})"
            found.append((rank.get(interface.type(), 2), NetworkChoice(label, ip.toString(), interface.name())))
    return [choice for _rank, choice in sorted(found, key=lambda pair: pair[0])]


def qr_pixmap(text: str, side: int = QR_SIDE) -> QPixmap:
    """``text`` as a QR code, whole pixels per module, a white quiet zone, at most ``side`` pixels square."""
    rows = qr_matrix(text)
    modules = len(rows) + 2 * QUIET_ZONE
    scale = max(1, side // modules)
    width = modules * scale
    white = b"\xff" * width
    lines = [white] * (QUIET_ZONE * scale)
    for row in rows:
        line = b"\xff" * (QUIET_ZONE * scale) + b"".join(
            (b"\x00" if dark else b"\xff") * scale for dark in row) + b"\xff" * (QUIET_ZONE * scale)
        lines.extend([line] * scale)
    lines.extend([white] * (QUIET_ZONE * scale))
    image = QImage(b"".join(lines), width, width, width, QImage.Format.Format_Grayscale8)
    return QPixmap.fromImage(image.copy())  # copy: the image owns its pixels once the bytes are gone


class PhonePanel(QGroupBox):
    """The switch and, while it is on, the code, its status, the network and »Ny kode«."""

    photo_shown = Signal(str, float)  # upload id, seconds from the request's arrival to the photo in the list
    changed = Signal()  # pairing switched, new code, a phone connected, a photo stored

    def __init__(self, settings: Settings, strip: PhotoStrip, summary: Callable[[], ItemSummary],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phonePanel")
        self.settings = settings
        self.strip = strip
        self.summary = summary
        self.endpoint: PhoneEndpoint | None = None
        self.server: PhoneServer | None = None
        self.error = ""
        self._arrivals: list[list] = []  # [upload, outcome or None, arrival time], in the order they arrived

        self.toggle = QCheckBox(_("Te&lefon som kamera"))
        self.toggle.setObjectName("phoneToggle")
        self.toggle.setToolTip(_("Tag fotos med telefonen: scan QR-koden med telefonens kamera, så lander fotoene "
                                 "i den genstand, du registrerer her (Ctrl+Shift+T)"))
        self.toggle.toggled.connect(self.set_active)
        self.qr = QLabel()
        self.qr.setObjectName("phoneQr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setMinimumSize(QSize(QR_SIDE, QR_SIDE))
        self.qr.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.status = QLabel()
        self.status.setObjectName("phoneStatus")
        self.status.setWordWrap(True)
        self.network = QComboBox()
        self.network.setObjectName("phoneNetwork")
        self.network.setToolTip(_("Det net, telefonen skal være på (samme trådløse net som computeren)"))
        self.network.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.network.setMinimumContentsLength(12)
        self.network.activated.connect(self._network_chosen)
        self.new_code = QPushButton(_("&Ny kode"))
        self.new_code.setObjectName("newPhoneCode")
        self.new_code.setToolTip(_("Lav en ny kode; den gamle virker ikke længere"))
        self.new_code.setAutoDefault(False)
        self.new_code.clicked.connect(self.renew)

        self.details = QWidget()
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.setSpacing(4)
        details.addWidget(self.qr)
        details.addWidget(self.status)
        details.addWidget(self.network)
        details.addWidget(self.new_code)
        self.details.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.toggle)
        layout.addWidget(self.details)
        self.timer = QTimer(self)
        self.timer.setInterval(STATUS_EVERY_MS)
        self.timer.timeout.connect(self._show_status)

    # -- state ------------------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.server is not None and self.server.listening

    def url(self) -> str:
        return self.server.url() if self.active else ""

    def set_active(self, on: bool) -> None:
        if self.toggle.isChecked() != on:
            self.toggle.setChecked(on)  # comes back here through toggled
            return
        self.details.setVisible(on)
        if on:
            self.start()
        else:
            self.stop()
        self.changed.emit()

    def start(self) -> None:
        self.endpoint = PhoneEndpoint(self.summary, self._received, thumbnail=self._thumbnail)
        self._arrivals = []
        self.server = PhoneServer(self.endpoint, self)
        self.server.handled.connect(self._show_status)
        self._fill_networks()
        self._listen()
        self.timer.start()

    def _thumbnail(self, file_hash: str) -> bytes | None:
        """The photo store's thumbnail of a stored phone photo, for the page (a few kB, read as asked for)."""
        try:
            return self.strip.store.thumbnail_path(file_hash).read_bytes()
        except OSError:
            return None

    def stop(self) -> None:
        self.timer.stop()
        if self.server is not None:
            self.server.close()
            self.server.deleteLater()
        self.server = self.endpoint = None
        self._arrivals = []
        self.error = ""
        self.qr.clear()

    def renew(self) -> None:
        """»Ny kode«: a new token; the old code and the phone that used it are refused."""
        if self.endpoint is not None:
            self.endpoint.renew()
            self._show_code()
            self.changed.emit()

    def item_changed(self) -> None:
        """The form started another item: the phone's page follows, photos for the last one are refused."""
        if self.endpoint is not None:
            self.endpoint.next_item()

    # -- network -----------------------------------------------------------------------------------
    def _fill_networks(self) -> None:
        remembered = self.settings.get("phone_interface")
        self.network.clear()
        for choice in network_choices():
            self.network.addItem(choice.label, choice.address)
            self.network.setItemData(self.network.count() - 1, choice.interface, Qt.ItemDataRole.UserRole + 1)
        index = next((i for i in range(self.network.count())
                      if self.network.itemData(i, Qt.ItemDataRole.UserRole + 1) == remembered), 0)
        self.network.setCurrentIndex(index)
        self.network.setVisible(self.network.count() > 1)  # one network: nothing to choose (the status names it)

    def _network_chosen(self, index: int) -> None:
        self.settings.set("phone_interface", self.network.itemData(index, Qt.ItemDataRole.UserRole + 1) or "")
        self.settings.save()
        self._listen()

    def _listen(self) -> None:
        if self.server is None:
            return
        address = self.network.currentData()
        self.error = ""
        if not address:
            self.server.close()
            self.error = _("Computeren er ikke på et netværk. Forbind den til det samme trådløse net som telefonen.")
        else:
            try:
                self.server.listen(address, int(self.settings.get("phone_port")))
            except PhoneServerError as error:
                self.error = str(error)
        self._show_code()

    # -- what the panel shows -----------------------------------------------------------------------
    def _show_code(self) -> None:
        if self.active:
            self.qr.setPixmap(qr_pixmap(self.url()))
            self.qr.setToolTip(self.url())
            self.qr.setAccessibleName(_("QR-kode: {url}", url=self.url()))
        else:
            self.qr.clear()
            self.qr.setToolTip("")
        self.new_code.setEnabled(self.active)
        self._show_status()

    def _show_status(self) -> None:
        endpoint = self.endpoint
        error = bool(self.error)
        if error:
            text = self.error
        elif endpoint is None or not self.active:
            text = ""
        elif endpoint.pairing.expired():
            text = _("Koden er udløbet. Tryk »Ny kode« og scan den igen.")
            error = True
            self.qr.setEnabled(False)
        elif endpoint.pairing.claimed:
            text = _("Telefonen er forbundet ({address}) · {count} fotos modtaget",
                     address=endpoint.device_address, count=endpoint.stored_count)
        else:
            text = _("Scan koden med telefonens kamera.") if self.network.isVisibleTo(self) else _(
                "Scan koden med telefonens kamera. Telefonen skal være på samme net: {network}.",
                network=self.network.currentText())  # one network: no list to show it in
        if not error:
            self.qr.setEnabled(True)
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020; font-weight: bold;" if error else "")  # i18n: ignore

    # -- photos ---------------------------------------------------------------------------------------
    def _received(self, upload: Upload, data: bytes) -> None:
        arrived = self.server.request_started if self.server is not None else time.perf_counter()
        endpoint = self.endpoint
        self._arrivals.append([upload, None, arrived])
        self._show_status()  # the first request of a phone: »forbundet«
        self.strip.receive(data, upload.name, lambda outcome: self._imported(endpoint, upload, outcome))

    def _imported(self, endpoint: PhoneEndpoint, upload: Upload, outcome: ImportOutcome) -> None:
        """Imports run side by side; the photos join the list in the order the phone sent them."""
        if endpoint is not self.endpoint:  # switched off or on again meanwhile: nobody is told, nothing is added
            return
        for arrival in self._arrivals:
            if arrival[0] is upload:
                arrival[1] = outcome
        while self._arrivals and self._arrivals[0][1] is not None:
            first, result, arrived = self._arrivals.pop(0)
            self._settle(endpoint, first, result, arrived)
        self._show_status()
        self.changed.emit()

    def _settle(self, endpoint: PhoneEndpoint, upload: Upload, outcome: ImportOutcome, arrived: float) -> None:
        if outcome.photo is None:
            endpoint.failed(upload.id, outcome.error)
            self.strip.message.emit(_("Foto fra telefonen: {error}", error=outcome.error))
        elif not endpoint.is_current(upload):
            endpoint.failed(upload.id, _("Computeren skiftede genstand, før fotoet var gemt – fotoet blev ikke "
                                         "gemt"), resend=True)
        else:
            self.strip.add_imported([outcome])
            endpoint.stored(upload.id, outcome.photo.file_hash)
            self.photo_shown.emit(upload.id, time.perf_counter() - arrived)
