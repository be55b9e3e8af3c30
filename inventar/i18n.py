"""One tiny message catalogue for the whole app.

Danish is the source language: code writes Danish text through :func:`_` and the
catalogue maps it to English when English is selected.  Keeping the Danish text as
key means a missing translation still shows correct Danish, never a key name.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LANGUAGES = {"da": "Dansk", "en": "English"}  # i18n: ignore (each language names itself)
_current = "da"


def set_language(code: str) -> None:
    global _current
    if code not in LANGUAGES:
        raise ValueError(f"Unknown language {code!r}; choose one of {', '.join(LANGUAGES)}")
    _current = code


def language() -> str:
    return _current


@cache
def _catalogue(code: str) -> dict[str, str]:
    path = Path(__file__).with_name("translations") / f"{code}.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _(text: str, /, **values: object) -> str:
    """Translate Danish ``text`` into the current language and fill ``{name}`` values."""
    if _current != "da":
        text = _catalogue(_current).get(text) or text  # an empty entry is not translated yet
    return text.format(**values) if values else text

