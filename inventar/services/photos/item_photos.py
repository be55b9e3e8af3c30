"""The photos of an item: import several files, attach, reorder, remove, choose the primary one.

Files go through :class:`~inventar.services.photos.store.PhotoStore` (content hash,
upright, no metadata, atomic); the rows change in one transaction each, with an
audit entry.  A photo file stays in the store when its row is removed: other
items may share it (same content = same file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from inventar.i18n import _
from inventar.models import Item, Photo
from inventar.services import audit
from inventar.services.items.service import NotFoundError, current_user
from inventar.services.labels.qr import codes_in_image
from inventar.services.photos.store import PhotoError, PhotoStore, StoredPhoto

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportOutcome:
    """One file of a batch: the stored photo, or the user-facing reason it failed."""

    source: str
    photo: StoredPhoto | None = None
    error: str = ""
    codes: list[str] = field(default_factory=list)  # label codes seen in the photo (a QR label in view)


def with_label_codes(store: PhotoStore, outcome: ImportOutcome) -> ImportOutcome:
    """Look for our QR labels in the stored (upright, reduced) copy of a photo just imported."""
    if outcome.photo is None:
        return outcome
    return replace(outcome, codes=codes_in_image(store.path_for(outcome.photo.file_hash)))


def import_files(store: PhotoStore, paths: Sequence[Path | str], progress: Progress | None = None
                 ) -> list[ImportOutcome]:
    """Import every file; a bad one is reported and never stops the others (safe off the GUI thread)."""
    outcomes = []
    for done, path in enumerate(paths, start=1):
        try:
            outcomes.append(with_label_codes(store, ImportOutcome(str(path), store.import_file(path))))
        except PhotoError as exc:
            outcomes.append(ImportOutcome(str(path), error=str(exc)))
        if progress:
            progress(done, len(paths))
    return outcomes


class PhotoService:
    def __init__(self, store: PhotoStore, user: str | None = None) -> None:
        self.store = store
        self.user = user or current_user()

    def _check_stored(self, photos: Sequence[StoredPhoto]) -> None:
        for photo in photos:
            if not self.store.has(photo.file_hash):
                raise PhotoError(_("Fotoet »{name}« findes ikke i fotomappen", name=photo.original_name))

    def _item(self, item_id: int) -> Item:
        try:
            return Item.get_by_id(item_id)
        except Item.DoesNotExist as exc:
            raise NotFoundError(item_id) from exc

    def attach(self, item_id: int, photos: Iterable[StoredPhoto], primary: int | None = None) -> list[int]:
        """Add stored photos after the item's existing ones; ``primary`` indexes ``photos``.

        Without ``primary`` the first photo becomes primary when the item had none.
        Must run inside or outside a transaction (it opens its own savepoint).
        """
        photos = list(photos)
        if not photos:
            return []
        self._check_stored(photos)
        with Item._meta.database.atomic():
            self._item(item_id)
            existing = list(Photo.select().where(Photo.item == item_id).order_by(Photo.position, Photo.id))
            position = max((p.position for p in existing), default=-1) + 1
            if primary is None and not any(p.is_primary for p in existing):
                primary = 0
            if primary is not None:
                Photo.update(is_primary=False).where(Photo.item == item_id).execute()
            ids = []
            for index, photo in enumerate(photos):
                row = Photo.create(item=item_id, file_hash=photo.file_hash, original_name=photo.original_name,
                                   taken_at=photo.taken_at, position=position + index,
                                   is_primary=index == primary)
                ids.append(row.id)
            audit.record(self.user, "item", item_id, "photo_add",
                         {"photos": (None, [p.original_name or p.file_hash[:12] for p in photos])})
        return ids

    def add_files(self, item_id: int, paths: Sequence[Path | str], progress: Progress | None = None
                  ) -> list[ImportOutcome]:
        """Import files and attach the good ones; the errors come back, the good photos are kept."""
        self._item(item_id)
        outcomes = import_files(self.store, paths, progress)
        self.attach(item_id, [o.photo for o in outcomes if o.photo])
        return outcomes

    def reorder(self, item_id: int, photo_ids: Sequence[int]) -> None:
        with Item._meta.database.atomic():
            current = [p.id for p in Photo.select(Photo.id).where(Photo.item == item_id)
                       .order_by(Photo.position, Photo.id)]
            if sorted(current) != sorted(photo_ids):
                raise PhotoError(_("Fotorækkefølgen passer ikke til genstandens fotos"))
            for position, photo_id in enumerate(photo_ids):
                Photo.update(position=position).where(Photo.id == photo_id).execute()
            audit.record(self.user, "item", item_id, "photo_order", {"photos": (current, list(photo_ids))})

    def set_primary(self, photo_id: int) -> None:
        with Item._meta.database.atomic():
            photo = Photo.get_by_id(photo_id)
            before = (Photo.select(Photo.id).where((Photo.item == photo.item_id) & (Photo.is_primary == True))  # noqa: E712
                      .scalar())
            Photo.update(is_primary=False).where(Photo.item == photo.item_id).execute()
            Photo.update(is_primary=True).where(Photo.id == photo_id).execute()
            audit.record(self.user, "item", photo.item_id, "photo_primary", {"photo": (before, photo_id)})

    def remove(self, photo_id: int) -> None:
        """Remove one photo from its item; the next one becomes primary if the primary went."""
        with Item._meta.database.atomic():
            try:
                photo = Photo.get_by_id(photo_id)
            except Photo.DoesNotExist as exc:
                raise NotFoundError(photo_id) from exc
            Photo.delete().where(Photo.id == photo_id).execute()
            if photo.is_primary:
                successor = (Photo.select().where(Photo.item == photo.item_id)
                             .order_by(Photo.position, Photo.id).first())
                if successor:
                    Photo.update(is_primary=True).where(Photo.id == successor.id).execute()
            audit.record(self.user, "item", photo.item_id, "photo_remove",
                         {"photo": (photo.original_name or photo.file_hash[:12], None)})

    def set_photos(self, item_id: int, photos: Sequence[StoredPhoto], primary: int = 0) -> bool:
        """Make the item's photos exactly ``photos`` in this order (``primary`` indexes it); True if changed.

        The edit form's way of saving added, removed and reordered photos at once (one savepoint, one
        audit entry); rows of photos that stay keep their id.
        """
        photos = list(photos)
        self._check_stored(photos)
        with Item._meta.database.atomic():
            self._item(item_id)
            existing = list(Photo.select().where(Photo.item == item_id).order_by(Photo.position, Photo.id))
            before = [(p.file_hash, p.is_primary) for p in existing]
            by_hash = {p.file_hash: p for p in existing}
            wanted = {p.file_hash for p in photos}
            gone = [p.id for p in existing if p.file_hash not in wanted]
            if gone:
                Photo.delete().where(Photo.id.in_(gone)).execute()
            primary = primary if 0 <= primary < len(photos) else 0
            for position, photo in enumerate(photos):
                row = by_hash.get(photo.file_hash)
                if row is None:
                    Photo.create(item=item_id, file_hash=photo.file_hash, original_name=photo.original_name,
                                 taken_at=photo.taken_at, position=position, is_primary=position == primary)
                elif row.position != position or row.is_primary != (position == primary):
                    Photo.update(position=position, is_primary=position == primary).where(Photo.id == row.id).execute()
            after = [(p.file_hash, i == primary) for i, p in enumerate(photos)]
            if before == after:
                return False
            audit.record(self.user, "item", item_id, "photos",
                         {"photos": ([h[:12] + ("*" if first else "") for h, first in before],
                                     [h[:12] + ("*" if first else "") for h, first in after])})
        return True
