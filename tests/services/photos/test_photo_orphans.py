"""Temp files of a killed photo write are removed on the next start; live writes are left alone."""

import os
import subprocess
import sys
import time

from inventar.services.photos.store import TEMP_PREFIX, sweep_orphans


def test_orphans_of_dead_writers_go_and_live_ones_stay(tmp_path):
    folder = tmp_path / "fotos" / "ab"
    folder.mkdir(parents=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    orphan = folder / f"{TEMP_PREFIX}{dead.stdout.strip()}-x1.jpg"
    orphan.write_bytes(b"half a jpeg")
    live = folder / f"{TEMP_PREFIX}{os.getpid()}-x2.jpg"
    live.write_bytes(b"being written")
    photo = folder / "ab12.jpg"
    photo.write_bytes(b"a stored photo")

    assert sweep_orphans(tmp_path / "fotos") == 1
    assert not orphan.exists()
    assert live.exists() and photo.exists()


def test_shared_folders_only_lose_old_leftovers(tmp_path):
    young = tmp_path / f"{TEMP_PREFIX}1-young.jpg"
    old = tmp_path / f"{TEMP_PREFIX}1-old.jpg"
    for path in (young, old):
        path.write_bytes(b"x")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    assert sweep_orphans(tmp_path, shared=True) == 1
    assert young.exists() and not old.exists()
