"""``board-pdf``: the board's meeting paper (bilag) as a PDF, the same paper as the review window's
*Direktionen ▸ Indstilling som PDF …*."""

from __future__ import annotations

import argparse
from datetime import date, datetime

from inventar.commands.pdf_output import add_pdf_output, refuse_non_pdf
from inventar.i18n import _
from inventar.models.database import Store
from inventar.services.photos.store import PhotoStore


def _day(text: str) -> date:
    for pattern in ("%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(_("»{text}« er ikke en dato (DD-MM-ÅÅÅÅ)", text=text))


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "board-pdf", help=_("indstillingen til direktionen som PDF (mødebilag med fotos og stakplan)"),
        description=_("Skriver mødebilaget med forslagene, der afventer direktionens godkendelse: forside med "
                      "møde, dato og totaler, forslagene pr. målcenter og etage med foto, CO2e og stakplanen."))
    add_pdf_output(parser)
    parser.add_argument("--meeting", metavar="REF", default="",
                        help=_("mødereferencen på forsiden, fx »Direktionsmøde 14-12-2026, pkt. 3« (standard: "
                               "forslagenes egen reference, hvis de har en)"))
    parser.add_argument("--date", type=_day, default=None, metavar="DD-MM-ÅÅÅÅ",
                        help=_("mødedatoen på forsiden (standard: i dag)"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, store: Store) -> int:
    if refuse_non_pdf(args):
        return 2
    # Qt (QtGui only, no widgets) only when a PDF is written
    from inventar.services.labels.sheet import ensure_gui_application
    from inventar.services.review.board_pdf import write_board_pdf

    _app = ensure_gui_application()
    pages = write_board_pdf(args.output, PhotoStore(store.photo_dir), args.meeting, args.date)
    print(_("Indstillingen til direktionen ({pages} sider) skrevet til {path}", pages=pages, path=args.output))
    return 0
