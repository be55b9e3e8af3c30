"""Inventar: start the app (no arguments) or run a command (``python main.py --help``)."""

import sys

from inventar.cli import main

if __name__ == "__main__":
    sys.exit(main())
