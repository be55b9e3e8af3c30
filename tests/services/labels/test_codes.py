"""Label codes in the database: series, allocation, pre-printed codes, scans, printed flags, templates."""

import pytest

from inventar.domain.items import ItemData
from inventar.domain.labels.codes import is_valid, make_code, parse_code
from inventar.domain.labels.templates import BUILTIN_TEMPLATES, LabelTemplate
from inventar.models import Item, Meta, open_store
from inventar.models.entities import LabelSeries, ReservedCode
from inventar.services.demo.data import create_demo
from inventar.services.items.service import ItemService
from inventar.services.labels.codes import LabelCodeService, LabelCodeTaken
from inventar.services.labels.templates import LabelTemplateService, UnknownTemplate
from inventar.services.photos.store import PhotoStore


def new_item(title="Syveren"):
    return ItemService(user="test").create(ItemData(category="chair", title=title))


def test_a_database_claims_one_series_and_hands_out_fresh_valid_codes(store):
    service = LabelCodeService(user="test")
    prefix = service.series_prefix()
    assert Meta.get_by_id("label_prefix").value == prefix == service.series_prefix()
    first = service.allocate(3)
    second = service.allocate(2)
    assert len(set(first + second)) == 5
    assert all(is_valid(code) and parse_code(code).prefix == prefix for code in first + second)
    assert [parse_code(c).serial for c in first + second] == [1, 2, 3, 4, 5]
    assert LabelSeries.get_by_id(prefix).next_serial == 6


def test_allocation_skips_codes_already_used(store):
    service = LabelCodeService(user="test")
    service.set_series_prefix("KB")
    item = new_item()
    Item.update(label_code=make_code("KB", 2)).where(Item.id == item).execute()  # e.g. imported from a bundle
    assert service.allocate(3) == [make_code("KB", 1), make_code("KB", 3), make_code("KB", 4)]


def test_two_databases_with_claimed_series_never_collide(tmp_path):
    """The offline-bundle rule: each laptop works in a series claimed in the shared database."""
    shared = open_store(tmp_path / "shared.sqlite")
    service = LabelCodeService(user="server")
    laptop_prefixes = [service.claim_series(f"laptop-{n}") for n in range(3)]
    shared.close()
    assert len(set(laptop_prefixes)) == 3
    codes = set()
    for n, prefix in enumerate(laptop_prefixes):
        laptop = open_store(tmp_path / f"laptop-{n}.sqlite")
        LabelCodeService(user=f"laptop-{n}").set_series_prefix(prefix)
        made = LabelCodeService().allocate(50)
        assert not codes & set(made)
        codes |= set(made)
        laptop.close()
    assert len(codes) == 150


def test_claiming_a_taken_or_malformed_prefix_is_refused(store):
    service = LabelCodeService(user="test")
    service.claim_series("a", "KB")
    with pytest.raises(ValueError, match="allerede taget"):
        service.claim_series("b", "KB")
    with pytest.raises(ValueError, match="gyldigt"):
        service.claim_series("b", "IO")


def test_label_rows_assign_missing_codes_and_follow_the_printed_flag(store):
    service = LabelCodeService(user="test")
    ids = [new_item(f"Stol {n}") for n in range(4)]
    rows = service.label_rows()
    assert [r.item_id for r in rows] == ids
    assert all(is_valid(r.code) for r in rows)
    assert {i.label_code for i in Item.select()} == {r.code for r in rows}
    assert service.label_rows() == rows  # codes are kept, not made anew
    service.mark_printed(rows[:3])
    assert [r.item_id for r in service.label_rows(only_unprinted=True)] == ids[3:]
    assert service.unprinted_count() == 1


def test_pre_printed_code_goes_to_exactly_one_item(store):
    service = LabelCodeService(user="test")
    batch = service.reserve_batch(3)
    assert ReservedCode.select().count() == 3 and all(label.item_id is None for label in batch)
    service.mark_printed(batch)
    code = batch[0].code
    assert service.resolve(code.lower().replace("-", "+")).kind == "reserved"
    first, second = new_item(), new_item()
    assert service.take_code(code, first) == code
    item = Item.get_by_id(first)
    assert item.label_code == code and item.label_printed_at is not None  # the pre-printed label counts
    assert ReservedCode.get(ReservedCode.code == code).item_id == first
    with pytest.raises(LabelCodeTaken):
        service.take_code(code, second)
    assert Item.get_by_id(second).label_code is None
    assert service.resolve(code).kind == "item" and service.resolve(code).item_id == first
    assert service.free_reserved_count() == 2


