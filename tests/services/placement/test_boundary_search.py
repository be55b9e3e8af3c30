"""The boundary search against brute force on tiny instances and against HiGHS on issue 18's 4/1/0 family."""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inventar.domain.placement import Weights, score
from inventar.services.placement import boundary_search, highs_model
from tests.support.placement_instances import WEIGHTS, instance
from tests.support.stacking_brute import brute_force
from tests.support.stacking_cases import assert_plan_holds, tiny_problems


@st.composite
def instances(draw):
    """Up to 4 floors and 3 centres, any split weight (the search is exact for every weight; the optimiser uses it
    at weight 0 only), part of the first centre pinned to a floor now and then."""
    problem, weights = draw(tiny_problems(floors=(2, 4), levels=(-1, 4), centres=lambda _floors: 3, sizes=(1, 5),
                                          always_room=True, split=(0, 0, 2, 25)))
    pins = {}
    if draw(st.booleans()):
        centre, floor = problem.centres[0], draw(st.sampled_from(problem.floors))
        n = draw(st.integers(0, centre.workplaces))
        if n <= floor.capacity:
            pins[centre.id, floor.id] = n
    return problem, weights, pins


def _far() -> float:
    return time.perf_counter() + 60


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_search_finds_the_brute_force_optimum_and_proves_it(case):
    problem, weights, pins = case
    expected = brute_force(problem, weights, pins)
    outcome = boundary_search.search(problem, weights, pins, _far())
    if expected is None:  # the pins leave no plan: nothing found, nothing "proven" below infinity
        assert outcome.shares is None
        return
    assert outcome.shares is not None
    assert_plan_holds(problem, outcome.shares, pins)
    assert score(problem, outcome.shares, weights).total == pytest.approx(expected, abs=1e-6)
    assert outcome.bound == pytest.approx(expected, abs=1e-6)
    # given the optimum as the plan to beat: nothing below it, and the bound proves it
    again = boundary_search.search(problem, weights, pins, _far(), best=expected)
    assert again.shares is None and again.proves(expected)
    # given a plan above it: the optimum again
    above = boundary_search.search(problem, weights, pins, _far(), best=expected + 1)
    assert score(problem, above.shares, weights).total == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("seed", [2, 5])
def test_the_4_1_0_family_is_proven_at_highs_optimum(seed):
    """Seeds whose boundaries' optima break a tie (2 and 4 nodes): the branch and bound ends on HiGHS's optimum."""
    problem, pins = instance(10, 5, seed, density=0.5, slack=1.3, odd_levels=True)
    weights = WEIGHTS["4/1/0"]
    outcome = boundary_search.search(problem, weights, pins, _far())
    highs = highs_model.solve(problem, weights, pins, seconds=60)
    assert highs.optimal and outcome.nodes > 1
    assert outcome.proves(highs.objective) and outcome.bound <= highs.objective + 1e-6
    assert score(problem, outcome.shares, weights).total == pytest.approx(highs.objective, abs=1e-6)
    assert_plan_holds(problem, outcome.shares, pins)


def test_a_pinned_tight_building_is_proven_at_highs_optimum():
    """The first centre pinned whole to the top floor, floors 2 % above the need: the pin's ties hold."""
    problem, pins = instance(10, 5, 1, density=0.5, slack=1.02, odd_levels=True, pinned=True)
    weights = WEIGHTS["4/1/0"]
    outcome = boundary_search.search(problem, weights, pins, _far())
    highs = highs_model.solve(problem, weights, pins, seconds=60)
    assert highs.optimal
    assert score(problem, outcome.shares, weights).total == pytest.approx(highs.objective, abs=1e-6)
    assert outcome.proves(highs.objective)
    assert_plan_holds(problem, outcome.shares, pins)


def test_a_stop_or_a_past_deadline_returns_a_valid_bound_at_once():
    problem, pins = instance(10, 5, 2, density=0.5, slack=1.3, odd_levels=True)
    weights = WEIGHTS["4/1/0"]
    optimum = boundary_search.search(problem, weights, pins, _far()).bound
    started = time.perf_counter()
    stopped = boundary_search.search(problem, weights, pins, _far(), should_stop=lambda: True)
    late = boundary_search.search(problem, weights, pins, time.perf_counter())
    assert time.perf_counter() - started < 1.0
    for outcome in (stopped, late):
        assert outcome.bound <= optimum + 1e-9 and not outcome.proves(optimum)


def test_fits_two_floors_or_more_and_fewer_centres_with_a_split_weight():
    problem, _pins = instance(10, 5, 0)
    assert boundary_search.fits(problem, Weights(4, 1, 0)) and boundary_search.fits(problem, Weights(4, 1, 0.5))
    one_floor, _pins = instance(4, 1, 0)
    assert not boundary_search.fits(one_floor, Weights(4, 1, 0))
    between, _pins = instance(boundary_search.MAX_SPLIT_CENTRES + 1, 5, 0)
    assert boundary_search.fits(between, Weights(4, 1, 0)) and not boundary_search.fits(between, Weights(4, 1, 2))
    many, _pins = instance(boundary_search.MAX_CENTRES + 1, 5, 0)
    assert not boundary_search.fits(many, Weights(4, 1, 0))
    largest, _pins = instance(boundary_search.MAX_BOUND_CENTRES, 5, 0)
    assert boundary_search.root_fits(largest) and not boundary_search.root_fits(one_floor)
    assert not boundary_search.root_fits(instance(boundary_search.MAX_BOUND_CENTRES + 1, 5, 0)[0])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_boundaries_optima_alone_bound_every_plan(case):
    problem, weights, pins = case
    expected = brute_force(problem, weights, pins)
    bound = boundary_search.root_bound(problem, weights, pins, _far())
    if expected is not None:
        assert bound <= expected + 1e-6


@pytest.mark.parametrize("seed", [0, 1])
def test_the_root_bound_lies_below_the_proven_optimum_and_a_past_deadline_gives_no_bound(seed):
    from inventar.services.placement.optimiser import optimise

    problem, pins = instance(8, 4, seed, density=0.5, slack=1.02)
    weights = WEIGHTS["1/2/10"]
    optimum = optimise(problem, weights, pins, time_limit=30)
    bound = boundary_search.root_bound(problem, weights, pins, _far())
    assert optimum.optimal and 0.5 * optimum.objective < bound <= optimum.objective + 1e-6
    assert boundary_search.root_bound(problem, weights, pins, time.perf_counter()) <= bound
