"""Every export is read back with openpyxl and its values checked."""

import warnings
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from inventar.domain.times import local_now
from inventar.models import Centre, Decision, Floor, Item
from inventar.services.excel.exports import KINDS, export
from inventar.services.excel.writer import ExportError, save_atomic
from inventar.services.needs.norm import NeedService, NormLine
from inventar.services.photos.store import PhotoStore


def _rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _records(ws):
    rows = _rows(ws)
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def _check_layout(book, kind):
    assert book.sheetnames[0] == "Om"
    about = {r[0]: r[1] for r in _rows(book["Om"]) if r and r[0]}
    assert isinstance(about["Lavet"], datetime)
    assert abs((local_now() - about["Lavet"]).total_seconds()) < 120  # Danish local time
    assert about["Filter"]
    listed = [r[0] for r in _rows(book["Om"])[_rows(book["Om"]).index(["Ark", "Indhold", "Rækker"]) + 1:]]
    assert listed == book.sheetnames[1:], kind
    for ws in book.worksheets[1:]:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref.startswith("A1:")
        assert ws["A1"].font.b
        assert all(ws.column_dimensions[letter].width >= 6 for letter in "ABC")
        # printing: landscape, one page wide, header row on every page, page numbers in the footer
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.print_title_rows == "$1:$1"
        assert "&P" in ws.oddFooter.right.text and "&N" in ws.oddFooter.right.text


def test_register_has_every_item_and_field(furnished, tmp_path):
    target = tmp_path / "register.xlsx"
    result = export("register", target, photos=PhotoStore(furnished.photo_dir))
    assert result.rows == 5
    book = openpyxl.load_workbook(target)
    _check_layout(book, "register")
    assert book.sheetnames == ["Om", "Genstande", "Centre", "Etager"]
    ws = book["Genstande"]
    records = {r["Betegnelse"]: r for r in _records(ws)}
    syveren = records["Syveren"]
    header = [c.value for c in ws[1]]
    assert header[0] == "Etiketkode" and header[-1] == "UUID"  # the key last, not first
    assert header[-2] == "Beslutning"
    assert syveren["UUID"] == furnished.items["syveren"].uuid
    assert syveren["Beslutning"] == "30 stk. Genbrug (Godkendt); 10 stk. Kassér: Doneres (Foreslået)"
    assert records["Arkivreol"]["Beslutning"] == "Kassér: Skrottes (Godkendt)"
    assert records["PH 5"]["Beslutning"] == "Genbrug (Afvist)"
    assert (syveren["Etiketkode"], syveren["Kategori"], syveren["Producent/designer"]) == \
        ("HTK-00017", "Stol", "Fritz Hansen")
    assert (syveren["Bredde (cm)"], syveren["Dybde (cm)"], syveren["Højde (cm)"]) == (50, 52, 78.5)
    assert (syveren["Antal"], syveren["Stand"], syveren["Etage"], syveren["Rumnummer"], syveren["Rumnavn"]) == \
        (40, 4, 1, "1.07", "Byrådssal")
    assert syveren["Strategikriterier"] == "Specifik tidsperiode, Håndværksmæssig kvalitet"
    assert syveren["Registreret"] == datetime(2022, 8, 15, 11, 30)  # stored 09:30 UTC = 11:30 Danish summer time
    assert (syveren["Målcenter"], syveren["Måletage"], syveren["Fotos"]) == ("BAC", 0, 1)
    assert records["Byrådsbord"]["Gemt guld"] == "Ja"
    assert records["Arkivreol"]["Etiketkode"] is None and records["Arkivreol"]["Fotos"] == 0
    assert records["Kontorstol"]["Begrundelse for manglende foto"] == "Kamera glemt"
    width_cell = ws.cell(row=2, column=header.index("Bredde (cm)") + 1)
    assert width_cell.number_format == "0.0"
    assert ws.cell(row=2, column=header.index("Registreret") + 1).number_format == "dd-mm-yyyy hh:mm"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}6"
    assert not ws._images
    assert _records(book["Centre"])[0]["Forkortelse"] == "BAC"
    assert [r["Areal (m²)"] for r in _records(book["Etager"])] == [1450.5, None]


