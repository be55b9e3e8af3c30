"""Deleting an item so that it can be undone: the row, its photos, decisions and votes are kept in a snapshot.

:meth:`ItemDeletion.delete` refuses an item with an approved decision (approved
decisions are locked) and returns a :class:`DeletedItem`; :meth:`ItemDeletion.restore`
puts the very same rows back (same ids, same uuid), e.g. for »Fortryd«.  Both are
one transaction with an audit entry.  Photo files stay in the photo folder (they are
shared by content), so restoring brings the photos back as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from inventar.domain.review import LOCKED_APPROVAL
from inventar.errors import UserError
from inventar.i18n import _
from inventar.models import Decision, Item, Photo, ReservedCode, Vote
from inventar.services import audit
from inventar.services.items.service import NotFoundError, _describe, current_user


class ItemHasApprovedDecision(UserError, PermissionError):
    """The item has a decision approved by the board: it cannot be deleted (reopen the decision first)."""

    def __init__(self, item_id: int) -> None:
        self.item_id = item_id
        super().__init__(_("{item} har en godkendt beslutning og kan ikke slettes. Genåbn beslutningen under "
                           "Gennemgang først.", item=describe_item(item_id)))


def describe_item(item_id: int) -> str:
    """»genstanden Stol »Arne« i 1.07 Mødelokale« – how a message names an item."""
    return _describe(item_id)


@dataclass
class DeletedItem:
    """Everything a deleted item had, as plain column values (enough to put it back)."""

    item_id: int
    name: str
    item: dict[str, Any]
    photos: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    votes: list[dict[str, Any]] = field(default_factory=list)
    reserved_codes: list[int] = field(default_factory=list)


def _rows(model, item_id: int) -> list[dict[str, Any]]:
    return list(model.select().where(model.item == item_id).order_by(model.id).dicts())


class ItemDeletion:
    def __init__(self, user: str | None = None) -> None:
        self.user = user or current_user()

    @staticmethod
    def has_approved_decision(item_id: int) -> bool:
        return Decision.select().where((Decision.item == item_id) & (Decision.approval == LOCKED_APPROVAL)).exists()

    def delete(self, item_id: int) -> DeletedItem:
        """Delete the item with its photos, decisions and votes; the snapshot undoes it."""
        with Item._meta.database.atomic():
            row = Item.select().where(Item.id == item_id).dicts().first()
            if row is None:
                raise NotFoundError(item_id)
            if self.has_approved_decision(item_id):
                raise ItemHasApprovedDecision(item_id)
            snapshot = DeletedItem(
                item_id, describe_item(item_id), row, _rows(Photo, item_id), _rows(Decision, item_id),
                _rows(Vote, item_id),
                [r.id for r in ReservedCode.select(ReservedCode.id).where(ReservedCode.item == item_id)])
            for model in (Vote, Decision, Photo):  # the foreign keys cascade; explicit for databases without them
                model.delete().where(model.item == item_id).execute()
            Item.delete().where(Item.id == item_id).execute()
            audit.record(self.user, "item", item_id, "delete",
                         {"item": (snapshot.name, None), "label_code": (row.get("label_code"), None),
                          "photos": (len(snapshot.photos), None), "decisions": (len(snapshot.decisions), None)})
        return snapshot

    def restore(self, deleted: DeletedItem) -> int:
        """Put a deleted item back exactly as it was (its id, photos, decisions, votes and label code)."""
        with Item._meta.database.atomic():
            back = Item.select(Item.id).where(Item.uuid == deleted.item["uuid"]).scalar()
            if back is not None:
                return back  # already back (undone twice, or restored on another laptop)
            item = dict(deleted.item)
            code = item.get("label_code")
            if code and Item.select().where(Item.label_code == code).exists():
                item["label_code"] = None  # another item took the code in the meantime
            same_id = not Item.select().where(Item.id == deleted.item_id).exists()
            if not same_id:
                item.pop("id")  # SQLite gave the id to a new item meanwhile: come back under a new one
            inserted = Item.insert(**item).execute()
            item_id = deleted.item_id if same_id else inserted
            for model, rows in ((Photo, deleted.photos), (Decision, deleted.decisions), (Vote, deleted.votes)):
                rows = [{k: v for k, v in row.items() if same_id or k != "id"} | {"item": item_id} for row in rows]
                if rows:
                    model.insert_many(rows).execute()
            if deleted.reserved_codes and item["label_code"]:
                ReservedCode.update(item=item_id).where(ReservedCode.id.in_(deleted.reserved_codes)).execute()
            audit.record(self.user, "item", item_id, "restore", {"item": (None, deleted.name)})
        return item_id
