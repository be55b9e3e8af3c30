"""The registration form's edit mode: correct a saved item (fields, room, criteria, label code, photos).

:class:`EditMode` belongs to one :class:`~inventar.ui.registration.dialog.RegistrationDialog`.
:meth:`EditMode.start` fills the form from the item; :meth:`EditMode.save` writes through
:attr:`EditMode.versioned_save` – the main window plugs in
``inventar.ui.sync.conflict_dialog.save_item_resolving_conflicts`` (the per-field conflict
dialog when someone else saved the item meanwhile; features do not import each other) –
with the photo and label-code changes in the same transaction; :meth:`EditMode.stop`
returns the form to registering.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from inventar.domain.items import ValidationError
from inventar.errors import UserError
from inventar.i18n import _
from inventar.services.items.service import ConflictError
from inventar.services.registration.editing import EditState, ItemEditor

if TYPE_CHECKING:
    from inventar.ui.registration.dialog import RegistrationDialog


def plain_save(parent, writer, db, item_id, data, expected_version, base=None) -> int | None:
    """Without the conflict dialog: a conflict is an error message (nothing is written)."""
    return writer.update(item_id, data, expected_version)


class EditMode(QObject):
    def __init__(self, dialog: RegistrationDialog, db=None) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.db = db
        self.editor = ItemEditor(dialog.registration)
        self.state: EditState | None = None
        self.versioned_save: Callable[..., int | None] = plain_save

    @property
    def active(self) -> bool:
        return self.state is not None

    @property
    def item_id(self) -> int | None:
        return self.state.item_id if self.state else None

    def start(self, item_id: int) -> EditState:
        """Fill the form from the saved item (raises NotFoundError when it is gone)."""
        dialog = self.dialog
        state = self.editor.load(item_id)
        self.state = state
        dialog.reload_rooms(state.data.room_id)
        # saved not fitting the strategy (another strategy, an imported list): corrections may keep it so
        dialog.strategy.set_saved(state.data.category, list(state.data.strategy_criteria), bool(state.data.hidden_gold))
        dialog.fill(state.data, state.photos, primary=state.primary)
        dialog.label_code.setText(state.label_code)
        dialog.mark_clean()
        name = dialog.item_name(state.data, state.label_code)
        dialog.setWindowTitle(_("Redigér genstand – {name}", name=name))
        dialog.show_edit_controls(True)
        dialog.set_message(_("Du retter en gemt genstand. Gem (Ctrl+S) skriver ændringerne; Esc lukker uden at gemme.")
                           if not state.missing_photos else
                           _("{count} foto(s) findes ikke i denne fotomappe og vises ikke; de beholdes, hvis du ikke "
                             "ændrer fotoene.", count=state.missing_photos), error=bool(state.missing_photos))
        return state

    def stop(self) -> None:
        self.state = None
        self.dialog.strategy.set_saved(None)
        self.dialog.setWindowTitle(_("Registrér inventar"))
        self.dialog.show_edit_controls(False)

    def save(self) -> int | None:
        """Save the corrected item; the item id, or None (bad input shown, conflict cancelled)."""
        dialog, state = self.dialog, self.state
        assert state is not None
        photos = dialog.photo_strip.photos()
        data = dialog.item_data()
        if photos:
            data.no_photo_reason = ""
        keep = bool(state.missing_photos) and [p.file_hash for p in photos] == [p.file_hash for p in state.photos]
        try:  # photos whose files are on another laptop stay when the form's photos were not touched
            writer = self.editor.writer(None if keep else photos, dialog.photo_strip.model.primary,
                                        dialog.label_code.text())
            version = self.versioned_save(dialog, writer, self.db, state.item_id, data, state.row_version,
                                          base=state.data)
        except ValidationError as exc:
            dialog.set_message(exc.message, error=True)
            dialog.focus_field(exc.field)
            return None
        except ConflictError as exc:
            dialog.set_message(_("{error} – luk formularen, og åbn genstanden igen", error=exc), error=True)
            return None
        except UserError as exc:
            dialog.set_message(str(exc), error=True)
            return None
        if version is None:
            dialog.set_message(_("Intet er gemt; dine rettelser står stadig i formularen"), error=True)
            return None
        item_id = state.item_id
        self.start(item_id)  # the saved values (a conflict may have taken some of theirs), new row version
        dialog.set_message(_("Rettelserne er gemt"))
        return item_id
