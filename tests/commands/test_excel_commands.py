"""``export`` and ``import`` on the command line, run as real subprocesses."""

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from inventar.models import Item, open_store
from inventar.services.excel.exports import KINDS

ROOT = Path(__file__).resolve().parents[2]


def run_main(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env=dict(os.environ), timeout=120)


@pytest.fixture
def db_file(furnished, db_path):
    furnished.close()
    return db_path


@pytest.mark.parametrize("kind", KINDS)
def test_export_every_kind(db_file, tmp_path, kind):
    target = tmp_path / f"{kind}.xlsx"
    result = run_main("--db", db_file, "export", kind, "-o", target)
    assert result.returncode == 0, result.stderr
    assert str(target) in result.stdout
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[0] == "Om"
    expected_rows = {"register": 5, "reuse": 2, "disposal": 3, "procurement": None, "board": 3}[kind]
    if expected_rows is not None:
        assert book.worksheets[1].max_row == 1 + expected_rows
        assert f"{expected_rows} rækker" in result.stdout


def test_export_refuses_a_name_that_is_not_xlsx(db_file, tmp_path):
    result = run_main("--db", db_file, "export", "register", "-o", tmp_path / "x.csv")
    assert result.returncode == 2
    assert ".xlsx" in result.stderr


def test_export_into_a_missing_folder(db_file, tmp_path):
    result = run_main("--db", db_file, "export", "board", "-o", tmp_path / "nej" / "x.xlsx")
    assert result.returncode == 1
    assert "findes ikke" in result.stderr


def test_import_dry_run_then_real_with_rejected_rows(tmp_path):
    source = tmp_path / "liste.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Items"
    for row in (["Category", "Title", "Width", "Quantity"], ["chair", "Syveren", "50,5", 4],
                ["chair", "Myren", "bred", 2], ["desk", "Skrivebord", "ca. 160", 1]):
        ws.append(row)
    book.save(source)
    db = tmp_path / "ny.sqlite"

    dry = run_main("--db", db, "import", source, "--dry-run")
    assert dry.returncode == 1
    assert "Items, række 3, kolonne C »Width«: Bredde (cm): »bred« er ikke et mål i cm" in dry.stderr
    assert "2 nye" in dry.stdout and "intet er skrevet" in dry.stdout
    store = open_store(db)
    assert Item.select().count() == 0
    store.close()

    real = run_main("--db", db, "import", source)
    assert real.returncode == 1  # a row was rejected, so scripts notice, but the valid rows are in
    assert "række 3" in real.stderr
    store = open_store(db)
    try:
        assert sorted((i.title, i.width_cm) for i in Item.select()) == [("Skrivebord", 160.0), ("Syveren", 50.5)]
    finally:
        store.close()


def test_clean_import_exits_zero_and_bad_file_exits_non_zero(db_file, tmp_path):
    target = tmp_path / "register.xlsx"
    assert run_main("--db", db_file, "export", "register", "-o", target).returncode == 0
    again = run_main("--db", db_file, "import", target)
    assert again.returncode == 0, again.stderr
    assert "0 nye, 0 ændrede, 5 uændrede" in again.stdout
    bogus = tmp_path / "bogus.xlsx"
    bogus.write_text("not a workbook")
    bad = run_main("--db", db_file, "import", bogus)
    assert bad.returncode == 3
    assert "er ikke en Excel-projektmappe" in bad.stderr


def test_template_from_the_command_line(store, db_path, tmp_path):
    store.close()
    target = tmp_path / "skabelon.xlsx"
    result = run_main("--db", db_path, "export", "template", "-o", target)
    assert result.returncode == 0
    assert "Genstande" in openpyxl.load_workbook(target).sheetnames
