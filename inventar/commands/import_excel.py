"""``import``: read items, rooms, centres and needs from Excel; every rejected row is printed.

Valid rows are written in one transaction unless ``--dry-run``; the exit code is 1 when any row was
rejected (3 when the file cannot be used at all), so scripts notice.
"""

from __future__ import annotations

import argparse
import sys

from inventar.i18n import _
from inventar.models.database import Store
from inventar.services.excel.importer import ImportConflictError, analyse, commit
from inventar.services.excel.reading import ImportFileError


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("import", help=_("indlæs genstande, rum, centre og behov fra Excel"))
    parser.add_argument("file", metavar="FILE.xlsx", help=_("Excel-filen (hent skabelonen med »export template«)"))
    parser.add_argument("--dry-run", action="store_true", help=_("kontrollér kun filen; skriv intet"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, store: Store) -> int:
    try:
        plan = analyse(args.file)
    except ImportFileError as exc:
        print(f"{_('Fejl')}: {exc}", file=sys.stderr)
        return 3
    for line in plan.summary():
        print(line)
    if plan.rejected:
        print(_("{count} fejl i afviste rækker:", count=len(plan.rejected)), file=sys.stderr)
        for rejection in plan.rejected:
            print(f"  {rejection}", file=sys.stderr)
    if args.dry_run:
        print(_("Prøvekørsel: intet er skrevet."))
    else:
        try:
            counts = commit(plan)
        except ImportConflictError as exc:
            print(f"{_('Fejl')}: {exc}", file=sys.stderr)
            return 1
        print(_("Importeret: {created} nye og {updated} ændrede rækker.", **counts))
    return 1 if plan.rejected else 0
