"""Property: whatever both sides edit between bundles, an import never loses an update silently.

A small model keeps, per item, the title the laptop last sent (its base).  At each import: a
laptop that did not change it brings nothing; an office still at the base takes the laptop's
title; an office that already has the laptop's title stays; otherwise both changed it and a
conflict is reported with the office's title kept.  Row versions alone cannot decide this (each
database counts its own changes: found by this test), so the bundle compares content.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inventar.domain.items import ItemData
from inventar.models import Item, db_proxy, open_store
from inventar.services.items.service import ItemService
from inventar.services.sync.bundle import export_bundle, import_bundle

ITEMS = 3
steps = st.lists(st.one_of(
    st.tuples(st.sampled_from(["laptop", "office"]), st.integers(0, ITEMS - 1), st.sampled_from(["A", "B", "C"])),
    st.just(("sync", 0, "")),
), min_size=1, max_size=12)


def _edit(uuid: str, title: str) -> None:
    service = ItemService(user="t")
    item = Item.get(Item.uuid == uuid)
    detail = service.get(item.id)
    detail.data.title = title
    service.update(item.id, detail.data, detail.row_version)


def _titles() -> dict[str, str]:
    return {i.uuid: i.title for i in Item.select()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps)
def test_no_silent_lost_update(actions):
    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        laptop = open_store(work / "laptop.sqlite")
        uuids = []
        for _n in range(ITEMS):
            ItemService(user="t").create(ItemData(category="chair", title="start"))
        uuids = [i.uuid for i in Item.select().order_by(Item.id)]
        export_bundle(laptop, work / "seed.zip")
        office = open_store(work / "office.sqlite")
        import_bundle(office, work / "seed.zip")
        stores = {"laptop": laptop, "office": office}
        base = dict.fromkeys(uuids, "start")
        try:
            for number, (who, index, title) in enumerate(actions + [("sync", 0, "")]):
                if who != "sync":
                    db_proxy.initialize(stores[who].db)
                    _edit(uuids[index], title)
                    continue
                db_proxy.initialize(laptop.db)
                laptop_titles = _titles()
                export_bundle(laptop, work / f"{number}.zip")
                db_proxy.initialize(office.db)
                office_before = _titles()
                result = import_bundle(office, work / f"{number}.zip")
                office_after = _titles()
                conflicts = {c.key for c in result.conflicts}
                for uuid in uuids:
                    mine, here = laptop_titles[uuid], office_before[uuid]
                    if mine == base[uuid] or mine == here:
                        expected, conflict = here, False
                    elif here == base[uuid]:
                        expected, conflict = mine, False
                    else:
                        expected, conflict = here, True
                    assert office_after[uuid] == expected, (uuid, actions)
                    assert (uuid in conflicts) == conflict, (uuid, actions)
                    base[uuid] = mine
                again = import_bundle(office, work / f"{number}.zip")
                assert not again.changed and _titles() == office_after
        finally:
            laptop.close()
            office.close()
