"""The optimiser against brute force on small instances; capacities and pins always hold."""


import math
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inventar.domain.placement import CentreSpec, FloorSpec, Problem, Weights, score
from inventar.services.placement import highs_model, optimiser, state_bound
from inventar.services.placement.optimiser import PlanInfeasibleError, optimise
from tests.support.placement_instances import WEIGHTS, demo_building, instance
from tests.support.stacking_brute import brute_force
from tests.support.stacking_cases import tiny_problems


@st.composite
def instances(draw):
    problem, weights = draw(tiny_problems(floors=(2, 3), levels=(0, 4), centres=lambda _floors: 3, sizes=(1, 4),
                                          always_room=True, split=(0, 2, 25)))
    pins = {}
    if draw(st.booleans()):  # part of the first centre pinned to a floor, when it fits
        c = problem.centres[0]
        f = problem.floors[draw(st.integers(0, len(problem.floors) - 1))]
        n = draw(st.integers(1, c.workplaces))
        if n <= f.capacity:
            pins[c.id, f.id] = n
    return problem, weights, pins


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_optimum_equals_brute_force_and_respects_capacity_and_pins(case):
    problem, weights, pins = case
    expected = brute_force(problem, weights, pins)
    if expected is None:  # the pins leave no room: the optimiser must say so, not guess
        with pytest.raises(PlanInfeasibleError):
            optimise(problem, weights, pins, time_limit=20, workers=1)
        return
    result = optimise(problem, weights, pins, time_limit=20, workers=1)
    assert result.optimal
    assert result.objective == pytest.approx(expected, abs=1e-3)
    for floor in problem.floors:
        assert sum(s.get(floor.id, 0) for s in result.shares.values()) <= floor.capacity
    for centre in problem.centres:
        assert sum(result.shares[centre.id].values()) == centre.workplaces
    for (c, f), n in pins.items():
        assert result.shares[c].get(f, 0) == n


def _demo_like():
    floors = [FloorSpec(1, 0, "Stue", 40), FloorSpec(2, 1, "1. sal", 50), FloorSpec(3, 2, "2. sal", 40)]
    centres = [CentreSpec(1, "BAC", "", 30, 5), CentreSpec(2, "IT", "", 20, 0), CentreSpec(3, "HR", "", 25, 1),
               CentreSpec(4, "BR", "", 5, 5)]
    return Problem(floors, centres, {(1, 4): 9, (2, 3): 6, (1, 3): 1})


def test_contact_goes_down_and_collaborators_stay_together():
    result = optimise(_demo_like(), Weights(4, 1, 25), time_limit=10)
    assert result.optimal
    assert result.shares[1] == {1: 30} and result.shares[4] == {1: 5}  # BAC and its adviser on the ground floor
    assert result.shares[2].keys() == result.shares[3].keys()  # IT and HR share a floor
    assert result.score.split == 0


def test_pins_hold_even_when_costly():
    result = optimise(_demo_like(), Weights(4, 1, 25), pins={(1, 3): 30}, time_limit=10)
    assert result.shares[1] == {3: 30}


def test_too_little_capacity_is_a_clear_error():
    problem = _demo_like()
    problem.floors[0] = FloorSpec(1, 0, "Stue", 0)
    problem.floors[1] = FloorSpec(2, 1, "1. sal", 0)
    with pytest.raises(PlanInfeasibleError, match="skal bruge 80 arbejdspladser, men etagerne har kun 40\\."):
        optimise(problem)


def test_pins_beyond_a_floor_are_refused():
    with pytest.raises(PlanInfeasibleError, match="fastlåst 45 arbejdspladser på Stue"):
        optimise(_demo_like(), pins={(1, 1): 30, (3, 1): 15})


def test_stopping_early_returns_the_best_plan_so_far():
    import random
    import time

    rng = random.Random(1)
    centres = [CentreSpec(i + 1, f"C{i}", "", rng.randint(5, 60), rng.randint(0, 5)) for i in range(16)]
    cap = int(sum(c.workplaces for c in centres) * 1.15 / 6) + 1
    problem = Problem([FloorSpec(10 + k, k, f"{k}", cap) for k in range(6)], centres,
                      {(a, b): rng.randint(1, 9) for a in range(1, 17) for b in range(a + 1, 17)})
    started = time.perf_counter()
    stop_at = started + 1.5
    result = optimise(problem, time_limit=60, should_stop=lambda: time.perf_counter() > stop_at)
    assert time.perf_counter() - started < 10
    assert not result.optimal and result.bound <= result.objective
    assert score(problem, result.shares).complete


