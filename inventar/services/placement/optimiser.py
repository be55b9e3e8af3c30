"""The exact stacking optimiser: the set programme first, then a CP-SAT model of the split plans,
and beside both, in a helper thread, HiGHS on the MILP of :mod:`inventar.services.placement.highs_model`.
:mod:`inventar.services.placement.boundary_search` proves plans boundary by boundary: with splits weighing
nothing before all the others, mostly at once (issue 18's 4/1/0 family), and otherwise, beside HiGHS, when the
set programme cannot prove its plan (on larger buildings only its root's bound).  While HiGHS searches on,
:mod:`inventar.services.placement.neighbourhood_search` improves the plans on the other core.

:mod:`inventar.services.placement.set_programme` and :mod:`inventar.services.placement.split_programme`
find the best plan with every centre whole on one floor, or with at most one
centre cut by each floor boundary (both exact), and a lower bound on the other
plans (for small buildings first :mod:`inventar.services.placement.state_bound`, which keeps the
floor capacities, up to 12 free centres in its sparse form
:mod:`inventar.services.placement.sparse_state_bound`, whose chains of states HiGHS turns into plans,
:func:`_realise_chains`); when the two meet, that plan is proven optimal and
CP-SAT never runs.  Otherwise the CP-SAT model below looks
for plans with a split that score less, and the result reports the best plan
with the proven bound (the larger of the programme's and the solver's).

The model: ``x[c, f]`` workplaces of centre ``c`` on floor ``f`` (integer) and
``y[c, f]`` whether the centre uses the floor.  Constraints: every centre placed
in full, floor capacities, pinned placements fixed.  The objective is the score
of :mod:`inventar.domain.placement` exactly: the contact part is linear in ``x``,
the collaboration part uses the cumulative workplaces per floor with one
absolute-value variable per pair and floor boundary, the split part counts the
boundaries inside each centre's span.  Booleans ``z[c, f]`` (centre whole on
floor ``f``) make the LP relaxation pay for every split centre even when its
shares are fractional.  It also runs alone, over every plan, when a pin fixes
only part of a centre or there are more centres than the programme takes.

:func:`optimise` runs the two as a portfolio with the same time limit: the first proof
stops the other, the plan is the better one and the bound the larger (issue 18: HiGHS's
MILP proves instances CP-SAT could not).  HiGHS starts beside the programme after a tenth of a
second; when the programme does not prove its plan it hands it to HiGHS, whose second formulation
takes the programme's core; CP-SAT runs only when HiGHS ends without a plan (beside
HiGHS on two cores it only slowed it down).

Coefficients are fractional (shares), so "optimal" means within 1e-4 points
(CP-SAT's absolute gap) or 1e-6 points (the programme) of the true optimum.
"""

from __future__ import annotations

import contextlib
import math
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ortools.sat.python import cp_model

from inventar.domain.placement import PROOF_TOLERANCE, Problem, Score, Shares, Weights, average_size, score
from inventar.errors import UserError
from inventar.i18n import _
from inventar.services.placement import (
    boundary_search,
    highs_model,
    neighbourhood_search,
    set_programme,
    sparse_state_bound,
    split_programme,
    state_bound,
)
from inventar.services.placement.local_search import improve
from inventar.services.placement.set_programme import whole_pins


class PlanInfeasibleError(UserError, ValueError):
    """The centres cannot be placed (capacity, pins); the message says why in Danish."""


@dataclass
class OptimiserResult:
    shares: Shares
    status: str  # "optimal" | "feasible"
    objective: float
    bound: float
    seconds: float
    score: Score
    method: str = "cp-sat"  # what proved or found it: "boundaries", "sets", "states", "cp-sat", "highs" or
    # "local-search" (the README's optimiser steps)

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


