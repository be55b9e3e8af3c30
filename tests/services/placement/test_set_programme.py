"""The set programme: exact over unsplit plans and over one cut centre per boundary, true bounds on the rest.

Everything is checked against brute force over every plan of tiny instances.
"""


import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inventar.domain.placement import CentreSpec, FloorSpec, Problem, Weights, score
from inventar.services.placement import set_programme, split_programme
from inventar.services.placement.optimiser import optimise
from tests.support.stacking_brute import brute_force, plans
from tests.support.stacking_cases import tiny_problems, whole_pin


@st.composite
def instances(draw):
    problem, weights = draw(tiny_problems())
    return problem, weights, whole_pin(draw, problem)


def one_cut(problem, shares):
    """Every boundary between two floors cuts at most one centre (has some of its workplaces on each side)."""
    position = {f.id: k for k, f in enumerate(problem.floors)}
    cuts = [0] * len(problem.floors)
    for floors_of in shares.values():
        used = sorted(position[f] for f, n in floors_of.items() if n)
        for k in range(used[0], used[-1]) if used else ():
            cuts[k] += 1
    return max(cuts, default=0) <= 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.lists(st.sampled_from([-1.0, -0.25, 0.0, 0.3, 2.0]), min_size=6, max_size=6))
def test_unsplit_optimum_is_exact_and_the_bound_never_exceeds_any_plan(case, prices):
    problem, weights, pinned = case
    pins = {(c, f): problem.centre(c).workplaces for c, f in pinned.items()}
    chains = set_programme.build(problem, weights, pinned)
    expected_whole = brute_force(problem, weights, pins, whole_only=True)
    found = set_programme.best_unsplit(chains)
    if expected_whole is None:
        assert found is None
    else:
        value, shares = found
        assert value == pytest.approx(expected_whole, abs=1e-6)
        assert score(problem, shares, weights).total == pytest.approx(value, abs=1e-6)
        assert score(problem, shares, weights).complete
        assert all(shares[c].get(f) == problem.centre(c).workplaces for c, f in pinned.items())
    totals = {True: [], False: []}
    for shares in plans(problem, pins):
        totals[one_cut(problem, shares)].append(score(problem, shares, weights).total)
    every, outside = set_programme.lower_bound(chains, prices=prices[:2 * chains.boundaries])
    # a proof may only ever be claimed for a true optimum: any prices give valid bounds
    if totals[True] or totals[False]:
        assert every <= min(totals[True] + totals[False]) + 1e-6
    if totals[False]:
        assert outside <= min(totals[False]) + 1e-6
    found = split_programme.best_one_cut(chains)
    if not totals[True]:
        assert found is None
    else:
        assert found[0] == pytest.approx(min(totals[True]), abs=1e-6)
        assert score(problem, found[1], weights).total == pytest.approx(found[0], abs=1e-6)
        assert score(problem, found[1], weights).complete and one_cut(problem, found[1])
        assert all(found[1][c].get(f) == problem.centre(c).workplaces for c, f in pinned.items())
        # with a budget, the states that cannot end below it are dropped as they are made: none that could
        assert split_programme.best_one_cut(chains, found[0] + 1e-3)[0] == pytest.approx(found[0], abs=1e-6)
        assert split_programme.best_one_cut(chains, found[0] - 1e-3) is None
        searched = set_programme.search_bound(chains, found[0], True, seconds=0.05)
        if totals[False]:
            assert min(searched, found[0]) <= min(totals[False]) + 1e-6


def test_a_sparse_building_is_proven_by_the_programme_alone():
    floors = [FloorSpec(1, 0, "Stue", 40), FloorSpec(2, 1, "1. sal", 50), FloorSpec(3, 2, "2. sal", 40)]
    centres = [CentreSpec(1, "BAC", "", 30, 5), CentreSpec(2, "IT", "", 20, 0), CentreSpec(3, "HR", "", 25, 1),
               CentreSpec(4, "BR", "", 5, 5)]
    problem = Problem(floors, centres, {(1, 4): 9, (2, 3): 6, (1, 3): 1})
    result = optimise(problem, Weights(4, 1, 25), time_limit=10)
    assert result.optimal and result.method == "sets"
    assert result.bound == pytest.approx(result.objective)


def test_a_centre_too_big_for_any_floor_is_split_and_proven_by_the_programme():
    floors = [FloorSpec(1, 0, "Stue", 10), FloorSpec(2, 1, "1. sal", 10), FloorSpec(3, 2, "2. sal", 10)]
    centres = [CentreSpec(1, "A", "", 15, 2), CentreSpec(2, "B", "", 5, 0)]
    problem = Problem(floors, centres, {(1, 2): 3})
    assert set_programme.best_unsplit(set_programme.build(problem, Weights(), {})) is None
    result = optimise(problem, Weights(4, 1, 25), time_limit=10, workers=1)
    assert result.optimal and result.method == "sets"
    assert result.objective == pytest.approx(brute_force(problem, Weights(4, 1, 25), {}))
    assert result.shares[1] == {1: 10, 2: 5}


