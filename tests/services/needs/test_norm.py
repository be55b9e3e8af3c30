"""Needs: entered per centre and category (and floor), or derived from the editable furnishing norm."""

import pytest

from inventar.domain.vocabulary import CATEGORIES
from inventar.models import Centre, Floor, FurnishingNorm, Need
from inventar.services.needs.norm import DEFAULT_NORM, NeedError, NeedService, NormLine


@pytest.fixture
def centres(store):
    return (Centre.create(name="Borger- og Arbejdsmarkedscenter", abbreviation="BAC", headcount=23),
            Centre.create(name="HR-Centret", abbreviation="HRC", headcount=0))


def _needs(service):
    return {(n.centre, n.floor_level, n.category): (n.quantity, n.source) for n in service.needs()}


def test_default_norm_until_one_is_saved(store):
    assert [(n.category, n.quantity, n.per_workplaces) for n in NeedService().norm()] == \
        [(c, q, p) for c, q, p in sorted(DEFAULT_NORM, key=lambda line: list(CATEGORIES).index(line[0]))]
    # beyond the five workplace basics: lounge, kitchenette, storage and screens too
    assert {"armchair", "sofa", "table", "shelf", "cabinet", "screen"} <= {line[0] for line in DEFAULT_NORM}


def test_norm_derives_needs_from_the_headcount_rounding_up(centres):
    service = NeedService()
    service.save_norm([NormLine("desk", 1, 1), NormLine("task_chair", 1, 1), NormLine("meeting_table", 1, 10),
                       NormLine("storage", 1.5, 2)])
    needs = _needs(service)
    assert needs == {("BAC", None, "desk"): (23, "norm"), ("BAC", None, "task_chair"): (23, "norm"),
                     ("BAC", None, "meeting_table"): (3, "norm"), ("BAC", None, "storage"): (18, "norm")}
    # HRC has no head count entered: the norm gives nothing
    assert not any(key[0] == "HRC" for key in needs)


def test_entered_need_replaces_the_norm_for_that_category(centres):
    bac, hrc = centres
    floor = Floor.create(level=1, name="1. sal")
    service = NeedService()
    service.save_norm([NormLine("desk", 1, 1), NormLine("meeting_table", 1, 10)])
    service.set_need(bac.id, "desk", 15, floor_id=floor.id)
    service.set_need(bac.id, "desk", 5)
    service.set_need(bac.id, "meeting_table", 0)
    service.set_need(hrc.id, "sofa", 2)
    assert _needs(service) == {("BAC", 1, "desk"): (15, "entered"), ("BAC", None, "desk"): (5, "entered"),
                               ("BAC", None, "meeting_table"): (0, "entered"), ("HRC", None, "sofa"): (2, "entered")}
    service.set_need(bac.id, "desk", 7, floor_id=floor.id)  # changing, not adding
    assert Need.select().count() == 4
    service.clear_need(bac.id, "meeting_table")
    assert _needs(service)[("BAC", None, "meeting_table")] == (3, "norm")


def test_bad_needs_and_norms_are_refused_and_nothing_is_written(centres):
    bac, _hrc = centres
    service = NeedService()
    with pytest.raises(NeedError, match="ikke en kendt kategori"):
        service.set_need(bac.id, "spaceship", 1)
    with pytest.raises(NeedError, match="helt tal på 0 eller mere"):
        service.set_need(bac.id, "desk", -1)
    with pytest.raises(NeedError, match="centret findes ikke"):
        service.set_need(9999, "desk", 1)
    with pytest.raises(NeedError, match="pr. arbejdspladser mindst 1"):
        service.save_norm([NormLine("desk", 1, 0)])
    with pytest.raises(NeedError, match="to gange"):
        service.save_norm([NormLine("desk", 1, 1), NormLine("desk", 2, 1)])
    assert Need.select().count() == 0
    assert FurnishingNorm.select().count() == 0