def _full_model(problem: Problem, weights: Weights, pins: Pins, centres, split_only: bool, cutoff: float | None):
    """Shares ``x``, floor use ``y`` and "whole on floor" ``z`` per centre and floor.

    ``z`` makes the LP relaxation pay for spreading: a centre not whole on one floor
    (``s_c = 1 − Σ z``) must use at least two floors, so its split costs ``w3 · s_c``
    even when its shares are fractional.  ``split_only`` asks for at least one split
    centre and ``cutoff`` for a score of at most that (the unsplit optimum to beat).
    """
    floors = problem.floors
    model = cp_model.CpModel()
    x, y, z = {}, {}, {}
    split = {}  # centre id -> 1 when the centre is not whole on one floor
    for c in centres:
        w = c.workplaces
        for f in floors:
            upper = min(w, f.capacity)
            x[c.id, f.id] = model.NewIntVar(0, upper, f"x_{c.id}_{f.id}")
            y[c.id, f.id] = model.NewBoolVar(f"y_{c.id}_{f.id}")
            model.Add(x[c.id, f.id] <= upper * y[c.id, f.id])
            model.Add(x[c.id, f.id] >= y[c.id, f.id])
            if w <= f.capacity:
                z[c.id, f.id] = whole = model.NewBoolVar(f"z_{c.id}_{f.id}")
                model.AddImplication(whole, y[c.id, f.id])
                model.Add(x[c.id, f.id] >= w * whole)
                model.Add(x[c.id, f.id] <= w * whole + min(w - 1, f.capacity) * (y[c.id, f.id] - whole))
            else:
                model.Add(x[c.id, f.id] <= min(w - 1, f.capacity) * y[c.id, f.id])
            if (c.id, f.id) in pins:
                model.Add(x[c.id, f.id] == pins[c.id, f.id])
        model.Add(sum(x[c.id, f.id] for f in floors) == w)
        whole_somewhere = sum(z[c.id, f.id] for f in floors if (c.id, f.id) in z)
        model.Add(whole_somewhere <= 1)
        model.Add(sum(y[c.id, f.id] for f in floors) >= 2 - whole_somewhere)  # split: two floors or more
        split[c.id] = 1 - whole_somewhere
    for f in floors:
        model.Add(sum(x[c.id, f.id] for c in centres) <= f.capacity)
    if split_only:
        model.Add(sum(split.values()) >= 1)

    terms = []  # (coefficient, variable): the score exactly
    average = average_size(problem)
    for c in centres:
        if c.contact:
            terms += [(weights.contact * c.contact * f.level / average, x[c.id, f.id]) for f in floors]
        straddles = []  # boundary k lies inside the centre's span: floors used on both sides of it
        for k in range(len(floors) - 1):
            below, above, straddle = (model.NewBoolVar(f"{name}_{c.id}_{k}") for name in ("lo", "hi", "r"))
            for f in floors[:k + 1]:
                model.AddImplication(y[c.id, f.id], below)
            for f in floors[k + 1:]:
                model.AddImplication(y[c.id, f.id], above)
            model.Add(straddle >= below + above - 1)
            straddles.append(straddle)
        model.Add(sum(straddles) >= split[c.id])
        terms += [(weights.split, r) for r in straddles]
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
            terms.append((weights.collaboration * value * gap / (ha * hb), d))
    if cutoff is not None:  # rounded down coefficients: no plan scoring at most ``cutoff`` is cut off
        model.Add(sum(math.floor(k * _SCALE) * v for k, v in terms if k) <= math.ceil(cutoff * _SCALE))
    model.Minimize(sum(k * v for k, v in terms if k))
    return model, x, y, z


def _bound_deadline(time_limit: float, deadline: float) -> float:
    """When a run of the rounding bound ends at the latest, from now."""
    return min(time.perf_counter() + min(_BOUND_SHARE * time_limit, _BOUND_SECONDS), deadline)


def _one_cut_plans(chains: set_programme.Chains, budget: float, should_stop: Callable[[], bool] | None,
                   deadline: float) -> tuple[bool, Shares | None]:
    """Whether the plans cutting one centre per boundary were searched through by ``deadline`` (13-16 centres,
    with ``budget`` the split programme keeps few of their states), and the best of them, if it scores less."""
    try:
        better = split_programme.best_one_cut(chains, budget, should_stop, deadline)
    except split_programme.OutOfTime:
        return False, None
    return True, better[1] if better is not None else None


def _hand_over(started: float, time_limit: float, gap: float) -> bool:
    """Whether the set programme's bound search gives its core to HiGHS: at once above :data:`_HOPELESS_GAP`,
    and once HiGHS is due to start above :data:`_CLOSING_GAP`.  On issue 18's families the first bound's gap
    was 220–340 % on 10 × 5 loose plans and 83–90 % on dense tight 16 × 6 ones (never closed), 36–64 % on 8 × 4
    tight ones (closed to 20–42 %, never proven); sparse 16 × 6 plans prove from 1–6 %, the demo from 37 %."""
    if gap > _HOPELESS_GAP:
        return True
    return gap > _CLOSING_GAP and time.perf_counter() - started >= _highs_delay(time_limit)


