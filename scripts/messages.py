"""List the Danish UI texts in the code and check/update the English catalogue.

    python scripts/messages.py --check    # exit 1 if a text lacks an English translation or is not marked
    python scripts/messages.py --update   # add missing keys (value "") and drop unused ones

A text is *marked* when it is written as ``_("...")`` or sits in a table named in DECLARED_TABLES (passed
through ``_()`` when shown). The check also reports *unmarked* text that reaches the user: a string literal
given to a Qt text setter or widget constructor (``setText``, ``QLabel(...)``, ``addAction``,
``QMessageBox.warning`` …), returned by ``headerData``, or kept in a module- or class-level table of texts
(``ROOM_HEADERS = {...}``). Literals that are no UI text (object names, formats) carry ``# i18n: ignore``
on their line.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "inventar" / "translations" / "en.json"
# Texts declared in tables and passed through _() later (vocabularies, labels, headers).
DECLARED_TABLES = {"CATEGORIES", "CONDITIONS", "ROOM_STATUSES", "DECISION_KINDS", "DISPOSAL_ROUTES",
                   "APPROVAL_STATES", "STRATEGY_CRITERIA", "FIELD_LABELS", "HEADERS", "DECLARED_LABELS",
                   "ACTION_LABELS", "ROOM_HEADERS", "COVERAGE_HEADERS", "BASIS_LABELS", "DISPOSAL_BASIS_LABELS",
                   "EXPORTS", "WIDGET_SHORTCUTS", "REVIEW_SHORTCUTS", "MENU_TITLES"}
# Constructors whose first argument is a text passed through _() later (a table model's column header).
DECLARED_CONSTRUCTORS = {"ListColumn"}
IGNORE = "# i18n: ignore"
# Calls whose result is translated text: ``_`` itself and the lookups in declared tables (their argument is a key).
TRANSLATING_CALLS = {"_", "field_label", "floor_name"}
# Literals that look like text but are the same in every language.
ALLOWED = {"Inventar", "OK", "CO2e", "QR", "PDF", "Excel"}
# Modules whose literals are data, never UI text.
DATA_MODULES = {"services/demo/data.py"}  # invented demo furniture, stored like what janitors type in

# Qt methods whose string arguments are shown to the user, on any receiver.
TEXT_METHODS = {
    "setText", "setWindowTitle", "setToolTip", "setStatusTip", "setWhatsThis", "setPlaceholderText", "setTitle",
    "setLabelText", "setInformativeText", "setWindowIconText", "setButtonText", "setCancelButtonText",
    "addMenu", "addAction", "insertAction", "setHorizontalHeaderLabels", "setVerticalHeaderLabels",
    "setHeaderLabels", "setHeaderLabel", "showMessage", "setTabText", "addTab", "insertTab", "addItem", "addItems",
    "insertItem", "setItemText", "setSpecialValueText", "setSuffix", "setPrefix", "addRow", "insertRow",
    "addButton", "setAccessibleName", "getText", "getItem", "getInt", "getDouble", "getSaveFileName",
    "getOpenFileName", "getOpenFileNames", "getExistingDirectory", "setDefaultSuffix", "setNameFilter",
}
# Static QMessageBox helpers (only on QMessageBox: logging has a .warning too).
MESSAGE_BOX_METHODS = {"information", "warning", "critical", "question", "about"}
# Widgets and items whose constructor takes a text.
TEXT_CONSTRUCTORS = {
    "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction", "QToolButton", "QMessageBox",
    "QMenu", "QTableWidgetItem", "QListWidgetItem", "QTreeWidgetItem", "QStandardItem", "QCommandLinkButton",
    "QProgressDialog", "QDockWidget", "QWizardPage",
}
# Keyword arguments of those calls that never hold UI text.
NON_TEXT_KEYWORDS = {"objectName", "styleSheet", "shortcut", "filter", "dir", "options", "flags", "parent"}
SHORTCUT = re.compile(r"((Ctrl|Shift|Alt|Meta|Esc|Del|Delete|Return|Enter|Space|Tab|Home|End|Page ?Up|Page ?Down|"
                      r"F\d{1,2}|[A-Z0-9]|[+,/\-=])\+?)+")


def _visible(text: str) -> str:
    """What remains for a reader: no {placeholders}, <tags>, &-accelerators or %-formats."""
    text = re.sub(r"\{[^{}]*\}|<[^<>]*>|%[-+ #0-9.]*[a-zA-Z]|&(?=\w)|&[a-z]+;", " ", text)
    return text


def is_text(text: str) -> bool:
    """A literal a user reads: at least one word, and not a shortcut or an allowed name."""
    stripped = text.strip()
    if stripped in ALLOWED or SHORTCUT.fullmatch(stripped) or "://" in stripped:
        return False
    if re.fullmatch(r"[\w\-./]+\.[^\W\d_][\w\-]*", stripped):
        return False  # a file name: "overblik.png", "icons/label.svg"
    return re.search(r"[^\W\d_]{2,}", _visible(stripped)) is not None


def looks_like_text(text: str) -> bool:
    """In a data table: text rather than a key, colour, file name or format (keys are lowercase identifiers)."""
    if not is_text(text) or text.startswith("#"):
        return False
    if re.fullmatch(r"[a-z0-9_.\-/:*]+", text.strip()):
        return False  # "approved", "inventarregister-fotos", "logs/x.log"
    return True


def _strings(node: ast.AST) -> Iterator[ast.Constant]:
    """String constants inside ``node``, not descending into ``_(...)`` (marked) or ``N_`` calls."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in TRANSLATING_CALLS:
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
        return
    if isinstance(node, ast.JoinedStr):  # an f-string is unmarked as a whole when its own text has words
        words = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        if is_text(words):
            yield ast.Constant(value=words, lineno=node.lineno, end_lineno=node.end_lineno)
        return
    if isinstance(node, ast.Call):  # the arguments of a nested call ("...".format(): its text; str.join's separator is none)
        if isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            yield from _strings(node.func.value)
        for arg in [*node.args, *(k.value for k in node.keywords)]:
            yield from _strings(arg)
        return
    children = {ast.IfExp: lambda n: (n.body, n.orelse), ast.BoolOp: lambda n: n.values,
                ast.BinOp: lambda n: (n.left, n.right), ast.List: lambda n: n.elts, ast.Tuple: lambda n: n.elts,
                ast.Set: lambda n: n.elts, ast.Starred: lambda n: (n.value,)}
    for kind, parts in children.items():  # not into subscripts, attributes or comparisons: keys and names
        if isinstance(node, kind):
            for child in parts(node):
                yield from _strings(child)


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _ignored(lines: list[str], node: ast.AST) -> bool:
    first, last = node.lineno, getattr(node, "end_lineno", None) or node.lineno
    return any(IGNORE in lines[n - 1] for n in range(first, last + 1) if 0 < n <= len(lines))


