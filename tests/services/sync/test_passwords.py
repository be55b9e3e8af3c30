"""The shared database's password never lands in settings, titles, exports or logs; it goes to
PostgreSQL's own password file (0600), which libpq reads by itself."""

from __future__ import annotations

import stat

import openpyxl
import pytest

from inventar.models import open_store
from inventar.models.database import split_password
from inventar.services.excel.exports import export
from inventar.services.sync.passwords import remember_password


@pytest.mark.parametrize(("url", "bare", "password"), [
    ("postgresql://inventar:p@ss:w0rd@db01:5432/inventar", "postgresql://inventar@db01:5432/inventar", "p@ss:w0rd"),
    ("postgresql://inventar@db01/inventar?password=hemmelig&sslmode=require",
     "postgresql://inventar@db01/inventar?sslmode=require", "hemmelig"),
    ("postgresql://inventar:geh%40eim@db01/inventar", "postgresql://inventar@db01/inventar", "geh@eim"),
    ("postgresql://db01/inventar", "postgresql://db01/inventar", None),
    ("/data/inventar.sqlite", "/data/inventar.sqlite", None),
])
def test_the_password_is_split_off_every_form_of_address(url, bare, password):
    assert split_password(url) == (bare, password)


def test_the_password_goes_to_the_password_file_readable_by_its_owner_only(tmp_path, monkeypatch):
    pgpass = tmp_path / "pgpass.conf"
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    pgpass.write_text("andet:5432:db:bruger:gammelt\ndb01:5432:inventar:inventar:forkert\n", encoding="utf-8")
    assert remember_password("postgresql://inventar:ny:kode@db01/inventar") == "postgresql://inventar@db01/inventar"
    assert pgpass.read_text(encoding="utf-8").splitlines() == [
        "andet:5432:db:bruger:gammelt", r"db01:5432:inventar:inventar:ny\:kode"]
    assert stat.S_IMODE(pgpass.stat().st_mode) == 0o600
    assert remember_password("postgresql://inventar@db01/inventar") == "postgresql://inventar@db01/inventar"


def test_exports_and_the_title_never_show_the_password(pg_url, tmp_path):
    store = open_store(f"{pg_url}?password=hemmelig-kode", photo_dir=str(tmp_path / "fotos"))
    try:
        assert "hemmelig" not in store.target
        result = export("register", tmp_path / "register.xlsx", source=store.target)
    finally:
        store.close()
    book = openpyxl.load_workbook(result.path)
    texts = [str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]
    assert pg_url.rsplit("/", 1)[1] in " ".join(texts), "the Om sheet names the database"
    assert not any("hemmelig" in text for text in texts)
