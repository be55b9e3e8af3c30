"""The stack plan as a MILP for HiGHS: the README's score exactly, boundary by boundary.

Variables, for centre ``c`` (``w`` workplaces) and floor ``f`` / boundary ``k``
(between floor ``k`` and ``k + 1`` in level order):

* ``Q[c, k]`` integer workplaces of the centre on or below the boundary, rising with
  ``k`` up to ``w`` (every workplace placed); ``x[c, f] = Q[c, f] − Q[c, f − 1]`` the
  workplaces on the floor (capacities, pins); the share below is ``P = Q / w``.
  Branching on ``Q`` splits the plans by how much of a centre lies below a boundary,
  which is what the score measures: HiGHS proved issue 18's 4/1/0 family in half the
  time it took with integer ``x`` and found 1–16 % better dense 16 × 6 plans in 10 s.
  With ``integral="floors"`` the integers are ``x`` and ``Q`` their sums instead (the
  formulation of issue 18's independent check, which the benchmark compares with);
* binaries ``below[c, k]`` (``Q = w``), ``straddle[c, k]`` (``0 < Q < w``) and
  ``above = 1 − below − straddle`` (``Q = 0``), linked by
  ``w·below + straddle ≤ Q ≤ w·(below + straddle) − straddle``; ``below`` grows
  and ``above`` shrinks with ``k`` (only with a split weight: at weight 0 they were
  only more to branch on, and HiGHS proved issue 18's 4/1/0 family twice as fast without them);
* ``d[a, b, k] ≥ |P_a − P_b|`` per collaborating pair and boundary.

Objective: ``w1 · Σ contact · level · x / average size`` (the contact part is
linear in ``x`` once every workplace is placed) ``+ w2 · Σ value · gap_k · d``
``+ w3 · Σ straddle`` (a centre's extra floors are the boundaries it straddles).
So at the optimum (every ``d`` tight) the objective is the plan's
:func:`~inventar.domain.placement.score`; an incumbent of a stopped run may carry a loose ``d``, so
:class:`HighsResult` reports the score recomputed from its plan.
"""

from __future__ import annotations

import math
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np

from inventar.domain.placement import PROOF_TOLERANCE, Problem, Shares, Weights, average_size, score

Pins = dict[tuple[int, int], int]


@dataclass
class HighsResult:
    shares: Shares | None  # the best plan found, None when none was
    optimal: bool  # proven to within 1e-6 points (``solve`` sets no relative gap)
    infeasible: bool
    objective: float  # the score of ``shares``, recomputed (inf without a plan)
    bound: float  # proven lower bound (-inf when none)
    model_objective: float = math.inf  # HiGHS's own value: the score up to its feasibility tolerance (1e-7)


_banner_lock = threading.Lock()
_banner_shown = False


def new_highs() -> highspy.Highs:
    """A silent ``Highs`` on one thread: the first one in a process prints a banner to stdout (the JSON of ``plan
    optimise``), and HiGHS's thread scheduler is one per process, set by the first run (a later run asking for
    another number of threads fails without a word: no plan, no bound)."""
    global _banner_shown
    with _banner_lock:
        if not _banner_shown:
            sys.stdout.flush()
            saved = os.dup(1)
            try:
                with open(os.devnull, "w") as null:
                    os.dup2(null.fileno(), 1)
                    highspy.Highs()
            finally:
                os.dup2(saved, 1)
                os.close(saved)
            _banner_shown = True
    h = highspy.Highs()
    h.silent()
    h.setOptionValue("threads", 1)
    return h


def add_cut(h: highspy.Highs, below, size: int, name: str) -> tuple:
    """Binaries *whole* (all ``size`` workplaces of a centre on or below a boundary) and *cut* (some, not all)
    for its workplaces ``below`` the boundary: ``size·whole + cut ≤ below ≤ size·whole + (size − 1)·cut``."""
    whole, cut = h.addBinary(name=f"b_{name}"), h.addBinary(name=f"s_{name}")
    h.addConstr(below >= size * whole + cut)
    h.addConstr(below <= size * whole + (size - 1) * cut)
    h.addConstr(whole + cut <= 1)
    return whole, cut


