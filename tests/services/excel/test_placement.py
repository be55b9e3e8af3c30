"""The Excel template of floors, centres and the collaboration matrix: round trip and refused input."""

import pytest
from openpyxl import load_workbook

from inventar.models import Centre, Collaboration, Floor
from inventar.services.excel.placement import export_template, import_template
from inventar.services.placement.service import PlacementError, PlacementService


@pytest.fixture
def service(store):
    service = PlacementService("test")
    service.save_floor(None, 0, "Stueetage", 90, 1450.0)
    service.save_floor(None, 1, "1. sal", 110)
    bac = service.save_centre(None, "Borger- og Arbejdsmarkedscenter", "BAC", 140, 5, "#e67e22")
    it = service.save_centre(None, "IT", "IT", 25, 1, "#2c3e50")
    service.set_collaboration(bac, it, 3)
    return service


def test_export_and_read_back(service, tmp_path):
    path = export_template(service, tmp_path / "bygning.xlsx")
    book = load_workbook(path)
    assert list(book["Etager"].iter_rows(values_only=True)) == [
        ("Niveau", "Navn", "Arbejdspladser", "Areal m2"), (0, "Stueetage", 90, 1450), (1, "1. sal", 110, None)]
    assert list(book["Centre"].iter_rows(min_row=2, values_only=True))[0] == (
        "BAC", "Borger- og Arbejdsmarkedscenter", 140, 5, "#e67e22")
    assert list(book["Samarbejde"].iter_rows(values_only=True)) == [(None, "BAC", "IT"), ("BAC", None, 3),
                                                                     ("IT", 3, None)]


def test_import_updates_by_level_and_abbreviation(service, tmp_path):
    path = export_template(service, tmp_path / "bygning.xlsx")
    book = load_workbook(path)
    book["Etager"].append([2, "2. sal", 100, "1.300,5".replace(".", "")])
    book["Etager"]["C2"] = 95
    book["Centre"].append(["HRC", "HR-Centret", 30, 1, "#8e44ad"])
    matrix = book["Samarbejde"]
    matrix["D1"] = "HRC"
    matrix["D2"] = 4  # BAC–HRC, only one half filled
    matrix["B3"] = 3
    book.save(path)
    summary = import_template(service, path)
    assert (summary.floors, summary.centres, summary.pairs) == (3, 3, 2)
    assert Floor.get(Floor.level == 0).capacity == 95
    assert Floor.get(Floor.level == 2).area_m2 == 1300.5
    assert Floor.select().count() == 3 and Centre.select().count() == 3
    problem = service.problem()
    ids = {c.abbreviation: c.id for c in problem.centres}
    assert problem.value(ids["HRC"], ids["BAC"]) == 4
    assert problem.value(ids["IT"], ids["BAC"]) == 3


@pytest.mark.parametrize("edit, message", [
    (lambda b: b["Samarbejde"].__setitem__("C2", 12), "samarbejde BAC–IT skal være 0–9"),
    (lambda b: b["Samarbejde"].__setitem__("B3", 5), "ikke symmetrisk: BAC–IT er både 3 og 5"),
    (lambda b: b["Etager"].__setitem__("C3", "mange"), "Arbejdspladser skal være et helt tal"),
    (lambda b: b["Centre"].append(["BAC", "Igen", 1, 1, "#000000"]), "dubletter: bac"),
    (lambda b: b["Centre"].__setitem__("D2", 7), "Arket »Centre«, række 2: Borgerkontakt skal være fra 0"),
    (lambda b: b.remove(b["Centre"]), "mangler arket »Centre«"),
])
def test_bad_templates_are_refused_and_nothing_is_written(service, tmp_path, edit, message):
    path = export_template(service, tmp_path / "bygning.xlsx")
    book = load_workbook(path)
    book["Etager"]["C2"] = 70  # a valid change that must not be written either
    edit(book)
    book.save(path)
    with pytest.raises(PlacementError, match=message):
        import_template(service, path)
    assert Floor.get(Floor.level == 0).capacity == 90
    assert Centre.get(Centre.abbreviation == "BAC").citizen_contact == 5
    assert [c.value for c in Collaboration.select()] == [3]


def test_not_an_excel_file(service, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("hej")
    with pytest.raises(PlacementError, match="»x.xlsx« er ikke en Excel-projektmappe"):
        import_template(service, path)


def test_a_cut_off_or_oversized_template_is_refused_and_nothing_changes(service, tmp_path, monkeypatch):
    from inventar.services.excel import placement

    path = tmp_path / "skabelon.xlsx"
    export_template(service, path)
    cut = tmp_path / "afkortet.xlsx"
    cut.write_bytes(path.read_bytes()[:-200])
    before = [(f.level, f.capacity) for f in Floor.select().order_by(Floor.level)]
    with pytest.raises(PlacementError, match="»afkortet.xlsx« er beskadiget eller afkortet"):
        import_template(service, cut)
    monkeypatch.setattr(placement, "MAX_TEMPLATE_ROWS", 1)  # the fixture has two floors
    with pytest.raises(PlacementError, match="har over 1 rækker"):
        import_template(service, path)
    assert [(f.level, f.capacity) for f in Floor.select().order_by(Floor.level)] == before


@pytest.mark.parametrize("name", ['=HYPERLINK("http://evil.example","Klik")', "+1+2", "-2+3", "@SUM(A1)"])
def test_centre_names_that_look_like_formulas_are_written_as_text_and_read_back(service, tmp_path, name):
    it = Centre.get(Centre.abbreviation == "IT")
    service.save_centre(it.id, name, "IT", 25, 1, "#2c3e50")
    path = export_template(service, tmp_path / "bygning.xlsx")
    cell = load_workbook(path)["Centre"]["B3"]
    assert cell.value == name and cell.data_type == "s"
    import_template(service, path)
    assert Centre.get(Centre.abbreviation == "IT").name == name


def test_the_exported_template_imports_back_with_an_unnamed_floor(service, tmp_path):
    Floor.create(level=3, name="", capacity=40)  # as the register import may create it
    path = export_template(service, tmp_path / "bygning.xlsx")
    summary = import_template(service, path)
    assert summary.floors == 3
    assert Floor.get(Floor.level == 3).name == "3. sal"
