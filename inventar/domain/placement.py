"""The stack plan and its score under the Rådhus-MED principles (pure Python, no database, no Qt).

A plan gives, for each centre, how many of its workplaces sit on each floor
(``shares[centre_id][floor_id]``); a centre may be split.  The score has three
parts, each a sum the user can recompute by hand:

1. **Citizen contact** (*borgerkontakt*): ``Σ contact × mean floor level × size``
   where a centre's mean floor is the workplace-weighted average level of its
   floors and ``size`` is its workplaces relative to the average centre
   (``workplaces / mean workplaces``).  For centres of equal size this is exactly
   *contact level × floor number*; a large centre with much citizen contact (more
   visitors) weighs more than a small one, so it is not pushed up by many small ones.
2. **Collaboration** (*samarbejde*): ``Σ over pairs matrix value × floor distance``.
   The floor distance of two centres is the one-dimensional transport distance of
   their workplace shares: ``Σ_k |P_a(k) − P_b(k)|`` where ``P(k)`` is the share on
   floors up to and including ``k``.  For two unsplit centres it is exactly
   ``|floor a − floor b|``; for split centres it is the average number of floors a
   colleague must walk to meet the other centre's people, matched as closely as
   possible (a centre split 50/50 over floors 0 and 2 is one floor from a centre on 1).
3. **Splits** (*opdeling*): ``Σ`` the extra floors a centre spans, from its lowest
   to its highest floor (``1`` for a centre on two neighbouring floors, ``2`` when
   another floor lies between its two parts: its people are that much further apart).
   Counted in floors of the building, it is also the number of floor boundaries
   the centre's workplaces straddle, which lets the optimiser work boundary by boundary.

The total is ``w1·(1) + w2·(2) + w3·(3)`` with user-set weights.  Workplaces not
yet placed (the holding area) do not count in the parts; the plan is then
reported as incomplete, and its total carries a **penalty** of ``2B + 1`` per
unplaced workplace, where ``B`` bounds the weighted parts of any plan (see
:func:`part_bound`): so an incomplete plan always scores worse than every
complete one, and unplacing more never lowers the total.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Shares = dict[int, dict[int, int]]  # centre id -> floor id -> workplaces


@dataclass(frozen=True)
class FloorSpec:
    id: int
    level: int
    name: str
    capacity: int


@dataclass(frozen=True)
class CentreSpec:
    id: int
    abbreviation: str
    name: str
    workplaces: int
    contact: int
    colour: str = "#7f8c8d"


@dataclass(frozen=True)
class Weights:
    contact: float = 4.0
    collaboration: float = 1.0
    split: float = 25.0

    def as_dict(self) -> dict[str, float]:
        return {"contact": self.contact, "collaboration": self.collaboration, "split": self.split}


@dataclass
class Problem:
    """Floors (any order), centres and the symmetric collaboration matrix (0..9)."""

    floors: list[FloorSpec]
    centres: list[CentreSpec]
    matrix: dict[tuple[int, int], int] = field(default_factory=dict)  # (low id, high id) -> value

    def __post_init__(self) -> None:
        self.floors = sorted(self.floors, key=lambda f: f.level)

    def value(self, a: int, b: int) -> int:
        return self.matrix.get((min(a, b), max(a, b)), 0)

    def pairs(self) -> list[tuple[int, int, int]]:
        return [(a, b, v) for (a, b), v in sorted(self.matrix.items()) if v and a != b]

    def centre(self, centre_id: int) -> CentreSpec:
        return next(c for c in self.centres if c.id == centre_id)

    def floor(self, floor_id: int) -> FloorSpec:
        return next(f for f in self.floors if f.id == floor_id)


@dataclass
class CentreCost:
    centre_id: int
    contact: float
    collaboration: float  # half of each pair the centre is in
    split: int
    total: float


@dataclass
class PairCost:
    a: int
    b: int
    value: int
    distance: float
    cost: float  # weighted


@dataclass
class Score:
    contact: float
    collaboration: float
    split: int
    weights: Weights
    unplaced: int
    over_capacity: dict[int, int]  # floor id -> workplaces above capacity
    centres: list[CentreCost]
    pairs: list[PairCost]
    penalty: float = 0.0  # for unplaced workplaces (0 when everyone is placed)

    @property
    def total(self) -> float:
        w = self.weights
        return w.contact * self.contact + w.collaboration * self.collaboration + w.split * self.split + self.penalty

    @property
    def weighted(self) -> tuple[float, float, float]:
        w = self.weights
        return w.contact * self.contact, w.collaboration * self.collaboration, w.split * self.split

    @property
    def complete(self) -> bool:
        return self.unplaced == 0 and not self.over_capacity

    def costliest_pairs(self, n: int = 5) -> list[PairCost]:
        return sorted((p for p in self.pairs if p.cost > 0), key=lambda p: -p.cost)[:n]

    def costliest_centres(self, n: int = 5) -> list[CentreCost]:
        return sorted((c for c in self.centres if c.total > 0), key=lambda c: -c.total)[:n]

    def as_dict(self) -> dict:
        return {"contact": self.contact, "collaboration": self.collaboration, "split": self.split,
                "total": self.total, "weights": self.weights.as_dict(), "unplaced": self.unplaced,
                "penalty": self.penalty,
                "over_capacity": self.over_capacity}


def cumulative_shares(problem: Problem, floors_of: dict[int, int]) -> list[float]:
    """``P(k)`` for k over all floors but the top one: the share placed on floors up to level index k."""
    placed = sum(floors_of.values())
    if placed == 0:
        return []
    result, running = [], 0
    for floor in problem.floors[:-1]:
        running += floors_of.get(floor.id, 0)
        result.append(running / placed)
    return result


def mean_level(problem: Problem, floors_of: dict[int, int]) -> float | None:
    placed = sum(floors_of.values())
    if placed == 0:
        return None
    return sum(problem.floor(f).level * n for f, n in floors_of.items() if n) / placed


def floor_distance(problem: Problem, a: dict[int, int], b: dict[int, int]) -> float:
    """Transport distance between two share distributions, in floors (levels may skip numbers)."""
    pa, pb = cumulative_shares(problem, a), cumulative_shares(problem, b)
    if not pa or not pb:
        return 0.0
    levels = [f.level for f in problem.floors]
    return sum(abs(x - y) * (levels[k + 1] - levels[k]) for k, (x, y) in enumerate(zip(pa, pb)))


def span(problem: Problem, floors_of: dict[int, int]) -> int:
    """Extra floors a centre spans: positions from its lowest to its highest used floor (0 when whole)."""
    used = [k for k, floor in enumerate(problem.floors) if floors_of.get(floor.id, 0) > 0]
    return used[-1] - used[0] if used else 0


PROOF_TOLERANCE = 1e-6  # score points: a lower bound this close to a plan's score proves the plan optimal


def average_size(problem: Problem) -> float:
    """The mean workplaces of the centres (1 when there are none), the unit of the contact weighting."""
    sizes = [c.workplaces for c in problem.centres]
    return (sum(sizes) / len(sizes)) if sizes and sum(sizes) else 1.0


def part_bound(problem: Problem, weights: Weights) -> float:
    """An upper bound of ``|w1·(1) + w2·(2) + w3·(3)|`` over every plan of ``problem``."""
    levels = [f.level for f in problem.floors] or [0]
    height = max(levels) - min(levels)
    top = max(abs(level) for level in levels)
    average = average_size(problem)
    contact = sum(c.contact * top * c.workplaces / average for c in problem.centres)
    collaboration = sum(value * height for _a, _b, value in problem.pairs())
    split = len(problem.centres) * max(len(problem.floors) - 1, 0)
    return abs(weights.contact) * contact + abs(weights.collaboration) * collaboration + abs(weights.split) * split


def score(problem: Problem, shares: Shares, weights: Weights = Weights()) -> Score:
    floor_load: dict[int, int] = {}
    centres: dict[int, CentreCost] = {}
    unplaced = 0
    clean: Shares = {}
    average = average_size(problem)
    for centre in problem.centres:
        floors_of = {f: n for f, n in shares.get(centre.id, {}).items() if n > 0}
        clean[centre.id] = floors_of
        placed = sum(floors_of.values())
        unplaced += max(centre.workplaces - placed, 0)
        for f, n in floors_of.items():
            floor_load[f] = floor_load.get(f, 0) + n
        mean = mean_level(problem, floors_of)
        contact = centre.contact * mean * centre.workplaces / average if mean is not None else 0.0
        split = span(problem, floors_of)
        centres[centre.id] = CentreCost(centre.id, contact, 0.0, split, 0.0)
    pairs = []
    for a, b, value in problem.pairs():
        if a not in centres or b not in centres:
            continue
        distance = floor_distance(problem, clean[a], clean[b])
        cost = weights.collaboration * value * distance
        pairs.append(PairCost(a, b, value, distance, cost))
        centres[a].collaboration += value * distance / 2
        centres[b].collaboration += value * distance / 2
    for c in centres.values():
        c.total = weights.contact * c.contact + weights.collaboration * c.collaboration + weights.split * c.split
    over = {f.id: floor_load.get(f.id, 0) - f.capacity for f in problem.floors
            if floor_load.get(f.id, 0) > f.capacity}
    return Score(contact=sum(c.contact for c in centres.values()),
                 collaboration=sum(p.value * p.distance for p in pairs),
                 split=sum(c.split for c in centres.values()), weights=weights, unplaced=unplaced,
                 over_capacity=over, centres=list(centres.values()), pairs=pairs,
                 penalty=(2 * part_bound(problem, weights) + 1) * unplaced if unplaced else 0.0)


def move(shares: Shares, centre_id: int, source: int | None, target: int | None, workplaces: int) -> Shares:
    """A copy of ``shares`` with ``workplaces`` of a centre moved between floors (None = holding area)."""
    result = {c: dict(f) for c, f in shares.items()}
    floors_of = result.setdefault(centre_id, {})
    if source is not None:
        left = floors_of.get(source, 0) - workplaces
        if left < 0:
            raise ValueError("more workplaces moved than the centre has on that floor")
        if left:
            floors_of[source] = left
        else:
            floors_of.pop(source, None)
    if target is not None:
        floors_of[target] = floors_of.get(target, 0) + workplaces
    return result
