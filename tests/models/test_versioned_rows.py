"""Every write path that changes an item or a decision marks it changed (row version, change time), so the
next bundle carries it and other laptops' live refresh sees it; the sync bookkeeping itself does not."""

from __future__ import annotations

import json
import zipfile

from inventar.domain.items import ItemData
from inventar.models import Item, open_store
from inventar.services.items.service import ItemService
from inventar.services.labels.codes import LabelCodeService
from inventar.services.placement.service import PlacementService
from inventar.services.sync.bundle import export_bundle


def _versions(ids):
    return {i.id: (i.row_version, i.updated_at) for i in Item.select().where(Item.id.in_(ids))}


def _bundle_uuids(path):
    with zipfile.ZipFile(path) as archive:
        return {row["uuid"] for row in json.loads(archive.read("rows/item.json"))}


def test_stack_plan_centre_and_floor_changes_travel(store, tmp_path):
    placement = PlacementService("arkitekt")
    placement.save_floor(None, 0, "Stueetage", 40)
    first = placement.save_floor(None, 1, "1. sal", 40)
    bac = placement.save_centre(None, "Borgerservice", "BAC", 20, 5, "#e67e22")
    items = ItemService(user="pedel")
    ids = [items.create(ItemData(category="chair", title=f"Stol {n}")) for n in range(3)]
    Item.update(target_centre=bac, row_version=Item.row_version).where(Item.id.in_(ids)).execute()
    export_bundle(store, tmp_path / "first.inventar-bundle")  # everything has travelled now
    assert not _bundle_uuids(export_bundle(store, tmp_path / "empty.inventar-bundle").path)

    scenario = placement.active_scenario()
    placement.save_plan(scenario.id, {bac: {first: 20}})
    placement.sync_item_floors()  # the items follow their centre to 1. sal
    assert {i.target_floor_id for i in Item.select()} == {first}
    moved = _bundle_uuids(export_bundle(store, tmp_path / "moved.inventar-bundle").path)
    assert moved == {i.uuid for i in Item.select()}, "items whose target floor changed travel"

    before = _versions(ids)
    placement.delete_centre(bac)
    after = _versions(ids)
    assert all(after[i][0] == before[i][0] + 1 and after[i][1] > before[i][1] for i in ids)
    placement.delete_floor(first)
    assert all(i.row_version == after[i.id][0] + 1 and i.target_floor_id is None for i in Item.select())


def test_printed_labels_mark_the_item_changed_but_sync_bookkeeping_does_not(store):
    items = ItemService(user="pedel")
    item_id = items.create(ItemData(category="desk"))
    codes = LabelCodeService(user="pedel")
    codes.assign_missing([item_id])
    version = Item.get_by_id(item_id).row_version
    codes.mark_printed(codes.label_rows([item_id]))
    assert Item.get_by_id(item_id).row_version == version + 1
    Item.update(synced_version=version + 1, synced_hash="x" * 64).where(Item.id == item_id).execute()
    assert Item.get_by_id(item_id).row_version == version + 1, "recording what travelled is not a change"


def test_the_same_on_postgresql(pg_url, tmp_path):
    store = open_store(pg_url, photo_dir=str(tmp_path / "fotos"))
    try:
        placement = PlacementService("arkitekt")
        floor = placement.save_floor(None, 2, "2. sal", 40)
        centre = placement.save_centre(None, "IT", "IT", 10, 0, "#2c3e50")
        item_id = ItemService(user="pedel").create(ItemData(category="desk"))
        Item.update(target_centre=centre, target_floor=floor).where(Item.id == item_id).execute()
        version = Item.get_by_id(item_id).row_version
        placement.delete_floor(floor)
        assert Item.get_by_id(item_id).row_version == version + 1
    finally:
        store.close()