_HOPELESS_GAP, _CLOSING_GAP = 0.5, 0.10
# 13-16 centres: the rounding bound on every plan gets this long; when it then lies within _CUT_ONCE_GAP of the plan,
# the split programme settles the plans cutting one centre per boundary, with the plan as budget (sparse 16 x 6
# plans: 2-3 s; it found better plans HiGHS took 14-20 s for; dense ones, 25-30 % apart, would take 25-30 s), until
# _LATER_CUT_SHARE of the time limit at the latest; then the bound is on the plans a boundary cuts twice
_FIRST_BOUND_SECONDS, _CUT_ONCE_GAP, _LATER_CUT_SHARE = 1.5, 0.10, 0.5
_BOUNDARY_SHARE = 0.8  # of the time limit, at most, for the boundary search (issue 18's 4/1/0 family: 0.2-0.8 s;
# tight 16 x 6 plans at split weight 0: 2-6 s); HiGHS runs beside it, and its bound stays if it is cut short
_UNSPLIT_SHARE = 0.6  # of the time limit, at most, for the best unsplit plan (20 x 8 dense plans: 14 s)
_ROOT_SHARE = 0.5  # of the time left, at most, for the boundaries' optima on buildings too large for their search
_SCALE = 10 ** 6
_BOUND_SHARE, _BOUND_SECONDS = 0.4, 5.0  # of the time limit, at most, for raising the programme's bound
_SPARSE_SECONDS = 2.5  # at most for the sparse state bound: it proves 12 x 6 plans in 0.3-1.6 s, and beyond that
# its refinements (Python, beside HiGHS from 1.5 s) would only keep the rounding bound from giving up in time


_CHAIN_SECONDS = 1.0  # at most for HiGHS on one chain's states (0.01 s on issue 18's pinned 12 x 6 plans)


def _realise_chains(problem: Problem, weights: Weights, pins: Pins, search: sparse_state_bound.Search,
                    cutoff: float, deadline: float, should_stop: Callable[[], bool] | None) -> tuple[float, Shares | None]:
    """The state bound's chains of states from the cheapest, each turned into its best plan by HiGHS with the
    states fixed, until the best plan reaches the next chain's bound: then it is optimal (issue 18's pinned
    12 × 6 family: the first chain's plan is the optimum, which HiGHS alone found after 2–5 s and did not prove
    on seed 3 in 10 s).  Returns the proven bound and the best plan found below ``cutoff`` (None when none).

    A chain's bound counts each boundary's cut centres on their own, so its best plan may cost more (the cut
    centres' shares must also rise from one boundary to the next): then the next chain follows."""
    if not search.followable:  # the bound reached the plan, or was cut short
        return search.value, None
    best, plan, model = cutoff, None, None
    for bound, states in search.chains_by_bound():
        if bound >= best - PROOF_TOLERANCE:
            return best, plan
        if (should_stop and should_stop()) or time.perf_counter() > deadline:
            return bound, plan
        model = model or highs_model.Model(problem, weights, pins)
        model.fix_states(states)
        result = model.solve(min(_CHAIN_SECONDS, max(deadline - time.perf_counter(), 0.0)),
                             below=best - PROOF_TOLERANCE)
        if result.shares is not None and result.objective < best - PROOF_TOLERANCE:
            best, plan = result.objective, result.shares
        if not (result.optimal or result.infeasible):  # this chain's plans are not all known: the bound stays
            return min(bound, best), plan
    return best, plan  # every chain that could beat the plan is realised: the best is optimal


class _PeerProvenError(Exception):
    """HiGHS proved its plan optimal first: the set programme and CP-SAT give up."""


