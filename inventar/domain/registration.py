"""The architects' registration strategy as data: categories in scope and the criteria.

The strategy lives in a JSON file (``assets/strategy.json`` by default) so the
architects can change it without a new program version.  :func:`parse_strategy`
checks it strictly and names the line (syntax errors) or the key (wrong content)
of the first problem; callers keep their current strategy when it fails.
"""

from __future__ import annotations

import json
import json.scanner
import re
from dataclasses import dataclass, field
from pathlib import Path

from inventar.domain.vocabulary import CATEGORIES
from inventar.errors import UserError, os_reason
from inventar.i18n import _

_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class StrategyError(UserError, ValueError):
    """A strategy file is malformed; the message is for users and names the line or key."""


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    help: str


@dataclass(frozen=True)
class Strategy:
    name: str
    description: str
    categories_in_scope: frozenset[str]
    criteria: tuple[Criterion, ...]
    source: str = ""
    codes: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "codes", frozenset(c.code for c in self.criteria))

    def criterion(self, code: str) -> Criterion | None:
        return next((c for c in self.criteria if c.code == code), None)

    def in_scope(self, category: str) -> bool:
        return category in self.categories_in_scope

    def gold_reason_required(self, category: str, criteria: list[str]) -> str | None:
        """Why an item can only be registered as *gemt guld*, or ``None`` when it fits the strategy."""
        if category and not self.in_scope(category):
            return _("Kategorien »{category}« er uden for strategien", category=_(CATEGORIES.get(category, category)))
        if not [c for c in criteria if c in self.codes]:
            return _("Genstanden opfylder intet strategikriterium")
        return None


def _line_of(text: str, key: str, span: tuple[int, int] | None = None) -> int | None:
    start, end = span or (0, len(text))
    match = re.compile(rf'"{re.escape(key)}"\s*:').search(text, start, end)
    if match:
        return text.count("\n", 0, match.start()) + 1
    return text.count("\n", 0, start) + 1 if span else None


def _load_with_spans(text: str) -> tuple[object, dict[int, tuple[int, int]]]:
    """``json.loads`` that also remembers where each object starts and ends (for error lines)."""
    spans: dict[int, tuple[int, int]] = {}
    decoder = json.JSONDecoder()
    parse_object = decoder.parse_object

    def tracking(s_and_end, *args):
        obj, end = parse_object(s_and_end, *args)
        spans[id(obj)] = (s_and_end[1] - 1, end)
        return obj, end

    decoder.parse_object = tracking
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder.decode(text), spans


def _fail(text: str, source: str, key: str, message: str, search: str | None = None,
          span: tuple[int, int] | None = None) -> StrategyError:
    line = _line_of(text, search or key.split(".")[-1].split("[")[0], span)
    where = _("linje {line}, nøgle »{key}«", line=line, key=key) if line else _("nøgle »{key}«", key=key)
    return StrategyError(_("Strategifilen {source} er ugyldig ({where}): {message}",
                           source=source, where=where, message=message))


def _text_value(text: str, source: str, raw: dict, key: str, path: str, required: bool = True,
                span: tuple[int, int] | None = None) -> str:
    value = raw.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise _fail(text, source, path, _("skal være en tekst, der ikke er tom"), key, span)
    return value.strip()


def parse_strategy(text: str, source: str = "strategy.json") -> Strategy:
    try:
        raw, spans = _load_with_spans(text)
    except json.JSONDecodeError as exc:
        raise StrategyError(_("Strategifilen {source} er ugyldig JSON (linje {line}, kolonne {column}): {error}",
                              source=source, line=exc.lineno, column=exc.colno, error=exc.msg)) from exc
    if not isinstance(raw, dict):
        raise StrategyError(_("Strategifilen {source} skal indeholde et JSON-objekt", source=source))
    known = {"name", "version", "description", "categories_in_scope", "criteria"}
    for key in raw:
        if key not in known:
            raise _fail(text, source, key, _("ukendt nøgle (kendte: {keys})", keys=", ".join(sorted(known))))
    name = _text_value(text, source, raw, "name", "name")
    description = _text_value(text, source, raw, "description", "description", required=False)
    scope = raw.get("categories_in_scope")
    if not isinstance(scope, list) or not scope:
        raise _fail(text, source, "categories_in_scope", _("skal være en liste med mindst én kategori"))
    for index, category in enumerate(scope):
        if category not in CATEGORIES:
            raise _fail(text, source, f"categories_in_scope[{index}]",
                        _("ukendt kategori »{value}« (kendte: {known})", value=category,
                          known=", ".join(CATEGORIES)), "categories_in_scope")
    criteria_raw = raw.get("criteria")
    if not isinstance(criteria_raw, list) or not criteria_raw:
        raise _fail(text, source, "criteria", _("skal være en liste med mindst ét kriterium"))
    criteria: list[Criterion] = []
    for index, entry in enumerate(criteria_raw):
        path = f"criteria[{index}]"
        if not isinstance(entry, dict):
            raise _fail(text, source, path, _("skal være et objekt med code, name og help"), "criteria")
        span = spans.get(id(entry))
        for key in entry:
            if key not in ("code", "name", "help"):
                raise _fail(text, source, f"{path}.{key}", _("ukendt nøgle (kendte: code, name, help)"), key, span)
        code = _text_value(text, source, entry, "code", f"{path}.code", span=span)
        if not _CODE.match(code):
            raise _fail(text, source, f"{path}.code",
                        _("»{value}« er ikke en gyldig kode (små bogstaver, tal og _)", value=code), "code", span)
        if any(c.code == code for c in criteria):
            raise _fail(text, source, f"{path}.code", _("koden »{value}« findes to gange", value=code), "code",
                        span)
        criteria.append(Criterion(code, _text_value(text, source, entry, "name", f"{path}.name", span=span),
                                  _text_value(text, source, entry, "help", f"{path}.help", span=span)))
    return Strategy(name, description, frozenset(scope), tuple(criteria), source)


STRATEGY_MAX_BYTES = 1 << 20  # the default strategy is 3 kB


def load_strategy(path: Path | str) -> Strategy:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > STRATEGY_MAX_BYTES:
            raise StrategyError(_("Strategifilen {source} er for stor ({size} kB); en strategi fylder nogle få kB",
                                  source=path.name, size=size >> 10))
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise StrategyError(_("Strategifilen {source} findes ikke", source=path)) from exc
    except UnicodeDecodeError as exc:
        raise StrategyError(_("Strategifilen {source} er ikke UTF-8-tekst", source=path.name)) from exc
    except OSError as exc:
        raise StrategyError(_("Strategifilen {source} kan ikke læses: {error}", source=path.name,
                              error=os_reason(exc))) from exc
    return parse_strategy(text, path.name)
