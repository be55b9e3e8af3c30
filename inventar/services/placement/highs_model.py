"""The stack plan as a MILP for HiGHS: the README's score exactly, boundary by boundary.

Variables, for centre ``c`` (``w`` workplaces) and floor ``f`` / boundary ``k``
(between floor ``k`` and ``k + 1`` in level order):

* ``x[c, f]`` integer workplaces of the centre on the floor (capacities, pins,
  every workplace placed);
* ``Q[c, k] = Σ_{f ≤ k} x[c, f]`` the workplaces on or below the boundary (an
  expression; the share is ``P = Q / w``);
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
:class:`HighsResult` reports the score recomputed from its ``x``.
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


def _new_highs() -> highspy.Highs:
    """A silent ``Highs``: the first one in a process prints a banner to stdout (the JSON of ``plan optimise``)."""
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
    return h


class Model:
    """The MILP of one problem, built once; :meth:`solve` runs HiGHS on it."""

    def __init__(self, problem: Problem, weights: Weights, pins: Pins) -> None:
        self.problem, self.weights = problem, weights
        self.gap = math.inf  # HiGHS's relative gap at its last interrupt check, while it solves
        self.h = h = _new_highs()
        floors = problem.floors
        centres = [c for c in problem.centres if c.workplaces > 0]
        self.centres = centres
        inf = highspy.kHighsInf
        self.x = x = {}
        for c in centres:
            for f in floors:
                upper = min(c.workplaces, f.capacity)
                pinned = pins.get((c.id, f.id))
                low, high = (pinned, pinned) if pinned is not None else (0, upper)
                x[c.id, f.id] = h.addIntegral(lb=low, ub=high, name=f"x_{c.id}_{f.id}")
            h.addConstr(sum(x[c.id, f.id] for f in floors) == c.workplaces)
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
                cumulative = sum(x[c.id, f.id] for f in floors[:k + 1])
                share[c.id, k] = cumulative * (1.0 / w)
                if not weights.split:  # splits cost nothing: the binaries would only give HiGHS more to branch on
                    continue
                below = h.addBinary(name=f"b_{c.id}_{k}")
                straddle = h.addBinary(name=f"s_{c.id}_{k}")
                h.addConstr(cumulative >= w * below + straddle)
                h.addConstr(cumulative <= w * below + (w - 1) * straddle)
                h.addConstr(below + straddle <= 1)
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
                    d = h.addVariable(lb=0, ub=inf, name=f"d_{a}_{b}_{k}")
                    h.addConstr(d >= share[a, k] - share[b, k])
                    h.addConstr(d >= share[b, k] - share[a, k])
                    objective.append(weights.collaboration * value * gap * d)
        self.objective = objective

    def hint(self, shares: Shares) -> None:
        """A complete plan as HiGHS's start (only ``x``; HiGHS completes the rest)."""
        variables = list(self.x.values())
        values = [float(shares.get(c, {}).get(f, 0)) for (c, f) in self.x]
        if variables:
            self.h.setSolution(len(variables), [v.index for v in variables], values)

    def _shares(self, values) -> Shares:
        shares: Shares = {c.id: {} for c in self.problem.centres}
        for (c, f), var in self.x.items():
            n = round(values[var.index])
            if n:
                shares[c][f] = n
        return shares

    def solve(self, seconds: float, should_stop: Callable[[], bool] | None = None,
              threads: int = 1, offered: Callable[[], Shares | None] | None = None,
              improved: Callable[[Shares], None] | None = None) -> HighsResult:
        """Runs HiGHS for at most ``seconds``; ``should_stop`` is polled at its interrupt checks.

        ``offered`` returns a plan found meanwhile by another solver (or None); HiGHS
        takes it as a new incumbent at its next user-solution check.  ``improved`` gets
        each better plan HiGHS finds, as it finds it.
        """
        h = self.h
        h.setOptionValue("time_limit", max(float(seconds), 0.05))
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 1e-6)
        h.setOptionValue("threads", threads)
        if should_stop is not None:
            def interrupt(event) -> None:
                self.gap = event.data_out.mip_gap
                if should_stop():
                    event.interrupt()
            h.cbMipInterrupt += interrupt
        if offered is not None:
            indices = np.array([var.index for var in self.x.values()], dtype=np.int32)

            def user_solution(event) -> None:
                plan = offered()
                if plan is not None and event.data_in is not None:
                    values = np.array([float(plan.get(c, {}).get(f, 0)) for (c, f) in self.x])
                    event.data_in.setSolution(indices, values)
                    event.data_in.repairSolution()
            h.cbMipUserSolution += user_solution
        if improved is not None:
            def found(event) -> None:
                values = event.data_out.mip_solution
                if values is not None and len(values):
                    improved(self._shares(values))
            h.cbMipImprovingSolution += found
        if self.objective:
            h.minimize(sum(self.objective))
        else:
            h.run()
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
        bound = info.mip_dual_bound if self.centres else 0.0
        if not math.isfinite(bound):
            bound = -math.inf
        return HighsResult(shares, optimal, False, objective, objective if optimal else min(bound, objective),
                           model_objective)