def add_distance(h: highspy.Highs, difference, name: str):
    """``d ≥ |difference|`` (two shares' distance, exact where ``d`` is paid for at the optimum)."""
    d = h.addVariable(lb=0, ub=highspy.kHighsInf, name=f"d_{name}")
    h.addConstr(d >= difference)
    h.addConstr(d >= -difference)
    return d


class Model:
    """The MILP of one problem, built once; :meth:`solve` runs HiGHS on it."""

    def __init__(self, problem: Problem, weights: Weights, pins: Pins, integral: str = "cumulative") -> None:
        self.problem, self.weights = problem, weights
        self.gap = math.inf  # HiGHS's relative gap at its last interrupt check, while it solves
        self.h = h = new_highs()
        floors = problem.floors
        self.integral = integral = "floors" if len(floors) < 2 else integral  # one floor: nothing cumulative
        centres = [c for c in problem.centres if c.workplaces > 0]
        self.centres = centres
        self._sizes = {c.id: c.workplaces for c in centres}
        self.integers: list = []  # (centre id, floor position, variable): the plan's integers, the workplaces of the
        # centre on or below that floor ("cumulative") or on it ("floors")
        self._states: list = []  # (centre id, boundary, below, straddle): the split binaries
        self._distances: list = []  # (centre a, centre b, boundary, d)
        x, below_sum = {}, {}  # the workplaces on each floor / on or below it: variables or expressions
        placed = self._floor_integers if integral == "floors" else self._cumulative_integers
        for c in centres:
            for k, (on, below) in enumerate(placed(c, pins)):
                x[c.id, floors[k].id], below_sum[c.id, k] = on, below
        for f in floors:
            if centres:
                h.addConstr(sum(x[c.id, f.id] for c in centres) <= f.capacity)
        objective = []
        average = average_size(problem)
        boundaries = range(len(floors) - 1)
        share = {}
        for c in centres:
            w = c.workplaces
            if c.contact and weights.contact:
                objective += [weights.contact * c.contact * f.level / average * x[c.id, f.id] for f in floors]
            previous = None
            for k in boundaries:
                cumulative = below_sum[c.id, k]
                share[c.id, k] = cumulative * (1.0 / w)
                if not weights.split:  # splits cost nothing: the binaries would only give HiGHS more to branch on
                    continue
                below, straddle = add_cut(h, cumulative, w, f"{c.id}_{k}")
                self._states.append((c.id, k, below, straddle))
                if previous is not None:  # below only grows, above (1 - below - straddle) only shrinks
                    h.addConstr(below >= previous[0])
                    h.addConstr(below + straddle >= previous[0] + previous[1])
                previous = (below, straddle)
                objective.append(weights.split * straddle)
        ids = {c.id for c in centres}
        if weights.collaboration:
            for a, b, value in problem.pairs():
                if a not in ids or b not in ids:
                    continue
                for k in boundaries:
                    gap = floors[k + 1].level - floors[k].level
                    d = add_distance(h, share[a, k] - share[b, k], f"{a}_{b}_{k}")
                    self._distances.append((a, b, k, d))
                    objective.append(weights.collaboration * value * gap * d)
        if objective:  # set now, not at the solve: a new objective clears a start given before it
            h.setObjective(sum(objective), highspy.ObjSense.kMinimize)

    def _floor_integers(self, c, pins: Pins) -> list:
        """Issue 18's formulation: integer workplaces per floor; per floor (on it, on or below it)."""
        h, floors, columns, below = self.h, self.problem.floors, [], None
        for k, f in enumerate(floors):
            pinned = pins.get((c.id, f.id))
            low, high = (pinned, pinned) if pinned is not None else (0, min(c.workplaces, f.capacity))
            on = h.addIntegral(lb=low, ub=high, name=f"x_{c.id}_{f.id}")
            self.integers.append((c.id, k, on))
            below = on * 1.0 if below is None else on + below
            columns.append((on, below))
        h.addConstr(below == c.workplaces)  # every workplace placed
        return columns

    def _cumulative_integers(self, c, pins: Pins) -> list:
        """Integer workplaces on or below each floor, rising to the centre's size; per floor (on it, on or below
        it)."""
        h, floors, columns, before = self.h, self.problem.floors, [], 0
        for k, f in enumerate(floors):
            if k == len(floors) - 1:  # every workplace placed
                below = c.workplaces
            else:
                below = h.addIntegral(lb=0, ub=c.workplaces, name=f"q_{c.id}_{k}")
                self.integers.append((c.id, k, below))
            on = below - before
            pinned = pins.get((c.id, f.id))
            if pinned is not None:
                h.addConstr(on == pinned)
            else:
                h.addConstr(on >= 0)
                if f.capacity < c.workplaces:
                    h.addConstr(on <= f.capacity)
            columns.append((on, below))
            before = below
        return columns

    def _values(self, below: dict[tuple[int, int], int]) -> list[float]:
        """The plan's integers (:attr:`integers`) from its workplaces on or below each floor (:meth:`_below`)."""
        if self.integral == "floors":
            return [float(below[c, k] - (below[c, k - 1] if k else 0)) for c, k, _var in self.integers]
        return [float(below[c, k]) for c, k, _var in self.integers]

    def _below(self, shares: Shares) -> dict[tuple[int, int], int]:
        """Per centre and floor position the plan's workplaces on or below that floor."""
        below = {}
        for c in self.centres:
            total = 0
            for k, floor in enumerate(self.problem.floors):
                total += shares.get(c.id, {}).get(floor.id, 0)
                below[c.id, k] = total
        return below

    def solution(self, shares: Shares) -> tuple[list[int], list[float]]:
        """Every column's value for a complete plan: its integers, split binaries and distances.  HiGHS takes a
        start only when it is whole: with the split binaries left out it ignored the programme's plan and began
        from its own (issue 18's pinned 12 × 6 seed 1: 441 points, the optimum given was 158.08)."""
        below, sizes = self._below(shares), self._sizes
        columns = [(var, value) for (_c, _k, var), value in zip(self.integers, self._values(below), strict=True)]
        for c, k, low, straddle in self._states:
            columns += [(low, float(below[c, k] == sizes[c])), (straddle, float(0 < below[c, k] < sizes[c]))]
        columns += [(d, abs(below[a, k] / sizes[a] - below[b, k] / sizes[b])) for a, b, k, d in self._distances]
        return [var.index for var, _value in columns], [value for _var, value in columns]

    def hint(self, shares: Shares) -> None:
        """A complete plan as HiGHS's start."""
        indices, values = self.solution(shares)
        if indices:
            self.h.setSolution(len(indices), indices, values)

    def fix_states(self, states: dict[int, tuple[int, ...]]) -> None:
        """Only plans with these states: per centre id and boundary 0 (wholly above it), 1 (cut by it) or 2 (wholly
        on or below it), as :mod:`inventar.services.placement.state_bound` counts them; a centre left out is free.
        The states fix every split, so what is left is small: issue 18's pinned 12 × 6 plans solve in 0.01 s."""
        if self.integral != "cumulative":
            raise ValueError("states are fixed on the cumulative workplaces")
        for c, k, var in self.integers:
            w = self._sizes[c]
            low, high = {0: (0, 0), 1: (1, w - 1), 2: (w, w)}[states[c][k]] if c in states else (0, w)
            self.h.changeColBounds(var.index, low, high)

    def fix_except(self, shares: Shares, freed: set[int]) -> None:
        """Only plans in which every centre but ``freed`` keeps its workplaces of ``shares`` on each floor (the
        neighbourhoods of :mod:`inventar.services.placement.neighbourhood_search`)."""
        if self.integral != "cumulative":
            raise ValueError("centres are fixed on the cumulative workplaces")
        below = self._below(shares)
        for c, k, var in self.integers:
            low, high = (0, self._sizes[c]) if c in freed else (below[c, k], below[c, k])
            self.h.changeColBounds(var.index, low, high)

    def _shares(self, values) -> Shares:
        floors = self.problem.floors
        shares: Shares = {c.id: {} for c in self.problem.centres}
        below = {c.id: 0 for c in self.centres}  # the workplaces on the floors below, while "cumulative"
        for c, k, var in self.integers:
            n = round(values[var.index])
            if self.integral == "cumulative":
                n, below[c] = n - below[c], n
            if n:
                shares[c][floors[k].id] = n
        if self.integral == "cumulative":  # the top floor takes the rest
            for c in self.centres:
                if c.workplaces > below[c.id]:
                    shares[c.id][floors[-1].id] = c.workplaces - below[c.id]
        return shares

    def solve(self, seconds: float, should_stop: Callable[[], bool] | None = None,
              threads: int = 1, offered: Callable[[], Shares | None] | None = None,
              improved: Callable[[Shares], None] | None = None, below: float = math.inf) -> HighsResult:
        """Runs HiGHS for at most ``seconds``; ``should_stop`` is polled at its interrupt checks.

        ``offered`` returns a plan found meanwhile by another solver (or None); HiGHS
        takes it as a new incumbent at its next user-solution check.  ``improved`` gets
        each better plan HiGHS finds, as it finds it.  With ``below`` only plans scoring less
        are looked for (HiGHS prunes the rest: a chain of states that cannot beat the best plan
        is settled in a tenth of the time, :func:`~inventar.services.placement.optimiser._realise_chains`);
        when HiGHS proves there is none, the result is infeasible, as when there is no plan at all.
        """
        if not self.centres:  # nothing to place: HiGHS, given no columns, reports no solution
            total = score(self.problem, self._shares([]), self.weights).total
            if total >= below:
                return HighsResult(None, False, True, math.inf, math.inf)
            return HighsResult(self._shares([]), True, False, total, total, total)
        h = self.h
        h.setOptionValue("time_limit", max(float(seconds), 0.05))
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 1e-6)
        h.setOptionValue("threads", threads)
        h.setOptionValue("objective_bound", below)
        subscribed = []  # (event, handler): unsubscribed after the run, as a model may be solved many times (the
        # neighbourhood search: tens of runs a second, each added handler called at every check of every later run)
        if should_stop is not None:
            def interrupt(event) -> None:
                self.gap = event.data_out.mip_gap
                if should_stop():
                    event.interrupt()
            subscribed.append((h.cbMipInterrupt, interrupt))
        if offered is not None:
            def user_solution(event) -> None:
                plan = offered()
                if plan is not None and event.data_in is not None:
                    indices, values = self.solution(plan)
                    event.data_in.setSolution(np.array(indices, dtype=np.int32), np.array(values))
                    event.data_in.repairSolution()
            subscribed.append((h.cbMipUserSolution, user_solution))
        if improved is not None:
            def found(event) -> None:
                values = event.data_out.mip_solution
                if values is not None and len(values):
                    improved(self._shares(values))
            subscribed.append((h.cbMipImprovingSolution, found))
        for event, handler in subscribed:
            event.subscribe(handler)
        try:
            h.run()
        finally:
            for event, handler in subscribed:
                event.unsubscribe(handler)
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return HighsResult(None, True, True, math.inf, math.inf)
        info = h.getInfo()
        shares = None
        if info.primal_solution_status == 2:  # kSolutionStatusFeasible
            shares = self._shares(h.getSolution().col_value)
        optimal = status == highspy.HighsModelStatus.kOptimal and shares is not None
        model_objective = info.objective_function_value if shares is not None else math.inf
        objective = score(self.problem, shares, self.weights).total if shares is not None else math.inf
        if status == highspy.HighsModelStatus.kOptimal and objective >= below:  # the search ended: nothing below
            return HighsResult(None, False, True, math.inf, math.inf)
        bound = info.mip_dual_bound
        if not math.isfinite(bound):
            bound = -math.inf
        return HighsResult(shares, optimal, False, objective, objective if optimal else min(bound, objective),
                           model_objective)


