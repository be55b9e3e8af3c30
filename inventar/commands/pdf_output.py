"""The ``-o FILE.pdf`` option of the commands that write a PDF (``labels``, ``board-pdf``) and its check."""

from __future__ import annotations

import argparse
import sys

from inventar.i18n import _


def add_pdf_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help=_("PDF-filen der skrives"))


def refuse_non_pdf(args: argparse.Namespace) -> bool:
    """True, with the Danish error on stderr, when ``--output`` does not end in .pdf (the command exits 2)."""
    if args.output.lower().endswith(".pdf"):
        return False
    print(_("Fejl: outputfilen skal ende på .pdf"), file=sys.stderr)
    return True
