"""``main.py rooms import FILE`` and ``main.py rooms coverage`` as real subprocesses."""

import os
import subprocess
import sys
from pathlib import Path

from inventar.models import Room, open_store

ROOT = Path(__file__).resolve().parents[2]


def run_main(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          cwd=ROOT, env=dict(os.environ), timeout=120)


def test_import_then_coverage(tmp_path):
    target = tmp_path / "x.sqlite"
    rooms = tmp_path / "rum.csv"
    rooms.write_text("etage;nummer;navn\n-1;K.01;Arkiv\n0;0.01;Reception\n0;0.02;Kantine\n", encoding="utf-8")
    result = run_main("--db", str(target), "rooms", "import", str(rooms))
    assert result.returncode == 0, result.stderr
    assert "3 rum importeret, 0 fandtes i forvejen" in result.stdout
    result = run_main("--db", str(target), "rooms", "coverage")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].split()[:2] == ["Kælder", "1"] and lines[2].split()[:3] == ["Stueetage", "2", "0"]
    store = open_store(target)
    try:
        assert Room.select().count() == 3
    finally:
        store.close()


def test_bad_room_list_fails_with_the_line(tmp_path):
    rooms = tmp_path / "rum.csv"
    rooms.write_text("0;0.01;Reception\nfem;5.01;Loft\n", encoding="utf-8")
    result = run_main("--db", str(tmp_path / "x.sqlite"), "rooms", "import", str(rooms))
    assert result.returncode == 1
    assert "linje 2" in result.stderr
    result = run_main("--db", str(tmp_path / "x.sqlite"), "rooms")
    assert result.returncode == 2