class _Runner:
    """Solves CP-SAT models one after another; ``should_stop`` stops the running one and the rest."""

    def __init__(self, workers: int | None, should_stop: Callable[[], bool] | None) -> None:
        # one CP-SAT worker: HiGHS runs beside it on the other core of a laptop, and its MILP proves
        # more (issue 18); eight CP-SAT workers on two cores starved HiGHS to a third of its speed
        self.workers = workers or 1
        self.should_stop = should_stop
        self.stopped = False

    def solve(self, model: cp_model.CpModel, seconds: float) -> tuple[cp_model.CpSolver, int]:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(seconds, 0.2)
        solver.parameters.num_workers = self.workers
        done = threading.Event()

        def watch() -> None:
            while not done.wait(0.1):
                if self.should_stop():
                    self.stopped = True
                    solver.StopSearch()
                    return

        # once stopped, a last short run may still look for a first plan
        watcher = threading.Thread(target=watch, daemon=True) if self.should_stop and not self.stopped else None
        if watcher:
            watcher.start()
        try:
            status = solver.Solve(model)
        finally:
            done.set()
            if watcher:
                watcher.join()
        return solver, status


def _add_hint(model, x, y, z, centres, floors, hint: Shares) -> None:
    for c in centres:
        for f in floors:
            n = hint.get(c.id, {}).get(f.id, 0)
            model.AddHint(x[c.id, f.id], n)
            model.AddHint(y[c.id, f.id], n > 0)
            if (c.id, f.id) in z:
                model.AddHint(z[c.id, f.id], n == c.workplaces)


def _status_result(problem: Problem, weights: Weights, shares: Shares, optimal: bool, bound: float,
                   started: float, method: str = "cp-sat") -> OptimiserResult:
    result_score = score(problem, shares, weights)
    bound = result_score.total if optimal else min(bound, result_score.total)
    return OptimiserResult(shares=shares, status="optimal" if optimal else "feasible", objective=result_score.total,
                           bound=bound, seconds=time.perf_counter() - started, score=result_score, method=method)


