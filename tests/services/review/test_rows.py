"""Review rows carry the decision summary; the history reads the audit trail in words."""

from inventar.domain.items import ItemData
from inventar.domain.review import PartSpec
from inventar.models import Centre
from inventar.services.items.service import ItemService
from inventar.services.review.decisions import BulkEdit, DecisionService
from inventar.services.review.rows import ReviewService


def test_rows_summarise_decisions_votes_and_targets(store):
    items = ItemService(user="jens")
    chairs = items.create(ItemData(category="chair", title="Syveren", quantity=40), label_code="HTK-1")
    lamp = items.create(ItemData(category="lamp", title="PH 5"))
    centre = Centre.create(name="HR-Centret", abbreviation="HRC")
    decisions = DecisionService(user="anna")
    decisions.split(chairs, [PartSpec(30, "reuse"), PartSpec(10, "dispose", "donate")])
    decisions.bulk([chairs], BulkEdit(target_centre_id=centre.id))
    decisions.vote(chairs, "reuse")
    DecisionService(user="bo").vote(chairs, "reuse")
    rows = {r.id: r for r in ReviewService().rows()}
    assert rows[chairs].decision_text == "30 × Genbrug + 10 × Kassér (doneres)"
    assert rows[chairs].kinds == ("reuse", "dispose")
    assert rows[chairs].matches_decision("kind:dispose") and not rows[chairs].matches_decision("kind:pending")
    assert rows[chairs].votes_text == "Genbrug 2"
    assert rows[chairs].target == "HRC"
    assert rows[lamp].matches_decision("kind:pending"), "no decision yet counts as afventer"
    assert [r.id for r in ReviewService().rows([lamp])] == [lamp]
    from inventar.models import Item
    Item.update(quantity=38).where(Item.id == chairs).execute()  # recounted after the split
    assert "delene giver 40 af 38 stk." in ReviewService().rows([chairs])[0].decision_text


def test_history_names_fields_and_values_in_danish(store):
    item = ItemService(user="jens").create(ItemData(category="chair", title="Myren"))
    service = DecisionService(user="anna")
    service.decide([item], "reuse", reason="Klassiker")
    service.decide([item], "dispose", "sell", reason="Slidt")
    lines = ReviewService().history(item)
    assert lines[-1].action == "Oprettet" and lines[-1].who == "jens"
    kind = next(line for line in lines if line.field.startswith("Beslutning · beslutning #") and line.before)
    assert (kind.who, kind.before, kind.after) == ("anna", "Genbrug", "Kassér")
    route = next(line for line in lines if line.field.startswith("Rute"))
    assert route.after == "Sælges"


def test_filter_combines_every_criterion(store):
    from inventar.models import Room
    from inventar.services.review.rows import ReviewFilter

    room = Room.create(floor=2, number="2.01", name="Kontor")
    items = ItemService(user="jens")
    gold = items.create(ItemData(category="armchair", title="Ægget", condition=4, hidden_gold=True,
                                 hidden_gold_reason="Sjælden", room_id=room.id))
    plain = items.create(ItemData(category="chair", title="Stablestol", condition=2,
                                  strategy_criteria=["period"]))
    DecisionService(user="anna").decide([plain], "dispose", "scrap")
    rows = ReviewService().rows()

    def ids(**kwargs):
        return [r.id for r in rows if ReviewFilter(**kwargs).accepts(r)]

    assert ids() == [gold, plain]
    assert ids(hidden_gold=True) == [gold]
    assert ids(floor=2) == [gold] and ids(room_id=room.id) == [gold]
    assert ids(criterion="period") == [plain] and ids(criterion="none") == [gold]
    assert ids(condition=2) == [plain]
    assert ids(decision="kind:dispose") == [plain] and ids(decision="kind:pending") == [gold]
    assert ids(registrar="jens", category="chair") == [plain]
    assert ids(text="ÆGGET") == [gold]
