"""Killing the app mid-write loses nothing committed and leaves no half-written files."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def cli(*args, **kwargs):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, **kwargs)


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def _items(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT COUNT(*) FROM item").fetchone()[0]


def _photos_complete(path: Path) -> bool:
    from PIL import Image

    folder = path.with_name(path.stem + "-fotos")
    with sqlite3.connect(path) as connection:
        hashes = [h for (h,) in connection.execute("SELECT DISTINCT file_hash FROM photo")]
    for file_hash in hashes:
        stored = folder / file_hash[:2] / f"{file_hash}.jpg"
        with Image.open(stored) as image:
            image.verify()  # a complete, readable JPEG
    return True


def _visible_leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and
            (p.suffix in (".part", ".tmp") or ".tmp-" in p.name or p.name.startswith((".labels-", ".backup-")))]


@pytest.fixture(scope="module")
def big_workbook(tmp_path_factory):
    folder = tmp_path_factory.mktemp("source")
    source = folder / "source.sqlite"
    assert cli("--db", str(source), "demo", "--items", "6000", "--seed", "11").returncode == 0
    workbook = folder / "register.xlsx"
    result = cli("--db", str(source), "export", "register", "-o", str(workbook))
    assert result.returncode == 0, result.stderr
    return workbook


def _start_import(target: Path, workbook: Path) -> tuple[subprocess.Popen, float]:
    """Start an import; return once its summary is printed: the workbook is read and the write begins."""
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(target), "import", str(workbook)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    first = process.stdout.readline()  # "Ark »…« (…): 6000 nye, …", printed right before the one write transaction
    assert first.startswith("Ark "), f"no import summary before the write: {first!r}"
    return process, time.monotonic()


@pytest.fixture(scope="module")
def write_seconds(tmp_path_factory, big_workbook):
    """How long the write of the 6000 rows takes here (from the summary to the »Importeret« line)."""
    target = tmp_path_factory.mktemp("timing") / "timing.sqlite"
    assert cli("--db", str(target), "demo", "--items", "40", "--seed", "5").returncode == 0
    process, started = _start_import(target, big_workbook)
    for line in process.stdout:  # the final line comes when the transaction is committed
        if line.startswith("Importeret"):
            seconds = time.monotonic() - started
            break
    else:
        raise AssertionError("the timing import did not finish")
    assert "6000 nye" in line, line
    process.communicate()
    return seconds


@pytest.mark.parametrize("fraction", [0.0, 0.3, 0.6])
def test_kill_during_bulk_import(tmp_path, big_workbook, write_seconds, fraction):
    """Killed while the rows are written (not while the file is read): nothing of the import is visible.

    The write takes well under a second and a loaded machine stretches it unevenly, so a kill that came
    too late (the import had already committed) is repeated with half the delay, up to four times."""
    delay = fraction * write_seconds
    for attempt in range(4):
        target = tmp_path / f"target-{attempt}.sqlite"
        assert cli("--db", str(target), "demo", "--items", "40", "--seed", "5").returncode == 0
        before = _items(target)
        process, _started = _start_import(target, big_workbook)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        rest, _stderr = process.communicate()  # reads to the end and closes the pipe
        if process.returncode == -signal.SIGKILL and "Importeret" not in rest:
            break  # the kill landed during the write
        delay /= 2
    else:
        raise AssertionError(f"the kill never landed during the write ({write_seconds:.2f} s)")

    assert _integrity(target) == "ok"
    after = _items(target)
    assert after == before, f"a half import is visible: {after - before} of 6000 rows"
    assert _photos_complete(target)
    assert not _visible_leftovers(tmp_path)


def _wait_for_demo_writing(path: Path, process: subprocess.Popen, timeout: float = 60) -> int:
    """Wait until the demo is under way: its transaction holds rows in the WAL and photo files are written."""
    photos = path.with_name(path.stem + "-fotos")
    wal = Path(str(path) + "-wal")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        written = list(photos.rglob("*.jpg")) if photos.exists() else []
        if len(written) >= 3 and wal.exists() and wal.stat().st_size > 0:
            return len(written)
        time.sleep(0.02)
    raise AssertionError("the demo never started writing")


@pytest.mark.parametrize("delay", [0.0, 0.15, 0.5])
def test_kill_during_demo_photo_import(tmp_path, delay):
    """The demo is one transaction: killed while it writes photos and items, nothing of it is visible,
    the database is intact and opens again; the photo files it left are content-addressed and harmless."""
    target = tmp_path / "demo.sqlite"
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(target), "demo", "--items",
                                "8000"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for_demo_writing(target, process)
    time.sleep(delay)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the demo finished before the kill"
    assert _integrity(target) == "ok"
    assert _items(target) == 0, "a half demo is visible"
    # reopening works and runs no migration half-way
    result = cli("--db", str(target), "demo", "--items", "1")
    assert result.returncode == 0, result.stderr
    assert _items(target) == 1 and _photos_complete(target)
    assert not _visible_leftovers(tmp_path)