def test_a_stop_request_between_floors_is_honoured():
    floors = [FloorSpec(k, k, f"{k}", 30) for k in range(4)]
    problem = Problem(floors, [CentreSpec(i, f"C{i}", "", 10 + i, i % 5) for i in range(1, 9)],
                      {(1, 2): 5, (3, 4): 2})
    with pytest.raises(set_programme.Stopped):
        set_programme.best_unsplit(set_programme.build(problem, Weights(), {}), should_stop=lambda: True)
    result = optimise(problem, Weights(), time_limit=60, should_stop=lambda: True)
    assert result.seconds < 10  # one short last solver run, not the time limit
    assert score(problem, result.shares).complete and result.bound <= result.objective + 1e-6


def test_past_its_deadline_the_unsplit_pass_gives_the_quick_passes_plan_and_a_stop_still_stops():
    import time

    from tests.support.placement_instances import instance

    problem, _pins = instance(14, 6, 3, density=0.6, slack=1.15)
    chains = set_programme.build(problem, Weights(), {})
    exact, _shares = set_programme.best_unsplit(chains)
    late, shares = set_programme.best_unsplit(chains, deadline=time.perf_counter())
    assert all(len(floors) == 1 for floors in shares.values())  # every centre whole
    assert score(problem, shares).complete and score(problem, shares).total == pytest.approx(late)
    assert late >= exact - 1e-9
    with pytest.raises(set_programme.Stopped):  # asked between the chunks of a floor step, too
        set_programme.best_unsplit(chains, should_stop=lambda: True, deadline=time.perf_counter())
    values = np.full(1 << chains.n, np.inf)
    values[0] = 0.0
    with pytest.raises(set_programme.Stopped):
        set_programme._floor_step(chains, 1, values, should_stop=lambda: True)


def test_the_bound_search_gives_up_when_asked_and_keeps_a_valid_bound():
    from tests.support.placement_instances import WEIGHTS, instance

    problem, _pins = instance(8, 4, 2)  # the programme's bound cannot close this one's gap (36-64 %)
    chains = set_programme.build(problem, WEIGHTS["1/2/10"], {})
    best, shares = set_programme.best_unsplit(chains)
    gaps = []
    bound = set_programme.search_bound(chains, best, False, 30, give_up=lambda gap: gaps.append(gap) or True)
    assert gaps == [pytest.approx((best - bound) / best)]  # asked once, after the first evaluation: it stopped
    assert bound <= score(problem, shares, WEIGHTS["1/2/10"]).total
    full = set_programme.search_bound(chains, best, False, 30)
    assert bound <= full <= best  # searching on raises it, never above the plan


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.integers(1, 60), st.sampled_from([(6, 3), (8, 4), (10, 5)]))
def test_a_floor_step_at_once_equals_the_step_floor_set_by_floor_set(seed, reached, size):
    """Both ways of a floor step give the same values and the same predecessors (ties included: the values are
    drawn from a few, so many targets tie), from a few states or many, with a pin."""

    from tests.support.placement_instances import WEIGHTS, instance

    centres, floors = size
    problem, pins = instance(centres, floors, seed % 7, pinned=seed % 2 == 0)
    chains = set_programme.build(problem, WEIGHTS["1/2/10"], dict(pins.keys()))  # centre -> floor it is pinned whole to
    rng = np.random.default_rng(seed)
    forward = set_programme.unsplit_forward(chains)  # the sets a chain of whole sets reaches, per boundary
    for k in range(1, chains.boundaries):
        states = np.flatnonzero(np.isfinite(forward[k - 1]))
        states = rng.choice(states, size=min(reached, len(states)), replace=False)
        tied = np.full(1 << chains.n, np.inf)
        tied[states] = rng.integers(0, 4, len(states))
        for values in (tied, forward[k - 1]):  # a few states with tied values; every set reached, as the bound has
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(set_programme, "_AT_ONCE", 0)
                one_by_one = set_programme._floor_step(chains, k, values)
            at_once = set_programme._floor_step(chains, k, values)
            assert np.array_equal(one_by_one[0], at_once[0]) and np.array_equal(one_by_one[1], at_once[1])
        # the chains of whole sets go on from there (the unsplit plans exist): the step was not empty
        assert np.isfinite(at_once[0]).any() or set_programme.best_unsplit(chains) is None


def test_the_one_cut_programme_stops_at_its_deadline():
    from tests.support.placement_instances import WEIGHTS, instance

    problem, _pins = instance(10, 5, 0)
    chains = set_programme.build(problem, WEIGHTS["1/2/10"], {})
    with pytest.raises(split_programme.OutOfTime):
        split_programme.best_one_cut(chains, deadline=time.perf_counter() - 1)
    assert split_programme.best_one_cut(chains, deadline=time.perf_counter() + 60) is not None
