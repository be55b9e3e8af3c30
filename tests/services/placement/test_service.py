"""Floors, centres, matrix, scenarios and plans through PlacementService, on a real SQLite file."""

import pytest

from inventar.domain.placement import Weights
from inventar.models import Collaboration, Floor, Item, Placement, Scenario
from inventar.services.items.service import ItemService
from inventar.services.placement.service import DEFAULT_SCENARIO, PlacementError, PlacementService


@pytest.fixture
def building(store):
    service = PlacementService("test")
    floors = [service.save_floor(None, level, name, cap) for level, name, cap in
              ((0, "Stueetage", 50), (1, "1. sal", 50), (2, "2. sal", 50))]
    centres = [service.save_centre(None, name, abbr, n, contact) for name, abbr, n, contact in
               (("Borgerservice", "BAC", 40, 5), ("IT", "IT", 20, 0), ("HR-Centret", "HRC", 25, 1))]
    return service, floors, centres


def test_first_use_creates_the_active_default_scenario(building):
    service, floors, centres = building
    scenario = service.active_scenario()
    assert scenario.name == DEFAULT_SCENARIO and scenario.is_active
    assert service.active_scenario().id == scenario.id
    assert service.shares(scenario.id) == {c: {} for c in centres}


def test_plan_round_trip_with_pins(building):
    service, (f0, f1, f2), (bac, it, hr) = building
    scenario = service.active_scenario()
    service.save_plan(scenario.id, {bac: {f0: 40}, it: {f1: 10, f2: 10}, hr: {f2: 25}}, {bac})
    assert service.shares(scenario.id) == {bac: {f0: 40}, it: {f1: 10, f2: 10}, hr: {f2: 25}}
    assert service.pins(scenario.id) == {(bac, f0): 40}
    assert service.pinned_centres(scenario.id) == {bac}


def test_bad_plans_write_nothing(building):
    service, (f0, f1, f2), (bac, it, hr) = building
    scenario = service.active_scenario()
    service.save_plan(scenario.id, {bac: {f0: 40}})
    with pytest.raises(PlacementError, match="BAC er placeret med flere arbejdspladser"):
        service.save_plan(scenario.id, {bac: {f0: 40, f1: 1}})
    with pytest.raises(PlacementError, match="Ukendt etage"):
        service.save_plan(scenario.id, {it: {9999: 5}})
    assert service.shares(scenario.id)[bac] == {f0: 40}


def test_matrix_is_symmetric_and_validated(building):
    service, floors, (bac, it, hr) = building
    service.set_collaboration(hr, bac, 7)
    assert service.problem().value(bac, hr) == 7 == service.problem().value(hr, bac)
    assert Collaboration.select().count() == 1
    service.set_collaboration(bac, hr, 0)
    assert Collaboration.select().count() == 0
    with pytest.raises(PlacementError, match="fra 0 til 9"):
        service.set_collaboration(bac, hr, 10)
    with pytest.raises(PlacementError, match="sig selv"):
        service.set_collaboration(bac, bac, 3)


def test_floor_and_centre_validation(building):
    service, (f0, f1, f2), (bac, it, hr) = building
    with pytest.raises(PlacementError, match="Niveau 1 bruges allerede af 1. sal"):
        service.save_floor(f0, 1, "Stueetage", 50)
    with pytest.raises(PlacementError, match="negativ"):
        service.save_floor(None, 5, "5. sal", -1)
    with pytest.raises(PlacementError, match="Forkortelsen IT bruges allerede"):
        service.save_centre(None, "Noget andet", "IT", 3, 0)
    with pytest.raises(PlacementError, match="0 \\(ingen\\) til 5"):
        service.save_centre(bac, "Borgerservice", "BAC", 40, 6)
    assert Floor.get_by_id(f0).level == 0


