"""Decisions, bulk edits, splits, votes and approval against a real SQLite file, with their inverses."""

from datetime import datetime

import pytest

from inventar.domain.items import ItemData
from inventar.domain.review import DecisionError, LockedError, PartSpec, StaleError
from inventar.models import AuditEntry, Centre, Decision, Floor, Item, Vote
from inventar.services.items.service import ItemService
from inventar.services.review.decisions import UNCHANGED, BulkEdit, DecisionService


@pytest.fixture
def items(store):
    service = ItemService(user="jens")
    return [service.create(ItemData(category="chair", title=f"Stol {n}", quantity=q))
            for n, q in enumerate([40, 1, 6])]


def kinds(item_id):
    return [(d.kind, d.route, d.quantity) for d in Decision.select().where(Decision.item == item_id).order_by(Decision.id)]


def test_decide_and_undo_restores_the_database(items):
    service = DecisionService(user="anna")
    change = service.decide(items, "dispose", "sell", "Slidt")
    assert all(kinds(i) == [("dispose", "sell", None)] for i in items)
    assert Decision.get(Decision.item == items[0]).decided_by == "anna"
    service.restore(change.before, change.after)
    assert Decision.select().count() == 0
    service.restore(change.after, change.before, "redo")
    assert all(kinds(i) == [("dispose", "sell", None)] for i in items)
    actions = {e.action for e in AuditEntry.select().where(AuditEntry.entity_id == items[0])}
    assert {"decide", "undo", "redo"} <= actions


def test_bad_kind_or_route_writes_nothing(items):
    service = DecisionService(user="anna")
    with pytest.raises(DecisionError, match="Kassér kræver en rute"):
        service.decide(items, "dispose")
    with pytest.raises(DecisionError, match="Rute kan kun"):
        service.decide(items, "reuse", "sell")
    with pytest.raises(DecisionError, match="Vælg mindst én"):
        service.decide([], "reuse")
    assert Decision.select().count() == 0


def test_bulk_sets_targets_and_keeps_what_is_unchanged(items):
    centre = Centre.create(name="Borger- og Arbejdsmarkedscenter", abbreviation="BAC")
    floor = Floor.create(level=0, name="Stueetage")
    service = DecisionService(user="anna")
    service.decide(items[:1], "reuse", reason="Klassiker")
    change = service.bulk(items, BulkEdit(target_centre_id=centre.id, target_floor_id=floor.id))
    assert {(i.target_centre_id, i.target_floor_id) for i in Item.select()} == {(centre.id, floor.id)}
    assert kinds(items[0]) == [("reuse", "", None)], "no kind given: the decision stays"
    service.restore(change.before, change.after)
    assert {(i.target_centre_id, i.target_floor_id) for i in Item.select()} == {(None, None)}
    with pytest.raises(DecisionError, match="center findes ikke"):
        service.bulk(items, BulkEdit(target_centre_id=999, target_floor_id=UNCHANGED))


def test_split_parts_sum_to_the_original_and_point_to_their_origin(items):
    service = DecisionService(user="anna")
    service.decide([items[0]], "reuse")
    origin = Decision.get(Decision.item == items[0]).id
    with pytest.raises(DecisionError, match="skal tilsammen give"):
        service.split(items[0], [PartSpec(30, "reuse"), PartSpec(5, "dispose", "donate")])
    change = service.split(items[0], [PartSpec(30, "reuse"), PartSpec(10, "dispose", "donate", "Slidte")])
    parts = list(Decision.select().where(Decision.item == items[0]).order_by(Decision.id))
    assert [(p.kind, p.route, p.quantity) for p in parts] == [("reuse", "", 30), ("dispose", "donate", 10)]
    assert sum(p.quantity for p in parts) == Item.get_by_id(items[0]).quantity == 40
    assert parts[0].id == origin and parts[1].split_from == origin
    service.restore(change.before, change.after)
    assert kinds(items[0]) == [("reuse", "", None)]


def test_split_without_earlier_decision_links_parts_to_the_first(items):
    service = DecisionService(user="anna")
    service.split(items[2], [PartSpec(4, "reuse"), PartSpec(1, "inspect"), PartSpec(1, "dispose", "scrap")])
    parts = list(Decision.select().where(Decision.item == items[2]).order_by(Decision.id))
    assert [p.split_from for p in parts] == [None, parts[0].id, parts[0].id]


