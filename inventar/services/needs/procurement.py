"""Procurement netting: what the centres need minus what is reused; the rest is the purchase list.

Reused pieces are the quantities of *reuse* decisions (a decision's own quantity, or the whole item)
whose approval is ``approved`` (basis ``"approved"``) or ``proposed`` or ``approved`` (basis
``"proposed"``), placed by the item's target centre and target floor and matched by category:

1. reuse on a centre's floor covers that centre's need on the same floor and category;
2. what is left of the centre's reuse in a category (any floor) covers the centre-wide need
   (a need without a floor, as the norm derives it) and then needs on other floors.

What is left of a need is bought (``to_buy``); what is left of reuse is ``surplus`` (reused items
without a target centre are always surplus: they are not placed yet).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from peewee import fn

from inventar.domain.vocabulary import CATEGORIES
from inventar.i18n import _
from inventar.models import Centre, Decision, Floor, Item
from inventar.services.needs.norm import NeedService

BASES = {"approved": ("approved",), "proposed": ("proposed", "approved")}
BASIS_LABELS = {"approved": "Kun godkendt genbrug", "proposed": "Foreslået og godkendt genbrug"}

Key = tuple[int | None, int | None, str]  # centre id, floor id, category


@dataclass
class ProcurementLine:
    centre_id: int | None
    centre: str  # abbreviation, "" when the reused items are not placed at a centre
    centre_name: str
    floor_level: int | None
    floor_name: str
    category: str
    needed: int = 0
    reused: int = 0  # reused pieces placed here
    covered: int = 0  # of the need here, covered by reuse
    to_buy: int = 0
    surplus: int = 0  # of the reuse placed here, not needed

    @property
    def category_name(self) -> str:
        return _(CATEGORIES.get(self.category, self.category))


@dataclass
class ProcurementResult:
    basis: str
    lines: list[ProcurementLine]

    def totals_by_category(self) -> dict[str, dict[str, int]]:
        totals: dict[str, dict[str, int]] = {}
        for line in self.lines:
            row = totals.setdefault(line.category, {"needed": 0, "reused": 0, "covered": 0, "to_buy": 0,
                                                    "surplus": 0})
            for name in row:
                row[name] += getattr(line, name)
        order = list(CATEGORIES)
        return dict(sorted(totals.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))

    @property
    def purchase_list(self) -> list[ProcurementLine]:
        return [line for line in self.lines if line.to_buy > 0]

    @property
    def surplus_lines(self) -> list[ProcurementLine]:
        return [line for line in self.lines if line.surplus > 0]


def reused_quantities(basis: str = "approved") -> dict[Key, int]:
    """Reused pieces per (target centre, target floor, category)."""
    if basis not in BASES:
        raise ValueError(f"unknown basis {basis!r}; use one of {', '.join(BASES)}")
    pieces = fn.COALESCE(Decision.quantity, Item.quantity)
    query = (Decision.select(Item.target_centre, Item.target_floor, Item.category, fn.SUM(pieces))
             .join(Item)
             .where((Decision.kind == "reuse") & Decision.approval.in_(BASES[basis]))
             .group_by(Item.target_centre, Item.target_floor, Item.category)
             .tuples())
    return {(centre, floor, category): int(total or 0) for centre, floor, category, total in query}


def net(basis: str = "approved") -> ProcurementResult:
    needs: dict[Key, int] = defaultdict(int)
    for line in NeedService().needs():
        needs[(line.centre_id, line.floor_id, line.category)] += line.quantity
    reused = reused_quantities(basis)

    keys = set(needs) | set(reused)
    need_left = {k: needs.get(k, 0) for k in keys}
    reuse_left = {k: reused.get(k, 0) for k in keys}

    # 1. same centre, same floor, same category
    for key in keys:
        if key[0] is not None and key[1] is not None:
            used = min(need_left[key], reuse_left[key])
            need_left[key] -= used
            reuse_left[key] -= used
    level = dict(Floor.select(Floor.id, Floor.level).tuples())
    # 2. the rest of a centre's reuse in a category covers its centre-wide need, then its other floors
    by_centre_category: dict[tuple[int, str], list[Key]] = defaultdict(list)
    for key in keys:
        if key[0] is not None:
            by_centre_category[(key[0], key[2])].append(key)
    for group in by_centre_category.values():
        donors = sorted((k for k in group if reuse_left[k] > 0), key=lambda k: (k[1] is not None, level.get(k[1], 0)))
        takers = sorted((k for k in group if need_left[k] > 0), key=lambda k: (k[1] is not None, level.get(k[1], 0)))
        for taker in takers:
            for donor in donors:
                used = min(need_left[taker], reuse_left[donor])
                need_left[taker] -= used
                reuse_left[donor] -= used
                if not need_left[taker]:
                    break

    centres = {c.id: c for c in Centre.select(Centre.id, Centre.abbreviation, Centre.name)}
    floors = {f.id: f for f in Floor.select(Floor.id, Floor.level, Floor.name)}
    lines = []
    for key in keys:
        centre_id, floor_id, category = key
        centre = centres.get(centre_id)
        floor = floors.get(floor_id)
        lines.append(ProcurementLine(
            centre_id, centre.abbreviation if centre else "", centre.name if centre else "",
            floor.level if floor else None, floor.name if floor else "", category,
            needed=needs.get(key, 0), reused=reused.get(key, 0), covered=needs.get(key, 0) - need_left[key],
            to_buy=need_left[key], surplus=reuse_left[key]))
    order = list(CATEGORIES)
    lines.sort(key=lambda l: (l.centre == "", l.centre, -1 if l.floor_level is None else l.floor_level,
                              order.index(l.category) if l.category in order else len(order)))
    return ProcurementResult(basis, [l for l in lines if l.needed or l.reused])
