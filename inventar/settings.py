"""User settings, each declared once with key, type, default and label.

Stored as JSON in the data folder; written atomically.  No Qt here: window
geometry arrives as bytes and is kept base64-encoded.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inventar.files import atomic_file
from inventar.paths import data_dir


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    label: str  # Danish; translated where shown


DECLARED: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("language", str, "da", "Sprog"),
        Setting("user_name", str, "", "Dit navn (vises i historik)"),
        Setting("last_database", str, "", "Senest åbnede database"),
        Setting("photo_folder", str, "", "Fotomappe (delt mappe ved fælles database)"),
        Setting("window_geometry", bytes, b"", "Vinduets placering"),
        Setting("window_state", bytes, b"", "Værktøjslinjer og paneler"),
        Setting("item_table_header", bytes, b"", "Kolonner i genstandslisten"),
        Setting("main_splitter", bytes, b"", "Deling mellem liste og detaljer"),
        Setting("label_template", str, "", "Senest brugte etiketskabelon"),
        Setting("strategy_file", str, "", "Registreringsstrategi (tom: den medfølgende)"),
        # The Windows firewall rule the installer adds opens this port (README: "Telefon som kamera").
        Setting("phone_port", int, 8765, "Port til telefon som kamera"),
        Setting("phone_interface", str, "", "Netværk til telefon som kamera"),
    )
}


class Settings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / "settings.json"
        self._values: dict[str, Any] = {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(raw, dict):
                self._values = raw
        except (OSError, ValueError):
            self._values = {}  # missing or damaged settings fall back to defaults

    def get(self, key: str) -> Any:
        setting = DECLARED[key]
        value = self._values.get(key, None)
        if value is None:
            return setting.default
        if setting.type is bytes:
            try:
                return base64.b64decode(value)
            except (ValueError, TypeError):
                return setting.default
        return value if isinstance(value, setting.type) else setting.default

    def set(self, key: str, value: Any) -> None:
        setting = DECLARED[key]
        if setting.type is bytes:
            value = base64.b64encode(bytes(value)).decode("ascii")
        elif not isinstance(value, setting.type):
            raise TypeError(f"Setting {key} expects {setting.type.__name__}")
        self._values[key] = value

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_file(self.path, "w", prefix=".settings-", suffix="", encoding="utf-8") as handle:
            json.dump(self._values, handle, indent=1, sort_keys=True)
