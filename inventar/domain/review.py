"""Rules for decisions, quantity splits and votes (pure: no database)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from inventar.domain.vocabulary import DECISION_KINDS, DISPOSAL_ROUTES
from inventar.errors import UserError
from inventar.i18n import _

LOCKED_APPROVAL = "approved"
PROPOSABLE_KINDS = ("reuse", "dispose")


class DecisionError(UserError, ValueError):
    """A decision cannot be made as asked; the message is Danish and says why."""


class LockedError(DecisionError):
    """The board approved the decision: it must be reopened (with a reason) before it is changed."""


class ConcurrentChangeError(DecisionError):
    """Another reviewer changed the same items between reading and writing; nothing was written."""


class StaleError(DecisionError):
    """The items changed since the action that should be undone or redone."""


@dataclass(frozen=True)
class PartSpec:
    """One part of a quantity split: ``quantity`` pieces get ``kind`` (and ``route`` when disposed).

    A reused part may go to a target centre of its own (``target_centre_id``); ``None`` means the item's.
    """

    quantity: int
    kind: str
    route: str = ""
    reason: str = ""
    target_centre_id: int | None = None


def check_kind_route(kind: str, route: str) -> None:
    if kind not in DECISION_KINDS:
        raise DecisionError(_("Ukendt beslutning »{kind}«", kind=kind))
    if kind == "dispose":
        if route not in DISPOSAL_ROUTES:
            raise DecisionError(_("Kassér kræver en rute: sælges, doneres, genanvendes, skrottes eller "
                                  "returneres til leverandør"))
    elif route:
        raise DecisionError(_("Rute kan kun angives, når beslutningen er Kassér"))


def check_split(total: int, parts: Iterable[PartSpec]) -> list[PartSpec]:
    parts = list(parts)
    if len(parts) < 2:
        raise DecisionError(_("En opdeling skal have mindst to dele"))
    for number, part in enumerate(parts, start=1):
        if not isinstance(part.quantity, int) or isinstance(part.quantity, bool) or part.quantity < 1:
            raise DecisionError(_("Del {n}: antal skal være et helt tal på mindst 1", n=number))
        check_kind_route(part.kind, part.route)
        if part.target_centre_id is not None and part.kind != "reuse":
            raise DecisionError(_("Del {n}: kun en del, der genbruges, kan have sit eget målcenter", n=number))
    given = sum(p.quantity for p in parts)
    if given != total:
        raise DecisionError(_("Delene giver {given} stk., men genstanden har {total} stk.; "
                              "delene skal tilsammen give det oprindelige antal", given=given, total=total))
    return parts


def check_text(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DecisionError(message)
    return value


def tally(kinds: Iterable[str]) -> dict[str, int]:
    """Votes per decision kind, in the vocabulary's order, kinds without votes left out."""
    counts = Counter(kinds)
    return {kind: counts[kind] for kind in DECISION_KINDS if counts[kind]}


def tally_text(kinds: Iterable[str]) -> str:
    return " · ".join(f"{_(DECISION_KINDS[k])} {n}" for k, n in tally(kinds).items())
