"""A split part's own target centre travels in bundles like the other decision fields."""

from inventar.domain.items import ItemData
from inventar.domain.review import PartSpec
from inventar.models import Centre, Decision
from inventar.services.items.service import ItemService
from inventar.services.review.decisions import DecisionService
from inventar.services.sync.bundle import export_bundle, import_bundle
from inventar.services.sync.bundle_format import SPECS, content_hash
from tests.support.databases import use


def test_part_targets_travel_in_bundles_by_centre_abbreviation(laptop, office, tmp_path):
    for store in (office, laptop):
        use(store)
        if store is office:  # ids differ between the databases: the bundle names centres by abbreviation
            Centre.create(name="Andet", abbreviation="AN")
        Centre.create(name="Børn og Unge", abbreviation="BU")
    use(laptop)
    item = ItemService(user="jens").create(ItemData(category="chair", title="Syveren", quantity=40))
    bu = Centre.get(Centre.abbreviation == "BU")
    DecisionService(user="anna").split(item, [PartSpec(28, "reuse"), PartSpec(12, "reuse", target_centre_id=bu.id)])
    export_bundle(laptop, tmp_path / "1.zip")
    use(office)
    import_bundle(office, tmp_path / "1.zip")
    office_bu = Centre.get(Centre.abbreviation == "BU")
    assert sorted((d.quantity, d.target_centre_id) for d in Decision.select()) == [(12, office_bu.id), (28, None)]

    use(laptop)  # changing only the part's target travels as an update
    DecisionService(user="anna").split(item, [PartSpec(28, "reuse"), PartSpec(12, "reuse")])
    export_bundle(laptop, tmp_path / "2.zip")
    use(office)
    result = import_bundle(office, tmp_path / "2.zip")
    assert result.updated == {"decision": 1} and not result.conflicts
    assert sorted((d.quantity, d.target_centre_id) for d in Decision.select()) == [(12, None), (28, None)]


def test_rows_hashed_before_part_targets_keep_their_hash():
    """A decision without a part target hashes as it did before the field existed (no false conflicts)."""
    import hashlib
    import json

    spec = SPECS["decision"]
    record = {"kind": "reuse", "route": "", "reason": "Klassiker", "quantity": 4, "decided_by": "jens",
              "approval": "none", "meeting_ref": "", "approved_at": None}
    before = [None if record[n] in ("", None) else (float(record[n]) if isinstance(record[n], int) else record[n])
              for n in ("kind", "route", "reason", "quantity", "decided_by", "approval", "meeting_ref",
                        "approved_at")]
    old_hash = hashlib.sha256(json.dumps(before, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()
    assert content_hash(spec, {**record, "target_centre_id": None}) == old_hash
    assert content_hash(spec, {**record, "target_centre_id": ["BU"]}) != old_hash
