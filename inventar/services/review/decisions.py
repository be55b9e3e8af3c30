"""Decisions per item: decide, bulk edit, quantity split, votes, board approval, and their inverse.

Every changing operation works the same way: read the state of the items it
touches (targets, decision parts, votes), compute the new state in Python, write
the difference and its audit entries in one transaction, and return a
:class:`Change` with the states before and after.  :meth:`DecisionService.restore`
writes any earlier state back (after checking that nobody changed the items in
between), so one undo step of the UI is one ``restore`` call, however many items
a bulk action touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from peewee import chunked

from inventar.domain.review import (
    LOCKED_APPROVAL,
    PROPOSABLE_KINDS,
    ConcurrentChangeError,
    DecisionError,
    LockedError,
    PartSpec,
    StaleError,
    check_kind_route,
    check_split,
    check_text,
)
from inventar.domain.vocabulary import DECISION_KINDS, DISPOSAL_ROUTES
from inventar.i18n import _
from inventar.models import IN_CHUNK, Centre, Decision, Floor, Item, Vote
from inventar.models.entities import utcnow
from inventar.services import audit
from inventar.services.items.service import current_user
from inventar.services.transactions import lock_rows, write_transaction


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = _Unchanged()


@dataclass(frozen=True)
class DecisionState:
    id: int | None  # None: not written yet
    kind: str
    route: str = ""
    reason: str = ""
    quantity: int | None = None  # None: the whole item
    decided_by: str = ""
    decided_at: datetime | None = None
    approval: str = "none"
    meeting_ref: str = ""
    approved_at: datetime | None = None
    split_from: int | None = None
    target_centre_id: int | None = None  # a split part's own target centre; None: the item's


@dataclass(frozen=True)
class VoteState:
    id: int | None
    voter: str
    kind: str
    route: str = ""
    comment: str = ""
    voted_at: datetime | None = None


@dataclass(frozen=True)
class ItemState:
    item_id: int
    quantity: int
    target_centre_id: int | None
    target_floor_id: int | None
    decisions: tuple[DecisionState, ...] = ()
    votes: tuple[VoteState, ...] = ()
    name: str = field(default="", compare=False)

    @property
    def locked(self) -> bool:
        return any(d.approval == LOCKED_APPROVAL for d in self.decisions)


@dataclass(frozen=True)
class Change:
    """One user action: the states of the touched items before and after it."""

    label: str
    before: tuple[ItemState, ...]
    after: tuple[ItemState, ...]
    skipped: tuple[str, ...] = ()  # names of items a bulk action left alone (locked by the board)

    @property
    def item_ids(self) -> list[int]:
        return [s.item_id for s in self.before]


@dataclass(frozen=True)
class BulkEdit:
    """What a bulk action sets; fields left ``UNCHANGED`` are kept per item."""

    kind: str | None = None
    route: str = ""
    reason: str | None = None
    target_centre_id: Any = UNCHANGED
    target_floor_id: Any = UNCHANGED


_DECISION_FIELDS = ["kind", "route", "reason", "quantity", "decided_by", "decided_at", "approval",
                    "meeting_ref", "approved_at", "split_from", "target_centre_id"]
_AUDITED_DECISION_FIELDS = ["kind", "route", "reason", "quantity", "approval", "meeting_ref", "approved_at",
                            "target_centre_id"]


class DecisionService:
    def __init__(self, user: str | None = None) -> None:
        self.user = user or current_user()

    # -- reading ---------------------------------------------------------------------
    def state(self, item_id: int) -> ItemState:
        states = self._snapshot([item_id])
        if not states:
            raise DecisionError(_("Genstanden findes ikke længere"))
        return states[0]

    def _snapshot(self, item_ids: Sequence[int]) -> tuple[ItemState, ...]:
        ids = list(dict.fromkeys(item_ids))
        items: dict[int, tuple] = {}
        decisions: dict[int, list[DecisionState]] = {i: [] for i in ids}
        votes: dict[int, list[VoteState]] = {i: [] for i in ids}
        for chunk in chunked(ids, IN_CHUNK):
            for row in (Item.select(Item.id, Item.quantity, Item.target_centre, Item.target_floor, Item.label_code,
                                    Item.title).where(Item.id.in_(chunk)).tuples()):
                items[row[0]] = row
            for d in Decision.select().where(Decision.item.in_(chunk)).order_by(Decision.id):
                decisions[d.item_id].append(DecisionState(d.id, *(getattr(d, f) for f in _DECISION_FIELDS)))
            for v in Vote.select().where(Vote.item.in_(chunk)).order_by(Vote.id):
                votes[v.item_id].append(VoteState(v.id, v.voter, v.kind, v.route, v.comment, v.voted_at))
        return tuple(
            ItemState(i, items[i][1], items[i][2], items[i][3], tuple(decisions[i]), tuple(votes[i]),
                      items[i][4] or items[i][5] or f"#{i}")
            for i in ids if i in items
        )

    # -- the one way changes are written ---------------------------------------------
    def _apply(self, label: str, action: str, item_ids: Iterable[int],
               transform: Callable[[ItemState], ItemState]) -> Change:
        ids = list(dict.fromkeys(item_ids))
        if not ids:
            raise DecisionError(_("Vælg mindst én genstand"))
        seen = self._snapshot(ids)  # what the user acts on
        with write_transaction():
            lock_rows(Item, ids)  # a second reviewer on the same items waits here until this one commits
            before = self._snapshot(ids)
            if len(before) != len(ids):
                raise DecisionError(_("{n} af de valgte genstande er slettet af en anden; opdatér listen",
                                      n=len(ids) - len(before)))
            if before != seen:
                raise ConcurrentChangeError(_("En anden har netop ændret {n} af de valgte genstande; se "
                                              "ændringen, og prøv igen", n=sum(a != b for a, b in zip(seen, before))))
            wanted = tuple(transform(state) for state in before)
            self._write(before, wanted, action)
            after = self._snapshot(ids)
        return Change(label, before, after)

    def restore(self, states: Sequence[ItemState], expected: Sequence[ItemState], action: str = "undo") -> None:
        """Write ``states`` back; refused when the items no longer look like ``expected``."""
        ids = [s.item_id for s in states]
        with write_transaction():
            lock_rows(Item, ids)
            current = self._snapshot(ids)
            if tuple(current) != tuple(expected):
                raise StaleError(_("Genstandene er ændret siden (af en anden eller i et andet vindue); "
                                   "handlingen kan ikke fortrydes eller gentages"))
            self._write(current, tuple(states), action)

    def _write(self, old_states: Sequence[ItemState], new_states: Sequence[ItemState], action: str) -> None:
        now = utcnow()
        for old, new in zip(old_states, new_states, strict=True):
            changes: dict[str, tuple[Any, Any]] = {}
            if (old.target_centre_id, old.target_floor_id) != (new.target_centre_id, new.target_floor_id):
                Item.update(target_centre=new.target_centre_id, target_floor=new.target_floor_id, updated_at=now) \
                    .where(Item.id == old.item_id).execute()
                for name in ("target_centre_id", "target_floor_id"):
                    if getattr(old, name) != getattr(new, name):
                        changes[name] = (getattr(old, name), getattr(new, name))
            self._write_decisions(old, new, changes)
            self._write_votes(old, new, changes)
            if changes:
                audit.record(self.user, "item", old.item_id, action, changes)

    @staticmethod
    def _write_decisions(old: ItemState, new: ItemState, changes: dict) -> None:
        old_by_id = {d.id: d for d in old.decisions}
        keep = {d.id for d in new.decisions if d.id is not None}
        for gone in [d for d in old.decisions if d.id not in keep]:
            Decision.delete().where(Decision.id == gone.id).execute()
            changes[f"decision#{gone.id}"] = (_summary(gone), "")
        for wanted in new.decisions:
            values = {f: getattr(wanted, f) for f in _DECISION_FIELDS}
            if values["decided_at"] is None:
                values["decided_at"] = utcnow()
            if wanted.id is None or wanted.id not in old_by_id:
                extra = {"id": wanted.id} if wanted.id is not None else {}
                created = Decision.insert(item=old.item_id, **values, **extra).execute()
                changes[f"decision#{created}"] = ("", _summary(wanted))
                continue
            previous = old_by_id[wanted.id]
            if previous == wanted:
                continue
            Decision.update(**values).where(Decision.id == wanted.id).execute()
            for name in _AUDITED_DECISION_FIELDS:
                if getattr(previous, name) != getattr(wanted, name):
                    changes[f"decision#{wanted.id}.{name}"] = (getattr(previous, name), getattr(wanted, name))

    @staticmethod
    def _write_votes(old: ItemState, new: ItemState, changes: dict) -> None:
        old_by_voter = {v.voter: v for v in old.votes}
        new_by_voter = {v.voter: v for v in new.votes}
        for voter, vote in old_by_voter.items():
            if voter not in new_by_voter:
                Vote.delete().where(Vote.id == vote.id).execute()
                changes[f"vote:{voter}"] = (_vote_text(vote), "")
        for voter, vote in new_by_voter.items():
            previous = old_by_voter.get(voter)
            if previous == vote:
                continue
            values = {"voter": voter, "kind": vote.kind, "route": vote.route, "comment": vote.comment,
                      "voted_at": vote.voted_at or utcnow()}
            if previous is None:
                extra = {"id": vote.id} if vote.id is not None else {}
                Vote.insert(item=old.item_id, **values, **extra).execute()
            else:
                Vote.update(**values).where(Vote.id == previous.id).execute()
            changes[f"vote:{voter}"] = (_vote_text(previous) if previous else "", _vote_text(vote))

    # -- decisions ---------------------------------------------------------------------
    def _decided(self, state: ItemState, kind: str, route: str, reason: str) -> ItemState:
        if state.locked:
            raise LockedError(_("{name}: beslutningen er godkendt af direktionen og låst; genåbn den med en "
                                "begrundelse, før den ændres", name=state.name))
        first = state.decisions[0] if state.decisions else None
        decision = DecisionState(first.id if first else None, kind, route, reason, None, self.user, utcnow())
        if first is not None and (first.kind, first.route, first.reason, first.quantity) == (kind, route, reason, None) \
                and len(state.decisions) == 1 and first.approval == "none":
            decision = first  # nothing changes: keep who and when
        return replace(state, decisions=(decision,))

    def decide(self, item_ids: Iterable[int], kind: str, route: str = "", reason: str = "") -> Change:
        """The whole item gets ``kind`` (a split item becomes one part again)."""
        return self.bulk(item_ids, BulkEdit(kind=kind, route=route, reason=reason))

    def bulk(self, item_ids: Iterable[int], edit: BulkEdit) -> Change:
        if edit.kind is not None:
            check_kind_route(edit.kind, edit.route)
        elif edit.route:
            raise DecisionError(_("Rute kan kun angives sammen med beslutningen Kassér"))
        self._check_targets(edit)
        reason = None if edit.reason is None else edit.reason.strip()

        skipped: dict[int, str] = {}

        def transform(state: ItemState) -> ItemState:
            if state.locked and (edit.kind is not None or reason is not None):
                skipped[state.item_id] = state.name  # one locked item does not block the others
                return state
            if edit.kind is not None:
                state = self._decided(state, edit.kind, edit.route, reason if reason is not None else
                                      (state.decisions[0].reason if state.decisions else ""))
            elif reason is not None:
                if state.locked:
                    raise LockedError(_("{name}: beslutningen er godkendt af direktionen og låst; genåbn den "
                                        "med en begrundelse, før den ændres", name=state.name))
                parts = state.decisions or (DecisionState(None, "pending", decided_by=self.user),)
                state = replace(state, decisions=tuple(
                    d if d.reason == reason else replace(d, reason=reason, decided_by=self.user, decided_at=utcnow())
                    for d in parts))
            if edit.target_centre_id is not UNCHANGED:
                state = replace(state, target_centre_id=edit.target_centre_id)
            if edit.target_floor_id is not UNCHANGED:
                state = replace(state, target_floor_id=edit.target_floor_id)
            return state

        ids = list(dict.fromkeys(item_ids))
        with write_transaction():
            change = self._apply(_("Beslutning for {n} genstande", n=len(ids)) if len(ids) != 1
                                 else _("Beslutning"), "decide", ids, transform)
            if skipped and len(skipped) == len(change.before):
                raise LockedError(_("{name}: beslutningen er godkendt af direktionen og låst; genåbn den med en "
                                    "begrundelse, før den ændres", name=", ".join(skipped.values())))
        if not skipped:
            return change
        kept = [i for i, s in enumerate(change.before) if s.item_id not in skipped]
        return replace(change, label=_("Beslutning for {n} genstande", n=len(kept)) if len(kept) != 1
                       else _("Beslutning"), before=tuple(change.before[i] for i in kept),
                       after=tuple(change.after[i] for i in kept), skipped=tuple(skipped.values()))

    @staticmethod
    def _check_targets(edit: BulkEdit) -> None:
        if edit.target_centre_id not in (UNCHANGED, None) and \
                not Centre.select().where(Centre.id == edit.target_centre_id).exists():
            raise DecisionError(_("Det valgte center findes ikke"))
        if edit.target_floor_id not in (UNCHANGED, None) and \
                not Floor.select().where(Floor.id == edit.target_floor_id).exists():
            raise DecisionError(_("Den valgte etage findes ikke"))

    def split(self, item_id: int, parts: Sequence[PartSpec]) -> Change:
        """Split the item's quantity over several decisions (30 reuse + 10 dispose of 40 chairs).

        The parts stay on the same item, so they keep its label and origin; the first
        existing decision is kept as the first part and the others point back to it.
        """
        centres = {p.target_centre_id for p in parts if p.target_centre_id is not None}
        if centres and Centre.select().where(Centre.id.in_(centres)).count() != len(centres):
            raise DecisionError(_("Det valgte center findes ikke"))

        def transform(state: ItemState) -> ItemState:
            checked = check_split(state.quantity, parts)
            if state.locked:
                raise LockedError(_("{name}: beslutningen er godkendt af direktionen og låst; genåbn den med en "
                                    "begrundelse, før den ændres", name=state.name))
            origin = state.decisions[0].id if state.decisions else None
            now = utcnow()
            # part n keeps the id of the item's n-th decision: splitting again edits the parts (the history
            # shows what changed per part) instead of deleting and recreating them
            ids = [d.id for d in state.decisions] + [None] * len(checked)
            new = [DecisionState(ids[number], p.kind, p.route, p.reason.strip(), p.quantity,
                                 self.user, now, split_from=None if number == 0 else origin,
                                 target_centre_id=p.target_centre_id)
                   for number, p in enumerate(checked)]
            return replace(state, decisions=tuple(new))

        with write_transaction():
            change = self._apply(_("Opdeling af antal"), "split", [item_id], transform)
            if any(d.split_from is None for d in change.after[0].decisions[1:]):
                # there was no decision to split from: the first part just written is the origin
                origin = change.after[0].decisions[0].id
                Decision.update(split_from=origin).where((Decision.item == item_id)
                                                         & (Decision.id != origin)).execute()
                change = replace(change, after=self._snapshot([item_id]))
        return change

    # -- votes ---------------------------------------------------------------------------
    def vote(self, item_id: int, kind: str, route: str = "", comment: str = "") -> Change:
        """This reviewer's view on the item (a second vote by the same reviewer replaces the first)."""
        check_kind_route(kind, route)

        def transform(state: ItemState) -> ItemState:
            others = tuple(v for v in state.votes if v.voter != self.user)
            mine = next((v for v in state.votes if v.voter == self.user), None)
            vote = VoteState(mine.id if mine else None, self.user, kind, route, comment.strip(), utcnow())
            return replace(state, votes=others + (vote,))

        return self._apply(_("Stemme"), "vote", [item_id], transform)

    # -- board approval --------------------------------------------------------------------
    def _approval(self, label: str, action: str, item_ids: Iterable[int], source: tuple[str, ...], target: str,
                  meeting_ref: str = "", at: datetime | None = None, kinds: tuple[str, ...] = PROPOSABLE_KINDS,
                  empty_message: str = "") -> Change:
        touched = []

        def transform(state: ItemState) -> ItemState:
            parts = []
            for d in state.decisions:
                if d.kind in kinds and d.approval in source:
                    touched.append(d)
                    if target in ("approved", "rejected"):
                        d = replace(d, approval=target, meeting_ref=meeting_ref, approved_at=at)
                    elif target == "proposed":
                        d = replace(d, approval=target, meeting_ref="", approved_at=None)
                    else:  # reopened: the meeting reference stays as a trace, the date goes
                        d = replace(d, approval=target, approved_at=None)
                parts.append(d)
            return replace(state, decisions=tuple(parts))

        ids = list(item_ids)
        with write_transaction():
            change = self._apply(label, action, ids, transform)
            if not touched:
                raise DecisionError(empty_message)
        return change

    def propose(self, item_ids: Iterable[int]) -> Change:
        """Reuse/disposal decisions go to the board as proposals (foreslået)."""
        return self._approval(_("Indstil til direktionen"), "propose", item_ids, ("none", "rejected"), "proposed",
                              empty_message=_("Ingen af de valgte har en genbrugs- eller kasseringsbeslutning, "
                                              "der kan indstilles"))

    def approve(self, item_ids: Iterable[int], meeting_ref: str, at: datetime | None = None) -> Change:
        ref = check_text(meeting_ref, _("Angiv mødereferencen for direktionens godkendelse (fx »Direktionsmøde "
                                        "23-08-2021, pkt. 4«)"))
        return self._approval(_("Godkendt af direktionen"), "approve", item_ids, ("proposed",), "approved", ref,
                              at or utcnow(), empty_message=_("Ingen af de valgte er indstillet (foreslået) "
                                                              "til direktionen"))

    def reject(self, item_ids: Iterable[int], meeting_ref: str, at: datetime | None = None) -> Change:
        ref = check_text(meeting_ref, _("Angiv mødereferencen for direktionens afvisning"))
        return self._approval(_("Afvist af direktionen"), "reject", item_ids, ("proposed",), "rejected", ref,
                              at or utcnow(), empty_message=_("Ingen af de valgte er indstillet (foreslået) "
                                                              "til direktionen"))

    def reopen(self, item_ids: Iterable[int], reason: str) -> Change:
        """Unlock approved decisions; the reason goes into the audit trail."""
        text = check_text(reason, _("Skriv en begrundelse for at genåbne en godkendt beslutning"))
        ids = list(item_ids)
        with write_transaction():
            change = self._approval(_("Genåbnet"), "reopen", ids, (LOCKED_APPROVAL,), "none",
                                    kinds=tuple(k for k in ("reuse", "dispose", "pending", "inspect")),
                                    empty_message=_("Ingen af de valgte har en godkendt beslutning"))
            for state in change.after:
                audit.record(self.user, "item", state.item_id, "reopen", {"reopen_reason": ("", text)})
        return change


def _kind_text(kind: str, route: str) -> str:
    text = _(DECISION_KINDS.get(kind, kind))
    return f"{text} ({_(DISPOSAL_ROUTES.get(route, route)).lower()})" if route else text


def _summary(d: DecisionState) -> str:
    parts = [_kind_text(d.kind, d.route)]
    if d.quantity is not None:
        parts.append(_("{n} stk.", n=d.quantity))
    if d.target_centre_id is not None:
        centre = Centre.get_or_none(Centre.id == d.target_centre_id)
        parts.append(_("→ {centre}", centre=centre.abbreviation if centre else d.target_centre_id))
    if d.reason:
        parts.append(d.reason)
    return " · ".join(parts)


def _vote_text(v: VoteState) -> str:
    text = _kind_text(v.kind, v.route)
    return f"{text}: {v.comment}" if v.comment else text
