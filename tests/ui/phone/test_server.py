"""The phone server in the open registration form, spoken to over real HTTP from another thread: photos land
in the form and, once saved, in the database (upright, without GPS); what must be refused is refused and
writes nothing; the server lives exactly as long as the form has the pairing switched on."""

from __future__ import annotations

import hashlib
import io

import pytest
import shiboken6
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from inventar.models import Item, Photo
from inventar.services.phone.pairing import IDLE_TIMEOUT_S
from tests.support.phone import PhoneClient, announce_big_body, in_thread, pair, refused
from tests.support.photofiles import GPS_IFD, not_an_image, rotated_heic_with_gps, rotated_jpeg_with_gps


def _files(folder) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


def _save_next(qtbot, dialog) -> None:
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def _upright_without_metadata(store, file_hash: str, size: tuple[int, int]) -> None:
    with Image.open(store.path_for(file_hash)) as image:
        assert image.size == size  # the EXIF rotation applied: portrait
        assert image.getpixel((size[0] - 10, size[1] // 2))[0] > 200  # the red half on the right, as seen
        assert not image.getexif().get_ifd(GPS_IFD) and not dict(image.getexif())


def test_photos_from_the_phone_land_in_the_form_and_in_the_database(qtbot, main_window, form, paired, tmp_path):
    phone = PhoneClient(qtbot, paired)
    page = phone.page()
    assert page.status == 200 and b'capture="environment"' in page.body
    state = phone.state()
    assert state.status == 200 and state.json()["item"] == {
        "generation": state.json()["item"]["generation"], "category": "Stol", "room": form.room_combo.currentText(),
        "label_code": "HT-00777", "photos": 0}
    jpeg = rotated_jpeg_with_gps(tmp_path / "stol.jpg").read_bytes()
    heic = rotated_heic_with_gps(tmp_path / "stol.heic").read_bytes()
    shown = []
    form.phone.photo_shown.connect(lambda upload_id, seconds: shown.append(upload_id))
    outcomes = []
    for data, name in ((jpeg, "stol.jpg"), (heic, "IMG_0002.HEIC")):
        reply = phone.send(data, name)
        assert reply.status == 202, reply.body
        outcome = phone.wait_for_outcome(reply.json()["id"])
        assert outcome == {"state": "stored", "hash": hashlib.sha256(data).hexdigest(), "error": "", "resend": False}
        outcomes.append(outcome)
    assert len(shown) == 2
    photos = form.photo_strip.photos()
    assert [p.original_name for p in photos] == ["stol.jpg", "IMG_0002.HEIC"]
    assert [p.file_hash for p in photos] == [o["hash"] for o in outcomes]
    assert phone.state().json()["item"]["photos"] == 2  # the page's summary follows the form
    assert "2 fotos modtaget" in form.phone.status.text()

    _save_next(qtbot, form)
    assert form.message.text().startswith("Gemt:"), form.message.text()
    item = Item.select().order_by(Item.id.desc()).get()
    assert item.category == "chair" and item.label_code == "HT-00777"
    rows = list(Photo.select().where(Photo.item == item.id).order_by(Photo.position))
    assert [(r.original_name, r.file_hash) for r in rows] == [(p.original_name, p.file_hash) for p in photos]
    store = main_window.session.photos
    _upright_without_metadata(store, rows[0].file_hash, (200, 400))
    _upright_without_metadata(store, rows[1].file_hash, (200, 400))
    after = phone.state().json()["item"]  # the page follows the laptop to the next item
    assert after["generation"] == state.json()["item"]["generation"] + 1 and after["photos"] == 0
    assert after["category"] == "" and after["label_code"] == ""


def test_a_wrong_or_expired_token_an_oversized_file_and_a_non_image_write_nothing(
        qtbot, main_window, form, paired, tmp_path):
    folder = main_window.store.photo_dir
    before = _files(folder)
    good = rotated_jpeg_with_gps(tmp_path / "stol.jpg").read_bytes()
    phone = PhoneClient(qtbot, paired)
    assert phone.state().status == 200

    wrong = PhoneClient(qtbot, paired[:-4] + "AAAA")
    wrong.cookie = phone.cookie
    assert wrong.page().status == 404
    assert wrong.send(good, item=0).status == 404

    not_image = not_an_image(tmp_path / "liste.jpg").read_bytes()
    reply = phone.send(not_image, "liste.jpg")
    assert reply.status == 415 and "ikke et foto" in reply.json()["error"]
    gif = io.BytesIO()
    Image.new("RGB", (8, 8)).save(gif, "GIF")
    assert phone.send(gif.getvalue(), "anim.gif").status == 415
    corrupt = good[:2000]  # a JPEG header, the photo cut off: passes the first gate, does not decode
    reply = phone.send(corrupt, "halv.jpg")
    assert reply.status == 202
    outcome = phone.wait_for_outcome(reply.json()["id"])
    assert outcome["state"] == "failed" and "beskadiget" in outcome["error"] and not outcome["resend"]
    assert "Foto fra telefonen" in form.message.text()

    answer = announce_big_body(qtbot, paired, 100 * 2**20)  # refused from its headers, before the body is read
    assert answer.startswith(b"HTTP/1.1 413")

    form.phone.endpoint.pairing.last_active -= IDLE_TIMEOUT_S + 1  # twenty idle minutes
    assert phone.send(good, item=0).status == 404
    assert phone.state().status == 404 and phone.page().status == 404
    qtbot.waitUntil(lambda: "udløbet" in form.phone.status.text(), timeout=10_000)

    assert form.photo_strip.photos() == []
    assert _files(folder) == before  # not a byte written to the photo folder


@pytest.mark.parametrize("path", ["/", "/favicon.ico", "/p", "/p/", "/p/{token}/", "/p/{token}/photos",
                                  "/p/{token}/state/", "/p/{token}/../..", "/p/{token}/thumbs", "/fotos/",
                                  "/p/{token}%2F..%2Fstate", "/p/{token}/thumb/", "/p/{token}/thumb/1/..",
                                  "/p/{token}/thumb/-1", "/p/{token}/thumb/1%2F..%2F..%2Fstate"])
def test_every_other_path_answers_404(qtbot, form, paired, path):
    phone = PhoneClient(qtbot, paired)
    base = paired.split("/p/")[0]
    token = paired.rsplit("/", 1)[1]
    reply = phone.call("GET", base + path.format(token=token))
    assert reply.status == 404
    assert reply.body == b"" or "Koden er udløbet eller ugyldig" in reply.body.decode()  # no listing, no data


def test_a_new_code_refuses_the_old_one_and_the_qr_code_holds_the_url(qtbot, form, paired, tmp_path):
    import zxingcpp

    old = PhoneClient(qtbot, paired)
    assert old.state().status == 200
    qtbot.mouseClick(form.phone.new_code, Qt.MouseButton.LeftButton)
    url = form.phone.url()
    assert url != paired and url.rsplit("/", 1)[0] == paired.rsplit("/", 1)[0]
    assert old.page().status == 404 and old.state().status == 404
    new = PhoneClient(qtbot, url)
    assert new.state().status == 200  # a new phone may claim the new code
    assert form.phone.qr.pixmap().save(str(tmp_path / "qr.png"))
    with Image.open(tmp_path / "qr.png") as shown:
        assert [code.text for code in zxingcpp.read_barcodes(shown)] == [url]  # what the phone's camera reads


def test_a_second_phone_with_the_same_code_is_refused(qtbot, form, paired, tmp_path):
    first, second = PhoneClient(qtbot, paired), PhoneClient(qtbot, paired)
    assert "Scan koden" in form.phone.status.text()
    assert first.state().status == 200
    assert "Telefonen er forbundet (127.0.0.1)" in form.phone.status.text()  # at once, not at the next tick
    assert second.page().status == 200  # the page itself holds no data
    reply = second.state()
    assert reply.status == 403 and "anden telefon" in reply.json()["error"]
    assert second.send(rotated_jpeg_with_gps(tmp_path / "x.jpg").read_bytes(), item=0).status == 403
    assert form.photo_strip.photos() == []


def test_a_photo_for_the_previous_item_is_refused_once_the_form_moved_on(qtbot, form, paired, tmp_path):
    phone = PhoneClient(qtbot, paired)
    generation = phone.state().json()["item"]["generation"]
    form.no_photo.setText("Står bag en reol")
    _save_next(qtbot, form)
    reply = phone.send(rotated_jpeg_with_gps(tmp_path / "x.jpg").read_bytes(), item=generation)
    assert reply.status == 409 and reply.json()["item"]["generation"] == generation + 1
    assert form.photo_strip.photos() == []


def test_a_photo_still_importing_when_the_form_moves_on_is_not_added(qtbot, form, paired, tmp_path):
    phone = PhoneClient(qtbot, paired)
    data = rotated_jpeg_with_gps(tmp_path / "x.jpg").read_bytes()
    item = phone.state().json()["item"]["generation"]
    form.phone.strip.receive = _delayed(form.phone.strip.receive, form)  # the form starts a new item meanwhile
    reply = phone.send(data, item=item)
    assert reply.status == 202
    outcome = phone.wait_for_outcome(reply.json()["id"])
    assert outcome["state"] == "failed" and outcome["resend"] and form.photo_strip.photos() == []


def _delayed(receive, form):
    def wrapper(data, name, done):
        form.clear_form(focus=False)  # e.g. the user discarded the item while the photo was on its way
        return receive(data, name, done)

    return wrapper


def test_the_server_stops_when_pairing_is_switched_off_or_the_form_closes(qtbot, main_window, form, paired):
    assert not refused(qtbot, paired)
    form.phone.toggle.setChecked(False)
    assert refused(qtbot, paired) and not form.phone.details.isVisible()
    url = pair(form)
    assert not refused(qtbot, url)
    form._clean_state = form.form_state()
    form.close()
    assert refused(qtbot, url)
    assert not form.phone.toggle.isChecked()  # opened again, the pairing is off until switched on
    main_window.registration.open_registration()
    assert not form.phone.toggle.isChecked() and not form.phone.active


def test_the_form_stays_usable_while_a_phone_photo_is_imported(qtbot, form, paired, tmp_path):
    """The import runs on the thread pool: no progress dialog, the strip enabled, saving waits for it."""
    phone = PhoneClient(qtbot, paired)
    item = phone.state().json()["item"]["generation"]
    data = rotated_jpeg_with_gps(tmp_path / "x.jpg", 4000, 3000).read_bytes()
    seen = []
    receive = form.photo_strip.receive

    def receive_and_look(*args):
        job = receive(*args)
        seen.append((form.photo_strip.busy, form.photo_strip.isEnabled(), job.dialog))
        form.save()  # Ctrl+S while the photo is on its way
        seen.append(form.message.text())
        return job

    form.phone.strip.receive = receive_and_look
    reply = in_thread(qtbot, lambda: phone._request("POST", paired + "/photo", data, {
        "X-Sha256": hashlib.sha256(data).hexdigest(), "X-Item": str(item)}))
    assert reply.status == 202
    assert seen[0] == (True, True, None)  # importing, the strip usable, no progress dialog
    assert "Vent til fotoimporten" in seen[1]
    qtbot.waitUntil(lambda: not form.photo_strip.busy and bool(form.photo_strip.photos()), timeout=20_000)
    assert QApplication.activeModalWidget() is None


def test_photos_join_the_list_in_the_order_the_phone_sent_them(qtbot, form, paired, tmp_path):
    """Imports run side by side: a small photo sent second must not overtake a big one (the first is primary)."""
    phone = PhoneClient(qtbot, paired)
    item = phone.state().json()["item"]["generation"]
    big = rotated_jpeg_with_gps(tmp_path / "big.jpg", 4000, 3000).read_bytes()
    small = rotated_jpeg_with_gps(tmp_path / "small.jpg", 40, 30).read_bytes()
    first = phone.send(big, "1-oversigt.jpg", item=item).json()["id"]
    second = phone.send(small, "2-detalje.jpg", item=item).json()["id"]
    assert phone.wait_for_outcome(second)["state"] == "stored"
    assert phone.wait_for_outcome(first)["state"] == "stored"
    assert [p.original_name for p in form.photo_strip.photos()] == ["1-oversigt.jpg", "2-detalje.jpg"]
    assert form.photo_strip.model.primary == 0


def test_a_bug_in_answering_is_logged_and_the_phone_gets_a_500(qtbot, form, paired, caplog):
    phone = PhoneClient(qtbot, paired)
    assert phone.state().status == 200

    def broken():
        raise RuntimeError("a bug")

    form.phone.endpoint.summary = broken
    assert phone.state().status == 500  # the page treats it as »no connection« and polls again
    assert "The phone's request" in caplog.text and "a bug" in caplog.text
    form.phone.endpoint.summary = form.phone_summary
    assert phone.state().status == 200


def test_a_closed_server_leaves_no_python_object_behind(qtbot, form, paired):
    """QHttpServer is a final class: deleted by Qt alone, its Python wrapper stayed registered at the freed
    address and the next Qt object made there (a QAction) came back to Python as a QHttpServer."""
    server = form.phone.server
    http = server.http
    assert shiboken6.isValid(http)
    form.phone.set_active(False)
    qtbot.waitUntil(lambda: not shiboken6.isValid(http), timeout=2000)
    assert server.http is None
