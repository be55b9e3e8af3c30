"""Better plans by re-solving a few centres at a time (a large neighbourhood search with HiGHS; no proof).

From a complete plan, a handful of centres chosen at random are freed and every other centre keeps its
workplaces on each floor; HiGHS then looks for the best plan of the freed centres around the fixed ones, asked
only for plans that beat the current one (a few tenths of a second each).  A better plan becomes the current
one.  The number of freed centres grows by one after a run that settled its neighbourhood in under half its time,
and falls back by one (not below :data:`FEWEST_FREED`) after a run cut short with nothing better.  Each run
starts from the current plan, with HiGHS's presolve off (see :class:`Search`).

Where the set programme cannot prove its plan on a large building and HiGHS's gap stays wide (issue 18's dense
tight 16 × 6 plans at weights 1/2/10), this moves further than the local search's single moves: from the
optimiser's plans after three seconds, seven seconds of it alone ended 2–12 % lower on all four seeds (on seed 0
from 978 to 935, where the optimiser with the local search ended at 974 in 10 s; the best plan HiGHS knew after
ten minutes is 913).  In the optimiser it has only the seconds the root bound leaves, and there its plans end
within ±1 % of the local search's.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

from inventar.domain.placement import PROOF_TOLERANCE, Problem, Shares, Weights, score
from inventar.services.placement.highs_model import Model, Pins

FIRST_FREED = 5  # centres freed at a time to begin with (16 × 6: 0.1–0.3 s a neighbourhood)
FEWEST_FREED = 2
RUN_SECONDS = 0.3  # at most per neighbourhood


class Search:
    """The model built once; :meth:`improve` runs neighbourhoods from a plan until told to stop."""

    def __init__(self, problem: Problem, weights: Weights, pins: Pins, seed: int = 0) -> None:
        self.problem, self.weights = problem, weights
        self.model = Model(problem, weights, pins)
        # each run starts from the current plan; with its presolve HiGHS (1.16) took such a start for optimal at a
        # score it did not have in the presolved model (three centres of one workplace: 0 reported for a plan
        # scoring 1) and stopped there.  Without the start the runs found less in the optimiser's few seconds
        # (issue 18's dense 16 × 6 seed 1: 1,053-1,069 against 1,004-1,018)
        self.model.h.setOptionValue("presolve", "off")
        self._random = random.Random(seed)
        pinned = {c: sum(n for (centre, _f), n in pins.items() if centre == c) for c, _f in pins}
        self._free = [c.id for c in self.model.centres if pinned.get(c.id, 0) < c.workplaces]
        self.freed = min(FIRST_FREED, len(self._free))
        self.runs = 0  # neighbourhoods solved so far

    def improve(self, shares: Shares, deadline: float, should_stop: Callable[[], bool],
                newer: Callable[[], Shares | None] = lambda: None,
                better: Callable[[Shares], None] = lambda _shares: None) -> Shares:
        """The best plan found from ``shares`` (complete) by ``deadline`` or until ``should_stop``; ``newer``
        gives another solver's newest plan (taken when it scores less), ``better`` gets each improvement."""
        best, best_total = shares, score(self.problem, shares, self.weights).total
        while self._free and not should_stop() and time.perf_counter() < deadline - 0.05:
            other = newer()
            if other is not None and (total := score(self.problem, other, self.weights).total) < best_total:
                best, best_total = other, total
            found = self._run(best, best_total, min(RUN_SECONDS, deadline - time.perf_counter()), should_stop)
            if found is not None:
                best, best_total = found, score(self.problem, found, self.weights).total
                better(best)
        return best

    def _run(self, shares: Shares, total: float, seconds: float, should_stop: Callable[[], bool]) -> Shares | None:
        """One neighbourhood: the freed centres' best plan below ``total``, or None."""
        model = self.model
        model.fix_except(shares, set(self._random.sample(self._free, self.freed)))
        model.hint(shares)
        started = time.perf_counter()
        result = model.solve(seconds, should_stop, below=total - PROOF_TOLERANCE)
        self.runs += 1
        found = result.shares is not None and math.isfinite(result.objective) and (
            result.objective < total - PROOF_TOLERANCE)
        settled = result.optimal or result.infeasible
        if settled and time.perf_counter() - started < seconds / 2:
            self.freed = min(self.freed + 1, len(self._free))
        elif not settled and not found:  # cut short with nothing better: too many freed for the time
            self.freed = max(self.freed - 1, min(FEWEST_FREED, len(self._free)))
        return result.shares if found else None
