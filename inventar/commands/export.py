"""``export``: write an Excel list (register, reuse, disposal, procurement, board) or the import template."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from inventar.i18n import _
from inventar.models.database import Store
from inventar.services.excel.exports import KINDS, export
from inventar.services.excel.template import write_template
from inventar.services.excel.writer import ExportError
from inventar.services.photos.store import PhotoStore


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("export", help=_("skriv en Excel-liste (register, genbrug, bortskaffelse, "
                                                  "indkøb, direktion) eller importskabelonen"))
    parser.add_argument("kind", choices=KINDS + ["template"],
                        help=_("register, reuse, disposal, procurement, board eller template"))
    parser.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help=_("Excel-filen, der skrives"))
    parser.add_argument("--thumbnails", action="store_true",
                        help=_("register: et lille foto i hver række (langsommere, større fil)"))
    parser.add_argument("--basis", choices=["approved", "proposed"],
                        help=_("genbrug der tæller: kun godkendt (approved) eller også foreslået (proposed); "
                               "standard: approved for procurement, proposed for reuse og disposal"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, store: Store) -> int:
    target = Path(args.output)
    if target.suffix.lower() != ".xlsx":
        print(_("Fejl: filnavnet skal ende på .xlsx"), file=sys.stderr)
        return 2
    try:
        if args.kind == "template":
            write_template(target)
            print(_("Importskabelon skrevet til {path}", path=target))
            return 0
        result = export(args.kind, target, photos=PhotoStore(store.photo_dir), thumbnails=args.thumbnails,
                        basis=args.basis, source=store.target)
    except ExportError as exc:
        print(f"{_('Fejl')}: {exc}", file=sys.stderr)
        return 1
    print(_("{rows} rækker skrevet til {path}", rows=result.rows, path=result.path))
    return 0