def test_register_with_thumbnails(furnished, tmp_path):
    target = tmp_path / "register-fotos.xlsx"
    export("register", target, photos=PhotoStore(furnished.photo_dir), thumbnails=True)
    ws = openpyxl.load_workbook(target)["Genstande"]
    assert len(ws._images) == 2
    anchors = sorted(img.anchor._from.row + 1 for img in ws._images)  # 0-based rows in the anchor
    column = _rows(ws)[0].index("Betegnelse")
    assert _rows(ws)[0][-2:] == ["Foto", "UUID"]
    titles = {r[column]: i for i, r in enumerate(_rows(ws), 1)}
    assert anchors == sorted([titles["Syveren"], titles["Byrådsbord"]])
    assert ws.row_dimensions[titles["Syveren"]].height > 40


def test_reuse_list_grouped_by_floor_and_centre(furnished, tmp_path):
    target = tmp_path / "genbrug.xlsx"
    export("reuse", target)
    book = openpyxl.load_workbook(target)
    _check_layout(book, "reuse")
    records = _records(book["Genbrug"])
    assert [(r["Måletage"], r["Målcenter"], r["Etiketkode"], r["Antal"], r["Godkendelse"]) for r in records] == \
        [(0, "BAC", "HTK-00017", 30, "Godkendt"), (2, "BAC", "HTK-00018", 1, "Foreslået")]
    assert records[0]["Gammelt rum"] == "1.07 Byrådssal"
    assert (records[1]["Bredde (cm)"], records[1]["Stand"]) == (480, 5)
    summary = _records(book["Pr. etage og center"])
    assert [(r["Måletage"], r["Målcenter"], r["Genstande"], r["Stk."]) for r in summary] == \
        [(0, "BAC", 1, 30), (2, "BAC", 1, 1)]
    # only approved
    export("reuse", target, basis="approved")
    assert [r["Etiketkode"] for r in _records(openpyxl.load_workbook(target)["Genbrug"])] == ["HTK-00017"]


def test_disposal_by_route_with_quantities(furnished, tmp_path):
    target = tmp_path / "bortskaffelse.xlsx"
    export("disposal", target)
    book = openpyxl.load_workbook(target)
    _check_layout(book, "disposal")
    records = _records(book["Bortskaffelse"])
    assert [(r["Rute"], r["Betegnelse"], r["Antal"]) for r in records] == \
        [("Sælges", "Kontorstol", 6), ("Doneres", "Syveren", 10), ("Skrottes", "Arkivreol", 12)]
    assert _rows(book["Pr. rute"])[1:] == [["Sælges", 1, 6], ["Doneres", 1, 10], ["Skrottes", 1, 12],
                                          ["I alt", "=SUM(B2:B4)", "=SUM(C2:C4)"]]
    assert _rows(openpyxl.load_workbook(target, data_only=True)["Pr. rute"])[-1] == ["I alt", 3, 28]
    about = {r[0]: r[1] for r in _rows(book["Om"]) if r and r[0]}
    assert about["Filter"] == "Foreslået og godkendt bortskaffelse"
    assert "Foreslået og godkendt genbrug" not in " ".join(str(r[1]) for r in _rows(book["Om"]) if r and r[1])
    assert book["Pr. rute"].auto_filter.ref == "A1:C4"  # the totals row stays out of the filter


def test_board_list_has_the_proposals_with_photos(furnished, tmp_path):
    target = tmp_path / "direktion.xlsx"
    export("board", target, photos=PhotoStore(furnished.photo_dir))
    book = openpyxl.load_workbook(target)
    _check_layout(book, "board")
    ws = book["Indstilling"]
    records = _records(ws)
    assert [(r["Nr."], r["Forslag"], r["Betegnelse"], r["Antal"]) for r in records] == \
        [(1, "Genbrug", "Byrådsbord", 1), (2, "Kassér", "Syveren", 10), (3, "Kassér", "Kontorstol", 6)]
    assert records[1]["Rute"] == "Doneres"
    assert isinstance(records[0]["Foreslået"], datetime)
    assert len(ws._images) == 2  # the board table and Syveren have photos, the office chair has none
    assert all(img.anchor._from.col == 1 for img in ws._images)