def _table_targets(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
        return [node.target.id]
    return []


def _table_texts(node: ast.AST, values_only: bool = False) -> Iterator[ast.Constant]:
    """Text-like constants in a literal table (dict values, list/tuple/set elements, nested)."""
    if isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values):
            if not values_only and key is not None:
                yield from (c for c in _table_texts(key) if isinstance(key, ast.Constant) and looks_like_text(c.value))
            yield from _table_texts(value, values_only)
    elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        for element in node.elts:
            yield from _table_texts(element, values_only)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node


def _is_table(node: ast.AST) -> bool:
    return isinstance(node, (ast.Dict, ast.List, ast.Tuple, ast.Set))


def _top_level(tree: ast.Module) -> Iterator[ast.AST]:
    """Module- and class-level statements (where constant tables live)."""
    for node in tree.body:
        yield node
        if isinstance(node, ast.ClassDef):
            yield from node.body


def texts_in_source(source: str) -> set[str]:
    """The marked texts of one module: ``_("...")`` and the texts of its DECLARED_TABLES."""
    found: set[str] = set()
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_" \
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            found.add(node.args[0].value)
        if isinstance(node, ast.Call) and _name(node.func) in DECLARED_CONSTRUCTORS and node.args \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            found.add(node.args[0].value)
        if set(_table_targets(node)) & DECLARED_TABLES:
            if isinstance(node.value, ast.Dict):  # a vocabulary: every value is a text, whatever it looks like
                found.update(v.value for v in node.value.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            elif _is_table(node.value):
                found.update(c.value for c in _table_texts(node.value) if looks_like_text(c.value))
    return found


def unmarked_in_source(source: str) -> list[tuple[int, str]]:
    """(line, text) of every user-visible literal in ``source`` that is not marked for translation."""
    tree = ast.parse(source)
    lines = source.splitlines()
    found: list[tuple[int, str]] = []

    def report(nodes, test=is_text) -> None:
        for constant in nodes:
            if test(constant.value) and not _ignored(lines, constant):
                found.append((constant.lineno, constant.value))

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and not _ignored(lines, node):
            name = _name(node.func)
            receiver = _name(node.func.value) if isinstance(node.func, ast.Attribute) else ""
            if name in TEXT_METHODS and isinstance(node.func, ast.Attribute) or name in TEXT_CONSTRUCTORS \
                    or name in MESSAGE_BOX_METHODS and receiver == "QMessageBox":
                arguments = [*node.args, *(k.value for k in node.keywords if k.arg not in NON_TEXT_KEYWORDS)]
                for argument in arguments:
                    report(_strings(argument))
        elif isinstance(node, ast.FunctionDef) and node.name == "headerData":
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and inner.value is not None:
                    report(_strings(inner.value))
    for node in _top_level(tree):
        targets = _table_targets(node)
        targets = [t for t in targets if not t.startswith("__")]  # __all__ names modules' contents
        if targets and not set(targets) & DECLARED_TABLES and _is_table(node.value) and not _ignored(lines, node):
            report(_table_texts(node.value), looks_like_text)
    return sorted(set(found))


def python_files(root: Path = ROOT / "inventar") -> list[Path]:
    return sorted(root.rglob("*.py"))


def texts_in_code(root: Path = ROOT / "inventar") -> set[str]:
    found: set[str] = set()
    for path in python_files(root):
        found |= texts_in_source(path.read_text(encoding="utf-8"))
    return found


def unmarked(root: Path = ROOT / "inventar") -> list[str]:
    """``path:line: text`` of every unmarked user-visible text under ``root``."""
    found = []
    for path in python_files(root):
        if path.relative_to(root).as_posix() in DATA_MODULES:
            continue
        for line, text in unmarked_in_source(path.read_text(encoding="utf-8")):
            found.append(f"{path.relative_to(root.parent)}:{line}: {text!r}")
    return found


def load(path: Path = CATALOGUE) -> dict[str, str]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def missing(texts: set[str] | None = None, catalogue: dict[str, str] | None = None) -> list[str]:
    """Marked texts without an English translation."""
    texts = texts_in_code() if texts is None else texts
    catalogue = load() if catalogue is None else catalogue
    return sorted(t for t in texts if not catalogue.get(t))


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
    loose = unmarked()
    for place in loose:
        print(f"not marked for translation (wrap it in _() or add '{IGNORE}'): {place}")
    return 1 if (gaps or loose) and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
