"""The Excel import: round trip, messy values, every rejected row listed, bad files, no duplicates."""

from datetime import datetime

import openpyxl
import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from inventar.models import AuditEntry, Centre, Floor, Item, Need, Room, open_store
from inventar.services.excel.exports import export
from inventar.services.excel.importer import analyse, commit
from inventar.services.excel.reading import ImportFileError
from inventar.services.excel.template import write_template

ITEM_COLUMNS = ["uuid", "label_code", "category", "title", "description", "manufacturer", "model_name", "period",
                "material", "colour", "width_cm", "depth_cm", "height_cm", "quantity", "condition",
                "strategy_criteria", "hidden_gold", "hidden_gold_reason", "no_photo_reason", "registered_by",
                "registered_at"]


def _snapshot():
    items = {}
    for item in Item.select().order_by(Item.uuid):
        values = {name: getattr(item, name) for name in ITEM_COLUMNS}
        values["room"] = (item.room.building, item.room.floor, item.room.number, item.room.name) if item.room else None
        values["target_centre"] = item.target_centre.abbreviation if item.target_centre else None
        values["target_floor"] = item.target_floor.level if item.target_floor else None
        items[item.uuid] = values
    return items


def _differences(before, after):
    assert set(before) == set(after)
    return [(uid, name, value, after[uid][name]) for uid, values in before.items() for name, value in values.items()
            if after[uid][name] != value]


def _workbook(path, sheets: dict[str, list[list]]):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def _counts():
    return (Item.select().count(), Room.select().count(), Centre.select().count(), Floor.select().count(),
            Need.select().count(), AuditEntry.select().count())


def test_register_round_trip_into_an_empty_database(furnished, tmp_path):
    before = _snapshot()
    target = tmp_path / "register.xlsx"
    export("register", target)
    furnished.close()

    empty = open_store(tmp_path / "tom.sqlite")
    try:
        plan = analyse(target, user="Import")
        assert plan.rejected == []
        assert {s.kind: (len(s.create), len(s.update), s.unchanged) for s in plan.sheets} == \
            {"items": (5, 0, 0), "centres": (2, 0, 0), "floors": (2, 0, 0)}
        assert Item.select().count() == 0  # the preview writes nothing
        counts = commit(plan, user="Import")
        assert counts == {"created": 9, "updated": 0}
        assert _differences(before, _snapshot()) == []
        assert AuditEntry.select().where(AuditEntry.action == "import").count() == 5

        again = analyse(target)  # the same file again: nothing new, nothing changed
        assert {s.kind: (len(s.create), len(s.update), s.unchanged) for s in again.sheets} == \
            {"items": (0, 0, 5), "centres": (0, 0, 2), "floors": (0, 0, 2)}
        commit(again)
        assert Item.select().count() == 5
        assert _differences(before, _snapshot()) == []
    finally:
        empty.close()


