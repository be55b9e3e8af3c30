"""A demo with decisions gives every list and the dashboard something realistic, deterministically."""

from inventar.models import Decision, Item, Need, Vote, open_store
from inventar.services.dashboard.figures import overview
from inventar.services.demo.data import create_demo
from inventar.services.needs.procurement import net
from inventar.services.photos.store import PhotoStore


def _signature():
    return sorted((d.item.uuid, d.kind, d.route, d.approval, d.quantity) for d in Decision.select().join(Item))


def test_demo_with_decisions(store, tmp_path):
    result = create_demo(PhotoStore(store.photo_dir), items=150, seed=5, decisions=True)
    assert result["decisions"] and result["votes"] and result["needs"]
    kinds = {k for k, in Decision.select(Decision.kind).tuples()}
    assert kinds == {"reuse", "dispose", "pending", "inspect"}
    approvals = {a for a, in Decision.select(Decision.approval).tuples()}
    assert {"none", "proposed", "approved"} <= approvals
    assert Decision.select().where(Decision.quantity.is_null(False)).exists(), "some items are split"
    assert Decision.select().where((Decision.kind == "dispose") & (Decision.route != "")).count() == \
        Decision.select().where(Decision.kind == "dispose").count(), "every disposal has a route"
    assert Decision.select().where(Decision.meeting_ref != "").exists()
    assert Vote.select().exists() and Need.select().exists()
    assert Item.select().where(Item.target_centre.is_null(False)).exists()
    assert not Item.select().where(Item.is_demo == False).exists()  # noqa: E712
    registered = [d for d, in Item.select(Item.registered_at).tuples()]
    assert (max(registered) - min(registered)).days >= 21, "registrations over several weeks"
    netting = net("proposed")
    assert any(line.covered for line in netting.lines) and netting.purchase_list
    assert sum(overview().co2_total) > 0
    first = _signature()
    store.close()
    other = open_store(tmp_path / "again.sqlite")
    try:
        create_demo(PhotoStore(other.photo_dir), items=150, seed=5, decisions=True)
        assert _signature() == first, "deterministic by seed"
    finally:
        other.close()
