"""CO2e avoided: only reuse that replaces a purchase, net of refurbishment and transport, computed by hand."""

import json

import pytest

from inventar.models import Centre, Decision, Item
from inventar.services.needs.co2 import co2_avoided, load_co2_factors
from inventar.services.needs.norm import NeedService, NormLine

TABLE = {
    "sources": {"NEW": "a new product", "REF": "refurbishing", "MOVE": "moving"},
    "factors": {
        "task_chair": {"low": 70, "high": 90, "source": "NEW",
                       "refurbishment": {"low": 5, "high": 10, "source": "REF"},
                       "transport": {"low": 1, "high": 2, "source": "MOVE"}},  # net 58 .. 84
        "desk": {"low": 100, "high": 150, "source": "NEW"},  # no refurbishment or transport: net 100 .. 150
        "lamp": {"low": 5, "high": 8, "source": "NEW",
                 "refurbishment": {"low": 4, "high": 6, "source": "REF"},
                 "transport": {"low": 1, "high": 1, "source": "MOVE"}},  # net max(0, 5-6-1) = 0 .. 8-4-1 = 3
    },
}


@pytest.fixture
def factors(tmp_path):
    path = tmp_path / "factors.json"
    path.write_text(json.dumps(TABLE), encoding="utf-8")
    return load_co2_factors(path)[0]


@pytest.fixture
def case(store):
    """A needs 10 task chairs and 10 desks, B 4 of each (the norm); nobody needs lamps."""
    a = Centre.create(name="Center A", abbreviation="A", headcount=10)
    b = Centre.create(name="Center B", abbreviation="B", headcount=4)
    NeedService().save_norm([NormLine("task_chair", 1, 1), NormLine("desk", 1, 1)])

    def reuse(category, quantity, centre=None, approval="approved"):
        item = Item.create(category=category, quantity=quantity, target_centre=centre)
        return Decision.create(item=item, kind="reuse", approval=approval).id

    ids = {
        "chairs A approved": reuse("task_chair", 12, a),  # covers A's 10, 2 over
        "chairs A proposed": reuse("task_chair", 3, a, "proposed"),  # A is covered already: replaces nothing
        "chairs pooled": reuse("task_chair", 6, approval="proposed"),  # covers B's 4, 2 over
        "desks B": reuse("desk", 5, b, "proposed"),  # covers B's 4
        "desks B rejected": reuse("desk", 2, b, "rejected"),  # not on any basis
        "lamps": reuse("lamp", 3, a, "proposed"),  # nobody needs lamps: no purchase replaced
    }
    return ids


def test_proposed_and_approved_reuse_replacing_purchases(case, factors):
    result = co2_avoided("proposed", factors)
    replacing = {name: result.part(i).replacing if result.part(i) else None for name, i in case.items()}
    assert replacing == {"chairs A approved": 10, "chairs A proposed": 0, "chairs pooled": 4, "desks B": 4,
                         "desks B rejected": None, "lamps": 0}
    assert factors["task_chair"].net == (58, 84)
    assert factors["desk"].net == (100, 150)
    assert factors["lamp"].net == (0, 3), "never below 0"
    part = result.part(case["chairs A approved"])
    assert (part.low, part.high) == (10 * 58, 10 * 84)
    assert result.by_category() == {"task_chair": (14 * 58, 14 * 84), "desk": (4 * 100, 4 * 150)}
    assert result.total == (14 * 58 + 400, 14 * 84 + 600)  # 1212 .. 1776
    assert result.of_decisions([case["chairs pooled"], case["desks B"]]) == (4 * 58 + 400, 4 * 84 + 600)


def test_only_approved_reuse_on_the_approved_basis(case, factors):
    result = co2_avoided("approved", factors)
    assert [(p.decision_id, p.replacing) for p in result.parts] == [(case["chairs A approved"], 10)]
    assert result.total == (580, 840)


def test_unknown_basis_and_bad_ranges_are_refused(case, tmp_path):
    with pytest.raises(ValueError):
        co2_avoided("maybe")
    bad = {"factors": {"desk": {"low": 10, "high": 5, "source": "X"}}}
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ValueError):
        load_co2_factors(tmp_path / "bad.json")


def test_the_shipped_table_documents_every_figure():
    factors, sources = load_co2_factors()
    assert {"REFURB_ESTIMATE", "TRANSPORT_ESTIMATE"} <= set(sources)
    for code, factor in factors.items():
        assert all(s in sources for s in factor.sources), code
        low, high = factor.net
        assert 0 <= low <= high <= factor.high, code
        if code != "art":
            assert factor.refurbishment is not None and factor.transport is not None, code
