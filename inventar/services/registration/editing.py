"""Correcting a saved item in the registration form: load it, then save fields, label code and photos together.

:meth:`ItemEditor.load` gives what the form shows (fields, label code, photos in
order, the primary one, the row version).  :meth:`ItemEditor.writer` gives the
object the conflict helper :func:`~inventar.ui.sync.conflict_dialog.save_item_resolving_conflicts`
calls as ``update(item_id, data, expected_version)``: the versioned field update, the
photo changes and the label code run in one transaction, so a conflict or a taken
code writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from inventar.domain.items import ItemData, ValidationError
from inventar.domain.labels.codes import ORG, LabelCodeError, compact, normalise
from inventar.i18n import _
from inventar.models import Item
from inventar.services import audit
from inventar.services.labels.codes import LabelCodeService, LabelCodeTaken
from inventar.services.photos.store import StoredPhoto
from inventar.services.registration.service import LABEL_CODE_MAX, RegistrationService


@dataclass
class EditState:
    """A saved item as the edit form starts from it."""

    item_id: int
    data: ItemData
    label_code: str
    row_version: int
    photos: list[StoredPhoto] = field(default_factory=list)
    primary: int = 0
    missing_photos: int = 0  # rows whose file is not in this photo folder (kept out of the form)


def checked_label_code(text: str | None) -> str | None:
    """The label code as it will be saved (ours normalised with a checked check character), or None."""
    code = (text or "").strip()
    if not code:
        return None
    if len(code) > LABEL_CODE_MAX:
        raise ValidationError("label_code", _("Etiketkode: højst {high} tegn", high=LABEL_CODE_MAX))
    if compact(code).startswith(ORG):
        try:
            return normalise(code)
        except LabelCodeError as error:
            raise ValidationError("label_code", _("Etiketkode: {reason}", reason=error.reason)) from error
    return code


class ItemEditor:
    def __init__(self, registration: RegistrationService) -> None:
        self.registration = registration

    def load(self, item_id: int) -> EditState:
        detail = self.registration.items.get(item_id)
        store = self.registration.photos.store
        present = [p for p in detail.photos if store.has(p.file_hash)]
        photos = [store.stored_info(p.file_hash, p.original_name) for p in present]
        primary = next((i for i, p in enumerate(present) if p.is_primary), 0)
        return EditState(item_id, detail.data, detail.label_code, detail.row_version, photos, primary,
                         len(detail.photos) - len(present))

    def writer(self, photos: Sequence[StoredPhoto] | None, primary: int, label_code: str | None) -> _Writer:
        """Check the form's code now; the returned object saves it and the photos with the fields.

        ``photos`` None keeps the item's photo rows as they are (their files are not in this photo folder).
        """
        return _Writer(self.registration, None if photos is None else list(photos), primary,
                       checked_label_code(label_code))


class _Writer:
    """``update(item_id, data, expected_version)`` for the conflict helper: everything in one transaction."""

    def __init__(self, registration: RegistrationService, photos: list[StoredPhoto] | None, primary: int,
                 label_code: str | None) -> None:
        self.registration = registration
        self.photos = photos
        self.primary = primary
        self.label_code = label_code

    def update(self, item_id: int, data: ItemData, expected_version: int) -> int:
        registration = self.registration
        saved = registration.items.get(item_id)  # a rule the saved item broke stops only a change to what it is about
        registration.check(data, len(saved.photos) if self.photos is None else len(self.photos), saved.data,
                           len(saved.photos))
        try:
            with Item._meta.database.atomic():
                registration.items.update(item_id, data, expected_version)  # ConflictError rolls all back
                if self.photos is not None:
                    registration.photos.set_photos(item_id, self.photos, self.primary)
                self._label_code(item_id)
                return Item.select(Item.row_version).where(Item.id == item_id).scalar()
        except LabelCodeTaken as taken:
            raise ValidationError("label_code", _("Etiketkode: {reason}", reason=taken)) from taken

    def _label_code(self, item_id: int) -> None:
        code = self.label_code
        current = Item.select(Item.label_code).where(Item.id == item_id).scalar()
        if code == current:
            return
        if code is None:
            Item.update(label_code=None).where(Item.id == item_id).execute()
            audit.record(self.registration.items.user, "item", item_id, "update", {"label_code": (current, None)})
        elif compact(code).startswith(ORG):
            LabelCodeService(user=self.registration.items.user).take_code(code, item_id)
        else:
            if Item.select().where((Item.label_code == code) & (Item.id != item_id)).exists():
                raise LabelCodeTaken.for_code(code)
            Item.update(label_code=code).where(Item.id == item_id).execute()
            audit.record(self.registration.items.user, "item", item_id, "update", {"label_code": (current, code)})
