"""The exact stacking optimiser: a CP-SAT model of the stack plan (OR-Tools).

Variables: ``x[c, f]`` workplaces of centre ``c`` on floor ``f`` (integer) and
``y[c, f]`` whether the centre uses the floor.  Constraints: every centre placed
in full, floor capacities, pinned placements fixed.  The objective is the score
of :mod:`inventar.domain.stacking` exactly: the contact part is linear in ``x``,
the collaboration part uses the cumulative workplaces per floor with one
absolute-value variable per pair and floor boundary, the split part counts ``y``.

The solver proves optimality (``status == "optimal"``) or stops at the time limit
with the best plan found and a proven lower bound on the score (``bound``).
Coefficients are fractional (shares), so "optimal" means within CP-SAT's
absolute gap (1e-4 points) of the true optimum.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from inventar.domain.stacking import Problem, Score, Shares, Weights, average_size, score
from inventar.i18n import _
from inventar.services.stack_search import improve


class PlanInfeasibleError(ValueError):
    """The centres cannot be placed (capacity, pins); the message says why in Danish."""


@dataclass
class OptimiserResult:
    shares: Shares
    status: str  # "optimal" | "feasible"
    objective: float
    bound: float
    seconds: float
    score: Score

    @property
    def optimal(self) -> bool:
        return self.status == "optimal"

    @property
    def gap(self) -> float:
        return 0.0 if self.optimal or self.objective <= 0 else max(self.objective - self.bound, 0) / self.objective


Pins = dict[tuple[int, int], int]  # (centre id, floor id) -> workplaces fixed there


def check_feasible(problem: Problem, pins: Pins) -> None:
    need = sum(c.workplaces for c in problem.centres)
    capacity = sum(f.capacity for f in problem.floors)
    if not problem.floors:
        raise PlanInfeasibleError(_("Der er ingen etager at placere centrene på."))
    if need > capacity:
        raise PlanInfeasibleError(_("Centrene skal bruge {need} arbejdspladser, men etagerne har kun {capacity}. "
                                    "Øg etagernes kapacitet eller ret centrenes behov.", need=need, capacity=capacity))
    for centre in problem.centres:
        pinned = sum(n for (c, _f), n in pins.items() if c == centre.id)
        if pinned > centre.workplaces:
            raise PlanInfeasibleError(_("{centre} har {pinned} fastlåste arbejdspladser, men skal kun bruge {need}.",
                                        centre=centre.abbreviation, pinned=pinned, need=centre.workplaces))
    for floor in problem.floors:
        pinned = sum(n for (_c, f), n in pins.items() if f == floor.id)
        if pinned > floor.capacity:
            raise PlanInfeasibleError(_("Der er fastlåst {pinned} arbejdspladser på {floor}, men der er kun plads "
                                        "til {capacity}.", pinned=pinned, floor=floor.name, capacity=floor.capacity))


def greedy_stack(problem: Problem, pins: Pins) -> Shares:
    """A quick feasible plan: pins first, then centres by falling citizen contact stacked from the ground up."""
    shares: Shares = {c.id: {} for c in problem.centres}
    free = {f.id: f.capacity for f in problem.floors}
    for (c, f), n in pins.items():
        shares[c][f] = n
        free[f] -= n
    for centre in sorted(problem.centres, key=lambda c: (-c.contact, -c.workplaces)):
        left = centre.workplaces - sum(shares[centre.id].values())
        fitting = [f for f in problem.floors if free[f.id] >= left]
        if left and fitting:  # the lowest floor that takes the whole rest
            shares[centre.id][fitting[0].id] = shares[centre.id].get(fitting[0].id, 0) + left
            free[fitting[0].id] -= left
            continue
        for floor in problem.floors:
            n = min(left, free[floor.id])
            if n > 0:
                shares[centre.id][floor.id] = shares[centre.id].get(floor.id, 0) + n
                free[floor.id] -= n
                left -= n
    return shares


def optimise(problem: Problem, weights: Weights = Weights(), pins: Pins | None = None,
             time_limit: float = 10.0, workers: int | None = None, hint: Shares | None = None,
             should_stop: Callable[[], bool] | None = None) -> OptimiserResult:
    """The best stack plan for ``problem``; raises :class:`PlanInfeasibleError` when none exists.

    ``should_stop`` is polled ten times a second from a helper thread; when it returns True the
    search stops early and the best plan found so far is returned (not proven optimal).
    """
    pins = {k: v for k, v in (pins or {}).items() if v > 0}
    check_feasible(problem, pins)
    floors, centres = problem.floors, [c for c in problem.centres if c.workplaces > 0]
    model = cp_model.CpModel()
    x, y = {}, {}
    for c in centres:
        for f in floors:
            upper = min(c.workplaces, f.capacity)
            x[c.id, f.id] = model.NewIntVar(0, upper, f"x_{c.id}_{f.id}")
            y[c.id, f.id] = model.NewBoolVar(f"y_{c.id}_{f.id}")
            model.Add(x[c.id, f.id] <= upper * y[c.id, f.id])
            model.Add(x[c.id, f.id] >= y[c.id, f.id])
            if (c.id, f.id) in pins:
                model.Add(x[c.id, f.id] == pins[c.id, f.id])
        model.Add(sum(x[c.id, f.id] for f in floors) == c.workplaces)
        model.AddBoolOr([y[c.id, f.id] for f in floors])
    for f in floors:
        model.Add(sum(x[c.id, f.id] for c in centres) <= f.capacity)

    objective = []
    constant = 0.0
    average = average_size(problem)
    for c in centres:
        if c.contact:
            objective += [weights.contact * c.contact * f.level / average * x[c.id, f.id] for f in floors]
        objective += [weights.split * y[c.id, f.id] for f in floors]
        constant -= weights.split
    by_id = {c.id: c for c in centres}
    cumulative = {(c.id, k): sum(x[c.id, f.id] for f in floors[:k + 1]) for c in centres
                  for k in range(len(floors) - 1)}
    for a, b, value in problem.pairs():
        if a not in by_id or b not in by_id or not weights.collaboration:
            continue
        ha, hb = by_id[a].workplaces, by_id[b].workplaces
        for k in range(len(floors) - 1):
            gap = floors[k + 1].level - floors[k].level
            d = model.NewIntVar(0, ha * hb, f"d_{a}_{b}_{k}")
            diff = hb * cumulative[a, k] - ha * cumulative[b, k]
            model.Add(d >= diff)
            model.Add(d >= -diff)
            objective.append(weights.collaboration * value * gap / (ha * hb) * d)
    model.Minimize(sum(objective))
    if hint is None or not score(problem, hint).complete or any(
            hint.get(c, {}).get(f, 0) != n for (c, f), n in pins.items()):
        hint = greedy_stack(problem, pins)
    if score(problem, hint).complete:
        hint = improve(problem, hint, weights, pins, seconds=min(1.0, time_limit / 10))
    if hint:
        for c in centres:
            for f in floors:
                n = hint.get(c.id, {}).get(f.id, 0)
                model.AddHint(x[c.id, f.id], n)
                model.AddHint(y[c.id, f.id], n > 0)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers or 8  # the portfolio's variety matters more than cores
    started = time.perf_counter()
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.1):
            if should_stop():
                solver.StopSearch()
                return

    watcher = threading.Thread(target=watch, daemon=True) if should_stop else None
    if watcher:
        watcher.start()
    try:
        status = solver.Solve(model)
    finally:
        done.set()
        if watcher:
            watcher.join()
    seconds = time.perf_counter() - started
    if status == cp_model.INFEASIBLE:
        raise PlanInfeasibleError(_("Der findes ingen placering, der overholder kapaciteterne og de fastlåste "
                                    "placeringer."))
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if hint and score(problem, hint, weights).complete:
            # stopped (or out of time) before the solver had a plan of its own: the start plan is the best so far
            start_score = score(problem, hint, weights)
            bound = max(0.0, min(solver.BestObjectiveBound() + constant, start_score.total))
            return OptimiserResult(shares=hint, status="feasible", objective=start_score.total, bound=bound,
                                   seconds=seconds, score=start_score)
        raise PlanInfeasibleError(_("Optimeringen fandt ingen placering inden for {seconds:.0f} sekunder.",
                                    seconds=time_limit))
    shares: Shares = {c.id: {} for c in problem.centres}
    for c in centres:
        for f in floors:
            n = solver.Value(x[c.id, f.id])
            if n:
                shares[c.id][f.id] = n
    result_score = score(problem, shares, weights)
    optimal = status == cp_model.OPTIMAL
    # CP-SAT's bound can leave out terms fixed in presolve (pins): it stays a valid, if weaker, lower bound.
    bound = result_score.total if optimal else min(solver.BestObjectiveBound() + constant, result_score.total)
    return OptimiserResult(shares=shares, status="optimal" if optimal else "feasible",
                           objective=result_score.total, bound=bound, seconds=seconds, score=result_score)
