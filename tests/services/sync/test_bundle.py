"""Offline bundles between real SQLite files: round trip, idempotence, conflicts, damaged files."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest
from PIL import Image

from inventar.domain.items import ItemData
from inventar.models import AuditEntry, Decision, Item, Photo, Room, open_store
from inventar.services.items.service import ItemService
from inventar.services.labels.codes import LabelCodeService
from inventar.services.photos.store import PhotoStore
from inventar.services.sync.bundle import export_bundle, import_bundle, pending_changes
from inventar.services.sync.bundle_format import BundleError
from tests.support.databases import use


def _photo(store, tmp_path, colour):
    path = tmp_path / f"{colour}.jpg"
    Image.new("RGB", (64, 48), colour).save(path)
    stored = PhotoStore(store.photo_dir).import_file(path)
    return stored.file_hash


def _register(store, tmp_path, title="Syveren", with_photo=True):
    use(store)
    room = Room.get_or_none(Room.number == "1.07") or Room.create(floor=1, number="1.07", name="Byrådssal")
    service = ItemService(user="jens")
    item_id = service.create(ItemData(category="chair", title=title, material="Teak", quantity=4, room_id=room.id))
    LabelCodeService("jens").assign_missing([item_id])
    if with_photo:
        Photo.create(item=item_id, file_hash=_photo(store, tmp_path, "red"), original_name="a.jpg", is_primary=True)
    Decision.create(item=item_id, kind="reuse", reason="Klassiker", decided_by="jens")
    return item_id


def _snapshot(store):
    use(store)
    return {
        "items": sorted((i.uuid, i.title, i.material, i.quantity, i.label_code, i.row_version)
                        for i in Item.select()),
        "photos": sorted((p.item.uuid, p.file_hash, p.is_primary) for p in Photo.select()),
        "decisions": sorted((d.uuid, d.kind, d.reason) for d in Decision.select()),
        "rooms": sorted((r.building, r.floor, r.number) for r in Room.select()),
        "audit": AuditEntry.select().count(),
    }


def test_round_trip_between_two_sqlite_files_and_idempotent(laptop, office, tmp_path):
    _register(laptop, tmp_path, "Syveren")
    _register(laptop, tmp_path, "Ægget")
    bundle = tmp_path / "out.inventar-bundle"
    use(laptop)
    result = export_bundle(laptop, bundle)
    assert result.counts["item"] == 2 and result.counts["photo"] == 2 and result.photo_files == 2
    assert pending_changes(laptop) == {"item": 0, "decision": 0}
    laptop_view = _snapshot(laptop)

    use(office)
    first = import_bundle(office, bundle)
    assert first.inserted["item"] == 2 and first.inserted["decision"] == 2 and not first.conflicts
    office_view = _snapshot(office)
    for key in ("items", "photos", "decisions", "rooms"):
        assert office_view[key] == laptop_view[key]
    assert office_view["audit"] == laptop_view["audit"]
    file_hash = Photo.select().first().file_hash
    assert PhotoStore(office.photo_dir).has(file_hash)

    second = import_bundle(office, bundle)  # twice = no change
    assert not second.changed and not second.conflicts
    assert _snapshot(office) == office_view


def test_only_changes_since_last_bundle_travel_and_update_the_other_side(laptop, office, tmp_path):
    item_id = _register(laptop, tmp_path)
    _register(laptop, tmp_path, "Ægget")
    use(laptop)
    export_bundle(laptop, tmp_path / "one.zip")
    use(office)
    import_bundle(office, tmp_path / "one.zip")

    use(laptop)
    service = ItemService(user="jens")
    detail = service.get(item_id)
    detail.data.material = "Eg"
    service.update(item_id, detail.data, detail.row_version)
    result = export_bundle(laptop, tmp_path / "two.zip")
    assert result.counts["item"] == 1  # only the changed one

    use(office)
    merged = import_bundle(office, tmp_path / "two.zip")
    assert merged.updated == {"item": 1} and not merged.conflicts
    assert Item.get(Item.uuid == detail.uuid).material == "Eg"
    assert not import_bundle(office, tmp_path / "two.zip").changed


def test_both_sides_changed_is_a_conflict_and_nothing_is_overwritten(laptop, office, tmp_path):
    item_id = _register(laptop, tmp_path)
    use(laptop)
    export_bundle(laptop, tmp_path / "one.zip")
    uuid = Item.get_by_id(item_id).uuid
    use(office)
    import_bundle(office, tmp_path / "one.zip")
    office_item = Item.get(Item.uuid == uuid)
    service = ItemService(user="anne")
    detail = service.get(office_item.id)
    detail.data.title = "Syveren (kontor)"
    service.update(office_item.id, detail.data, detail.row_version)

    use(laptop)
    detail = ItemService(user="jens").get(item_id)
    detail.data.title = "Syveren (bærbar)"
    detail.data.quantity = 6
    ItemService(user="jens").update(item_id, detail.data, detail.row_version)
    export_bundle(laptop, tmp_path / "two.zip")

    use(office)
    result = import_bundle(office, tmp_path / "two.zip")
    assert len(result.conflicts) == 1
    conflict = result.conflicts[0]
    assert {f.name for f in conflict.fields} == {"title", "quantity"}
    title = next(f for f in conflict.fields if f.name == "title")
    assert (title.mine, title.theirs) == ("Syveren (bærbar)", "Syveren (kontor)")
    assert Item.get(Item.uuid == uuid).title == "Syveren (kontor)"
    assert any("Syveren (kontor)" in line for line in conflict.report_lines())


def _rewrite(bundle, target, member, change):
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == member:
                data = change(data)
            out.writestr(info.filename, data)


@pytest.mark.parametrize("damage", ["tampered_row", "tampered_photo", "tampered_manifest", "truncated", "extra_file",
                                    "escaping_member", "not_zip"])
def test_damaged_or_tampered_bundle_writes_nothing(laptop, office, tmp_path, damage):
    _register(laptop, tmp_path)
    use(laptop)
    bundle = tmp_path / "good.zip"
    export_bundle(laptop, bundle)
    bad = tmp_path / "bad.zip"
    if damage == "tampered_row":
        _rewrite(bundle, bad, "rows/item.json", lambda d: d.replace(b"Syveren", b"Syveren!"))
    elif damage == "tampered_photo":
        with zipfile.ZipFile(bundle) as source:
            photo = next(n for n in source.namelist() if n.startswith("photos/"))
        _rewrite(bundle, bad, photo, lambda d: d[:-10] + b"0123456789")
    elif damage == "escaping_member":  # listed with a correct checksum, but a path a bundle cannot have
        evil = b"not a photo"

        def change(data):
            manifest = json.loads(data)
            manifest["files"]["photos/../../evil.jpg"] = {"sha256": hashlib.sha256(evil).hexdigest(),
                                                          "size": len(evil)}
            return json.dumps(manifest).encode()
        _rewrite(bundle, bad, "manifest.json", change)
        with zipfile.ZipFile(bad, "a") as archive:
            archive.writestr("photos/../../evil.jpg", evil)
    elif damage == "tampered_manifest":
        def change(data):
            manifest = json.loads(data)
            manifest["tables"]["item"]["rows"] = 5
            return json.dumps(manifest).encode()
        _rewrite(bundle, bad, "manifest.json", change)
    elif damage == "truncated":
        bad.write_bytes(bundle.read_bytes()[:-200])
    elif damage == "extra_file":
        _rewrite(bundle, bad, "", lambda d: d)
        with zipfile.ZipFile(bad, "a") as archive:
            archive.writestr("rows/evil.json", b"[]")
    else:
        bad.write_bytes(b"not a zip at all")
    use(office)
    before = _snapshot(office)
    photos_before = sorted(p.name for p in office.photo_dir.rglob("*") if p.is_file())
    with pytest.raises(BundleError) as error:
        import_bundle(office, bad)
    assert str(error.value)
    assert _snapshot(office) == before
    assert sorted(p.name for p in office.photo_dir.rglob("*") if p.is_file()) == photos_before


def test_label_code_clash_keeps_both_items_and_asks_for_a_new_label(laptop, office, tmp_path):
    _register(laptop, tmp_path, with_photo=False)
    use(laptop)
    code = Item.select().first().label_code
    sent = Item.select().first().uuid
    export_bundle(laptop, tmp_path / "one.zip")
    use(office)
    ItemService(user="anne").create(ItemData(category="desk", title="Andet bord"), label_code=code)
    result = import_bundle(office, tmp_path / "one.zip")
    assert Item.select().count() == 2, "the laptop's item arrives, with a new code"
    arrived = Item.get(Item.uuid == sent)
    assert arrived.label_code != code and arrived.label_code
    assert len(result.relabel) == 1 and code in result.relabel[0] and arrived.label_code in result.relabel[0]
    assert AuditEntry.select().where((AuditEntry.entity_id == arrived.id) & (AuditEntry.action == "relabel")).exists()
    # the new code goes back to the laptop with the office's next bundle
    export_bundle(office, tmp_path / "back.zip")
    use(laptop)
    import_bundle(laptop, tmp_path / "back.zip")
    assert Item.get(Item.uuid == sent).label_code == arrived.label_code


def test_two_laptops_seeded_with_the_same_series_lose_no_item(office, tmp_path):
    """Both laptops import the same seed bundle (same series, same device name): both make HTK-xx0001-?;
    the office keeps both items, relabels one and says so; nothing is skipped, exit status stays success."""
    use(office)
    seed = export_bundle(office, tmp_path / "seed.zip", everything=True, for_laptop="kælder")
    ids = []
    for name in ("a", "b"):
        laptop = open_store(tmp_path / f"{name}.sqlite")
        assert import_bundle(laptop, tmp_path / "seed.zip").label_prefix == seed.label_prefix
        item_id = ItemService(user=name).create(ItemData(category="chair", title=f"Stol fra {name}"))
        LabelCodeService(name).assign_missing([item_id])
        ids.append(Item.get_by_id(item_id).label_code)
        export_bundle(laptop, tmp_path / f"back-{name}.zip")
        laptop.close()
    assert ids[0] == ids[1], "the same series on both laptops: the same first code"
    use(office)
    first = import_bundle(office, tmp_path / "back-a.zip")
    second = import_bundle(office, tmp_path / "back-b.zip")
    assert first.inserted["item"] == 1 and second.inserted["item"] == 1 and not second.problems
    assert len(second.relabel) == 1
    codes = [i.label_code for i in Item.select().where(Item.title.startswith("Stol fra"))]
    assert len(codes) == 2 and len(set(codes)) == 2


def test_laptops_seeded_from_the_office_get_their_own_label_series(office, tmp_path):
    """Office -> two offline laptops -> back: every code distinct, no clash reported."""
    use(office)
    ItemService(user="anne").create(ItemData(category="desk", title="Kontorets bord"))
    LabelCodeService("anne").assign_missing([i.id for i in Item.select()])
    prefixes = []
    for name in ("laptop-1", "laptop-2"):
        use(office)
        result = export_bundle(office, tmp_path / f"seed-{name}.zip", everything=True, for_laptop=name)
        prefixes.append(result.label_prefix)
        laptop = open_store(tmp_path / f"{name}.sqlite")
        imported = import_bundle(laptop, tmp_path / f"seed-{name}.zip")
        assert imported.label_prefix == result.label_prefix and not imported.problems
        for number in range(30):
            item_id = ItemService(user=name).create(ItemData(category="chair", title=f"{name} {number}"))
            LabelCodeService(name).assign_missing([item_id])
        export_bundle(laptop, tmp_path / f"back-{name}.zip")
        laptop.close()
    assert len(set(prefixes)) == 2
    use(office)
    for name in ("laptop-1", "laptop-2"):
        result = import_bundle(office, tmp_path / f"back-{name}.zip")
        assert result.inserted["item"] == 30 and not result.problems and not result.conflicts
    codes = [i.label_code for i in Item.select()]
    assert len(codes) == 61 and len(set(codes)) == 61 and None not in codes
    assert {c[4:6] for c in codes if c} >= set(prefixes)


def test_decision_changes_travel_and_conflict_like_items(laptop, office, tmp_path):
    from inventar.services.sync.conflicts import update_decision

    _register(laptop, tmp_path, with_photo=False)
    use(laptop)
    export_bundle(laptop, tmp_path / "1.zip")
    decision_uuid = Decision.get().uuid
    use(office)
    import_bundle(office, tmp_path / "1.zip")

    use(laptop)
    decision = Decision.get()
    update_decision(decision.id, {"kind": "dispose", "route": "donate"}, decision.row_version, "jens")
    export_bundle(laptop, tmp_path / "2.zip")
    use(office)
    result = import_bundle(office, tmp_path / "2.zip")
    assert result.updated == {"decision": 1}
    assert (Decision.get(Decision.uuid == decision_uuid).kind, Decision.get().route) == ("dispose", "donate")

    here = Decision.get()
    update_decision(here.id, {"route": "sell"}, here.row_version, "anne")
    use(laptop)
    decision = Decision.get()
    update_decision(decision.id, {"route": "recycle"}, decision.row_version, "jens")
    export_bundle(laptop, tmp_path / "3.zip")
    use(office)
    result = import_bundle(office, tmp_path / "3.zip")
    assert [c.entity for c in result.conflicts] == ["decision"]
    assert [f.name for f in result.conflicts[0].fields] == ["route"]
    assert result.conflicts[0].title == "Beslutning for Syveren"
    assert Decision.get().route == "sell"


def test_room_conflicts_name_the_rooms(laptop, office, tmp_path):
    item_id = _register(laptop, tmp_path, with_photo=False)
    use(laptop)
    export_bundle(laptop, tmp_path / "1.zip")
    uuid = Item.get_by_id(item_id).uuid
    Room.create(floor=2, number="2.10", name="Mødelokale")
    use(office)
    import_bundle(office, tmp_path / "1.zip")
    Room.create(floor=0, number="0.04", name="Kantine")
    item = Item.get(Item.uuid == uuid)
    service = ItemService(user="anne")
    detail = service.get(item.id)
    detail.data.room_id = Room.get(Room.number == "0.04").id
    service.update(item.id, detail.data, detail.row_version)
    use(laptop)
    detail = ItemService(user="jens").get(item_id)
    detail.data.room_id = Room.get(Room.number == "2.10").id
    ItemService(user="jens").update(item_id, detail.data, detail.row_version)
    export_bundle(laptop, tmp_path / "2.zip")
    use(office)
    conflict = import_bundle(office, tmp_path / "2.zip").conflicts[0]
    room = next(f for f in conflict.fields if f.name == "room_id")
    assert (room.label, room.mine_text, room.theirs_text) == ("Rum", "2.10 Mødelokale", "0.04 Kantine")