def test_python_hands_the_gil_over_quickly_while_optimising_and_restores_it_after():
    import sys

    before = sys.getswitchinterval()
    seen = []

    def stop() -> bool:
        seen.append(sys.getswitchinterval())
        return False

    optimise(_demo_like(), time_limit=5, should_stop=stop)
    assert seen and max(seen) <= 0.0002  # HiGHS's callbacks do not wait a whole 5 ms interval for the GIL
    assert sys.getswitchinterval() == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_sparse_state_bound_s_chains_prove_the_brute_force_optimum(case):
    """With the dense state bound switched off, small buildings go the way of 12-centre ones: the sparse bound,
    its chains turned into plans by HiGHS, each proof checked against every plan."""
    problem, weights, pins = case
    expected = brute_force(problem, weights, pins)
    if expected is None:
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(state_bound, "MAX_CELLS", 0)
        result = optimise(problem, weights, pins, time_limit=20, workers=1)
    assert result.optimal
    assert result.objective == pytest.approx(expected, abs=1e-3)


def test_a_stop_among_the_state_bound_s_chains_keeps_the_best_plan_they_found(monkeypatch):
    """The demo building at weights 4/1/3: its programme's plan scores 262.43, the first chain's 254.40.  Stopped
    right after HiGHS settled that chain, the result is that plan with the state bound's bound (the stop used to
    drop both with the programme's plan)."""
    settled = []
    fix_states = highs_model.Model.fix_states
    monkeypatch.setattr(highs_model.Model, "fix_states", lambda self, states: settled.append(states) or
                        fix_states(self, states))
    monkeypatch.setattr(optimiser, "HIGHS_DELAY", 60.0)  # HiGHS beside it would find plans of its own
    result = optimise(demo_building(), Weights(4, 1, 3), time_limit=60, should_stop=lambda: bool(settled))
    assert len(settled) == 1 and not result.optimal
    assert result.objective <= 254.41 and score(demo_building(), result.shares, Weights(4, 1, 3)).complete
    assert result.bound >= 249.2  # the state bound (249.22) holds for every plan: kept too


