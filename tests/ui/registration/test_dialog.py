"""The registration form driven with qtbot: keyboard only, photos, Kopiér forrige, gemt guld, bad photos."""

from __future__ import annotations

import json
import warnings

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from inventar.models import Item, Photo, Room
from inventar.paths import asset_path
from inventar.services.photos.store import PhotoStore
from tests.support.photofiles import GPS_IFD, corrupt_jpeg, huge_jpeg, not_an_image, plain_jpeg, rotated_jpeg_with_gps


@pytest.fixture
def dialog(qtbot, main_window):
    # Type-ahead in the category list joins keys typed within this interval; a loaded test machine can be
    # slower than the default 400 ms between two simulated keys.
    interval = QApplication.keyboardInputInterval()
    QApplication.setKeyboardInputInterval(5000)
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = main_window.registration.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.category_list.hasFocus())
    yield dialog
    QApplication.setKeyboardInputInterval(interval)


def _room(number: str) -> Room:
    return Room.get(Room.number == number)


def _choose_room(qtbot, dialog, number: str) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert dialog.room_combo.hasFocus()
    dialog.room_combo.setCurrentIndex(dialog.room_combo.findData(_room(number).id))  # (a combo's popup is
    # keyboard-driven too, but offscreen it cannot be opened reliably)


