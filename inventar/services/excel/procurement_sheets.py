"""The procurement workbook's sheets: purchase list, all lines, surplus (one line per centre and
category, each with an =SUM total row) and totals per category as =SUMIF formulas over all lines."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from openpyxl.utils import get_column_letter

from inventar.i18n import _
from inventar.services.excel.writer import INT, Col, Formula, SheetInfo, SheetWriter, field_col, sum_formula
from inventar.services.needs.procurement import ProcurementLine, ProcurementResult

NUMBERS = ("needed", "reused", "covered", "covered_by_pool", "to_buy", "surplus")
LINE_COLUMNS = [
    Col("Center", 9), Col("Centernavn", 30), field_col("category", 16),
    Col("Behov", 8, INT), Col("Genbrug", 9, INT), Col("Dækket af genbrug", 10, INT),
    Col("Heraf genbrug uden center", 12, INT), Col("Købes", 8, INT), Col("Overskud", 9, INT)]
FIRST_NUMBER = 4  # column D
TOTAL_NUMBERS = ("needed", "reused", "covered", "to_buy", "surplus")


def _line_values(line: ProcurementLine) -> list[Any]:
    return [line.centre or _("Ikke placeret"), line.centre_name, line.category_name,
            *(getattr(line, name) for name in NUMBERS)]


def _lines_sheet(book, title: str, lines: list[ProcurementLine]) -> int:
    sheet = SheetWriter(book, title, LINE_COLUMNS)
    for line in lines:
        sheet.append(_line_values(line))
    count = sheet.close()
    totals = [sum_formula(get_column_letter(FIRST_NUMBER + i), 2, 1 + count, sum(getattr(l, name) for l in lines))
              for i, name in enumerate(NUMBERS)]
    sheet.append_plain([_("I alt"), "", "", *totals], bold=True)
    return count


def write_procurement_sheets(book, result: ProcurementResult, step: Callable[[int], None]) -> list[SheetInfo]:
    """Write the four sheets; returns their descriptions for the »Om« sheet."""
    infos = []
    all_title = _("Alle linjer")
    for title, description, lines in (
            (_("Indkøbsliste"), _("Det, der skal købes: behov minus genbrug, pr. center og kategori"),
             result.purchase_list),
            (all_title, _("Behov, genbrug, dækning, køb og overskud for alle centre og kategorier"), result.lines),
            (_("Overskud"), _("Genbrug ud over behovet, pr. center og kategori; »Ikke placeret« er genbrug uden "
                              "målcenter, som intet behov kunne dække"), result.surplus_lines)):
        infos.append(SheetInfo(title, description, _lines_sheet(book, title, lines)))
        step(len(infos))
    last = 1 + len(result.lines)
    ref = "'" + all_title.replace("'", "''") + "'!"
    totals = SheetWriter(book, _("Totaler"), [
        field_col("category", 18), Col("Behov", 8, INT), Col("Genbrug", 9, INT), Col("Dækket af genbrug", 10, INT),
        Col("Købes", 8, INT), Col("Overskud", 9, INT)])
    by_category = result.totals_by_category()
    for row, (category, t) in enumerate(by_category.items(), 2):
        name = next(l.category_name for l in result.lines if l.category == category)
        cells = []
        for name_, source in zip(TOTAL_NUMBERS, (4, 5, 6, 8, 9), strict=True):
            letter = get_column_letter(source)
            cells.append(Formula(f"=SUMIF({ref}$C$2:$C${last},$A{row},{ref}{letter}$2:{letter}${last})", t[name_]))
        totals.append([name, *cells])
    n = totals.close()
    totals.append_plain([_("I alt")] + [sum_formula(get_column_letter(2 + i), 2, 1 + n,
                                                    sum(t[k] for t in by_category.values()))
                                        for i, k in enumerate(TOTAL_NUMBERS)], bold=True)
    infos.append(SheetInfo(_("Totaler"), _("Summer pr. kategori og i alt, som formler over »Alle linjer«"), n))
    return infos
