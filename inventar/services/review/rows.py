"""What the user group's review screen reads: rows with decision summaries, filters, item history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from peewee import JOIN, chunked

from inventar.domain.fields import field_label
from inventar.domain.review import tally_text
from inventar.domain.vocabulary import APPROVAL_STATES, CATEGORIES, DECISION_KINDS, DISPOSAL_ROUTES
from inventar.i18n import _
from inventar.models import IN_CHUNK, AuditEntry, Centre, Decision, Floor, Item, Photo, Room, Vote
from inventar.services.items.service import room_display
from inventar.services.placement.main_floors import main_floors as centre_main_floors

# Decision-state filter values: the kinds, then the board's approval states.
DECISION_FILTERS: dict[str, str] = {**{f"kind:{k}": v for k, v in DECISION_KINDS.items()},
                                    **{f"approval:{k}": v for k, v in APPROVAL_STATES.items() if k != "none"}}

ACTION_LABELS: dict[str, str] = {
    "create": "Oprettet", "update": "Ændret", "delete": "Slettet", "decide": "Beslutning", "split": "Opdeling",
    "vote": "Stemme", "propose": "Indstillet", "approve": "Godkendt", "reject": "Afvist", "reopen": "Genåbnet",
    "undo": "Fortrudt", "redo": "Gentaget",
}


@dataclass(slots=True)
class ReviewRow:
    id: int
    label_code: str
    category: str
    title: str
    room_id: int | None
    room: str
    floor: int | None
    quantity: int
    condition: int | None
    criteria: tuple[str, ...]
    hidden_gold: bool
    registered_by: str
    primary_photo: str | None
    kinds: tuple[str, ...] = ()  # one per decision part; empty = no decision yet (afventer)
    approvals: tuple[str, ...] = ()
    decision_text: str = ""
    reason: str = ""
    votes_text: str = ""
    target: str = ""
    search_text: str = field(default="", repr=False)

    @property
    def category_name(self) -> str:
        return _(CATEGORIES.get(self.category, self.category))

    @property
    def effective_kinds(self) -> tuple[str, ...]:
        return self.kinds or ("pending",)

    @property
    def locked(self) -> bool:
        return "approved" in self.approvals

    def matches_decision(self, value: str) -> bool:
        group, _sep, code = value.partition(":")
        return code in (self.effective_kinds if group == "kind" else self.approvals)


@dataclass
class HistoryLine:
    at: datetime
    who: str
    action: str
    field: str
    before: str
    after: str


def _decision_text(parts: list[tuple[str, str, int | None, str]]) -> str:
    """"Genbrug", or a split item's parts: "20 × Genbrug + 10 × Genbrug → BU + 10 × Kassér (sælges)"."""
    texts = []
    for kind, route, quantity, centre in parts:
        text = _(DECISION_KINDS.get(kind, kind))
        if route:
            text += f" ({_(DISPOSAL_ROUTES.get(route, route)).lower()})"
        if centre:
            text += " " + _("→ {centre}", centre=centre)
        if quantity is not None and len(parts) > 1:
            text = f"{quantity} × {text}"
        texts.append(text)
    return " + ".join(texts)


