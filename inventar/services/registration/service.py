"""Registering an item as the janitors do it: item, photos and the strategy rules in one transaction.

Required are only the category, the room and at least one photo or a reason for
having none.  An item in a category outside the strategy, or meeting none of its
criteria, is accepted only as *gemt guld* with a short reason.
"""

from __future__ import annotations

from collections.abc import Sequence

from inventar.domain.items import ItemData, ValidationError
from inventar.domain.labels.codes import ORG, LabelCodeError, compact, normalise
from inventar.domain.registration import Strategy
from inventar.i18n import _
from inventar.models import Item, Room
from inventar.services.items.service import ItemService
from inventar.services.labels.codes import LabelCodeService, LabelCodeTaken
from inventar.services.photos.item_photos import PhotoService
from inventar.services.photos.store import StoredPhoto

LABEL_CODE_MAX = 32


def strategy_unchanged(saved: ItemData, data: ItemData) -> bool:
    """Whether a correction leaves what the strategy rules are about (category, criteria, *gemt guld* and its
    reason) as the item is saved."""
    return (saved.category == data.category and sorted(saved.strategy_criteria) == sorted(data.strategy_criteria)
            and bool(saved.hidden_gold) == bool(data.hidden_gold)
            and (saved.hidden_gold_reason or "").strip() == (data.hidden_gold_reason or "").strip())


class RegistrationService:
    def __init__(self, items: ItemService, photos: PhotoService, strategy: Strategy) -> None:
        self.items = items
        self.photos = photos
        self.strategy = strategy
        items.criteria |= strategy.codes

    def set_strategy(self, strategy: Strategy) -> None:
        self.strategy = strategy
        self.items.criteria |= strategy.codes

    def gold_reason(self, category: str, criteria: Sequence[str]) -> str | None:
        """Why the item can only be *gemt guld* (``None``: it fits the strategy)."""
        return self.strategy.gold_reason_required(category, list(criteria))

    def check(self, data: ItemData, photo_count: int, saved: ItemData | None = None,
              saved_photos: int = 0) -> None:
        """The registration rules beyond field validation; raises :class:`ValidationError`.

        ``saved`` (and ``saved_photos``) is the item as it is saved, when the check is for a correction: a rule the
        saved item already broke (registered under another strategy, imported from a list without criteria or
        photos) does not stop a correction that leaves what the rule is about as it was; a change to it does."""
        if not data.category:
            raise ValidationError("category", _("Kategori: vælg en kategori fra listen"))
        if data.room_id is None:
            raise ValidationError("room_id", _("Rum: vælg det rum, du står i – findes det ikke i listen, vælg »Nyt rum …« "
                                             "nederst i rumvælgeren (eller Registrering ▸ Rum og dækning)"))
        unknown = [c for c in data.strategy_criteria if c not in self.items.criteria]
        if unknown:
            raise ValidationError("strategy_criteria",
                                  _("Strategikriterier: ukendt kriterium {name}", name=", ".join(unknown)))
        if not (saved is not None and strategy_unchanged(saved, data)):
            reason = self.gold_reason(data.category, data.strategy_criteria)
            if reason and not data.hidden_gold:
                raise ValidationError("hidden_gold", _("{reason}: genstanden kan kun registreres som gemt guld "
                                                       "med en kort begrundelse", reason=reason))
            if data.hidden_gold and not (data.hidden_gold_reason or "").strip():
                raise ValidationError("hidden_gold_reason",
                                      _("Begrundelse for gemt guld: skriv kort, hvorfor genstanden er værd at gemme"))
        photos_unchanged = (saved is not None and saved_photos == 0 == photo_count
                            and (saved.no_photo_reason or "") == (data.no_photo_reason or ""))
        if photo_count == 0 and not (data.no_photo_reason or "").strip() and not photos_unchanged:
            raise ValidationError("no_photo_reason",
                                  _("Foto: tilføj mindst ét foto, eller skriv hvorfor der ikke er et"))

    def register(self, data: ItemData, photos: Sequence[StoredPhoto] = (), primary: int = 0,
                 label_code: str | None = None) -> int:
        """Create the item and attach its photos in one transaction; nothing is written on an error."""
        self.check(data, len(photos))
        if label_code and len(label_code) > LABEL_CODE_MAX:
            raise ValidationError("label_code", _("Etiketkode: højst {high} tegn", high=LABEL_CODE_MAX))
        ours = bool(label_code) and compact(label_code).startswith(ORG)
        if ours:  # one of our codes (pre-printed or typed): the check character must match
            try:
                label_code = normalise(label_code)
            except LabelCodeError as error:
                raise ValidationError("label_code", _("Etiketkode: {reason}", reason=error.reason)) from error
        try:
            return self._register(data, photos, primary, label_code, ours)
        except LabelCodeTaken as taken:  # nothing was written: the transaction rolled back
            raise ValidationError("label_code", _("Etiketkode: {reason}", reason=taken)) from taken

    def _register(self, data: ItemData, photos: Sequence[StoredPhoto], primary: int, label_code: str | None,
                  ours: bool) -> int:
        with Item._meta.database.atomic():
            if ours:
                item_id = self.items.create(data)
                # marks a pre-printed code as used, refuses one that another item has
                LabelCodeService(user=self.items.user).take_code(label_code, item_id)
            else:  # an older label of the municipality's own (free text), kept as it is
                item_id = self.items.create(data, label_code=label_code)
            if photos:
                self.photos.attach(item_id, photos, primary=primary if 0 <= primary < len(photos) else 0)
            room = Room.get_by_id(data.room_id)
            if room.status == "not_visited":
                Room.update(status="in_progress").where(Room.id == room.id).execute()
        return item_id

    @staticmethod
    def code_owner(code: str) -> int | None:
        """The id of the item that has ``code`` as its label code, or None."""
        return Item.select(Item.id).where(Item.label_code == code).scalar()

    def copy_of(self, item_id: int) -> tuple[ItemData, list[StoredPhoto]]:
        """The fields and photos of an item as the start of a new one (the label code is not copied)."""
        detail = self.items.get(item_id)
        photos = [self.photos.store.stored_info(p.file_hash, p.original_name) for p in detail.photos
                  if self.photos.store.has(p.file_hash)]
        primary = next((i for i, p in enumerate(detail.photos) if p.is_primary), 0)
        if 0 < primary < len(photos):
            photos.insert(0, photos.pop(primary))
        return detail.data, photos
