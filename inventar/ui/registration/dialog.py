"""The registration form janitors live in: category first, few required fields, fast keyboard flow.

* the room is sticky and shown big at the top (Ctrl+R picks another, Ctrl+T sets its status);
* "Gem og næste" (Ctrl+Enter) saves and starts the next item in the same room;
* "Kopiér forrige" (Ctrl+D) starts from the fields of the item saved last (40 identical chairs; not its photos);
* a saved item opens here in edit mode (:mod:`inventar.ui.registration.edit_mode`), with »Slet genstand …«;
* scanner-safe: no button is a default button, so the Enter a scanner types after a code never opens a
  dialog; Enter in the label-code field takes the code and moves on;
* the strategy's criteria are checkboxes with help; outside the strategy an item is *gemt guld*;
* photos through :class:`~inventar.ui.photos.strip.PhotoStrip`, also from a paired phone
  (*Telefon som kamera*, Alt+L or Ctrl+Shift+T: :class:`~inventar.ui.phone.panel.PhonePanel`).

Every saved item is committed at once, so a crash loses at most the item being typed;
closing with unsaved changes asks first.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inventar.domain.fields import field_label
from inventar.domain.items import ItemData, ValidationError
from inventar.domain.registration import Strategy
from inventar.domain.vocabulary import CATEGORIES, CONDITIONS
from inventar.i18n import _
from inventar.services.phone.endpoint import ItemSummary
from inventar.services.registration.service import RegistrationService
from inventar.services.rooms.service import RoomService
from inventar.settings import Settings
from inventar.ui.geometry import fit_to_screen, scrolling
from inventar.ui.phone.panel import PhonePanel
from inventar.ui.photos.strip import PhotoStrip
from inventar.ui.registration.edit_mode import EditMode
from inventar.ui.registration.label_field import LabelCodeField
from inventar.ui.registration.strategy_panel import StrategyPanel
from inventar.ui.rooms.banner import RoomBanner
from inventar.ui.shortcuts_dialog import install_help

TEXT_FIELDS = ["title", "manufacturer", "model_name", "period", "material", "colour"]
DIMENSIONS = ["width_cm", "depth_cm", "height_cm"]


def _cm(value) -> str:
    if value is None or value == "":
        return ""
    return f"{float(value):g}".replace(".", ",")


class RegistrationDialog(QDialog):
    saved = Signal(int)  # item id, after each save
    delete_requested = Signal(int)  # item id: the edit mode's »Slet genstand …«

    def __init__(self, registration: RegistrationService, rooms: RoomService, parent: QWidget | None = None,
                 room_id: int | None = None, db=None, settings: Settings | None = None) -> None:
        super().__init__(parent)
        self.registration = registration
        self.rooms = rooms
        self.previous_item_id: int | None = None
        self.saved_count = 0
        self.setWindowTitle(_("Registrér inventar"))
        self.setObjectName("registrationDialog")
        self.setSizeGripEnabled(True)

        # -- the sticky room, big ------------------------------------------------------
        self.banner = RoomBanner(rooms)
        self.banner.status_set.connect(lambda name: self._set_message(_("Rummet er sat til »{status}«",
                                                                        status=name)))
        self.room_title, self.room_combo, self.room_status = self.banner.title, self.banner.combo, self.banner.status

        # -- category first -------------------------------------------------------------
        self.category_list = QListWidget()
        self.category_list.setObjectName("categoryList")
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.25)
        self.category_list.setFont(big)
        self.category_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.category_list.setMinimumWidth(200)
        self.category_list.setToolTip(_("Skriv begyndelsen af kategorien eller brug piletasterne"))
        for code, name in CATEGORIES.items():
            entry = QListWidgetItem(_(name))
            entry.setData(Qt.ItemDataRole.UserRole, code)
            self.category_list.addItem(entry)
        self.category_box = category_box = QGroupBox(_("1. &Kategori"))
        category_layout = QVBoxLayout(category_box)
        category_layout.addWidget(self.category_list)
        category_box_label = category_box  # the mnemonic focuses the group; send focus on to the list
        category_box_label.setFocusProxy(self.category_list)

        # -- the fields ----------------------------------------------------------------------
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields["title"] = self._line("title", _("fx Syveren, Hæve-sænkebord"))
        form.addRow(_("&Betegnelse:"), self.fields["title"])
        self.quantity = QSpinBox()
        self.quantity.setObjectName("quantity")
        self.quantity.setRange(1, 100_000)
        self.quantity.setToolTip(_("Antal ens genstande, der registreres under ét"))
        form.addRow(_("&Antal ens:"), self.quantity)
        self.condition = QComboBox()
        self.condition.setObjectName("condition")
        self.condition.addItem(_("(ikke vurderet)"), None)
        for grade, name in CONDITIONS.items():
            self.condition.addItem(_(name), grade)
        form.addRow(_("&Stand:"), self.condition)
        for name, hint in (("manufacturer", _("fx Fritz Hansen")), ("model_name", ""),
                           ("period", _("fx 1960'erne")), ("material", _("fx Bøg finér")), ("colour", "")):
            self.fields[name] = self._line(name, hint)
            form.addRow(field_label(name) + ":", self.fields[name])
        dims = QHBoxLayout()
        for name, hint in zip(DIMENSIONS, (_("B"), _("D"), _("H"))):
            self.fields[name] = self._line(name, hint + " cm")
            self.fields[name].setMaximumWidth(80)
            dims.addWidget(self.fields[name])
        dims.addStretch(1)
        form.addRow(_("Mål (B × D × H):"), dims)
        self.label_code = self._line("label_code", _("scan eller skriv etikettens kode (valgfri)"))
        form.addRow(_("&Etiketkode:"), self.label_code)
        self.description = QPlainTextEdit()
        self.description.setObjectName("description")
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(70)
        form.addRow(_("Beskrivelse:"), self.description)
        fields_box = QGroupBox(_("2. Oplysninger (kan udfyldes senere)"))
        fields_layout = QVBoxLayout(fields_box)
        fields_layout.addLayout(form)
        fields_layout.addStretch(1)

        # -- the strategy ----------------------------------------------------------------------
        self.strategy = StrategyPanel(registration.gold_reason)
        self.strategy_note, self.gold, self.gold_reason = self.strategy.note, self.strategy.gold, self.strategy.reason

        # -- photos ------------------------------------------------------------------------
        self.photo_strip = PhotoStrip(registration.photos.store)
        self.photo_strip.message.connect(self._show_photo_message)
        self.photo_strip.changed.connect(self._update_photo_state)
        self.no_photo = self._line("no_photo_reason", _("kun hvis der ikke kan tages foto: hvorfor?"))
        photo_box = QGroupBox(_("4. Fotos"))
        photo_layout = QVBoxLayout(photo_box)
        photo_layout.addWidget(self.photo_strip)
        no_photo_row = QHBoxLayout()
        no_photo_label = QLabel(_("&Intet foto, fordi:"))
        no_photo_label.setBuddy(self.no_photo)
        no_photo_row.addWidget(no_photo_label)
        no_photo_row.addWidget(self.no_photo, 1)
        photo_layout.addLayout(no_photo_row)

        # -- the phone as the camera (below the categories: the list leaves room there) ---------------------
        self.phone = PhonePanel(settings if settings is not None else Settings(), self.photo_strip, self.phone_summary)

        # -- messages and buttons ----------------------------------------------------------------
        self.message = QLabel()
        self.message.setObjectName("formMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton(_("Kopiér forrige  (Ctrl+D)"))
        self.copy_button.setObjectName("copyPrevious")
        self.copy_button.clicked.connect(self.copy_previous)
        self.save_next_button = QPushButton(_("Gem og næste  (Ctrl+Enter)"))
        self.save_next_button.setObjectName("saveNext")
        self.save_next_button.setStyleSheet("font-weight: bold;")
        self.save_next_button.clicked.connect(self.save_and_next)
        self.save_close_button = QPushButton(_("Gem og luk  (Ctrl+S)"))
        self.save_close_button.clicked.connect(self.save_and_close)
        self.close_button = QPushButton(_("Luk  (Esc)"))
        self.close_button.clicked.connect(self.close)
        self.delete_button = QPushButton(_("Slet genstand …"))
        self.delete_button.setObjectName("deleteItem")
        self.delete_button.clicked.connect(lambda: self.edit.active and self.delete_requested.emit(self.edit.item_id))
        self.delete_button.hide()
        for button in (self.copy_button, self.save_next_button, self.save_close_button, self.close_button,
                       self.delete_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        right = QVBoxLayout()
        right.addWidget(self.strategy)
        right.addWidget(photo_box, 1)
        body_widget = QWidget()  # scrolls on a low screen; banner, message and buttons stay in view
        body = QHBoxLayout(body_widget)
        body.setContentsMargins(0, 0, 0, 0)
        self.phone.toggle.toggled.connect(lambda _on: self._fit_category_list())
        left = QVBoxLayout()  # the phone's code right below the categories (_fit_category_list)
        left.addWidget(category_box)
        left.addWidget(self.phone)
        left.addStretch(1)
        body.addLayout(left, 2)
        body.addWidget(fields_box, 4)
        body.addLayout(right, 6)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_close_button)
        buttons.addWidget(self.save_next_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(scrolling(body_widget), 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        for keys, slot, name in (
                ("Ctrl+Return", self.save_and_next, _("Gem og næste")), ("Ctrl+Enter", self.save_and_next, ""),
                ("Ctrl+S", self.save_and_close, _("Gem og luk")), ("Ctrl+D", self.copy_previous, _("Kopiér forrige")),
                ("Ctrl+R", lambda: self.room_combo.setFocus(Qt.FocusReason.ShortcutFocusReason), _("Vælg rum")),
                ("Ctrl+T", lambda: self.room_status.setFocus(Qt.FocusReason.ShortcutFocusReason), _("Rummets status")),
                ("Ctrl+Shift+O", self.photo_strip.choose_files, _("Tilføj fotos fra filer")),
                ("Ctrl+Shift+V", self.photo_strip.paste, _("Indsæt foto")),
                ("Ctrl+Shift+K", self._camera_if_present, _("Tag foto med kameraet")),
                ("Ctrl+Shift+T", self.phone.toggle.toggle, _("Telefon som kamera til/fra (også Alt+L)"))):
            shortcut = QShortcut(QKeySequence(keys), self, activated=slot)
            shortcut.setWhatsThis(name)  # F1 lists the named ones
        install_help(self)

        for button in self.findChildren(QPushButton):  # a scanner's Enter must never press a button
            button.setAutoDefault(False)
            button.setDefault(False)
        self.edit = EditMode(self, db)
        self.label_field = LabelCodeField(self)  # Enter in Etiketkode, codes read on photos
        self.category_list.currentItemChanged.connect(lambda *_: self._update_strategy_state())
        self.set_strategy(registration.strategy)
        self._set_tab_order()
        self.reload_rooms(room_id)
        self.clear_form()
        fit_to_screen(self, QSize(1280, 760), fraction=1.0)

    # -- building helpers -----------------------------------------------------------------
    def _line(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    @property
    def criteria(self) -> dict[str, QCheckBox]:
        return self.strategy.criteria

    def set_strategy(self, strategy: Strategy) -> None:
        """Show the criteria of ``strategy`` (checked codes it still has stay checked)."""
        self.registration.set_strategy(strategy)
        self.strategy.set_strategy(strategy)
        if hasattr(self, "close_button"):
            self._set_tab_order()

    def _set_tab_order(self) -> None:
        """Category, fields, criteria, gemt guld, photos, the phone, buttons, then the room (it rarely changes)."""
        chain: list[QWidget] = [self.category_list, self.fields["title"], self.quantity, self.condition,
                                *(self.fields[n] for n in TEXT_FIELDS[1:]), *(self.fields[n] for n in DIMENSIONS),
                                self.label_code, self.description, *self.strategy.focus_chain(),
                                self.photo_strip.add_button, self.photo_strip.paste_button,
                                self.photo_strip.camera_button, self.photo_strip.view, self.no_photo,
                                self.phone.toggle, self.phone.network, self.phone.new_code,
                                self.save_next_button, self.save_close_button, self.copy_button, self.delete_button,
                                self.close_button, self.room_combo, self.room_status]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def reload_rooms(self, select_id: int | None = None) -> None:
        self.banner.reload(select_id)

    # -- reading the form ------------------------------------------------------------------
    def room_id(self) -> int | None:
        return self.banner.room_id()

    def category(self) -> str:
        item = self.category_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None and item.isSelected() else ""

    def checked_criteria(self) -> list[str]:
        return self.strategy.checked()

    def item_data(self) -> ItemData:
        return ItemData(
            category=self.category(),
            **{name: self.fields[name].text() for name in TEXT_FIELDS},
            description=self.description.toPlainText(),
            **{name: self.fields[name].text() for name in DIMENSIONS},
            quantity=self.quantity.value(),
            condition=self.condition.currentData(),
            room_id=self.room_id(),
            strategy_criteria=self.checked_criteria(),
            hidden_gold=self.gold.isChecked(),
            hidden_gold_reason=self.gold_reason.text(),
            no_photo_reason=self.no_photo.text(),
        )

    def form_state(self) -> tuple:
        """Everything typed for the current item (the room is not part of it: it is sticky)."""
        data = self.item_data().as_dict()
        data.pop("room_id")
        return tuple(sorted((k, str(v)) for k, v in data.items())) + (
            self.label_code.text(), tuple(p.file_hash for p in self.photo_strip.photos()),
            self.photo_strip.model.primary)

    def is_dirty(self) -> bool:
        return self.form_state() != self._clean_state

    # -- filling the form -------------------------------------------------------------------
    def clear_form(self, focus: bool = True) -> None:
        self.category_list.clearSelection()
        self.category_list.setCurrentItem(None)
        for edit in self.fields.values():
            edit.clear()
        self.label_code.clear()
        self.description.clear()
        self.quantity.setValue(1)
        self.condition.setCurrentIndex(0)
        self.strategy.set_values([], False, "")
        self.no_photo.clear()
        self.photo_strip.model.reset()
        self.phone.item_changed()  # the phone's page follows; photos sent for the last item are refused
        self._update_strategy_state()
        self._set_message("")  # an old error must not stay in a cleared or reopened form
        self._clean_state = self.form_state()
        if focus:
            self.category_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def mark_clean(self) -> None:
        self._clean_state = self.form_state()

    def item_name(self, data: ItemData, label_code: str = "") -> str:
        """»Stol »Syveren« (RH-00012)« – how the title names the item being edited."""
        name = _(CATEGORIES.get(data.category, data.category)) + (f" »{data.title}«" if data.title else "")
        return f"{name} ({label_code})" if label_code else name

    def show_edit_controls(self, editing: bool) -> None:
        self.delete_button.setVisible(editing)
        self.copy_button.setVisible(not editing)
        self.save_next_button.setText(_("Gem og ny  (Ctrl+Enter)") if editing else _("Gem og næste  (Ctrl+Enter)"))

    def fill(self, data: ItemData, photos=(), primary: int = 0) -> None:
        """Put ``data`` in the form (the room stays the current one; the label code stays empty)."""
        self.clear_form(focus=False)
        for row in range(self.category_list.count()):
            entry = self.category_list.item(row)
            if entry.data(Qt.ItemDataRole.UserRole) == data.category:
                self.category_list.setCurrentItem(entry)
                entry.setSelected(True)
        for name in TEXT_FIELDS:
            self.fields[name].setText(getattr(data, name) or "")
        for name in DIMENSIONS:
            self.fields[name].setText(_cm(getattr(data, name)))
        self.description.setPlainText(data.description or "")
        self.quantity.setValue(int(data.quantity or 1))
        self.condition.setCurrentIndex(max(self.condition.findData(data.condition), 0))
        self.strategy.set_values(list(data.strategy_criteria), bool(data.hidden_gold), data.hidden_gold_reason or "")
        self.no_photo.setText(data.no_photo_reason or "")
        self.photo_strip.model.reset(list(photos))
        self.photo_strip.model.set_primary(primary)
        self._update_strategy_state()

    # -- reactions ---------------------------------------------------------------------------
    def _update_strategy_state(self, *_args) -> None:
        self.strategy.set_category(self.category())

    def _update_photo_state(self) -> None:
        has = bool(self.photo_strip.photos())
        self.no_photo.setEnabled(not has)

    def _show_photo_message(self, text: str) -> None:
        self._set_message(text, error=bool(text))

    def set_message(self, text: str, error: bool = False) -> None:
        self._set_message(text, error)

    def _set_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;" if error else "color: #1e7b34;")

    def phone_summary(self) -> ItemSummary:
        """What the paired phone shows: where its photos go."""
        category = self.category()
        return ItemSummary(category=_(CATEGORIES[category]) if category else "",
                           room=self.room_combo.currentText() if self.room_id() is not None else "",
                           label_code=self.label_code.text().strip(), photos=len(self.photo_strip.photos()))

    def _camera_if_present(self) -> None:
        if self.photo_strip.camera_button.isVisible():
            self.photo_strip.take_photo()

    # -- commands ---------------------------------------------------------------------------
    def focus_field(self, name: str) -> None:
        self._focus_field(name)

    def _focus_field(self, name: str) -> None:
        widget = {"category": self.category_list, "room_id": self.room_combo, "quantity": self.quantity,
                  "condition": self.condition, "label_code": self.label_code, "hidden_gold": self.gold_reason,
                  "hidden_gold_reason": self.gold_reason, "no_photo_reason": self.no_photo,
                  "strategy_criteria": next(iter(self.criteria.values()), None)}.get(name) or self.fields.get(name)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> int | None:
        """Save the item in the form; on bad input show why, focus the field and write nothing."""
        if self.photo_strip.busy:
            self._set_message(_("Vent til fotoimporten er færdig"), error=True)
            return None
        if self.edit.active:
            item_id = self.edit.save()
            if item_id is not None:
                self.saved.emit(item_id)
                self.banner.refresh()
            return item_id
        photos = self.photo_strip.photos()
        data = self.item_data()
        if photos:
            data.no_photo_reason = ""
        try:
            item_id = self.registration.register(data, photos, primary=self.photo_strip.model.primary,
                                                 label_code=self.label_code.text().strip() or None)
        except ValidationError as exc:
            self._set_message(exc.message, error=True)
            self._focus_field(exc.field)
            return None
        self.previous_item_id = item_id
        self.saved_count += 1
        self._set_message(_("Gemt: {category} × {quantity} i {room} (nr. {count} i denne omgang)",
                            category=_(CATEGORIES[data.category]), quantity=data.quantity,
                            room=self.room_combo.currentText(), count=self.saved_count))
        self.saved.emit(item_id)
        self.banner.refresh()
        return item_id

    def save_and_next(self) -> None:
        if self.save() is not None:
            text = self.message.text()
            if self.edit.active:
                self.edit.stop()
            self.clear_form()
            self._set_message(text)

    def save_and_close(self) -> None:
        if self.save() is not None:
            self._clean_state = self.form_state()
            self.close()

    def copy_previous(self) -> None:
        if self.edit.active:  # Ctrl+D while correcting an item must not overwrite it with another one
            return
        if self.previous_item_id is None:
            self._set_message(_("Der er ingen forrige genstand at kopiere endnu"), error=True)
            return
        data, _photos = self.registration.copy_of(self.previous_item_id)
        self.fill(data)  # the fields only: the photos show the previous piece, not this one
        self._set_message(_("Kopieret fra forrige genstand (uden fotos) – ret det, der er anderledes, tag et foto, "
                            "og gem"))
        self.fields["title"].setFocus(Qt.FocusReason.OtherFocusReason)
        self.fields["title"].selectAll()

    def confirm_discard(self) -> bool:
        """Ask before unsaved work is lost; True when it is fine to close."""
        if not self.is_dirty():
            return True
        answer = QMessageBox.question(
            self, _("Ikke gemt"), _("Genstanden, du er i gang med, er ikke gemt. Vil du gemme den?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save() is not None
        return answer == QMessageBox.StandardButton.Discard

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._fit_category_list()

    def _fit_category_list(self) -> None:
        """The list no taller than its categories; ten rows while the phone's code is shown below it (the list
        scrolls and type-ahead works as before), so that code, status and »Ny kode« stay on a laptop screen."""
        row = self.category_list.sizeHintForRow(0)  # right once the list is polished
        rows = self.category_list.count() if not self.phone.toggle.isChecked() else min(10, self.category_list.count())
        height = row * rows + 2 * self.category_list.frameWidth() + 2
        self.category_list.setFixedHeight(height)
        current = self.category_list.currentItem()
        if current is not None:
            self.category_list.scrollToItem(current)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.confirm_discard():
            if self.edit.active:
                self.edit.stop()
            self.phone.set_active(False)  # the server listens only while the form is open
            self.clear_form(focus=False)
            event.accept()
        else:
            event.ignore()

    def reject(self) -> None:  # Esc
        self.close()
