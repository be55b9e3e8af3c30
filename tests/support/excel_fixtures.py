"""The shared Excel test data (imported by the conftest files of the Excel tests)."""

import io
from datetime import datetime

import pytest
from PIL import Image

from inventar.models import Centre, Decision, Floor, Item, Photo, Room
from inventar.services.photos.store import PhotoStore


def _jpeg(colour) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), colour).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def furnished(store):
    """A small database: two rooms, two centres, two floors, five items (two with photos), decisions."""
    photos = PhotoStore(store.photo_dir)
    r1 = Room.create(floor=1, number="1.07", name="Byrådssal")
    r2 = Room.create(floor=-1, number="K.02", name="Arkiv")
    bac = Centre.create(name="Borger- og Arbejdsmarkedscenter", abbreviation="BAC", headcount=4, citizen_contact=5)
    Centre.create(name="HR-Centret", abbreviation="HRC", headcount=0)
    f0 = Floor.create(level=0, name="Stueetage", capacity=90, area_m2=1450.5)
    f2 = Floor.create(level=2, name="2. sal", capacity=110)
    when = datetime(2022, 8, 15, 9, 30, 0)
    items = {
        "syveren": Item.create(label_code="HTK-00017", category="chair", title="Syveren", manufacturer="Fritz Hansen",
                               model_name="3107", period="1960'erne", material="Teak", colour="Teak", width_cm=50,
                               depth_cm=52, height_cm=78.5, quantity=40, condition=4, room=r1,
                               strategy_criteria="period,craftsmanship", registered_by="Jens", registered_at=when,
                               target_centre=bac, target_floor=f0),
        "bord": Item.create(label_code="HTK-00018", category="meeting_table", title="Byrådsbord", width_cm=480,
                            depth_cm=140, height_cm=74, quantity=1, condition=5, room=r1, hidden_gold=True,
                            hidden_gold_reason="Tegnet til salen i 1975", registered_at=when, target_centre=bac,
                            target_floor=f2),
        "reol": Item.create(category="shelf", title="Arkivreol", material="Stål", quantity=12, condition=2, room=r2,
                            registered_at=when),
        "stol": Item.create(category="task_chair", title="Kontorstol", quantity=6, condition=3,
                            no_photo_reason="Kamera glemt", registered_at=when),
        "lampe": Item.create(category="lamp", title="PH 5", quantity=1, condition=4, registered_at=when),
    }
    for name, colour in (("syveren", (160, 90, 40)), ("bord", (60, 60, 60))):
        stored = photos.import_bytes(_jpeg(colour), f"{name}.jpg")
        Photo.create(item=items[name], file_hash=stored.file_hash, original_name=f"{name}.jpg", is_primary=True)
    Decision.create(item=items["syveren"], kind="reuse", approval="approved", quantity=30, reason="Klassiker",
                    decided_by="Brugergruppen", meeting_ref="Direktionen 2022-09")
    Decision.create(item=items["syveren"], kind="dispose", route="donate", approval="proposed", quantity=10,
                    reason="Overskud")
    Decision.create(item=items["bord"], kind="reuse", approval="proposed", reason="Byrådssalens bord")
    Decision.create(item=items["reol"], kind="dispose", route="scrap", approval="approved", reason="Rust")
    Decision.create(item=items["stol"], kind="dispose", route="sell", approval="proposed", quantity=6)
    Decision.create(item=items["lampe"], kind="reuse", approval="rejected")
    store.items = items
    return store