def test_votes_one_per_reviewer_and_undoable(items):
    DecisionService(user="anna").vote(items[0], "reuse", comment="Flot")
    DecisionService(user="bo").vote(items[0], "dispose", "sell")
    change = DecisionService(user="anna").vote(items[0], "inspect", comment="Se benene")
    assert sorted(Vote.select(Vote.voter, Vote.kind).tuples()) == [("anna", "inspect"), ("bo", "dispose")]
    DecisionService(user="anna").restore(change.before, change.after)
    assert sorted(Vote.select(Vote.voter, Vote.kind).tuples()) == [("anna", "reuse"), ("bo", "dispose")]


def test_approved_decision_is_locked_until_reopened_with_a_reason(items):
    service = DecisionService(user="anna")
    service.decide(items, "reuse")
    with pytest.raises(DecisionError, match="mødereferencen"):
        service.approve(items, " ")
    with pytest.raises(DecisionError, match="indstillet"):
        service.approve(items, "Direktionsmøde 23-08-2021")
    service.propose(items)
    service.approve(items[:1], "Direktionsmøde 23-08-2021, pkt. 4", datetime(2021, 8, 23))
    decision = Decision.get(Decision.item == items[0])
    assert (decision.approval, decision.meeting_ref, decision.approved_at) == \
        ("approved", "Direktionsmøde 23-08-2021, pkt. 4", datetime(2021, 8, 23))
    with pytest.raises(LockedError, match="låst"):
        service.decide(items[:1], "dispose", "scrap")
    with pytest.raises(LockedError):
        service.split(items[0], [PartSpec(20, "reuse"), PartSpec(20, "dispose", "sell")])
    assert kinds(items[1]) == [("reuse", "", None)], "a refused action writes nothing at all"
    with pytest.raises(DecisionError, match="begrundelse"):
        service.reopen(items[:1], "")
    service.reopen(items[:1], "Centret vil alligevel ikke have dem")
    assert Decision.get(Decision.item == items[0]).approval == "none"
    reason = AuditEntry.get((AuditEntry.entity_id == items[0]) & (AuditEntry.field == "reopen_reason"))
    assert reason.after == "Centret vil alligevel ikke have dem" and reason.who == "anna"
    service.decide(items[:1], "dispose", "scrap")
    assert kinds(items[0]) == [("dispose", "scrap", None)]


def test_undo_is_refused_when_someone_changed_the_items(items):
    mine, theirs = DecisionService(user="anna"), DecisionService(user="bo")
    change = mine.decide(items, "reuse")
    theirs.decide(items[1:2], "dispose", "donate")
    with pytest.raises(StaleError):
        mine.restore(change.before, change.after)
    assert kinds(items[1]) == [("dispose", "donate", None)]
    assert kinds(items[0]) == [("reuse", "", None)]


@pytest.mark.postgres
def test_split_vote_and_undo_on_postgres(pg_url):
    from inventar.models import open_store

    store = open_store(pg_url)
    try:
        item = ItemService(user="jens").create(ItemData(category="chair", title="Syveren", quantity=40))
        service = DecisionService(user="anna")
        service.decide([item], "reuse")
        service.vote(item, "reuse", comment="Flot")
        change = service.split(item, [PartSpec(30, "reuse"), PartSpec(10, "dispose", "sell")])
        assert kinds(item) == [("reuse", "", 30), ("dispose", "sell", 10)]
        service.restore(change.before, change.after)
        assert kinds(item) == [("reuse", "", None)]
        service.restore(change.after, change.before, "redo")  # re-inserts the part with its old id
        assert kinds(item) == [("reuse", "", 30), ("dispose", "sell", 10)]
        later = service.decide([item], "inspect")
        assert kinds(item) == [("inspect", "", None)] and later.after[0].decisions[0].id is not None
    finally:
        store.close()


def test_a_locked_item_is_skipped_by_a_bulk_action_and_undo_restores_the_rest(items):
    service = DecisionService(user="anna")
    service.decide(items, "reuse")
    service.propose(items[:1])
    service.approve(items[:1], "Direktionsmøde 23-08-2021, pkt. 4")
    change = service.decide(items, "dispose", "scrap", "Slidt")
    assert change.skipped == ("Stol 0",)
    assert change.item_ids == items[1:]
    assert kinds(items[0]) == [("reuse", "", None)], "the locked item is untouched"
    assert kinds(items[1]) == kinds(items[2]) == [("dispose", "scrap", None)]
    service.restore(change.before, change.after)
    assert kinds(items[1]) == kinds(items[2]) == [("reuse", "", None)]
