"""Where Inventar keeps its files: per-user data folder and the bundled assets."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_HOME = "INVENTAR_HOME"
ENV_DB = "INVENTAR_DB"


def data_dir() -> Path:
    """The per-user data folder (``INVENTAR_HOME`` overrides it, as the tests do)."""
    override = os.environ.get(ENV_HOME)
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "Inventar"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / "Inventar"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "inventar"
    base.mkdir(parents=True, exist_ok=True)
    return base


def default_database() -> str:
    return os.environ.get(ENV_DB) or str(data_dir() / "inventar.sqlite")


def asset_path(*parts: str) -> Path:
    """A file in ``assets/``, both from a source checkout and inside the PyInstaller bundle."""
    bundle_root = getattr(sys, "_MEIPASS", None)
    root = Path(bundle_root) if bundle_root else Path(__file__).resolve().parent.parent
    return root.joinpath("assets", *parts)
