"""Every request a phone makes, answered without Qt: the page, the item summary, the photo uploads.

``inventar.ui.phone.server`` hands each HTTP request to :meth:`PhoneEndpoint.handle` and writes the
:class:`Response` back; the endpoint decides everything else:

* ``GET /p/<token>``: the page; ``GET /p/<token>/state``: the summary of the item the laptop is
  registering now (category, room, label code, number of photos) and how this phone's uploads went;
  ``POST /p/<token>/photo``: one photo, its SHA-256 in ``X-Sha256`` and the item it was taken for in
  ``X-Item``; ``GET /p/<token>/thumb/<id>``: the thumbnail the laptop made of one of this phone's stored
  uploads (the page shows it where the phone's browser cannot draw the photo itself, HEIC in Chrome).
  Any other path, method or token, and an expired token, is a 404 that writes nothing;
* an upload is checked (size, bytes this minute, an image type by its first bytes, the hash of what
  arrived, still the same item) and answered ``202`` with an id; the photo goes to ``received`` and
  the laptop reports back with :meth:`PhoneEndpoint.stored` (the content hash the photo store gave it)
  or :meth:`PhoneEndpoint.failed`; the page polls ``state`` and ticks a photo only when the stored
  hash is the one it sent.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from http.cookies import CookieError, SimpleCookie
from urllib.parse import unquote

from inventar.i18n import _
from inventar.services.phone.limits import MAX_UPLOAD_BYTES, ByteRate, clean_name, image_type
from inventar.services.phone.page import render_page
from inventar.services.phone.pairing import Pairing

PATH = re.compile(r"/p/(?P<token>[^/]{1,100})(?P<action>/state|/photo|/thumb/(?P<upload>[0-9]{1,9}))?")
COOKIE = "inventar_phone"
KEPT_UPLOADS = 100  # the newest uploads whose outcome the page can still read
JSON = "application/json; charset=utf-8"
COMMON_HEADERS = (  # i18n: ignore (HTTP)
    ("Cache-Control", "no-store"),  # i18n: ignore
    ("X-Content-Type-Options", "nosniff"),  # i18n: ignore
    ("Referrer-Policy", "no-referrer"),  # i18n: ignore
    ("X-Frame-Options", "DENY"),  # i18n: ignore
)


@dataclass(frozen=True)
class Request:
    method: str  # GET, POST, ...
    path: str  # as sent, percent-encoded
    headers: Mapping[str, str]  # names in lower case
    body: bytes = b""
    remote: str = ""


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = JSON
    headers: list[tuple[str, str]] = field(default_factory=list)

    def all_headers(self) -> list[tuple[str, str]]:
        return [("Content-Type", self.content_type), *COMMON_HEADERS, *self.headers]


@dataclass(frozen=True)
class ItemSummary:
    """The only data a phone can read: where its photos go."""

    category: str = ""
    room: str = ""
    label_code: str = ""
    photos: int = 0


@dataclass
class Upload:
    id: str
    generation: int  # the laptop's item it was sent for
    name: str
    size: int
    sha256: str
    state: str = "pending"  # pending | stored | failed
    file_hash: str = ""
    error: str = ""
    resend: bool = False  # failed because the laptop moved on: the page offers to send it to the new item


def _json(status: int, value: object, headers: list[tuple[str, str]] | None = None) -> Response:
    return Response(status, json.dumps(value, ensure_ascii=False).encode("utf-8"), JSON, headers or [])


def _cookie(headers: Mapping[str, str]) -> str | None:
    try:
        jar = SimpleCookie(headers.get("cookie", ""))
    except CookieError:
        return None
    morsel = jar.get(COOKIE)
    return morsel.value if morsel is not None else None


class PhoneEndpoint:
    """The phone's side of one pairing while the registration form has it switched on."""

    def __init__(self, summary: Callable[[], ItemSummary], received: Callable[[Upload, bytes], None],
                 pairing: Pairing | None = None, rate: ByteRate | None = None,
                 max_upload: int = MAX_UPLOAD_BYTES, thumbnail: Callable[[str], bytes | None] | None = None) -> None:
        self.summary = summary
        self.received = received
        self.thumbnail = thumbnail  # a stored photo's content hash -> its thumbnail JPEG (None: there is none)
        self.pairing = pairing or Pairing()
        self.rate = rate or ByteRate()
        self.max_upload = max_upload
        self.generation = 0  # raised by the form whenever it starts another item
        self.uploads: OrderedDict[str, Upload] = OrderedDict()
        self.device_address = ""
        self.stored_count = 0
        self._next_id = 0

    # -- the laptop's side ------------------------------------------------------------------
    @property
    def base(self) -> str:
        return f"/p/{self.pairing.token}"

    def renew(self) -> str:
        """A new code: the old token, its phone and its uploads' outcomes are gone."""
        self.uploads.clear()
        self.device_address = ""
        self.stored_count = 0
        return self.pairing.renew()

    def next_item(self) -> None:
        """The form started another item: photos sent for the previous one are refused from now on."""
        self.generation += 1

    def is_current(self, upload: Upload) -> bool:
        """The upload belongs to this pairing and the form still shows the item it was sent for."""
        return self.uploads.get(upload.id) is upload and upload.generation == self.generation

    def stored(self, upload_id: str, file_hash: str) -> None:
        upload = self.uploads.get(upload_id)
        if upload is not None:
            upload.state, upload.file_hash = "stored", file_hash
            self.stored_count += 1

    def failed(self, upload_id: str, message: str, resend: bool = False) -> None:
        upload = self.uploads.get(upload_id)
        if upload is not None:
            upload.state, upload.error, upload.resend = "failed", message, resend

    # -- requests ---------------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        match = PATH.fullmatch(request.path)
        if match is None:
            return Response(404, b"", "text/plain; charset=utf-8")
        action = match.group("action") or ""
        if match.group("upload"):
            action = "/thumb"
        if not self.pairing.accepts(unquote(match.group("token"))) or (request.method, action) not in (
                ("GET", ""), ("GET", "/state"), ("POST", "/photo"), ("GET", "/thumb")):
            return self._not_found(action)
        if action == "":
            self.pairing.touch()
            page = render_page(self.base, self.max_upload)
            return Response(200, page.html, "text/html; charset=utf-8", [("Content-Security-Policy", page.csp)])
        allowed, key = self.pairing.admit_device(_cookie(request.headers))
        if not allowed:
            return _json(403, {"error": _("Koden bruges allerede af en anden telefon. Tryk »Ny kode« på computeren "
                                          "for at forbinde denne.")})
        cookie = [("Set-Cookie", f"{COOKIE}={key}; Path={self.base}; HttpOnly; SameSite=Strict")] if key else []
        if key:
            self.device_address = request.remote
        if action == "/thumb":
            response = self._thumb(match.group("upload"))
        else:
            response = self._state() if action == "/state" else self._photo(request)
        response.headers.extend(cookie)
        return response

    def _not_found(self, action: str) -> Response:
        text = _("Koden er udløbet eller ugyldig. Tryk »Ny kode« i Inventars registrering og scan den nye kode.")
        if action:
            return _json(404, {"error": text})
        return Response(404, f"<!doctype html><meta charset='utf-8'><meta name='viewport' content="
                             f"'width=device-width'><p style='font:20px sans-serif;margin:24px'>{html.escape(text)}</p>"
                        .encode(), "text/html; charset=utf-8",
                        [("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")])

    def _item(self) -> dict:
        return {"generation": self.generation, **asdict(self.summary())}

    def _state(self) -> Response:
        uploads = {u.id: {"state": u.state, "hash": u.file_hash, "error": u.error, "resend": u.resend}
                   for u in self.uploads.values()}
        return _json(200, {"item": self._item(), "uploads": uploads})

    def _thumb(self, upload_id: str) -> Response:
        """The laptop's thumbnail of an upload this pairing stored; nothing else can be asked for."""
        upload = self.uploads.get(upload_id)
        data = (self.thumbnail(upload.file_hash) if upload is not None and upload.state == "stored"
                and self.thumbnail is not None else None)
        if not data:
            return _json(404, {"error": _("Der er intet miniaturebillede af det foto")})
        return Response(200, data, "image/jpeg")

    def _photo(self, request: Request) -> Response:
        body, headers = request.body, request.headers
        announced = headers.get("content-length", "0").strip()
        if len(body) > self.max_upload or (announced.isdigit() and int(announced) > self.max_upload):
            return _json(413, {"error": _("Fotoet er for stort (højst {mb} MB)", mb=self.max_upload // 2**20)})
        if not body:
            return _json(400, {"error": _("Fotoet er tomt")})
        if image_type(body[:16]) is None:
            return _json(415, {"error": _("Det er ikke et foto, Inventar kan læse (brug JPEG, HEIC, PNG eller WebP)")})
        sent_hash = headers.get("x-sha256", "").strip().lower()
        if not sent_hash:
            return _json(400, {"error": _("Fotoet mangler sin kontrolsum")})
        actual_hash = hashlib.sha256(body).hexdigest()
        if sent_hash != actual_hash:
            return _json(400, {"error": _("Fotoet blev beskadiget undervejs – sendes igen"), "retry": True})
        if headers.get("x-item", "").strip() != str(self.generation):
            return _json(409, {"error": _("Computeren er gået videre til en ny genstand – fotoet blev ikke gemt"),
                               "item": self._item()})
        if not self.rate.admit(len(body)):
            return _json(429, {"error": _("Mange fotos på én gang – venter lidt")},
                         [("Retry-After", str(self.rate.wait_seconds()))])
        self.pairing.touch()
        self._next_id += 1
        upload = Upload(str(self._next_id), self.generation,
                        clean_name(unquote(headers.get("x-file-name", "")), _("telefon-{n}.jpg", n=self._next_id)),
                        len(body), actual_hash)
        self.uploads[upload.id] = upload
        while len(self.uploads) > KEPT_UPLOADS:
            self.uploads.popitem(last=False)
        self.received(upload, body)
        return _json(202, {"id": upload.id})