def _sequential(problem: Problem, weights: Weights, pins: Pins, time_limit: float, workers: int | None,
                hint: Shares | None, should_stop: Callable[[], bool] | None, started: float,
                peer_proven: Callable[[], bool], on_plan: Callable[[Shares], None], on_bound: Callable[[float], None],
                beside_peer: Callable[[Shares | None], tuple[bool, Shares | None]]) -> OptimiserResult:
    """The boundary search (splits weighing nothing), the set programme, the boundary search (when the programme
    cannot prove its plan), then CP-SAT (the first solver of the portfolio in :func:`optimise`).

    First the set programme (:mod:`inventar.services.placement.set_programme`): the exact best plan
    with every centre whole on one floor or (up to about 12 centres,
    :mod:`inventar.services.placement.split_programme`) with one cut centre per floor boundary,
    and a lower bound on the plans beyond that.  When the bound reaches the plan it
    is proven optimal, usually within a second.  Otherwise CP-SAT searches the plans with a split that score less, for
    the rest of the time limit.  With a pin that forces a split, or more centres
    than the programme takes, the CP-SAT model runs alone over every plan.

    ``should_stop`` is polled ten times a second from a helper thread (and between
    floors in the set programme); when it returns True the search stops early and
    the best plan found so far is returned (not proven optimal).
    """
    deadline = started + time_limit
    floors, centres = problem.floors, [c for c in problem.centres if c.workplaces > 0]
    runner = _Runner(workers, should_stop)

    everywhere = -math.inf  # a bound on every plan: the boundary search's, or the state bound's
    found_shares, cutoff, found_method = None, None, "sets"  # the programme's plan, and what found it: the set
    # programme, a chain of the state bound, or the boundary search
    if not weights.split and boundary_search.fits(problem, weights):
        outcome = boundary_search.search(problem, weights, pins, started + _BOUNDARY_SHARE * time_limit,
                                         should_stop)
        everywhere = outcome.bound
        if outcome.shares is not None:
            if outcome.proves(score(problem, outcome.shares, weights).total):
                return _status_result(problem, weights, outcome.shares, True, outcome.bound, started, "boundaries")
            on_plan(outcome.shares)
            found_shares, found_method = outcome.shares, "boundaries"
        on_bound(everywhere)
    lower = everywhere
    whole = whole_pins(centres, pins)
    programme = whole is not None and len(centres) <= set_programme.MAX_CENTRES
    if programme:
        chains = set_programme.build(problem, weights, whole)
        one_cut = split_programme.cells(chains) <= split_programme.MAX_CELLS
        # 13-16 centres: the one-cut plans later, with the best unsplit plan as budget, if the bound came close
        later_cut = weights.split > 0 and not one_cut and split_programme.fits_with_budget(chains)
        # with splits free the best plans cut nearly every centre everywhere (issue 18's 4/1/0 family), where
        # the state bound's three-or-more relaxation stays 24-80 % below them: it only cost time there
        dense = weights.split > 0 and state_bound.cells(chains) <= state_bound.MAX_CELLS
        # larger buildings, up to 12 free centres, keep only the states that could beat the plan (0.3-1.5 s)
        sparse = weights.split > 0 and not dense and sparse_state_bound.fits(chains)
        try:
            # a large building's exact pass may take longer than the time limit: then the quick pass's plan, which
            # the solvers beside it and the neighbourhoods improve in the time left
            found = set_programme.best_unsplit(chains, should_stop=should_stop,
                                               deadline=started + _UNSPLIT_SHARE * time_limit)
            if one_cut:  # a plan with cut centres must beat the best unsplit one
                better = split_programme.best_one_cut(chains, found[0] if found else math.inf, should_stop)
                found = better or found
            if found is not None and (found_shares is None or found[0] < score(problem, found_shares,
                                                                                 weights).total):
                found_shares, found_method = found[1], "sets"
            if found_shares is not None:
                on_plan(found_shares)  # HiGHS's incumbent from here on
                cutoff = score(problem, found_shares, weights).total
                bound_deadline = _bound_deadline(time_limit, deadline)

                def rounding(give_up: Callable[[float], bool], until: float = math.inf) -> float:
                    seconds = max(min(bound_deadline, until) - time.perf_counter(), 0.0)
                    return set_programme.search_bound(chains, cutoff, one_cut, seconds, should_stop, give_up)

                # the rounding bound without its prices (0.02 s) proves sparse 12 x 6 plans, where the sparse
                # state bound would take a second
                unpriced = rounding(lambda _gap: True) if sparse else -math.inf
                if dense:
                    everywhere = state_bound.lower_bound(chains, cutoff, should_stop, bound_deadline)
                elif sparse and unpriced < cutoff - PROOF_TOLERANCE:
                    sparse_deadline = min(bound_deadline, time.perf_counter() + _SPARSE_SECONDS)
                    search = sparse_state_bound.Search(chains, cutoff, should_stop, sparse_deadline)
                    # its chains until the bound search's own deadline: HiGHS runs beside them on the other core
                    everywhere, better = _realise_chains(problem, weights, pins, search, cutoff, bound_deadline,
                                                         should_stop)
                    if better is not None:
                        found_shares, found_method = better, "states"
                        on_plan(found_shares)
                        cutoff = score(problem, found_shares, weights).total
                proven = max(everywhere, unpriced) >= cutoff - PROOF_TOLERANCE
                first, close = -math.inf, True  # 13-16 centres: the bound on every plan after its first run
                if not proven and later_cut:
                    # first the bound on every plan (it proves most sparse 16 x 6 plans in 0.5-1.1 s); when it came
                    # close, the exact best plan cutting one centre per boundary, and the bound on the rest
                    first = rounding(lambda gap: _hand_over(started, time_limit, gap),
                                     time.perf_counter() + _FIRST_BOUND_SECONDS)
                    proven = first >= cutoff - PROOF_TOLERANCE
                    close = cutoff - first <= _CUT_ONCE_GAP * abs(cutoff)
                    if not proven and close:
                        one_cut, better = _one_cut_plans(chains, cutoff, should_stop,
                                                         started + _LATER_CUT_SHARE * time_limit)
                        if one_cut:  # the bound below is on the plans a boundary cuts twice, with its own time
                            bound_deadline = _bound_deadline(time_limit, deadline)
                        if better is not None:
                            found_shares, found_method = better, "sets"
                            on_plan(found_shares)
                            cutoff = score(problem, found_shares, weights).total
                if proven:
                    outside = cutoff
                elif not close:  # the first run gave up at its first step (over 10 % after HiGHS's start): a
                    outside = first  # second would only repeat that step
                else:  # the first run's bound holds for every plan: kept when the one-cut plans used up the time
                    outside = max(first, rounding(lambda gap: _hand_over(started, time_limit, gap)))
            else:
                outside = set_programme.lower_bound(chains, should_stop=should_stop)[1 if one_cut else 0]
            # the programme's family is solved exactly; ``outside`` bounds the plans beyond it
            lower = max(min(cutoff if cutoff is not None else math.inf, outside), everywhere)
            on_bound(lower)  # a plan of HiGHS's that reaches it is optimal
        except set_programme.Stopped:
            runner.stopped = True
            programme = False  # no proof about any family: the model below searches every plan
            hint = found_shares or hint  # from the best plan so far (a chain's plan, after a stop among the chains)
            found_shares, cutoff, lower = None, None, everywhere  # the state bound, if done, holds for every plan
        if found_shares is not None and lower >= cutoff - PROOF_TOLERANCE:
            return _status_result(problem, weights, found_shares, True, cutoff, started, found_method)
    if weights.split and boundary_search.fits(problem, weights) and not runner.stopped and not peer_proven():
        # the programme could not prove its plan: the boundary search beside HiGHS until the time limit
        outcome = boundary_search.search(problem, weights, pins, deadline, should_stop,
                                         cutoff if cutoff is not None else math.inf)
        lower = max(lower, outcome.bound)
        if outcome.shares is not None:
            found_shares, found_method = outcome.shares, "boundaries"
            cutoff = score(problem, found_shares, weights).total
            on_plan(found_shares)
        if found_shares is not None and lower >= cutoff - PROOF_TOLERANCE:
            return _status_result(problem, weights, found_shares, True, cutoff, started, found_method)
        on_bound(lower)
    elif (weights.split and cutoff is not None and boundary_search.root_fits(problem) and not runner.stopped
          and not peer_proven()):
        # too large for the search: the boundaries' optima alone bound every plan, in part of the time left (the
        # rest polishes HiGHS's plans: on issue 18's dense 16 × 6 plans that gains more than the search would)
        root = boundary_search.root_bound(problem, weights, pins, time.perf_counter() + _ROOT_SHARE * (
            deadline - time.perf_counter()), should_stop)
        lower = max(lower, min(root, cutoff))
        if lower >= cutoff - PROOF_TOLERANCE:
            return _status_result(problem, weights, found_shares, True, cutoff, started, found_method)
        on_bound(lower)
    if peer_proven():  # HiGHS proved its plan while the programme ran: no CP-SAT run
        raise _PeerProvenError
    highs_ended, polished = beside_peer(found_shares)
    if highs_ended:  # HiGHS ran to its end with a plan: CP-SAT beside it only took its CPU (issue 18)
        if polished is None:
            raise _PeerProvenError
        method = found_method if polished is found_shares else "local-search"
        return _status_result(problem, weights, polished, False, lower, started, method)
    # the programme covered every unsplit plan: the model need only look at plans with a split
    split_only = programme
    model, x, y, z = _full_model(problem, weights, pins, centres, split_only=split_only, cutoff=cutoff)
    if split_only and found_shares is not None and score(problem, found_shares).split:
        hint = found_shares  # a plan with a split: a valid start for the search below it
        _add_hint(model, x, y, z, centres, floors, hint)
    if not split_only:
        if hint is None or not score(problem, hint).complete or any(
                hint.get(c, {}).get(f, 0) != n for (c, f), n in pins.items()):
            hint = greedy_stack(problem, pins)
        if score(problem, hint).complete:
            hint = improve(problem, hint, weights, pins, seconds=min(1.0, time_limit / 10))
            on_plan(hint)
        _add_hint(model, x, y, z, centres, floors, hint)
    remaining = deadline - time.perf_counter()
    # after a stop: a short last run still gives a first plan or a bound on the split plans
    solver, status = runner.solve(model, remaining if not runner.stopped else 0.5)
    split_shares = None
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        split_shares = {c.id: {} for c in problem.centres}
        for c in centres:
            for f in floors:
                n = solver.Value(x[c.id, f.id])
                if n:
                    split_shares[c.id][f.id] = n
    if status == cp_model.INFEASIBLE:
        split_bound = cutoff if cutoff is not None else math.inf
    elif status == cp_model.OPTIMAL:
        split_bound = score(problem, split_shares, weights).total
    else:  # CP-SAT's bound can leave out terms fixed in presolve (pins): still a valid, if weaker, bound
        split_bound = solver.BestObjectiveBound()
        if cutoff is not None:
            split_bound = min(split_bound, cutoff)
    candidates = [s for s in (found_shares, split_shares) if s is not None]
    if not split_only and status != cp_model.INFEASIBLE and hint and score(problem, hint, weights).complete:
        candidates.append(hint)  # the start plan: stopped, CP-SAT may have none of its own, or one above it
    if not candidates:
        if status == cp_model.INFEASIBLE:
            raise PlanInfeasibleError(_("Der findes ingen placering, der overholder kapaciteterne og de fastlåste "
                                        "placeringer."))
        raise PlanInfeasibleError(_("Optimeringen fandt ingen placering inden for {seconds:.0f} sekunder.",
                                    seconds=time_limit))
    shares = min(candidates, key=lambda s: score(problem, s, weights).total)
    optimal = status in (cp_model.OPTIMAL, cp_model.INFEASIBLE)  # the steps together cover every plan
    bound = min(cutoff, split_bound) if cutoff is not None else split_bound
    return _status_result(problem, weights, shares, optimal, max(bound, lower), started)