def test_weightless_splits_are_proven_boundary_by_boundary():
    """Issue 18's 4/1/0 family, seed 3: HiGHS alone proves it in 3–4 s; the boundary search alone, at once."""
    problem, pins = instance(10, 5, 3, density=0.5, slack=1.3, odd_levels=True)
    result = optimise(problem, WEIGHTS["4/1/0"], pins, time_limit=20)
    highs = highs_model.solve(problem, WEIGHTS["4/1/0"], pins, seconds=60)
    assert highs.optimal
    assert result.optimal and result.method == "boundaries"
    assert result.objective == pytest.approx(highs.objective, abs=1e-6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_with_the_programme_s_bounds_off_the_boundary_search_proves_the_brute_force_optimum(case):
    """When the set programme cannot prove its plan (here: its bounds switched off), the boundary search runs
    after it, given its plan to beat: the proof, or a better plan, checked against every plan."""
    from inventar.services.placement import set_programme, sparse_state_bound

    problem, weights, pins = case
    expected = brute_force(problem, weights, pins)
    if expected is None:
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(set_programme, "search_bound", lambda *_args, **_kwargs: float("-inf"))
        patch.setattr(set_programme, "lower_bound", lambda *_args, **_kwargs: (float("-inf"), float("-inf")))
        patch.setattr(state_bound, "MAX_CELLS", 0)
        patch.setattr(sparse_state_bound, "fits", lambda _chains: False)
        patch.setattr(optimiser, "HIGHS_DELAY", 60.0)  # HiGHS does not prove it first
        result = optimise(problem, weights, pins, time_limit=20, workers=1)
    assert result.optimal and result.method in ("boundaries", "sets")
    assert result.objective == pytest.approx(expected, abs=1e-3)


def test_a_small_split_weight_is_proven_by_the_boundary_search_after_the_programme():
    """Issue 18's 10 × 5 loose family at weights 4/1/0.5, seed 1: the programme's bound gives up at once (its plan is
    far above), and the boundary search proves a better plan, HiGHS's optimum (the optimiser took 3.4 s for it)."""
    problem, pins = instance(10, 5, 1, density=0.5, slack=1.3, odd_levels=True)
    result = optimise(problem, Weights(4, 1, 0.5), pins, time_limit=20)
    highs = highs_model.solve(problem, Weights(4, 1, 0.5), pins, seconds=60)
    assert highs.optimal
    assert result.optimal and result.method == "boundaries"
    assert result.objective == pytest.approx(highs.objective, abs=1e-6)


def test_a_large_dense_building_ends_at_the_time_limit():
    """20 dense centres on 8 floors: the unsplit pass alone took 14 s and the bound several more, beyond a
    limit of 3 s (36 s in all); now each is cut short between the chunks of its floor steps."""
    problem, pins = instance(20, 8, 0, density=2 / 3, slack=1.15)
    result = optimise(problem, Weights(), pins, time_limit=3.0)
    assert result.seconds < 6  # a margin for a busy machine
    assert score(problem, result.shares).complete and result.bound <= result.objective + 1e-6


def test_too_large_for_the_boundary_search_its_root_bound_still_raises_the_bound():
    """13 dense centres with a split weight: the set programme cannot prove its plan (its bound 345.5, the plan
    520.6); the boundaries' optima alone (0.8 s) bound every plan at 467.1."""
    from inventar.services.placement import boundary_search

    problem, pins = instance(13, 5, 1, density=2 / 3, slack=1.15)
    assert len(problem.centres) > boundary_search.MAX_SPLIT_CENTRES
    root = boundary_search.root_bound(problem, Weights(), pins, time.perf_counter() + 60)
    result = optimise(problem, Weights(), pins, time_limit=10.0)
    assert root - 1e-6 <= result.bound <= result.objective + 1e-6


def test_a_plan_the_programme_proves_does_not_wait_for_highs_to_stop(monkeypatch):
    """HiGHS's sub-MIPs check no interrupt for up to 1.5 s: a proof of the programme's comes back at once, and
    HiGHS's thread ends on its own afterwards (here a HiGHS run that ignores the stop for 4 s)."""
    import threading

    stalled = threading.Event()

    def unresponsive(self, seconds, should_stop=None, **_kwargs):
        stalled.set()
        time.sleep(4)
        return highs_model.HighsResult(None, False, False, math.inf, -math.inf)

    monkeypatch.setattr(highs_model.Model, "solve", unresponsive)
    problem, pins = instance(12, 6, 0, density=2 / 3, slack=1.15)  # the programme proves it in 1-2 s: HiGHS started
    started = time.perf_counter()
    result = optimise(problem, Weights(), pins, time_limit=20)
    returned = time.perf_counter() - started
    assert stalled.is_set() and result.optimal and result.method == "sets"
    assert returned < result.seconds + 0.5 < 4
    for thread in [t for t in threading.enumerate() if t.name == "highs"]:
        thread.join()  # not a daemon: it ends when its run does


def test_sixteen_centres_close_to_their_bound_have_their_one_cut_plans_settled_by_the_programme():
    """16 sparse centres: the rounding bound stays 5 % below the best unsplit plan, and the split programme, with
    that plan as budget, finds a better one cutting one centre per boundary and the bound on the rest proves it
    (HiGHS alone takes about 14 s to prove it)."""
    from inventar.services.placement import set_programme

    problem, pins = instance(16, 6, 6, density=0.25, slack=1.1)
    unsplit, _shares = set_programme.best_unsplit(set_programme.build(problem, Weights(), {}))
    result = optimise(problem, Weights(), pins, time_limit=20)
    assert result.optimal and result.method == "sets"
    assert result.objective < unsplit - 1  # a plan with a centre over two floors
    assert any(len(floors) > 1 for floors in result.shares.values())
    highs = highs_model.solve(problem, Weights(), pins, seconds=60)
    assert highs.optimal and result.objective == pytest.approx(highs.objective, abs=1e-6)
