"""Connection trouble with the shared database: recognising it, a clear message, reconnecting.

Every save runs in one transaction, so when the server goes away in the middle
the server rolls it back: nothing is half-written.  The UI keeps the user's
unsaved input, shows :class:`ConnectionLostError`'s message and calls
:func:`reconnect` before it tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from peewee import Database, InterfaceError, OperationalError, PostgresqlDatabase

from inventar.errors import UserError
from inventar.i18n import _

log = logging.getLogger(__name__)
T = TypeVar("T")


class ConnectionLostError(UserError, RuntimeError):
    """The shared database cannot be reached; the message is for users."""

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        super().__init__(_("Forbindelsen til den fælles database er afbrudt. Det, du var i gang med at gemme, "
                           "er ikke gemt (heller ikke halvt), men dine indtastninger er bevaret. Tjek netværket "
                           "og prøv igen."))


def _reasons() -> list[tuple[str, str]]:
    """(text in the driver's message, Danish reason), first match wins."""
    unknown_host = _("serverens navn kendes ikke (stavefejl, eller er du på kommunens net?)")
    no_answer = _("serveren svarer ikke inden for 5 sekunder (netværket?)")
    closed = _("serveren lukkede forbindelsen")
    return [
        ("password authentication failed", _("forkert brugernavn eller adgangskode")),
        ("no password supplied", _("serveren vil have en adgangskode (skriv den i pgpass-filen)")),
        ("could not translate host name", unknown_host),
        ("name or service not known", unknown_host),
        ("connection refused", _("serveren svarer ikke (er den startet, og er adressen og porten rigtige?)")),
        ("timeout expired", no_answer),
        ("timed out", no_answer),
        ("does not exist", _("databasen eller brugeren findes ikke på serveren")),
        ("no pg_hba.conf entry", _("serveren tillader ikke forbindelser fra denne computer (pg_hba.conf)")),
        ("server closed the connection", closed),
        ("terminating connection", closed),
        ("connection is closed", _("forbindelsen er lukket")),
    ]


def explain(detail: str) -> str:
    """A short Danish reason for a driver's (English) connection error; the original when unknown."""
    lowered = detail.lower()
    for needle, reason in _reasons():
        if needle in lowered:
            return reason
    return detail.strip().splitlines()[0] if detail.strip() else ""


def _connection(db: Database):
    return getattr(db._state, "conn", None)


def is_connection_lost(db: Database, error: BaseException) -> bool:
    """True when ``error`` means the PostgreSQL server (or the network to it) is gone."""
    if not isinstance(db, PostgresqlDatabase) or not isinstance(error, (OperationalError, InterfaceError)):
        return False
    conn = _connection(db)
    if conn is None:
        return True  # connecting failed
    return bool(getattr(conn, "closed", False) or getattr(conn, "broken", False))


def drop_connection(db: Database) -> None:
    """Forget a dead connection so the next query opens a new one."""
    conn = _connection(db)
    try:
        if conn is not None and not db.is_closed():
            db.close()
    except Exception as exc:  # noqa: BLE001 - a dead connection may fail to close; it is gone either way
        log.info("Closing the dead connection failed: %s", exc)
        db._state.reset()


def reconnect(db: Database) -> None:
    """Open a fresh connection; raises :class:`ConnectionLostError` while the server is unreachable."""
    drop_connection(db)
    try:
        db.connect(reuse_if_open=True)
        db.execute_sql("SELECT 1")
    except (OperationalError, InterfaceError) as exc:
        drop_connection(db)
        raise ConnectionLostError(str(exc)) from exc


def guarded(db: Database, work: Callable[[], T]) -> T:
    """Run ``work``; a lost connection comes out as :class:`ConnectionLostError` (and is dropped)."""
    try:
        return work()
    except (OperationalError, InterfaceError) as exc:
        if is_connection_lost(db, exc):
            drop_connection(db)
            raise ConnectionLostError(str(exc)) from exc
        raise


def ping(db: Database) -> bool:
    try:
        db.execute_sql("SELECT 1")
        return True
    except (OperationalError, InterfaceError):
        return False


__all__ = ["ConnectionLostError", "drop_connection", "guarded", "is_connection_lost", "ping",
                      "reconnect"]


def probe(target: str) -> str:
    """Try a PostgreSQL URL without changing anything; a Danish sentence saying what was found.

    Raises :class:`ConnectionLostError` (with the server's reason as ``detail``) when it cannot connect.
    """
    from playhouse.db_url import connect as connect_url

    from inventar.models import migrations

    try:
        db = connect_url(target, connect_timeout=5)
        db.connect()
    except Exception as exc:  # noqa: BLE001 - bad URL, unknown host, refused, wrong password ...
        raise ConnectionLostError(str(exc).strip()) from exc
    try:
        version = migrations.current_version(db)
    finally:
        db.close()
    if version == 0:
        return _("Forbindelsen virker. Databasen er tom: Inventar opretter tabellerne, når den åbnes.")
    if version > migrations.HEAD:
        return _("Forbindelsen virker, men databasen er lavet af en nyere version af Inventar "
                 "(skemaversion {found}). Opdatér programmet.", found=version)
    return _("Forbindelsen virker. Databasen har skemaversion {found} (dette program: {head}).",
             found=version, head=migrations.HEAD)
