"""The shared database's password goes into PostgreSQL's own password file, never into settings or exports.

libpq (and so psycopg) reads the password file by itself: ``%APPDATA%\\postgresql\\pgpass.conf`` on
Windows, ``~/.pgpass`` elsewhere, or ``PGPASSFILE``. So the app remembers the address without the
password, and the password stays where IT expects it, readable by the user's account only.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from inventar.files import write_bytes
from inventar.models.database import split_password


def pgpass_path() -> Path:
    if os.environ.get("PGPASSFILE"):
        return Path(os.environ["PGPASSFILE"])
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


def remember_password(url: str) -> str:
    """Store ``url``'s password (if any) in the password file; returns the address without it."""
    bare, password = split_password(url)
    if password is None:
        return bare
    parts = urlsplit(bare)
    host = parts.hostname or "localhost"
    port = str(parts.port or 5432)
    database = unquote(parts.path.lstrip("/")) or "*"
    user = unquote(parts.username or "") or "*"
    key = ":".join(_escape(v) for v in (host, port, database, user))
    path = pgpass_path()
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    lines = [line for line in lines if not line.startswith(key + ":")]  # the new password replaces an old one
    lines.append(f"{key}:{_escape(password)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(path, ("\n".join(lines) + "\n").encode("utf-8"), private=True)  # libpq ignores a readable file
    return bare
