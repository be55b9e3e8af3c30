"""Room-walk audit: found, missing, unexpected and unknown codes."""

from inventar.domain.items import ItemData
from inventar.models import Item, Room
from inventar.services.items.service import ItemService
from inventar.services.review.room_walk import RoomWalkService


def test_classify_lists_found_missing_unexpected_and_unknown(store):
    here = Room.create(floor=2, number="2.04", name="Kontor")
    there = Room.create(floor=1, number="1.07", name="Byrådssal")
    service = ItemService(user="jens")
    codes = {}
    for code, room in [("HTK-A1", here), ("HTK-A2", here), ("HTK-A3", here), ("HTK-B1", there)]:
        codes[code] = service.create(ItemData(category="chair", title=code, room_id=room.id), label_code=code)
    service.create(ItemData(category="lamp", title="Uden etiket", room_id=here.id))

    result = RoomWalkService().classify(here.id, ["htk-a1", " HTK-A2 ", "HTK-A2", "HTK-B1", "HTK-ZZ"])
    assert [i.label_code for i in result.found] == ["HTK-A1", "HTK-A2"]
    assert [i.label_code for i in result.missing] == ["HTK-A3"]
    assert [(i.label_code, i.room) for i in result.unexpected] == [("HTK-B1", "1.07 Byrådssal")]
    assert result.unknown == ["HTK-ZZ"]
    assert [i.title for i in result.unlabelled] == ["Uden etiket"]
    assert Item.select().count() == 5, "an audit only reads"
