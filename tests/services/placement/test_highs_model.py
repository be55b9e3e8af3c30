"""The HiGHS MILP: its objective is the score, it matches brute force, and the portfolio is never above it."""

import math
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings

from inventar.domain.placement import CentreSpec, FloorSpec, Problem, Weights, score
from inventar.services.placement import highs_model, set_programme, sparse_state_bound, split_programme
from inventar.services.placement.optimiser import _realise_chains, greedy_stack, optimise
from tests.services.placement.test_optimiser import instances
from tests.support.placement_instances import WEIGHTS, demo_building, instance
from tests.support.stacking_brute import brute_force

INTEGRALS = ["cumulative", "floors"]  # the integers: workplaces on or below each floor (ours) / on it (reference)


@pytest.mark.parametrize("integral", INTEGRALS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=instances())
def test_highs_optimum_equals_brute_force(integral, case):
    problem, weights, pins = case
    expected = brute_force(problem, weights, pins)
    result = highs_model.solve(problem, weights, pins, seconds=20, integral=integral)
    if expected is None:
        assert result.infeasible
        return
    assert result.optimal
    assert result.objective == pytest.approx(expected, abs=1e-4)
    assert score(problem, result.shares, weights).total == pytest.approx(result.model_objective, abs=1e-5)


@pytest.mark.parametrize("integral", INTEGRALS)
@pytest.mark.parametrize("seed", range(6))
def test_highs_objective_is_the_score(seed, integral):
    """HiGHS's objective is the README's score of its plan when proven; stopped early it is no lower.

    (An incumbent found by a heuristic may carry a distance ``d`` above ``|P_a − P_b|``; at the optimum every
    ``d`` is tight.)
    """
    weights = list(WEIGHTS.values())[seed % len(WEIGHTS)]
    problem, pins = instance(7 + seed % 3, 4 + seed % 3, seed, density=0.3 + 0.1 * seed, slack=(1.02, 1.3)[seed % 2],
                             odd_levels=seed % 3 == 1, pinned=seed % 4 == 3)
    result = highs_model.solve(problem, weights, pins, seconds=1.5, integral=integral)
    assert result.shares is not None
    plan = score(problem, result.shares, weights)
    assert plan.complete
    assert result.objective == plan.total
    if result.optimal:
        assert plan.total == pytest.approx(result.model_objective, abs=1e-5)
    else:
        assert plan.total <= result.model_objective + 1e-5
    assert result.bound <= plan.total + 1e-6
    for (c, f), n in pins.items():
        assert result.shares[c].get(f, 0) == n


@pytest.mark.parametrize("integral", INTEGRALS)
def test_a_plan_given_to_highs_reads_back_the_same(integral):
    """The integers of a plan (a start, or an offer from the other solvers) read back as that plan."""
    problem, pins = instance(12, 6, 3, density=2 / 3, odd_levels=True, pinned=True)
    plan = greedy_stack(problem, pins)
    model = highs_model.Model(problem, WEIGHTS["0.5/3/7.5"], pins, integral)
    values = [0.0] * model.h.getNumCol()
    for (_c, _k, var), value in zip(model.integers, model._values(model._below(plan)), strict=True):
        values[var.index] = value
    assert model._shares(values) == {c: {f: n for f, n in floors_of.items() if n} for c, floors_of in plan.items()}


# 8 centres on 4 floors with weights 1/2/10, tight capacity (issue 18's failing family), and two variants
MID_SIZE = [(8, 4, 1, "1/2/10", 1.02, False, False), (8, 4, 0, "1/2/10", 1.02, False, False),
            (8, 5, 1, "4/1/0", 1.3, True, False), (8, 4, 2, "0.5/3/7.5", 1.3, True, True)]


@pytest.mark.parametrize(("centres", "floors", "seed", "weights", "slack", "odd", "pinned"), MID_SIZE)
def test_portfolio_is_never_above_highs_optimum(centres, floors, seed, weights, slack, odd, pinned):
    problem, pins = instance(centres, floors, seed, slack=slack, odd_levels=odd, pinned=pinned)
    direct = highs_model.solve(problem, WEIGHTS[weights], pins, seconds=60)
    assert direct.optimal
    ours = optimise(problem, WEIGHTS[weights], pins, time_limit=60)
    assert ours.optimal
    assert ours.objective <= direct.objective + 1e-6
    assert ours.objective == pytest.approx(direct.objective, abs=1e-4)


