"""List the Danish UI texts in the code and check/update the English catalogue.

    python scripts/messages.py --check    # exit 1 if any text lacks an English translation
    python scripts/messages.py --update   # add missing keys (value "") and drop unused ones
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "inventar" / "translations" / "en.json"
# Texts declared in tables and passed through _() later (vocabularies, labels, headers).
DECLARED_TABLES = {"CATEGORIES", "CONDITIONS", "ROOM_STATUSES", "DECISION_KINDS", "DISPOSAL_ROUTES",
                   "APPROVAL_STATES", "STRATEGY_CRITERIA", "FIELD_LABELS", "HEADERS", "DECLARED_LABELS",
                   "ACTION_LABELS"}


def texts_in_code() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "inventar").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_" \
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                found.add(node.args[0].value)
            targets = []
            if isinstance(node, ast.Assign):
                targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                targets = [node.target.id]
            if set(targets) & DECLARED_TABLES and isinstance(node.value, ast.Dict):
                found.update(v.value for v in node.value.values
                             if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return found


def load() -> dict[str, str]:
    return json.loads(CATALOGUE.read_text(encoding="utf-8")) if CATALOGUE.exists() else {}


def missing() -> list[str]:
    catalogue = load()
    return sorted(t for t in texts_in_code() if not catalogue.get(t))


def main(argv: list[str]) -> int:
    if "--update" in argv:
        catalogue = load()
        used = texts_in_code()
        updated = {key: catalogue.get(key, "") for key in sorted(used)}
        CATALOGUE.parent.mkdir(parents=True, exist_ok=True)
        CATALOGUE.write_text(json.dumps(updated, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    gaps = missing()
    for text in gaps:
        print(f"missing English: {text!r}")
    return 1 if gaps and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