def test_procurement_list_and_totals(furnished, tmp_path):
    NeedService().save_norm([NormLine("chair", 10, 1), NormLine("meeting_table", 1, 10)])
    target = tmp_path / "indkob.xlsx"
    export("procurement", target)
    book = openpyxl.load_workbook(target, data_only=True)
    _check_layout(book, "procurement")
    assert book.sheetnames == ["Om", "Indkøbsliste", "Alle linjer", "Overskud", "Totaler"]
    buy = _records(book["Indkøbsliste"])
    # BAC: 4 workplaces -> 40 chairs, 30 approved reused on floor 0 -> buy 10; 1 meeting table (proposed only)
    assert [(r["Center"], r["Kategori"], r["Behov"], r["Dækket af genbrug"], r["Købes"]) for r in buy] == \
        [("BAC", "Stol", 40, 30, 10), ("BAC", "Mødebord", 1, 0, 1), ("I alt", None, 41, 30, 11)]
    assert _rows(book["Totaler"])[-1] == ["I alt", 41, 30, 30, 11, 0]
    about = {r[0]: r[1] for r in _rows(book["Om"]) if r and r[0]}
    assert about["Filter"] == "Kun godkendt genbrug"
    export("procurement", target, basis="proposed")
    book = openpyxl.load_workbook(target, data_only=True)
    assert [(r["Kategori"], r["Købes"]) for r in _records(book["Indkøbsliste"])] == [("Stol", 10), (None, 10)]
    assert _rows(book["Totaler"])[-1] == ["I alt", 41, 31, 31, 10, 0]


def _evaluate(book, sheet, value):
    """The two formula shapes the procurement list writes: =SUM(D2:D9) and =SUMIF('Sheet'!$C$2:$C$9,$A2,...)."""
    import re

    from openpyxl.utils import column_index_from_string

    def cells(ws, ref):
        ref = ref.replace("$", "")
        start, end = ref.split(":")
        (c1, r1), (c2, r2) = (re.match(r"([A-Z]+)(\d+)", x).groups() for x in (start, end))
        col1, col2 = column_index_from_string(c1), column_index_from_string(c2)
        return [ws.cell(row=r, column=c).value for r in range(int(r1), int(r2) + 1) for c in range(col1, col2 + 1)]

    if not isinstance(value, str) or not value.startswith("="):
        return value
    if m := re.fullmatch(r"=SUM\(([A-Z]+\d+:[A-Z]+\d+)\)", value):
        return sum(_evaluate(book, sheet, v) or 0 for v in cells(book[sheet], m.group(1)))
    m = re.fullmatch(r"=SUMIF\('([^']+)'!([^,]+),\$A(\d+),'[^']+'!([^)]+)\)", value)
    assert m, value
    other = book[m.group(1)]
    key = book[sheet].cell(row=int(m.group(3)), column=1).value
    return sum(v or 0 for k, v in zip(cells(other, m.group(2)), cells(other, m.group(4)), strict=True) if k == key)