def test_should_stop_stops_both_solvers():
    problem, pins = instance(16, 6, 0, density=2 / 3)
    stop = threading.Event()
    threading.Timer(1.0, stop.set).start()
    started = time.perf_counter()
    result = optimise(problem, WEIGHTS["1/2/10"], pins, time_limit=60, should_stop=stop.is_set)
    assert time.perf_counter() - started < 8
    assert score(problem, result.shares, WEIGHTS["1/2/10"]).complete
    assert result.bound <= result.objective + 1e-9
    assert not [t for t in threading.enumerate() if t.name == "highs"]  # the helper thread has ended


def test_highs_starts_at_once_when_the_other_solvers_wait_for_it():
    problem, pins = instance(8, 4, 1)
    background = highs_model.Background(problem, WEIGHTS["1/2/10"], pins, 30, lambda: False, delay=60)
    started = time.perf_counter()
    assert background.finished_with_plan()  # not 60 s of waiting before HiGHS even starts
    assert time.perf_counter() - started < 30
    assert background.result().optimal


def test_local_search_beside_highs_improves_on_the_plan_it_starts_from_and_keeps_capacities():
    from inventar.services.placement.optimiser import _polish_beside_highs, greedy_stack

    problem, pins = instance(16, 6, 3, density=2 / 3, odd_levels=True)  # HiGHS's gap stays near 70 % here
    weights = WEIGHTS["1/2/10"]
    start = greedy_stack(problem, pins)
    background = highs_model.Background(problem, weights, pins, 4, lambda: False, delay=60)
    ended, polished = _polish_beside_highs(problem, weights, pins, start, time.perf_counter() + 4, lambda: False,
                                           background)
    assert ended  # HiGHS started at once (not after its 60 s delay) and ran to its limit
    plan = score(problem, polished, weights)
    assert plan.complete
    assert plan.total < score(problem, start, weights).total
    for floor in problem.floors:
        assert sum(s.get(floor.id, 0) for s in polished.values()) <= floor.capacity


def test_local_search_stops_when_asked():
    from inventar.services.placement.local_search import improve
    from inventar.services.placement.optimiser import greedy_stack

    problem, pins = instance(16, 6, 3, density=2 / 3)
    start = greedy_stack(problem, pins)
    started = time.perf_counter()
    asked = []
    improve(problem, start, WEIGHTS["1/2/10"], pins, seconds=60, should_stop=lambda: asked.append(1) or len(asked) > 3)
    assert len(asked) == 4 and time.perf_counter() - started < 5


def test_highs_stops_once_its_plan_reaches_a_bound_the_other_solvers_proved():
    """Dense 16 × 6: HiGHS alone runs to its 30 s limit; a bound every plan reaches ends it at its first."""
    problem, pins = instance(16, 6, 0, density=2 / 3, odd_levels=True)
    started = time.perf_counter()
    background = highs_model.Background(problem, WEIGHTS["1/2/10"], pins, 30, lambda: False)
    assert not background.reached
    background.reach(math.inf)
    result = background.result()
    assert time.perf_counter() - started < 10 and result.shares is not None and background.reached
    assert not result.optimal  # the other solvers' bound proves the plan, not HiGHS


def test_the_reference_formulation_joins_on_the_core_left_and_the_first_proof_stops_both():
    """4/1/0 seed 3 (issue 18's family): the cumulative model proves it in about half the reference's time; the
    reference, started beside it, is stopped by that proof, and the result is the proven optimum."""
    problem, pins = instance(10, 5, 3, slack=1.3, odd_levels=True)
    weights = WEIGHTS["4/1/0"]
    background = highs_model.Background(problem, weights, pins, 60, lambda: False, delay=60)
    background.start_now()
    result = background.result()
    assert set(background._models) == {"cumulative", "floors"}  # both ran
    assert background._results["cumulative"].optimal and not background._results["floors"].optimal
    assert result.optimal and background.proven and background.done.is_set()
    reference = highs_model.solve(problem, weights, pins, seconds=60, integral="floors")
    assert reference.optimal and result.objective == pytest.approx(reference.objective, abs=1e-6)


def test_a_better_plan_of_one_formulation_is_offered_to_the_other_only():
    problem, pins = instance(8, 4, 1)
    weights = WEIGHTS["1/2/10"]
    background = highs_model.Background(problem, weights, pins, 30, lambda: True, delay=60)  # stopped at once
    background.result()
    plan = greedy_stack(problem, pins)
    background._improved("cumulative", plan)
    assert background._take_offer("floors") == plan and background._take_offer("cumulative") is None
    background._improved("floors", plan)  # no better than the best so far: nothing offered
    assert background._take_offer("cumulative") is None
    assert background.take_plan() == plan


