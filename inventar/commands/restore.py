"""``restore FILE --db TARGET [--force] [--without-missing-photos]``: verify a backup, then restore it into a new
location."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from inventar.domain.times import display_value
from inventar.i18n import _
from inventar.models.database import DatabaseOpenError, is_url, open_store
from inventar.services.backup.archive import BackupError, MissingPhotosError, restore_backup


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("restore", help=_("gendan en sikkerhedskopi til databasen angivet med --db"))
    parser.add_argument("file", metavar="FILE", help=_("sikkerhedskopien"))
    parser.add_argument("--force", action="store_true", help=_("overskriv en database, der allerede har data"))
    parser.add_argument("--without-missing-photos", action="store_true",
                        help=_("gendan også, når sikkerhedskopien mangler fotos, som databasen bruger"))
    parser.set_defaults(run=None, run_without_store=run)


def run(args: argparse.Namespace) -> int:
    if not args.db or is_url(args.db):
        print(_("Fejl: angiv målet som SQLite-fil med --db (fx --db gendannet.sqlite)"), file=sys.stderr)
        return 2
    try:
        info = restore_backup(Path(args.file), Path(args.db), force=args.force,
                              without_missing_photos=args.without_missing_photos)
        open_store(args.db).close()  # upgrade an older backup's schema now, with its own safety copy
    except (BackupError, DatabaseOpenError) as exc:
        print(f"{_('Fejl')}: {exc}", file=sys.stderr)
        if isinstance(exc, MissingPhotosError):
            print(_("Intet er gendannet. Gendan alt andet uden disse fotos med --without-missing-photos."),
                  file=sys.stderr)
        return 1
    print(_("Gendannet til {path}: {items} genstande, {photos} fotofiler (sikkerhedskopi fra {created})",
            path=info.path, items=info.items, photos=info.photos, created=display_value(info.created_at)))
    if info.missing:
        print(f"{_('Advarsel')}: {info.missing_message(restored=True)}", file=sys.stderr)
    if info.kept is not None:
        print(_("Den tidligere database er gemt som {path}", path=info.kept))
    return 0
