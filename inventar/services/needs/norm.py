"""Needs of the centres in the new building: entered per category (and floor) or derived from a norm.

The furnishing norm says how many pieces of a category one workplace needs (``quantity`` per
``per_workplaces`` workplaces: 1 desk per 1, 1 meeting table per 10).  A centre's need for a
category is what was entered for it; categories with nothing entered are derived from the norm
and the centre's head count (rounded up).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from peewee import JOIN

from inventar.domain.vocabulary import CATEGORIES
from inventar.errors import UserError
from inventar.i18n import _
from inventar.models import Centre, Floor, FurnishingNorm, Need
from inventar.models.entities import utcnow

DEFAULT_NORM: list[tuple[str, float, int]] = [  # category, pieces, per workplaces
    ("desk", 1, 1),
    ("task_chair", 1, 1),
    ("storage", 1, 2),
    ("meeting_table", 1, 10),
    ("chair", 4, 10),  # around the meeting tables
    ("armchair", 1, 10),  # quiet zones and waiting areas
    ("sofa", 1, 25),
    ("table", 1, 20),  # kitchenettes and project areas
    ("shelf", 1, 5),
    ("cabinet", 1, 10),  # lockable files and personal lockers
    ("screen", 1, 4),  # sound-absorbing screens between desk islands
]


class NeedError(UserError, ValueError):
    """Bad input for a need or a norm line; the message is for users."""


@dataclass(frozen=True)
class NormLine:
    category: str
    quantity: float
    per_workplaces: int

    def needed_for(self, workplaces: int) -> int:
        return math.ceil(workplaces * self.quantity / self.per_workplaces - 1e-9) if workplaces > 0 else 0


@dataclass(frozen=True)
class NeedLine:
    centre_id: int
    centre: str  # abbreviation
    floor_id: int | None
    floor_level: int | None
    category: str
    quantity: int
    source: str  # "entered" or "norm"


def _check_category(category: str) -> None:
    if category not in CATEGORIES:
        raise NeedError(_("Kategori: »{value}« er ikke en kendt kategori", value=category))


class NeedService:
    # -- the norm -------------------------------------------------------------------
    def norm(self) -> list[NormLine]:
        """The stored norm; the default norm while none was saved."""
        rows = [NormLine(r.category, r.quantity, r.per_workplaces) for r in FurnishingNorm.select()]
        if not rows:
            rows = [NormLine(*line) for line in DEFAULT_NORM]
        order = list(CATEGORIES)
        return sorted(rows, key=lambda n: order.index(n.category) if n.category in order else len(order))

    def save_norm(self, lines: list[NormLine]) -> None:
        """Replace the whole norm (a line with quantity 0 is dropped)."""
        seen = set()
        for line in lines:
            _check_category(line.category)
            if line.category in seen:
                raise NeedError(_("Normen nævner kategorien »{name}« to gange", name=_(CATEGORIES[line.category])))
            seen.add(line.category)
            if line.quantity < 0 or line.per_workplaces < 1:
                raise NeedError(_("Norm for »{name}«: antal skal være 0 eller mere og pr. arbejdspladser mindst 1",
                                  name=_(CATEGORIES[line.category])))
        with FurnishingNorm._meta.database.atomic():
            FurnishingNorm.delete().execute()
            rows = [{"category": n.category, "quantity": float(n.quantity), "per_workplaces": int(n.per_workplaces)}
                    for n in lines if n.quantity > 0]
            if rows:
                FurnishingNorm.insert_many(rows).execute()

    # -- entered needs --------------------------------------------------------------
    def set_need(self, centre_id: int, category: str, quantity: int, floor_id: int | None = None,
                 note: str = "") -> None:
        """Enter (or change) a need; it replaces the norm for this centre and category."""
        _check_category(category)
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
            raise NeedError(_("Behov: antal skal være et helt tal på 0 eller mere"))
        if not Centre.select().where(Centre.id == centre_id).exists():
            raise NeedError(_("Behov: centret findes ikke"))
        with Need._meta.database.atomic():
            existing = Need.get_or_none((Need.centre == centre_id) & (Need.category == category)
                                        & (Need.floor.is_null() if floor_id is None else Need.floor == floor_id))
            if existing:
                Need.update(quantity=quantity, note=note, updated_at=utcnow()).where(Need.id == existing.id).execute()
            else:
                Need.create(centre=centre_id, floor=floor_id, category=category, quantity=quantity, note=note)

    def clear_need(self, centre_id: int, category: str, floor_id: int | None = None) -> None:
        """Forget an entered need, so the norm applies again."""
        Need.delete().where((Need.centre == centre_id) & (Need.category == category)
                            & (Need.floor.is_null() if floor_id is None else Need.floor == floor_id)).execute()

    # -- choices for forms ---------------------------------------------------------------
    @staticmethod
    def centres() -> list[tuple[int, str, str, int]]:
        """(id, abbreviation, name, head count) of every centre, by abbreviation."""
        return list(Centre.select(Centre.id, Centre.abbreviation, Centre.name, Centre.headcount)
                    .order_by(Centre.abbreviation).tuples())

    @staticmethod
    def floors() -> list[tuple[int, int, str]]:
        """(id, level, name) of every floor of the new building, from the ground up."""
        return list(Floor.select(Floor.id, Floor.level, Floor.name).order_by(Floor.level).tuples())

    # -- what the centres need ------------------------------------------------------
    def needs(self) -> list[NeedLine]:
        """Every centre's need per category and floor: entered lines, plus norm lines where nothing was entered."""
        norm = self.norm()
        entered: dict[int, list[NeedLine]] = {}
        query = (Need.select(Need.centre, Centre.abbreviation, Need.floor, Floor.level, Need.category, Need.quantity)
                 .join(Centre, on=(Need.centre == Centre.id))
                 .join(Floor, JOIN.LEFT_OUTER, on=(Need.floor == Floor.id))
                 .tuples())
        for centre_id, abbr, floor_id, level, category, quantity in query:
            entered.setdefault(centre_id, []).append(
                NeedLine(centre_id, abbr, floor_id, level, category, quantity, "entered"))
        lines: list[NeedLine] = []
        for centre_id, abbr, headcount in Centre.select(Centre.id, Centre.abbreviation, Centre.headcount).tuples():
            own = entered.get(centre_id, [])
            lines.extend(own)
            covered = {line.category for line in own}
            for rule in norm:
                if rule.category not in covered:
                    quantity = rule.needed_for(headcount or 0)
                    if quantity:
                        lines.append(NeedLine(centre_id, abbr, None, None, rule.category, quantity, "norm"))
        order = list(CATEGORIES)
        lines.sort(key=lambda n: (n.centre, -1 if n.floor_level is None else n.floor_level,
                                  order.index(n.category) if n.category in order else len(order)))
        return lines