@pytest.mark.parametrize("integral", INTEGRALS)
def test_a_start_is_taken_whole(integral):
    """A start gives every column (split binaries and distances too): HiGHS ignored one without them, and a new
    objective set at the solve cleared it (pinned 12 × 6 seed 1: its first plan 441 points with the optimum given;
    in 0.3 s it finds 187–241 alone)."""
    problem, pins = instance(12, 6, 1, density=0.3, pinned=True)
    weights = WEIGHTS["0.5/3/7.5"]
    best = highs_model.solve(problem, weights, pins, seconds=30)
    assert best.optimal
    model = highs_model.Model(problem, weights, pins, integral)
    model.hint(best.shares)
    started = model.solve(0.3)
    assert started.objective == pytest.approx(best.objective, abs=1e-6)


def test_the_state_bound_s_first_chain_proves_a_pinned_12_x_6_optimum_highs_alone_takes_seconds_for():
    """Issue 18's pinned 12 × 6 seed 0 (HiGHS alone: 2–5 s): the sparse state bound's cheapest chain, with its
    states given to HiGHS, is the optimum."""
    problem, pins = instance(12, 6, 0, density=0.3, pinned=True)
    weights = WEIGHTS["0.5/3/7.5"]
    direct = highs_model.solve(problem, weights, pins, seconds=60)
    assert direct.optimal
    ours = optimise(problem, weights, pins, time_limit=60)
    assert ours.optimal and ours.method == "states"
    assert ours.objective == pytest.approx(direct.objective, abs=1e-4)


def test_a_building_with_nothing_to_place_is_the_empty_plan_proven():
    floors = [FloorSpec(1, 0, "Stue", 0), FloorSpec(2, 1, "1. sal", 5)]
    problem = Problem(floors, [CentreSpec(1, "A", "", 0, 3)], {})
    result = highs_model.solve(problem, WEIGHTS["1/2/10"], {})
    assert result.optimal and result.shares == {1: {}} and result.objective == result.bound == 0.0
    assert highs_model.Model(problem, WEIGHTS["1/2/10"], {}).solve(1.0, below=0.0).infeasible  # nothing below 0


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=instances())
def test_highs_told_to_look_below_a_score_finds_the_optimum_below_it_or_proves_there_is_none(case):
    problem, weights, pins = case
    expected = brute_force(problem, weights, pins)
    if expected is None:
        return
    model = highs_model.Model(problem, weights, pins)
    assert model.solve(20, below=expected - 0.01).infeasible
    found = model.solve(20, below=expected + 0.01)  # the same model again: the bound is set anew
    assert found.optimal and found.objective == pytest.approx(expected, abs=1e-4)
    assert model.solve(20).objective == pytest.approx(expected, abs=1e-4)


def test_the_demo_building_with_a_low_split_weight_is_proven_by_the_state_bound_s_chains():
    """Weights 4/1/3: the programme's plan is 3.4 % above the optimum; refined near its bound the sparse bound takes
    0.2 s instead of 10, and its chains (47), each settled by HiGHS looking only below the best plan, prove the
    optimum HiGHS alone takes seconds for.  The optimiser's result is that optimum."""
    problem, weights = demo_building(), Weights(4, 1, 3)
    direct = highs_model.solve(problem, weights, {}, seconds=60)
    assert direct.optimal
    chains = set_programme.build(problem, weights, {})
    cutoff, _shares = split_programme.best_one_cut(chains)
    search = sparse_state_bound.Search(chains, cutoff)
    bound, plan = _realise_chains(problem, weights, {}, search, cutoff, math.inf, None)
    assert bound == pytest.approx(direct.objective, abs=1e-6)
    assert score(problem, plan, weights).total == pytest.approx(direct.objective, abs=1e-6)
    ours = optimise(problem, weights, {}, time_limit=60)
    assert ours.optimal and ours.objective == pytest.approx(direct.objective, abs=1e-4)


def test_a_model_solved_again_and_again_keeps_no_callbacks_of_earlier_runs():
    """The neighbourhood search solves one model tens of times a second: each run's handlers leave with it."""
    problem, pins = instance(4, 3, 1)
    model = highs_model.Model(problem, WEIGHTS["1/2/10"], pins)
    found = []
    for _run in range(3):
        result = model.solve(30, lambda: False, offered=lambda: None, improved=found.append)
        assert result.optimal and found  # the handlers took part in the run
        events = (model.h.cbMipInterrupt, model.h.cbMipUserSolution, model.h.cbMipImprovingSolution)
        assert all(not event.callbacks for event in events)
