"""Figures for the overview dashboard: registration progress, decisions, reuse, CO2e avoided."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from peewee import JOIN, fn

from inventar.domain.times import to_local
from inventar.domain.vocabulary import CATEGORIES
from inventar.models import Decision, Item, Room
from inventar.services.needs import procurement
from inventar.services.needs.co2 import Co2Factor, co2_avoided, load_co2_factors

__all__ = ["CO2_BASIS", "Co2Factor", "FloorProgress", "Overview", "load_co2_factors", "overview"]

# CO2e avoided counts reuse on the lists' basis (proposed or approved reuse) where it replaces a purchase,
# net of refurbishment and transport (:mod:`inventar.services.needs.co2`, the one calculation); rejected
# reuse, reuse never proposed to the board ("Ikke indstillet") and surplus reuse count for nothing.
CO2_BASIS = "proposed"


@dataclass
class FloorProgress:
    floor: int
    rooms: int
    rooms_done: int
    rooms_in_progress: int
    items: int
    pieces: int


@dataclass
class Overview:
    per_day: list[tuple[date, int]]  # registrations (item rows) per calendar day
    floors: list[FloorProgress]
    rooms_left: int
    projected_finish: date | None  # at the recent pace; None when there is no pace yet
    decisions: Counter  # kind -> pieces
    approvals: Counter  # approval state -> pieces (reuse proposals)
    reuse_by_category: dict[str, int]  # pieces decided for reuse
    dispose_by_category: dict[str, int]
    co2_low: dict[str, float] = field(default_factory=dict)  # kg CO2e avoided per category (CO2_BASIS, net)
    co2_high: dict[str, float] = field(default_factory=dict)
    # per category: (needs covered by reuse, to buy), proposed and approved reuse counted
    reuse_vs_buy: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def co2_total(self) -> tuple[float, float]:
        return sum(self.co2_low.values()), sum(self.co2_high.values())


def overview(today: date | None = None, pace_days: int = 14) -> Overview:
    today = today or date.today()
    per_day_counter: Counter = Counter()
    for registered_at, in Item.select(Item.registered_at).tuples():
        per_day_counter[to_local(registered_at).date()] += 1  # the Danish day, as the lists show it
    per_day = sorted(per_day_counter.items())

    floors: dict[int, FloorProgress] = {}
    for floor, status, count in (Room.select(Room.floor, Room.status, fn.COUNT(Room.id))
                                 .group_by(Room.floor, Room.status).tuples()):
        progress = floors.setdefault(floor, FloorProgress(floor, 0, 0, 0, 0, 0))
        progress.rooms += count
        progress.rooms_done += count if status == "done" else 0
        progress.rooms_in_progress += count if status == "in_progress" else 0
    for floor, items, pieces in (Item.select(Room.floor, fn.COUNT(Item.id), fn.SUM(Item.quantity))
                                 .join(Room, JOIN.INNER).group_by(Room.floor).tuples()):
        progress = floors.setdefault(floor, FloorProgress(floor, 0, 0, 0, 0, 0))
        progress.items, progress.pieces = items, int(pieces or 0)
    rooms_left = sum(p.rooms - p.rooms_done for p in floors.values())

    # Pace: rooms finished are not time-stamped, so estimate from items per day over the recent
    # window and the items-per-done-room so far.
    projected = None
    recent = sum(n for day, n in per_day if day > today - timedelta(days=pace_days))
    done_rooms = sum(p.rooms_done for p in floors.values())
    registered_in_done = sum(p.items for p in floors.values() if p.rooms) or 0
    if rooms_left == 0 and floors:
        projected = today
    elif recent and done_rooms:
        items_per_room = max(registered_in_done / max(done_rooms + 0.5 * sum(p.rooms_in_progress
                                                                           for p in floors.values()), 1), 1)
        rooms_per_day = (recent / pace_days) / items_per_room
        projected = today + timedelta(days=int(rooms_left / rooms_per_day + 0.999))

    decisions: Counter = Counter()
    approvals: Counter = Counter()
    reuse: dict[str, int] = defaultdict(int)
    dispose: dict[str, int] = defaultdict(int)
    for kind, approval, pieces, category in _decisions():
        decisions[kind] += pieces
        if kind == "reuse":
            approvals[approval] += pieces
            reuse[category] += pieces
        elif kind == "dispose":
            dispose[category] += pieces

    avoided = co2_avoided(CO2_BASIS).by_category()
    co2_low = {c: low for c, (low, _high) in avoided.items()}
    co2_high = {c: high for c, (_low, high) in avoided.items()}
    order = list(CATEGORIES)
    netting = procurement.net(CO2_BASIS).totals_by_category()
    reuse_vs_buy = {category: (row["covered"], row["to_buy"]) for category, row in netting.items()
                    if row["needed"]}
    return Overview(per_day, [floors[k] for k in sorted(floors)], rooms_left, projected, decisions, approvals,
                    dict(sorted(reuse.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)),
                    dict(dispose), co2_low, co2_high, reuse_vs_buy)


def _decisions() -> list[tuple[str, str, int, str]]:
    """(kind, approval, pieces, category) of every current decision.

    An item's decision rows are its current decisions (the review replaces them and keeps
    the history in the audit trail): one row for the whole item, or one per split part.
    """
    query = (Decision.select(Decision.kind, Decision.approval, Decision.quantity, Item.category,
                             Item.quantity.alias("item_quantity"))
             .join(Item).tuples())
    return [(kind, approval, part if part is not None else whole, category)
            for kind, approval, part, category, whole in query]