class ReviewService:
    def centres(self) -> list[tuple[int, str]]:
        return [(c.id, f"{c.abbreviation} – {c.name}") for c in Centre.select().order_by(Centre.abbreviation)]

    def floors(self) -> list[tuple[int, str]]:
        return [(f.id, f.name) for f in Floor.select().order_by(Floor.level)]

    def rooms(self) -> list[tuple[int, str, int]]:
        """(id, display text, floor) for every room of the old building."""
        return [(r.id, room_display(r.floor, r.number, r.name), r.floor)
                for r in Room.select().order_by(Room.floor, Room.number)]

    def registrars(self) -> list[str]:
        return [name for (name,) in Item.select(Item.registered_by).distinct().order_by(Item.registered_by).tuples()
                if name]

    def rows(self, item_ids: Sequence[int] | None = None) -> list[ReviewRow]:
        """Every item (or only ``item_ids``) with its decision summary, ordered by id."""
        centres = {c.id: c.abbreviation for c in Centre.select(Centre.id, Centre.abbreviation)}
        floors = {f.id: f.name for f in Floor.select(Floor.id, Floor.name)}
        chunks = [None] if item_ids is None else chunked(item_ids, IN_CHUNK)
        main_floors = centre_main_floors()  # where a split part with a centre of its own goes
        rows: list[ReviewRow] = []
        for chunk in chunks:
            rows.extend(self._rows(chunk, centres, floors, main_floors))
        return rows

    def _rows(self, ids: list[int] | None, centres: dict, floors: dict, main_floors: dict) -> list[ReviewRow]:
        def where(query, column):
            return query if ids is None else query.where(column.in_(ids))

        primary = dict(where(Photo.select(Photo.item, Photo.file_hash).where(Photo.is_primary == True),  # noqa: E712
                             Photo.item).tuples())
        parts: dict[int, list] = defaultdict(list)
        for item_id, kind, route, quantity, approval, reason, centre in where(
                Decision.select(Decision.item, Decision.kind, Decision.route, Decision.quantity, Decision.approval,
                                Decision.reason, Decision.target_centre).order_by(Decision.id), Decision.item).tuples():
            parts[item_id].append((kind, route, quantity, approval, reason, centre))
        votes: dict[int, list[str]] = defaultdict(list)
        for item_id, kind in where(Vote.select(Vote.item, Vote.kind), Vote.item).tuples():
            votes[item_id].append(kind)
        query = where(
            Item.select(Item.id, Item.label_code, Item.category, Item.title, Item.room, Room.floor, Room.number,
                        Room.name, Item.quantity, Item.condition, Item.strategy_criteria, Item.hidden_gold,
                        Item.registered_by, Item.target_centre, Item.target_floor, Item.material, Item.colour)
            .join(Room, JOIN.LEFT_OUTER).order_by(Item.id), Item.id).tuples()
        rows = []
        for (item_id, code, category, title, room_id, floor, number, room_name, quantity, condition, criteria, gold,
             registered_by, centre_id, floor_id, material, colour) in query:
            item_parts = parts.get(item_id, [])
            room = room_display(floor, number, room_name)
            target = " · ".join(t for t in (centres.get(centre_id, ""), floors.get(floor_id, "")) if t)
            own = [p for p in item_parts if p[5] is not None]
            if own:  # split parts with centres of their own: each with its floor and pieces
                texts = [" · ".join(t for t in (centres.get(p[5], ""), floors.get(main_floors.get(p[5]), "")) if t)
                         + " " + _("({n} stk.)", n=p[2] or 0) for p in own]
                target = "; ".join(([target] if target else []) + texts)
            text = _decision_text([(p[0], p[1], p[2], centres.get(p[5], "") if p[5] else "") for p in item_parts])
            given = sum(p[2] or 0 for p in item_parts)
            if len(item_parts) > 1 and given != quantity:  # the quantity was changed after the split
                text += " " + _("(⚠ delene giver {given} af {total} stk.)", given=given, total=quantity)
            row = ReviewRow(
                item_id, code or "", category, title, room_id, room, floor, quantity, condition,
                tuple(c for c in criteria.split(",") if c), bool(gold), registered_by, primary.get(item_id),
                tuple(p[0] for p in item_parts), tuple(p[3] for p in item_parts), text,
                next((p[4] for p in item_parts if p[4]), ""), tally_text(votes.get(item_id, [])), target)
            row.search_text = " ".join(str(p) for p in (code, title, row.category_name, room, material, colour,
                                                        row.reason, registered_by) if p).casefold()
            rows.append(row)
        return rows

    # -- history ---------------------------------------------------------------------------
    def history(self, item_id: int) -> list[HistoryLine]:
        """The item's audit trail, newest first, with field names and values in words."""
        centres = {str(c.id): c.abbreviation for c in Centre.select(Centre.id, Centre.abbreviation)}
        floors = {str(f.id): f.name for f in Floor.select(Floor.id, Floor.name)}
        rooms = {str(r.id): room_display(r.floor, r.number, r.name) for r in Room.select()}
        lines = []
        for entry in (AuditEntry.select().where((AuditEntry.entity == "item") & (AuditEntry.entity_id == item_id))
                      .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())):
            name, before, after = self._field(entry.field, entry.before, entry.after, centres, floors, rooms)
            lines.append(HistoryLine(entry.at, entry.who, _(ACTION_LABELS.get(entry.action, entry.action)),
                                     name, before, after))
        return lines

    @staticmethod
    def _field(code: str, before: str, after: str, centres, floors, rooms) -> tuple[str, str, str]:
        lookup = {"target_centre_id": centres, "target_floor_id": floors, "room_id": rooms,
                  "kind": DECISION_KINDS, "route": DISPOSAL_ROUTES, "approval": APPROVAL_STATES}
        if code.startswith("decision#"):
            number, _dot, sub = code[len("decision#"):].partition(".")
            if not sub:
                return _("Beslutning #{n}", n=number), before, after
            name = _("{field} · beslutning #{n}", field=field_label(sub), n=number)
            code = sub
        elif code.startswith("vote:"):
            return _("Stemme fra {voter}", voter=code[5:]), before, after
        else:
            name = field_label(code) if code else ""
        table = lookup.get(code)
        if table is not None:
            before, after = (_(table.get(v, v)) if v else "" for v in (before, after))
        return name, before, after


@dataclass(frozen=True)
class ReviewFilter:
    """The review screen's filters; ``None`` means any."""

    category: str | None = None
    floor: int | None = None
    room_id: int | None = None
    criterion: str | None = None  # a strategy criterion code, or "none" for items matching no criterion
    hidden_gold: bool | None = None
    condition: int | None = None  # 1..5, or 0 for not assessed
    decision: str | None = None  # a key of DECISION_FILTERS
    registrar: str | None = None
    text: str = ""

    def accepts(self, row: ReviewRow) -> bool:
        if self.category is not None and row.category != self.category:
            return False
        if self.room_id is not None and row.room_id != self.room_id:
            return False
        if self.floor is not None and row.floor != self.floor:
            return False
        if self.criterion is not None and (
                bool(row.criteria) if self.criterion == "none" else self.criterion not in row.criteria):
            return False
        if self.hidden_gold is not None and row.hidden_gold != self.hidden_gold:
            return False
        if self.condition is not None and (row.condition or 0) != self.condition:
            return False
        if self.decision is not None and not row.matches_decision(self.decision):
            return False
        if self.registrar is not None and row.registered_by != self.registrar:
            return False
        return all(term in row.search_text for term in self.text.casefold().split())
