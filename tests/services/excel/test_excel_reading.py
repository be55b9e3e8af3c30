"""The fast row reader gives exactly what openpyxl's read-only reader gives."""

from datetime import date, datetime

import openpyxl

from inventar.services.excel.reading import data_rows, open_workbook


def test_fast_rows_match_openpyxl(tmp_path):
    path = tmp_path / "blandet.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Tekst", "Tal", "Decimal", "Dato", "Sand", "Formel"])
    ws.append(["Stol & bord <eg>", 4, 80.5, datetime(2022, 8, 15, 9, 30), True, "=B2*2"])
    ws.append([None, None, "  mellemrum ", date(2022, 9, 1), False, None])
    ws.append([])
    ws["C6"] = "efter et hul"
    ws["A7"] = 1e-05
    book.save(path)
    readonly = open_workbook(path)
    sheet = readonly.worksheets[0]
    expected = [(number, tuple(values)) for number, values in
                enumerate(sheet.iter_rows(min_row=2, values_only=True), 2)]
    got = dict(data_rows(sheet, 2))
    def trimmed(values):
        values = list(values)
        while values and values[-1] is None:
            values.pop()
        return values

    for number, values in expected:
        assert trimmed(got.get(number, ())) == trimmed(values), number
    assert got[6] == (None, None, "efter et hul")
    readonly.close()
