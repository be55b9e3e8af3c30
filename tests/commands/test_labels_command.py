"""``main.py labels``: PDFs written by the real command, read back with pdftoppm and zxing-cpp."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from inventar.cli import main
from inventar.models import Item, open_store
from inventar.models.entities import ReservedCode
from tests.support.databases import demo_file
from tests.support.pdf_codes import codes_in_pdf

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is missing")


@pytest.fixture
def demo_db(tmp_path):
    return demo_file(tmp_path / "demo.sqlite", items=25, seed=5)


def test_only_unprinted_then_nothing_left(qapp, demo_db, tmp_path, capsys):
    store = open_store(demo_db)
    unprinted = {i.label_code for i in Item.select().where(Item.label_printed_at.is_null())}
    store.close()
    assert unprinted
    pdf = tmp_path / "out" / "unprinted.pdf"
    assert main(["--db", str(demo_db), "labels", "-o", str(pdf), "--template", "4x10", "--only-unprinted",
                 "--skip", "5"]) == 0
    assert sorted(codes_in_pdf(pdf, tmp_path)) == sorted(unprinted)
    assert "4x10" in capsys.readouterr().out
    assert main(["--db", str(demo_db), "labels", "-o", str(tmp_path / "again.pdf"), "--only-unprinted"]) == 0
    assert "alle genstande har fået deres etiket udskrevet" in capsys.readouterr().out
    assert not (tmp_path / "again.pdf").exists()


def test_blank_codes_are_reserved_and_printed(demo_db, tmp_path):
    """A real subprocess, as a script would call it."""
    store = open_store(demo_db)
    before = {r.code for r in ReservedCode.select()}
    store.close()
    pdf = tmp_path / "blank.pdf"
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(demo_db), "labels", "-o", str(pdf),
                             "--blank", "6", "--template", "62mm"], capture_output=True, text=True, cwd=ROOT,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    store = open_store(demo_db)
    new = {r.code for r in ReservedCode.select().where(ReservedCode.printed_at.is_null(False))} - before
    store.close()
    assert len(new) == 6
    assert sorted(codes_in_pdf(pdf, tmp_path)) == sorted(new)


@pytest.mark.parametrize("args, message", [
    (["--template", "5x13"], "Ukendt etiketskabelon"),
    (["--skip", "-1"], "--skip"),
    (["--skip", "21"], "--skip skal være mindre end 21"),
    (["--blank", "0"], "--blank"),
    (["--blank", "100000000"], "--blank skal være mellem 1 og 10000"),
])
def test_bad_options_write_nothing(demo_db, tmp_path, capsys, args, message):
    pdf = tmp_path / "x.pdf"
    assert main(["--db", str(demo_db), "labels", "-o", str(pdf), *args]) == 2
    assert message in capsys.readouterr().err
    assert not pdf.exists()


HOLD_LOCK = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
connection.execute("UPDATE meta SET value = value")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
"""


def test_a_held_write_lock_is_waited_for(demo_db, tmp_path):
    """Another process holds the write lock for 2 s: the command waits (busy timeout 10 s) instead of failing."""
    import time

    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(demo_db), "2"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(demo_db), "labels", "--blank", "3",
                             "-o", str(tmp_path / "blanke.pdf")], capture_output=True, text=True, cwd=ROOT)
    waited = time.perf_counter() - started
    holder.communicate(timeout=10)  # waits and closes the pipe
    assert result.returncode == 0, result.stderr
    assert waited > 1.0, "the lock was held: the command must have waited for it"
    assert len(codes_in_pdf(tmp_path / "blanke.pdf", tmp_path)) == 3
