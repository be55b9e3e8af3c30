"""``bundle export -o FILE`` / ``bundle import FILE``: offline bundles between databases."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from inventar.errors import FileError
from inventar.i18n import _
from inventar.models.database import Store
from inventar.services.sync.bundle import export_bundle, import_bundle
from inventar.services.sync.bundle_format import BundleError
from inventar.services.sync.connection import ConnectionLostError, guarded

EXIT_CONFLICTS = 3


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("bundle", help=_("offline-bundter: eksportér ændringer eller indlæs et bundt"))
    actions = parser.add_subparsers(dest="bundle_action", metavar=_("HANDLING"), required=True,
                                    parser_class=type(parser))
    export = actions.add_parser("export", help=_("skriv det, der er registreret eller ændret siden sidste bundt"))
    export.add_argument("-o", "--output", required=True, metavar="FILE", help=_("bundtets filnavn"))
    export.add_argument("--all", action="store_true", help=_("tag alle genstande med, ikke kun ændringerne"))
    export.add_argument("--for-laptop", metavar="NAME",
                        help=_("bundtet skal klargøre en bærbar til arbejde uden net: reservér en etiketserie til den"))
    export.set_defaults(run=run_export)
    load = actions.add_parser("import", help=_("flet et bundt ind i databasen (to gange ændrer intet)"))
    load.add_argument("file", metavar="FILE", help=_("bundtet, der skal indlæses"))
    load.set_defaults(run=run_import)


def run_export(args: argparse.Namespace, store: Store) -> int:
    try:
        result = guarded(store.db, lambda: export_bundle(store, Path(args.output), everything=args.all,
                                                         for_laptop=args.for_laptop))
    except (BundleError, ConnectionLostError) as exc:
        print(f"{_('Fejl')}: {exc}", file=sys.stderr)
        return 1
    counts = result.counts
    print(_("Bundt skrevet: {path} ({items} genstande, {decisions} beslutninger, {photos} fotos, "
            "{audit} historikposter)", path=result.path, items=counts.get("item", 0),
            decisions=counts.get("decision", 0), photos=counts.get("photo", 0), audit=counts.get("audit_entry", 0)))
    if result.label_prefix:
        print(_("Etiketserien {prefix} er reserveret til {laptop}", prefix=result.label_prefix, laptop=args.for_laptop))
    if result.missing_photos:
        print(f"{_('Advarsel')}: {result.missing_message()}", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace, store: Store) -> int:
    try:
        result = guarded(store.db, lambda: import_bundle(store, Path(args.file)))
    except (BundleError, ConnectionLostError, OSError) as exc:  # OSError: a full disk under the photo folder
        print(f"{_('Fejl')}: {FileError.from_os_error(exc) if isinstance(exc, OSError) else exc}", file=sys.stderr)
        print(_("Intet er skrevet."), file=sys.stderr)
        return 1
    print(_("Bundt indlæst: {new} nye genstande, {updated} opdaterede, {same} uændrede; {decisions} nye "
            "beslutninger, {photos} nye fotos", new=result.inserted.get("item", 0),
            updated=result.updated.get("item", 0), same=result.unchanged.get("item", 0),
            decisions=result.inserted.get("decision", 0), photos=result.inserted.get("photo", 0)))
    if result.label_prefix:
        print(_("Denne database laver nu etiketkoder i serien {prefix}", prefix=result.label_prefix))
    for line in result.relabel:
        print(f"{_('Ny etiket')}: {line}")
    for problem in result.problems:
        print(f"{_('Advarsel')}: {problem}", file=sys.stderr)
    for conflict in result.conflicts:
        for line in conflict.report_lines():
            print(line, file=sys.stderr)
    if result.conflicts:
        print(_("{count} konflikter: rækkerne er ikke ændret her. Ret dem i programmet, eller bed den anden "
                "bruger om at gøre det.", count=len(result.conflicts)), file=sys.stderr)
        return EXIT_CONFLICTS
    return 0
