"""``labels`` on a full disk or into a read-only folder: one Danish line, exit 1, nothing marked printed."""

import os
import subprocess

import pytest

from inventar.cli import main
from inventar.models import Item, open_store
from tests.support.databases import demo_file
from tests.support.disks import tiny_tmpfs


@pytest.fixture
def demo_db(tmp_path):
    return demo_file(tmp_path / "demo.sqlite", items=60, seed=5, unprinted=True)


@pytest.fixture
def tiny_disk(tmp_path):
    with tiny_tmpfs(tmp_path, "64k") as folder:
        yield folder


def _printed(db):
    store = open_store(db)
    try:
        return Item.select().where(Item.label_printed_at.is_null(False)).count()
    finally:
        store.close()


def _refused(qapp, demo_db, pdf, capsys, reason):
    assert main(["--db", str(demo_db), "labels", "-o", str(pdf), "--template", "3x7"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith("Fejl: ") and reason in err, err
    assert _printed(demo_db) == 0
    assert not pdf.exists()
    assert not [p for p in pdf.parent.iterdir() if p.name.startswith(".labels-")]


def test_full_disk_is_an_error_and_nothing_is_marked_printed(qapp, demo_db, tiny_disk, capsys):
    _refused(qapp, demo_db, tiny_disk / "labels.pdf", capsys, "disken er fuld")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_read_only_folder_is_an_error_and_nothing_is_marked_printed(qapp, demo_db, tmp_path, capsys):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):  # root ignores the permission bits: make the drive itself read-only
            subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)], capture_output=True,
                           check=False)
            if os.access(folder, os.W_OK) or not os.path.ismount(folder):
                pytest.skip("cannot make a read-only folder here")
        _refused(qapp, demo_db, folder / "labels.pdf", capsys, "skrivebeskyttet")
    finally:
        if os.path.ismount(folder):
            subprocess.run(["umount", str(folder)], check=False)
        folder.chmod(0o755)
