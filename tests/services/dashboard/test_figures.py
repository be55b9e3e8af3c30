"""Dashboard figures on a small hand-built database."""

from datetime import date, datetime

import pytest

from inventar.domain.review import PartSpec
from inventar.models import Decision, Item, Room
from inventar.services.dashboard.figures import load_co2_factors, overview
from inventar.services.review.decisions import DecisionService


@pytest.fixture
def small(store):
    ground = [Room.create(floor=0, number=f"0.0{n}", status=s) for n, s in enumerate(["done", "done", "not_visited"])]
    first = [Room.create(floor=1, number=f"1.0{n}", status=s) for n, s in enumerate(["in_progress", "not_visited"])]
    chairs = Item.create(category="task_chair", quantity=40, room=ground[0], registered_at=datetime(2022, 8, 1, 9))
    desks = Item.create(category="desk", quantity=10, room=ground[1], registered_at=datetime(2022, 8, 1, 10))
    art = Item.create(category="art", quantity=1, room=first[0], registered_at=datetime(2022, 8, 3, 10))
    sofa = Item.create(category="sofa", quantity=2, room=first[0], registered_at=datetime(2022, 8, 3, 11))
    decisions = DecisionService(user="Brugergruppen")
    decisions.decide([chairs.id], "pending")
    decisions.split(chairs.id, [PartSpec(20, "reuse"), PartSpec(10, "reuse"), PartSpec(10, "dispose", "donate")])
    decisions.decide([desks.id], "dispose", "sell")
    decisions.decide([desks.id, art.id], "reuse")  # the newer decision replaces the older one
    decisions.decide([sofa.id], "inspect")
    chair_parts = [d.id for d in Decision.select().where((Decision.item == chairs) & (Decision.kind == "reuse"))]
    Decision.update(approval="approved").where(Decision.id.in_(chair_parts)).execute()
    Decision.update(approval="proposed").where(Decision.item == desks).execute()
    return store


def test_progress_per_day_and_floor(small):
    data = overview(today=date(2022, 8, 10))
    assert data.per_day == [(date(2022, 8, 1), 2), (date(2022, 8, 3), 2)]
    Item.create(category="lamp", registered_at=datetime(2022, 8, 3, 22, 30))  # 00:30 on 4 August in Denmark
    assert overview(today=date(2022, 8, 10)).per_day[-1] == (date(2022, 8, 4), 1)
    ground, first = data.floors
    assert (ground.floor, ground.rooms, ground.rooms_done, ground.items, ground.pieces) == (0, 3, 2, 2, 50)
    assert (first.floor, first.rooms, first.rooms_done, first.rooms_in_progress, first.pieces) == (1, 2, 0, 1, 3)
    assert data.rooms_left == 3
    assert data.projected_finish is not None and data.projected_finish > date(2022, 8, 10)


def test_decisions_count_pieces_of_every_part(small):
    data = overview(today=date(2022, 9, 10))
    assert data.decisions == {"reuse": 30 + 10 + 1, "dispose": 10, "inspect": 2}
    assert data.approvals == {"approved": 30, "proposed": 10, "none": 1}
    assert data.reuse_by_category == {"desk": 10, "task_chair": 30, "art": 1}


def test_co2_avoided_counts_only_reuse_that_replaces_a_purchase(small):
    from inventar.models import Centre
    from inventar.services.needs.co2 import co2_avoided

    factors, sources = load_co2_factors()
    lamp = Item.create(category="lamp", quantity=3, registered_at=datetime(2022, 8, 3, 12))
    DecisionService(user="Brugergruppen").decide([lamp.id], "reuse")
    Decision.update(approval="rejected").where(Decision.item == lamp).execute()
    assert overview().co2_total == (0, 0), "no centre needs anything yet: no reuse replaces a purchase"

    Centre.create(name="HR-Centret", abbreviation="HRC", headcount=4)  # the norm: 4 desks, 4 task chairs
    data = overview()
    # proposed (10 desks) and approved (30 chairs) reuse, pooled: 4 of each replace a purchase; the art (never
    # proposed), the rejected lamps and the surplus avoid nothing. Net per piece (assets/co2_factors.json):
    # task chair 72-12-1.5 = 58.5 .. 90-3-0.2 = 86.8; desk 90-10-5 = 75 .. 160-2-1 = 157
    assert data.reuse_by_category["lamp"] == 3 and data.reuse_by_category["art"] == 1
    assert data.co2_low == pytest.approx({"task_chair": 4 * 58.5, "desk": 4 * 75})
    assert data.co2_high == pytest.approx({"task_chair": 4 * 86.8, "desk": 4 * 157})
    assert data.co2_total == pytest.approx((234 + 300, 347.2 + 628))
    assert data.co2_total == pytest.approx(co2_avoided("proposed").total), "the one calculation"
    for code, factor in factors.items():
        assert factor.low <= factor.high
        assert all(part in sources for part in factor.sources), code


def test_reuse_against_purchase_per_category(small):
    from inventar.models import Centre

    centre = Centre.create(name="HR-Centret", abbreviation="HRC", headcount=4)
    Item.update(target_centre=centre).where(Item.category == "desk").execute()
    data = overview()
    # the default norm: one desk and one task chair per workplace
    assert data.reuse_vs_buy["desk"] == (4, 0), "10 reused desks placed at HRC cover its 4"
    assert data.reuse_vs_buy["task_chair"] == (4, 0), "the 30 chairs without a centre are pooled and cover HRC's 4"
