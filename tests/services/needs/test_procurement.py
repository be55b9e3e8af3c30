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
    item("chair", 4)  # reused, not placed yet
    item("desk", 2, b, kind="dispose")
    item("desk", 3, b, approval="rejected")
    return store


def _table(result):
    return {(l.centre, l.floor_level, l.category): (l.needed, l.reused, l.covered, l.to_buy, l.surplus)
            for l in result.lines}


def test_approved_reuse_only(case):
    result = net("approved")
    #                                       needed reused covered to_buy surplus
    assert _table(result) == {
        ("A", None, "task_chair"):            (12,    0,     10,     2,     0),  # norm 12 x 1; F1 chairs cover 10
        ("A", None, "meeting_table"):         (2,     0,     0,      2,     0),  # ceil(12 / 10)
        ("A", 1, "desk"):                     (8,     5,     5,      3,     0),
        ("A", 1, "task_chair"):               (0,     10,    0,      0,     0),  # used for A's centre-wide need
        ("A", 2, "desk"):                     (4,     4,     4,      0,     0),  # decision quantity 4 of 6
        ("B", None, "desk"):                  (5,     0,     0,      5,     0),
        ("B", None, "task_chair"):            (5,     0,     0,      5,     0),
        ("B", 1, "meeting_table"):            (0,     1,     0,      0,     1),  # B entered 0 meeting tables
        ("", None, "chair"):                  (0,     4,     0,      0,     4),  # not placed: surplus
    }
    assert sum(l.to_buy for l in result.purchase_list) == 17
    assert sum(l.surplus for l in result.surplus_lines) == 5
    totals = result.totals_by_category()
    assert totals["desk"] == {"needed": 17, "reused": 9, "covered": 9, "to_buy": 8, "surplus": 0}
    assert totals["task_chair"] == {"needed": 17, "reused": 10, "covered": 10, "to_buy": 7, "surplus": 0}


def test_proposed_reuse_counts_too(case):
    table = _table(net("proposed"))
    assert table[("A", None, "task_chair")] == (12, 0, 12, 0, 0)  # 10 from F1 + 2 of the 3 proposed on F2
    assert table[("A", 2, "task_chair")] == (0, 3, 0, 0, 1)
    assert sum(v[3] for v in table.values()) == 15


def test_unknown_basis_is_refused(case):
    with pytest.raises(ValueError):
        net("maybe")
