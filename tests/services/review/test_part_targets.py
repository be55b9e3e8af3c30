"""A split part's own target centre: stored per decision, shown, counted per centre, undone, carried in bundles."""

import pytest

from inventar.domain.items import ItemData
from inventar.domain.review import DecisionError, PartSpec
from inventar.models import Centre, Decision, Floor, Item, Placement, Scenario
from inventar.services.excel.decision_text import decision_texts
from inventar.services.excel.exports import board_rows
from inventar.services.items.service import ItemService
from inventar.services.needs.norm import NeedService, NormLine
from inventar.services.needs.procurement import net
from inventar.services.placement.service import PlacementService
from inventar.services.review.decisions import BulkEdit, DecisionService
from inventar.services.review.rows import ReviewService


@pytest.fixture
def chairs(store):
    """40 chairs for ØK on 2. sal; BU sits on 1. sal in the active plan."""
    ok = Centre.create(name="Økonomi", abbreviation="ØK", headcount=30)
    bu = Centre.create(name="Børn og Unge", abbreviation="BU", headcount=10)
    f1 = Floor.create(level=1, name="1. sal", capacity=50)
    f2 = Floor.create(level=2, name="2. sal", capacity=50)
    scenario = Scenario.create(name="Plan", is_active=True)
    Placement.create(scenario=scenario, centre=ok, floor=f2, workplaces=30)
    Placement.create(scenario=scenario, centre=bu, floor=f1, workplaces=10)
    item = ItemService(user="jens").create(ItemData(category="chair", title="Syveren", quantity=40))
    DecisionService(user="anna").bulk([item], BulkEdit(kind="reuse", target_centre_id=ok.id, target_floor_id=f2.id))
    return item, ok, bu, f1, f2


def test_each_part_keeps_its_own_target_and_undo_restores_it(chairs):
    item, ok, bu, f1, f2 = chairs
    service = DecisionService(user="anna")
    change = service.split(item, [PartSpec(20, "reuse"), PartSpec(12, "reuse", target_centre_id=bu.id),
                                  PartSpec(8, "dispose", "sell")])
    parts = list(Decision.select().where(Decision.item == item).order_by(Decision.id))
    assert [(p.kind, p.quantity, p.target_centre_id) for p in parts] == \
        [("reuse", 20, None), ("reuse", 12, bu.id), ("dispose", 8, None)]
    assert [d.target_centre_id for d in service.state(item).decisions] == [None, bu.id, None]
    assert Item.get_by_id(item).target_centre_id == ok.id  # the item keeps its own target

    service.restore(change.before, change.after)
    assert [(d.kind, d.quantity, d.target_centre_id) for d in Decision.select().where(Decision.item == item)] == \
        [("reuse", None, None)]
    service.restore(change.after, change.before, "redo")
    assert Decision.get((Decision.item == item) & (Decision.quantity == 12)).target_centre_id == bu.id


def test_only_reused_parts_get_a_centre_and_it_must_exist(chairs):
    item, _ok, bu, _f1, _f2 = chairs
    service = DecisionService(user="anna")
    with pytest.raises(DecisionError, match="kun en del, der genbruges"):
        service.split(item, [PartSpec(30, "reuse"), PartSpec(10, "dispose", "sell", target_centre_id=bu.id)])
    with pytest.raises(DecisionError, match="findes ikke"):
        service.split(item, [PartSpec(30, "reuse"), PartSpec(10, "reuse", target_centre_id=9999)])
    assert [(d.quantity, d.target_centre_id) for d in Decision.select()] == [(None, None)]


def test_rows_history_and_lists_show_the_part_target(chairs):
    item, ok, bu, _f1, _f2 = chairs
    DecisionService(user="anna").split(item, [PartSpec(28, "reuse"), PartSpec(12, "reuse", target_centre_id=bu.id)])
    row = ReviewService().rows([item])[0]
    assert row.decision_text == "28 × Genbrug + 12 × Genbrug → BU"
    assert row.target == "ØK · 2. sal; BU · 1. sal (12 stk.)"  # BU's main floor in the active plan
    history = ReviewService().history(item)
    created = [h for h in history if h.action == "Opdeling" and "12 stk." in h.after]
    assert created and "→ BU" in created[0].after
    assert decision_texts()[item] == "28 stk. Genbrug (Ikke indstillet); 12 stk. Genbrug → BU (Ikke indstillet)"

    DecisionService(user="anna").propose([item])
    rows = {r[11]: r for r in board_rows()}  # by quantity
    assert (rows[28][14], rows[28][16], rows[28][17]) == ("ØK", 2, "2. sal")
    assert (rows[12][14], rows[12][15], rows[12][16], rows[12][17]) == ("BU", "Børn og Unge", 1, "1. sal")


def test_a_changed_part_target_is_in_the_history(chairs):
    item, _ok, bu, _f1, _f2 = chairs
    service = DecisionService(user="anna")
    service.split(item, [PartSpec(30, "reuse"), PartSpec(10, "reuse")])
    service.split(item, [PartSpec(30, "reuse"), PartSpec(10, "reuse", target_centre_id=bu.id)])
    lines = [h for h in ReviewService().history(item) if h.field.startswith("Målcenter · beslutning")]
    assert [(h.before, h.after) for h in lines] == [("", "BU")]


def test_procurement_counts_each_part_at_its_own_centre(chairs):
    item, ok, bu, _f1, _f2 = chairs
    needs = NeedService()
    needs.save_norm([NormLine("chair", 1, 1)])
    needs.set_need(ok.id, "chair", 25)
    needs.set_need(bu.id, "chair", 10)
    service = DecisionService(user="anna")
    service.split(item, [PartSpec(28, "reuse"), PartSpec(12, "reuse", target_centre_id=bu.id)])
    service.propose([item])
    table = {(l.centre, l.category): (l.needed, l.reused, l.covered, l.to_buy, l.surplus) for l in net("proposed").lines}
    assert table == {("ØK", "chair"): (25, 28, 25, 0, 3), ("BU", "chair"): (10, 12, 10, 0, 2)}
    assert net("approved").lines[0].reused == 0  # proposed only: not on the approved basis


def test_deleting_the_part_centre_sends_the_part_back_to_the_item_target(chairs):
    item, ok, bu, _f1, _f2 = chairs
    DecisionService(user="anna").split(item, [PartSpec(28, "reuse"), PartSpec(12, "reuse", target_centre_id=bu.id)])
    part = Decision.get(Decision.target_centre == bu.id)
    PlacementService(user="anna").delete_centre(bu.id)
    again = Decision.get_by_id(part.id)
    assert again.target_centre_id is None and again.row_version == part.row_version + 1  # travels in the next bundle
