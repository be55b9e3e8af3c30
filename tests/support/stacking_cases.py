"""Tiny stacking instances for the brute-force checks (hypothesis strategies): small enough to try every plan."""

import itertools
from collections.abc import Callable

from hypothesis import strategies as st

from inventar.domain.placement import CentreSpec, FloorSpec, Problem, Weights


@st.composite
def tiny_problems(draw, floors: tuple[int, int] = (1, 4), levels: tuple[int, int] = (0, 5),
                  centres: Callable[[int], int] = lambda n_floors: 3 if n_floors > 2 else 4,
                  sizes: tuple[int, int] = (0, 4), capacity: tuple[int, int] = (0, 5), always_room: bool = False,
                  contact=(0, 1, 4), collaboration=(0, 1, 3), split=(0, 1, 5, 25)) -> tuple[Problem, Weights]:
    """A problem of ``floors`` floors at distinct levels in ``levels``, up to ``centres(n_floors)`` centres of
    ``sizes`` workplaces, floors of ``capacity`` (the top floor raised to room for everyone: always, or by chance),
    any matrix values, and weights drawn from the three choices."""
    n_floors = draw(st.integers(*floors))
    floor_levels = sorted(draw(st.lists(st.integers(*levels), min_size=n_floors, max_size=n_floors, unique=True)))
    n_centres = draw(st.integers(1, centres(n_floors)))
    specs = [CentreSpec(i + 1, f"C{i}", f"C{i}", draw(st.integers(*sizes)), draw(st.integers(0, 5)))
             for i in range(n_centres)]
    need = sum(c.workplaces for c in specs)
    caps = [draw(st.integers(*capacity)) for _ in range(n_floors)]
    if always_room or draw(st.booleans()):
        caps[-1] += max(0, need - sum(caps))
    floor_specs = [FloorSpec(100 + i, level, f"F{level}", cap) for i, (level, cap) in enumerate(zip(floor_levels, caps))]
    matrix = {(a.id, b.id): draw(st.integers(0, 9)) for a, b in itertools.combinations(specs, 2)}
    weights = Weights(draw(st.sampled_from(contact)), draw(st.sampled_from(collaboration)), draw(st.sampled_from(split)))
    return Problem(floor_specs, specs, matrix), weights


def whole_pin(draw, problem: Problem) -> dict[int, int]:
    """Maybe the first centre pinned whole to a floor (centre id -> floor id)."""
    first = problem.centres[0]
    if draw(st.booleans()) and first.workplaces:
        return {first.id: problem.floors[draw(st.integers(0, len(problem.floors) - 1))].id}
    return {}


def assert_plan_holds(problem: Problem, shares, pins) -> None:
    """Every floor within its capacity, every centre placed in full, every pin kept."""
    for floor in problem.floors:
        assert sum(s.get(floor.id, 0) for s in shares.values()) <= floor.capacity
    for centre in problem.centres:
        assert sum(shares[centre.id].values()) == centre.workplaces
    for (c, f), n in pins.items():
        assert shares[c].get(f, 0) == n
