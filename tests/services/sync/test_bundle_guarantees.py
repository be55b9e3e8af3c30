"""Bundles from outside: values checked like the form's, approved decisions locked, bounded, no symlinks.

Every refusal is driven through the real CLI (``bundle import``) and leaves the database and the photo
folder exactly as they were."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest
from PIL import Image

from inventar.cli import main
from inventar.domain.items import ItemData
from inventar.models import AuditEntry, Decision, Item, Photo, Room
from inventar.services.items.service import ItemService
from inventar.services.labels.codes import LabelCodeService
from inventar.services.photos.store import PhotoStore
from inventar.services.sync.bundle import export_bundle
from tests.support.databases import use


def _register(store, tmp_path):
    use(store)
    room = Room.create(floor=1, number="1.07", name="Byrådssal")
    item_id = ItemService(user="jens").create(ItemData(category="chair", title="Syveren", quantity=4, room_id=room.id))
    LabelCodeService("jens").assign_missing([item_id])
    image = tmp_path / "red.jpg"
    Image.new("RGB", (64, 48), "red").save(image)
    Photo.create(item=item_id, file_hash=PhotoStore(store.photo_dir).import_file(image).file_hash,
                 original_name="a.jpg", is_primary=True)
    Decision.create(item=item_id, kind="reuse", reason="Klassiker", decided_by="jens")
    return item_id


def _forge(bundle, target, rows=None, add=None):
    """Rewrite ``bundle`` with changed rows and/or added files, checksums made right again."""
    with zipfile.ZipFile(bundle) as source:
        files = {name: source.read(name) for name in source.namelist()}
    manifest = json.loads(files.pop("manifest.json"))
    for table, change in (rows or {}).items():
        records = json.loads(files[f"rows/{table}.json"])
        change(records)
        files[f"rows/{table}.json"] = json.dumps(records).encode()
        manifest["tables"][table]["rows"] = len(records)
    files.update(add or {})
    manifest["files"] = {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                         for name, data in files.items()}
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for name, data in files.items():
            out.writestr(name, data)
        out.writestr("manifest.json", json.dumps(manifest))
    return target


def _office_state(office):
    use(office)
    files = sorted(p.relative_to(office.photo_dir).as_posix() for p in office.photo_dir.rglob("*") if p.is_file())
    return Item.select().count(), Photo.select().count(), Decision.select().count(), files


def _refused(office, bundle, capsys, *expected):
    before = _office_state(office)
    assert main(["--db", str(office.target), "bundle", "import", str(bundle)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fejl: ") and len(err.strip().splitlines()) <= 2, err  # the error, "Intet er skrevet."
    for text in expected:
        assert text in err, err
    assert _office_state(office) == before
    return err


def _set(field, value):
    def change(records):
        records[0][field] = value
    return change


@pytest.mark.parametrize(("field", "value", "reason"), [
    ("quantity", "many", "quantity"),
    ("quantity", -3, "quantity"),
    ("quantity", 10**12, "quantity"),
    ("width_cm", 1e9, "width_cm"),
    ("category", "rumskib", "category"),
    ("title", "x" * 1000, "title"),
    ("title", "Stol\x00<script>", "kontroltegn"),
    ("description", ["a", "list"], "tekst"),
    ("hidden_gold", "yes", "hidden_gold"),
    ("room_id", ["Rådhuset", 9, "9.99"], "findes"),
    ("target_centre_id", ["XX"], "findes"),
    ("target_floor_id", [99], "findes"),
])
def test_bad_item_values_refuse_the_whole_bundle(laptop, office, tmp_path, capsys, field, value, reason):
    _register(laptop, tmp_path)
    use(laptop)
    export_bundle(laptop, tmp_path / "good.zip")
    bad = _forge(tmp_path / "good.zip", tmp_path / "bad.zip", rows={"item": _set(field, value)})
    _refused(office, bad, capsys, "item", field, reason)


def test_bad_decision_values_are_refused(laptop, office, tmp_path, capsys):
    _register(laptop, tmp_path)
    use(laptop)
    export_bundle(laptop, tmp_path / "good.zip")
    bad = _forge(tmp_path / "good.zip", tmp_path / "bad.zip", rows={"decision": _set("kind", "burn")})
    _refused(office, bad, capsys, "decision", "kind")


def test_approved_decision_stays_locked_against_a_bundle(laptop, office, tmp_path, capsys):
    _register(laptop, tmp_path)
    use(laptop)
    export_bundle(laptop, tmp_path / "1.zip")
    use(office)
    assert main(["--db", str(office.target), "bundle", "import", str(tmp_path / "1.zip")]) == 0
    use(office)
    Decision.update(approval="approved", meeting_ref="DIR 12/2026", row_version=Decision.row_version + 1).execute()
    export_bundle(office, tmp_path / "2.zip")  # the laptop learns the approval
    use(laptop)
    assert main(["--db", str(laptop.target), "bundle", "import", str(tmp_path / "2.zip")]) == 0
    use(laptop)
    decision = Decision.get()
    assert decision.approval == "approved"
    Decision.update(kind="dispose", route="sell", row_version=Decision.row_version + 1).execute()
    export_bundle(laptop, tmp_path / "3.zip")
    use(office)
    audit_before = AuditEntry.select().count()
    capsys.readouterr()
    assert main(["--db", str(office.target), "bundle", "import", str(tmp_path / "3.zip")]) == 3  # conflicts
    out = capsys.readouterr().err
    use(office)
    assert Decision.get().kind == "reuse"
    assert AuditEntry.select().count() == audit_before
    assert "1 konflikter" in out and "Beslutning for Syveren" in out


def test_html_planted_as_a_photo_is_refused(laptop, office, tmp_path, capsys):
    _register(laptop, tmp_path)
    use(laptop)
    export_bundle(laptop, tmp_path / "good.zip")
    name = "photos/ab/ab" + "3" * 62 + ".jpg"
    bad = _forge(tmp_path / "good.zip", tmp_path / "bad.zip", add={name: b"<html><script>x()</script></html>"})
    _refused(office, bad, capsys, "ikke et billede")


def test_small_bundle_writing_a_huge_photo_is_refused(laptop, office, tmp_path, capsys):
    _register(laptop, tmp_path)
    use(laptop)
    export_bundle(laptop, tmp_path / "good.zip")
    name = "photos/ab/ab" + "4" * 62 + ".jpg"
    bad = _forge(tmp_path / "good.zip", tmp_path / "bad.zip", add={name: b"\xff\xd8\xff" + b"\0" * (40 << 20)})
    assert bad.stat().st_size < 2 << 20
    _refused(office, bad, capsys, "for stor")


@pytest.mark.parametrize("name", ["photos/D:evil.jpg", "photos/ab/aux.jpg", "CON", "photos/ab/../../x.jpg"])
def test_unsafe_names_are_refused(laptop, office, tmp_path, capsys, name):
    _register(laptop, tmp_path)
    use(laptop)
    export_bundle(laptop, tmp_path / "good.zip")
    bad = _forge(tmp_path / "good.zip", tmp_path / "bad.zip", add={name: b"\xff\xd8\xff"})
    _refused(office, bad, capsys)
    assert not (tmp_path / "x.jpg").exists()


def test_export_does_not_follow_a_symlinked_photo(laptop, tmp_path):
    _register(laptop, tmp_path)
    use(laptop)
    photo = PhotoStore(laptop.photo_dir).path_for(Photo.get().file_hash)
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"private")
    photo.unlink()
    photo.symlink_to(secret)
    export_bundle(laptop, tmp_path / "out.zip")
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert all(archive.read(name) != b"private" for name in archive.namelist())
