"""The local search that gives the optimiser its starting plan."""

import random

from inventar.domain.placement import CentreSpec, FloorSpec, Problem, Weights, score
from inventar.services.placement.local_search import improve
from inventar.services.placement.optimiser import greedy_stack


def random_problem(seed):
    rng = random.Random(seed)
    centres = [CentreSpec(i + 1, f"C{i}", "", rng.randint(3, 30), rng.randint(0, 5)) for i in range(8)]
    cap = sum(c.workplaces for c in centres) // 3 + 5
    floors = [FloorSpec(10 + k, k, f"{k}", cap) for k in range(4)]
    matrix = {(a, b): rng.randint(0, 9) for a in range(1, 9) for b in range(a + 1, 9)}
    return Problem(floors, centres, matrix)


def upside_down(problem, shares):
    """The same stacking with the floors in reverse order: the citizen-facing centres end up at the top."""
    levels = [f.id for f in problem.floors]
    mirror = dict(zip(levels, reversed(levels)))
    return {centre: {mirror[f]: n for f, n in floors.items()} for centre, floors in shares.items()}


def test_improves_a_bad_plan_never_breaks_capacity_and_keeps_pins():
    weights = Weights()
    for seed in range(5):
        problem = random_problem(seed)
        good = greedy_stack(problem, {})
        start = upside_down(problem, good)  # all floors have the same capacity: still complete
        before = score(problem, start, weights)
        assert before.complete
        assert before.total > score(problem, good, weights).total, "the upside-down plan should be worse"
        pins = {(1, f): n for f, n in start[1].items()}
        better = improve(problem, start, weights, pins, seconds=2)
        after = score(problem, better, weights)
        assert after.complete  # everyone placed, no floor over capacity
        assert after.total < before.total, f"seed {seed}: no improvement on a plan known to be improvable"
        assert better[1] == start[1]


def test_brings_two_close_collaborators_together():
    centres = [CentreSpec(1, "A", "", 10, 0), CentreSpec(2, "B", "", 10, 0)]
    floors = [FloorSpec(10 + k, k, f"{k}", 20) for k in range(4)]
    problem = Problem(floors, centres, {(1, 2): 9})
    start = {1: {10: 10}, 2: {13: 10}}  # three floors apart, though one floor holds both
    better = improve(problem, start, Weights(), {}, seconds=2)
    assert score(problem, better).total < score(problem, start).total
    assert len({f for floors in better.values() for f in floors}) == 1, better
