"""Turning cell values into field values, with a Danish reason when that is impossible."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from inventar.domain.times import from_local
from inventar.domain.vocabulary import CATEGORIES, CONDITIONS, STRATEGY_CRITERIA
from inventar.errors import UserError
from inventar.i18n import _, language
from inventar.services.excel.columns import normalise


class CellError(UserError, ValueError):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    return str(value).strip()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@lru_cache(maxsize=16)
def _lookup_for(name: str, lang: str) -> dict[str, str]:
    table = {"categories": CATEGORIES, "criteria": STRATEGY_CRITERIA}[name]
    found = {}
    for code, label in table.items():
        found[normalise(code)] = code
        found[normalise(label)] = code
        found[normalise(_(label))] = code
    return found


def _lookup(name: str) -> dict[str, str]:
    return _lookup_for(name, language())


def category(value: Any) -> str:
    found = _lookup("categories").get(normalise(value))
    if not found:
        raise CellError(_("»{value}« er ikke en kendt kategori (fx {examples})", value=text(value),
                          examples=", ".join(_(n) for n in list(CATEGORIES.values())[:4])))
    return found


def condition(value: Any) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        grade = int(value) if float(value).is_integer() else 0
    else:
        raw = text(value)
        match = re.match(r"^\s*(\d)\b", raw)
        if match:
            grade = int(match.group(1))
        else:
            names = {normalise(n.split("–", 1)[-1].split(":", 1)[0]): g for g, n in CONDITIONS.items()}
            grade = names.get(normalise(raw), 0)
    if grade not in CONDITIONS:
        raise CellError(_("Stand: skal være en karakter fra 1 til 5 (fik »{value}«)", value=text(value)))
    return grade


def criteria(value: Any) -> list[str]:
    lookup = _lookup("criteria")
    codes = []
    for part in re.split(r"[,;/]", text(value)):
        if not part.strip():
            continue
        code = lookup.get(normalise(part))
        if code is None:
            raise CellError(_("Strategikriterier: ukendt kriterium »{value}«", value=part.strip()))
        if code not in codes:
            codes.append(code)
    return codes


YES = {"ja", "j", "x", "1", "yes", "y", "true", "sand", "sandt"}
NO = {"nej", "n", "0", "no", "false", "falsk", ""}


def yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    key = normalise(value) if not isinstance(value, (int, float)) else str(int(value))
    if key in YES:
        return True
    if key in NO:
        return False
    raise CellError(_("skal være »ja« eller »nej« (fik »{value}«)", value=text(value)))


def integer(value: Any, low: int | None = None, high: int | None = None) -> int:
    if isinstance(value, bool):
        raise CellError(_("skal være et helt tal"))
    if isinstance(value, (int, float)):
        if not float(value).is_integer():
            raise CellError(_("skal være et helt tal (fik {value})", value=text(value).replace(".", ",")))
        number = int(value)
    else:
        raw = text(value)
        if not re.fullmatch(r"-?\d+", raw):
            raise CellError(_("»{value}« er ikke et helt tal", value=raw))
        number = int(raw)
    if (low is not None and number < low) or (high is not None and number > high):
        if high is None:
            raise CellError(_("skal være mindst {low} (fik {value})", low=low, value=number))
        raise CellError(_("skal være mellem {low} og {high} (fik {value})", low=low, high=high, value=number))
    return number


def timestamp(value: Any) -> datetime:
    """A date or time from a sheet, read as Danish local time, as stored UTC (the export writes local time)."""
    return from_local(_local_timestamp(value))


def _local_timestamp(value: Any) -> datetime:
    if isinstance(value, datetime):  # Excel keeps milliseconds at best: round to the second
        return (value.replace(tzinfo=None) + timedelta(microseconds=500_000)).replace(microsecond=0)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    raw = text(value)
    for pattern in ("%d-%m-%Y %H:%M", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d",
                    "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(raw, pattern)
        except ValueError:
            continue
    raise CellError(_("»{value}« er ikke en dato (brug fx 15-08-2022)", value=raw))


def floor_from_room_number(number: str) -> int | None:
    """Room numbers carry their floor: ``K.02`` is the basement (-1), ``2.10`` the 2nd floor."""
    match = re.match(r"^\s*(K|St|\d+)\s*[.\-]", number, re.IGNORECASE)
    if not match:
        return None
    head = match.group(1).casefold()
    return -1 if head == "k" else 0 if head == "st" else int(head)