def test_resolve_tells_items_free_codes_unknown_and_invalid_apart(store):
    service = LabelCodeService(user="test")
    service.set_series_prefix("KB")
    item = new_item()
    Item.update(label_code="HTK-00017").where(Item.id == item).execute()  # a code from before this scheme
    assert service.resolve("HTK-00017").item_id == item
    assert service.resolve(make_code("KB", 999)).kind == "unknown"
    wrong = make_code("KB", 998)[:-1] + ("A" if make_code("KB", 998)[-1] != "A" else "B")
    result = service.resolve(wrong)
    assert result.kind == "invalid" and "kontroltegnet" in result.message
    assert service.resolve("hello").kind == "invalid"
    ItemService(user="test").delete(item)
    reserved = service.reserve_batch(1)[0].code
    other = new_item()
    service.take_code(reserved, other)
    ItemService(user="test").delete(other)
    assert service.resolve(reserved).kind == "used"


def test_demo_items_get_label_codes_and_a_pre_printed_batch(store):
    create_demo(PhotoStore(store.photo_dir), items=30, seed=3)
    codes = [i.label_code for i in Item.select()]
    assert len(set(codes)) == 30 and all(is_valid(c) for c in codes)
    assert 0 < Item.select().where(Item.label_printed_at.is_null()).count() < 30
    assert LabelCodeService().free_reserved_count() >= 5


def test_user_templates_and_calibration_are_saved(store):
    service = LabelTemplateService()
    assert [t.name for t in service.templates()][:5] == list(BUILTIN_TEMPLATES)
    assert service.get("4x10").name == "A4 4x10 48,5x25,4 mm"
    assert service.get("62mm").roll
    assert service.get(None).name == "A4 3x7 70x42,3 mm"
    with pytest.raises(UnknownTemplate):
        service.get("5x13")
    builtin = BUILTIN_TEMPLATES["A4 3x8 70x37 mm"]
    service.save(LabelTemplate(builtin.name, 1, 1, 99, 99, 0, 0, 99, 99, offset_x=1.5, offset_y=-0.5))
    calibrated = service.get("3x8")
    assert (calibrated.columns, calibrated.label_width, calibrated.offset_x, calibrated.offset_y) == (3, 70, 1.5, -0.5)
    own = LabelTemplate("Avery L7160", 3, 7, 63.5, 38.1, 7.2, 15.1, 66.0, 38.1)
    service.save(own)
    assert service.get("Avery L7160") == own
    with pytest.raises(ValueError):
        service.save(LabelTemplate("Forkert", 3, 7, 80, 42.3, 0, 0, 80, 42.3))
    service.delete(builtin.name)
    assert service.get("3x8") == builtin


@pytest.mark.postgres
def test_codes_and_pre_printed_labels_on_postgresql(pg_url):
    store = open_store(pg_url)
    try:
        service = LabelCodeService(user="pg")
        first = service.allocate(3)
        batch = service.reserve_batch(2)
        service.mark_printed(batch)
        item = new_item()
        service.take_code(batch[0].code, item)
        assert len(set(first) | {b.code for b in batch}) == 5
        assert service.resolve(batch[0].code).item_id == item
        assert service.resolve(batch[1].code).kind == "reserved"
        assert [r.code for r in service.label_rows(only_unprinted=True)] == []  # the pre-printed label counts
        LabelTemplateService().save(LabelTemplate("PG", 1, 1, 62, 29, 0, 0, 62, 29, 62, 29, roll=True))
        assert LabelTemplateService().get("PG").roll
    finally:
        store.close()


@pytest.mark.postgres
def test_laptops_sharing_postgresql_never_get_the_same_code(pg_url):
    """Four laptops (threads, each with its own connection) take codes at the same time."""
    import threading

    store = open_store(pg_url)
    LabelCodeService(user="server").series_prefix()
    results, errors = [], []

    def laptop():
        try:
            with store.db.connection_context():
                for _ in range(10):
                    results.extend(LabelCodeService(user="laptop").allocate(5))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=laptop) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store.close()
    assert not errors
    assert len(results) == 200 and len(set(results)) == 200


def test_a_series_near_its_end_refuses_more_codes_than_it_has_and_keeps_its_place(store):
    from inventar.domain.labels.codes import MAX_SERIAL
    from inventar.services.labels.codes import LabelSeriesError

    service = LabelCodeService(user="test")
    prefix = service.series_prefix()
    LabelSeries.update(next_serial=MAX_SERIAL - 1).where(LabelSeries.prefix == prefix).execute()
    with pytest.raises(LabelSeriesError, match="har kun 2 koder tilbage, og der skal bruges 3"):
        service.reserve_batch(3)
    assert LabelSeries.get_by_id(prefix).next_serial == MAX_SERIAL - 1 and ReservedCode.select().count() == 0
    assert [parse_code(label.code).serial for label in service.reserve_batch(2)] == [MAX_SERIAL - 1, MAX_SERIAL]
