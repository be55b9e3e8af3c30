"""One open database and who works on it: the store, the settings, the user and the services the windows use.

:meth:`Session.open` is the one place that decides the user name and builds the services; the GUI makes a
session when it starts and again whenever the user switches database, and hands it down to every window.
No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from inventar.models.database import Store
from inventar.services.items.service import ItemService, current_user
from inventar.services.labels.codes import LabelCodeService
from inventar.services.labels.templates import LabelTemplateService
from inventar.services.photos.item_photos import PhotoService
from inventar.services.photos.store import PhotoStore
from inventar.services.rooms.service import RoomService
from inventar.settings import Settings

if TYPE_CHECKING:  # the optimiser behind it loads on first use
    from inventar.services.placement.service import PlacementService


@dataclass(eq=False)
class Session:
    store: Store
    settings: Settings
    user_name: str  # as configured (settings »user_name«); "" when not set
    user: str  # the name written to the audit trail: the configured one, else the OS account
    photos: PhotoStore
    items: ItemService
    rooms: RoomService
    photo_service: PhotoService
    label_codes: LabelCodeService  # an unconfigured user is the device name (user@host) on label series
    label_templates: LabelTemplateService
    _placement: PlacementService | None = field(default=None, repr=False)

    @classmethod
    def open(cls, store: Store, settings: Settings) -> Session:
        """The session on ``store``; the same for the first database and every switch."""
        user_name = settings.get("user_name") or ""
        user = user_name or current_user()
        photos = PhotoStore(store.photo_dir)
        return cls(store=store, settings=settings, user_name=user_name, user=user, photos=photos,
                   items=ItemService(user=user), rooms=RoomService(user=user),
                   photo_service=PhotoService(photos, user=user), label_codes=LabelCodeService(user=user_name),
                   label_templates=LabelTemplateService())

    def placement(self) -> PlacementService:
        if self._placement is None:
            from inventar.services.placement.service import PlacementService

            self._placement = PlacementService(self.user)
        return self._placement

    def close(self) -> None:
        self.store.close()
