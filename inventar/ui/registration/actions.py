"""The main window's Registrering menu: the registration form (new or editing an item), rooms, the strategy file.

Editing, deleting and scanning from the item list are wired in :mod:`inventar.ui.registration.item_list`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from inventar.domain.registration import Strategy, StrategyError, load_strategy
from inventar.i18n import _
from inventar.paths import asset_path
from inventar.services.items.service import NotFoundError
from inventar.session import Session
from inventar.ui.menus import Menus
from inventar.ui.registration.item_list import ItemListActions

if TYPE_CHECKING:  # the form and the rooms dialog load when first opened, not with the main window
    from inventar.ui.registration.dialog import RegistrationDialog
    from inventar.ui.rooms.dialog import RoomsDialog

DEFAULT_STRATEGY = asset_path("strategy.json")


class RegistrationActions(QObject):
    """Owns the strategy in use and opens the registration and rooms dialogs for ``window``."""

    def __init__(self, window: QMainWindow, menus: Menus) -> None:
        super().__init__(window)
        self.window = window
        self.strategy = self._initial_strategy()
        self.dialog: RegistrationDialog | None = None
        # set by the main window: inventar.ui.sync's save_item_resolving_conflicts (features do not import each other)
        self.versioned_save: Callable[..., int | None] | None = None
        self._dialog_session: Session | None = None
        self.new_action = menus.add("registration/forms", _("&Ny registrering …"), self.open_registration, "Ctrl+N")
        self.rooms_action = menus.add("registration/forms", _("&Rum og dækning …"), self.open_rooms, "Ctrl+Shift+M")
        menus.add("registration/strategy", _("Indlæs registrerings&strategi …"), self.choose_strategy)
        menus.add("registration/strategy", _("Brug &standardstrategien"), self.use_default_strategy)
        self.item_list = ItemListActions(window, menus, self.edit_item)
        window.installEventFilter(self)  # closing the main window must not lose the item being typed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.window and event.type() == QEvent.Type.Close and self.dialog is not None \
                and self.dialog.isVisible():
            if not self.dialog.confirm_discard():
                event.ignore()
                return True
            self.dialog._clean_state = self.dialog.form_state()
            self.dialog.close()
        return False

    # -- the strategy ---------------------------------------------------------------------
    def _initial_strategy(self) -> Strategy:
        chosen = self.window.session.settings.get("strategy_file")
        if chosen:
            try:
                return load_strategy(chosen)
            except StrategyError as exc:
                self.window.statusBar().showMessage(
                    _("{error} – standardstrategien bruges", error=exc), 10_000)
        return load_strategy(DEFAULT_STRATEGY)

    def load_strategy_file(self, path: str) -> bool:
        """Use the strategy in ``path``; a malformed file is reported and the current strategy kept."""
        try:
            strategy = load_strategy(path)
        except StrategyError as exc:
            QMessageBox.warning(self.window, _("Strategifilen kan ikke bruges"),
                                _("{error}\n\nDen nuværende strategi »{name}« bruges fortsat.",
                                  error=exc, name=self.strategy.name))
            return False
        self.strategy = strategy
        if self.dialog is not None:
            self.dialog.set_strategy(strategy)
        self.window.session.settings.set("strategy_file", "" if path == str(DEFAULT_STRATEGY) else str(path))
        self.window.session.settings.save()
        self.window.statusBar().showMessage(_("Strategi indlæst: {name}", name=strategy.name), 8000)
        return True

    def choose_strategy(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self.window, _("Indlæs registreringsstrategi"), "",
                                                    _("Strategifil (*.json);;Alle filer (*)"))
        if path:
            self.load_strategy_file(path)

    def use_default_strategy(self) -> None:
        self.load_strategy_file(str(DEFAULT_STRATEGY))

    # -- dialogs ------------------------------------------------------------------------------
    def registration_dialog(self) -> RegistrationDialog:
        window, session = self.window, self.window.session
        if self.dialog is None or self._dialog_session is not session:
            room = self.dialog.room_id() if self.dialog is not None and self._dialog_session is session else None
            if self.dialog is not None:
                self.dialog.phone.set_active(False)
                self.dialog.deleteLater()
            from inventar.services.registration.service import RegistrationService
            from inventar.ui.registration.dialog import RegistrationDialog

            service = RegistrationService(session.items, session.photo_service, self.strategy)
            self.dialog = RegistrationDialog(service, session.rooms, window, room_id=room, db=session.store.db,
                                             settings=session.settings)
            self.dialog.saved.connect(lambda _item_id: window.reload())
            self.dialog.delete_requested.connect(self._delete_from_form)
            if self.versioned_save is not None:
                self.dialog.edit.versioned_save = self.versioned_save
            self._dialog_session = session
        return self.dialog

    def open_registration(self) -> RegistrationDialog:
        dialog = self.registration_dialog()
        if dialog.edit.active:  # Ctrl+N while correcting an item: start a new one (after asking)
            if not dialog.confirm_discard():
                return dialog
            dialog.edit.stop()
            dialog.clear_form()
        dialog.reload_rooms()
        if dialog.isVisible():
            dialog.raise_()  # already open behind the main window
        dialog.show()
        dialog.activateWindow()
        dialog.category_list.setFocus()
        return dialog

    def edit_item(self, item_id: int) -> RegistrationDialog | None:
        """Open the saved item in the form's edit mode (after asking about an unsaved item in the form)."""
        dialog = self.registration_dialog()
        if dialog.isVisible() and dialog.edit.item_id != item_id and not dialog.confirm_discard():
            return None
        try:
            dialog.edit.start(item_id)
        except NotFoundError:
            self.window.statusBar().showMessage(_("Genstanden er slettet af en anden – listen opdateres"), 5000)
            self.window.reload()
            return None
        if dialog.isVisible():
            dialog.raise_()  # already open behind the main window
        dialog.show()
        dialog.activateWindow()
        dialog.fields["title"].setFocus()
        return dialog

    def _delete_from_form(self, item_id: int) -> None:
        dialog = self.dialog
        if dialog is not None and self.item_list.deletion.delete(item_id, parent=dialog):
            dialog.edit.stop()
            dialog.clear_form(focus=False)
            dialog.close()

    def start_with_code(self, code: str) -> RegistrationDialog:
        """A free pre-printed label was scanned: start a registration that takes that code."""
        dialog = self.open_registration()
        dialog.label_code.setText(code)
        return dialog

    def open_rooms(self) -> RoomsDialog:
        from inventar.ui.rooms.dialog import RoomsDialog

        dialog = RoomsDialog(self.window.session.rooms, self.window)
        dialog.changed.connect(lambda: self.dialog.reload_rooms() if self.dialog is not None else None)
        dialog.show()
        return dialog
