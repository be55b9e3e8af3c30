"""The item table model (the view's own model, no proxy), without a window, checked by pytest-qt's model tester."""

from PySide6.QtCore import Qt

from inventar.domain.items import ItemData
from inventar.services.items.service import ItemService
from inventar.ui.items.table_model import Column, ItemTableModel
from inventar.ui.roles import ID_ROLE


def test_model_passes_the_model_tester(qtmodeltester, demo_store):
    model = ItemTableModel(ItemService())
    model.reload()
    qtmodeltester.check(model, force_py=True)  # the tester stays connected and checks every change below
    model.set_filter_text("stol")
    model.set_filter_text("stol eg")
    model.sort(Column.TITLE, Qt.SortOrder.DescendingOrder)
    model.set_filter_text("")
    model.set_filter_text("sort")
    model.sort(Column.QUANTITY, Qt.SortOrder.AscendingOrder)
    model.reload()


def test_items_are_found_by_id_after_filtering_and_sorting(demo_store):
    model = ItemTableModel(ItemService())
    model.reload()
    model.sort(Column.TITLE, Qt.SortOrder.DescendingOrder)
    model.set_filter_text("stol")
    for row in (0, model.rowCount() // 2, model.rowCount() - 1):
        item_id = model.item_id(model.index(row, Column.TITLE))
        assert model.index_of_item(item_id).row() == row
        assert model.index(row, 0).data(ID_ROLE) == item_id
    hidden = next(r.id for r in model._all if "stol" not in r.search_text)
    assert not model.index_of_item(hidden).isValid()
    assert model.item_id(model.index(-1, 0)) is None


def test_search_matches_every_word_in_any_column(store):
    service = ItemService()
    service.create(ItemData(category="chair", title="Syveren", colour="Sort", material="Bøg"))
    service.create(ItemData(category="chair", title="Myren", colour="Rød", material="Bøg"))
    service.create(ItemData(category="desk", title="Hæve-sænkebord", colour="Sort"))
    model = ItemTableModel(service)
    model.reload()

    def titles():
        return sorted(model.index(r, Column.TITLE).data() for r in range(model.rowCount()))

    model.set_filter_text("SORT")
    assert titles() == ["Hæve-sænkebord", "Syveren"]
    model.set_filter_text("sort stol")  # category name is searchable too
    assert titles() == ["Syveren"]
    model.set_filter_text("sort sto")  # widening again after narrowing
    assert titles() == ["Syveren"]
    model.set_filter_text("bøg")
    assert titles() == ["Myren", "Syveren"]
    model.set_filter_text("")
    assert model.rowCount() == 3


def test_sorting_by_column_keeps_ids_attached(store):
    service = ItemService()
    for quantity in (5, 40, 1):
        service.create(ItemData(category="chair", quantity=quantity, title=f"Stol {quantity}"))
    model = ItemTableModel(service)
    model.reload()
    model.sort(Column.QUANTITY, Qt.SortOrder.DescendingOrder)
    quantities = [model.index(r, Column.QUANTITY).data() for r in range(3)]
    assert quantities == [40, 5, 1]
    for r in range(3):
        item_id = model.index(r, 0).data(ID_ROLE)
        assert service.get(item_id).data.quantity == quantities[r]
