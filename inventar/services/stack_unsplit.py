"""The unsplit half of the stacking optimiser: every centre whole on one floor (CP-SAT).

With no centre split the score is simple: the contact part is linear in each
centre's floor level ``L_c`` and the collaboration distance of a pair is exactly
``|L_a − L_b|`` (the transport distance of two unsplit centres), one
``AddAbsEquality`` per pair.  One boolean per centre and floor carries the
capacities.  CP-SAT proves this generalised assignment problem optimal far
faster than the full model, because it propagates the integer levels directly
instead of relying on the weak LP relaxation of shares spread over floors.
:mod:`inventar.services.stack_optimiser` then only has to show that no plan
with a split beats it.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from inventar.domain.stacking import CentreSpec, Problem, Shares, Weights, average_size

Pins = dict[tuple[int, int], int]


def whole_pins(centres: list[CentreSpec], pins: Pins) -> dict[int, int] | None:
    """Centre id -> pinned floor when every pin fixes a whole centre, else None (a pin forces a split)."""
    result: dict[int, int] = {}
    size = {c.id: c.workplaces for c in centres}
    for (c, f), n in pins.items():
        if c not in size or n != size[c] or c in result:
            return None
        result[c] = f
    return result


def unsplit_model(problem: Problem, weights: Weights, centres: list[CentreSpec], pinned: dict[int, int]):
    floors = problem.floors
    model = cp_model.CpModel()
    z = {}
    for c in centres:
        for f in floors:
            if c.workplaces <= f.capacity and pinned.get(c.id, f.id) == f.id:
                z[c.id, f.id] = model.NewBoolVar(f"z_{c.id}_{f.id}")
        model.AddExactlyOne([z[c.id, f.id] for f in floors if (c.id, f.id) in z])
    for f in floors:
        model.Add(sum(c.workplaces * z[c.id, f.id] for c in centres if (c.id, f.id) in z) <= f.capacity)
    level = {}
    for c in centres:
        level[c.id] = model.NewIntVar(floors[0].level, floors[-1].level, f"level_{c.id}")
        model.Add(level[c.id] == sum(f.level * z[c.id, f.id] for f in floors if (c.id, f.id) in z))
    average = average_size(problem)
    objective = [weights.contact * c.contact * c.workplaces / average * level[c.id] for c in centres if c.contact]
    by_id = {c.id: c for c in centres}
    if weights.collaboration:
        for a, b, value in problem.pairs():
            if a in by_id and b in by_id:
                distance = model.NewIntVar(0, floors[-1].level - floors[0].level, f"dist_{a}_{b}")
                model.AddAbsEquality(distance, level[a] - level[b])
                objective.append(weights.collaboration * value * distance)
    model.Minimize(sum(objective))
    return model, z


def read_shares(solver: cp_model.CpSolver, problem: Problem, centres: list[CentreSpec], z) -> Shares:
    shares: Shares = {c.id: {} for c in problem.centres}
    for c in centres:
        for f in problem.floors:
            if (c.id, f.id) in z and solver.Value(z[c.id, f.id]):
                shares[c.id][f.id] = c.workplaces
    return shares
