"""``demo``: fill the database with realistic demo data."""

from __future__ import annotations

import argparse
import sys

from inventar.i18n import _
from inventar.models.database import Store
from inventar.services.demo.data import create_demo
from inventar.services.demo.status import demo_database_path, real_item_count
from inventar.services.photos.store import PhotoStore


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("demo", help=_("fyld databasen med demodata (markeret som demo)"))
    parser.add_argument("--items", type=int, default=2000, metavar="N", help=_("antal genstande (standard 2000)"))
    parser.add_argument("--seed", type=int, default=2022, help=_("startværdi for tilfældige data"))
    parser.add_argument("--force", action="store_true",
                        help=_("tilføj demodata, selv om databasen har rigtige (ikke-demo) genstande"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, store: Store) -> int:
    if args.items < 0:
        print(_("Fejl: --items skal være 0 eller mere"), file=sys.stderr)
        return 2
    real = real_item_count()
    if real and not args.force:
        print(_("Fejl: databasen har {count} rigtige genstande; demodata hører til i en separat fil "
                "(fx --db {path}), eller brug --force", count=real, path=demo_database_path()), file=sys.stderr)
        return 1

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

    result = create_demo(PhotoStore(store.photo_dir), items=args.items, seed=args.seed, progress=progress,
                         decisions=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(_("Demodata oprettet i {target}: {items} genstande, {rooms} rum, {centres} centre, "
            "{floors} etager, {photos} fotos", target=store.target, **result))
    return 0