_HANDOFF_SECONDS = 0.0002  # s: Python's thread switch interval while the portfolio runs (default 0.005)
_handoff_lock = threading.Lock()
_handoff_users = 0
_handoff_saved = 0.005


@contextlib.contextmanager
def _quick_gil_handoff() -> Iterator[None]:
    """HiGHS calls back into Python (its interrupt check) hundreds of times a second, and each call waits for
    the GIL; while the set programme computes in Python that wait is a whole switch interval, which made HiGHS
    run 2.8 times slower beside it (issue 18).  A short interval makes the hand-over immediate."""
    global _handoff_users, _handoff_saved
    with _handoff_lock:
        if _handoff_users == 0:
            _handoff_saved = sys.getswitchinterval()
            sys.setswitchinterval(min(_handoff_saved, _HANDOFF_SECONDS))
        _handoff_users += 1
    try:
        yield
    finally:
        with _handoff_lock:
            _handoff_users -= 1
            if _handoff_users == 0:
                sys.setswitchinterval(_handoff_saved)


HIGHS_DELAY = 0.1  # s: what the set programme gets alone: it proves the 8 x 4 family and the demo in 0.05-0.1 s,
# where HiGHS never starts; at 1.5 s the pinned 12 x 6 and 4/1/0 families waited for HiGHS (3.8 against 1.7 s on
# pinned seed 0), while beside it the programme's own proofs of dense 12 x 6 plans take 1.6-2.2 s instead of 1.2-1.5