def _tab(qtbot, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


def _paste_files(qtbot, dialog, *paths) -> bool:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    QGuiApplication.clipboard().setMimeData(mime)
    qtbot.keyClick(dialog, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    started_in_background = dialog.photo_strip.busy  # the import runs on the thread pool, not in the key press
    qtbot.waitUntil(lambda: not dialog.photo_strip.busy, timeout=10_000)
    return started_in_background


def _save_next(qtbot, dialog) -> None:
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_keyboard_only_registration_with_rotated_gps_photo(qtbot, main_window, dialog, tmp_path):
    rows_before = main_window.model.total_count
    room = _room("2.03")
    _choose_room(qtbot, dialog, "2.03")
    assert "2.03" in dialog.room_title.text()
    dialog.category_list.setFocus()
    qtbot.keyClicks(dialog.category_list, "St")  # type-ahead: Stol
    assert dialog.category() == "chair"
    _tab(qtbot)
    assert dialog.fields["title"].hasFocus()
    qtbot.keyClicks(dialog.fields["title"], "Syveren")
    _tab(qtbot)
    assert dialog.quantity.hasFocus()
    qtbot.keyClicks(dialog.quantity, "12")
    _tab(qtbot)
    qtbot.keyClick(dialog.condition, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.condition, Qt.Key.Key_Down)  # (ikke vurderet) -> 1 -> 2
    _tab(qtbot)
    qtbot.keyClicks(dialog.fields["manufacturer"], "Fritz Hansen")
    _tab(qtbot, 2)
    qtbot.keyClicks(dialog.fields["period"], "1960'erne")
    _tab(qtbot, 3)
    qtbot.keyClicks(dialog.fields["width_cm"], "50")
    _tab(qtbot)
    qtbot.keyClicks(dialog.fields["depth_cm"], "ca. 52")
    _tab(qtbot, 3)
    assert dialog.description.hasFocus()
    _tab(qtbot, 3)
    assert dialog.criteria["period"].hasFocus()
    qtbot.keyClick(dialog.criteria["period"], Qt.Key.Key_Space)
    assert dialog.criteria["period"].isChecked()
    assert "Passer til strategien" in dialog.strategy_note.text()

    photo = rotated_jpeg_with_gps(tmp_path / "syveren.jpg")
    _paste_files(qtbot, dialog, photo)
    assert len(dialog.photo_strip.photos()) == 1
    _save_next(qtbot, dialog)

    item = Item.select().order_by(Item.id.desc()).get()
    assert (item.category, item.title, item.quantity, item.condition, item.manufacturer) == \
        ("chair", "Syveren", 12, 2, "Fritz Hansen")
    assert (item.width_cm, item.depth_cm, item.period, item.criteria_list) == (50, 52, "1960'erne", ["period"])
    assert item.room_id == room.id and not item.hidden_gold
    stored = Photo.get(Photo.item == item.id)
    assert stored.is_primary and stored.original_name == "syveren.jpg"
    store = PhotoStore(main_window.store.photo_dir)
    with Image.open(store.path_for(stored.file_hash)) as image:
        assert image.size == (200, 400)  # upright
        assert image.getpixel((180, 200))[0] > 200  # the red half is on the right, as the camera saw it
        assert not image.getexif().get_ifd(GPS_IFD) and not dict(image.getexif())
    # the form is ready for the next item in the same room; the list shows the new item
    assert dialog.category() == "" and dialog.fields["title"].text() == "" and not dialog.photo_strip.photos()
    assert dialog.room_id() == room.id and dialog.category_list.hasFocus()
    assert "Gemt" in dialog.message.text()
    assert main_window.model.total_count == rows_before + 1
    assert Room.get_by_id(room.id).status in ("in_progress", "done")


def test_copy_previous_duplicates_fields_not_photos(qtbot, dialog, tmp_path):
    _choose_room(qtbot, dialog, "1.01")
    dialog.category_list.setFocus()
    qtbot.keyClicks(dialog.category_list, "Mød")
    _tab(qtbot)
    qtbot.keyClicks(dialog.fields["title"], "Byrådsbord")
    dialog.fields["material"].setFocus()
    qtbot.keyClicks(dialog.fields["material"], "Eg massiv")
    qtbot.keyClick(dialog.criteria["story"], Qt.Key.Key_Space)
    _paste_files(qtbot, dialog, plain_jpeg(tmp_path / "bord.jpg", "brown"), plain_jpeg(tmp_path / "ben.jpg", "red"))
    dialog.label_code.setText("RH-00042")
    _save_next(qtbot, dialog)
    first = Item.get(Item.label_code == "RH-00042")

    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert dialog.category() == "meeting_table"
    assert dialog.fields["title"].text() == "Byrådsbord" and dialog.fields["title"].hasFocus()
    assert dialog.criteria["story"].isChecked() and dialog.label_code.text() == ""
    assert dialog.photo_strip.photos() == [] and "uden fotos" in dialog.message.text()
    qtbot.keyClicks(dialog.fields["title"], "Byrådsbord, lille")  # typing replaces the selected title
    dialog.no_photo.setText("Bag reolen")
    _save_next(qtbot, dialog)
    second = Item.select().order_by(Item.id.desc()).get()
    assert second.id != first.id and second.title == "Byrådsbord, lille"
    assert (second.category, second.material, second.criteria_list, second.room_id) == \
        (first.category, first.material, first.criteria_list, first.room_id)
    assert second.label_code is None
    assert second.photos.count() == 0 and second.no_photo_reason == "Bag reolen"


def test_gemt_guld_needs_a_reason_and_photo_or_excuse(qtbot, dialog):
    _choose_room(qtbot, dialog, "K.01")
    count = Item.select().count()
    dialog.category_list.setFocus()
    qtbot.keyClicks(dialog.category_list, "And")
    assert dialog.category() == "other"
    assert dialog.gold.isChecked() and dialog.gold.isEnabled()  # enabled: Alt+G must work
    assert "uden for strategien" in dialog.strategy_note.text()
    _save_next(qtbot, dialog)
    assert "Begrundelse for gemt guld" in dialog.message.text()
    assert dialog.gold_reason.hasFocus()
    qtbot.keyClicks(dialog.gold_reason, "Byvåben i messing fra 1938")
    _save_next(qtbot, dialog)
    assert "tilføj mindst ét foto" in dialog.message.text() and dialog.no_photo.hasFocus()
    qtbot.keyClicks(dialog.no_photo, "Hænger 4 m oppe")
    _save_next(qtbot, dialog)
    assert Item.select().count() == count + 1
    item = Item.select().order_by(Item.id.desc()).get()
    assert item.hidden_gold and item.hidden_gold_reason == "Byvåben i messing fra 1938"
    assert item.no_photo_reason == "Hænger 4 m oppe"


def test_in_scope_item_without_criterion_becomes_gold_until_one_is_ticked(qtbot, dialog):
    dialog.category_list.setFocus()
    qtbot.keyClicks(dialog.category_list, "Sof")
    assert dialog.gold.isChecked() and "intet strategikriterium" in dialog.strategy_note.text()
    dialog.criteria["colour"].setChecked(True)
    assert not dialog.gold.isChecked() and dialog.gold.isEnabled()


def test_bad_photos_give_their_messages_and_the_good_ones_stay(qtbot, dialog, tmp_path):
    _choose_room(qtbot, dialog, "0.03")
    dialog.category_list.setFocus()
    qtbot.keyClicks(dialog.category_list, "Lam")
    dialog.criteria["period"].setChecked(True)
    good = plain_jpeg(tmp_path / "lampe.jpg", "yellow")
    _paste_files(qtbot, dialog, good)
    vanished = plain_jpeg(tmp_path / "slettet.jpg", "black")
    vanished.unlink()
    bad = [corrupt_jpeg(tmp_path / "beskadiget.jpg"), not_an_image(tmp_path / "liste.jpg"),
           huge_jpeg(tmp_path / "panorama.jpg"), vanished]
    assert _paste_files(qtbot, dialog, *bad, plain_jpeg(tmp_path / "lampe2.jpg", "orange"))
    text = dialog.message.text()
    assert "»beskadiget.jpg« er beskadiget og kan ikke læses" in text
    assert "»liste.jpg« er ikke et billede, som Inventar kan læse" in text
    assert "»panorama.jpg« er for stort (100 megapixel; højst 80)" in text
    assert "»slettet.jpg« findes ikke længere" in text
    assert [p.original_name for p in dialog.photo_strip.photos()] == ["lampe.jpg", "lampe2.jpg"]
    _save_next(qtbot, dialog)
    item = Item.select().order_by(Item.id.desc()).get()
    assert item.category == "lamp" and item.photos.count() == 2


def test_drop_files_reorder_primary_and_remove(qtbot, dialog, tmp_path):
    paths = [plain_jpeg(tmp_path / f"{c}.jpg", c) for c in ("red", "green", "blue")]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    view = dialog.photo_strip.view
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with warnings.catch_warnings():  # PySide 6.12 binds only the QPoint constructors and marks them deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        events = (QDragEnterEvent(QPoint(20, 20), *args), QDragMoveEvent(QPoint(20, 20), *args))
    for event in (*events, QDropEvent(QPointF(20, 20), *args)):  # what a drag from the file manager delivers
        assert QApplication.sendEvent(view.viewport(), event) and event.isAccepted()
    qtbot.waitUntil(lambda: not dialog.photo_strip.busy and len(dialog.photo_strip.photos()) == 3)
    view.setFocus()
    view.setCurrentIndex(dialog.photo_strip.model.index(2))
    qtbot.keyClick(view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # blue is primary
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)  # red, blue, green
    names = [p.original_name for p in dialog.photo_strip.photos()]
    assert names == ["red.jpg", "blue.jpg", "green.jpg"] and dialog.photo_strip.model.primary == 1
    view.setCurrentIndex(dialog.photo_strip.model.index(0))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [p.original_name for p in dialog.photo_strip.photos()] == ["blue.jpg", "green.jpg"]
    assert dialog.photo_strip.model.primary == 0
    _choose_room(qtbot, dialog, "2.01")
    dialog.category_list.setFocus()
    qtbot.keyClicks(dialog.category_list, "Reol")
    dialog.criteria["sustainability"].setChecked(True)
    _save_next(qtbot, dialog)
    item = Item.select().order_by(Item.id.desc()).get()
    photos = list(item.photos.order_by(Photo.position))
    assert [p.original_name for p in photos] == ["blue.jpg", "green.jpg"] and photos[0].is_primary


def test_pasted_image_data(qtbot, dialog):
    from PySide6.QtGui import QColor, QImage

    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("purple"))
    QGuiApplication.clipboard().setImage(image)
    qtbot.keyClick(dialog, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not dialog.photo_strip.busy and bool(dialog.photo_strip.photos()))
    assert dialog.photo_strip.photos()[0].width == 64


def test_camera_button_hidden_without_camera(dialog):
    assert not dialog.photo_strip.camera_button.isVisible()


def _answer_next_box(qtbot, button) -> list[str]:
    seen = []

    def answer():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.button(button).click()
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)
    return seen


