"""``rooms``: import the room list of the old building and print the coverage per floor."""

from __future__ import annotations

import argparse
import sys

from inventar.domain.items import ValidationError
from inventar.domain.vocabulary import floor_name
from inventar.i18n import _
from inventar.models.database import Store
from inventar.services.rooms.service import RoomService


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("rooms", help=_("rum i det gamle rådhus: importér rumliste, vis dækning"))
    actions = parser.add_subparsers(dest="rooms_action", metavar=_("HANDLING"), required=True,
                                    parser_class=type(parser))
    importing = actions.add_parser("import", help=_("importér en rumliste (CSV: etage;nummer;navn)"))
    importing.add_argument("file", metavar=_("FIL"))
    actions.add_parser("coverage", help=_("vis pr. etage, hvor mange rum der er færdige, og antal genstande"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, store: Store) -> int:
    service = RoomService()
    if args.rooms_action == "import":
        try:
            added, existing = service.import_csv(args.file)
        except ValidationError as exc:
            print(f"{_('Fejl')}: {exc.message}", file=sys.stderr)
            return 1
        print(_("{added} rum importeret, {existing} fandtes i forvejen", added=added, existing=existing))
        return 0
    rows = service.coverage()
    if not rows:
        print(_("Ingen rum endnu: importér rumlisten med »rooms import FIL«"))
        return 0
    print(f"{_('Etage'):<12} {_('Rum'):>5} {_('Færdige'):>8} {_('I gang'):>7} {_('Ikke besøgt'):>12} "
          f"{_('Genstande'):>10} {_('Stk.'):>7}")
    for row in rows:
        print(f"{floor_name(row.floor):<12} {row.rooms:>5} {row.done:>8} {row.in_progress:>7} {row.not_visited:>12} "
              f"{row.items:>10} {row.quantity:>7}")
    return 0
