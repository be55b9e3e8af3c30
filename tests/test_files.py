"""The one atomic file write (inventar.files): permissions, untouched old file, no temp file left."""

from __future__ import annotations

import os
import stat

import pytest

from inventar.files import atomic_file, atomic_path, current_umask, write_bytes


@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    yield
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_current_umask_reads_without_changing(umask_027):
    assert current_umask() == 0o027
    assert current_umask() == 0o027


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_permissions_follow_the_umask_not_mkstemp(tmp_path, umask_027):
    target = write_bytes(tmp_path / "a.bin", b"data")
    assert target.read_bytes() == b"data"
    assert _mode(target) == 0o640
    os.umask(0o022)
    with atomic_path(tmp_path / "b.pdf") as temporary:
        temporary.write_bytes(b"pdf")
    assert _mode(tmp_path / "b.pdf") == 0o644


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_failure_mid_write_leaves_old_file_and_no_temp(tmp_path, error):
    target = tmp_path / "settings.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(error), atomic_file(target, "w", encoding="utf-8") as handle:
        handle.write("half")
        raise error
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_failure_in_path_writer_removes_temp(tmp_path):
    target = tmp_path / "book.xlsx"
    with pytest.raises(OSError), atomic_path(target, prefix=".x-", suffix=".part") as temporary:
        assert temporary.parent == tmp_path and temporary.name.startswith(".x-")
        temporary.write_bytes(b"half")
        raise OSError("disk full")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_replaces_existing_file(tmp_path):
    target = tmp_path / "x.txt"
    target.write_text("old")
    with atomic_file(target, "w") as handle:
        handle.write("new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


def test_only_new_files(tmp_path):
    with pytest.raises(ValueError), atomic_file(tmp_path / "x", "a"):
        pass