def _highs_delay(time_limit: float) -> float:
    """How long HiGHS waits before it starts, unless the programme gives up sooner: a fifth of a short limit."""
    return min(HIGHS_DELAY, 0.2 * time_limit)


def optimise(problem: Problem, weights: Weights = Weights(), pins: Pins | None = None,
             time_limit: float = 10.0, workers: int | None = None, hint: Shares | None = None,
             should_stop: Callable[[], bool] | None = None) -> OptimiserResult:
    """The best stack plan for ``problem``; raises :class:`PlanInfeasibleError` when none exists.

    A portfolio of two solvers with the same time limit: the set programme and
    CP-SAT (:func:`_sequential`) in this thread, and the MILP of
    :mod:`inventar.services.placement.highs_model` (HiGHS) in a helper thread.  The
    first to prove its plan optimal stops the other.  The result is the better plan
    of the two, with the larger proven bound; it is optimal when either proved it
    (or the bound of one reaches the plan of the other).

    ``should_stop`` is polled ten times a second (and between floors in the set
    programme, and at HiGHS's interrupt checks); when it returns True both stop
    early and the best plan found so far is returned (not proven optimal).
    """
    pins = {k: v for k, v in (pins or {}).items() if v > 0}
    check_feasible(problem, pins)
    with _quick_gil_handoff():
        return _optimise(problem, weights, pins, time_limit, workers, hint, should_stop)


def _optimise(problem: Problem, weights: Weights, pins: Pins, time_limit: float, workers: int | None,
              hint: Shares | None, should_stop: Callable[[], bool] | None) -> OptimiserResult:
    started = time.perf_counter()
    user_stop = should_stop or (lambda: False)
    main_done = threading.Event()
    background = highs_model.Background(problem, weights, pins, time_limit,
                                        lambda: main_done.is_set() or user_stop(),
                                        delay=_highs_delay(time_limit))
    main, failure = None, None
    try:
        main = _sequential(problem, weights, pins, time_limit, workers, hint,
                           lambda: user_stop() or background.proven, started, lambda: background.proven,
                           background.offer, background.reach,
                           lambda plan: _polish_beside_highs(problem, weights, pins, plan, started + time_limit,
                                                             user_stop, background))
    except (PlanInfeasibleError, _PeerProvenError) as error:
        failure = error
    finally:
        main_done.set()
    if main is not None and main.optimal:
        # nothing HiGHS has can matter now: its threads end at their next interrupt check without the caller
        # waiting for it (HiGHS's sub-MIPs check none: 0.5-1.5 s on dense 12 x 6 plans, a third of the time)
        return main
    highs = background.result()
    return _portfolio_result(problem, weights, main, failure, highs, started)


