"""Procurement netting: what the centres need minus what is reused; the rest is the purchase list.

Reused pieces are the quantities of *reuse* decisions (a decision's own quantity, or the whole item)
whose approval is ``approved`` (basis ``"approved"``) or ``proposed`` or ``approved`` (basis
``"proposed"``).  The netting is done per **centre and category** (one line each), by two rules:

1. *Placed reuse*: reuse with a target centre covers that centre's need of the same category, on
   any floor and centre-wide alike (the floor only says where it stands, not whether it counts).
   A reuse decision's target centre is its own (a split part sent to a centre of its own) or else
   its item's.
2. *Pooled reuse*: reuse without a target centre is not placed yet; it is pooled per category and
   covers what is left of the centres' needs of that category, centre by centre in abbreviation
   order.  What the pool cannot place stays on one "Ikke placeret" line per category as surplus.

What is left of a need is bought (``to_buy``); what is left of a centre's own reuse is that
centre's ``surplus``.  Per category: reused = covered + surplus (every reused piece is counted once).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from peewee import fn

from inventar.domain.vocabulary import CATEGORIES
from inventar.i18n import _
from inventar.models import Centre, Decision, Item
from inventar.services.needs.norm import NeedService

BASES = {"approved": ("approved",), "proposed": ("proposed", "approved")}
BASIS_LABELS = {"approved": "Kun godkendt genbrug", "proposed": "Foreslået og godkendt genbrug"}

Key = tuple[int | None, str]  # centre id (None: not placed), category


@dataclass
class ProcurementLine:
    centre_id: int | None
    centre: str  # abbreviation, "" for the pool of reuse not placed at a centre
    centre_name: str
    category: str
    needed: int = 0
    reused: int = 0  # reused pieces with this target centre (on the pool line: reuse without a centre)
    covered: int = 0  # of the need here, covered by reuse (own and pooled)
    covered_by_pool: int = 0  # of ``covered``, the part from reuse without a target centre
    to_buy: int = 0
    surplus: int = 0  # of the reuse on this line, not needed anywhere

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
        return dict(sorted(totals.items(), key=lambda kv: _category_rank(kv[0])))

    @property
    def purchase_list(self) -> list[ProcurementLine]:
        return [line for line in self.lines if line.to_buy > 0]

    @property
    def surplus_lines(self) -> list[ProcurementLine]:
        return [line for line in self.lines if line.surplus > 0]


def _category_rank(category: str) -> int:
    order = list(CATEGORIES)
    return order.index(category) if category in order else len(order)


@dataclass
class ReusePart:
    """One reuse decision on the basis: its pieces, where they go (centre or None) and its category."""

    decision_id: int
    item_id: int
    centre_id: int | None
    category: str
    pieces: int
    approval: str


def target_centre():
    """A decision's target centre in SQL: the split part's own, else its item's (select it joined to Item)."""
    return fn.COALESCE(Decision.target_centre, Item.target_centre)


def reuse_parts(basis: str = "approved") -> list[ReusePart]:
    """Every reuse decision counted on ``basis``, by decision id."""
    if basis not in BASES:
        raise ValueError(f"unknown basis {basis!r}; use one of {', '.join(BASES)}")
    query = (Decision.select(Decision.id, Item.id, target_centre(), Item.category,
                             fn.COALESCE(Decision.quantity, Item.quantity), Decision.approval)
             .join(Item)
             .where((Decision.kind == "reuse") & Decision.approval.in_(BASES[basis]))
             .order_by(Decision.id)
             .tuples())
    return [ReusePart(d, i, centre, category, int(pieces or 0), approval)
            for d, i, centre, category, pieces, approval in query]


def reused_quantities(basis: str = "approved") -> dict[Key, int]:
    """Reused pieces per (target centre or None, category)."""
    totals: dict[Key, int] = defaultdict(int)
    for part in reuse_parts(basis):
        totals[(part.centre_id, part.category)] += part.pieces
    return dict(totals)


def net(basis: str = "approved") -> ProcurementResult:
    """Net the needs against reuse by the two rules of the module docstring."""
    reused = reused_quantities(basis)
    needs: dict[Key, int] = defaultdict(int)
    for need in NeedService().needs():
        needs[(need.centre_id, need.category)] += need.quantity
    centres = {c.id: c for c in Centre.select(Centre.id, Centre.abbreviation, Centre.name)}
    lines: dict[Key, ProcurementLine] = {}
    for key in set(needs) | {k for k in reused if k[0] is not None}:
        centre = centres[key[0]]
        need, own = needs.get(key, 0), reused.get(key, 0)
        covered = min(need, own)  # rule 1
        lines[key] = ProcurementLine(key[0], centre.abbreviation, centre.name, key[1], needed=need, reused=own,
                                     covered=covered, to_buy=need - covered, surplus=own - covered)
    ordered = sorted(lines.values(), key=lambda l: (l.centre, _category_rank(l.category)))
    for (centre_id, category), pool in sorted(reused.items(), key=lambda kv: _category_rank(kv[0][1])):
        if centre_id is not None:
            continue
        pool_line = ProcurementLine(None, "", "", category, reused=pool)
        for line in ordered:  # rule 2, in abbreviation order
            if line.category == category and line.to_buy and pool:
                used = min(line.to_buy, pool)
                line.covered += used
                line.covered_by_pool += used
                line.to_buy -= used
                pool -= used
        pool_line.surplus = pool
        ordered.append(pool_line)
    return ProcurementResult(basis, [l for l in ordered if l.needed or l.reused])