def solve(problem: Problem, weights: Weights, pins: Pins | None = None, seconds: float = 10.0,
          should_stop: Callable[[], bool] | None = None, hint: Shares | None = None,
          integral: str = "cumulative") -> HighsResult:
    """Builds the model and runs HiGHS alone (with ``integral="floors"``: the reference the benchmark measures the
    portfolio against)."""
    model = Model(problem, weights, {k: v for k, v in (pins or {}).items() if v > 0}, integral)
    if hint is not None:
        model.hint(hint)
    return model.solve(seconds, should_stop)


class Background:
    """HiGHS in helper threads (it releases the GIL while it solves); :meth:`result` waits for them.

    One thread solves the model with cumulative integers from the start (after ``delay``); a second one solves
    the reference formulation (``integral="floors"``) once the other solvers have nothing more to do alone
    (:meth:`start_now`), on the core they leave: the two prove different instances first (issue 18's pinned
    12 × 6 family: 1.2 against 2.2 s on one, 5.1 against 1.8 s on another) and each takes the other's better
    plans as its incumbent.  The first proof stops both."""

    def __init__(self, problem: Problem, weights: Weights, pins: Pins, seconds: float,
                 should_stop: Callable[[], bool], delay: float = 0.0,
                 formulations: tuple[str, ...] = ("cumulative", "floors")) -> None:
        self._results: dict[str, HighsResult] = {}
        self._offers: dict[str, Shares | None] = dict.fromkeys(formulations)
        self._incumbent: Shares | None = None  # HiGHS's newest plan, for the local search beside it
        self._problem, self._weights = problem, weights
        self._best = math.inf  # the score of HiGHS's best plan so far
        self._target = -math.inf  # the other solvers' proven bound: a plan of HiGHS's that reaches it is optimal
        self._models: dict[str, Model] = {}
        self._offer_lock = threading.Lock()
        self._errors: list[BaseException] = []
        self.done = threading.Event()  # every formulation has ended
        self._running = len(formulations)
        self._go = threading.Event()  # the other solvers gave up before ``delay``: start at once
        self._deadline = time.perf_counter() + seconds
        new_highs()  # the banner is hidden here, in the caller's thread, not while the caller prints
        # not daemons: a caller may leave them to end on their own (after a proof), and Python's exit then waits
        # for them rather than stopping HiGHS's C++ threads in mid-run
        self._threads = [threading.Thread(target=self._run, args=(name, problem, weights, pins, should_stop, delay,
                                                                  index == 0), name="highs")
                         for index, name in enumerate(formulations)]
        for thread in self._threads:
            thread.start()

    def _run(self, name, problem, weights, pins, should_stop, delay, first) -> None:
        try:
            # an easy plan is proven by the set programme alone within ``delay``: HiGHS then never starts,
            # and does not take the second core from it; the formulations after the first wait for start_now
            delay = delay if first else math.inf
            started = time.perf_counter()
            while time.perf_counter() < min(started + delay, self._deadline) and not self._go.is_set():
                if should_stop() or self._ended:
                    return
                self._go.wait(0.02)
            if not first and (self._ended or should_stop() or time.perf_counter() >= self._deadline - 0.5):
                return  # the other formulation ended (a proof, a plan that reaches the bound), or too late
            model = Model(problem, weights, pins, name)
            with self._offer_lock:
                self._models[name] = model
            # the other solvers' plan reaches HiGHS through its callback, not as its start: begun from the set
            # programme's plan HiGHS searched less well (issue 18's pinned 12 × 6 seed 1: 5.5 against 4.4 s to
            # the optimum; the 4/1/0 family 2.5 against 2.1 s on seed 2), as HiGHS alone does not get it either
            result = model.solve(max(0.5, self._deadline - time.perf_counter()),  # the other solvers' deadline
                                 lambda: should_stop() or self.reached or self.proven,
                                 offered=lambda: self._take_offer(name), improved=lambda plan: self._improved(name,
                                                                                                           plan))
            with self._offer_lock:
                self._results[name] = result
        except BaseException as error:  # noqa: BLE001 - reported to the caller in ``result``
            self._errors.append(error)
        finally:
            with self._offer_lock:
                self._running -= 1
                if not self._running:
                    self.done.set()

    def offer(self, shares: Shares) -> None:
        """A complete plan from the other solvers: HiGHS starts from it when it next asks."""
        with self._offer_lock:
            for name in self._offers:
                self._offers[name] = shares

    def _improved(self, name: str, shares: Shares) -> None:
        total = score(self._problem, shares, self._weights).total
        with self._offer_lock:
            if total < self._best - PROOF_TOLERANCE:  # the other formulation goes on from it
                for other in self._offers:
                    if other != name:
                        self._offers[other] = shares
            self._incumbent = shares
            self._best = min(self._best, total)

    def reach(self, bound: float) -> None:
        """A lower bound the other solvers proved: HiGHS stops once its plan reaches it (its own proof may take
        seconds longer: issue 18's pinned 12 × 6 seed 1, its plan at 4.8 s, its proof at 8.2 s)."""
        with self._offer_lock:
            self._target = max(self._target, bound)

    @property
    def reached(self) -> bool:
        """Whether HiGHS's best plan is proven optimal by the bound given to :meth:`reach`."""
        with self._offer_lock:
            return math.isfinite(self._best) and self._best <= self._target + PROOF_TOLERANCE

    def take_plan(self) -> Shares | None:
        """HiGHS's newest plan since the last call (None when it found none since)."""
        with self._offer_lock:
            shares, self._incumbent = self._incumbent, None
        return shares

    @property
    def gap(self) -> float:
        """HiGHS's smallest relative gap at the last interrupt checks (inf before it has a plan or has started)."""
        with self._offer_lock:
            return min((model.gap for model in self._models.values()), default=math.inf)

    def start_now(self) -> None:
        """The other solvers have nothing more to try alone: HiGHS need not wait for its delay, and the reference
        formulation takes the core they leave."""
        self._go.set()

    def _take_offer(self, name: str) -> Shares | None:
        with self._offer_lock:
            shares, self._offers[name] = self._offers[name], None
        return shares

    def finished_with_plan(self) -> bool:
        """Waits for HiGHS to end (its time limit or a stop); True when it left a plan or a proof.

        HiGHS starts now if it was still waiting for its delay: the caller has nothing more to do."""
        self.start_now()
        result = self.result()
        return result is not None and (result.shares is not None or result.infeasible)

    @property
    def _ended(self) -> bool:
        """Whether a formulation has ended (a proof, a plan that reaches the bound, its time limit)."""
        with self._offer_lock:
            return bool(self._results)

    @property
    def proven(self) -> bool:
        with self._offer_lock:
            return any(r.optimal or r.infeasible for r in self._results.values())

    def result(self) -> HighsResult | None:
        """The formulations' results together: the better plan, the larger bound (None when HiGHS failed: the other
        solvers' result stands)."""
        for thread in self._threads:
            thread.join()
        if self._errors:
            return None
        results = list(self._results.values())
        if not results:
            return None
        infeasible = [r for r in results if r.infeasible]
        if infeasible:
            return infeasible[0]
        best = min(results, key=lambda r: r.objective)
        bound = max(r.bound for r in results)
        optimal = any(r.optimal for r in results) or (best.shares is not None and bound >= best.objective
                                                      - PROOF_TOLERANCE)
        return HighsResult(best.shares, optimal, False, best.objective,
                           best.objective if optimal else min(bound, best.objective), best.model_objective)
