"""Every request a phone can make, answered by the endpoint without a server: who may, what is refused, what
is written (nothing, unless the upload is good), and the page it serves."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re

import pytest
from PIL import Image

from inventar import i18n
from inventar.services.phone.endpoint import COOKIE, ItemSummary, PhoneEndpoint, Request, Upload
from inventar.services.phone.limits import ByteRate
from inventar.services.phone.pairing import Pairing


def _jpeg(colour: str = "teal") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "JPEG")
    return buffer.getvalue()


class Phone:
    """An endpoint, what reached the laptop, and a phone's requests with the cookie it was given."""

    def __init__(self, **kwargs) -> None:
        self.received: list[tuple[Upload, bytes]] = []
        self.summary = ItemSummary("Stol", "2.10 Kontor", "HT-00012", 1)
        self.endpoint = PhoneEndpoint(lambda: self.summary, lambda upload, data: self.received.append((upload, data)),
                                      **kwargs)
        self.cookie = ""

    def call(self, method: str, suffix: str = "", body: bytes = b"", token: str | None = None, **headers: str):
        token = self.endpoint.pairing.token if token is None else token
        if self.cookie:
            headers.setdefault("cookie", self.cookie)
        response = self.endpoint.handle(Request(method, f"/p/{token}{suffix}", headers, body, "192.168.1.40"))
        for name, value in response.headers:
            if name == "Set-Cookie":
                self.cookie = value.split(";")[0]
        return response

    def send(self, data: bytes, item: int | None = None, sha: str | None = None, **headers: str):
        headers = {"x-sha256": hashlib.sha256(data).hexdigest() if sha is None else sha,
                   "x-item": str(self.endpoint.generation if item is None else item),
                   "x-file-name": "IMG_0001.JPG", **headers}
        return self.call("POST", "/photo", data, **headers)


def _json(response) -> dict:
    assert response.content_type.startswith("application/json")
    return json.loads(response.body)


def test_the_page_is_served_for_the_token_with_a_strict_content_security_policy():
    phone = Phone()
    response = phone.call("GET")
    assert response.status == 200 and response.content_type == "text/html; charset=utf-8"
    page = response.body.decode("utf-8")
    assert '<input class="file" id="take" type="file" accept="image/*" capture="environment" multiple>' in page
    assert 'lang="da"' in page and "Tag foto" in page and "Fotoene lander i:" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing loaded from elsewhere
    headers = dict(response.all_headers())
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp and "frame-ancestors 'none'" in csp
    script = re.search(r"<script>(.*)</script>", page, re.S).group(1)
    style = re.search(r"<style>(.*)</style>", page, re.S).group(1)
    for text, directive in ((script, "script-src"), (style, "style-src")):
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp  # exactly the inline script and style may run
    assert headers["Cache-Control"] == "no-store" and headers["Referrer-Policy"] == "no-referrer"
    config = json.loads(re.search(r'<script type="application/json" id="config">(.*?)</script>', page, re.S).group(1))
    assert config["base"] == phone.endpoint.base and config["texts"]["done"] == "Gemt på computeren"


def test_the_page_speaks_english_when_the_app_does():
    i18n.set_language("en")
    page = Phone().call("GET").body.decode("utf-8")
    assert 'lang="en"' in page and "Take photo" in page


