"""A phone for the tests: real HTTP requests from another thread while the Qt event loop keeps running."""

from __future__ import annotations

import hashlib
import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from inventar.ui.phone.panel import NetworkChoice

LOOPBACK = NetworkChoice("Denne computer (127.0.0.1)", "127.0.0.1", "lo")


@dataclass
class Reply:
    status: int
    headers: Any
    body: bytes

    def json(self) -> dict:
        import json

        return json.loads(self.body)


def in_thread(qtbot, fn: Callable[[], Any], timeout: int = 30_000) -> Any:
    """Run ``fn`` on a thread and wait for it with the event loop running (the server answers in it)."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as error:  # noqa: BLE001 - re-raised on the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=timeout)
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


class PhoneClient:
    """What the page does, from Python: each call runs on a thread while ``qtbot`` keeps Qt going."""

    def __init__(self, qtbot, url: str) -> None:
        self.qtbot = qtbot
        self.url = url  # http://host:port/p/<token>
        self.cookie = ""

    def _request(self, method: str, url: str, body: bytes | None = None, headers: dict | None = None) -> Reply:
        headers = dict(headers or {})
        if self.cookie:
            headers.setdefault("Cookie", self.cookie)
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                reply = Reply(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            reply = Reply(error.code, error.headers, error.read())
        cookie = reply.headers.get("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";")[0]
        return reply

    def call(self, method: str, url: str, body: bytes | None = None, headers: dict | None = None) -> Reply:
        return in_thread(self.qtbot, lambda: self._request(method, url, body, headers))

    def page(self) -> Reply:
        return self.call("GET", self.url)

    def state(self) -> Reply:
        return self.call("GET", self.url + "/state")

    def send(self, data: bytes, name: str = "IMG_0001.JPG", item: int | None = None,
             sha: str | None = None) -> Reply:
        if item is None:
            item = self.state().json()["item"]["generation"]
        headers = {"X-Sha256": hashlib.sha256(data).hexdigest() if sha is None else sha, "X-Item": str(item),
                   "X-File-Name": urllib.request.quote(name), "Content-Type": "application/octet-stream"}
        return self.call("POST", self.url + "/photo", data, headers)

    def wait_for_outcome(self, upload_id: str, timeout: float = 20.0) -> dict:
        """Poll ``state`` as the page does until the laptop stored or refused the upload."""

        def run() -> dict:
            end = time.monotonic() + timeout
            while time.monotonic() < end:
                upload = self._request("GET", self.url + "/state").json()["uploads"].get(upload_id, {})
                if upload.get("state") in ("stored", "failed"):
                    return upload
                time.sleep(0.05)
            raise AssertionError(f"upload {upload_id} not settled in {timeout} s")

        return in_thread(self.qtbot, run, int(timeout * 1000) + 5000)


def announce_big_body(qtbot, url: str, size: int) -> bytes:
    """Send only the headers of a POST announcing ``size`` bytes (and a little of the body): the server's reply."""
    parts = urlsplit(url)

    def run() -> bytes:
        with socket.create_connection((parts.hostname, parts.port), timeout=10) as connection:
            connection.sendall(f"POST {parts.path}/photo HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                               f"Content-Length: {size}\r\nContent-Type: application/octet-stream\r\n\r\n"
                               .encode("ascii") + b"\xff\xd8\xff\xe0" + b"\0" * 4096)
            return connection.recv(4096)

    return in_thread(qtbot, run)


def refused(qtbot, url: str) -> bool:
    """True when nothing listens at the URL's address and port any more."""
    parts = urlsplit(url)

    def run() -> bool:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        try:
            connection.request("GET", parts.path)
            connection.getresponse().read()
        except OSError:
            return True
        finally:
            connection.close()
        return False

    return in_thread(qtbot, run)


def pair(dialog, choice: NetworkChoice = LOOPBACK) -> str:
    """Switch the phone on and choose ``choice`` as the user would; the URL the QR code holds."""
    panel = dialog.phone
    panel.toggle.setChecked(True)
    index = panel.network.findData(choice.address)
    assert index >= 0, [panel.network.itemText(i) for i in range(panel.network.count())]
    panel.network.setCurrentIndex(index)
    panel.network.activated.emit(index)
    assert panel.active, panel.status.text()
    return panel.url()
