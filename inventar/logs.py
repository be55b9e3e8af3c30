"""Logging: console for commands, plus a rotating log file in the data folder for support."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from inventar.paths import data_dir

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_file() -> Path:
    folder = data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "inventar.log"


def configure(verbose: bool = False) -> Path | None:
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for old in [h for h in root.handlers if getattr(h, "inventar", False)]:  # configure once per run
        root.removeHandler(old)
        old.close()
    console = logging.StreamHandler()
    console.setLevel(logging.INFO if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    console.inventar = True
    root.addHandler(console)
    try:
        path = log_file()
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None  # a read-only data folder must not stop the app
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.inventar = True
    root.addHandler(handler)
    return path
