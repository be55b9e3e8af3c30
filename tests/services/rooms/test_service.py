"""Rooms: import from a CSV list, editing, status and the coverage per floor."""

import pytest

from inventar.domain.items import ItemData, ValidationError
from inventar.domain.vocabulary import floor_name
from inventar.models import AuditEntry, Room
from inventar.services.items.service import ItemService
from inventar.services.rooms.service import RoomService


def test_import_csv_skips_header_and_existing_rooms(store, tmp_path):
    path = tmp_path / "rum.csv"
    path.write_text("etage;nummer;navn\n0;0.01;Reception\n0;0.02;Kantine\n2;2.10;Kontor\n", encoding="utf-8")
    service = RoomService(user="pedel")
    assert service.import_csv(path) == (3, 0)
    assert service.import_csv(path) == (0, 3)
    assert [r.number for r in service.list_rows()] == ["0.01", "0.02", "2.10"]


def test_bad_line_imports_nothing(store, tmp_path):
    path = tmp_path / "rum.csv"
    path.write_text("0,0.01,Reception\nto,2.01,Kontor\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="linje 2"):
        RoomService().import_csv(path)
    assert Room.select().count() == 0


def test_edit_status_and_coverage(store):
    service = RoomService(user="pedel")
    a = service.create(1, "1.01", "Byrådssal")
    b = service.create(1, "1.02", "Kontor")
    c = service.create(-1, "K.01", "Arkiv")
    with pytest.raises(ValidationError, match="findes allerede"):
        service.create(1, "1.01")
    with pytest.raises(ValidationError, match="findes allerede"):
        service.update(b, number="1.01")
    service.update(b, name="Udvalgsværelse")
    service.set_status(a, "done")
    service.set_status(b, "in_progress")
    with pytest.raises(ValidationError):
        service.set_status(c, "maybe")
    items = ItemService(user="pedel")
    items.create(ItemData(category="chair", room_id=a, quantity=40))
    items.create(ItemData(category="meeting_table", room_id=a))
    coverage = {f.floor: f for f in service.coverage()}
    assert (coverage[1].rooms, coverage[1].done, coverage[1].in_progress, coverage[1].items,
            coverage[1].quantity) == (2, 1, 1, 2, 41)
    assert coverage[1].share_done == 0.5
    assert (coverage[-1].not_visited, coverage[-1].items) == (1, 0)
    assert floor_name(-1) == "Kælder" and floor_name(0) == "Stueetage" and floor_name(2) == "2. sal"
    assert floor_name(-2) == "2. kælder"
    assert AuditEntry.select().where((AuditEntry.entity == "room") & (AuditEntry.field == "status")).count() == 2


def test_an_oversized_room_list_is_refused_and_nothing_is_written(store, tmp_path):
    big = tmp_path / "rum.csv"
    with open(big, "wb") as handle:
        handle.write(b"etage;nummer;navn\n1;1.01;Kontor\n")
        handle.truncate(9 << 20)
    with pytest.raises(ValidationError, match="rum.csv er for stor"):
        RoomService(user="test").import_csv(big)
    assert Room.select().count() == 0


@pytest.mark.parametrize("content, message", [
    ("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
     "linje 2: forventer etage;nummer;navn"),  # no separator at all: the first line that is no room says so
    ("etage;nummer;navn\n1;1.0\x001;Kontor\n", "linje 2: Rum: nummer og navn må ikke indeholde kontroltegn"),
    ("etage;nummer;navn\n1;1.01;Kontor\n1;" + "x" * 200_000 + ";Kontor\n", "linje 3: kan ikke læses som tekst"),
])
def test_a_file_that_is_no_room_list_names_its_line_and_writes_nothing(store, tmp_path, content, message):
    path = tmp_path / "rum.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError, match=message):
        RoomService(user="test").import_csv(path)
    assert Room.select().count() == 0
