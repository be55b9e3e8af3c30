"""Two versions of one row, compared field by field, and the user's choice per field.

Used by the conflict dialog (someone else saved the row while it was open) and by
the bundle import report, so both speak the same language.  No database here:
values come in as plain dicts, with a function that turns a value into text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from inventar.domain.fields import field_label
from inventar.domain.times import format_datetime
from inventar.domain.vocabulary import (
    APPROVAL_STATES,
    CATEGORIES,
    CONDITIONS,
    DECISION_KINDS,
    DISPOSAL_ROUTES,
    STRATEGY_CRITERIA,
)
from inventar.i18n import _

MINE = "mine"
THEIRS = "theirs"

def value_text(name: str, value: Any) -> str:
    """A value as users read it (Danish names for codes, »Ja«/»Nej«, decimal comma)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if name == "category":
        return _(CATEGORIES.get(value, str(value)))
    if name == "condition" and value in CONDITIONS:
        return _(CONDITIONS[value])
    if name == "kind":
        return _(DECISION_KINDS.get(value, str(value)))
    if name == "route":
        return _(DISPOSAL_ROUTES.get(value, str(value)))
    if name == "approval":
        return _(APPROVAL_STATES.get(value, str(value)))
    if name == "strategy_criteria":
        codes = value if isinstance(value, (list, tuple)) else [c for c in str(value).split(",") if c]
        return ", ".join(_(STRATEGY_CRITERIA.get(c, c)) for c in codes) or "—"
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() else f"{value:g}").replace(".", ",")
    if hasattr(value, "strftime"):
        return format_datetime(value)  # stored UTC, shown in Danish local time
    return str(value)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return float(a) == float(b)
    if a in (None, "") and b in (None, ""):
        return True
    return a == b


@dataclass(frozen=True)
class FieldConflict:
    """One field whose value differs between my version and theirs."""

    name: str
    label: str
    mine: Any
    theirs: Any
    mine_text: str
    theirs_text: str
    suggested: str = MINE  # which side to preselect: the side that changed it


@dataclass
class Conflict:
    """Everything the dialog or the import report shows about one row."""

    entity: str  # "item", "decision"
    key: str  # uuid or id, for reports
    title: str
    mine: dict[str, Any]
    theirs: dict[str, Any]
    theirs_version: int
    fields: list[FieldConflict] = field(default_factory=list)
    theirs_by: str = ""
    theirs_at: Any = None

    def resolve(self, choices: Mapping[str, str]) -> dict[str, Any]:
        """My values with the fields the user gave to »theirs« taken from their version."""
        merged = dict(self.mine)
        for item in self.fields:
            if choices.get(item.name, item.suggested) == THEIRS:
                merged[item.name] = self.theirs.get(item.name)
        return merged

    def report_lines(self) -> list[str]:
        """The conflict as text lines (the CLI prints these)."""
        lines = [_("Konflikt: {title}", title=self.title)]
        for item in self.fields:
            lines.append(_("  {field}: her »{theirs}«, i bundtet »{mine}«",
                           field=item.label, theirs=item.theirs_text, mine=item.mine_text))
        return lines


def compare(mine: Mapping[str, Any], theirs: Mapping[str, Any], names: Iterable[str] | None = None,
            base: Mapping[str, Any] | None = None,
            text: Callable[[str, Any], str] = value_text) -> list[FieldConflict]:
    """The fields where ``mine`` and ``theirs`` differ, in ``names`` order.

    With ``base`` (the version both started from), a field only the other side
    changed is preselected as theirs; otherwise mine is preselected.
    """
    names = list(names) if names is not None else list(dict.fromkeys([*mine, *theirs]))
    result = []
    for name in names:
        a, b = mine.get(name), theirs.get(name)
        if _same(a, b):
            continue
        suggested = MINE
        if base is not None and _same(base.get(name), a):
            suggested = THEIRS  # I did not touch it: they did
        result.append(FieldConflict(name, field_label(name), a, b, text(name, a), text(name, b), suggested))
    return result
