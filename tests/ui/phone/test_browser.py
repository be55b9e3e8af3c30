"""The phone page in a real browser: Debian's Chromium, headless, driven by Selenium (chromium-driver) on a
thread while the Qt event loop serves it. Two JPEGs and an iPhone HEIC (EXIF rotation and GPS in all three)
are chosen in the page's camera input; each gets its tick only once the laptop stored it with the hash the
page computed, the third after a refusal for too many bytes a minute and a retry; a non-image fails and is
never ticked. The photos are then in the open form and, saved, in the database: upright, without GPS."""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from inventar.models import Item, Photo
from inventar.services.phone.limits import ByteRate
from inventar.ui.phone.panel import network_choices
from tests.support.phone import LOOPBACK, in_thread, pair
from tests.support.photofiles import GPS_IFD, not_an_image, rotated_heic_with_gps, rotated_jpeg_with_gps

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                       reason="Chromium and its driver are not installed (scripts/setup.sh installs the Debian "
                              "packages chromium and chromium-driver)"),
]


def browser(width: int = 390, height: int = 844):
    """Headless Chromium with a phone's viewport (390 × 844 CSS pixels, touch, a phone's user agent)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--disable-extensions", "--no-first-run", "--lang=da-DK"):
        options.add_argument(argument)
    options.add_experimental_option("mobileEmulation", {
        "deviceMetrics": {"width": width, "height": height, "pixelRatio": 1.0, "touch": True},
        "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                     "Chrome/126.0 Mobile Safari/537.36"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


CARDS = """return Array.from(document.querySelectorAll('.photo')).reverse().map(card => ({
    state: card.dataset.state, done: card.classList.contains('done'),
    tick: getComputedStyle(card.querySelector('.tick')).display !== 'none',
    name: card.querySelector('.name').textContent, status: card.querySelector('.status').textContent,
    picture: Array.from(card.querySelectorAll('.thumb img')).filter(img => img.complete && img.naturalWidth > 0)
        .map(img => img.src.includes('/thumb/') ? 'laptop' : 'phone').join()}));"""


def _wait(driver, predicate, timeout: float = 40.0, what: str = ""):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate(driver)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}: {driver.execute_script(CARDS)}")


def _drive(url: str, files: list[Path], bad: Path, shot: Path) -> dict:
    from selenium.webdriver.common.by import By

    seen: dict[str, set[str]] = {}
    result: dict = {}
    driver = browser()
    try:
        driver.get(url)
        _wait(driver, lambda d: d.find_element(By.ID, "category").text == "Stol", what="the item summary")
        result["item"] = [driver.find_element(By.ID, e).text for e in ("category", "room", "code", "count")]
        result["viewport"] = driver.execute_script("return [window.innerWidth, window.innerHeight]")
        result["secure"] = driver.execute_script("return window.isSecureContext")
        # the page's own SHA-256 (what runs over plain HTTP on the local network) against Python's
        result["sha"] = [driver.execute_script("return window.inventarSha256(arguments[0])", text)
                         for text in ("", "abc", "æøå" * 30, "x" * 55, "x" * 56, "x" * 64, "y" * 1000)]
        driver.find_element(By.ID, "take").send_keys("\n".join(str(f) for f in files))

        def all_done(d):
            cards = d.execute_script(CARDS)
            for number, card in enumerate(cards):
                seen.setdefault(str(number), set()).add(card["state"])
                assert not (card["tick"] and card["state"] != "done"), card  # a tick only when stored
            return len(cards) == len(files) and all(c["done"] and c["tick"] for c in cards) and cards

        result["cards"] = _wait(driver, all_done, what="three ticks")
        # the browser draws the JPEGs itself; the HEIC (Chromium cannot) is drawn from the laptop's thumbnail
        result["pictures"] = _wait(driver, lambda d: all(c["picture"] for c in d.execute_script(CARDS))
                                   and [c["picture"] for c in d.execute_script(CARDS)], what="every picture")
        driver.save_screenshot(str(shot))
        driver.find_element(By.ID, "pick").send_keys(str(bad))
        result["bad"] = _wait(driver, lambda d: [c for c in d.execute_script(CARDS)[len(files):]
                                                  if c["state"] == "failed"], what="the refused file")
        result["seen"] = seen
        base, _token = url.rsplit("/", 1)
        driver.get(base + "/AAAAAAAAAAAAAAAAAAAAAA")
        result["wrong"] = driver.find_element(By.TAG_NAME, "body").text
    finally:
        driver.quit()
    return result


def test_two_jpegs_and_a_heic_from_the_browser_land_upright_and_without_gps(
        qtbot, main_window, form, loopback, tmp_path):
    choices = network_choices()
    url = pair(form, choices[0] if choices else LOOPBACK)  # the LAN address if there is one: plain HTTP, no
    # secure context, the page's own SHA-256 runs
    files = [rotated_jpeg_with_gps(tmp_path / "stol-forfra.jpg"),
             rotated_jpeg_with_gps(tmp_path / "stol-bag.jpg", 600, 300), rotated_heic_with_gps(tmp_path / "IMG_4711.HEIC")]
    sizes = [f.stat().st_size for f in files]
    form.phone.endpoint.rate = ByteRate(limit=sizes[0] + sizes[1] + 100, window=3)  # the third must wait
    bad = not_an_image(tmp_path / "indkøbsliste.jpg")

    result = in_thread(qtbot, lambda: _drive(url, files, bad, tmp_path / "phone.png"), timeout=120_000)

    assert result["viewport"] == [390, 844]
    assert result["secure"] is (not choices)  # over the network: no crypto.subtle, the page's own hash ran
    assert result["item"] == ["Stol", form.room_combo.currentText(), "HT-00777", "0 fotos på computeren"]
    texts = ("", "abc", "æøå" * 30, "x" * 55, "x" * 56, "x" * 64, "y" * 1000)
    assert result["sha"] == [hashlib.sha256(t.encode()).hexdigest() for t in texts]
    assert [c["name"] for c in result["cards"]] == [f.name for f in files]
    assert all(c["status"] == "Gemt på computeren" for c in result["cards"])
    assert result["pictures"] == ["phone", "phone", "laptop"]
    assert "waiting" in result["seen"]["2"]  # refused (too many bytes this minute), retried, then stored
    [bad_card] = result["bad"]
    assert bad_card["name"] == bad.name and not bad_card["done"] and not bad_card["tick"]
    assert "ikke et foto" in bad_card["status"]
    assert "Koden er udløbet eller ugyldig" in result["wrong"]
    with Image.open(tmp_path / "phone.png") as shot:
        assert shot.size == (390, 844)

    photos = form.photo_strip.photos()
    assert [p.original_name for p in photos] == [f.name for f in files]
    assert [p.file_hash for p in photos] == [hashlib.sha256(f.read_bytes()).hexdigest() for f in files]
    qtbot.keyClick(QApplication.focusWidget() or form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.message.text().startswith("Gemt:"), form.message.text()
    item = Item.select().order_by(Item.id.desc()).get()
    rows = list(Photo.select().where(Photo.item == item.id).order_by(Photo.position))
    assert [r.original_name for r in rows] == [f.name for f in files] and rows[0].is_primary
    store = main_window.session.photos
    for row, (width, height) in zip(rows, ((200, 400), (300, 600), (200, 400))):
        with Image.open(store.path_for(row.file_hash)) as image:
            assert image.size == (width, height)  # upright: the EXIF rotation was applied
            assert image.getpixel((width - 10, height // 2))[0] > 200  # red on the right, as the camera saw it
            assert not image.getexif().get_ifd(GPS_IFD) and not dict(image.getexif())  # no GPS, no EXIF at all


def test_the_page_stops_when_the_laptop_makes_a_new_code(qtbot, form, loopback):
    import threading

    from selenium.webdriver.common.by import By

    url = pair(form, LOOPBACK)
    opened, renewed = threading.Event(), threading.Event()

    def drive() -> dict:
        driver = browser()
        try:
            driver.get(url)
            _wait(driver, lambda d: d.find_element(By.ID, "category").text == "Stol", what="the item summary")
            opened.set()
            assert renewed.wait(30)
            notice = _wait(driver, lambda d: d.find_element(By.ID, "notice").is_displayed()
                           and d.find_element(By.ID, "notice").text, what="the notice")
            return {"notice": notice, "disabled": driver.execute_script(
                "return ['take', 'pick'].map(id => document.getElementById(id).disabled)")}
        finally:
            driver.quit()

    thread_result: dict = {}
    thread = threading.Thread(target=lambda: thread_result.update(drive()), daemon=True)
    thread.start()
    qtbot.waitUntil(opened.is_set, timeout=60_000)
    qtbot.mouseClick(form.phone.new_code, Qt.MouseButton.LeftButton)
    renewed.set()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=60_000)
    assert "Tryk »Ny kode« på computeren" in thread_result["notice"]
    assert thread_result["disabled"] == [True, True]  # nothing more can be chosen or sent
