"""The command line, run as a real subprocess and in-process."""

import os
import subprocess
import sys
from pathlib import Path

from inventar import __version__
from inventar.cli import main
from inventar.models import Centre, Floor, Item, Photo, Room, open_store
from inventar.services.photos.store import PhotoStore

ROOT = Path(__file__).resolve().parents[2]


def run_main(*args, env=None):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, timeout=120)


def test_version():
    result = run_main("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"Inventar {__version__}"


def test_demo_fills_the_database_with_photos_centres_and_floors(tmp_path):
    target = tmp_path / "x.sqlite"
    result = run_main("--db", str(target), "demo", "--items", "120")
    assert result.returncode == 0, result.stderr
    assert "120 genstande" in result.stdout

    store = open_store(target)
    try:
        assert Item.select().count() == 120
        assert Item.select().where(Item.is_demo == False).count() == 0  # noqa: E712
        assert len({i.category for i in Item.select(Item.category)}) >= 8
        assert Room.select(Room.floor).distinct().count() >= 4
        assert Centre.select().where(Centre.abbreviation == "BAC").get().citizen_contact == 5
        assert Floor.select().count() == 5
        photos = PhotoStore(store.photo_dir)
        hashes = {p.file_hash for p in Photo.select()}
        assert Photo.select().count() == 120
        assert all(photos.path_for(h).exists() and photos.thumbnail_path(h).exists() for h in hashes)
    finally:
        store.close()


def test_db_from_environment(tmp_path, capsys):
    target = tmp_path / "env.sqlite"
    os.environ["INVENTAR_DB"] = str(target)
    try:
        assert main(["demo", "--items", "3"]) == 0
    finally:
        del os.environ["INVENTAR_DB"]
    assert str(target) in capsys.readouterr().out
    assert target.exists()


def test_bad_database_gives_a_message_and_exit_code(tmp_path):
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_text("hello")
    result = run_main("--db", str(bogus), "demo", "--items", "1")
    assert result.returncode == 1
    assert "ikke en Inventar-database" in result.stderr


def test_unknown_command_is_a_usage_error():
    result = run_main("teleport")
    assert result.returncode == 2
    assert "brug: " in result.stderr and "ugyldigt valg: 'teleport'" in result.stderr
    assert "'restore'" in result.stderr, "the message lists the commands there are"


def test_english_help():
    result = run_main("--lang", "en", "--help")
    assert result.returncode == 0
    assert "fill the database with demo data" in result.stdout


def test_every_command_module_registers_its_command_name():
    from inventar.cli import COMMANDS, build_parser

    parser = build_parser()
    registered = next(a for a in parser._actions if a.dest == "command").choices
    assert set(registered) == set(COMMANDS)


def test_the_gui_start_does_not_load_the_heavy_command_libraries():
    code = ("import sys; from inventar.cli import _modules_for, build_parser; "
            "build_parser(_modules_for(['--db', 'x.sqlite'])); "
            "print(sorted(m for m in ('ortools', 'openpyxl') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "[]", result.stderr


def test_backup_and_restore_as_the_readme_writes_them(tmp_path):
    """``restore FILE --db TARGET`` (the option after the command) works as documented."""
    source = tmp_path / "kilde.sqlite"
    assert run_main("--db", str(source), "demo", "--items", "12").returncode == 0
    backup = tmp_path / "kopi.inventar-backup"
    made = run_main("--db", str(source), "backup", "-o", str(backup))
    assert made.returncode == 0, made.stderr
    target = tmp_path / "gendannet.sqlite"
    restored = run_main("restore", str(backup), "--db", str(target))
    assert restored.returncode == 0, restored.stderr
    import re

    from inventar.domain.times import local_now
    # the backup's time in Danish local time, not "2026-11-30T09:16:00+00:00"
    assert re.search(r"sikkerhedskopi fra \d\d-\d\d-\d{4} \d\d:\d\d\)", restored.stdout), restored.stdout
    assert local_now().strftime("%d-%m-%Y") in restored.stdout
    coverage = run_main("rooms", "coverage", "--db", str(target))
    assert coverage.returncode == 0 and "1. sal" in coverage.stdout, coverage.stderr
    store = open_store(target)
    try:
        assert Item.select().count() == 12
    finally:
        store.close()


def test_demo_on_postgresql_twice(pg_url, tmp_path):
    for _ in range(2):
        result = run_main("--db", pg_url, "--photos", str(tmp_path / "fotos"), "demo", "--items", "5")
        assert result.returncode == 0, result.stderr
    store = open_store(pg_url, photo_dir=str(tmp_path / "fotos"))
    try:
        assert Item.select().count() == 10
    finally:
        store.close()


def test_argparse_speaks_danish_too():
    result = run_main("restore")
    assert result.returncode == 2
    assert "brug: " in result.stderr and "disse argumenter mangler: FILE" in result.stderr
    assert "usage" not in result.stderr and "required" not in result.stderr
    helped = run_main("--help")
    assert "tilvalg:" in helped.stdout and "vis denne hjælp og afslut" in helped.stdout
    assert "options:" in run_main("--lang", "en", "--help").stdout
