"""Qt's own HTTP server for the paired phone, in the GUI thread's event loop; every answer comes from
:class:`~inventar.services.phone.endpoint.PhoneEndpoint`.

It listens on one address (the network the user chose, never every interface) and one port, only while
the registration form has *Telefon som kamera* switched on. Qt refuses a body above the endpoint's upload
limit before reading it (``setMaximumBodySize``) and more than :data:`REQUESTS_PER_SECOND` requests a
second from one address. Paths outside ``/p/<token>…`` never reach Python: Qt answers them 404.

PySide's ``route()`` takes handlers that return text only; the endpoint's status, headers and body are put
into Qt's response by an after-request handler (``QHttpServerResponse.swap``), in the same call.
"""

from __future__ import annotations

import logging
import time

import shiboken6
from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtHttpServer import (
    QHttpServer,
    QHttpServerConfiguration,
    QHttpServerRequest,
    QHttpServerResponder,
    QHttpServerResponse,
)
from PySide6.QtNetwork import QAbstractSocket, QHostAddress, QHttpHeaders, QTcpServer

from inventar.errors import UserError
from inventar.i18n import _
from inventar.services.phone.endpoint import PhoneEndpoint, Request, Response

log = logging.getLogger(__name__)
REQUESTS_PER_SECOND = 30  # the page polls twice a second at most and sends one photo at a time
MAX_URL = 2048
ROUTES = ("/p/[^/]+", "/p/[^/]+/state", "/p/[^/]+/photo",  # i18n: ignore (regular expressions, matched whole)
          "/p/[^/]+/thumb/[0-9]+")  # i18n: ignore


class PhoneServerError(UserError):
    """The server could not listen (the port is taken, the address is gone)."""


def _new_http_server(parent: QObject) -> QHttpServer:
    """A QHttpServer whose Python object goes when Qt deletes it.  QHttpServer is a final class, so PySide
    never sees Qt delete it (``deleteLater``): its Python wrapper stayed registered at the freed address, and
    the next object Qt made there came back to Python as that server (a menu's QAction did, in the tests:
    "insertAction(QAction, QHttpServer)")."""
    http = QHttpServer(parent)
    http.destroyed.connect(lambda: shiboken6.invalidate(http))
    return http


def _method(request: QHttpServerRequest) -> str:
    return request.method().name.upper()


def _headers(request: QHttpServerRequest) -> dict[str, str]:
    return {bytes(name.data()).decode("latin-1").lower(): bytes(value.data()).decode("latin-1")
            for name, value in request.headers().toListOfPairs()}


class PhoneServer(QObject):
    handled = Signal()  # a request was answered (the panel's status follows: a phone connected, a photo came)

    def __init__(self, endpoint: PhoneEndpoint, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.endpoint = endpoint
        self.http: QHttpServer | None = None
        self.tcp: QTcpServer | None = None
        self.address = ""
        self.port = 0
        self.request_started = 0.0  # perf_counter when the last request had fully arrived
        self._pending: tuple[tuple, QHttpServerResponse] | None = None
        self._handlers: tuple = ()

    @property
    def listening(self) -> bool:
        return self.tcp is not None and self.tcp.isListening()

    def url(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"http://{host}:{self.port}{self.endpoint.base}"

    def listen(self, address: str, port: int) -> None:
        """Listen on ``address``:``port`` (port 0: any free one); raises :class:`PhoneServerError`."""
        self.close()
        http = _new_http_server(self)
        config = QHttpServerConfiguration()
        config.setMaximumBodySize(self.endpoint.max_upload)
        config.setMaximumUrlSize(MAX_URL)
        config.setRateLimitPerSecond(REQUESTS_PER_SECOND)
        http.setConfiguration(config)
        # PySide keeps only a borrowed reference to a route's callable: hold the bound methods here.
        self._handlers = (self._route, self._respond)
        for rule in ROUTES:
            http.route(rule, self._handlers[0])
        http.addAfterRequestHandler(self, self._handlers[1])
        tcp = QTcpServer(self)
        if not tcp.listen(QHostAddress(address), port):
            error, text = tcp.serverError(), tcp.errorString()
            tcp.deleteLater()
            http.deleteLater()
            if error == QAbstractSocket.SocketError.AddressInUseError:
                raise PhoneServerError(_("Port {port} bruges allerede af et andet program. Luk det, eller giv "
                                         "Inventar en anden port (indstillingen phone_port).", port=port))
            raise PhoneServerError(_("Inventar kan ikke lytte på {address}:{port} ({error}). Vælg et andet net.",
                                     address=address, port=port, error=text))
        if not http.bind(tcp):
            tcp.close()
            tcp.deleteLater()
            http.deleteLater()
            raise PhoneServerError(_("Inventar kan ikke starte sin webserver på {address}:{port}.",
                                     address=address, port=port))
        self.http, self.tcp = http, tcp
        self.address, self.port = address, tcp.serverPort()

    def close(self) -> None:
        """Stop listening and drop every open connection; nothing is answered from now on."""
        if self.tcp is not None:
            self.tcp.close()
            for socket in self.tcp.findChildren(QAbstractSocket):  # keep-alive connections the server holds
                socket.abort()
            self.tcp.deleteLater()
        if self.http is not None:
            self.http.deleteLater()
        self.http = self.tcp = None
        self._pending = None

    # -- the two halves of one answer -------------------------------------------------------------
    @staticmethod
    def _key(request: QHttpServerRequest) -> tuple:
        return request.url().toString(), request.remoteAddress().toString(), request.remotePort()

    def _route(self, request: QHttpServerRequest) -> str:
        self.request_started = time.perf_counter()
        self._pending = None
        if self.tcp is None:  # closed while the request was on its way
            return ""
        try:
            answer = self.endpoint.handle(Request(
                _method(request), request.url().path(QUrl.ComponentFormattingOption.FullyEncoded),
                _headers(request), bytes(request.body().data()), request.remoteAddress().toString()))
        except Exception:  # a bug: logged; the phone gets a 500 (and retries), the form is not interrupted
            log.exception("The phone's request %s failed", request.url().path())
            answer = Response(500, b"{}")
        response = QHttpServerResponse(answer.content_type.encode("latin-1"), answer.body,
                                       QHttpServerResponder.StatusCode(answer.status))
        headers = QHttpHeaders()
        for name, value in answer.all_headers():
            headers.append(name, value)
        response.setHeaders(headers)
        self._pending = (self._key(request), response)
        self.handled.emit()
        return ""

    def _respond(self, request: QHttpServerRequest, response: QHttpServerResponse) -> None:
        pending, self._pending = self._pending, None
        if pending is not None and pending[0] == self._key(request):
            response.swap(pending[1])
        elif self.tcp is None or pending is not None:
            response.swap(QHttpServerResponse(QHttpServerResponder.StatusCode.NotFound))
