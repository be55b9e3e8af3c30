"""The import template: one sheet per kind with the Danish headers, drop-down lists and a guide."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from inventar.domain.vocabulary import CATEGORIES, STRATEGY_CRITERIA
from inventar.i18n import _
from inventar.services.excel.columns import SHEET_KINDS
from inventar.services.excel.writer import HEADER_FILL, HEADER_FONT, TITLE_FONT, save_atomic

GUIDE = [  # i18n: ignore (the template workbook is Danish, like its headers)
    ("Genstande", "Én række pr. genstand (eller pr. sæt ens genstande med Antal). Kategori skal udfyldes for nye "
                  "genstande. UUID eller Etiketkode gør rækken genkendelig: importeres filen igen, opdateres "
                  "genstanden i stedet for at blive oprettet to gange (uden dem genkendes rækken på indholdet)."),
    ("Mål", "Bredde, dybde og højde i cm: 80, 80,5, »ca. 120« og »120 cm« accepteres; 1–1000 cm."),
    ("Stand", "1–5 (1 kassabel … 5 som ny) eller ordet, fx »God«."),
    ("Rum", "Rumnummer (fx 2.10 eller K.02) og evt. Etage og Bygning (standard Rådhuset). Ukendte rum oprettes."),
    ("Strategikriterier", "Adskilt med komma: " + ", ".join(STRATEGY_CRITERIA.values())),
    ("Gemt guld", "ja/nej; ved ja skal begrundelsen udfyldes."),
    ("Målcenter/Måletage", "Centrets forkortelse og etagen i det nye rådhus (skal findes i forvejen)."),
    ("Rum-arket", "Bygning, Etage og Rumnummer er nøglen; Rumnavn opdateres ved genimport."),
    ("Centre-arket", "Forkortelsen er nøglen; Arbejdspladser bruges til behov beregnet ud fra normen."),
    ("Behov-arket", "Center (forkortelse), Kategori, Behov (antal) og evt. Etage. Et indtastet behov erstatter "
                    "normen for centret og kategorien."),
    ("Kolonner", "Overskrifter må være på dansk eller engelsk; store/små bogstaver og mellemrum er ligegyldige. "
                 "Ukendte kolonner springes over."),
]


def write_template(path: Path | str) -> Path:
    book = Workbook()
    guide = book.active
    guide.title = _("Om")
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 110
    guide.append([_("Skabelon til import i Inventar")])
    guide["A1"].font = TITLE_FONT
    guide.append([_("Udfyld arkene, du har brug for, og slet eller lad resten stå tomme.")])
    guide.append([])
    for topic, text in GUIDE:
        guide.append([_(topic), _(text)])
        guide.cell(guide.max_row, 1).font = Font(bold=True)
        guide.cell(guide.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    categories = ",".join(_(n) for n in CATEGORIES.values())
    for kind in ("items", "rooms", "centres", "needs"):
        fields, title, _names = SHEET_KINDS[kind]
        ws = book.create_sheet(_(title))
        ws.append([f.header for f in fields])
        for index, f in enumerate(fields, 1):
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = f.width
            cell = ws.cell(1, index)
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            if f.number_format:
                for row in range(2, 1002):
                    ws.cell(row, index).number_format = f.number_format
            if f.name == "category" and len(categories) < 255:
                rule = DataValidation(type="list", formula1=f'"{categories}"', allow_blank=True)
                rule.error = _("Vælg en kategori fra listen")
                ws.add_data_validation(rule)
                rule.add(f"{letter}2:{letter}5000")
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(fields))}1"
    return save_atomic(book, path)
