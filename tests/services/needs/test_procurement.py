"""Procurement netting on a small case computed by hand (see the table in the test)."""

import pytest

from inventar.models import Centre, Decision, Floor, Item
from inventar.services.needs.norm import NeedService, NormLine
from inventar.services.needs.procurement import net


@pytest.fixture
def case(store):
    a = Centre.create(name="Center A", abbreviation="A", headcount=12)
    b = Centre.create(name="Center B", abbreviation="B", headcount=5)
    f1 = Floor.create(level=1, name="1. sal")
    f2 = Floor.create(level=2, name="2. sal")
    needs = NeedService()
    needs.save_norm([NormLine("desk", 1, 1), NormLine("task_chair", 1, 1), NormLine("meeting_table", 1, 10)])
    needs.set_need(a.id, "desk", 8, floor_id=f1.id)
    needs.set_need(a.id, "desk", 4, floor_id=f2.id)
    needs.set_need(b.id, "meeting_table", 0)

    def item(category, quantity, centre=None, floor=None, kind="reuse", approval="approved", part=None):
        it = Item.create(category=category, quantity=quantity, target_centre=centre, target_floor=floor)
        Decision.create(item=it, kind=kind, approval=approval, quantity=part)

    item("desk", 5, a, f1)
    item("desk", 6, a, f2, part=4)  # 4 of the 6 are reused
    item("task_chair", 10, a, f1)
    item("task_chair", 3, a, f2, approval="proposed")
    item("meeting_table", 1, b, f1)
    item("chair", 4)  # reused, not placed yet: the pool, no need for chairs anywhere
    item("desk", 6)  # pooled desks: cover what A and B still lack, in abbreviation order
    item("task_chair", 2, approval="proposed")  # pooled, only on the "proposed" basis
    item("desk", 2, b, kind="dispose")
    item("desk", 3, b, approval="rejected")
    return store


def _table(result):
    return {(l.centre, l.category): (l.needed, l.reused, l.covered, l.covered_by_pool, l.to_buy, l.surplus)
            for l in result.lines}


def test_approved_reuse_only(case):
    result = net("approved")
    # one line per centre and category; floors do not split a line
    #                                 needed reused covered pool to_buy surplus
    assert _table(result) == {
        ("A", "desk"):                 (12,    9,     12,     3,   0,     0),  # 8 + 4 on floors; 5 + 4 own, 3 pooled
        ("A", "task_chair"):           (12,    10,    10,     0,   2,     0),  # norm 12; own chairs on floor 1 count
        ("A", "meeting_table"):        (2,     0,     0,      0,   2,     0),  # ceil(12 / 10)
        ("B", "desk"):                 (5,     0,     3,      3,   2,     0),  # the last 3 of the 6 pooled desks
        ("B", "task_chair"):           (5,     0,     0,      0,   5,     0),
        ("B", "meeting_table"):        (0,     1,     0,      0,   0,     1),  # B entered 0 meeting tables
        ("", "desk"):                  (0,     6,     0,      0,   0,     0),  # the pool, all placed
        ("", "chair"):                 (0,     4,     0,      0,   0,     4),  # not needed anywhere: surplus
    }
    assert [(l.centre, l.category) for l in result.lines][-2:] == [("", "desk"), ("", "chair")]
    assert sum(l.to_buy for l in result.purchase_list) == 11
    assert sum(l.surplus for l in result.surplus_lines) == 5
    totals = result.totals_by_category()
    assert totals["desk"] == {"needed": 17, "reused": 15, "covered": 15, "to_buy": 2, "surplus": 0}
    assert totals["task_chair"] == {"needed": 17, "reused": 10, "covered": 10, "to_buy": 7, "surplus": 0}
    for row in totals.values():
        assert row["reused"] == row["covered"] + row["surplus"]


def test_proposed_reuse_counts_too(case):
    table = _table(net("proposed"))
    assert table[("A", "task_chair")] == (12, 13, 12, 0, 0, 1)  # 10 on floor 1 + 3 proposed on floor 2
    assert table[("B", "task_chair")] == (5, 0, 2, 2, 3, 0)  # the 2 pooled proposed chairs
    assert table[("", "task_chair")] == (0, 2, 0, 0, 0, 0)
    assert sum(v[4] for v in table.values()) == 7


def test_unknown_basis_is_refused(case):
    with pytest.raises(ValueError):
        net("maybe")
