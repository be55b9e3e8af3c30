"""``backup``, ``bundle export`` and ``export`` on a full disk: one Danish line ("disken er fuld"), exit 1,
no system text ("[Errno 28] No space left on device") and no file or temp file left behind."""

import errno

import pytest

from inventar.cli import main
from inventar.errors import os_reason
from tests.support.databases import demo_file
from tests.support.disks import tiny_tmpfs


@pytest.fixture
def demo_db(tmp_path):
    return demo_file(tmp_path / "demo.sqlite", items=60, seed=5)


@pytest.mark.parametrize("command", [
    ["backup", "-o", "{disk}/kopi.inventar-backup"],
    ["bundle", "export", "--all", "-o", "{disk}/alt.inventar-bundle"],
    ["export", "register", "--thumbnails", "-o", "{disk}/register.xlsx"],
])
def test_a_full_disk_is_said_in_danish_and_leaves_nothing(qapp, demo_db, tmp_path, capsys, command):
    with tiny_tmpfs(tmp_path, "64k") as disk:
        args = [part.format(disk=disk) for part in command]
        assert main(["--db", str(demo_db), *args]) == 1
        err = capsys.readouterr().err
        assert "disken er fuld" in err
        assert "Errno" not in err and "No space" not in err and "Traceback" not in err
        assert list(disk.iterdir()) == []


@pytest.mark.parametrize("code, reason", [
    (errno.ENOSPC, "disken er fuld"), (errno.EROFS, "drevet er skrivebeskyttet"),
    (errno.EACCES, "ingen adgang"), (errno.ENOENT, "findes ikke"), (errno.EISDIR, "en mappe, ikke en fil"),
])
def test_the_common_reasons_are_danish(code, reason):
    assert reason in os_reason(OSError(code, "system text in English", "/x/y"))
    assert os_reason(OSError(errno.EBADF, "Bad file descriptor")) == "Bad file descriptor"  # rarer: the system's
