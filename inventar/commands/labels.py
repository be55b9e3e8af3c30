"""``labels``: label sheets as PDF for items (all, or those not yet printed) and blank pre-printed codes."""

from __future__ import annotations

import argparse
import sys

from inventar.commands.pdf_output import add_pdf_output, refuse_non_pdf
from inventar.errors import UserError
from inventar.i18n import _
from inventar.models.database import Store
from inventar.services.labels.codes import LabelCodeService
from inventar.services.labels.templates import LabelTemplateService, UnknownTemplate

MAX_BLANK = 10_000  # blank labels a run (the form's box takes 5,000)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "labels", help=_("etiketark som PDF (QR-kode, kode, betegnelse og rum)"),
        description=_("Skriver etiketter som PDF. Uden --blank: alle genstande (eller kun dem uden udskrevet "
                      "etiket med --only-unprinted). Med --blank N: N blanke etiketter med nye, reserverede "
                      "koder (sammen med --only-unprinted: først genstandene, så de blanke)."))
    add_pdf_output(parser)
    parser.add_argument("--template", metavar="NAME",
                        help=_("etiketskabelon, fx 3x7, 3x8, 2x8, 4x10, 62mm eller navnet på en egen skabelon"))
    parser.add_argument("--skip", type=int, default=0, metavar="N",
                        help=_("spring de første N pladser over på et delvist brugt ark"))
    parser.add_argument("--only-unprinted", action="store_true",
                        help=_("kun genstande, hvis etiket ikke er udskrevet endnu"))
    parser.add_argument("--per-piece", action="store_true",
                        help=_("én etiket pr. stk. for sæt (Antal ens N): N etiketter med hver sin kode, "
                               "som alle åbner sættet"))
    parser.add_argument("--blank", type=int, default=None, metavar="N",
                        help=_("N blanke etiketter med nye koder til fortrykning"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, store: Store) -> int:
    if args.skip < 0:
        print(_("Fejl: --skip skal være 0 eller mere"), file=sys.stderr)
        return 2
    if args.blank is not None and not 1 <= args.blank <= MAX_BLANK:
        print(_("Fejl: --blank skal være mellem 1 og {most} (500 A4-ark)", most=MAX_BLANK), file=sys.stderr)
        return 2
    if refuse_non_pdf(args):
        return 2
    try:
        template = LabelTemplateService().get(args.template)
    except UnknownTemplate as error:
        print(f"{_('Fejl')}: {error}", file=sys.stderr)
        return 2
    if not template.roll and args.skip >= template.per_page:
        print(_("Fejl: --skip skal være mindre end {count} (etiketter pr. ark)", count=template.per_page),
              file=sys.stderr)
        return 2
    codes = LabelCodeService()
    labels = []
    if args.blank is None or args.only_unprinted:
        if args.per_piece:
            from inventar.services.labels.pieces import PieceLabelService

            labels = PieceLabelService(codes).label_rows(only_unprinted=args.only_unprinted)
        else:
            labels = codes.label_rows(only_unprinted=args.only_unprinted)
    if args.blank is not None:
        labels += codes.reserve_batch(args.blank)
    if not labels:
        print(_("Ingen etiketter at udskrive: alle genstande har fået deres etiket udskrevet."
                if args.only_unprinted else "Ingen etiketter at udskrive: databasen har ingen genstande."))
        return 0
    from inventar.services.labels.sheet import ensure_gui_application, write_pdf  # Qt only when a PDF is written

    _app = ensure_gui_application()
    try:
        path = write_pdf(args.output, template, labels, skip=args.skip)
    except (UserError, OSError, ValueError) as error:
        print(f"{_('Fejl')}: {error}", file=sys.stderr)
        return 1
    codes.mark_printed(labels)  # only after the file is in place
    pages = len(labels) if template.roll else template.pages_for(len(labels), args.skip)
    print(_("{count} etiketter på {pages} sider skrevet til {path} ({template})", count=len(labels),
            pages=pages, path=path, template=template.name))
    return 0