def test_changed_rows_update_the_item_found_by_its_key(furnished, tmp_path):
    target = tmp_path / "register.xlsx"
    export("register", target)
    book = openpyxl.load_workbook(target)
    ws = book["Genstande"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[header.index("Betegnelse")].value == "Syveren":
            row[header.index("Antal")].value = 38
            row[header.index("Bredde (cm)")].value = "ca. 51"
    book.save(target)
    plan = analyse(target)
    items = next(s for s in plan.sheets if s.kind == "items")
    assert (len(items.create), len(items.update), items.unchanged) == (0, 1, 4)
    commit(plan)
    syveren = Item.get(Item.label_code == "HTK-00017")
    assert (syveren.quantity, syveren.width_cm, syveren.row_version) == (38, 51.0, 2)
    assert Item.select().count() == 5


def test_messy_headers_and_values_are_understood(store, tmp_path):
    Centre.create(name="IT", abbreviation="IT")
    Floor.create(level=3, name="3. sal")
    path = _workbook(tmp_path / "screening.xlsx", {"Ark1": [
        ["Screeningsliste fra arkitekterne, august 2022"],  # a title above the header row
        [],
        ["  CATEGORY ", "title", "Width (cm)", "DYBDE", "højde", "Qty", "stand", "Rum", "Materiale", "Gemt Guld",
         "Hidden gold reason", "criteria", "target centre", "Måletage", "Ekstra bemærkning"],
        ["Stol", "Syveren", "50,5", "ca. 52", "78 cm", 12, "God", "2.10", "Teak", "nej", None,
         "Specifik tidsperiode; craftsmanship", "it", 3, "ignoreres"],
        ["task chair", "Kontorstol", 65, 65, 110.0, "3", 3, "K.02", "Net", "", None, None, None, None, None],
        ["Mødebord", "Konferencebord", 240, 120, 74, 1, 4, None, "Eg", "JA", "Fra byrådssalen", None, None, None,
         None],
    ]})
    plan = analyse(path)
    assert plan.rejected == []
    sheet = plan.sheets[0]
    assert sheet.kind == "items" and sheet.mapping.header_row == 3
    assert sheet.mapping.ignored == ["Ekstra bemærkning"]
    commit(plan)
    syveren = Item.get(Item.title == "Syveren")
    assert (syveren.category, syveren.width_cm, syveren.depth_cm, syveren.height_cm, syveren.quantity,
            syveren.condition) == ("chair", 50.5, 52.0, 78.0, 12, 4)
    assert syveren.criteria_list == ["period", "craftsmanship"]
    assert (syveren.room.floor, syveren.room.number, syveren.room.building) == (2, "2.10", "Rådhuset")
    assert (syveren.target_centre.abbreviation, syveren.target_floor.level) == ("IT", 3)
    chair = Item.get(Item.title == "Kontorstol")
    assert (chair.category, chair.quantity, chair.room.floor) == ("task_chair", 3, -1)
    table = Item.get(Item.title == "Konferencebord")
    assert table.hidden_gold and table.hidden_gold_reason == "Fra byrådssalen" and table.room is None
    # no key column at all: the rows are recognised by their content, so a second import adds nothing
    again = analyse(path)
    assert (len(again.sheets[0].create), again.sheets[0].unchanged) == (0, 3)
    commit(again)
    assert Item.select().count() == 3


def test_every_rejected_row_is_listed_with_row_column_and_reason(store, tmp_path):
    path = _workbook(tmp_path / "fejl.xlsx", {"Genstande": [
        ["Kategori", "Betegnelse", "Bredde (cm)", "Antal", "Stand", "Gemt guld", "Etiketkode", "Målcenter"],
        ["Stol", "God stol", "45", 2, 4, "nej", "HTK-1", None],        # row 2: fine
        ["Rumskib", "Ukendt", None, 1, None, None, None, None],        # row 3: category
        ["Stol", "For bred", "tyve", 1, None, None, None, None],       # row 4: width not a number
        [None, None, None, None, None, None, None, None],              # row 5: blank, skipped
        ["Bord", "Kæmpe", 1500, "ca. 3", 9, None, None, None],         # row 6: three problems
        ["Sofa", "Guld", None, 1, None, "ja", None, None],             # row 7: gold without a reason
        ["Stol", "Dublet", None, 1, None, None, "htk-1", None],        # row 8: label twice in the file
        ["Lampe", "Ukendt center", None, 1, None, None, None, "XYZ"],  # row 9: centre does not exist
        ["Lampe", "God lampe", "120 cm", 1, "5", None, None, None],    # row 10: fine
    ]})
    before = _counts()
    plan = analyse(path)
    got = [(r.row, r.column.split(" ")[0], r.reason) for r in plan.rejected]
    assert [(row, col) for row, col, _reason in got] == \
        [(3, "A"), (4, "C"), (6, "C"), (6, "D"), (6, "E"), (7, "Begrundelse"), (8, "G"), (9, "H")]
    reasons = {(row, col): reason for row, col, reason in got}
    assert "ikke en kendt kategori" in reasons[(3, "A")]
    assert "»tyve« er ikke et mål i cm" in reasons[(4, "C")]
    assert "mellem 1 og 1000 cm" in reasons[(6, "C")]
    assert "ikke et helt tal" in reasons[(6, "D")]
    assert "1 til 5" in reasons[(6, "E")]
    assert "gemt guld" in reasons[(7, "Begrundelse")].lower()
    assert "række 2" in reasons[(8, "G")]
    assert "XYZ" in reasons[(9, "H")]
    assert str(plan.rejected[0]).startswith("Genstande, række 3, kolonne A »Kategori«: ")
    assert plan.valid_rows == 2
    assert _counts() == before  # the preview wrote nothing
    commit(plan)
    assert sorted(i.title for i in Item.select()) == ["God lampe", "God stol"]


def test_centres_rooms_and_needs_sheets(store, tmp_path):
    Floor.create(level=1, name="1. sal")
    path = _workbook(tmp_path / "stamdata.xlsx", {
        "Behov": [["Center", "Kategori", "Behov", "Etage"], ["BAC", "Skrivebord", 120, 1], ["BAC", "Kontorstol", 120, None],
                  ["HRC", "Sofa", 2, None], ["NYT", "Sofa", 1, None], ["BAC", "Skrivebord", 4, 7]],
        "Centre": [["Forkortelse", "Navn", "Medarbejdere", "Borgerkontakt"], ["BAC", "Borger- og Arbejdsmarkedscenter",
                                                                            140, 5], ["HRC", "HR-Centret", 30, 6]],
        "Rooms": [["Building", "Floor", "Room number", "Name"], ["Rådhuset", 1, "1.07", "Byrådssal"],
                  [None, None, "K.02", "Arkiv"], [None, None, "Gang", None]],
    })
    plan = analyse(path)
    assert [(r.sheet, r.row, r.column.split(" ")[0]) for r in plan.rejected] == \
        [("Centre", 3, "D"), ("Rooms", 4, "B"), ("Behov", 4, "A"), ("Behov", 5, "A"), ("Behov", 6, "D")]
    commit(plan)
    assert [(c.abbreviation, c.headcount, c.citizen_contact) for c in Centre.select()] == [("BAC", 140, 5)]
    assert sorted((r.floor, r.number, r.name) for r in Room.select()) == [(-1, "K.02", "Arkiv"), (1, "1.07", "Byrådssal")]
    assert sorted((n.category, n.quantity, n.floor_id is not None) for n in Need.select()) == \
        [("desk", 120, True), ("task_chair", 120, False)]
    # again, with a changed need: updated, not duplicated
    path = _workbook(tmp_path / "behov2.xlsx", {"Needs": [["centre", "category", "quantity"], ["BAC", "task_chair", 90]]})
    plan = analyse(path)
    assert (len(plan.sheets[0].create), len(plan.sheets[0].update)) == (0, 1)
    commit(plan)
    assert Need.get(Need.category == "task_chair").quantity == 90
    assert Need.select().count() == 2


def test_template_is_importable_and_has_every_sheet(store, tmp_path):
    target = write_template(tmp_path / "skabelon.xlsx")
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Om", "Genstande", "Rum", "Centre", "Behov"]
    assert [c.value for c in book["Genstande"][1]][:4] == ["UUID", "Etiketkode", "Kategori", "Betegnelse"]
    assert book["Genstande"].data_validations.dataValidation[0].formula1.startswith('"Skrivebord,Kontorstol')
    ws = book["Genstande"]
    ws.append([None, "HTK-9", "Sofa", "Chesterfield"])
    book.save(target)
    plan = analyse(target)
    assert plan.rejected == [] and plan.valid_rows == 1


def _bad(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("make, message", [
    (lambda p: _bad(p, "noter.xlsx", b"Kategori;Antal\nStol;4\n"), "er ikke en Excel-projektmappe"),
    (lambda p: _bad(p, "halv.xlsx", b"PK\x03\x04" + b"\0" * 200), "»halv.xlsx« er beskadiget eller afkortet"),
    (lambda p: _bad(p, "afkortet.xlsx", _workbook(p / "hel.xlsx", {"Genstande": [["Kategori"], ["Stol"]]})
                    .read_bytes()[:-100]), "»afkortet.xlsx« er beskadiget eller afkortet"),
    (lambda p: _bad(p, "gammel.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504), "gamle Excel-format"),
    (lambda p: p / "findes-ikke.xlsx", "findes ikke"),
    (lambda p: _workbook(p / "andet.xlsx", {"Budget": [["Konto", "Beløb"], ["4711", 100]], "Om": [["x"]]}),
     "Ingen ark i »andet.xlsx« har kolonneoverskrifter"),
])
def test_unusable_files_give_a_clear_message_and_write_nothing(store, tmp_path, make, message):
    path = make(tmp_path)
    before = _counts()
    with pytest.raises(ImportFileError, match=message):
        analyse(path)
    assert _counts() == before


def test_password_protected_workbook(store, tmp_path):
    plain = _workbook(tmp_path / "plain.xlsx", {"Genstande": [["Kategori"], ["Stol"]]})
    locked = tmp_path / "låst.xlsx"
    with open(plain, "rb") as source, open(locked, "wb") as out:
        OOXMLFile(source).encrypt("hemmelig", out)
    before = _counts()
    with pytest.raises(ImportFileError, match="beskyttet med adgangskode"):
        analyse(locked)
    assert _counts() == before


def test_dates_and_round_seconds(store, tmp_path):
    path = _workbook(tmp_path / "datoer.xlsx", {"Genstande": [
        ["Kategori", "Registreret"], ["Stol", datetime(2022, 8, 15, 9, 30, 0, 999_000)], ["Stol", "16-08-2022"],
        ["Stol", "i går"]]})
    plan = analyse(path)
    assert [(r.row, r.reason) for r in plan.rejected] == [(4, "Registreret: »i går« er ikke en dato (brug fx 15-08-2022)")]
    commit(plan)
    # sheets hold Danish local time (summer: UTC+2); the database stores UTC
    assert sorted(i.registered_at for i in Item.select()) == [datetime(2022, 8, 15, 7, 30, 1),
                                                              datetime(2022, 8, 15, 22, 0)]


def test_round_trip_in_english_keeps_danish_headers(furnished, tmp_path):
    from inventar import i18n

    before = _snapshot()
    target = tmp_path / "register-en.xlsx"
    i18n.set_language("en")
    export("register", target)
    header = [c.value for c in openpyxl.load_workbook(target).worksheets[1][1]]
    assert header[:3] == ["Etiketkode", "Kategori", "Betegnelse"] and header[-1] == "UUID"
    furnished.close()
    empty = open_store(tmp_path / "tom-en.sqlite")
    try:
        plan = analyse(target)
        assert plan.rejected == []
        commit(plan)
        assert _differences(before, _snapshot()) == []
    finally:
        empty.close()


def test_a_sheet_over_the_row_limit_is_refused_before_anything_is_written(store, tmp_path, monkeypatch):
    from inventar.services.excel import reading

    monkeypatch.setattr(reading, "MAX_ROWS", 5)
    fits = _workbook(tmp_path / "fem.xlsx", {"Genstande": [["Kategori", "Betegnelse"]] + [["Stol", "x"]] * 5})
    assert analyse(fits).valid_rows == 5
    before = _counts()
    over = _workbook(tmp_path / "seks.xlsx", {"Genstande": [["Kategori", "Betegnelse"]] + [["Stol", "x"]] * 6})
    with pytest.raises(ImportFileError, match="Arket »Genstande« har over 5 rækker"):
        analyse(over)
    assert _counts() == before


def test_a_workbook_too_large_unpacked_is_refused(store, tmp_path, monkeypatch):
    from inventar.services.excel import reading

    path = _workbook(tmp_path / "stor.xlsx", {"Genstande": [["Kategori"], ["Stol"]]})
    monkeypatch.setattr(reading, "MAX_UNPACKED", 2000)  # a real workbook's parts are larger than this
    with pytest.raises(ImportFileError, match="»stor.xlsx« er for stor"):
        analyse(path)