def test_closing_with_changes_asks(qtbot, dialog):
    qtbot.keyClicks(dialog.category_list, "Sk")
    qtbot.keyClicks(dialog.fields["title"], "Arkivskab")
    seen = _answer_next_box(qtbot, QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert seen and "ikke gemt" in seen[0]
    assert dialog.isVisible() and dialog.fields["title"].text() == "Arkivskab"
    seen = _answer_next_box(qtbot, QMessageBox.StandardButton.Discard)
    dialog.close()
    assert seen and not dialog.isVisible()


def test_closing_without_changes_does_not_ask(qtbot, dialog):
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_label_code_in_use_is_refused(qtbot, dialog):
    Item.update(label_code="RH-7").where(Item.id == Item.select(Item.id).limit(1).scalar()).execute()
    _choose_room(qtbot, dialog, "0.01")
    dialog.category_list.setFocus()
    qtbot.keyClicks(dialog.category_list, "Bord")
    dialog.criteria["craftsmanship"].setChecked(True)
    dialog.no_photo.setText("Mørkt rum")
    dialog.label_code.setText("RH-7")
    count = Item.select().count()
    _save_next(qtbot, dialog)
    assert "RH-7 tilhører allerede genstanden" in dialog.message.text() and dialog.label_code.hasFocus()
    assert Item.select().count() == count


def _answer_warning(qtbot) -> list[str]:
    return _answer_next_box(qtbot, QMessageBox.StandardButton.Ok)


def test_malformed_strategy_keeps_the_current_one(qtbot, main_window, dialog, tmp_path):
    actions = main_window.registration
    before = actions.strategy
    bad = tmp_path / "strategi.json"
    bad.write_text('{\n  "name": "Ny",\n  "criteria": [\n    {"code": "x" "name": "y"}\n  ]\n}\n', encoding="utf-8")
    seen = _answer_warning(qtbot)
    assert not actions.load_strategy_file(str(bad))
    assert seen and "linje 4" in seen[0] and "strategi.json" in seen[0]
    assert actions.strategy is before
    assert set(dialog.criteria) == set(before.codes)


def test_replacing_the_strategy_adds_its_criteria_to_the_form(qtbot, main_window, dialog, tmp_path):
    data = json.loads(asset_path("strategy.json").read_text(encoding="utf-8"))
    data["criteria"].append({"code": "acoustics", "name": "Akustik", "help": "Dæmper lyd i åbne kontorer."})
    data["categories_in_scope"].append("screen")
    path = tmp_path / "ny.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main_window.registration.load_strategy_file(str(path))
    assert "acoustics" in dialog.criteria
    assert dialog.criteria["acoustics"].toolTip() == "Dæmper lyd i åbne kontorer."
    _choose_room(qtbot, dialog, "3.01")
    dialog.category_list.setFocus()
    qtbot.keyClicks(dialog.category_list, "Skæ")
    assert dialog.category() == "screen" and dialog.gold.isChecked()
    dialog.criteria["acoustics"].setChecked(True)
    assert not dialog.gold.isChecked()
    dialog.no_photo.setText("Kamera glemt")
    _save_next(qtbot, dialog)
    assert Item.select().order_by(Item.id.desc()).get().criteria_list == ["acoustics"]
    assert main_window.settings.get("strategy_file") == str(path)


def test_photo_model(qtmodeltester, store, tmp_path):
    from inventar.ui.photos.strip import PendingPhotosModel

    photos = PhotoStore(store.photo_dir)
    model = PendingPhotosModel(photos)
    model.add([photos.import_file(plain_jpeg(tmp_path / f"{c}.jpg", c)) for c in ("red", "green", "blue")])
    qtmodeltester.check(model)
    model.move(0, 1)
    model.remove(2)
    qtmodeltester.check(model)


def test_closing_the_main_window_asks_about_the_item_being_typed(qtbot, main_window, dialog):
    qtbot.keyClicks(dialog.category_list, "Ar")
    qtbot.keyClicks(dialog.fields["title"], "Lænestol")
    seen = _answer_next_box(qtbot, QMessageBox.StandardButton.Cancel)
    main_window.close()
    assert seen and main_window.isVisible() and dialog.isVisible()
    seen = _answer_next_box(qtbot, QMessageBox.StandardButton.Discard)
    main_window.close()
    assert seen and not main_window.isVisible() and not dialog.isVisible()


def test_scanned_preprinted_label_starts_a_registration_that_takes_the_code(qtbot, main_window):
    from inventar.models import ReservedCode
    from inventar.services.labels.codes import LabelCodeService

    code = LabelCodeService(user="test").reserve_batch(1)[0].code
    field = main_window.labels.field
    qtbot.keyClicks(field, code.lower().replace("-", "+"))  # a scanner on a US layout types + for -
    qtbot.keyClick(field, Qt.Key.Key_Return)
    dialog = main_window.registration.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.label_code.text() == code
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    _choose_room(qtbot, dialog, "0.01")
    dialog.category_list.setFocus()
    qtbot.keyClicks(dialog.category_list, "Bord")
    dialog.criteria["craftsmanship"].setChecked(True)
    dialog.no_photo.setText("Mørkt rum")
    _save_next(qtbot, dialog)
    item = Item.get(Item.label_code == code)
    reserved = ReservedCode.get(ReservedCode.code == code)
    assert reserved.item_id == item.id and reserved.used_at is not None


def test_mistyped_code_is_caught_by_the_check_character(qtbot, dialog):
    from inventar.domain.labels.codes import make_code

    good = make_code("KB", 42)
    wrong = good[:-1] + ("A" if good[-1] != "A" else "B")
    _choose_room(qtbot, dialog, "0.01")
    dialog.category_list.setFocus()
    qtbot.keyClicks(dialog.category_list, "Bord")
    dialog.criteria["craftsmanship"].setChecked(True)
    dialog.no_photo.setText("Mørkt rum")
    dialog.label_code.setText(wrong)
    count = Item.select().count()
    _save_next(qtbot, dialog)
    assert "kontroltegnet passer ikke" in dialog.message.text() and dialog.label_code.hasFocus()
    assert Item.select().count() == count


def test_a_photo_showing_a_label_offers_its_code(qtbot, dialog, tmp_path):
    import io

    from PIL import Image, ImageDraw

    from inventar.domain.labels.codes import make_code
    from inventar.services.demo.data import demo_photo
    from inventar.services.labels.qr import QUIET_ZONE, qr_matrix

    code = make_code("NV", 7)
    matrix = qr_matrix(code)
    module = 6
    side = (len(matrix) + 2 * QUIET_ZONE) * module
    label = Image.new("RGB", (side, side), "white")
    draw = ImageDraw.Draw(label)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                left, top = (x + QUIET_ZONE) * module, (y + QUIET_ZONE) * module
                draw.rectangle((left, top, left + module - 1, top + module - 1), fill="black")
    photo = Image.open(io.BytesIO(demo_photo("chair", "#a0662e", 1))).resize((1600, 1200))
    photo.paste(label, (900, 400))
    path = tmp_path / "IMG_0042.jpg"
    photo.save(path, "JPEG", quality=85)

    assert dialog.label_code.text() == ""
    dialog.photo_strip.import_paths([path])
    qtbot.waitUntil(lambda: not dialog.photo_strip.busy, timeout=15000)
    assert dialog.label_code.text() == code
    assert code in dialog.message.text()
