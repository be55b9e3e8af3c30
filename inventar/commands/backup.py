"""``backup -o FILE``: one file with the database snapshot, the photos and a manifest."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from inventar.i18n import _
from inventar.models.database import Store
from inventar.services.backup.archive import BackupError, create_backup


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("backup", help=_("skriv en sikkerhedskopi (database, fotos og manifest) til én fil"))
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help=_("sikkerhedskopiens filnavn"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, store: Store) -> int:
    try:
        info = create_backup(store, Path(args.output))
    except BackupError as exc:
        print(f"{_('Fejl')}: {exc}", file=sys.stderr)
        return 1
    print(_("Sikkerhedskopi skrevet: {path} ({items} genstande, {photos} fotofiler, skemaversion {version})",
            path=info.path, items=info.items, photos=info.photos, version=info.schema_version))
    if info.missing:
        print(f"{_('Advarsel')}: {info.missing_message()}", file=sys.stderr)
    return 0
