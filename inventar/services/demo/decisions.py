"""Demo review work on top of the demo items: votes, decisions (splits, disposal routes), board proposals
and approvals, target centres and floors from the stack plan, and needs per centre and floor.

Invented but plausible, deterministic for a seed, and only on demo items and demo centres (so "demo"
marks it all: decisions, votes and needs belong to demo items or demo centres).  Runs inside the
demo's one transaction.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import datetime, timedelta

from inventar.models import Centre, Decision, Item, Need, Vote
from inventar.models.entities import utcnow
from inventar.services.placement.service import PlacementService

VOTERS = ["Brugergruppen", "Arkitekt (Tegnestuen)", "Facility manager", "Centerrepræsentant BAC",  # i18n: ignore (demo data)
          "Centerrepræsentant ØDC"]  # i18n: ignore (demo data)
DECIDERS = ["Brugergruppen", "Projektleder"]  # i18n: ignore (demo data)
KINDS = (["reuse", "dispose", "pending", "inspect"], [45, 30, 15, 10])  # i18n: ignore (demo data)
APPROVALS = (["none", "proposed", "approved", "rejected"], [25, 35, 35, 5])  # i18n: ignore (demo data)
ROUTES = (["sell", "donate", "recycle", "scrap", "return"], [25, 30, 25, 15, 5])  # i18n: ignore (demo data)
REASONS = {"reuse": ["God stand, passer i det nye rådhus", "Klassiker – genbruges i mødelokaler",  # i18n: ignore (demo data)
                     "Ergonomisk i orden", "Del af kulturarven"],  # i18n: ignore (demo data)
           "dispose": ["Slidt ud", "Passer ikke til de nye lokaler",  # i18n: ignore (demo data)
                       "For mange af slagsen", "Ødelagt"]}  # i18n: ignore (demo data)


def _meeting(day: datetime) -> str:
    return f"Direktionsmøde {day:%d-%m-%Y}"


def create_demo_decisions(seed: int | None, decided_share: float = 0.7) -> dict[str, int]:
    """Decide about ``decided_share`` of the demo items that have no decision yet; returns counts."""
    rng = random.Random(f"{seed}-decisions" if seed is not None else None)
    part_rng = random.Random(f"{seed}-part-targets" if seed is not None else None)  # apart: the rest stays as it was
    now = utcnow()
    service = PlacementService(user="demo")
    plan = {c: {f: n for f, n in floors.items() if n} for c, floors in service.shares(service.active_scenario().id).items()}
    centres = [c for c, in Centre.select(Centre.id).where(Centre.is_demo == True).order_by(Centre.id).tuples()]  # noqa: E712
    decided = {i for i, in Decision.select(Decision.item).distinct().tuples()}
    items = [row for row in Item.select(Item.id, Item.quantity, Item.registered_at)
             .where(Item.is_demo == True).order_by(Item.id).tuples() if row[0] not in decided]  # noqa: E712
    decisions: list[dict] = []
    votes: list[dict] = []
    targets: dict[tuple[int | None, int | None], list[int]] = defaultdict(list)
    for item_id, quantity, registered in items:
        if rng.random() >= decided_share:
            continue
        day = min(registered + timedelta(days=rng.randrange(1, 15), hours=rng.randrange(0, 6)), now)
        kind = rng.choices(*KINDS)[0]
        parts = [(None, kind)]
        if quantity >= 4 and kind in ("reuse", "dispose") and rng.random() < 0.3:  # a split: some kept, rest out
            kept = rng.randrange(1, quantity)
            parts = [(kept, "reuse"), (quantity - kept, "dispose")]
        first = len(decisions)
        for part, part_kind in parts:
            approval = rng.choices(*APPROVALS)[0] if part_kind in ("reuse", "dispose") else "none"
            approved_at = day + timedelta(days=rng.randrange(3, 20)) if approval in ("approved", "rejected") else None
            decisions.append({
                "item": item_id, "kind": part_kind, "quantity": part,
                "route": rng.choices(*ROUTES)[0] if part_kind == "dispose" else "",
                "reason": rng.choice(REASONS.get(part_kind, [""])), "decided_by": rng.choice(DECIDERS),
                "decided_at": day, "approval": approval,
                "meeting_ref": _meeting(approved_at) if approved_at and approved_at <= now else "",
                "approved_at": approved_at if approved_at and approved_at <= now else None, "target_centre": None})
        if any(k == "reuse" for _p, k in parts):
            centre = rng.choice(centres) if centres and rng.random() < 0.8 else None  # else: pooled reuse
            kept = decisions[first]
            if len(parts) == 1 and quantity >= 6 and part_rng.random() < 0.15:
                kept["quantity"] = quantity  # a whole item split: most for this centre, some for another
            if (kept["quantity"] or 0) >= 2 and len(centres) > 1 and part_rng.random() < 0.6:
                # some of the kept pieces go to another centre: a split part with a target centre of its own
                moved = part_rng.randrange(1, kept["quantity"])
                elsewhere = part_rng.choice([c for c in centres if c != centre])
                kept["quantity"] -= moved
                decisions.insert(first + 1, {**kept, "quantity": moved, "target_centre": elsewhere,
                                             "reason": "Flere end centret selv kan bruge"})  # i18n: ignore (demo data)
            floors = sorted(plan.get(centre, {})) if centre else []
            floor = rng.choice(floors) if floors and rng.random() < 0.75 else None
            targets[(centre, floor)].append(item_id)
        for voter in rng.sample(VOTERS, rng.choice([0, 1, 2, 3])):
            vote_kind = kind if rng.random() < 0.8 else rng.choice(KINDS[0])
            votes.append({"item": item_id, "voter": voter, "kind": vote_kind,
                          "route": rng.choices(*ROUTES)[0] if vote_kind == "dispose" else "",
                          "voted_at": day - timedelta(hours=rng.randrange(1, 48))})
    for start in range(0, len(decisions), 500):
        Decision.insert_many(decisions[start:start + 500]).execute()
    for start in range(0, len(votes), 500):
        Vote.insert_many(votes[start:start + 500]).execute()
    for (centre, floor), ids in targets.items():
        Item.update(target_centre=centre, target_floor=floor).where(Item.id.in_(ids)).execute()
    return {"decisions": len(decisions), "votes": len(votes), "needs": _demo_needs(plan, centres)}


def _demo_needs(plan: dict[int, dict[int, int]], centres: list[int]) -> int:
    """Desks and task chairs per floor as the stack plan places the centre's workplaces, meeting tables
    centre-wide (one per 8); the rest of the categories follow the furnishing norm."""
    entered = {c for c, in Need.select(Need.centre).distinct().tuples()}
    rows = []
    headcount = dict(Centre.select(Centre.id, Centre.headcount).tuples())
    for centre in centres:
        if centre in entered:
            continue
        for floor, workplaces in sorted(plan.get(centre, {}).items()):
            for category in ("desk", "task_chair"):
                rows.append({"centre": centre, "floor": floor, "category": category, "quantity": workplaces,
                             "note": "Demo: efter stakplanen"})
        rows.append({"centre": centre, "floor": None, "category": "meeting_table",
                     "quantity": math.ceil((headcount.get(centre) or 0) / 8), "note": "Demo"})
    if rows:
        Need.insert_many(rows).execute()
    return len(rows)