def test_procurement_hand_computed_with_pooled_reuse(store, tmp_path):
    """Reuse with a target centre covers that centre on any floor; reuse without one is pooled and covers
    what is left, centre by centre (A before B); one line per centre and category; totals are formulas."""
    a = Centre.create(name="Center A", abbreviation="A", headcount=20)
    Centre.create(name="Center B", abbreviation="B", headcount=10)
    f1, f2 = Floor.create(level=1, name="1. sal"), Floor.create(level=2, name="2. sal")
    needs = NeedService()
    needs.save_norm([NormLine("chair", 1, 1)])  # A needs 20 chairs, B 10, anywhere in the centre
    needs.set_need(a.id, "desk", 5, floor_id=f1.id)  # A needs 5 desks on floor 1

    def reuse(category, quantity, centre=None, floor=None):
        Decision.create(item=Item.create(category=category, quantity=quantity, target_centre=centre,
                                         target_floor=floor), kind="reuse", approval="approved")

    reuse("chair", 8, a, f1)
    reuse("chair", 4, a)  # A, no floor
    reuse("chair", 15)  # pooled: 8 to A, 7 to B
    reuse("desk", 7, a, f2)  # on floor 2, still covers A's desks on floor 1; 2 left over
    reuse("desk", 3)  # pooled, nobody needs more desks: surplus
    export("procurement", tmp_path / "p.xlsx")
    book = openpyxl.load_workbook(tmp_path / "p.xlsx")
    rows = [[_evaluate(book, "Alle linjer", v) for v in row] for row in _rows(book["Alle linjer"])]
    assert rows[0] == ["Center", "Centernavn", "Kategori", "Behov", "Genbrug", "Dækket af genbrug",
                       "Heraf genbrug uden center", "Købes", "Overskud"]
    assert rows[1:] == [
        ["A", "Center A", "Skrivebord", 5, 7, 5, 0, 0, 2],
        ["A", "Center A", "Stol", 20, 12, 20, 8, 0, 0],
        ["B", "Center B", "Stol", 10, 0, 7, 7, 3, 0],
        ["Ikke placeret", None, "Skrivebord", 0, 3, 0, 0, 0, 3],
        ["Ikke placeret", None, "Stol", 0, 15, 0, 0, 0, 0],
        ["I alt", None, None, 35, 37, 32, 15, 3, 5],
    ]
    assert _rows(book["Alle linjer"])[-1][3] == "=SUM(D2:D6)"  # a real formula, not a typed number
    buy = _rows(book["Indkøbsliste"])
    assert [r[:3] + [_evaluate(book, "Indkøbsliste", v) for v in r[3:]] for r in buy[1:]] == \
        [["B", "Center B", "Stol", 10, 0, 7, 7, 3, 0], ["I alt", None, None, 10, 0, 7, 7, 3, 0]]
    totals = [[_evaluate(book, "Totaler", v) for v in row] for row in _rows(book["Totaler"])]
    assert totals[1:] == [["Skrivebord", 5, 10, 5, 0, 5], ["Stol", 30, 27, 27, 3, 0], ["I alt", 35, 37, 32, 3, 5]]
    assert all(str(v).startswith("=SUM") for v in _rows(book["Totaler"])[1][1:])
    cached = _rows(openpyxl.load_workbook(tmp_path / "p.xlsx", data_only=True)["Totaler"])
    assert cached[1:] == totals[1:]  # readers that do not calculate see the same numbers


def test_register_times_are_danish_local_time(store, tmp_path):
    """Stored UTC; exported local: 09:16 UTC in summer is 11:16, 09:16 UTC in winter 10:16, and a decision
    at 23:30 UTC on 30 November is 1 December in Copenhagen."""
    Item.create(category="desk", title="Sommer", registered_at=datetime(2026, 6, 1, 9, 16),
                updated_at=datetime(2026, 11, 30, 9, 16))
    late = Item.create(category="desk", title="Sen", registered_at=datetime(2026, 11, 30, 23, 30))
    Decision.create(item=late, kind="dispose", route="scrap", approval="proposed",
                    decided_at=datetime(2026, 11, 30, 23, 30))
    export("register", tmp_path / "r.xlsx")
    records = {r["Betegnelse"]: r for r in _records(openpyxl.load_workbook(tmp_path / "r.xlsx")["Genstande"])}
    assert records["Sommer"]["Registreret"] == datetime(2026, 6, 1, 11, 16)
    assert records["Sommer"]["Opdateret"] == datetime(2026, 11, 30, 10, 16)
    export("disposal", tmp_path / "d.xlsx")
    assert _records(openpyxl.load_workbook(tmp_path / "d.xlsx")["Bortskaffelse"])[0]["Besluttet"].date() == \
        datetime(2026, 12, 1).date()
    export("board", tmp_path / "b.xlsx")
    assert _records(openpyxl.load_workbook(tmp_path / "b.xlsx")["Indstilling"])[0]["Foreslået"] == \
        datetime(2026, 12, 1, 0, 30)


@pytest.mark.parametrize("kind", KINDS)
def test_every_export_of_an_empty_database_is_a_valid_workbook(store, tmp_path, kind):
    target = tmp_path / f"{kind}.xlsx"
    export(kind, target)
    book = openpyxl.load_workbook(target)
    _check_layout(book, kind)
    totals_rows = 1 if kind == "procurement" else 0  # the procurement sheets end with an »I alt« formula row
    assert all(ws.max_row == 1 + totals_rows for ws in book.worksheets[1:] if ws.title not in ("Totaler", "Pr. rute"))


