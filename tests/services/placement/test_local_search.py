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


def test_improves_never_breaks_capacity_and_keeps_pins():
    for seed in range(5):
        problem = random_problem(seed)
        pins = {(1, 13): problem.centre(1).workplaces}
        start = greedy_stack(problem, pins)
        assert score(problem, start).complete
        better = improve(problem, start, Weights(), pins, seconds=2)
        after = score(problem, better, Weights())
        assert after.complete  # everyone placed, no floor over capacity
        assert after.total <= score(problem, start, Weights()).total
        assert better[1] == {13: problem.centre(1).workplaces}
