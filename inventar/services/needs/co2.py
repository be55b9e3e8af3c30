"""CO2e avoided by reuse: the one calculation the dashboard, the board list and the board PDF show.

*What counts.* Reuse avoids emissions only where it **replaces a purchase**: the reused pieces that
cover a need in the procurement netting (:mod:`inventar.services.needs.procurement`, same basis,
same two rules: reuse with a target centre covers that centre's need, reuse without one is pooled).
Surplus reuse, rejected reuse and reuse never proposed avoid nothing.

*Which pieces of a line.* Where a line's reuse is larger than its need, the covering pieces are
given to the decisions in a fixed order: approved before proposed, then the oldest decision first
(the board's earlier approvals keep their share; a new proposal fills what is left).  So every
decision gets its ``replacing`` pieces, and the per-decision figures add up to the totals.

*Per piece.* ``net = new-product factor − refurbishment − transport``, never below 0, from
``assets/co2_factors.json``; each figure is a low–high range, and the net range takes the
unfavourable ends: ``low = max(0, new.low − refurbishment.high − transport.high)`` and
``high = max(0, new.high − refurbishment.low − transport.low)``.  A category without
refurbishment or transport figures subtracts nothing for them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from inventar.paths import asset_path
from inventar.services.needs import procurement

APPROVAL_ORDER = {"approved": 0, "proposed": 1}


@dataclass(frozen=True)
class Span:
    """A low–high range of kg CO2e per piece, with its source code(s) and a note."""

    low: float
    high: float
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class Co2Factor:
    """kg CO2e per piece of a category: a new product, and optionally refurbishing and moving a reused one."""

    low: float
    high: float
    source: str
    note: str = ""
    refurbishment: Span | None = None
    transport: Span | None = None

    @property
    def net(self) -> tuple[float, float]:
        """kg CO2e avoided per reused piece that replaces a purchase (low, high), never below 0."""
        extra = [s for s in (self.refurbishment, self.transport) if s is not None]
        return (max(0.0, self.low - sum(s.high for s in extra)), max(0.0, self.high - sum(s.low for s in extra)))

    @property
    def sources(self) -> list[str]:
        codes = [self.source] + [s.source for s in (self.refurbishment, self.transport) if s is not None]
        return [code.strip() for text in codes for code in text.split(",") if code.strip()]


def _span(raw: dict | None) -> Span | None:
    if raw is None:
        return None
    span = Span(float(raw["low"]), float(raw["high"]), raw.get("source", ""), raw.get("note", ""))
    if not 0 <= span.low <= span.high:
        raise ValueError(f"a CO2e range must have 0 <= low <= high: {raw}")
    return span


def load_co2_factors(path: Path | None = None) -> tuple[dict[str, Co2Factor], dict[str, str]]:
    """The factor table: category -> :class:`Co2Factor`, and source code -> the source's description."""
    raw = json.loads((path or asset_path("co2_factors.json")).read_text(encoding="utf-8"))
    factors = {}
    for code, f in raw["factors"].items():
        new = _span(f)
        factors[code] = Co2Factor(new.low, new.high, f["source"], f.get("note", ""), _span(f.get("refurbishment")),
                                  _span(f.get("transport")))
    return factors, raw.get("sources", {})


@dataclass
class Co2Part(procurement.ReusePart):
    """One reuse decision on the basis: how many of its pieces replace a purchase, and the CO2e that avoids."""

    replacing: int = 0
    low: float = 0.0
    high: float = 0.0


@dataclass
class Co2Result:
    basis: str
    parts: list[Co2Part]
    factors: dict[str, Co2Factor] = field(default_factory=dict)

    @property
    def total(self) -> tuple[float, float]:
        return sum(p.low for p in self.parts), sum(p.high for p in self.parts)

    def by_category(self) -> dict[str, tuple[float, float]]:
        """Category -> (low, high) kg, only categories that avoid something."""
        result: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for part in self.parts:
            if part.high:
                result[part.category][0] += part.low
                result[part.category][1] += part.high
        return {category: (low, high) for category, (low, high) in result.items()}

    def of_decisions(self, decision_ids) -> tuple[float, float]:
        wanted = set(decision_ids)
        chosen = [p for p in self.parts if p.decision_id in wanted]
        return sum(p.low for p in chosen), sum(p.high for p in chosen)

    def part(self, decision_id: int) -> Co2Part | None:
        return next((p for p in self.parts if p.decision_id == decision_id), None)


def _hand_out(parts: list[Co2Part], pieces: int) -> None:
    for part in sorted(parts, key=lambda p: (APPROVAL_ORDER.get(p.approval, 9), p.decision_id)):
        part.replacing = min(part.pieces, pieces)
        pieces -= part.replacing


def co2_avoided(basis: str = "proposed", factors: dict[str, Co2Factor] | None = None) -> Co2Result:
    """CO2e avoided by reuse on ``basis`` ("approved" or "proposed": proposed and approved), per decision."""
    if factors is None:
        factors, _sources = load_co2_factors()
    parts = [Co2Part(**vars(p)) for p in procurement.reuse_parts(basis)]
    grouped: dict[tuple[int | None, str], list[Co2Part]] = defaultdict(list)
    for part in parts:
        grouped[(part.centre_id, part.category)].append(part)
    pooled_cover: dict[str, int] = defaultdict(int)
    for line in procurement.net(basis).lines:
        if line.centre_id is not None:
            _hand_out(grouped.get((line.centre_id, line.category), []), line.covered - line.covered_by_pool)
            pooled_cover[line.category] += line.covered_by_pool
    for category, covered in pooled_cover.items():
        _hand_out(grouped.get((None, category), []), covered)
    for part in parts:
        factor = factors.get(part.category)
        if factor is not None and part.replacing:
            low, high = factor.net
            part.low, part.high = part.replacing * low, part.replacing * high
    return Co2Result(basis, parts, factors)