def test_a_cancelled_export_leaves_the_old_file_alone(furnished, tmp_path):
    target = tmp_path / "register.xlsx"
    target.write_bytes(b"the previous export")

    def cancel(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export("register", target, progress=cancel)
    assert target.read_bytes() == b"the previous export"
    assert not [p for p in tmp_path.iterdir() if ".part" in p.name]


@pytest.mark.parametrize("kind", KINDS)
def test_a_cancel_midway_closes_the_unsaved_workbook(furnished, tmp_path, kind):
    """Cancelled after rows were written: the sheet writers and their temporary files are closed at once
    (not left to the garbage collector, where they raised ResourceWarnings into later tests)."""
    import gc
    import glob
    import tempfile

    from inventar.errors import Cancelled

    spooled = set(glob.glob(f"{tempfile.gettempdir()}/openpyxl*"))
    calls = []

    def cancel(done, total):
        calls.append(done)
        if len(calls) > 1:
            raise Cancelled()

    try:
        export(kind, tmp_path / f"{kind}.xlsx", photos=PhotoStore(furnished.photo_dir), progress=cancel)
    except Cancelled:
        pass
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gc.collect()
    assert set(glob.glob(f"{tempfile.gettempdir()}/openpyxl*")) == spooled
    assert len(calls) > 1 or (tmp_path / f"{kind}.xlsx").exists()


def test_a_failing_save_leaves_no_partial_file(tmp_path):
    target = tmp_path / "liste.xlsx"
    target.write_bytes(b"old")
    book = Workbook(write_only=True)
    book.create_sheet("Ark").append([1])
    save_atomic(book, tmp_path / "first.xlsx")
    with pytest.raises(ExportError):
        save_atomic(book, target)  # a write-only workbook cannot be saved twice: the save fails midway
    assert target.read_bytes() == b"old"
    assert not [p for p in tmp_path.iterdir() if ".part" in p.name]
    with pytest.raises(ExportError, match="findes ikke"):
        save_atomic(Workbook(), tmp_path / "missing" / "x.xlsx")
    assert not Path(tmp_path / "missing").exists()


def test_procurement_counts_split_parts_at_their_own_centre(store, tmp_path):
    """A split part with a target centre of its own covers that centre's need, the rest its item's centre."""
    from inventar.domain.review import PartSpec
    from inventar.services.review.decisions import DecisionService

    a = Centre.create(name="Center A", abbreviation="A", headcount=10)
    b = Centre.create(name="Center B", abbreviation="B", headcount=6)
    NeedService().save_norm([NormLine("chair", 1, 1)])  # A needs 10 chairs, B 6
    item = Item.create(category="chair", quantity=20, target_centre=a)
    DecisionService(user="anna").split(item.id, [PartSpec(12, "reuse"), PartSpec(5, "reuse", target_centre_id=b.id),
                                                 PartSpec(3, "dispose", "sell")])
    DecisionService(user="anna").propose([item.id])
    export("procurement", tmp_path / "p.xlsx", basis="proposed")
    book = openpyxl.load_workbook(tmp_path / "p.xlsx")
    rows = [[_evaluate(book, "Alle linjer", v) for v in row] for row in _rows(book["Alle linjer"])]
    assert rows[1:] == [
        ["A", "Center A", "Stol", 10, 12, 10, 0, 0, 2],  # 12 of the 20 stay with A: 2 over
        ["B", "Center B", "Stol", 6, 5, 5, 0, 1, 0],  # the part sent to B: 1 still to buy
        ["I alt", None, None, 16, 17, 15, 0, 1, 2],
    ]
    export("board", tmp_path / "b.xlsx")
    board = _records(openpyxl.load_workbook(tmp_path / "b.xlsx", data_only=True)["Indstilling"])
    assert sorted((r["Antal"], r["Målcenter"]) for r in board) == [(3, "A"), (5, "B"), (12, "A")]
    # CO2e (the dashboard's and the board PDF's calculation): the pieces replacing a purchase, net per chair
    # 20-5-1.5 = 13.5 .. 45-1-0.2 = 43.8 kg (assets/co2_factors.json)
    co2 = sorted((r["Antal"], r["Erstatter indkøb (stk.)"], r["CO2e undgået, lav (kg)"], r["CO2e undgået, høj (kg)"])
                 for r in board)
    assert co2 == [(3, None, None, None), (5, 5, 68, 219), (12, 10, 135, 438)]
