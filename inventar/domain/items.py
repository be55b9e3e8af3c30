"""Validation of item data, with Danish messages that name the field."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field, fields
from typing import Any

from inventar.domain.fields import field_label
from inventar.domain.vocabulary import CATEGORIES, CONDITIONS, STRATEGY_CRITERIA
from inventar.errors import UserError
from inventar.i18n import _

DIMENSION_MIN_CM = 1
DIMENSION_MAX_CM = 1000
QUANTITY_MAX = 100_000
# The longest text each field takes (the columns' lengths), checked here so SQLite (which stores any length)
# and PostgreSQL (which refuses a longer text with a database error) accept exactly the same.
TEXT_LIMITS = {"title": 200, "description": 4000, "manufacturer": 200, "model_name": 200, "period": 100,
               "material": 200, "colour": 100, "hidden_gold_reason": 2000, "no_photo_reason": 400,
               "registered_by": 100}
MULTILINE = frozenset({"description", "hidden_gold_reason"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_LINE = re.compile(r"[\x00-\x1f\x7f]")


class ValidationError(UserError, ValueError):
    """Bad input for one field; ``message`` is translated and names the field."""

    def __init__(self, field_name: str, message: str) -> None:
        self.message = message
        super().__init__(message, field=field_name)


_NUMBER = re.compile(r"^\s*(?:ca\.?\s*)?(-?\d+(?:[.,]\d+)?)\s*(?:cm)?\s*$", re.IGNORECASE)


def parse_dimension(name: str, value: Any) -> float | None:
    """Accept 80, 80.5, "80,5", "ca. 120", "120 cm"; reject anything outside 1..1000 cm."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationError(name, _("{field}: skal være et tal i cm", field=field_label(name)))
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        match = _NUMBER.match(str(value))
        if not match:
            raise ValidationError(
                name, _("{field}: »{value}« er ikke et mål i cm", field=field_label(name), value=value)
            )
        number = float(match.group(1).replace(",", "."))
    if number != number or not DIMENSION_MIN_CM <= number <= DIMENSION_MAX_CM:
        raise ValidationError(
            name,
            _("{field}: skal være mellem {low} og {high} cm (fik {value})",
              field=field_label(name), low=DIMENSION_MIN_CM, high=DIMENSION_MAX_CM, value=_fmt(number)),
        )
    return round(number, 1)


def parse_quantity(value: Any) -> int:
    if isinstance(value, bool):
        raise ValidationError("quantity", _("Antal: skal være et helt tal på mindst 1"))
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"\d+", text):
            raise ValidationError("quantity", _("Antal: »{value}« er ikke et helt tal", value=value))
        value = int(text)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValidationError("quantity", _("Antal: skal være et helt tal (fik {value})", value=_fmt(value)))
        value = int(value)
    if not isinstance(value, int) or value < 1:
        raise ValidationError("quantity", _("Antal: skal være et helt tal på mindst 1"))
    if value > QUANTITY_MAX:
        raise ValidationError("quantity", _("Antal: højst {high}", high=QUANTITY_MAX))
    return value


def check_text(name: str, value: Any, limit: int, multiline: bool = False) -> str:
    """``value`` as stripped text; refuses non-text, more than ``limit`` characters and control characters (NUL)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(name, _("{field}: skal være tekst", field=field_label(name)))
    text = value.strip()
    if (_CONTROL if multiline else _CONTROL_LINE).search(text):
        raise ValidationError(name, _("{field}: indeholder et ugyldigt tegn (kontroltegn)", field=field_label(name)))
    if len(text) > limit:
        raise ValidationError(name, _("{field}: højst {limit} tegn (fik {count})", field=field_label(name),
                                      limit=limit, count=len(text)))
    return text


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}".replace(".", ",")


@dataclass
class ItemData:
    """The editable fields of an item, as entered; :meth:`validated` checks and normalises."""

    category: str = ""
    title: str = ""
    description: str = ""
    manufacturer: str = ""
    model_name: str = ""
    period: str = ""
    material: str = ""
    colour: str = ""
    width_cm: Any = None
    depth_cm: Any = None
    height_cm: Any = None
    quantity: Any = 1
    condition: Any = None
    room_id: int | None = None
    strategy_criteria: list[str] = field(default_factory=list)
    hidden_gold: bool = False
    hidden_gold_reason: str = ""
    no_photo_reason: str = ""
    registered_by: str = ""

    def validated(self, known_criteria: Collection[str] | None = None) -> ItemData:
        """Check and normalise; ``known_criteria`` are the loaded strategy's codes (default: the built-in ones)."""
        if not isinstance(self.category, str) or self.category not in CATEGORIES:
            raise ValidationError("category", _("Kategori: vælg en kategori fra listen"))
        for name in ("width_cm", "depth_cm", "height_cm"):
            setattr(self, name, parse_dimension(name, getattr(self, name)))
        self.quantity = parse_quantity(self.quantity)
        if self.condition in ("", None):
            self.condition = None
        else:
            try:
                grade = int(self.condition)
            except (TypeError, ValueError):
                grade = 0
            if grade not in CONDITIONS:
                raise ValidationError("condition", _("Stand: skal være en karakter fra 1 til 5"))
            self.condition = grade
        known = STRATEGY_CRITERIA if known_criteria is None else known_criteria
        if not isinstance(self.strategy_criteria, (list, tuple)) \
                or not all(isinstance(c, str) for c in self.strategy_criteria):
            raise ValidationError("strategy_criteria", _("Strategikriterier: skal være en liste af koder"))
        unknown = [c for c in self.strategy_criteria if c not in known]
        if unknown:
            raise ValidationError(
                "strategy_criteria", _("Strategikriterier: ukendt kriterium {name}", name=", ".join(unknown))
            )
        for name, limit in TEXT_LIMITS.items():
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                value = str(value)  # a number typed into a text cell
            setattr(self, name, check_text(name, value, limit, multiline=name in MULTILINE))
        if not isinstance(self.hidden_gold, bool):
            raise ValidationError("hidden_gold", _("Gemt guld: skal være ja eller nej"))
        if self.hidden_gold and not self.hidden_gold_reason:
            raise ValidationError(
                "hidden_gold_reason", _("Begrundelse for gemt guld: skriv kort, hvorfor genstanden er værd at gemme")
            )
        return self

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