def test_state_gives_the_item_summary_and_claims_the_pairing_for_the_first_phone():
    phone = Phone()
    response = phone.call("GET", "/state")
    assert response.status == 200
    cookie = dict(response.headers)["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert f"Path={phone.endpoint.base}" in cookie
    assert _json(response) == {"item": {"generation": 0, "category": "Stol", "room": "2.10 Kontor",
                                        "label_code": "HT-00012", "photos": 1}, "uploads": {}}
    assert phone.endpoint.device_address == "192.168.1.40"
    again = phone.call("GET", "/state")
    assert again.status == 200 and "Set-Cookie" not in dict(again.headers)
    other = Phone.__new__(Phone)  # a second device with the same code and no cookie
    other.endpoint, other.cookie = phone.endpoint, ""
    refused = other.call("GET", "/state")
    assert refused.status == 403 and "anden telefon" in _json(refused)["error"]
    assert other.send(_jpeg()).status == 403 and phone.received == []


def test_a_good_upload_reaches_the_laptop_and_its_outcome_is_readable():
    phone = Phone()
    data = _jpeg()
    response = phone.send(data, **{"x-file-name": "IMG%200001%20%C3%A6.JPG"})
    assert response.status == 202
    upload_id = _json(response)["id"]
    [(upload, received)] = phone.received
    assert received == data and upload.id == upload_id and upload.name == "IMG 0001 æ.JPG"
    assert upload.sha256 == hashlib.sha256(data).hexdigest() and upload.state == "pending"
    assert _json(phone.call("GET", "/state"))["uploads"][upload_id]["state"] == "pending"
    phone.endpoint.stored(upload_id, upload.sha256)
    assert _json(phone.call("GET", "/state"))["uploads"][upload_id] == {
        "state": "stored", "hash": upload.sha256, "error": "", "resend": False}
    assert phone.endpoint.stored_count == 1


@pytest.mark.parametrize(("name", "token"), [("wrong", "A" * 22), ("empty", ""), ("short", "abc"),
                                             ("with a slash", "abc%2Fdef")])
def test_a_wrong_token_is_a_404_for_every_path_and_writes_nothing(name, token):
    phone = Phone()
    for method, suffix in (("GET", ""), ("GET", "/state"), ("POST", "/photo")):
        response = phone.call(method, suffix, _jpeg(), token=token,
                              **{"x-sha256": hashlib.sha256(_jpeg()).hexdigest(), "x-item": "0"})
        assert response.status == 404, (name, suffix)
    assert phone.received == [] and not phone.endpoint.pairing.claimed


def test_an_expired_token_is_refused_like_a_wrong_one():
    now = [0.0]
    phone = Phone(pairing=Pairing(idle_timeout=60, clock=lambda: now[0]))
    assert phone.call("GET", "/state").status == 200
    now[0] = 61.0
    assert phone.call("GET").status == 404
    assert phone.send(_jpeg()).status == 404 and phone.received == []


def test_a_new_code_refuses_the_old_one_and_its_phone():
    phone = Phone()
    old = phone.endpoint.pairing.token
    phone.call("GET", "/state")
    phone.endpoint.renew()
    assert phone.call("GET", "/state", token=old).status == 404
    assert phone.call("POST", "/photo", _jpeg(), token=old).status == 404 and phone.received == []


def test_polling_does_not_keep_the_code_alive_but_uploads_do():
    now = [0.0]
    phone = Phone(pairing=Pairing(idle_timeout=60, clock=lambda: now[0]))
    phone.call("GET", "/state")
    now[0] = 50.0
    assert phone.send(_jpeg()).status == 202  # an upload: activity
    now[0] = 100.0
    assert phone.call("GET", "/state").status == 200
    now[0] = 111.0  # 61 s after the upload, polled in between
    assert phone.call("GET", "/state").status == 404


@pytest.mark.parametrize(("path", "method"), [
    ("/", "GET"), ("/p", "GET"), ("/p/", "GET"), ("/favicon.ico", "GET"), ("/p/{token}/", "GET"),
    ("/p/{token}/photos", "GET"), ("/p/{token}/state/x", "GET"), ("/p/{token}/../{token}", "GET"),
    ("/p/{token}", "POST"), ("/p/{token}/photo", "GET"), ("/p/{token}/state", "POST"), ("/p/{token}", "DELETE"),
    ("/p/{token}", "HEAD"), ("/p/{token}/photo", "PUT"),
])
def test_every_other_path_or_method_is_a_404(path, method):
    phone = Phone()
    response = phone.endpoint.handle(Request(method, path.format(token=phone.endpoint.pairing.token), {}, _jpeg()))
    assert response.status == 404 and phone.received == []


def test_an_oversized_upload_is_refused():
    phone = Phone(max_upload=1000)
    big = _jpeg() + b"\0" * 1000
    response = phone.send(big)
    assert response.status == 413 and "for stort" in _json(response)["error"] and phone.received == []
    claimed = phone.send(_jpeg(), **{"content-length": "5000"})  # what the header announces counts as well
    assert claimed.status == 413 and phone.received == []


@pytest.mark.parametrize("data", [b"GIF89a" + b"\0" * 100, b"<html>hello</html>", b"%PDF-1.4 ..."])
def test_a_non_image_is_refused(data):
    phone = Phone()
    response = phone.send(data)
    assert response.status == 415 and "ikke et foto" in _json(response)["error"] and phone.received == []


def test_an_empty_upload_or_one_without_its_hash_is_refused():
    phone = Phone()
    assert phone.send(b"").status == 400
    assert phone.send(_jpeg(), sha="").status == 400
    assert phone.received == []


def test_bytes_damaged_on_the_way_are_refused_and_may_be_sent_again():
    phone = Phone()
    data = _jpeg()
    response = phone.send(data, sha=hashlib.sha256(data + b"x").hexdigest())
    assert response.status == 400 and _json(response)["retry"] is True and phone.received == []


def test_a_photo_sent_for_the_previous_item_is_refused_with_the_new_one():
    phone = Phone()
    phone.endpoint.next_item()
    response = phone.send(_jpeg(), item=0)
    body = _json(response)
    assert response.status == 409 and body["item"]["generation"] == 1 and phone.received == []
    assert phone.send(_jpeg(), item=1).status == 202


def test_the_upload_becomes_stale_when_the_form_moves_on():
    phone = Phone()
    phone.send(_jpeg())
    [(upload, _data)] = phone.received
    assert phone.endpoint.is_current(upload)
    phone.endpoint.next_item()
    assert not phone.endpoint.is_current(upload)
    phone.endpoint.failed(upload.id, "skiftet", resend=True)
    assert _json(phone.call("GET", "/state"))["uploads"][upload.id] == {
        "state": "failed", "hash": "", "error": "skiftet", "resend": True}


def test_bytes_per_minute_are_limited_and_the_phone_told_when_to_retry():
    now = [0.0]
    data = _jpeg()
    phone = Phone(rate=ByteRate(limit=2 * len(data) + 10, clock=lambda: now[0]))
    assert phone.send(data).status == 202 and phone.send(_jpeg("red")).status == 202
    refused = phone.send(_jpeg("blue"))
    assert refused.status == 429 and dict(refused.headers)["Retry-After"] == "60" and len(phone.received) == 2
    now[0] = 61.0
    assert phone.send(_jpeg("blue")).status == 202


def test_only_the_newest_uploads_are_remembered():
    phone = Phone()
    for n in range(105):
        phone.send(_jpeg() + bytes([n]))
    uploads = _json(phone.call("GET", "/state"))["uploads"]
    assert len(uploads) == 100 and "1" not in uploads and "105" in uploads


def test_the_laptop_s_thumbnail_of_a_stored_upload_is_served_to_its_phone_only():
    thumbnails = {"ab" * 32: b"\xff\xd8thumbnail"}
    phone = Phone(thumbnail=thumbnails.get)
    upload_id = _json(phone.send(_jpeg()))["id"]
    assert phone.call("GET", f"/thumb/{upload_id}").status == 404  # not stored yet
    phone.endpoint.stored(upload_id, "ab" * 32)
    response = phone.call("GET", f"/thumb/{upload_id}")
    assert (response.status, response.content_type, response.body) == (200, "image/jpeg", b"\xff\xd8thumbnail")
    assert dict(response.all_headers())["Cache-Control"] == "no-store"
    for suffix in (f"/thumb/{int(upload_id) + 1}", "/thumb/../state", "/thumb/x", f"/thumb/{upload_id}/"):
        assert phone.call("GET", suffix).status == 404, suffix
    assert phone.call("POST", f"/thumb/{upload_id}").status == 404
    assert phone.call("GET", f"/thumb/{upload_id}", token="A" * 22).status == 404
    stranger = Phone(thumbnail=thumbnails.get)
    stranger.endpoint = phone.endpoint  # the same pairing, another phone (no cookie): refused like any second phone
    assert stranger.call("GET", f"/thumb/{upload_id}").status == 403
    phone.endpoint.stored(upload_id, "cd" * 32)  # a hash the store has no thumbnail of
    assert phone.call("GET", f"/thumb/{upload_id}").status == 404
    assert Phone().call("GET", "/thumb/1").status == 404  # no thumbnails at all