def solve(problem: Problem, weights: Weights, pins: Pins | None = None, seconds: float = 10.0,
          should_stop: Callable[[], bool] | None = None, hint: Shares | None = None) -> HighsResult:
    """Builds the model and runs HiGHS alone (the reference the portfolio is measured against)."""
    model = Model(problem, weights, {k: v for k, v in (pins or {}).items() if v > 0})
    if hint is not None:
        model.hint(hint)
    return model.solve(seconds, should_stop)


class Background:
    """HiGHS in a helper thread (it releases the GIL while it solves); :meth:`result` waits for it."""

    def __init__(self, problem: Problem, weights: Weights, pins: Pins, seconds: float,
                 should_stop: Callable[[], bool], delay: float = 0.0) -> None:
        self._result: HighsResult | None = None
        self._offer: Shares | None = None
        self._incumbent: Shares | None = None  # HiGHS's newest plan, for the local search beside it
        self._problem, self._weights = problem, weights
        self._best = math.inf  # the score of HiGHS's best plan so far
        self._target = -math.inf  # the other solvers' proven bound: a plan of HiGHS's that reaches it is optimal
        self._model: Model | None = None
        self._offer_lock = threading.Lock()
        self._error: BaseException | None = None
        self.done = threading.Event()
        self._go = threading.Event()  # the other solvers gave up before ``delay``: start at once
        _new_highs()  # the banner is hidden here, in the caller's thread, not while the caller prints
        self._thread = threading.Thread(target=self._run, args=(problem, weights, pins, seconds, should_stop, delay),
                                        daemon=True, name="highs")
        self._thread.start()

    def _run(self, problem, weights, pins, seconds, should_stop, delay) -> None:
        try:
            # an easy plan is proven by the set programme alone within ``delay``: HiGHS then never starts,
            # and does not take the second core from it
            started = time.perf_counter()
            while time.perf_counter() < started + delay and not self._go.is_set():
                if should_stop():
                    return
                self._go.wait(0.02)
            self._model = model = Model(problem, weights, pins)
            start = self._take_offer()
            if start is not None:  # as a start, not through the callback: a plan taken there costs HiGHS a
                model.hint(start)  # repair run (1.4 s → 2.6 s to the proof on a 12 × 6 plan)
            left = seconds - (time.perf_counter() - started)  # the same deadline as the other solvers
            self._result = model.solve(max(0.5, left), lambda: should_stop() or self.reached,
                                       offered=self._take_offer, improved=self._improved)
        except BaseException as error:  # noqa: BLE001 - reported to the caller in ``result``
            self._error = error
        finally:
            self.done.set()

    def offer(self, shares: Shares) -> None:
        """A complete plan from the other solvers: HiGHS starts from it when it next asks."""
        with self._offer_lock:
            self._offer = shares

    def _improved(self, shares: Shares) -> None:
        total = score(self._problem, shares, self._weights).total
        with self._offer_lock:
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
        """HiGHS's relative gap at its last interrupt check (inf before it has a plan or has started)."""
        model = self._model
        return model.gap if model is not None else math.inf

    def start_now(self) -> None:
        """The other solvers have nothing more to try alone: HiGHS need not wait for its delay."""
        self._go.set()

    def _take_offer(self) -> Shares | None:
        with self._offer_lock:
            shares, self._offer = self._offer, None
        return shares

    def finished_with_plan(self) -> bool:
        """Waits for HiGHS to end (its time limit or a stop); True when it left a plan or a proof.

        HiGHS starts now if it was still waiting for its delay: the caller has nothing more to do."""
        self.start_now()
        self._thread.join()
        result = self._result
        return self._error is None and result is not None and (result.shares is not None or result.infeasible)

    @property
    def proven(self) -> bool:
        return self.done.is_set() and self._result is not None and (self._result.optimal or self._result.infeasible)

    def result(self) -> HighsResult | None:
        self._thread.join()
        if self._error is not None:
            return None  # HiGHS failed: the other solvers' result stands
        return self._result
