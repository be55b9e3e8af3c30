"""Opening a database: an SQLite file (default) or a PostgreSQL URL.

The returned :class:`Store` knows the database and the photo folder; opening
binds the model proxy and brings the schema to the head version.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from peewee import Database, DatabaseError, OperationalError, PostgresqlDatabase, SqliteDatabase

from inventar.errors import UserError, os_reason
from inventar.i18n import _
from inventar.models import migrations
from inventar.models.base import db_proxy

log = logging.getLogger(__name__)

IN_CHUNK = 500  # values per IN (...) query, batches made with peewee.chunked: far below SQLite's variable limit

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "busy_timeout": 10_000,
    "cache_size": -32_000,
}


class DatabaseOpenError(UserError, RuntimeError):
    """The database could not be opened; the message is for users."""


class DatabaseWriteError(UserError, OperationalError):
    """SQLite could not write (a read-only file or folder, a full disk, a failing drive, a lock held past the busy
    timeout): a message for users.
    An ``OperationalError`` still, so code that handles those handles this; the transaction is rolled back."""


def _write_failure(error: OperationalError, path: str) -> DatabaseWriteError | None:
    """The user's message for what SQLite says when it cannot write, or None for any other error."""
    text = str(error).lower()
    if "readonly database" in text:
        reason = _("databasefilen »{name}« eller dens mappe er skrivebeskyttet. Kopiér databasen og dens fotomappe "
                   "til en mappe, du kan skrive i, eller fjern skrivebeskyttelsen", name=Path(path).name)
    elif "database or disk is full" in text:
        reason = _("disken er fuld. Frigør plads, og prøv igen")
    elif "disk i/o error" in text:
        reason = _("læse- eller skrivefejl på drevet (et netværksdrev, der forsvandt?)")
    elif "database is locked" in text or "database table is locked" in text:  # after the 10-s busy timeout
        reason = _("databasen er optaget af et andet program eller vindue, der skriver i den (ventede 10 sekunder). "
                   "Prøv igen om lidt")
    else:
        return None
    return DatabaseWriteError(_("Ændringen kunne ikke gemmes: {reason}. Intet af den er gemt.", reason=reason))


class _SqliteDatabase(SqliteDatabase):
    """SQLite whose write failures are :class:`DatabaseWriteError` (a Danish message, not a traceback)."""

    def _saying_why(self, call, *args):
        try:
            return call(*args)
        except OperationalError as exc:
            failure = _write_failure(exc, self.database)
            if failure is None:
                raise
            raise failure from exc

    def execute_sql(self, sql, params=None):
        return self._saying_why(super().execute_sql, sql, params)

    def begin(self, lock_type=None):
        return self._saying_why(super().begin, lock_type)

    def commit(self):
        return self._saying_why(super().commit)

    def rollback(self):
        if not self.is_closed() and not self.connection().in_transaction:
            return None  # SQLite rolled back itself (a full disk at COMMIT): "cannot rollback" would hide why
        return super().rollback()


@dataclass
class Store:
    db: Database
    target: str  # what the user gave: a path or a URL (password removed)
    photo_dir: Path
    upgraded_from: int

    @property
    def is_postgres(self) -> bool:
        return isinstance(self.db, PostgresqlDatabase)

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()


def is_url(target: str) -> bool:
    return target.startswith(("postgres://", "postgresql://"))


SECRET_PARAMETERS = {"password", "sslpassword"}


def split_password(url: str) -> tuple[str, str | None]:
    """``url`` without its password (in the user part, which may itself contain ``@``, or as a
    ``?password=`` parameter) and the password (None when there is none)."""
    if not is_url(url):
        return url, None
    parts = urlsplit(url)
    password = None
    netloc = parts.netloc
    if "@" in netloc:
        credentials, host = netloc.rsplit("@", 1)  # the host never holds "@"; a password may
        if ":" in credentials:
            user, password = credentials.split(":", 1)
            netloc = f"{user}@{host}"
    query = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(key, value) for key, value in query if key.lower() not in SECRET_PARAMETERS]
    for key, value in query:
        if key.lower() == "password":
            password = value
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(kept), parts.fragment)), \
        (unquote(password) if password is not None else None)


def _redact(url: str) -> str:
    """What the title bar, exports and logs may show of a database address: never a password."""
    return split_password(url)[0]


def photo_dir_for(target: str, configured: str | None = None) -> Path:
    """Photos live in a folder beside an SQLite file, or in the configured (shared) folder."""
    if configured:
        return Path(configured)
    if is_url(target):
        from inventar.paths import data_dir

        return data_dir() / "shared-photos"
    path = Path(target)
    return path.with_name(path.stem + "-fotos")


def open_store(target: str | Path, photo_dir: str | None = None, upgrade: bool = True) -> Store:
    target = str(target)
    if is_url(target):
        # playhouse.db_url imports every backend peewee has (psycopg, MySQL, SQLite extensions): only here
        from playhouse.db_url import connect as connect_url

        db = connect_url(target, autoconnect=True)
    else:
        path = Path(target).expanduser()
        if path.exists() and path.is_dir():
            raise DatabaseOpenError(_("»{path}« er en mappe, ikke en databasefil", path=path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseOpenError(_("Kan ikke oprette mappen til databasen: {error}", error=os_reason(exc))) from exc
        if path.exists():
            with open(path, "rb") as handle:
                header = handle.read(16)
            if header and header != b"SQLite format 3\x00":
                raise DatabaseOpenError(_("»{path}« er ikke en Inventar-database (SQLite)", path=path))
        # IMMEDIATE: a transaction takes the write lock at BEGIN, so a second writer waits for the busy
        # timeout; a deferred one that read first and then writes fails at once with "database is locked".
        db = _SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, timeout=10, lock_type="IMMEDIATE")
        target = str(path)
    try:
        db.connect(reuse_if_open=True)
        db_proxy.initialize(db)
        upgraded_from = migrations.current_version(db)
    except OperationalError as exc:
        db.close()
        raise DatabaseOpenError(_("Databasen kan ikke åbnes: {error}", error=exc)) from exc
    except DatabaseError as exc:  # a damaged file, or garbage behind a valid SQLite header
        db.close()
        raise DatabaseOpenError(_("»{path}« er beskadiget eller ikke en Inventar-database ({error})",
                                  path=target, error=exc)) from exc
    if upgrade:
        try:
            upgraded_from = migrations.upgrade(db)
        except OperationalError as exc:
            db.close()
            raise DatabaseOpenError(_("Databasen kunne ikke opgraderes: {error}", error=exc)) from exc
        except DatabaseError as exc:
            db.close()
            raise DatabaseOpenError(_("»{path}« er beskadiget eller ikke en Inventar-database ({error})",
                                      path=target, error=exc)) from exc
        except migrations.SchemaTooNewError as exc:
            db.close()
            raise DatabaseOpenError(str(exc)) from exc
    folder = photo_dir_for(target, photo_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return Store(db=db, target=_redact(target), photo_dir=folder, upgraded_from=upgraded_from)
