"""The score of small stack plans, computed by hand."""

import pytest

from inventar.domain.placement import CentreSpec, FloorSpec, Problem, Weights, floor_distance, move, score

FLOORS = [FloorSpec(10, 0, "Stue", 40), FloorSpec(11, 1, "1. sal", 40)]
A = CentreSpec(1, "A", "Centre A", 20, 3)  # equal sizes: the contact part is exactly contact × floor
B = CentreSpec(2, "B", "Centre B", 20, 1)


def problem(floors=FLOORS):
    return Problem(floors, [A, B], {(1, 2): 4})


def test_unsplit_plan_is_contact_times_floor_plus_matrix_times_distance():
    result = score(problem(), {1: {10: 20}, 2: {11: 20}}, Weights(4, 1, 25))
    assert result.contact == 3 * 0 + 1 * 1
    assert result.collaboration == 4 * 1
    assert result.split == 0
    assert result.total == 4 * 1 + 1 * 4 + 0
    assert result.complete


def test_the_other_way_round_costs_more_contact():
    result = score(problem(), {1: {11: 20}, 2: {10: 20}}, Weights(4, 1, 25))
    assert (result.contact, result.collaboration, result.total) == (3, 4, 16)


def test_split_centre_uses_mean_floor_and_transport_distance():
    result = score(problem(), {1: {10: 20}, 2: {10: 10, 11: 10}}, Weights(4, 1, 25))
    assert result.contact == pytest.approx(0.5)  # B's mean floor is 0.5
    assert result.collaboration == pytest.approx(4 * 0.5)  # half of B is one floor from A
    assert result.split == 1
    assert result.total == pytest.approx(4 * 0.5 + 2 + 25)
    assert [c.split for c in result.centres] == [0, 1]


def test_distance_counts_levels_not_floor_positions():
    floors = [FloorSpec(10, 0, "Stue", 30), FloorSpec(11, 1, "1. sal", 30), FloorSpec(12, 3, "3. sal", 30)]
    p = problem(floors)
    assert floor_distance(p, {10: 10}, {12: 20}) == 3
    assert floor_distance(p, {10: 5, 12: 5}, {11: 20}) == pytest.approx(0.5 * 1 + 0.5 * 2)
    assert score(p, {1: {12: 20}, 2: {12: 20}}).contact == 3 * 3 + 1 * 3


def test_split_counts_the_floors_a_centre_spans_not_only_those_it_uses():
    floors = [FloorSpec(10, 0, "Stue", 30), FloorSpec(11, 1, "1. sal", 30), FloorSpec(12, 3, "3. sal", 30)]
    p = problem(floors)
    # B on the ground floor and 3. sal with 1. sal between: it spans two extra floors of the building
    result = score(p, {1: {11: 20}, 2: {10: 10, 12: 10}}, Weights(4, 1, 25))
    assert [c.split for c in result.centres] == [0, 2]
    assert result.total == pytest.approx(4 * (3 * 1 + 1 * 1.5) + 1 * 4 * 1.5 + 25 * 2)
    # on neighbouring floors only one; a level gap (1 -> 3) is still one floor of the building
    assert score(p, {1: {10: 20}, 2: {11: 10, 12: 10}}).split == 1


def test_contact_is_weighted_by_size_relative_to_the_average_centre():
    small, big = CentreSpec(1, "S", "Small", 10, 3), CentreSpec(2, "L", "Large", 30, 3)  # average 20
    p = Problem(FLOORS, [small, big])
    assert score(p, {1: {11: 10}, 2: {10: 30}}).contact == pytest.approx(3 * 1 * 10 / 20)
    assert score(p, {1: {10: 10}, 2: {11: 30}}).contact == pytest.approx(3 * 1 * 30 / 20)


def test_unplaced_and_overfull_floors_are_reported():
    floors = [FloorSpec(10, 0, "Stue", 15), FloorSpec(11, 1, "1. sal", 30)]
    result = score(problem(floors), {1: {10: 10}, 2: {10: 10}})
    assert result.unplaced == 20
    assert result.over_capacity == {10: 5}
    assert not result.complete


def test_costliest_pairs_and_centres():
    result = score(problem(), {1: {11: 20}, 2: {10: 20}}, Weights(4, 1, 25))
    assert [(p.a, p.b, p.cost) for p in result.costliest_pairs()] == [(1, 2, 4)]
    assert [c.centre_id for c in result.costliest_centres()] == [1, 2]  # A: 4·3 + 2, B: 2


def test_move_whole_and_part():
    shares = {1: {10: 10}, 2: {11: 20}}
    assert move(shares, 2, 11, 10, 5) == {1: {10: 10}, 2: {11: 15, 10: 5}}
    assert move(shares, 1, 10, None, 10) == {1: {}, 2: {11: 20}}
    assert shares == {1: {10: 10}, 2: {11: 20}}  # unchanged
    with pytest.raises(ValueError):
        move(shares, 1, 10, 11, 11)


def test_an_incomplete_plan_never_scores_better_than_a_complete_one():
    floors = [FloorSpec(10, 0, "Stue", 40), FloorSpec(11, 1, "1. sal", 40), FloorSpec(12, 2, "2. sal", 40)]
    p = problem(floors)
    worst_complete = max(score(p, {1: {a: 20}, 2: {b: 20}}).total for a in (10, 11, 12) for b in (10, 11, 12))
    for a in (10, 11, 12):
        one_placed = score(p, {1: {a: 20}, 2: {}})
        assert one_placed.penalty > 0 and one_placed.total > worst_complete
        assert score(p, {1: {}, 2: {}}).total > one_placed.total, "unplacing more never lowers the total"
    assert score(p, {1: {10: 20}, 2: {11: 20}}).penalty == 0