_POLISH_GAP = 0.5  # HiGHS's relative gap above which the neighbourhood search runs beside it (issue 18's families:
# HiGHS proved its plans from gaps of 10-30 %; on dense 16 × 6 plans it stays at 70 %, where the search gains most)


def _polish_beside_highs(problem: Problem, weights: Weights, pins: Pins, plan: Shares | None, deadline: float,
                         should_stop: Callable[[], bool],
                         background: highs_model.Background) -> tuple[bool, Shares | None]:
    """The set programme's core while HiGHS searches on: the neighbourhood search
    (:mod:`inventar.services.placement.neighbourhood_search`) from the programme's plan or HiGHS's newer ones,
    every better plan handed back to HiGHS as its incumbent (on one floor, where it has nothing to free: the
    steepest descent of :mod:`inventar.services.placement.local_search`).  Returns whether HiGHS ended with a
    plan or a proof, and the best plan found beside it (or ``plan``)."""
    background.start_now()
    best = plan
    best_total = score(problem, plan, weights).total if plan is not None else math.inf
    start, search = plan, None

    def stop() -> bool:
        return should_stop() or background.done.is_set()

    def pause() -> bool:  # HiGHS is closing in: a Python thread beside it would only slow it down (the GIL,
        return background.gap < _POLISH_GAP  # at every one of its callbacks: up to three times slower)

    while not stop() and time.perf_counter() < deadline:
        if pause():
            background.done.wait(0.1)
            continue
        start = start or background.take_plan()
        if start is None or not score(problem, start, weights).complete:
            start = None
            background.done.wait(0.05)
            continue
        if len(problem.floors) >= 2:  # a few centres re-solved at a time, HiGHS's newer plans taken on the way
            search = search or neighbourhood_search.Search(problem, weights, pins)
            better = search.improve(start, deadline, lambda: stop() or pause(), background.take_plan,
                                    background.offer)
        else:
            better = improve(problem, start, weights, pins, seconds=deadline - time.perf_counter(),
                             should_stop=lambda: stop() or pause())
        total = score(problem, better, weights).total
        if total < best_total - PROOF_TOLERANCE:
            best, best_total = better, total
            background.offer(better)
        start = better if pause() else None  # paused: go on from here later; else wait for HiGHS's next plan
        if start is None and not stop():
            background.done.wait(0.05)
    return background.finished_with_plan(), best


def _portfolio_result(problem: Problem, weights: Weights, main: OptimiserResult | None,
                      failure: Exception | None, highs: highs_model.HighsResult | None,
                      started: float) -> OptimiserResult:
    """The better plan of the set programme/CP-SAT (``main``) and HiGHS, with the better bound."""
    if highs is not None and highs.infeasible:
        raise PlanInfeasibleError(_("Der findes ingen placering, der overholder kapaciteterne og de fastlåste "
                                    "placeringer."))
    if highs is None or highs.shares is None:
        if main is None:
            raise failure if isinstance(failure, PlanInfeasibleError) else PlanInfeasibleError(
                _("Optimeringen fandt ingen placering."))
        if highs is not None and highs.bound > main.bound:
            main = _status_result(problem, weights, main.shares, main.optimal or highs.bound >= main.objective
                                  - PROOF_TOLERANCE, highs.bound, started, main.method)
        return main
    highs_total = score(problem, highs.shares, weights).total
    if main is None or highs_total < main.objective - PROOF_TOLERANCE:
        shares, method = highs.shares, "highs"
    else:
        shares, method = main.shares, main.method
    bound = max(highs.bound, main.bound if main is not None else -math.inf)
    best = min(highs_total, main.objective if main is not None else math.inf)
    optimal = highs.optimal or (main is not None and main.optimal) or bound >= best - PROOF_TOLERANCE
    if optimal and method != "highs" and not (main is not None and main.optimal):
        method = "highs"  # HiGHS's proof (its plan ties with the other's)
    return _status_result(problem, weights, shares, optimal, bound, started, method)
