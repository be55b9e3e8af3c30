"""The neighbourhood search: better plans that keep capacities and pins, the optimum when every centre is freed."""

import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from inventar.domain.placement import CentreSpec, FloorSpec, Problem, Weights, score
from inventar.services.placement import neighbourhood_search
from inventar.services.placement.optimiser import greedy_stack
from tests.support.placement_instances import WEIGHTS, instance
from tests.support.stacking_brute import brute_force
from tests.support.stacking_cases import assert_plan_holds, tiny_problems


def _never() -> bool:
    return False


_GIVEN_A_START = (  # with its presolve on, HiGHS took the start plan (score 1) for optimal at 0
    Problem([FloorSpec(100, 0, "F0", 1), FloorSpec(101, 1, "F1", 3), FloorSpec(102, 2, "F2", 2)],
            [CentreSpec(i, f"C{i}", f"C{i}", 1, 0) for i in (1, 2, 3)], {(1, 2): 0, (1, 3): 1, (2, 3): 0}),
    Weights(0, 1, 1))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems(floors=(2, 3), centres=lambda _floors: 3, sizes=(1, 4), always_room=True),
       st.integers(0, 3))
@example(_GIVEN_A_START, 0)
def test_with_every_centre_freed_one_neighbourhood_is_the_brute_force_optimum(case, start_seed):
    problem, weights = case
    search = neighbourhood_search.Search(problem, weights, {}, seed=start_seed)
    search.freed = len(problem.centres)  # the neighbourhood is the whole building
    start = greedy_stack(problem, {})
    found = search.improve(start, time.perf_counter() + 30, lambda: search.runs >= 1)
    assert_plan_holds(problem, found, {})
    assert score(problem, found, weights).total == pytest.approx(brute_force(problem, weights, {}), abs=1e-6)


def test_a_poor_plan_gets_better_step_by_step_and_keeps_capacities_and_pins():
    problem, pins = instance(12, 5, 1, density=0.6, slack=1.02, pinned=True)
    weights = WEIGHTS["1/2/10"]
    start = greedy_stack(problem, pins)
    search = neighbourhood_search.Search(problem, weights, pins)
    assert 1 not in search._free  # the pinned centre is never freed
    improvements = []
    found = search.improve(start, time.perf_counter() + 2.0, _never, better=improvements.append)
    totals = [score(problem, plan, weights).total for plan in improvements]
    assert totals and totals == sorted(totals, reverse=True) and len(set(totals)) == len(totals)
    assert score(problem, found, weights).total == pytest.approx(totals[-1])
    assert totals[-1] < score(problem, start, weights).total
    assert_plan_holds(problem, found, pins)


def test_a_better_plan_from_another_solver_is_taken_and_a_stop_is_kept():
    problem, pins = instance(10, 4, 2, density=0.5, slack=1.1)
    weights = Weights(4, 1, 25)
    start = greedy_stack(problem, pins)
    better = neighbourhood_search.Search(problem, weights, pins).improve(start, time.perf_counter() + 1.0, _never)
    offered = [better]
    search = neighbourhood_search.Search(problem, weights, pins)
    found = search.improve(start, time.perf_counter() + 30, lambda: search.runs >= 1,
                           newer=lambda: offered.pop() if offered else None)
    assert search.runs == 1
    assert score(problem, found, weights).total <= score(problem, better, weights).total + 1e-9
    stopped = neighbourhood_search.Search(problem, weights, pins)
    assert stopped.improve(start, time.perf_counter() + 30, lambda: True) is start and stopped.runs == 0