def test_items_follow_their_centre(building):
    service, (f0, f1, f2), (bac, it, hr) = building
    chairs = Item.create(category="chair", title="Syveren", target_centre=bac)
    desk = Item.create(category="desk", title="Skrivebord", target_centre=it)
    loose = Item.create(category="lamp", title="PH 5", target_floor=f2)  # placed directly on a floor
    scenario = service.active_scenario()
    moved = service.save_plan(scenario.id, {bac: {f0: 30, f1: 10}, it: {f1: 12, f2: 8}})
    assert moved == 2
    assert Item.get_by_id(chairs.id).target_floor_id == f0  # the floor with most of BAC
    assert Item.get_by_id(desk.id).target_floor_id == f1
    # moving the centre moves its items
    service.save_plan(scenario.id, {bac: {f2: 40}, it: {f1: 12, f2: 8}})
    assert Item.get_by_id(chairs.id).target_floor_id == f2
    assert Item.get_by_id(loose.id).target_floor_id == f2
    rows = {r.id: r.target for r in ItemService().list_rows()}  # the item list shows it
    assert rows[chairs.id] == "2. sal · BAC" and rows[loose.id] == "2. sal"
    # an unplaced centre's items have no target floor; a floor item is left alone
    service.save_plan(scenario.id, {it: {f0: 20}})
    assert Item.get_by_id(chairs.id).target_floor_id is None
    assert Item.get_by_id(desk.id).target_floor_id == f0
    assert Item.get_by_id(loose.id).target_floor_id == f2
    assert {r.id: r.target for r in ItemService().list_rows()}[chairs.id] == "ikke placeret · BAC"


def test_scenarios_copy_activate_and_delete(building):
    service, (f0, f1, f2), (bac, it, hr) = building
    chairs = Item.create(category="chair", title="Syveren", target_centre=bac)
    first = service.active_scenario()
    service.save_plan(first.id, {bac: {f0: 40}})
    service.set_weights(first.id, Weights(2, 3, 50))
    second = service.save_scenario_as(first.id, "Alternativ")
    assert service.scenario(second).weights == Weights(2, 3, 50)
    assert service.shares(second)[bac] == {f0: 40}
    service.save_plan(second, {bac: {f2: 40}})  # not active: items stay
    assert Item.get_by_id(chairs.id).target_floor_id == f0
    assert service.activate(second) == 1
    assert Item.get_by_id(chairs.id).target_floor_id == f2
    with pytest.raises(PlacementError, match="findes allerede"):
        service.save_scenario_as(second, "alternativ")
    with pytest.raises(PlacementError, match="aktive scenarie"):
        service.delete_scenario(second)
    service.delete_scenario(first.id)
    assert [s.name for s in service.scenarios()] == ["Alternativ"]
    assert Placement.select().join(Scenario).where(Scenario.id == first.id).count() == 0


def test_deleting_a_centre_clears_matrix_plan_and_item_targets(building):
    service, (f0, f1, f2), (bac, it, hr) = building
    item = Item.create(category="chair", title="x", target_centre=bac)
    service.set_collaboration(bac, it, 5)
    service.save_plan(service.active_scenario().id, {bac: {f0: 40}})
    service.delete_centre(bac)
    assert Collaboration.select().count() == 0
    assert Placement.select().count() == 0
    assert Item.get_by_id(item.id).target_centre_id is None


@pytest.mark.postgres
def test_plan_on_postgresql(pg_url):
    from inventar.models import open_store

    store = open_store(pg_url)
    try:
        service = PlacementService("pg")
        f0 = service.save_floor(None, 0, "Stueetage", 50)
        bac = service.save_centre(None, "Borgerservice", "BAC", 40, 5)
        it = service.save_centre(None, "IT", "IT", 5, 0)
        service.set_collaboration(it, bac, 4)
        Item.create(category="chair", title="x", target_centre=bac)
        scenario = service.active_scenario()
        assert service.save_plan(scenario.id, {bac: {f0: 40}}, {bac}) == 1
        assert service.pins(scenario.id) == {(bac, f0): 40}
        assert service.problem().matrix == {(bac, it): 4}
    finally:
        store.close()


def test_a_centre_that_shrinks_gives_back_workplaces_from_the_top(building):
    service, (f0, f1, f2), (bac, it, hr) = building
    first = service.active_scenario()
    service.save_plan(first.id, {bac: {f0: 20, f1: 10, f2: 10}})
    other = service.save_scenario_as(first.id, "B")
    service.save_centre(bac, "Borgerservice", "BAC", 25, 5)
    assert service.shares(first.id)[bac] == {f0: 20, f1: 5}
    assert service.shares(other)[bac] == {f0: 20, f1: 5}
    service.save_centre(bac, "Borgerservice", "BAC", 60, 5)  # growing leaves the rest unplaced
    assert service.shares(first.id)[bac] == {f0: 20, f1: 5}
