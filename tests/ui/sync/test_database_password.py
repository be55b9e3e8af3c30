"""Switching to the shared database with a password in the address: remembered without it."""

from __future__ import annotations


def test_switching_to_a_shared_database_remembers_it_without_the_password(qtbot, main_window, pg_url, tmp_path,
                                                                          monkeypatch):
    pgpass = tmp_path / "pgpass"
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    assert main_window.switch_database(pg_url.replace("postgres@", "postgres:hemmelig@", 1))
    remembered = main_window.settings.get("last_database")
    assert "hemmelig" not in remembered and remembered.endswith(pg_url.rsplit("/", 1)[1])
    assert "hemmelig" not in main_window.windowTitle()
    assert pgpass.read_text(encoding="utf-8").strip().endswith(":postgres:hemmelig")
    main_window.session.close()
